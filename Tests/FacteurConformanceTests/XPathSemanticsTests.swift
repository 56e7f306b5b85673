@testable import FacteurRules
import Foundation
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

    /// CII-DT-097, format 102 dates: the artefact's regular expression, run by ICU (`\\d` is any
    /// Unicode decimal digit there too; XPath's `\\s` is the four XML spaces, written out).
    @Test func date102AgreesWithTheArtefactsPattern() throws {
        let pattern = try NSRegularExpression(pattern: "^[ \\t\\n\\r]*(\\d{4})(1[0-2]|0[1-9]){1}(3[01]|[12][0-9]|0[1-9]){1}[ \\t\\n\\r]*$")
        func official(_ value: String) -> Bool {
            pattern.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
        var values = ["20260131", " 20261231\n", "\t20260101\r", "20261301", "20260100", "20260132", "2026013", "202601311",
                      "2026-01-31", "", " ", "abcdefgh", "20260231", "0000 0101", "\u{0662}\u{0660}\u{0662}\u{0666}0115",
                      "2026\u{0660}115", "\u{00A0}20260115", "20260115\u{00A0}", "２０２６0115", "20260115 x"]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789 \t\n\r-x\u{0663}")
        for _ in 0..<2_000 {
            let length = Int.random(in: 6...11, using: &generator)
            values.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for value in values {
            #expect(CIISyntaxRules.isDate102(value) == official(value), "\(value.debugDescription)")
        }
    }
}
