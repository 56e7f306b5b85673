import FacteurModel
import FacteurRules
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// The French rule cases (`../shared/conformance/fr/expected.jsonl`): 616 UBL and CII invoices built
/// around the BR-FR rules, each with the counts the official artefacts give, for the EN 16931 rules
/// (CEN 1.3.16) and for the BR-FR rules (FNFE-MPE v1.4.0, fatal variant).
///
/// The EN 16931 counts are an independent corpus for the rules already built: every case must agree,
/// rule for rule. The BR-FR counts are reported as pending until the French rules are built.
@Suite("French rule cases")
struct FrenchConformanceTests {
    struct Counts: Decodable, Sendable {
        var fatal_counts: [String: Int]
        var warning_counts: [String: Int]
    }

    struct Case: Decodable, Sendable {
        var file: String
        var syntax: String
        var intended_rule: String
        var en16931: Counts
        var brfr: Counts
    }

    static func cases() throws -> [Case] {
        let text = try String(contentsOf: SharedFiles.fr.appendingPathComponent("expected.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Case.self, from: Data($0.utf8)) }
    }

    @Test func theEN16931CountsOfEveryCase() throws {
        let cases = try Self.cases()
        #expect(cases.count == 616, "found \(cases.count) cases under \(SharedFiles.fr.path)")
        var agreeing = 0
        for test in cases {
            let bytes = try InputFile.read(SharedFiles.fr.appendingPathComponent(test.file).path, maxBytes: 1 << 27)
            let findings = try bytes.withUnsafeBytes { buffer in
                try InvoiceReader().withInvoice(buffer, name: test.file) { invoice, tree in
                    EN16931Validator().validate(invoice, tree: tree)
                }
            }
            var fatal: [String: Int] = [:]
            var warning: [String: Int] = [:]
            for finding in findings {
                if finding.severity == .fatal { fatal[finding.rule, default: 0] += 1 } else { warning[finding.rule, default: 0] += 1 }
            }
            if fatal == test.en16931.fatal_counts && warning == test.en16931.warning_counts {
                agreeing += 1
            } else {
                Issue.record("\(test.file): EN 16931 expected \(test.en16931.fatal_counts) fatal, \(test.en16931.warning_counts) warning; got \(fatal), \(warning)")
            }
        }
        print("French rule cases: EN 16931 counts \(agreeing)/\(cases.count) agree")
    }

    /// The BR-FR counts, for the assertions built: each must fire exactly as recorded (a case whose
    /// recorded assertions are not all built is pending, the built ones still checked).
    @Test func theBRFRCountsOfTheAssertionsBuilt() throws {
        let cases = try Self.cases()
        var complete = 0
        var pending = 0
        for test in cases {
            let syntax: Syntax = test.syntax == "CII" ? .cii : (test.file.contains("CreditNote") || test.file.contains("-cn-") ? .ublCreditNote : .ublInvoice)
            let bytes = try InputFile.read(SharedFiles.fr.appendingPathComponent(test.file).path, maxBytes: 1 << 27)
            let findings = try bytes.withUnsafeBytes { buffer in
                try InvoiceReader().withInvoice(buffer, name: test.file) { invoice, tree in
                    #expect(invoice.syntax.isUBL == syntax.isUBL)
                    return FrenchValidator().validate(invoice, tree: tree)
                }
            }
            let implemented = FrenchValidator.implementedRules(for: syntax)
            var fired: [String: Int] = [:]
            for finding in findings {
                #expect(finding.severity == .fatal, "\(finding.rule): the French rules of this release are all fatal")
                #expect(implemented.contains(finding.rule), "\(finding.rule) fired but is not listed as built")
                fired[finding.rule, default: 0] += 1
            }
            for rule in implemented where fired[rule, default: 0] != test.brfr.fatal_counts[rule, default: 0] {
                Issue.record("\(test.file): \(rule) expected \(test.brfr.fatal_counts[rule, default: 0]), fired \(fired[rule, default: 0])")
            }
            if test.brfr.fatal_counts.keys.allSatisfy(implemented.contains) { complete += 1 } else { pending += 1 }
        }
        let built = [Syntax.ublInvoice, .cii].map { syntax in
            let official = RuleCatalogue.fr.values.filter { $0.severity(in: syntax) != nil }.count
            return "\(syntax.isUBL ? "UBL" : "CII") \(FrenchValidator.implementedRules(for: syntax).count)/\(official)"
        }
        print("French rule cases: BR-FR counts \(complete)/\(cases.count) complete, \(pending) pending (assertions built: \(built.joined(separator: ", ")))")
    }
}
