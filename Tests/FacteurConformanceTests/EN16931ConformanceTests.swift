import FacteurModel
import FacteurRules
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// The official EN 16931 test material, verdict for verdict: the 1,140 unit-test documents of the
/// CEN validation artefacts and the examples, with the verdicts of the official rules
/// (`../shared/conformance/en16931/expected-*.jsonl`).
///
/// A unit test whose rule is not implemented for its syntax is reported as pending, never as passed;
/// every rule the unit tests speak of is built, so all 1,140 must pass.
@Suite("EN 16931 conformance")
struct EN16931ConformanceTests {
    struct UnitCase: Decodable, Sendable {
        var file: String
        var syntax: String
        var scope: [String]
        var success: [String]
        var error: [String: Int]
        var warning: [String: Int]
        var description: String
    }

    struct ExampleCase: Decodable, Sendable {
        var file: String
        var fatal_counts: [String: Int]
        var warning_counts: [String: Int]
    }

    static func lines<T: Decodable>(_ name: String, as type: T.Type) throws -> [T] {
        let text = try String(contentsOf: SharedFiles.en16931.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    /// Firings per rule and severity.
    static func firings(_ file: String) throws -> (syntax: Syntax, fatal: [String: Int], warning: [String: Int]) {
        let bytes = try InputFile.read(SharedFiles.en16931.appendingPathComponent(file).path, maxBytes: 1 << 27)
        let (syntax, findings) = try bytes.withUnsafeBytes { buffer in
            try InvoiceReader().withInvoice(buffer, name: file) { invoice, tree in
                (invoice.syntax, EN16931Validator().validate(invoice, tree: tree))
            }
        }
        var fatal: [String: Int] = [:]
        var warning: [String: Int] = [:]
        for finding in findings {
            if finding.severity == .fatal { fatal[finding.rule, default: 0] += 1 } else { warning[finding.rule, default: 0] += 1 }
        }
        return (syntax, fatal, warning)
    }

    /// What is wrong with one unit test's outcome, or nil when it passes (the upstream VEFA semantics).
    static func verdict(_ test: UnitCase, fatal: [String: Int], warning: [String: Int]) -> String? {
        for rule in test.scope {
            let expectedFatal = test.error[rule] ?? 0
            let expectedWarning = test.warning[rule] ?? 0
            let gotFatal = fatal[rule] ?? 0
            let gotWarning = warning[rule] ?? 0
            if gotFatal != expectedFatal || gotWarning != expectedWarning {
                return "\(rule): expected \(expectedFatal) fatal / \(expectedWarning) warning, got \(gotFatal) / \(gotWarning)"
            }
        }
        return nil
    }

    @Test func unitTestsOfImplementedRules() throws {
        let cases = try Self.lines("expected-unit.jsonl", as: UnitCase.self)
        #expect(cases.count == 1140)
        var passed = 0
        var pending = 0
        var pendingByFamily: [String: Int] = [:]
        var failures: [String] = []
        for test in cases {
            let syntax: Syntax = test.syntax == "CII" ? .cii : (test.file.contains("CreditNote") ? .ublCreditNote : .ublInvoice)
            let implemented = EN16931Validator.implementedRules(for: syntax)
            // A rule that is not part of the official rule set of this syntax never fires: that is
            // its exact implementation (BR-CO-25 has unit tests but is not in release 1.3.16).
            let isOfficial = { (rule: String) in RuleCatalogue.en16931[rule]?.severity(in: syntax) != nil }
            guard test.scope.allSatisfy({ implemented.contains($0) || !isOfficial($0) }) else {
                pending += 1
                for rule in test.scope where !implemented.contains(rule) && isOfficial(rule) {
                    pendingByFamily[RuleCatalogue.en16931[rule]?.family ?? rule, default: 0] += 1
                }
                continue
            }
            let result = try Self.firings(test.file)
            if let problem = Self.verdict(test, fatal: result.fatal, warning: result.warning) {
                failures.append("\(test.file) (\(test.description)): \(problem)")
            } else {
                passed += 1
            }
        }
        print("EN 16931 unit tests: \(passed)/\(cases.count) pass, \(failures.count) fail, \(pending) pending" + (pending > 0 ? " (rules not built yet)" : ""))
        let families = pendingByFamily.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
        if !families.isEmpty { print("  pending by family: \(families.joined(separator: ", "))") }
        for failure in failures {
            print("  FAIL \(failure)")
            Issue.record(Comment(rawValue: failure))
        }
        // Every rule with a unit test is built: all of them must pass.
        #expect(passed == cases.count, "\(pending) pending, \(failures.count) failing")
    }

    @Test func examplesGiveTheOfficialCounts() throws {
        let cases = try Self.lines("expected-examples.jsonl", as: ExampleCase.self)
        #expect(cases.count == 63)
        for example in cases {
            let result = try Self.firings(example.file)
            let implemented = EN16931Validator.implementedRules(for: result.syntax)
            let expectedFatal = example.fatal_counts.filter { implemented.contains($0.key) }
            let expectedWarning = example.warning_counts.filter { implemented.contains($0.key) }
            #expect(result.fatal == expectedFatal, "\(example.file)")
            #expect(result.warning == expectedWarning, "\(example.file)")
        }
    }

    @Test func everyImplementedRuleIsAnOfficialRuleOfItsSyntax() {
        for syntax in [Syntax.ublInvoice, .cii] {
            let implemented = EN16931Validator.implementedRules(for: syntax)
            for rule in implemented {
                #expect(RuleCatalogue.en16931[rule]?.severity(in: syntax) != nil, "\(rule) is not in the \(syntax) rule set")
            }
            // What is left to build, printed for the notes.
            let official = RuleCatalogue.en16931.values.filter { $0.severity(in: syntax) != nil }
            var missing: [String: [String]] = [:]
            for rule in official where !implemented.contains(rule.id) { missing[rule.family, default: []].append(rule.id) }
            let summary = missing.sorted { $0.key < $1.key }.map { family, ids in
                ids.count > 6 ? "\(family) \(ids.count)" : "\(family) \(ids.count) (\(ids.sorted().joined(separator: " ")))"
            }
            print("\(syntax.isUBL ? "UBL" : "CII") rules built: \(implemented.count)/\(official.count); not yet: \(summary.joined(separator: ", "))")
        }
        #expect(RuleCatalogue.en16931.count == 1562)
        #expect(RuleCatalogue.en16931["BR-51"]?.ubl == .warning)
        #expect(RuleCatalogue.en16931["BR-51"]?.cii == .fatal)
        // Terms and texts: every rule but the CII syntax rules has its official text.
        #expect(RuleCatalogue.en16931["BR-01"]?.terms == ["BT-24"])
        #expect(RuleCatalogue.en16931["BR-01"]?.text == "An Invoice shall have a Specification identifier (BT-24).")
        #expect(RuleCatalogue.en16931["BR-S-08"]?.terms.starts(with: ["BT-119", "BT-118", "BT-116"]) == true)
        let untexted = RuleCatalogue.en16931.values.filter { $0.text == nil }
        #expect(untexted.allSatisfy { $0.family == "CII-SR" || $0.family == "CII-DT" })
        #expect(untexted.count == 583)
    }
}
