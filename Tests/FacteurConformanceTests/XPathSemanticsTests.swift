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

    /// The code lists' membership test (`normalize-space(.) = ('A', 'B', ...)` as one token) on bytes
    /// agrees with the definition written on code points, for every list, every code and variants
    /// of it: white space around and inside, case, a character added or removed, the Kelvin sign for
    /// `K` (equal to `K` for Swift's `==`, not for XPath).
    @Test func codeListsCompareCodePoints() {
        func official(_ list: Set<String>, _ value: String) -> Bool {
            let token = value.normalizedXMLSpace()
            return !token.unicodeScalars.contains(" ") && list.contains { Array($0.unicodeScalars) == Array(token.unicodeScalars) }
        }
        let lists = [CodeLists.invoiceTypes, CodeLists.currencies, CodeLists.icd, CodeLists.countries, CodeLists.vatCategories,
                     CodeLists.vatex, CodeLists.units, CodeLists.mimeCodes, CodeLists.eas, CodeLists.ciiVATPointDateCodes]
        for list in lists {
            var values = ["", " ", "\u{212A}", "K", "k", "\u{212A}\u{212A}", "application/pdf\u{0301}", "VATEX-EU-79-C\u{00A0}"]
            for code in list.codes.sorted().prefix(200) {
                values += [code, " \(code)\n", "\t\(code)\r", "\(code) \(code)", code.lowercased(), code + "0", String(code.dropLast()),
                           code.replacingOccurrences(of: "K", with: "\u{212A}"), "\(code)\u{00A0}"]
            }
            for value in values {
                let bytes = Array(value.utf8)
                #expect(bytes.withUnsafeBufferPointer { list.containsToken($0) } == official(list.codes, value), "\(value.debugDescription)")
                #expect(CodeLists.contains(list, value) == official(list.codes, value), "\(value.debugDescription)")
            }
        }
        #expect(CodeLists.vatCategories.codes.contains("\u{212A}"), "Swift's == takes the Kelvin sign for a K")
        #expect(!CodeLists.contains(CodeLists.vatCategories, "\u{212A}"))
        #expect(!CodeLists.contains(CodeLists.vatCategories, nil))
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

    /// BR-FR-03's date test (`custom:is-valid-date-format`): the rule's pattern run by ICU, and the
    /// calendar for the day, on every day of a few years around the limits and on malformed values.
    @Test func frenchDatesAgreeWithThePatternAndTheCalendar() throws {
        let ubl = try NSRegularExpression(pattern: "^20\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$")
        let cii = try NSRegularExpression(pattern: "^20\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])$")
        func matches(_ pattern: NSRegularExpression, _ value: String) -> Bool {
            pattern.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func isRealDay(_ year: Int, _ month: Int, _ day: Int) -> Bool {
            let components = DateComponents(year: year, month: month, day: day)
            guard let date = calendar.date(from: components) else { return false }
            let back = calendar.dateComponents([.year, .month, .day], from: date)
            return back.year == year && back.month == month && back.day == day
        }
        for year in [1999, 2000, 2023, 2024, 2099, 2100] {
            for month in 0...13 {
                for day in 0...32 {
                    let dashed = String(format: "%04d-%02d-%02d", year, month, day)
                    let compact = String(format: "%04d%02d%02d", year, month, day)
                    let expected = (2000...2099).contains(year) && (1...12).contains(month) && isRealDay(year, month, day)
                    #expect(FrenchDates.isValid(dashed, separators: true) == (matches(ubl, dashed) && expected), "\(dashed)")
                    #expect(FrenchDates.isValid(compact, separators: false) == (matches(cii, compact) && expected), "\(compact)")
                }
            }
        }
        for value in ["2026-1-01", "2026-01-1", "2026/01/01", " 2026-01-01", "2026-01-01Z", "2026-01-01+01:00", ""] {
            #expect(!FrenchDates.isValid(value, separators: true), "\(value)")
        }
        // Other digits: the pattern's \\d takes them, number() does not (no leap year, no day).
        #expect(FrenchDates.isValid("20\u{0662}\u{0664}-02-28", separators: true))
        #expect(!FrenchDates.isValid("20\u{0662}\u{0664}-02-29", separators: true))
        #expect(!FrenchDates.isValid("2024-02-1\u{0665}", separators: true))
    }

    /// BR-FR-01/02's identifier test: the rule's pattern on the normalised value, and no space.
    @Test func frenchIdentifiersAgreeWithThePattern() throws {
        let pattern = try NSRegularExpression(pattern: "^[A-Za-z0-9+\\-_/]+$")
        var values = ["FA-2026/001", "A_B+C", "A B", " A", "A ", "A\tB", "\tA\n", "", "A#1", "É1", "A,B", "A.B"]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09+-_/ \t\n#.é")
        for _ in 0..<2_000 {
            values.append(String((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for value in values {
            let normalized = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                .joined(separator: " ")
            let official = pattern.firstMatch(in: normalized, range: NSRange(normalized.startIndex..., in: normalized)) != nil
                && !value.contains(" ")
            #expect(FrenchAssertions.isIdentifier(value) == official, "\(value.debugDescription)")
        }
    }
}
