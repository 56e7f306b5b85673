import FacteurModel
import FacteurXML

/// A closed list of codes, looked up on a value's UTF-8 bytes and compared byte for byte, as XPath
/// compares strings (code point by code point: Swift's `==` would take the Kelvin sign for a `K`, a
/// VAT category). Codes of up to eight bytes, nearly all of them, are packed into an integer and
/// found in a small open-addressing table: no string is built and none is hashed. The code lists
/// are checked for some seventy values of every invoice.
public struct CodeSet: Sendable {
    /// The codes, as written in the list.
    public let codes: Set<String>
    /// The packed codes of up to eight bytes, 0 for an empty slot (no code is empty).
    private let table: [UInt64]
    private let shift: UInt64
    /// The longer codes (MIME types, VATEX codes), as bytes.
    private let long: Set<[UInt8]>

    public init(_ codes: some Sequence<String>) {
        let codes = Set(codes)
        self.codes = codes
        var packed: [UInt64] = [], long: Set<[UInt8]> = []
        for code in codes {
            let bytes = Array(code.utf8)
            if let key = bytes.withUnsafeBufferPointer(CodeSet.packed) { packed.append(key) } else { long.insert(bytes) }
        }
        var bits: UInt64 = 3
        while 1 << bits < 2 * packed.count { bits += 1 }
        var table = [UInt64](repeating: 0, count: 1 << bits)
        for key in packed {
            var slot = CodeSet.slot(key, shift: 64 - bits)
            while table[slot] != 0 { slot = (slot + 1) & (table.count - 1) }
            table[slot] = key
        }
        self.table = table
        shift = 64 - bits
        self.long = long
    }

    /// The bytes packed into an integer, `nil` when empty or longer than eight.
    private static func packed(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 8 else { return nil }
        var key: UInt64 = 0
        for (index, byte) in bytes.enumerated() { key |= UInt64(byte) << UInt64(8 * index) }
        return key
    }

    private static func slot(_ key: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Whether the bytes are exactly one of the codes.
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let key = CodeSet.packed(bytes) else { return bytes.count > 8 && long.contains(Array(bytes)) }
        var slot = CodeSet.slot(key, shift: shift)
        while true {
            let found = table[slot]
            if found == key { return true }
            if found == 0 { return false }
            slot = (slot + 1) & (table.count - 1)
        }
    }

    public func contains(_ code: String) -> Bool {
        var code = code
        return code.withUTF8 { contains($0) }
    }

    /// The official membership test on bytes: the value, white space normalised, is one token of
    /// the list (an empty value, or one with inner white space, is not).
    public func containsToken(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let token = XMLSpace.trimmed(bytes)
        return !token.contains(where: XMLSpace.contains) && contains(token)
    }

    public func union(_ other: CodeSet) -> CodeSet {
        CodeSet(codes.union(other.codes))
    }
}

