import FacteurModel

/// What the official rule set says of one rule: its family, its severity in each syntax, the
/// EN 16931 terms it concerns and its official text.
public struct RuleInfo: Sendable, Hashable {
    public var id: String
    /// `BR`, `BR-CO`, `BR-CL`, `BR-DEC`, a VAT-category family (`BR-S`, ...), or a syntax family.
    public var family: String
    /// Severity in the UBL rule set, `nil` when the rule is not part of it.
    public var ubl: Severity?
    /// Severity in the CII rule set, `nil` when the rule is not part of it.
    public var cii: Severity?
    /// The business terms and groups (`BT-24`, `BG-23`) the official text names, in its order.
    public var terms: [String]
    /// The official text of the rule (`An Invoice shall have a Specification identifier (BT-24).`);
    /// `nil` for the CII syntax rules, whose text the pinned artefacts do not carry here.
    public var text: String?

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

    /// Every assertion id of the French rules (BR-FR), with its rule (`BR-FR-05`) as family and a
    /// summary of what it checks as text.
    public static let fr: [String: RuleInfo] = parse(frTable)

    /// The release of the French rules the catalogue was generated from (`v1.4.0.02`).
    public static var frRelease: String { frVersion }

    private static func parse(_ table: String) -> [String: RuleInfo] {
        let lines = TableText.split(table, on: "\n")
        var rules: [String: RuleInfo] = [:]
        for line in lines {
            let fields = TableText.split(line, on: " ", maxSplits: 5)
            guard fields.count == 6 else { continue }
            let id = String(fields[0])
            rules[id] = RuleInfo(id: id, family: String(fields[1]),
                                 ubl: Severity(rawValue: String(fields[2])), cii: Severity(rawValue: String(fields[3])),
                                 terms: fields[4] == "-" ? [] : TableText.split(fields[4], on: ",").map(String.init),
                                 text: fields[5] == "-" ? nil : String(fields[5]))
        }
        return rules
    }
}
