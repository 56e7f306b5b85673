import FacteurModel
import FacteurXML

/// The CII syntax rules (CII-SR) as a table (`CIISyntax+EN16931.swift`): for each context of the
/// official pattern, the tests on its elements. Each context element that fails a test gives one
/// finding, as in the artefact.
///
/// The tests have these forms: `not(P)` (P should not be present), `count(P) <= N`, `count(P) = N`,
/// `not(P) or (Q)` (Q is required when P is present), `not(P) or (count(Q) = N)`,
/// `not(P) or (P = 'value')`, `not(P) or self::ram:Name` and `not(P) or (ancestor::ram:Name)`;
/// `true()` is a rule that cannot fail.
enum CIISyntaxRules {
    enum Test: Sendable {
        case never
        case absent(TreePath)
        case atMost(TreePath, Int)
        case exactly(TreePath, Int)
        case requires(TreePath, TreePath)
        case requiresCount(TreePath, TreePath, Int)
        /// `not(P) or (P = 'value')`: some P has this string value.
        case absentOrEquals(TreePath, String)
        /// `not(P) or self::ram:Name`: P is allowed on elements of that name.
        case absentUnlessSelf(TreePath, [UInt8])
        /// `not(P) or (ancestor::ram:Name)`: P is allowed below an element of that name.
        case absentUnlessAncestor(TreePath, [UInt8])
        /// `not(P) or (self::ram:Name and ram:TypeCode='c' ...)`: P is allowed on elements of that name
        /// whose type code is one of the codes.
        case absentUnlessSelfCoded(TreePath, [UInt8], [String])
        /// `matches(., '^\\s*(\\d{8})\\s*$')`: eight digits, white space around allowed.
        case eightDigits
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
        /// `//*suffix` (`//*[ends-with(name(), 'suffix')]`): elements of any name ending so, anywhere;
        /// `//ram:*suffix` only in that namespace; ` -Name` after it leaves out elements so named.
        var suffix: [UInt8]? = nil
        var suffixNamespace: TreePrefix? = nil
        var excluded: [[UInt8]] = []
        /// `[@format='102']` on a `//name` context: only elements with that format.
        var format: String? = nil
        let root: TreeStep?
        let path: TreePath?
        var rules: [Rule]

        /// Only `true()` rules: nothing to look for.
        var cannotFail: Bool {
            rules.allSatisfy { if case .never = $0.test { return true } else { return false } }
        }
    }

    static let contexts: [Context] = parse(table)
    /// The contexts with a rule that can fail.
    private static let activeContexts = contexts.filter { !$0.cannotFail }
    static let ubl: Set<String> = []
    static let cii: Set<String> = Set(contexts.flatMap { $0.rules.map(\.id) }).filter { RuleCatalogue.en16931[$0]?.cii != nil }

