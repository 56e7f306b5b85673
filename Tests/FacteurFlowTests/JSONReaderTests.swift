@testable import FacteurFlow
import Foundation
import Testing

/// The configuration's JSON reader, against hand-written values and against Foundation's
/// JSONSerialization (an independent reader) on what both must accept or refuse.
@Suite("JSON reader")
struct JSONReaderTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test("values read as written: numbers keep their text, strings their escapes undone, members their order and line")
    func values() throws {
        let value = try parse("{\n  \"b\": [1, -0.5e+3, true, false, null],\n  \"a\": \"x\\u00e9\\ud83d\\ude00\\n\\/\\\"\",\n  \"c\": {}\n}")
        #expect(value == .object([
            .init(key: "b", value: .array([.number("1"), .number("-0.5e+3"), .bool(true), .bool(false), .null]), line: 2),
            .init(key: "a", value: .string("xé😀\n/\""), line: 3),
            .init(key: "c", value: .object([]), line: 4),
        ]))
        #expect(try parse(" \"é\" ") == .string("é"))
        #expect(try parse("[]") == .array([]))
    }

    @Test("what is not JSON is refused with its line and column")
    func errors() {
        let cases: [(String, Int, Int, String)] = [
            ("{\"a\": 1,}", 1, 9, "a key in double quotes was expected"),
            ("{\n  \"a\": 01\n}", 2, 9, "leading zero"),
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "',' or '}' was expected"),
            ("{\"a\": 1, \"a\": 2}", 1, 10, "appears twice"),
            // Foundation's reader on Linux lets this one through; RFC 8259 does not.
            ("[1,]", 1, 4, "a value was expected"),
            ("[1, 2", 1, 6, "unexpected end of the text"),
            ("\"é\u{01}\"", 1, 3, "control character"),
            ("{\"a\": tru}", 1, 7, "true was expected"),
            ("\"\\ud800\"", 1, 8, "lone high surrogate"),
            ("// comment\n{}", 1, 1, "unexpected '/'"),
            ("{} x", 1, 4, "unexpected text after"),
            ("\u{FEFF}{}", 1, 1, "byte order mark"),
            (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), 1, 65, "deeper than 64"),
        ]
        for (text, line, column, message) in cases {
            #expect {
                try parse(text)
            } throws: { error in
                guard let error = error as? JSONSyntaxError else { return false }
                return error.line == line && error.column == column && error.message.contains(message)
            }
        }
    }

    @Test("accepts and refuses what Foundation's JSONSerialization does")
    func agreesWithFoundation() {
        let texts = [
            "{}", "[]", "0", "-0", "1.5", "1e5", "1E-5", "-12.0e+2", "\"\"", "true", "null", "[1,[2,[3]]]",
            "{\"a\":{\"b\":[{}]}}", "\"\\u0041\\t\"", " \n\t{ \"k\" : [ ] } \r\n",
            "01", "1.", ".5", "+1", "1e", "-", "--1", "{\"a\"}", "{\"a\":}", "{a:1}", "'a'", "[1 2]",
            "\"\\x\"", "\"\\u12\"", "\"abc", "tru", "nul", "[", "]", "{\"a\":1}}", "", " ", "NaN", "Infinity", "0x10",
            "\"\t\"", "[1,,2]",
        ]
        for text in texts {
            let ours = (try? parse(text)) != nil
            let foundation = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
            #expect(ours == foundation, "\(String(reflecting: text)): ours \(ours), Foundation \(foundation)")
        }
    }

    @Test("what the writer writes, the reader reads back")
    func roundTrip() throws {
        let value = JSONValue.object([
            .init(key: "text", value: .string("quote \" backslash \\ tab \t é 😀 \u{01}")),
            .init(key: "list", value: .array([.number("12.50"), .bool(false), .null, .object([.init(key: "k", value: .array([]))])])),
        ])
        for pretty in [false, true] {
            let json = JSONWriter(pretty: pretty)
            json.value(value)
            let read = try JSONValue.parse(Array(json.written))
            // Lines differ with the layout: compare without them.
            func strip(_ value: JSONValue) -> JSONValue {
                switch value {
                case .array(let elements): .array(elements.map(strip))
                case .object(let members): .object(members.map { .init(key: $0.key, value: strip($0.value)) })
                default: value
                }
            }
            #expect(strip(read) == value)
        }
    }
}
