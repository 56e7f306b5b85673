/// How serious a finding is, in the vocabulary of the official rules.
public enum Severity: String, Sendable, Hashable, Comparable {
    /// The invoice is rejected.
    case fatal
    /// Reported only.
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .fatal && rhs == .warning
    }
}

/// What a rule found in an invoice: which rule, how serious, about which business term, where, and
/// a message a supplier can act on (what was found, what was expected).
///
/// An invoice that breaks a rule produces findings, not errors: errors are for documents that cannot
/// be read at all.
public struct Finding: Sendable, Hashable {
    /// The rule id, as the official rules name it (`BR-CO-15`, `BR-FR-12`, ...).
    public var rule: String
    public var severity: Severity
    /// The EN 16931 term or group concerned (`BT-112`, `BG-23`), when there is one.
    public var term: String?
    public var location: FindingLocation?
    public var message: String

    public init(rule: String, severity: Severity, term: String?, location: FindingLocation?, message: String) {
        self.rule = rule
        self.severity = severity
        self.term = term
        self.location = location
        self.message = message
    }
}
