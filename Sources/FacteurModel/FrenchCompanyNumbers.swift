/// French company numbers as INSEE assigns them: the SIREN (9 digits, the company) and the SIRET
/// (14 digits, an establishment: the company's SIREN followed by 5 digits). Both end with a Luhn
/// check digit. One exception: La Poste (SIREN 356000000) has more establishments than the Luhn
/// scheme leaves numbers for, and an establishment SIRET of La Poste is valid when the sum of its
/// digits is a multiple of 5 (its head office, 35600000000048, is an ordinary Luhn number).
///
/// The numbers are checked as written: exactly the digits, no spaces or separators (an invoice
/// carries them so, and the rules compare them byte for byte). Used by the French rules (BR-FR)
/// and by routing.
public enum FrenchCompanyNumber {
    /// La Poste's SIREN, the one exception to the Luhn check of establishment numbers.
    public static let laPosteSIREN = "356000000"

    /// What is wrong with a number, for a message: found against expected.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// Not a string of digits of the right length.
        case notDigits(expectedLength: Int)
        /// The right number of digits, but the check digit does not hold.
        case checkDigit
        /// A SIRET that does not start with the SIREN it is compared with.
        case otherCompany(siren: String)

        public var description: String {
            switch self {
            case .notDigits(let length): return "expected exactly \(length) digits"
            case .checkDigit: return "the check digit is wrong (Luhn)"
            case .otherCompany(let siren): return "expected a SIRET starting with the SIREN \(siren)"
            }
        }
    }

    /// Why `value` is not a valid SIREN; nil when it is one.
    public static func sirenProblem(_ value: String) -> Problem? {
        guard let digits = digits(of: value, count: 9) else { return .notDigits(expectedLength: 9) }
        return luhn(digits) ? nil : .checkDigit
    }

    /// Why `value` is not a valid SIRET; nil when it is one. With `siren`, the SIRET must also be
    /// an establishment of that company.
    public static func siretProblem(_ value: String, ofSIREN siren: String? = nil) -> Problem? {
        guard let digits = digits(of: value, count: 14) else { return .notDigits(expectedLength: 14) }
        let valid = luhn(digits) || (value.utf8.starts(with: laPosteSIREN.utf8) && digits.reduce(0, +) % 5 == 0)
        guard valid else { return .checkDigit }
        if let siren, !value.utf8.starts(with: siren.utf8) || siren.utf8.count != 9 { return .otherCompany(siren: siren) }
        return nil
    }

    public static func isValidSIREN(_ value: String) -> Bool { sirenProblem(value) == nil }
    public static func isValidSIRET(_ value: String) -> Bool { siretProblem(value) == nil }

    /// The digit values of `value` when it is exactly `count` ASCII digits.
    private static func digits(of value: String, count: Int) -> [Int]? {
        guard value.utf8.count == count else { return nil }
        var digits: [Int] = []
        digits.reserveCapacity(count)
        for byte in value.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            digits.append(Int(byte - 0x30))
        }
        return digits
    }

    /// The Luhn check: from the right, every second digit doubled (less 9 above 9); the sum is a
    /// multiple of 10.
    private static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
