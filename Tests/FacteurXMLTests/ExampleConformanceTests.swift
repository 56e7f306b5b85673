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

    @Test("headline terms equal an XPath lookup", arguments: files)
    func headlineTerms(file: URL) throws {
        let invoice = try InvoiceReader().read(file: file.path)
        let expected = try HeadlineExpectation(file: file)
        #expect(invoice.syntax.rawValue == expected.syntax)
        #expect(invoice.number?.value == expected.number)
        #expect(invoice.issueDate?.value?.description == expected.issueDate)
        #expect(invoice.typeCode?.value == expected.typeCode)
        #expect(invoice.currencyCode?.value == expected.currency)
        #expect((invoice.seller?.name?.value ?? "") == expected.seller)
        #expect((invoice.buyer?.name?.value ?? "") == expected.buyer)
        #expect(invoice.lines.count == expected.lines)
        #expect(expected.lines > 0)
        let read: [String: (Invoice) -> Amount?] = [
            "BT-106": { $0.totals?.lineNetTotal }, "BT-109": { $0.totals?.totalWithoutVAT },
            "BT-110": { $0.totals?.vatTotal }, "BT-112": { $0.totals?.totalWithVAT },
            "BT-113": { $0.totals?.paidAmount }, "BT-115": { $0.totals?.amountDue },
        ]
        for (term, lexical) in expected.amounts {
            let reader = try #require(read[term])
            let amount = reader(invoice)
            if lexical.isEmpty {
                #expect(amount == nil, "\(term) absent from the file but read as \(String(describing: amount?.lexical))")
            } else {
                #expect(amount?.lexical == lexical, "\(term)")
                #expect(amount?.value != nil && amount?.value == ExactDecimal(parsing: lexical), "\(term)")
            }
        }
    }
}