/// The official code lists, parsed once from their tables (`CodeLists+EN16931.swift`).
public enum CodeLists {
    static func set(_ table: String) -> CodeSet {
        CodeSet(table.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    public static let invoiceTypes = set(invoiceTypesTable)
    public static let creditNoteTypes = set(creditNoteTypesTable)
    public static let currencies = set(currenciesTable)
    public static let vatPointDateCodes = set(vatPointDateCodesTable)
    public static let objectSchemes = set(objectSchemesTable)
    public static let noteSubjects = set(noteSubjectsTable)
    public static let icd = set(icdTable)
    public static let itemClassifications = set(itemClassificationsTable)
    public static let countries = set(countriesTable)
    public static let paymentMeans = set(paymentMeansTable)
    public static let vatCategories = set(vatCategoriesTable)
    public static let allowanceReasons = set(allowanceReasonsTable)
    public static let chargeReasons = set(chargeReasonsTable)
    public static let vatex = set(vatexTable)
    public static let units = set(unitsTable)
    public static let mimeCodes = set(mimeCodesTable)
    public static let eas = set(easTable)
    /// BR-CL-01 in CII: one type code for invoices and credit notes, from either list.
    public static let documentTypes = invoiceTypes.union(creditNoteTypes)
    /// BR-CL-06 in CII: the VAT point date codes of UNTDID 2475 EN 16931 uses (invoice date,
    /// delivery date, payment date).
    public static let ciiVATPointDateCodes = CodeSet(["5", "29", "72"])

    /// The official membership test: the value, white space normalised, is one token of the list
    /// (an empty value, or one with inner spaces, is not).
    static func contains(_ list: CodeSet, _ value: String?) -> Bool {
        guard var value else { return false }
        return value.withUTF8 { list.containsToken($0) }
    }
}

/// The code list rules (BR-CL-*): coded values belong to their official lists. They speak of every
/// element of a given name wherever it stands (a tax representative's party identifier included), so
/// they are checked on the parsed tree, in one walk.
enum CodeListRules {
    static let ubl: Set<String> = [
        "BR-CL-01", "BR-CL-03", "BR-CL-04", "BR-CL-05", "BR-CL-06", "BR-CL-07", "BR-CL-08", "BR-CL-10", "BR-CL-11",
        "BR-CL-13", "BR-CL-14", "BR-CL-15", "BR-CL-16", "BR-CL-17", "BR-CL-18", "BR-CL-19", "BR-CL-20", "BR-CL-21",
        "BR-CL-22", "BR-CL-23", "BR-CL-24", "BR-CL-25", "BR-CL-26",
    ]
    static let cii: Set<String> = ubl

    private static let cac: StaticString = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    private static let cbc: StaticString = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

    private static let amountNames: [StaticString] = [
        "Amount", "BaseAmount", "PriceAmount", "TaxAmount", "TaxableAmount", "LineExtensionAmount", "TaxExclusiveAmount",
        "TaxInclusiveAmount", "AllowanceTotalAmount", "ChargeTotalAmount", "PrepaidAmount", "PayableRoundingAmount",
        "PayableAmount",
    ]

    /// - Parameter ubl: for a UBL invoice, the elements the UBL syntax walk found for the code lists.
    static func check(_ invoice: Invoice, tree root: XMLNode, ubl: UBLTreeIndex, into out: inout FindingCollector) {
        guard invoice.syntax.isUBL else {
            walkCII(root, into: &out)
            return
        }
        for note in root.childElements where note.isInNamespace(cbc) && note.hasLocalName("Note") {
            guard let subject = noteSubject(note.stringValue) else { continue }
            out.require(CodeLists.noteSubjects.contains(subject), "BR-CL-08", term: "BT-21", at: note.location,
                        "the invoice note subject code (BT-21) is '\(subject)': not a code of \(listName("BR-CL-08"))")
        }
        for node in ubl.codeListElements { checkBasic(node, into: &out) }
    }

    private static func parentIs(_ node: XMLNode, _ local: StaticString) -> XMLNode? {
        guard let parent = node.parentElement, parent.isInNamespace(cac), parent.hasLocalName(local) else { return nil }
        return parent
    }

    /// BR-CL-19/20: a reason code of an allowance (UNTDID 5189) or of a charge (UNTDID 7161), as its
    /// charge indicator says; neither when the indicator is not a boolean.
    private static func checkReasonCode(_ node: XMLNode, charge: Bool?, into out: inout FindingCollector) {
        switch charge {
        case true?:
            checkValue("BR-CL-20", "BT-105", CodeLists.chargeReasons, node, "the charge reason code", into: &out)
        case false?:
            checkValue("BR-CL-19", "BT-98", CodeLists.allowanceReasons, node, "the allowance reason code", into: &out)
        case nil:
            break
        }
    }

    /// `what` names the value in the message, built only for a finding.
    private static func check(_ rule: String, _ term: String, _ list: CodeSet, _ value: String?, _ node: XMLNode,
                              _ what: @autoclosure () -> String, into out: inout FindingCollector) {
        guard !CodeLists.contains(list, value) else { return }
        notACode(rule, term, value ?? "", node, what(), into: &out)
    }

    /// `check` of the element's own value, read on its bytes: a string is built for a finding only.
    private static func checkValue(_ rule: String, _ term: String, _ list: CodeSet, _ node: XMLNode,
                                   _ what: @autoclosure () -> String, into out: inout FindingCollector) {
        guard !node.withStringValueBytes({ list.containsToken($0) }) else { return }
        notACode(rule, term, node.stringValue, node, what(), into: &out)
    }

    private static func notACode(_ rule: String, _ term: String, _ value: String, _ node: XMLNode, _ what: String,
                                 into out: inout FindingCollector) {
        out.fail(rule, term: term, at: node.location, "\(what) is '\(value)': not a code of \(listName(rule))")
    }

    /// First letters of the names checked here: every other element is passed over at once (the UBL
    /// syntax walk gathers the `cbc` elements that start so).
    static let checkedInitials: [Bool] = {
        var initials = [Bool](repeating: false, count: 256)
        for (name, _) in ublCodedNames { initials[Int(name.utf8Start.pointee)] = true }
        return initials
    }()

    /// The `cbc` names `checkBasic` checks, and what each is.
    private enum UBLCoded: Sendable {
        case invoiceType, creditNoteType, amount, documentCurrency, taxCurrency, vatPointDateCode, identifier, legalRegistration
        case itemClassification, countryCode, paymentMeans, allowanceChargeReason, exemptionReason, quantity, attachment, endpoint
    }

    private static let ublCoded = NameTable<UBLCoded>(ublCodedNames)

    private static let ublCodedNames: [(name: StaticString, value: UBLCoded)] = [
        ("InvoiceTypeCode", .invoiceType), ("CreditNoteTypeCode", .creditNoteType), ("DocumentCurrencyCode", .documentCurrency),
        ("TaxCurrencyCode", .taxCurrency), ("DescriptionCode", .vatPointDateCode), ("ID", .identifier), ("CompanyID", .legalRegistration),
        ("ItemClassificationCode", .itemClassification), ("IdentificationCode", .countryCode), ("PaymentMeansCode", .paymentMeans),
        ("AllowanceChargeReasonCode", .allowanceChargeReason), ("TaxExemptionReasonCode", .exemptionReason),
        ("InvoicedQuantity", .quantity), ("CreditedQuantity", .quantity), ("BaseQuantity", .quantity),
        ("EmbeddedDocumentBinaryObject", .attachment), ("EndpointID", .endpoint),
    ] + amountNames.map { ($0, .amount) }

    private static func checkBasic(_ node: XMLNode, into out: inout FindingCollector) {
        guard let coded = ublCoded[node] else { return }
        switch coded {
        case .invoiceType:
            checkValue("BR-CL-01", "BT-3", CodeLists.invoiceTypes, node, "the invoice type code (BT-3)", into: &out)
        case .creditNoteType:
            checkValue("BR-CL-01", "BT-3", CodeLists.creditNoteTypes, node, "the credit note type code (BT-3)", into: &out)
        case .amount:
            check("BR-CL-03", "BT-5", CodeLists.currencies, node.attribute("currencyID") ?? "", node,
                  "the currency (currencyID) of amount \(node.stringValue)", into: &out)
        case .documentCurrency:
            checkValue("BR-CL-04", "BT-5", CodeLists.currencies, node, "the invoice currency code (BT-5)", into: &out)
        case .taxCurrency:
            checkValue("BR-CL-05", "BT-6", CodeLists.currencies, node, "the VAT accounting currency code (BT-6)", into: &out)
        case .vatPointDateCode:
            guard parentIs(node, "InvoicePeriod") != nil else { return }
            checkValue("BR-CL-06", "BT-8", CodeLists.vatPointDateCodes, node, "the VAT point date code (BT-8)", into: &out)
        case .identifier:
            checkIdentifier(node, into: &out)
        case .legalRegistration:
            guard let scheme = node.attribute("schemeID"), parentIs(node, "PartyLegalEntity") != nil else { return }
            check("BR-CL-11", "BT-30", CodeLists.icd, scheme, node, "the scheme of legal registration identifier \(node.stringValue)", into: &out)
        case .itemClassification:
            guard let scheme = node.attribute("listID"), parentIs(node, "CommodityClassification") != nil else { return }
            check("BR-CL-13", "BT-158", CodeLists.itemClassifications, scheme, node,
                  "the scheme of item classification \(node.stringValue)", into: &out)
        case .countryCode:
            if parentIs(node, "Country") != nil {
                checkValue("BR-CL-14", "BT-40", CodeLists.countries, node, "the country code", into: &out)
            } else if parentIs(node, "OriginCountry") != nil {
                checkValue("BR-CL-15", "BT-159", CodeLists.countries, node, "the item country of origin (BT-159)", into: &out)
            }
        case .paymentMeans:
            guard parentIs(node, "PaymentMeans") != nil else { return }
            checkValue("BR-CL-16", "BT-81", CodeLists.paymentMeans, node, "the payment means type code (BT-81)", into: &out)
        case .allowanceChargeReason:
            guard let group = parentIs(node, "AllowanceCharge") else { return }
            let indicator = group.childElements.first { $0.isInNamespace(cbc) && $0.hasLocalName("ChargeIndicator") }
            checkReasonCode(node, charge: XPath.boolean(indicator?.stringValue), into: &out)
        case .exemptionReason:
            // VATEX codes are compared in upper case (the official examples write them in lower case).
            check("BR-CL-22", "BT-121", CodeLists.vatex, node.stringValue.uppercased(), node, "the VAT exemption reason code (BT-121)", into: &out)
        case .quantity:
            guard let unit = node.attribute("unitCode") else { return }
            check("BR-CL-23", "BT-130", CodeLists.units, unit, node, "the unit of measure code", into: &out)
        case .attachment:
            let mime = node.attribute("mimeCode")
            if !(mime.map { CodeLists.mimeCodes.contains($0) } ?? false) {
                out.fail("BR-CL-24", term: "BT-125", at: node.location,
                         "the attachment's MIME code (BT-125-1) is '\(mime ?? "")': expected one of \(CodeLists.mimeCodes.codes.sorted().joined(separator: ", "))")
            }
        case .endpoint:
            guard let scheme = node.attribute("schemeID") else { return }
            check("BR-CL-25", "BT-34", CodeLists.eas, scheme, node, "the scheme of electronic address \(node.stringValue)", into: &out)
        }
    }

    /// `cbc:ID` under the elements that give its scheme a code list.
    private static func checkIdentifier(_ node: XMLNode, into out: inout FindingCollector) {
        if parentIs(node, "TaxCategory") != nil {
            checkValue("BR-CL-17", "BT-118", CodeLists.vatCategories, node, "the VAT category code", into: &out)
            return
        }
        if parentIs(node, "ClassifiedTaxCategory") != nil {
            checkValue("BR-CL-18", "BT-151", CodeLists.vatCategories, node, "the invoiced item VAT category code (BT-151)", into: &out)
            return
        }
        guard let scheme = node.attribute("schemeID") else { return }
        if parentIs(node, "PartyIdentification") != nil {
            // SEPA (the bank assigned creditor identifier, BT-90) is allowed for the seller and the payee.
            if CodeLists.contains(sepa, scheme), hasAncestor(node, ["AccountingSupplierParty", "PayeeParty"]) { return }
            check("BR-CL-10", "BT-29", CodeLists.icd, scheme, node, "the scheme of party identifier \(node.stringValue)", into: &out)
        } else if parentIs(node, "StandardItemIdentification") != nil {
            check("BR-CL-21", "BT-157", CodeLists.icd, scheme, node, "the scheme of item standard identifier \(node.stringValue)", into: &out)
        } else if parentIs(node, "DeliveryLocation") != nil {
            check("BR-CL-26", "BT-71", CodeLists.icd, scheme, node, "the scheme of deliver-to location identifier \(node.stringValue)", into: &out)
        } else if let reference = parentIs(node, "AdditionalDocumentReference") ?? parentIs(node, "DocumentReference"),
                  reference.childElements.contains(where: { $0.isInNamespace(cbc) && $0.hasLocalName("DocumentTypeCode") && $0.stringValue == "130" }) {
            check("BR-CL-07", "BT-18", CodeLists.objectSchemes, scheme, node, "the scheme of object identifier \(node.stringValue)", into: &out)
        }
    }

    private static let sepa = CodeSet(["SEPA"])

    private static func hasAncestor(_ node: XMLNode, _ names: [StaticString]) -> Bool {
        var current = node.parentElement
        while let element = current {
            if element.isInNamespace(cac), names.contains(where: element.hasLocalName) { return true }
            current = element.parentElement
        }
        return false
    }

    /// BT-21 as UBL writes it inside the note: `#CODE#text`, a code of exactly three characters.
    static func noteSubject(_ note: String) -> String? {
        // '#' is one byte in UTF-8 and never inside another character's bytes: search the bytes.
        let hash = UInt8(ascii: "#")
        guard let first = note.utf8.firstIndex(of: hash) else { return nil }
        let rest = note.utf8[note.utf8.index(after: first)...]
        guard let second = rest.firstIndex(of: hash) else { return nil }
        // `string-length(...) = 3`: XPath counts characters as code points.
        let subject = Substring(note.utf8[rest.startIndex..<second])
        return subject.unicodeScalars.count == 3 ? String(subject) : nil
    }

    private static func listName(_ rule: String) -> String {
        switch rule {
        case "BR-CL-01": return "UNTDID 1001 (invoice and credit note type codes)"
        case "BR-CL-03", "BR-CL-04", "BR-CL-05": return "ISO 4217 (currency codes, such as EUR)"
        case "BR-CL-06": return "UNTDID 2005 as restricted by EN 16931 (3, 35, 432)"
        case "BR-CL-07": return "UNTDID 1153 (reference qualifiers)"
        case "BR-CL-08": return "UNCL 4451 (text subject codes)"
        case "BR-CL-10", "BR-CL-11", "BR-CL-21", "BR-CL-26": return "ISO 6523 ICD (such as 0002 SIREN, 0009 SIRET, 0088 GLN)"
        case "BR-CL-13": return "UNTDID 7143 (item classification schemes)"
        case "BR-CL-14", "BR-CL-15": return "ISO 3166-1 alpha-2 (country codes, such as FR)"
        case "BR-CL-16": return "UNCL 4461 (payment means, such as 30 or 58)"
        case "BR-CL-17", "BR-CL-18": return "UNCL 5305 as used by EN 16931 (S, Z, E, AE, K, G, O, L, M, B)"
        case "BR-CL-19": return "UNCL 5189 (allowance reasons)"
        case "BR-CL-20": return "UNCL 7161 (charge reasons)"
        case "BR-CL-22": return "the VATEX list (VAT exemption reasons)"
        case "BR-CL-23": return "UN/ECE Recommendations 20 and 21 (units, such as C62 or HUR)"
        case "BR-CL-25": return "the EAS list (electronic address schemes, such as 0225 or 0009)"
        default: return "its code list"
        }
    }
}

/// The code list rules on a CII tree. Their contexts, as the CII binding writes them, are names
/// wherever they stand (`ram:CountryID`, `@currencyID`, ...), a few restricted by their parent.
extension CodeListRules {
    private static let ram: StaticString = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    private static let rsm: StaticString = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    private static let udt: StaticString = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

    private static let currencyIDKey = XMLNode.nameKey("currencyID")
    private static let unitCodeKey = XMLNode.nameKey("unitCode")
    private static let mimeCodeKey = XMLNode.nameKey("mimeCode")

    private static func walkCII(_ node: XMLNode, into out: inout FindingCollector) {
        checkCIIAttributes(node, into: &out)
        if node.isInNamespace(ram) { checkCIIElement(node, into: &out) }
        for child in node.childElements { walkCII(child, into: &out) }
    }

    /// `@currencyID`, `@unitCode` and `@mimeCode`, on any element.
    private static func checkCIIAttributes(_ node: XMLNode, into out: inout FindingCollector) {
        var currency = false, unit = false, mime = false
        node.forEachAttributeKey { key in
            if key == currencyIDKey { currency = true } else if key == unitCodeKey { unit = true } else if key == mimeCodeKey { mime = true }
        }
        if currency {
            check("BR-CL-03", "BT-5", CodeLists.currencies, node.attribute("currencyID"), node,
                  "the currency (currencyID) of amount \(node.stringValue)", into: &out)
        }
        if unit {
            check("BR-CL-23", "BT-130", CodeLists.units, node.attribute("unitCode"), node, "the unit of measure code", into: &out)
        }
        if mime, let code = node.attribute("mimeCode"), !CodeLists.mimeCodes.contains(code) {
            out.fail("BR-CL-24", term: "BT-125", at: node.location,
                     "the attachment's MIME code (BT-125-1) is '\(code)': expected one of \(CodeLists.mimeCodes.codes.sorted().joined(separator: ", "))")
        }
    }

    private static func ramParent(_ node: XMLNode, _ local: StaticString) -> XMLNode? {
        guard let parent = node.parentElement, parent.isInNamespace(ram), parent.hasLocalName(local) else { return nil }
        return parent
    }

    private static func hasRAMAncestor(_ node: XMLNode, _ local: StaticString) -> Bool {
        var current = node.parentElement
        while let element = current {
            if element.hasLocalName(local), element.isInNamespace(ram) { return true }
            current = element.parentElement
        }
        return false
    }

    /// The `ram` names `checkCIIElement` checks, and what each is.
    private enum CIICoded: Sendable {
        case typeCode, invoiceCurrency, taxCurrency, dueDateTypeCode, referenceTypeCode, subjectCode, globalID, identifier
        case classCode, countryID, categoryCode, reasonCode, exemptionReasonCode, uriID
    }

    private static let ciiCoded = NameTable<CIICoded>([
        ("TypeCode", .typeCode), ("InvoiceCurrencyCode", .invoiceCurrency), ("TaxCurrencyCode", .taxCurrency),
        ("DueDateTypeCode", .dueDateTypeCode), ("ReferenceTypeCode", .referenceTypeCode), ("SubjectCode", .subjectCode),
        ("GlobalID", .globalID), ("ID", .identifier), ("ClassCode", .classCode), ("CountryID", .countryID),
        ("CategoryCode", .categoryCode), ("ReasonCode", .reasonCode), ("ExemptionReasonCode", .exemptionReasonCode), ("URIID", .uriID),
    ])

    private static func checkCIIElement(_ node: XMLNode, into out: inout FindingCollector) {
        guard let coded = ciiCoded[node] else { return }
        switch coded {
        case .typeCode:
            if let parent = node.parentElement, parent.isInNamespace(rsm), parent.hasLocalName("ExchangedDocument") {
                checkValue("BR-CL-01", "BT-3", CodeLists.documentTypes, node, "the invoice type code (BT-3)", into: &out)
            } else if ramParent(node, "SpecifiedTradeSettlementPaymentMeans") != nil {
                checkValue("BR-CL-16", "BT-81", CodeLists.paymentMeans, node, "the payment means type code (BT-81)", into: &out)
            }
        case .invoiceCurrency:
            checkValue("BR-CL-04", "BT-5", CodeLists.currencies, node, "the invoice currency code (BT-5)", into: &out)
        case .taxCurrency:
            checkValue("BR-CL-05", "BT-6", CodeLists.currencies, node, "the VAT accounting currency code (BT-6)", into: &out)
        case .dueDateTypeCode:
            checkValue("BR-CL-06", "BT-8", CodeLists.ciiVATPointDateCodes, node, "the VAT point date code (BT-8)", into: &out)
        case .referenceTypeCode:
            checkValue("BR-CL-07", "BT-18", CodeLists.objectSchemes, node, "the scheme of the invoiced object identifier", into: &out)
        case .subjectCode:
            checkValue("BR-CL-08", "BT-21", CodeLists.noteSubjects, node, "the invoice note subject code (BT-21)", into: &out)
        case .globalID:
            guard let scheme = node.attribute("schemeID") else { return }
            if hasRAMAncestor(node, "SpecifiedTradeProduct") {
                check("BR-CL-21", "BT-157", CodeLists.icd, scheme, node, "the scheme of item standard identifier \(node.stringValue)", into: &out)
            } else if ramParent(node, "ShipToTradeParty") != nil {
                check("BR-CL-26", "BT-71", CodeLists.icd, scheme, node, "the scheme of deliver-to location identifier \(node.stringValue)", into: &out)
            } else {
                check("BR-CL-10", "BT-29", CodeLists.icd, scheme, node, "the scheme of identifier \(node.stringValue)", into: &out)
            }
        case .identifier:
            if let scheme = node.attribute("schemeID"), !hasRAMAncestor(node, "SpecifiedTaxRegistration") {
                check("BR-CL-11", "BT-30", CodeLists.icd, scheme, node, "the scheme of registration identifier \(node.stringValue)", into: &out)
            }
            if ramParent(node, "OriginTradeCountry") != nil {
                checkValue("BR-CL-15", "BT-159", CodeLists.countries, node, "the item country of origin (BT-159)", into: &out)
            }
        case .classCode:
            guard let scheme = node.attribute("listID") else { return }
            check("BR-CL-13", "BT-158", CodeLists.itemClassifications, scheme, node, "the scheme of item classification \(node.stringValue)", into: &out)
        case .countryID:
            checkValue("BR-CL-14", "BT-40", CodeLists.countries, node, "the country code", into: &out)
        case .categoryCode:
            if ramParent(node, "CategoryTradeTax") != nil {
                checkValue("BR-CL-17", "BT-95", CodeLists.vatCategories, node, "the VAT category code", into: &out)
            } else if ramParent(node, "ApplicableTradeTax") != nil {
                checkValue("BR-CL-18", "BT-118", CodeLists.vatCategories, node, "the VAT category code", into: &out)
            }
        case .reasonCode:
            guard let group = ramParent(node, "SpecifiedTradeAllowanceCharge") else { return }
            // `[ram:ChargeIndicator/udt:Indicator = false()]` or `= true()`: the indicator cast to a boolean.
            var indicator: Bool?
            for charge in group.childElements where charge.hasLocalName("ChargeIndicator") && charge.isInNamespace(ram) {
                for value in charge.childElements where value.hasLocalName("Indicator") && value.isInNamespace(udt) {
                    indicator = indicator ?? XPath.boolean(value.stringValue)
                }
            }
            checkReasonCode(node, charge: indicator, into: &out)
        case .exemptionReasonCode:
            check("BR-CL-22", "BT-121", CodeLists.vatex, node.stringValue.uppercased(), node, "the VAT exemption reason code (BT-121)", into: &out)
        case .uriID:
            guard let scheme = node.attribute("schemeID"), ramParent(node, "URIUniversalCommunication") != nil else { return }
            check("BR-CL-25", "BT-34", CodeLists.eas, scheme, node, "the scheme of electronic address \(node.stringValue)", into: &out)
        }
    }
}
