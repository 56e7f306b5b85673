import FacteurDirectory
import FacteurModel
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// The invoice fixtures of each routing case (`Fixtures/routing`, in UBL and CII), routed with the
/// fixture directory: each fires exactly the B2G rules `expected.txt` lists for it, with their
/// reason codes, and the one that passes is delivered to its recipient's mailbox.
@Suite("Routing fixtures")
struct RoutingFixturesTests {
    static let root = SharedFiles.packageRoot.appendingPathComponent("Fixtures")

    static let cases: [(name: String, rules: [String])] = {
        let text = (try? String(contentsOf: root.appendingPathComponent("routing/expected.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: " ")
            return (String(fields[0]), fields[1] == "-" ? [] : fields[1].split(separator: ",").map(String.init))
        }
    }()

    @Test func everyCaseHasItsFilesAndEveryCheckACase() throws {
        #expect(Self.cases.count == 13)
        for check in RoutingRule.allCases {
            #expect(Self.cases.contains { $0.rules == [check.rawValue] }, "no fixture for \(check.rawValue)")
        }
    }

    @Test(arguments: ["ubl", "cii"]) func eachCaseFiresItsRules(_ syntax: String) throws {
        let files = try FixtureDirectory.read()
        let directory = DirectorySnapshot(structures: files.structures, services: files.services)
        for (name, rules) in Self.cases {
            let invoice = try InvoiceReader().read(file: Self.root.appendingPathComponent("routing/\(name).\(syntax).xml").path)
            #expect(invoice.syntax.isUBL == (syntax == "ubl"))
            let decision = try Router.route(invoice, directory: directory, on: CalendarDate(year: 2026, month: 11, day: 23)!)
            #expect(decision.findings.map(\.rule) == rules, "\(name).\(syntax)")
            #expect(decision.findings.compactMap(RoutingRule.reason(of:)) == rules.compactMap { RoutingRule(rawValue: $0)?.reason })
            #expect((decision.target != nil) == rules.isEmpty, "\(name).\(syntax)")
        }
    }
}
