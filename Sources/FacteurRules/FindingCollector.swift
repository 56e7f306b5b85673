import FacteurModel

/// Collects the findings of one invoice, giving each the severity the official rule set gives its
/// rule in the invoice's syntax. A rule that is not part of that syntax's rule set reports nothing.
struct FindingCollector {
    let syntax: Syntax
    /// The invoice's element paths: a finding's location carries its path as text.
    let paths: ElementPaths?
    /// The rule set the findings belong to: its catalogue gives each rule its severity in the syntax.
    let ruleSet: RuleSet
    private(set) var findings: [Finding] = []

    enum RuleSet {
        case en16931, fr

        var catalogue: [String: RuleInfo] {
            switch self {
            case .en16931: return RuleCatalogue.en16931
            case .fr: return RuleCatalogue.fr
            }
        }
    }

    init(syntax: Syntax, paths: ElementPaths? = nil, ruleSet: RuleSet = .en16931) {
        self.syntax = syntax
        self.paths = paths
        self.ruleSet = ruleSet
    }

    /// Adds the findings of `other` (collected for the same invoice) after these.
    mutating func append(_ other: FindingCollector) {
        findings.append(contentsOf: other.findings)
    }

    /// Exchanges the findings collected with `other`: a validator takes over the caller's findings
    /// to add its own, and hands them all back, without copying one (a finding holds four strings).
    mutating func exchangeFindings(with other: inout [Finding]) {
        swap(&findings, &other)
    }

    /// Leaves out, in place and from `start` on, the findings that are not kept; the others keep
    /// their order.
    mutating func keepFindings(from start: Int, where kept: (Finding) -> Bool) {
        var end = start
        for index in start..<findings.count where kept(findings[index]) {
            if index != end { findings.swapAt(index, end) }
            end += 1
        }
        findings.removeSubrange(end...)
    }

    /// Reports that `rule` failed. The message says what was found and what is expected.
    mutating func fail(_ rule: String, term: String?, at location: FindingLocation?, _ message: @autoclosure () -> String) {
        guard let severity = ruleSet.catalogue[rule]?.severity(in: syntax) else { return }
        findings.append(Finding(rule: rule, severity: severity, term: term, location: location, message: message()))
    }

    /// `fail` for a rule whose severity in the collector's syntax was read from the catalogue
    /// beforehand, once for every check of it.
    mutating func fail(_ rule: String, severity: Severity, term: String?, at location: FindingLocation?, _ message: String) {
        findings.append(Finding(rule: rule, severity: severity, term: term, location: location, message: message))
    }

    /// `fail` at the location of a term of the model, its path read from the invoice's paths.
    mutating func fail(_ rule: String, term: String?, at location: SourceLocation?, _ message: @autoclosure () -> String) {
        fail(rule, term: term, at: location?.resolved(in: paths), message())
    }

    /// Reports `rule` unless `condition` holds.
    mutating func require(_ condition: Bool, _ rule: String, term: String?, at location: FindingLocation?,
                          _ message: @autoclosure () -> String) {
        if !condition { fail(rule, term: term, at: location, message()) }
    }

    mutating func require(_ condition: Bool, _ rule: String, term: String?, at location: SourceLocation?,
                          _ message: @autoclosure () -> String) {
        if !condition { fail(rule, term: term, at: location, message()) }
    }

    /// The BR-DEC rules: `string-length(substring-after(x, '.')) <= 2` on an amount as written.
    mutating func requireTwoDecimals(_ amount: Amount?, _ rule: String, term: String, named name: String? = nil) {
        guard let amount else { return }
        let decimals = XPath.decimals(amount.lexical)
        if decimals > 2 {
            fail(rule, term: term, at: amount.location,
                 "\(name ?? term) is \(amount.lexical), with \(decimals) decimals: at most 2 are allowed")
        }
    }
}

