import FacteurModel
import FacteurXML

/// How the official rules' XPath sees values, so that the checks treat absent, empty and odd values
/// exactly as the artefacts do. The UBL and CII rule sets differ here: UBL mostly compares the
/// string value (`(x) != ''`), CII mostly its normalised form (`normalize-space(x) != ''`).
enum XPath {
    /// `(x) != ''`: the term is present and its string value is not empty (white space counts).
    static func hasValue(_ value: String?) -> Bool {
        guard let value else { return false }
        return !value.isEmpty
    }

    /// `normalize-space(x) != ''`: the term is present and holds more than white space.
    static func hasNormalizedValue(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.contains { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n") }
    }

    /// `normalize-space(x)`: white space trimmed and each inner run collapsed to one space.
    static func normalizeSpace(_ value: String) -> String {
        // Most values are normalised already (no white space but single inner spaces): keep them.
        var previousSpace = true
        var clean = true
        for byte in value.utf8 {
            if byte == 0x09 || byte == 0x0A || byte == 0x0D || (byte == 0x20 && previousSpace) { clean = false; break }
            previousSpace = byte == 0x20
        }
        if clean, !previousSpace || value.isEmpty { return value }
        return value.normalizedXMLSpace()
    }

    /// `cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'` on a UBL tax category or party tax
    /// scheme: one of its tax schemes has the (first) identifier VAT, in any case.
    static func hasVATScheme(_ element: XMLNode) -> Bool {
        for scheme in element.childElements where scheme.hasLocalName("TaxScheme") && scheme.isInNamespace(TreePrefix.cac.uri) {
            // `cbc:ID` of the scheme: its first one.
            for id in scheme.childElements where id.hasLocalName("ID") && id.isInNamespace(TreePrefix.cbc.uri) {
                if id.withStringValueBytes({ VATSchemeName.matches($0, normalizingSpace: true) }) { return true }
                break
            }
        }
        return false
    }

    /// The presence test of the syntax's rule set: `(x) != ''` in UBL, `normalize-space(x) != ''` in CII.
    static func present(_ value: String?, in syntax: Syntax) -> Bool {
        syntax.isUBL ? hasValue(value) : hasNormalizedValue(value)
    }

    /// `string-length(substring-after(x, '.'))`: characters after the first '.', as written
    /// (trailing white space included); 0 when absent or without a point.
    static func decimals(_ lexical: String?) -> Int {
        guard var lexical else { return 0 }
        return lexical.withUTF8(decimals(in:))
    }

    /// `string-length(substring-after(., '.'))` of an element, read off its bytes: the characters
    /// (not bytes) after the first '.'.
    static func decimals(of node: XMLNode) -> Int {
        node.withStringValueBytes(decimals(in:))
    }

    /// The characters (not bytes) after the first '.' of a UTF-8 value: every byte that does not
    /// continue a UTF-8 sequence.
    private static func decimals(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let point = bytes.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        return bytes[(point + 1)...].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// `round(x * 10 * 10) div 100`: two decimals, halves towards positive infinity.
    static func round2(_ value: ExactDecimal) -> ExactDecimal {
        value.roundedXPath(places: 2)
    }

    /// The effective boolean value of `xs:decimal(x)`: false when absent or zero.
    static func isNonZero(_ amount: Amount?) -> Bool {
        guard let value = amount?.value else { return false }
        return !value.isZero
    }

    /// `x castable as xs:boolean`, and its value: `true`/`1` or `false`/`0`, white space collapsed.
    static func boolean(_ lexical: String?) -> Bool? {
        guard var lexical else { return nil }
        // On the bytes: white space trimmed, then exactly one of four ASCII words.
        return lexical.withUTF8 { bytes -> Bool? in
            let word = XMLSpace.trimmed(bytes)
            if word.elementsEqual("true".utf8) || word.elementsEqual("1".utf8) { return true }
            if word.elementsEqual("false".utf8) || word.elementsEqual("0".utf8) { return false }
            return nil
        }
    }

    /// The sum of the values (`sum(...)`) of the amounts present; `nil` when one of them is not a
    /// decimal (the official rule stops on a cast error there) or on overflow.
    static func sum(_ amounts: [Amount?]) -> ExactDecimal? {
        var total = ExactDecimal.zero
        for amount in amounts {
            guard let amount else { continue }
            guard let value = amount.value, let next = total.adding(value) else { return nil }
            total = next
        }
        return total
    }

    /// How an amount reads in a message: as written, or "absent".
    static func show(_ amount: Amount?) -> String {
        amount.map { $0.lexical.isEmpty ? "empty" : $0.lexical } ?? "absent"
    }
}

extension AllowanceChargeTerms {
    /// Whether the official rule contexts for allowances (`false`) or charges (`true`) select this
    /// group: UBL's `[cbc:ChargeIndicator = false()]` casts to `xs:boolean`, CII's
    /// `ChargeIndicator[udt:Indicator = 'false']` compares the string exactly.
    func isSelected(asCharge charge: Bool, in syntax: Syntax) -> Bool {
        if syntax.isUBL { return XPath.boolean(chargeIndicator) == charge }
        return chargeIndicator == (charge ? "true" : "false")
    }

    /// Whether the official sums (BR-CO-11, BR-CO-12) count this group; both syntaxes cast to `xs:boolean`.
    func isSummed(asCharge charge: Bool) -> Bool {
        XPath.boolean(chargeIndicator) == charge
    }
}