    static func parse(_ table: String) -> [Context] {
        var contexts: [Context] = []
        for line in table.split(separator: "\n") {
            if line.hasPrefix("@ ") {
                let text = String(line.dropFirst(2))
                if text.hasPrefix("//*") || text.hasPrefix("//ram:*") {
                    var words = text.split(separator: " ")
                    let pattern = words.removeFirst()
                    let namespace: TreePrefix? = pattern.hasPrefix("//ram:") ? .ram : nil
                    let suffix = pattern.drop { $0 != "*" }.dropFirst()
                    contexts.append(Context(text: text, anywhere: true, suffix: Array(suffix.utf8), suffixNamespace: namespace,
                                            excluded: words.map { Array($0.dropFirst().utf8) + [0] }, root: nil, path: nil, rules: []))
                } else if text.hasPrefix("//") {
                    var pattern = text.dropFirst(2)
                    var format: String?
                    if pattern.hasSuffix("[@format='102']") {
                        format = "102"
                        pattern = pattern.dropLast("[@format='102']".count)
                    }
                    contexts.append(Context(text: text, anywhere: true, format: format, root: nil, path: TreePath(String(pattern)), rules: []))
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

    /// Parses the five forms by hand (no regular expressions: the table is read at every start).
    private static func parseTest(_ text: String) -> Test {
        // `not(P) or (self::ram:Name and (ram:TypeCode='a' or ...))`, read before spaces are dropped.
        if text.hasPrefix("not("), text.contains("self::ram:"), text.contains("ram:TypeCode='"),
           let close = text.firstIndex(of: ")"), let selfRange = text.firstRange(of: "self::ram:") {
            let condition = TreePath(String(text[text.index(text.startIndex, offsetBy: 4)..<close]))
            let name = text[selfRange.upperBound...].prefix { $0.isLetter }
            let codes = text.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            return .absentUnlessSelfCoded(condition, Array(name.utf8) + [0], codes)
        }
        let compact = Substring(text.filter { $0 != " " })
        if compact == "true()" { return .never }
        if compact == "matches(.,'^\\s*(\\d{8})\\s*$')" { return .eightDigits }
        // `not(P)`, or `not(P)or(...)`.
        if compact.hasPrefix("not("), let close = compact.firstIndex(of: ")") {
            let condition = TreePath(String(compact[compact.index(compact.startIndex, offsetBy: 4)..<close]))
            let rest = compact[compact.index(after: close)...]
            if rest.isEmpty { return .absent(condition) }
            if rest.hasPrefix("orself::ram:") {
                return .absentUnlessSelf(condition, Array(rest.dropFirst(12).utf8) + [0])
            }
            if rest.hasPrefix("or(ancestor::ram:"), rest.hasSuffix(")") {
                return .absentUnlessAncestor(condition, Array(rest.dropFirst(17).dropLast().utf8) + [0])
            }
            if rest.hasPrefix("or("), rest.hasSuffix("')"), let quote = rest.firstIndex(of: "'"),
               rest[rest.index(rest.startIndex, offsetBy: 3)..<quote].hasSuffix("=") {
                let path = rest[rest.index(rest.startIndex, offsetBy: 3)..<rest.index(before: quote)]
                return .absentOrEquals(TreePath(String(path)), String(rest[rest.index(after: quote)...].dropLast(2)))
            }
            if rest.hasPrefix("or(count("), rest.hasSuffix(")"), let inner = parseCount(rest.dropFirst(3).dropLast()), inner.op == "=" {
                return .requiresCount(condition, inner.path, inner.limit)
            }
            if rest.hasPrefix("or("), rest.hasSuffix(")") {
                return .requires(condition, TreePath(String(rest.dropFirst(3).dropLast())))
            }
        }
        if let parsed = parseCount(compact) {
            return parsed.op == "<=" ? .atMost(parsed.path, parsed.limit) : .exactly(parsed.path, parsed.limit)
        }
        preconditionFailure("unsupported CII syntax test: \(text)")
    }

    /// `count(P)<=N` or `count(P)=N`.
    private static func parseCount(_ text: Substring) -> (path: TreePath, op: String, limit: Int)? {
        guard text.hasPrefix("count("), let close = text.firstIndex(of: ")") else { return nil }
        let path = TreePath(String(text[text.index(text.startIndex, offsetBy: 6)..<close]))
        var rest = text[text.index(after: close)...]
        let op: String
        if rest.hasPrefix("<=") { op = "<="; rest = rest.dropFirst(2) } else if rest.hasPrefix("=") { op = "="; rest = rest.dropFirst() } else { return nil }
        guard let limit = Int(rest) else { return nil }
        return (path, op, limit)
    }

    static func check(_ invoice: Invoice, tree root: XMLNode, into out: inout FindingCollector) {
        guard !invoice.syntax.isUBL else { return }
        for context in activeContexts {
            for element in elements(of: context, root) {
                // Most rules name elements the context does not have: the names of its children, once,
                // settle those without walking any path.
                var present: [Int] = []
                for child in element.childElements { present.append(child.localNameKey) }
                for rule in context.rules { check(rule, element, present, into: &out) }
            }
        }
    }

    private static func elements(of context: Context, _ root: XMLNode) -> [XMLNode] {
        if let suffix = context.suffix {
            var found: [XMLNode] = []
            collect(root, suffix, into: &found)
            return found.filter { node in
                (context.suffixNamespace.map { node.isInNamespace($0.uri) } ?? true)
                    && !context.excluded.contains { node.hasLocalName(nulTerminated: $0) }
            }
        }
        if context.anywhere {
            guard let step = context.path?.steps.first else { return [] }
            var found: [XMLNode] = []
            collect(root, step, into: &found)
            if let format = context.format { found = found.filter { $0.attribute("format") == format } }
            return found
        }
        guard let first = context.root, first.matches(root) else { return [] }
        return context.path?.select(from: root) ?? [root]
    }

    private static func collect(_ node: XMLNode, _ suffix: [UInt8], into found: inout [XMLNode]) {
        if node.localNameEnds(withBytes: suffix) { found.append(node) }
        for child in node.childElements { collect(child, suffix, into: &found) }
    }

    private static func collect(_ node: XMLNode, _ step: TreeStep, into found: inout [XMLNode]) {
        if step.matches(node) { found.append(node) }
        for child in node.childElements { collect(child, step, into: &found) }
    }

    /// `\s` of XPath regular expressions: space, tab, line feed, carriage return.
    private static func isXPathSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    private static func hasAncestor(_ node: XMLNode, _ name: [UInt8]) -> Bool {
        var current = node.parentElement
        while let element = current {
            if element.hasLocalName(nulTerminated: name), element.isInNamespace(TreePrefix.ram.uri) { return true }
            current = element.parentElement
        }
        return false
    }

    private static func location(_ node: XMLNode) -> SourceLocation {
        SourceLocation(path: node.path, line: node.line)
    }

    /// `count(path)` from `element`, zero at once when the first step names no child of it.
    private static func count(_ path: TreePath, _ element: XMLNode, _ present: [Int], keeping position: Int = -1) -> (count: Int, kept: XMLNode?) {
        guard let first = path.steps.first else { return path.count(from: element, keeping: position) }
        guard present.contains(first.key) else { return (0, nil) }
        return path.count(from: element, keeping: position)
    }

    private static func check(_ rule: Rule, _ element: XMLNode, _ present: [Int], into out: inout FindingCollector) {
        switch rule.test {
        case .never:
            return
        case .absent(let path):
            if let found = count(path, element, present, keeping: 0).kept {
                out.fail(rule.id, term: nil, at: location(found), "\(rule.text.dropFirst(4).dropLast()) is not used by EN 16931 and should not be present")
            }
        case .atMost(let path, let limit):
            let (found, extra) = count(path, element, present, keeping: limit)
            if found > limit {
                out.fail(rule.id, term: nil, at: location(extra ?? element),
                         "the element occurs \(found) times in \(element.path) (\(rule.text)): at most \(limit) expected")
            }
        case .exactly(let path, let expected):
            let found = count(path, element, present).count
            if found != expected {
                out.fail(rule.id, term: nil, at: location(element),
                         "the element occurs \(found) times in \(element.path) (\(rule.text)): exactly \(expected) expected")
            }
        case .requiresCount(let condition, let counted, let expected):
            if count(condition, element, present).count > 0 {
                let found = count(counted, element, present).count
                if found != expected {
                    out.fail(rule.id, term: nil, at: location(element),
                             "the element occurs \(found) times in \(element.path) (\(rule.text)): exactly \(expected) expected")
                }
            }
        case .absentOrEquals(let path, let value):
            let nodes = count(path, element, present).count > 0 ? path.select(from: element) : []
            if let first = nodes.first, !nodes.contains(where: { $0.stringValue == value }) {
                out.fail(rule.id, term: nil, at: location(first), "'\(first.stringValue)' found, '\(value)' expected (\(rule.text))")
            }
        case .absentUnlessSelf(let path, let name):
            if !element.hasLocalName(nulTerminated: name), let found = count(path, element, present, keeping: 0).kept {
                out.fail(rule.id, term: nil, at: location(found), "\(rule.text): not allowed in \(element.path)")
            }
        case .absentUnlessSelfCoded(let path, let name, let codes):
            guard let found = count(path, element, present, keeping: 0).kept else { return }
            let allowed = element.hasLocalName(nulTerminated: name)
                && element.childElements.contains { $0.hasLocalName("TypeCode") && $0.isInNamespace(TreePrefix.ram.uri) && codes.contains($0.stringValue) }
            if !allowed {
                out.fail(rule.id, term: nil, at: location(found), "\(rule.text): not allowed in \(element.path)")
            }
        case .eightDigits:
            let value = element.stringValue
            let trimmed = value.unicodeScalars.drop { isXPathSpace($0) }.reversed().drop { isXPathSpace($0) }
            if trimmed.count != 8 || !trimmed.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) {
                out.fail(rule.id, term: nil, at: location(element), "the date '\(value)' is not in format 102: eight digits YYYYMMDD expected")
            }
        case .absentUnlessAncestor(let path, let name):
            if let found = count(path, element, present, keeping: 0).kept, !hasAncestor(element, name) {
                out.fail(rule.id, term: nil, at: location(found), "\(rule.text): not allowed in \(element.path)")
            }
        case .requires(let condition, let required):
            if count(condition, element, present).count > 0, count(required, element, present).count == 0 {
                out.fail(rule.id, term: nil, at: location(element), "\(rule.text) does not hold in \(element.path)")
            }
        }
    }
}
