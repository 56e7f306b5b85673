import FacteurModel

/// What the official rule set says of one rule: its family and its severity in each syntax.
public struct RuleInfo: Sendable, Hashable {
    public var id: String
    /// `BR`, `BR-CO`, `BR-CL`, `BR-DEC`, a VAT-category family (`BR-S`, ...), or a syntax family.
    public var family: String
    /// Severity in the UBL rule set, `nil` when the rule is not part of it.
    public var ubl: Severity?
    /// Severity in the CII rule set, `nil` when the rule is not part of it.
    public var cii: Severity?

    public func severity(in syntax: Syntax) -> Severity? {
        syntax.isUBL ? ubl : cii
    }
}

/// The rule ids of the official rule sets, as data (generated from the pinned release).
public enum RuleCatalogue {
    /// Every rule id of the official EN 16931 UBL and CII rule sets.
    public static let en16931: [String: RuleInfo] = parse(en16931Table)

    /// The release the catalogue was generated from (`validation-1.3.16`).
    public static var en16931Release: String { en16931Version }

    private static func parse(_ table: String) -> [String: RuleInfo] {
        var rules: [String: RuleInfo] = [:]
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4 else { continue }
            let id = String(fields[0])
            rules[id] = RuleInfo(id: id, family: String(fields[1]),
                                 ubl: Severity(rawValue: String(fields[2])), cii: Severity(rawValue: String(fields[3])))
        }
        return rules
    }
}
