import FacteurFlow
import Foundation
import Testing

/// JSON strings: what Facteur writes reads back, through Foundation's parser, as the string it
/// was, and the escapes are the ones the report contract shows.
@Suite("JSON writer")
struct JSONWriterTests {
    private func quoted(_ value: String) -> String {
        let json = JSONWriter()
        json.beginArray()
        json.string(value)
        json.endArray()
        return json.output
    }

    @Test("reads back as written", arguments: [
        "", "plain", "Fabrikam & Co \"Paris\"", #"back\slash"#, "line\nbreak\r\n\ttab", "\u{08}\u{0C}\u{01}\u{1F}\u{00}",
        "€ é 日本 🧾", "\u{2028}\u{2029}", "x\u{2028}", "\u{2029}y", "\u{E2}", "a\u{7F}b",
        "/inbox/odd name\u{0001}.xml",
    ])
    func roundTrip(value: String) throws {
        let text = quoted(value)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? [String]
        #expect(parsed == [value], "\(text)")
        // One line whatever the value: no raw line end of any kind.
        #expect(!text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    @Test func escapesAreTheShortOnes() {
        #expect(quoted("a\"b\\c") == #"["a\"b\\c"]"#)
        #expect(quoted("\n\r\t\u{08}\u{0C}") == #"["\n\r\t\b\f"]"#)
        #expect(quoted("\u{01}\u{1F}") == #"["\u0001\u001f"]"#)
        #expect(quoted("\u{2028}|\u{2029}") == #"["\u2028|\u2029"]"#)
        #expect(quoted("€") == "[\"€\"]")
    }
}
