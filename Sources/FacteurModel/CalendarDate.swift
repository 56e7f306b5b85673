/// A calendar date without time or zone, as EN 16931 dates are (BT-2, BT-7, BT-9, ...).
///
/// UBL writes `xs:date` (`2026-09-01`, possibly with a zone suffix that EN 16931 ignores), CII writes
/// `udt:DateTimeString format="102"` (`20260901`). Both read into this one type; the lexical value is
/// kept beside it in `DateTerm`.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// `YYYY-MM-DD` with an optional zone (`Z`, `+hh:mm`, `-hh:mm`), as `xs:date` allows.
    public init?(xsDate text: some StringProtocol) {
        let bytes = Array(Self.trimmed(text).utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = Self.number(bytes[0..<4]), let m = Self.number(bytes[5..<7]), let d = Self.number(bytes[8..<10])
        else { return nil }
        let zone = bytes[10...]
        if !zone.isEmpty {
            let valid: Bool
            if zone.count == 1 {
                valid = zone.first == UInt8(ascii: "Z")
            } else if zone.count == 6, let sign = zone.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
                      zone[zone.startIndex + 3] == UInt8(ascii: ":"),
                      let hh = Self.number(zone[(zone.startIndex + 1)..<(zone.startIndex + 3)]),
                      let mm = Self.number(zone[(zone.startIndex + 4)..<(zone.startIndex + 6)]) {
                valid = hh <= 14 && mm <= 59
            } else {
                valid = false
            }
            guard valid else { return nil }
        }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYYMMDD`, the UN/CEFACT date format 102.
    public init?(format102 text: some StringProtocol) {
        let bytes = Array(Self.trimmed(text).utf8)
        guard bytes.count == 8, let y = Self.number(bytes[0..<4]), let m = Self.number(bytes[4..<6]),
              let d = Self.number(bytes[6..<8])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    private static func trimmed(_ text: some StringProtocol) -> Substring {
        var s = Substring(text)
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" { s = s.dropLast() }
        return s
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601 extended form, `YYYY-MM-DD`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
