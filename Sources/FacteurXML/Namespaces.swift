import FacteurModel

/// UBL 2.1 names.
enum UBL {
    static let invoiceNamespace: StaticString = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    static let creditNoteNamespace: StaticString = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    static let cacNamespace: StaticString = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    static let cbcNamespace: StaticString = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

    static let invoice = XMLName(invoiceNamespace, "Invoice", prefix: "")
    static let creditNote = XMLName(creditNoteNamespace, "CreditNote", prefix: "")

    static func cac(_ local: StaticString) -> XMLName { XMLName(cacNamespace, local, prefix: "cac") }
    static func cbc(_ local: StaticString) -> XMLName { XMLName(cbcNamespace, local, prefix: "cbc") }
}

/// UN/CEFACT Cross Industry Invoice D16B names.
enum CII {
    static let rsmNamespace: StaticString = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    static let ramNamespace: StaticString =
        "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    static let udtNamespace: StaticString = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
    static let qdtNamespace: StaticString = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

    static let crossIndustryInvoice = XMLName(rsmNamespace, "CrossIndustryInvoice", prefix: "rsm")

    static func rsm(_ local: StaticString) -> XMLName { XMLName(rsmNamespace, local, prefix: "rsm") }
    static func ram(_ local: StaticString) -> XMLName { XMLName(ramNamespace, local, prefix: "ram") }
    static func udt(_ local: StaticString) -> XMLName { XMLName(udtNamespace, local, prefix: "udt") }
    static func qdt(_ local: StaticString) -> XMLName { XMLName(qdtNamespace, local, prefix: "qdt") }
}

extension Syntax {
    /// The syntax of a document, from its root element's namespace and local name; `nil` when the
    /// root is none of UBL 2.1 `Invoice`, UBL 2.1 `CreditNote`, CII D16B `CrossIndustryInvoice`.
    public init?(root: XMLNode) {
        if root.matches(UBL.invoice) {
            self = .ublInvoice
        } else if root.matches(UBL.creditNote) {
            self = .ublCreditNote
        } else if root.matches(CII.crossIndustryInvoice) {
            self = .cii
        } else {
            return nil
        }
    }

    var rootName: XMLName {
        switch self {
        case .ublInvoice: return UBL.invoice
        case .ublCreditNote: return UBL.creditNote
        case .cii: return CII.crossIndustryInvoice
        }
    }
}
