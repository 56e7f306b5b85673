import FacteurModel
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// Every official example is read, and its headline terms equal what an XPath lookup written from
/// the syntax bindings finds in the file.
@Suite("Official EN 16931 examples")
struct ExampleConformanceTests {
    static let files: [URL] = (try? SharedFiles.en16931Examples()) ?? []

    @Test func allExamplesArePresent() {
        // 19 UBL, 15 CII and 29 test files: if ../shared is missing, say so rather than pass empty.
        #expect(Self.files.count == 63, "found \(Self.files.count) examples under \(SharedFiles.en16931.path)")
    }

    struct Expected {
        var syntax: Syntax
        var number: String
        var issueDate: String
        var typeCode: String
        var currency: String
        var seller: String
        var buyer: String
        var lines: Int
        var amounts: [(term: String, lexical: String, read: (Invoice) -> Amount?)]
    }

    /// Expected values, by XPath. Dates are turned into ISO form by string slicing.
    static func expected(_ file: URL) throws -> Expected {
        let x = try XPathOracle(path: file.path)
        if x.exists("/rsm:CrossIndustryInvoice") {
            let settlement = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
            let agreement = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
            let sum = "\(settlement)/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
            let date = x.string("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
            let currency = x.string("\(settlement)/ram:InvoiceCurrencyCode")
            return Expected(
                syntax: .cii,
                number: x.string("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"),
                issueDate: "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.dropFirst(6).prefix(2))",
                typeCode: x.string("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode"),
                currency: currency,
                seller: x.string("\(agreement)/ram:SellerTradeParty/ram:Name"),
                buyer: x.string("\(agreement)/ram:BuyerTradeParty/ram:Name"),
                lines: x.count("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"),
                amounts: [
                    ("BT-106", x.string("\(sum)/ram:LineTotalAmount"), { $0.totals?.lineNetTotal }),
                    ("BT-109", x.string("\(sum)/ram:TaxBasisTotalAmount"), { $0.totals?.totalWithoutVAT }),
                    ("BT-110", x.string("\(sum)/ram:TaxTotalAmount[@currencyID='\(currency)' or not(@currencyID)]"), { $0.totals?.vatTotal }),
                    ("BT-112", x.string("\(sum)/ram:GrandTotalAmount"), { $0.totals?.totalWithVAT }),
                    ("BT-115", x.string("\(sum)/ram:DuePayableAmount"), { $0.totals?.amountDue }),
                ])
        }
        let isCreditNote = x.exists("/cn:CreditNote")
        let root = isCreditNote ? "/cn:CreditNote" : "/ubl:Invoice"
        let total = "\(root)/cac:LegalMonetaryTotal"
        let currency = x.string("\(root)/cbc:DocumentCurrencyCode")
        return Expected(
            syntax: isCreditNote ? .ublCreditNote : .ublInvoice,
            number: x.string("\(root)/cbc:ID"),
            issueDate: x.string("\(root)/cbc:IssueDate"),
            typeCode: x.string(isCreditNote ? "\(root)/cbc:CreditNoteTypeCode" : "\(root)/cbc:InvoiceTypeCode"),
            currency: currency,
            seller: x.string("\(root)/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
            buyer: x.string("\(root)/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
            lines: x.count(isCreditNote ? "\(root)/cac:CreditNoteLine" : "\(root)/cac:InvoiceLine"),
            amounts: [
                ("BT-106", x.string("\(total)/cbc:LineExtensionAmount"), { $0.totals?.lineNetTotal }),
                ("BT-109", x.string("\(total)/cbc:TaxExclusiveAmount"), { $0.totals?.totalWithoutVAT }),
                ("BT-110", x.string("\(root)/cac:TaxTotal/cbc:TaxAmount[@currencyID='\(currency)']"), { $0.totals?.vatTotal }),
                ("BT-112", x.string("\(total)/cbc:TaxInclusiveAmount"), { $0.totals?.totalWithVAT }),
                ("BT-113", x.string("\(total)/cbc:PrepaidAmount"), { $0.totals?.paidAmount }),
                ("BT-115", x.string("\(total)/cbc:PayableAmount"), { $0.totals?.amountDue }),
            ])
    }

    @Test("headline terms equal an XPath lookup", arguments: files)
    func headlineTerms(file: URL) throws {
        let invoice = try InvoiceReader().read(file: file.path)
        let expected = try Self.expected(file)
        #expect(invoice.syntax == expected.syntax)
        #expect(invoice.number?.value == expected.number)
        #expect(invoice.issueDate?.value?.description == expected.issueDate)
        #expect(invoice.typeCode?.value == expected.typeCode)
        #expect(invoice.currencyCode?.value == expected.currency)
        #expect((invoice.seller?.name?.value ?? "") == expected.seller)
        #expect((invoice.buyer?.name?.value ?? "") == expected.buyer)
        #expect(invoice.lines.count == expected.lines)
        #expect(expected.lines > 0)
        for (term, lexical, read) in expected.amounts {
            let amount = read(invoice)
            if lexical.isEmpty {
                #expect(amount == nil, "\(term) absent from the file but read as \(String(describing: amount?.lexical))")
            } else {
                #expect(amount?.lexical == lexical, "\(term)")
                #expect(amount?.value != nil && amount?.value == ExactDecimal(parsing: lexical), "\(term)")
            }
        }
    }
}
