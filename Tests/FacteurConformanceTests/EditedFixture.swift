import FacteurModel
import FacteurRules
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// A bundled fixture (`Fixtures/invoices`), silent as it stands, after hand edits whose expected
/// findings are read off the official rule: the tests then compare what fires with that reading.
enum EditedFixture {
    /// The firings, by rule, of the rules whose id starts with `prefix`, after `edits` (each
    /// replacing the first occurrence of its text; a missing text fails the test).
    static func firings(_ fixture: String, _ edits: [(String, String)], rulesStartingWith prefix: String) throws -> [String: Int] {
        let url = SharedFiles.packageRoot.appendingPathComponent("Fixtures/invoices").appendingPathComponent(fixture)
        return try firings(of: url, edits) { invoice, tree in EN16931Validator().validate(invoice, tree: tree) }
            .filter { $0.key.hasPrefix(prefix) }
    }

    /// The firings, by rule, of `validate` on the invoice at `url` after `edits`.
    static func firings(of url: URL, _ edits: [(String, String)],
                        _ validate: (Invoice, XMLNode) -> [Finding]) throws -> [String: Int] {
        var text = try String(contentsOf: url, encoding: .utf8)
        for (old, new) in edits {
            let range = try #require(text.range(of: old), "\(url.lastPathComponent) lacks \(old)")
            text.replaceSubrange(range, with: new)
        }
        let findings = try Array(text.utf8).withUnsafeBytes { buffer in
            try InvoiceReader().withInvoice(buffer, name: url.lastPathComponent) { invoice, tree in validate(invoice, tree) }
        }
        var counts: [String: Int] = [:]
        for finding in findings { counts[finding.rule, default: 0] += 1 }
        return counts
    }
}
