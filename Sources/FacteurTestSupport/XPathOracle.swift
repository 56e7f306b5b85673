import CLibXML2
import Foundation

/// An independent reading of an XML file with libxml2's own XPath engine, for checking the readers
/// against expressions written straight from the syntax bindings. Trusted test files only.
public final class XPathOracle {
    private let document: xmlDocPtr
    private let context: xmlXPathContextPtr

    public static let namespaces = [
        "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
        "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
        "cdar": "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100",
    ]

    public init(path: String) throws {
        guard let document = xmlReadFile(path, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue)),
              let context = xmlXPathNewContext(document)
        else { throw CocoaError(.fileReadCorruptFile) }
        self.document = document
        self.context = context
        for (prefix, uri) in Self.namespaces {
            _ = xmlXPathRegisterNs(context, prefix, uri)
        }
    }

    deinit {
        xmlXPathFreeContext(context)
        xmlFreeDoc(document)
    }

    /// `string(expression)`: the string value of the first node, "" when there is none.
    public func string(_ expression: String) -> String {
        guard let object = xmlXPathEvalExpression("string(\(expression))", context) else { return "" }
        defer { xmlXPathFreeObject(object) }
        return object.pointee.stringval.map { String(cString: $0) } ?? ""
    }

    /// Whether the expression selects at least one node.
    public func exists(_ expression: String) -> Bool {
        count(expression) > 0
    }

    /// `count(expression)`.
    public func count(_ expression: String) -> Int {
        guard let object = xmlXPathEvalExpression("count(\(expression))", context) else { return -1 }
        defer { xmlXPathFreeObject(object) }
        return Int(object.pointee.floatval)
    }
}

/// The headline values of an official example, found by XPath expressions written from the CEN
/// syntax bindings: what `facteur validate` must report, independently of Facteur's readers.
public struct HeadlineExpectation: Sendable {
    /// `UBL-Invoice`, `UBL-CreditNote` or `CII`.
    public var syntax: String
    public var number: String
    /// ISO 8601, turned from CII's `YYYYMMDD` by string slicing.
    public var issueDate: String
    public var typeCode: String
    public var currency: String
    public var seller: String
    public var buyer: String
    public var lines: Int
    /// Lexical values by term: BT-106, BT-109, BT-110, BT-112, BT-115 (and BT-113 in UBL); "" when absent.
    public var amounts: [String: String]

    public init(file: URL) throws {
        let x = try XPathOracle(path: file.path)
        if x.exists("/rsm:CrossIndustryInvoice") {
            let transaction = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
            let settlement = "\(transaction)/ram:ApplicableHeaderTradeSettlement"
            let agreement = "\(transaction)/ram:ApplicableHeaderTradeAgreement"
            let sum = "\(settlement)/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
            let date = x.string("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
            syntax = "CII"
            number = x.string("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID")
            issueDate = "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.dropFirst(6).prefix(2))"
            typeCode = x.string("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode")
            currency = x.string("\(settlement)/ram:InvoiceCurrencyCode")
            seller = x.string("\(agreement)/ram:SellerTradeParty/ram:Name")
            buyer = x.string("\(agreement)/ram:BuyerTradeParty/ram:Name")
            lines = x.count("\(transaction)/ram:IncludedSupplyChainTradeLineItem")
            amounts = [
                "BT-106": x.string("\(sum)/ram:LineTotalAmount"),
                "BT-109": x.string("\(sum)/ram:TaxBasisTotalAmount"),
                "BT-110": x.string("\(sum)/ram:TaxTotalAmount[@currencyID='\(currency)' or not(@currencyID)]"),
                "BT-112": x.string("\(sum)/ram:GrandTotalAmount"),
                "BT-115": x.string("\(sum)/ram:DuePayableAmount"),
            ]
            return
        }
        let isCreditNote = x.exists("/cn:CreditNote")
        let root = isCreditNote ? "/cn:CreditNote" : "/ubl:Invoice"
        let total = "\(root)/cac:LegalMonetaryTotal"
        syntax = isCreditNote ? "UBL-CreditNote" : "UBL-Invoice"
        number = x.string("\(root)/cbc:ID")
        issueDate = x.string("\(root)/cbc:IssueDate")
        typeCode = x.string(isCreditNote ? "\(root)/cbc:CreditNoteTypeCode" : "\(root)/cbc:InvoiceTypeCode")
        currency = x.string("\(root)/cbc:DocumentCurrencyCode")
        seller = x.string("\(root)/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName")
        buyer = x.string("\(root)/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName")
        lines = x.count(isCreditNote ? "\(root)/cac:CreditNoteLine" : "\(root)/cac:InvoiceLine")
        amounts = [
            "BT-106": x.string("\(total)/cbc:LineExtensionAmount"),
            "BT-109": x.string("\(total)/cbc:TaxExclusiveAmount"),
            "BT-110": x.string("\(root)/cac:TaxTotal/cbc:TaxAmount[@currencyID='\(currency)']"),
            "BT-112": x.string("\(total)/cbc:TaxInclusiveAmount"),
            "BT-113": x.string("\(total)/cbc:PrepaidAmount"),
            "BT-115": x.string("\(total)/cbc:PayableAmount"),
        ]
    }
}
