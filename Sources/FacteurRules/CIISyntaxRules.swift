import FacteurModel
import FacteurXML

/// The CII syntax rules (CII-SR) as a table (`CIISyntax+EN16931.swift`): for each context of the
/// official pattern, the tests on its elements. Each context element that fails a test gives one
/// finding, as in the artefact.
///
/// The tests have five forms: `not(P)` (P should not be present), `count(P) <= N`, `count(P) = N`,
/// `not(P) or (Q)` (Q is required when P is present) and `not(P) or (count(Q) = N)`; `true()` is a
/// rule that cannot fail.
enum CIISyntaxRules {
    enum Test: Sendable {
        case never
        case absent(TreePath)
        case atMost(TreePath, Int)
        case exactly(TreePath, Int)
        case requires(TreePath, TreePath)
        case requiresCount(TreePath, TreePath, Int)
    }

    struct Rule: Sendable {
        let id: String
        let text: String
        let test: Test
    }

    struct Context: Sendable {
        let text: String
        /// `//name`: elements of this name anywhere; otherwise a path from the root element.
        let anywhere: Bool
        let root: TreeStep?
        let path: TreePath?
        var rules: [Rule]
    }

    static let contexts: [Context] = parse(table)
    static let ubl: Set<String> = []
    static let cii: Set<String> = Set(contexts.flatMap { $0.rules.map(\.id) }).filter { RuleCatalogue.en16931[$0]?.cii != nil }

    static func parse(_ table: String) -> [Context] {
        var contexts: [Context] = []
        for line in table.split(separator: "\n") {
            if line.hasPrefix("@ ") {
                let text = String(line.dropFirst(2))
                if text.hasPrefix("//") {
                    contexts.append(Context(text: text, anywhere: true, root: nil, path: TreePath(String(text.dropFirst(2))), rules: []))
                } else {
                    var steps = text.dropFirst().split(separator: "/")
                    let root = TreeStep(steps.removeFirst())
                    contexts.append(Context(text: text, anywhere: false, root: root,
                                            path: steps.isEmpty ? nil : TreePath(steps.joined(separator: "/")), rules: []))
                }
                continue
            }
            guard let space = line.firstIndex(of: " ") else { continue }
            let id = String(line[..<space])
            let text = String(line[line.index(after: space)...])
            contexts[contexts.count - 1].rules.append(Rule(id: id, text: text, test: parseTest(text)))
        }
        return contexts
    }

    private static func parseTest(_ text: String) -> Test {
        let compact = text.filter { $0 != " " }
        if compact == "true()" { return .never }
        if let match = compact.wholeMatch(of: /not\(([^()]+)\)or\(count\(([^()]+)\)=(\d+)\)/) {
            return .requiresCount(TreePath(String(match.1)), TreePath(String(match.2)), Int(match.3)!)
        }
        if let match = compact.wholeMatch(of: /not\(([^()]+)\)or\(([^()]+)\)/) {
            return .requires(TreePath(String(match.1)), TreePath(String(match.2)))
        }
        if let match = compact.wholeMatch(of: /not\(([^()]+)\)/) { return .absent(TreePath(String(match.1))) }
        if let match = compact.wholeMatch(of: /count\(([^()]+)\)<=(\d+)/) { return .atMost(TreePath(String(match.1)), Int(match.2)!) }
        if let match = compact.wholeMatch(of: /count\(([^()]+)\)=(\d+)/) { return .exactly(TreePath(String(match.1)), Int(match.2)!) }
        preconditionFailure("unsupported CII syntax test: \(text)")
    }

    static func check(_ invoice: Invoice, tree root: XMLNode, into out: inout FindingCollector) {
        guard !invoice.syntax.isUBL else { return }
        for context in contexts {
            for element in elements(of: context, root) {
                for rule in context.rules { check(rule, element, into: &out) }
            }
        }
    }

    private static func elements(of context: Context, _ root: XMLNode) -> [XMLNode] {
        if context.anywhere {
            guard let step = context.path?.steps.first else { return [] }
            var found: [XMLNode] = []
            collect(root, step, into: &found)
            return found
        }
        guard let first = context.root, first.matches(root) else { return [] }
        return context.path?.select(from: root) ?? [root]
    }

    private static func collect(_ node: XMLNode, _ step: TreeStep, into found: inout [XMLNode]) {
        if step.matches(node) { found.append(node) }
        for child in node.childElements { collect(child, step, into: &found) }
    }

    private static func location(_ node: XMLNode) -> SourceLocation {
        SourceLocation(path: node.path, line: node.line)
    }

    private static func check(_ rule: Rule, _ element: XMLNode, into out: inout FindingCollector) {
        switch rule.test {
        case .never:
            return
        case .absent(let path):
            if let found = path.count(from: element, keeping: 0).kept {
                out.fail(rule.id, term: nil, at: location(found), "\(rule.text.dropFirst(4).dropLast()) is not used by EN 16931 and should not be present")
            }
        case .atMost(let path, let limit):
            let (count, extra) = path.count(from: element, keeping: limit)
            if count > limit {
                out.fail(rule.id, term: nil, at: location(extra ?? element),
                         "the element occurs \(count) times in \(element.path) (\(rule.text)): at most \(limit) expected")
            }
        case .exactly(let path, let expected):
            let count = path.count(from: element)
            if count != expected {
                out.fail(rule.id, term: nil, at: location(element),
                         "the element occurs \(count) times in \(element.path) (\(rule.text)): exactly \(expected) expected")
            }
        case .requiresCount(let condition, let counted, let expected):
            if condition.count(from: element) > 0 {
                let count = counted.count(from: element)
                if count != expected {
                    out.fail(rule.id, term: nil, at: location(element),
                             "the element occurs \(count) times in \(element.path) (\(rule.text)): exactly \(expected) expected")
                }
            }
        case .requires(let condition, let required):
            if condition.count(from: element) > 0, required.count(from: element) == 0 {
                out.fail(rule.id, term: nil, at: location(element), "\(rule.text) does not hold in \(element.path)")
            }
        }
    }
}
