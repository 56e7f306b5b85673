import CFacteurLinux
import FacteurModel
import Glibc

/// A moment in UTC, to the second: when a flow was received, when a status changed. Written as
/// ISO 8601 (`2026-01-15T09:00:00Z`) in reports and the state, and as `CCYYMMDDHHMMSS` (format 204)
/// in CDAR messages.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64

    public init(seconds: Int64) {
        self.seconds = seconds
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, or with an offset `±HH:MM` instead of `Z`; nil for anything else.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"),
              let date = CalendarDate(xsDate: String(decoding: bytes[0..<10], as: UTF8.self)),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = Self.number(bytes[11..<13]), let minute = Self.number(bytes[14..<16]),
              let second = Self.number(bytes[17..<19]), hour < 24, minute < 60, second < 60 else { return nil }
        var offset = 0
        let zone = bytes[19...]
        if zone.elementsEqual("Z".utf8) {
            offset = 0
        } else if zone.count == 6, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"),
                  zone[zone.startIndex + 3] == UInt8(ascii: ":"),
                  let hours = Self.number(zone[(zone.startIndex + 1)..<(zone.startIndex + 3)]),
                  let minutes = Self.number(zone[(zone.startIndex + 4)...]), hours < 24, minutes < 60 {
            offset = (hours * 60 + minutes) * 60 * (zone.first == UInt8(ascii: "-") ? -1 : 1)
        } else {
            return nil
        }
        let days = Self.daysSinceEpoch(year: date.year, month: date.month, day: date.day)
        seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// The current time of the system clock.
    public static var now: Instant {
        Instant(seconds: Int64(time(nil)))
    }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    /// The UTC calendar day and time of day.
    public var parts: (date: CalendarDate, hour: Int, minute: Int, second: Int) {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = Self.civil(daysSinceEpoch: days)
        return (CalendarDate(year: y, month: m, day: d)!, rest / 3600, rest / 60 % 60, rest % 60)
    }

    public var year: Int { parts.date.year }

    /// `2026-01-15T09:00:00Z`.
    public var description: String {
        let p = parts
        return "\(p.date)T\(zeroPadded(p.hour, 2)):\(zeroPadded(p.minute, 2)):\(zeroPadded(p.second, 2))Z"
    }

    /// `20260115090000` (UN/CEFACT date-time format 204).
    public var format204: String {
        let p = parts
        return [(p.date.year, 4), (p.date.month, 2), (p.date.day, 2), (p.hour, 2), (p.minute, 2), (p.second, 2)]
            .map { zeroPadded($0, $1) }.joined()
    }


    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return digits.isEmpty ? nil : value
    }

    /// Days from 1970-01-01 to a day of the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(daysSinceEpoch days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Where the engine's time comes from: the system clock, or a fixed moment (`--clock`) so that a
/// run's outputs are the same byte for byte whenever it runs.
public enum FlowClock: Sendable, Equatable {
    case system
    case fixed(Instant)

    public func now() -> Instant {
        switch self {
        case .system: return .now
        case .fixed(let instant): return instant
        }
    }
}

/// `number` in decimal with zeros in front to `width` digits (ids, sequence numbers, date parts).
func zeroPadded(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// SHA-256 of bytes, as 64 lower-case hexadecimal digits.
public func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    facteur_sha256(bytes.baseAddress, bytes.count, &digest)
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(64)
    for byte in digest {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 15)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// A clock for durations (never set back), in seconds.
public func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// A duration or a rate as log lines and progress print it: `value` rounded to `places` decimals.
public func decimal(_ value: Double, places: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let whole = String(scaled.magnitude / UInt(scale))
    guard places > 0 else { return (scaled < 0 ? "-" : "") + whole }
    let fraction = String(scaled.magnitude % UInt(scale))
    return (scaled < 0 ? "-" : "") + whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
}
