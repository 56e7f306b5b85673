import FacteurModel
@testable import FacteurRules
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// What the French rules' XPath does with values and places the rule cases do not try, read off the
/// published rules: contexts written without their root, code point comparisons, Unicode digits.
@Suite("French rules: XPath semantics")
struct FrenchRuleSemanticsTests {
    /// The BR-FR firings on a French base invoice after `edits` (each replacing the first occurrence
    /// of its text; a missing text fails the test).
    static func firings(_ base: String, _ edits: [(String, String)]) throws -> [String: Int] {
        let url = SharedFiles.fr.appendingPathComponent(base.contains("/") ? base : "ubl/BASE/" + base)
        return try EditedFixture.firings(of: url, edits) { invoice, tree in FrenchValidator().validate(invoice, tree: tree) }
    }

    @Test func theBaseInvoiceIsSilent() throws {
        #expect(try Self.firings("BASE__ubl-inv-a.xml", []) == [:])
    }

    /// BR-FR-15's context `cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory` has no root: a tax total
    /// inside a line (UBL 2.1 allows one) is read too.
    @Test func aContextWithoutRootIsReadAtAnyDepth() throws {
        let lineTaxTotal = """
            <cbc:LineExtensionAmount currencyID="EUR">1000.00</cbc:LineExtensionAmount>
            <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">0</cbc:TaxAmount><cac:TaxSubtotal>\
            <cbc:TaxableAmount currencyID="EUR">0</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">0</cbc:TaxAmount>\
            <cac:TaxCategory><cbc:ID>M</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>\
            </cac:TaxSubtotal></cac:TaxTotal>
            """
        let fired = try Self.firings("BASE__ubl-inv-a.xml", [("<cbc:LineExtensionAmount currencyID=\"EUR\">1000.00</cbc:LineExtensionAmount>", lineTaxTotal)])
        #expect(fired == ["BR-FR-15_BT-118-1": 1, "BR-FR-15_BT-118-2": 1])
    }

    /// `$code = ('S', 'E', 'AE', 'K', ...)` compares code points: the Kelvin sign, which Swift's
    /// `==` takes for a K, is no VAT category.
    @Test func codesAreComparedCodePointByCodePoint() throws {
        #expect("\u{212A}" == "K")
        let fired = try Self.firings("BASE__ubl-inv-a.xml", [("<cbc:ID>S</cbc:ID>\n        <cbc:Percent>20</cbc:Percent>", "<cbc:ID>\u{212A}</cbc:ID>\n        <cbc:Percent>20</cbc:Percent>")])
        #expect(fired["BR-FR-15_BT-118-1", default: 0] + fired["BR-FR-15_BT-95_BT-102-1", default: 0] + fired["BR-FR-15_BT-151-1", default: 0] == 1)
    }

    /// `\d` is any Unicode decimal digit: a SIREN in Arabic-Indic digits is nine digits to BR-FR-10
    /// and BR-FR-32, but the SIRET (in ASCII digits) no longer begins with it (BR-FR-09).
    @Test func unicodeDigitsAreDigits() throws {
        let fired = try Self.firings("BASE__ubl-inv-a.xml", [("<cbc:CompanyID schemeID=\"0002\">732829320</cbc:CompanyID>",
                                                              "<cbc:CompanyID schemeID=\"0002\">٧٣٢٨٢٩٣٢٠</cbc:CompanyID>")])
        #expect(fired == ["BR-FR-09_BT-29": 1])
    }

