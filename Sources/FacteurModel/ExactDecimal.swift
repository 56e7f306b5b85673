/// An exact decimal number: `significand × 10^(-scale)`.
///
/// Money, quantities, prices and percentages in an invoice are `xs:decimal` values. They are kept
/// exactly as written (scale included: `10.50` keeps two fraction digits) and computed on without
/// binary floating point. The significand is a 128-bit integer, enough for 38 significant digits;
/// a lexical value that does not fit is not a value (`ExactDecimal(parsing:)` returns `nil`), and the
/// arithmetic reports overflow instead of trapping, because invoices are untrusted input.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits, with the sign.
    public let significand: Int128
    /// How many of the digits are fraction digits (0...maxScale).
    public let scale: Int

    public static let maxScale = 38
    public static let zero = ExactDecimal(significand: 0, scale: 0)

    public init(significand: Int128, scale: Int) {
        precondition(scale >= 0 && scale <= Self.maxScale, "scale out of range")
        self.significand = significand
        self.scale = scale
    }

    public init(_ integer: Int) {
        self.init(significand: Int128(integer), scale: 0)
    }

    /// Parses an `xs:decimal` lexical value: optional sign, digits, optional fraction, surrounded by
    /// optional XML white space. No exponent, no grouping, no comma: those are not decimals in XML.
    public init?(parsing text: some StringProtocol) {
        var string = String(text)
        guard let value = string.withUTF8({ Self.parse($0) }) else { return nil }
        self = value
    }

    /// The lexical value's bytes read in place.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var digitBytes = XMLSpace.trimmed(bytes)
        var negative = false
        if let sign = digitBytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digitBytes = UnsafeBufferPointer(rebasing: digitBytes.dropFirst())
        }
        var significand: Int128 = 0
        var scale = 0
        var digits = 0
        var seenPoint = false
        for byte in digitBytes {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int128(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = significand.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            significand = sum
            digits += 1
            if seenPoint { scale += 1 }
        }
        guard digits > 0, scale <= Self.maxScale else { return nil }
        return ExactDecimal(significand: negative ? -significand : significand, scale: scale)
    }

    // MARK: - Arithmetic (overflow gives nil)

    private static func pow10(_ n: Int) -> Int128? {
        var result: Int128 = 1
        for _ in 0..<n {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// This value with at least `scale` fraction digits (same value), or nil on overflow.
    public func rescaled(to scale: Int) -> ExactDecimal? {
        if scale <= self.scale { return self }
        guard scale <= Self.maxScale, let factor = Self.pow10(scale - self.scale) else { return nil }
        let (value, overflow) = significand.multipliedReportingOverflow(by: factor)
        return overflow ? nil : ExactDecimal(significand: value, scale: scale)
    }

    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let scale = max(self.scale, other.scale)
        guard let a = rescaled(to: scale), let b = other.rescaled(to: scale) else { return nil }
        let (sum, overflow) = a.significand.addingReportingOverflow(b.significand)
        return overflow ? nil : ExactDecimal(significand: sum, scale: scale)
    }

    public func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
        adding(other.negated())
    }

    public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        let scale = self.scale + other.scale
        guard !overflow, scale <= Self.maxScale else { return nil }
        return ExactDecimal(significand: product, scale: scale)
    }

    public func negated() -> ExactDecimal {
        ExactDecimal(significand: -significand, scale: scale)
    }

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }

    /// Rounds to `places` fraction digits the way XPath's `round()` does (halves go towards positive
    /// infinity: 2.5 → 3, -2.5 → -2), which is what the official EN 16931 rules apply as
    /// `round(x * 100) div 100`.
    public func roundedXPath(places: Int) -> ExactDecimal {
        precondition(places >= 0)
        guard scale > places, let divisor = Self.pow10(scale - places) else { return self }
        // floor((significand * 2 + divisor) / (2 * divisor)) == floor(significand / divisor + 1/2)
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: divisor)
        var floorQuotient = quotient
        var floorRemainder = remainder
        if remainder < 0 {
            floorQuotient -= 1
            floorRemainder += divisor
        }
        // Round half up: compare 2 * remainder with divisor, avoiding overflow.
        if floorRemainder >= divisor - floorRemainder {
            floorQuotient += 1
        }
        return ExactDecimal(significand: floorQuotient, scale: places)
    }

    /// The number of fraction digits as written, for the BR-DEC rules.
    public var fractionDigits: Int { scale }

    // MARK: - Comparison is by value: 1.0 == 1.00

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        compare(lhs, rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        // Hash the normalised form so that equal values hash alike.
        var s = significand
        var k = scale
        while k > 0, s % 10 == 0 {
            s /= 10
            k -= 1
        }
        hasher.combine(s)
        hasher.combine(k)
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        compare(lhs, rhs) < 0
    }

    private static func compare(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int {
        if lhs.scale == rhs.scale {
            return lhs.significand == rhs.significand ? 0 : (lhs.significand < rhs.significand ? -1 : 1)
        }
        let scale = max(lhs.scale, rhs.scale)
        if let a = lhs.rescaled(to: scale), let b = rhs.rescaled(to: scale) {
            return a.significand == b.significand ? 0 : (a.significand < b.significand ? -1 : 1)
        }
        // Rescaling overflowed: the integer parts alone decide, or the values are extreme; compare
        // the integer parts first, then the fractions at the common scale, which always fit.
        let (li, lf) = lhs.significand.quotientAndRemainder(dividingBy: pow10(lhs.scale)!)
        let (ri, rf) = rhs.significand.quotientAndRemainder(dividingBy: pow10(rhs.scale)!)
        if li != ri { return li < ri ? -1 : 1 }
        let a = ExactDecimal(significand: lf, scale: lhs.scale).rescaled(to: scale)!.significand
        let b = ExactDecimal(significand: rf, scale: rhs.scale).rescaled(to: scale)!.significand
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    // MARK: - Text

    /// The value with its scale, without exponent: `-1234.50`.
    public var description: String {
        let negative = significand < 0
        let magnitude = significand.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale {
                digits = String(repeating: "0", count: scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }
}
