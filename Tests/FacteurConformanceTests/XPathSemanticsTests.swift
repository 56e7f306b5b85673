@testable import FacteurRules
import Testing

/// The byte-level XPath helpers agree with their definitions written on Swift characters:
/// `xs:boolean(x)` (white space collapsed, then `true`/`1`/`false`/`0`) and
/// `string-length(substring-after(x, '.'))` (code points).
@Suite("XPath semantics on bytes")
struct XPathSemanticsTests {
    private static func booleanByCharacters(_ value: String) -> Bool? {
        var text = Substring(value)
        let space: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        while let c = text.first, space.contains(c) { text = text.dropFirst() }
        while let c = text.last, space.contains(c) { text = text.dropLast() }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    private static func decimalsByCharacters(_ value: String) -> Int {
        let scalars = Array(value.unicodeScalars)
        guard let point = scalars.firstIndex(of: ".") else { return 0 }
        return scalars.count - point - 1
    }

    static let values = [
        "true", "false", "1", "0", " true", "false\n", "\r\ntrue\r\n", "\ttrue \t", "TRUE", "True", "yes", "", " ",
        "tr ue", "01", "1.0", "true\u{0301}", " \u{0301}true", "true\u{00A0}", "\u{FEFF}true", "t", "falsee",
        "10.50", "1.005", "12.", ".5", "1.2.3", "3.14159", "1.5 ", "1.€", "1.é", "1.e\u{0301}", "1.\u{0301}5", "-0.001",
    ]

    @Test("agree with the definitions", arguments: values)
    func agree(value: String) {
        #expect(XPath.boolean(value) == Self.booleanByCharacters(value))
        #expect(XPath.decimals(value) == Self.decimalsByCharacters(value))
    }

    @Test func absentValues() {
        #expect(XPath.boolean(nil) == nil)
        #expect(XPath.decimals(nil) == 0)
    }
}