    /// BR-FR-DEC's `custom:is-valid-decimal-19-N` and `custom:is-valid-percent-4-2-positive`,
    /// against their pattern and length test run through ICU.
    @Test func numberFormatsAgreeWithThePatterns() throws {
        let values = ["0", "-0", "12", "12.5", "12.50", "12.505", "12.5050", "12.50505", "12.505050", "12.5050505", ".5", "5.", "+5", "--5",
                      "1234567890123456789", "12345678901234567890", "-1234567890123456789", "123456789012345678.9", "1234567890123456789.1",
                      "100", "100.5", "1000.5", "99.99", "9999", "10000", "٣.٥", "1e3", "1 000", "", "20.000"]
        let cases: [(FrenchAssertions.NumberFormat, String, Int)] = [(.amount, #"^[-]?\d{1,19}(\.\d{1,2})?$"#, 19), (.quantity, #"^[-]?\d{1,19}(\.\d{1,4})?$"#, 19),
                                                                     (.unitPrice, #"^[-]?\d{1,19}(\.\d{1,6})?$"#, 19), (.rate, #"^\d{1,4}(\.\d{1,2})?$"#, 4)]
        for (format, pattern, length) in cases {
            let regex = try NSRegularExpression(pattern: pattern)
            for value in values {
                let matches = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                let official = matches && value.replacingOccurrences(of: ".", with: "").unicodeScalars.count <= length
                #expect(FrenchAssertions.isNumber(value, format, signed: format != .rate) == official, "\(format) \(value.debugDescription)")
                let bytes = Array(value.utf8)
                if bytes.allSatisfy({ $0 < 0x80 }), !value.isEmpty {
                    let fast = bytes.withUnsafeBufferPointer { FrenchAssertions.isASCIINumber($0, format, signed: format != .rate, emptyPasses: false) }
                    #expect(fast == official, "ASCII \(format) \(value.debugDescription)")
                }
            }
        }
    }

    /// BR-FR-MV-05's tolerance, `abs(number(G) - sum(children)) le 0.01 * n`, is XPath arithmetic on
    /// doubles: children of 0.10 and 0.20 sum to 0.30000000000000004, so a GROUP amount of 0.28 is
    /// 0.020000000000000018 away (over the 0.02 of two children) and 0.32 is 0.019999999999999962
    /// away (within it), though both are 0.02 away in decimals.
    @Test func groupTolerancesAreComputedAsXPathDoes() throws {
        let base = "ubl/BR-FR-MV-05/BR-FR-MV-05_EXT-FR-FE-BG-12__ubl-inv-a__tolerance.xml"
        func fired(group: String) throws -> Int {
            try Self.firings(base, [
                ("<cbc:LineExtensionAmount currencyID=\"EUR\">1500.02</cbc:LineExtensionAmount>", "<cbc:LineExtensionAmount currencyID=\"EUR\">\(group)</cbc:LineExtensionAmount>"),
                ("<cbc:LineExtensionAmount currencyID=\"EUR\">1000.00</cbc:LineExtensionAmount>", "<cbc:LineExtensionAmount currencyID=\"EUR\">0.10</cbc:LineExtensionAmount>"),
                ("<cbc:LineExtensionAmount currencyID=\"EUR\">500.00</cbc:LineExtensionAmount>", "<cbc:LineExtensionAmount currencyID=\"EUR\">0.20</cbc:LineExtensionAmount>"),
            ])["BR-FR-MV-05_EXT-FR-FE-BG-12", default: 0]
        }
        #expect(try Self.firings(base, [])["BR-FR-MV-05_EXT-FR-FE-BG-12", default: 0] == 0)
        #expect(try fired(group: "0.28") == 1)
        #expect(try fired(group: "0.32") == 0)
        #expect(try fired(group: "0.35") == 1)
    }

    /// `number(x)`: the `xs:double` lexical forms, white space trimmed; NaN otherwise.
    @Test func xpathNumbers() {
        #expect(XPathDouble.number(" 12.50 ") == 12.5)
        #expect(XPathDouble.number("-1E2") == -100)
        #expect(XPathDouble.number("INF") == .infinity)
        #expect(XPathDouble.number("1,5").isNaN)
        #expect(XPathDouble.number("").isNaN)
        #expect(XPathDouble.number(nil).isNaN)
        #expect(XPathDouble.number("inf").isNaN)
    }
}
