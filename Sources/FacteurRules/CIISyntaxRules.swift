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
        /// `matches(., '^\\s*(\\d{4})(1[0-2]|0[1-9]){1}(3[01]|[12][0-9]|0[1-9]){1}\\s*$')`: a year, a month
        /// 01..12 and a day 01..31 (not checked against the month), white space around allowed.
        case date102
        /// `(P)`: P is required.
        case present(TreePath)
        /// `not(P and Q)`, also written `(not(P) and Q) or (P and not(Q)) or (not(P) and not(Q))`.
        case notBoth(TreePath, TreePath)
        /// `count(//P) <= N`, over the whole document.
        case atMostAnywhere(DocumentPath, Int)
        /// `count(//P) = 0 or count(distinct-values(//P)) = 1`: every P has the same string value.
        case distinctAnywhere(DocumentPath)
        /// `count(//P[normalize-space(.) != normalize-space((//P)[1])]) = 0`: every P has the value
        /// of the first, white space normalised.
        case sameAnywhere(DocumentPath)
        /// CII-SR-119: the price allowance (BT-147) is an allowance with an amount, or is absent.
        case priceAllowanceOnly
        /// CII-SR-470: a credit transfer (code 30 or 58) names the payee's account (IBAN or proprietary id).
        case creditTransferAccount
        /// CII-DT-033: `@unitCode` only when an invoice line's billed quantity (BT-130) has one.
        case unitCodeWithBilledQuantity
    }

    /// `//P` of a document-wide test, split once: the first step, gathered anywhere in the walk, and
    /// the steps after it.
    struct DocumentPath: Sendable {
        let first: TreeStep
        let rest: TreePath?

        init(_ text: Substring) {
            var steps = TableText.split(text, on: "/")
            guard let first = TreeStep(steps.removeFirst()) else { preconditionFailure("not a path step in //\(text)") }
            self.first = first
            self.rest = steps.isEmpty ? nil : TreePath(steps.joined(separator: "/"))
        }
    }

    /// A class, as `Context`: the checks pass them around per element, and a reference costs one
    /// count where a struct of strings and paths costs one for each of them.
    final class Rule: Sendable {
        let id: String
        let text: String
        let test: Test

        init(id: String, text: String, test: Test) {
            self.id = id
            self.text = text
            self.test = test
        }
    }

    /// Changed only while the table is read (`parse`), then shared read-only.
    final class Context: @unchecked Sendable {
        let text: String
        /// The position of the context in the pattern: an element is checked by the first context
        /// that matches it, as Schematron does.
        let order: Int
        /// The steps the element and then its ancestors match, the element's own first: `/a/b/c` and
        /// `//a/b/c` give c, b, a.
        let chain: [TreeStep]
        /// `/a/b/c`: the last step of `chain` is the root element.
        let rooted: Bool
        /// `//*suffix` (`//*[ends-with(name(), 'suffix')]`): elements of any name ending so, anywhere;
        /// `//ram:*suffix` only in that namespace; ` -Name` after it leaves out elements so named.
        let suffix: [UInt8]?
        let suffixNamespace: TreePrefix?
        let excluded: [[UInt8]]
        /// `[@format='102']` on a `//name` context: only elements with that format.
        let format: String?
        // Set while the table is read, then only read (for every element the walk visits: no
        // exclusivity check at each read).
        @exclusivity(unchecked) var rules: [Rule] = []

        /// Set once the rules are read (`index`): the rules that can fail whatever children the
        /// element has, and the others by the local name of the child their test needs present.
        /// Held unretained (`rules` keeps them): the check loop reads them for every element it
        /// visits, and counts no reference doing so.
        @exclusivity(unchecked) private(set) var always: [Unmanaged<Rule>] = []
        /// `not(@name)`: only elements with attributes can fail them.
        @exclusivity(unchecked) private(set) var onAttributes: [Unmanaged<Rule>] = []
        @exclusivity(unchecked) private(set) var triggered = KeyTable<[Unmanaged<Rule>]>([])
        @exclusivity(unchecked) private(set) var hasTriggered = false
        /// Only `true()` rules: nothing to look for (the context still takes its elements).
        @exclusivity(unchecked) private(set) var cannotFail = true

        /// `chain` as the walk tests it: plain values, no reference counted per step.
        let chainMatchers: [StepMatcher]

        init(text: String, order: Int, chain: [TreeStep], rooted: Bool, suffix: [UInt8]? = nil,
             suffixNamespace: TreePrefix? = nil, excluded: [[UInt8]] = [], format: String? = nil) {
            self.text = text
            self.order = order
            self.chain = chain
            self.chainMatchers = chain.map(\.matcher)
            self.rooted = rooted
            self.suffix = suffix
            self.suffixNamespace = suffixNamespace
            self.excluded = excluded
            self.format = format
        }

        /// The local name key of the elements a named context matches (nil for a suffix context).
        var nameKey: Int? { chain.first?.key }

        /// Whether a suffix context takes elements of this name (NUL-terminated), namespace aside.
        func matchesName(_ name: [UInt8]) -> Bool {
            guard let suffix, name.count > suffix.count else { return false }
            return name.dropLast().suffix(suffix.count).elementsEqual(suffix) && !excluded.contains(name)
        }

        /// Whether the element is in the namespace a suffix context asks for.
        func matchesNamespace(_ element: XMLNode) -> Bool {
            guard let namespace = suffixNamespace else { return true }
            return element.isInNamespace(namespace.uri)
        }

        /// Whether the context matches the element.
        func matches(_ element: XMLNode) -> Bool {
            if let suffix {
                guard element.localNameEnds(withBytes: suffix) else { return false }
                if let namespace = suffixNamespace, !element.isInNamespace(namespace.uri) { return false }
                for name in excluded where element.hasLocalName(nulTerminated: name) { return false }
                return true
            }
            guard let top = chainMatchers.withUnsafeBufferPointer({ StepMatcher.matchUpwards($0, from: element) }) else { return false }
            if rooted, top.parentElement != nil { return false }
            if let format, element.attribute("format") != format { return false }
            return true
        }

        func index() {
            var byChild: [(key: Int, value: [Unmanaged<Rule>])] = []
            for element in rules {
                let rule = Unmanaged.passUnretained(element)
                switch element.test {
                case .never:
                    continue
                case .absent(let path), .atMost(let path, _), .absentOrEquals(let path, _), .absentUnlessSelf(let path, _),
                     .absentUnlessAncestor(let path, _), .absentUnlessSelfCoded(let path, _, _), .requires(let path, _),
                     .requiresCount(let path, _, _), .notBoth(let path, _):
                    // These fail only when the first step of the path names a child of the element.
                    guard let key = path.steps.first?.key else {
                        if case .absent = element.test, path.attribute != nil { onAttributes.append(rule) } else { always.append(rule) }
                        break
                    }
                    if let slot = byChild.firstIndex(where: { $0.key == key }) {
                        byChild[slot].value.append(rule)
                    } else {
                        byChild.append((key, [rule]))
                    }
                default:
                    always.append(rule)
                }
            }
            triggered = KeyTable(byChild)
            hasTriggered = !byChild.isEmpty
            cannotFail = always.isEmpty && onAttributes.isEmpty && byChild.isEmpty
        }
    }

    static let contexts: [Context] = parse(table)
    static let ubl: Set<String> = []
    static let cii: Set<String> = Set(contexts.flatMap { $0.rules.map(\.id) }).filter { RuleCatalogue.en16931[$0]?.cii != nil }

    static func parse(_ table: String) -> [Context] {
        var contexts: [Context] = []
        // `@ A | B`: one rule over several paths, kept as one context per path, sharing the rules.
        var group = 0
        for line in TableText.split(table, on: "\n") {
            if line.hasPrefix("@ ") {
                group = contexts.count
                for alternative in TableText.split(line.dropFirst(2), on: "|") {
                    contexts.append(context(String(TableText.trimmed(alternative)), order: contexts.count))
                }
                continue
            }
            guard let space = line.firstIndex(of: " ") else { continue }
            let id = String(line[..<space])
            let text = String(line[line.index(after: space)...])
            let rule = Rule(id: id, text: text, test: parseTest(text))
            for index in group..<contexts.count { contexts[index].rules.append(rule) }
        }
        for context in contexts { context.index() }
        return contexts
    }

    private static func context(_ text: String, order: Int) -> Context {
        if text.hasPrefix("//*") || text.hasPrefix("//ram:*") {
            var words = TableText.split(text, on: " ")
            let pattern = words.removeFirst()
            let namespace: TreePrefix? = pattern.hasPrefix("//ram:") ? .ram : nil
            let suffix = pattern.drop { $0 != "*" }.dropFirst()
            return Context(text: text, order: order, chain: [], rooted: false, suffix: Array(suffix.utf8), suffixNamespace: namespace,
                           excluded: words.map { Array($0.dropFirst().utf8) + [0] })
        }
        let rooted = !text.hasPrefix("//")
        var pattern = Substring(text).drop { $0 == "/" }
        var format: String?
        if !rooted, pattern.hasSuffix("[@format='102']") {
            format = "102"
            pattern = pattern.dropLast("[@format='102']".count)
        }
        let chain = TableText.split(pattern, on: "/").reversed().map { step in
            guard let parsed = TreeStep(step) else { preconditionFailure("not a path step: \(step) in the context \(text)") }
            return parsed
        }
        return Context(text: text, order: order, chain: chain, rooted: rooted, format: format)
    }
    /// Parses the five forms by hand (no regular expressions: the table is read at every start).
    private static func parseTest(_ text: String) -> Test {
        // Most rules are a plain `not(P)`: settle those first, on the bytes.
        let utf8 = text.utf8
        if utf8.starts(with: "not(".utf8), utf8.last == UInt8(ascii: ")"),
           !utf8.dropFirst(4).dropLast().contains(where: { $0 == 0x28 || $0 == 0x29 || $0 == 0x20 || $0 == 0x3D || $0 == 0x5B }) {
            return .absent(TreePath(String(text.dropFirst(4).dropLast())))
        }
        // `not(P) or (self::ram:Name and (ram:TypeCode='a' or ...))`, read before spaces are dropped.
        if text.hasPrefix("not("), text.contains("self::ram:"), text.contains("ram:TypeCode='"),
           let close = text.firstIndex(of: ")"), let selfRange = text.firstRange(of: "self::ram:") {
            let condition = TreePath(String(text[text.index(text.startIndex, offsetBy: 4)..<close]))
            let name = text[selfRange.upperBound...].prefix { $0.isLetter }
            let codes = text.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            return .absentUnlessSelfCoded(condition, Array(name.utf8) + [0], codes)
        }
        if let (first, second) = notBoth(text) { return .notBoth(TreePath(first), TreePath(second)) }
        let compact = Substring(text.filter { $0 != " " })
        if compact == "true()" { return .never }
        if compact == "matches(.,'^\\s*(\\d{4})(1[0-2]|0[1-9]){1}(3[01]|[12][0-9]|0[1-9]){1}\\s*$')" { return .date102 }
        if let test = compoundTests[String(compact)] { return test }
        // `(T)`: the outer parentheses around a whole test.
        if compact.hasPrefix("("), matchingParenthesis(compact, from: compact.startIndex) == compact.index(before: compact.endIndex),
           compact.dropFirst().hasPrefix("count(") {
            return parseTest(String(compact.dropFirst().dropLast()))
        }
        // `(P)`: a bare path.
        if compact.hasPrefix("("), compact.hasSuffix(")"), !compact.dropFirst().dropLast().contains(where: { "()[]=<>".contains($0) }) {
            return .present(TreePath(String(compact.dropFirst().dropLast())))
        }
        // Document-wide tests on `//P`.
        if compact.hasPrefix("count(//") {
            let path = compact.dropFirst(8).prefix { $0 != ")" && $0 != "[" }
            if compact == "count(//\(path))=0orcount(distinct-values(//\(path)))=1" { return .distinctAnywhere(DocumentPath(path)) }
            if compact == "count(//\(path)[normalize-space(.)!=normalize-space((//\(path))[1])])=0" { return .sameAnywhere(DocumentPath(path)) }
            if compact.hasPrefix("count(//\(path))<="), let limit = Int(compact.dropFirst("count(//\(path))<=".count)) {
                return .atMostAnywhere(DocumentPath(path), limit)
            }
        }
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

    /// The three tests too particular to have a form, by their text (spaces removed).
    private static let compoundTests: [String: Test] = [
        "(ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator[udt:Indicator=false()]andram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount)or(not(ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ChargeIndicator)andnot(ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount))": .priceAllowanceOnly,
        "count(ram:SpecifiedTradeSettlementPaymentMeans[(normalize-space(ram:TypeCode)='30'ornormalize-space(ram:TypeCode)='58')andnot(ram:PayeePartyCreditorFinancialAccount/ram:IBANIDorram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID)])=0": .creditTransferAccount,
        "not(@unitCode)or(/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode)": .unitCodeWithBilledQuantity,
    ]

    /// `not(P and Q)`, or its spelled-out form `(not(P) and Q) or (P and not(Q)) or (not(P) and not(Q))`.
    private static func notBoth(_ text: String) -> (String, String)? {
        if text.hasPrefix("not("), text.hasSuffix(")"), !text.contains(" or ") {
            let inner = text.dropFirst(4).dropLast()
            guard let and = inner.firstRange(of: " and ") else { return nil }
            let first = inner[..<and.lowerBound], second = inner[and.upperBound...]
            guard !(first + second).contains(where: { "()[]= ".contains($0) }) else { return nil }
            return (String(first), String(second))
        }
        guard text.hasPrefix("(not("), let close = text.firstIndex(of: ")"),
              let and = text[close...].firstRange(of: " and ") else { return nil }
        let first = text[text.index(text.startIndex, offsetBy: 5)..<close]
        let second = text[and.upperBound...].prefix { $0 != ")" }
        guard text == "(not(\(first)) and \(second)) or (\(first) and not(\(second))) or (not(\(first)) and not(\(second)))" else { return nil }
        return (String(first), String(second))
    }

    /// `count(P)<=N` or `count(P)=N`; P may carry predicates with parentheses.
    private static func parseCount(_ text: Substring) -> (path: TreePath, op: String, limit: Int)? {
        guard text.hasPrefix("count("), let close = matchingParenthesis(text, from: text.index(text.startIndex, offsetBy: 5)) else { return nil }
        let path = TreePath(String(text[text.index(text.startIndex, offsetBy: 6)..<close]))
        var rest = text[text.index(after: close)...]
        let op: String
        if rest.hasPrefix("<=") { op = "<="; rest = rest.dropFirst(2) } else if rest.hasPrefix("=") { op = "="; rest = rest.dropFirst() } else { return nil }
        guard let limit = Int(rest) else { return nil }
        return (path, op, limit)
    }

    /// The `)` that closes the `(` at `open`.
    private static func matchingParenthesis(_ text: Substring, from open: Substring.Index) -> Substring.Index? {
        var depth = 0
        for index in text[open...].indices {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" { depth -= 1; if depth == 0 { return index } }
        }
        return nil
    }

    static func check(_ invoice: Invoice, tree root: XMLNode, into out: inout FindingCollector) {
        guard !invoice.syntax.isUBL else { return }
        // One walk: each element goes to the first context that matches it, and the elements of the
        // document-wide tests' first steps are gathered. The tests run after it, when those are known.
        var visits: [(element: XMLNode, context: Unmanaged<Context>)] = []
        var wide = Array(repeating: [XMLNode](), count: documentWideSteps.count)
        visit(root, VisitTables(byName: byName, bySuffix: bySuffix, wideSteps: documentWideMatchers), into: &visits, &wide)
        let document = Document(root: root, wide: wide)
        var seen: [Int] = []
        for (element, unmanaged) in visits {
            // The contexts and their rules are read unretained: the table keeps them.
            let context = unmanaged.takeUnretainedValue()
            for rule in context.always { rule._withUnsafeGuaranteedRef { check($0, element, document, into: &out) } }
            if element.hasAttributes {
                for rule in context.onAttributes { rule._withUnsafeGuaranteedRef { check($0, element, document, into: &out) } }
            }
            guard context.hasTriggered else { continue }
            // The other rules only when the child their test needs is there: most rules name
            // elements the invoice does not have.
            seen.removeAll(keepingCapacity: true)
            for child in element.childElements {
                let key = child.localNameKey
                if seen.contains(key) { continue }
                seen.append(key)
                if let rules = context.triggered[key] {
                    for rule in rules { rule._withUnsafeGuaranteedRef { check($0, element, document, into: &out) } }
                }
            }
        }
    }

    /// What an element's local name leads to: the named contexts for it and the suffix contexts
    /// its name ends with, in the pattern's order, and the document-wide first steps of that name.
    /// Kept for every name the table writes, so that most elements never try the suffixes one by one.
    ///
    /// The walk reads an entry for every element: the entry and its contexts are held unretained
    /// (`contexts` and `nameEntries` keep them), so that reading them counts no reference.
    private final class NameEntry: @unchecked Sendable {
        /// The name, NUL-terminated: keys are hashes, an element must have this very name to use the
        /// entry's suffix contexts.
        let name: [UInt8]
        let contexts: [Unmanaged<Context>]
        let suffixed: [Unmanaged<Context>]
        let wide: [Int]

        init(name: [UInt8], contexts: [Context], suffixed: [Context], wide: [Int]) {
            self.name = name
            self.contexts = contexts.map(Unmanaged.passUnretained)
            self.suffixed = suffixed.map(Unmanaged.passUnretained)
            self.wide = wide
        }
    }

    /// The entries, kept alive for `byName`.
    private static let nameEntries: [(key: Int, entry: NameEntry)] = {
        // Gathered first, then frozen: the walk reads the entries' lists for every element.
        var entries: [Int: (name: [UInt8], contexts: [Context], suffixed: [Context], wide: [Int])] = [:]
        func key(_ name: String) -> Int {
            let key = XMLNode.nameKey(name)
            let bytes = Array(name.utf8) + [0]
            if let found = entries[key] {
                precondition(found.name == bytes, "two names of the CII table share a key: \(name)")
            } else {
                entries[key] = (bytes, [], bySuffix.filter { $0.matchesName(bytes) }, [])
            }
            return key
        }
        for context in contexts { if let step = context.chain.first { entries[key(step.name)]!.contexts.append(context) } }
        for (slot, step) in documentWideSteps.enumerated() { entries[key(step.name)]!.wide.append(slot) }
        for name in tableNames { _ = key(name) }
        return entries.map { ($0.key, NameEntry(name: $0.value.name, contexts: $0.value.contexts, suffixed: $0.value.suffixed, wide: $0.value.wide)) }
    }()

    private static let byName = KeyTable(nameEntries.map { ($0.key, Unmanaged.passUnretained($0.entry)) })

    /// The tables `visit` reads for every element, read once per document.
    private struct VisitTables {
        let byName: KeyTable<Unmanaged<NameEntry>>
        let bySuffix: [Context]
        let wideSteps: [StepMatcher]
    }

    /// The local names the table writes (`ram:Name`, `rsm:Name`, `udt:Name`, `qdt:Name`).
    private static var tableNames: Set<String> {
        var names = Set<String>()
        var word: [UInt8] = []
        func flush() {
            if word.count > 4, [Array("ram:".utf8), Array("rsm:".utf8), Array("udt:".utf8), Array("qdt:".utf8)].contains(Array(word[..<4])),
               word[4...].allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) {
                names.insert(String(decoding: word[4...], as: UTF8.self))
            }
            word.removeAll(keepingCapacity: true)
        }
        for byte in table.utf8 {
            if (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x3A {
                word.append(byte)
            } else {
                flush()
            }
        }
        flush()
        return names
    }

    /// The contexts matched by a suffix of the name (`//ram:*ID`), in the pattern's order.
    private static let bySuffix: [Context] = contexts.filter { $0.suffix != nil }

    /// The document, the elements of the first steps of the document-wide tests (`//P`), and what
    /// CII-DT-033 asks of the whole document, found once.
    private final class Document {
        let root: XMLNode
        let wide: [[XMLNode]]
        private(set) lazy var billedQuantityHasUnit = CIISyntaxRules.billedQuantityUnit.select(from: root).contains { $0.attribute("unitCode") != nil }

        init(root: XMLNode, wide: [[XMLNode]]) {
            self.root = root
            self.wide = wide
        }
    }

    /// The first steps of the document-wide tests, gathered in the same walk.
    private static let documentWideSteps: [TreeStep] = {
        var steps: [TreeStep] = []
        for context in contexts {
            for rule in context.rules {
                switch rule.test {
                case .atMostAnywhere(let path, _), .distinctAnywhere(let path), .sameAnywhere(let path):
                    if !steps.contains(where: { $0.name == path.first.name && $0.namespace == path.first.namespace }) {
                        steps.append(path.first)
                    }
                default:
                    break
                }
            }
        }
        return steps
    }()

    private static let documentWideMatchers = documentWideSteps.map(\.matcher)

    private static func visit(_ node: XMLNode, _ tables: VisitTables, into visits: inout [(element: XMLNode, context: Unmanaged<Context>)], _ wide: inout [[XMLNode]]) {
        var found = tables.byName[node.localNameKey]
        if let entry = found, !entry._withUnsafeGuaranteedRef({ node.hasLocalName(nulTerminated: $0.name) }) { found = nil }
        // The first context that matches: the first suffix context that does, unless a named
        // context before it in the pattern does.
        var first: Unmanaged<Context>?
        if let found {
            found._withUnsafeGuaranteedRef { entry in
                for slot in entry.wide where tables.wideSteps[slot].matches(node) { wide[slot].append(node) }
                for context in entry.suffixed where context._withUnsafeGuaranteedRef({ $0.matchesNamespace(node) }) {
                    first = context
                    break
                }
                for context in entry.contexts {
                    if let first, first._withUnsafeGuaranteedRef({ $0.order }) < context._withUnsafeGuaranteedRef({ $0.order }) { break }
                    if context._withUnsafeGuaranteedRef({ $0.matches(node) }) {
                        first = context
                        break
                    }
                }
            }
        } else {
            for context in tables.bySuffix where context.matches(node) {
                first = Unmanaged.passUnretained(context)
                break
            }
        }
        if let first, !first._withUnsafeGuaranteedRef({ $0.cannotFail }) { visits.append((node, first)) }
        for child in node.childElements { visit(child, tables, into: &visits, &wide) }
    }

    /// `//P`: the first step anywhere, the rest from there, in document order.
    private static func anywhere(_ path: DocumentPath, _ document: Document) -> [XMLNode] {
        guard let slot = documentWideSteps.firstIndex(where: { $0.name == path.first.name && $0.namespace == path.first.namespace }) else {
            return []
        }
        guard let rest = path.rest else { return document.wide[slot] }
        return document.wide[slot].flatMap { rest.select(from: $0) }
    }

    private static let billedQuantityUnit =
        TreePath("rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")

    /// CII-SR-119, `(A[udt:Indicator=false()] and B) or (not(A) and not(B))` with A the price
    /// allowance's charge indicators and B its amounts: `udt:Indicator=false()` casts the indicator
    /// to a boolean (`false` or `0`, white space trimmed).
    private static func checkPriceAllowance(_ rule: Rule, _ agreement: XMLNode, into out: inout FindingCollector) {
        let allowances = priceAllowances.select(from: agreement)
        guard !allowances.isEmpty else { return }
        // Plain loops: `contains(where:)` over child elements crashes the 6.3 optimiser here.
        var indicators: [XMLNode] = []
        var hasAmount = false
        for allowance in allowances {
            indicators += allowance.children("ChargeIndicator", inNamespace: TreePrefix.ram.uri)
            if allowance.hasChild("ActualAmount", inNamespace: TreePrefix.ram.uri) { hasAmount = true }
        }
        var isAllowance = false
        for indicator in indicators {
            for child in indicator.childElements
            where child.hasLocalName("Indicator") && child.isInNamespace(TreePrefix.udt.uri) && XPath.boolean(child.stringValue) == false {
                isAllowance = true
            }
        }
        if (isAllowance && hasAmount) || (indicators.isEmpty && !hasAmount) { return }
        out.fail(rule.id, term: "BT-147", at: allowances[0].location,
                 "the price allowance in \(agreement.path) is not an allowance (charge indicator false) with an amount: only an item price discount (BT-147) should be given there")
    }

    private static let priceAllowances = TreePath("ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge")

    /// `\s` of XPath regular expressions: space, tab, line feed, carriage return.
    private static func isXPathSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// The artefact's pattern for format 102: `\\d` is any decimal digit (Unicode Nd) in XPath, the
    /// month and day are written out.
    static func isDate102(_ value: String) -> Bool {
        // ASCII (every real date): `\\d` is 0-9 there, checked on the bytes. Unicode digits of other
        // scripts take the general path below.
        var value = value
        if let answer = value.withUTF8({ bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            let date = XMLSpace.trimmed(bytes)
            guard date.count == 8, date.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            let month = Int(date[4] - 0x30) * 10 + Int(date[5] - 0x30)
            let day = Int(date[6] - 0x30) * 10 + Int(date[7] - 0x30)
            return (1...12).contains(month) && (1...31).contains(day)
        }) {
            return answer
        }
        let scalars = Array(value.unicodeScalars.drop { isXPathSpace($0) }.reversed().drop { isXPathSpace($0) }.reversed())
        guard scalars.count == 8, scalars[..<4].allSatisfy({ $0.properties.numericType == .decimal }) else { return false }
        let digits = scalars[4...].map { $0.value &- 48 }
        guard digits.allSatisfy({ $0 <= 9 }) else { return false }
        let month = digits[0] * 10 + digits[1], day = digits[2] * 10 + digits[3]
        return (1...12).contains(month) && (1...31).contains(day)
    }

    private static func hasAncestor(_ node: XMLNode, _ name: [UInt8]) -> Bool {
        var current = node.parentElement
        while let element = current {
            if element.hasLocalName(nulTerminated: name), element.isInNamespace(TreePrefix.ram.uri) { return true }
            current = element.parentElement
        }
        return false
    }


    /// `count(path)` from `element`, and the selected element at `position` if there is one.
    private static func count(_ path: TreePath, _ element: XMLNode, keeping position: Int = -1) -> (count: Int, kept: XMLNode?) {
        path.count(from: element, keeping: position)
    }

    private static func check(_ rule: Rule, _ element: XMLNode, _ document: Document, into out: inout FindingCollector) {
        switch rule.test {
        case .never:
            return
        case .absent(let path):
            if let found = count(path, element, keeping: 0).kept {
                out.fail(rule.id, term: nil, at: found.location, "\(rule.text.dropFirst(4).dropLast()) is not used by EN 16931 and should not be present")
            }
        case .atMost(let path, let limit):
            let (found, extra) = count(path, element, keeping: limit)
            if found > limit {
                out.fail(rule.id, term: nil, at: (extra ?? element).location,
                         "the element occurs \(found) times in \(element.path) (\(rule.text)): at most \(limit) expected")
            }
        case .exactly(let path, let expected):
            let found = count(path, element).count
            if found != expected {
                out.fail(rule.id, term: nil, at: element.location,
                         "the element occurs \(found) times in \(element.path) (\(rule.text)): exactly \(expected) expected")
            }
        case .requiresCount(let condition, let counted, let expected):
            if count(condition, element).count > 0 {
                let found = count(counted, element).count
                if found != expected {
                    out.fail(rule.id, term: nil, at: element.location,
                             "the element occurs \(found) times in \(element.path) (\(rule.text)): exactly \(expected) expected")
                }
            }
        case .absentOrEquals(let path, let value):
            let nodes = count(path, element).count > 0 ? path.select(from: element) : []
            if let first = nodes.first, !nodes.contains(where: { $0.stringValue == value }) {
                out.fail(rule.id, term: nil, at: first.location, "'\(first.stringValue)' found, '\(value)' expected (\(rule.text))")
            }
        case .absentUnlessSelf(let path, let name):
            if !element.hasLocalName(nulTerminated: name), let found = count(path, element, keeping: 0).kept {
                out.fail(rule.id, term: nil, at: found.location, "\(rule.text): not allowed in \(element.path)")
            }
        case .absentUnlessSelfCoded(let path, let name, let codes):
            guard let found = count(path, element, keeping: 0).kept else { return }
            let allowed = element.hasLocalName(nulTerminated: name)
                && element.childElements.contains { $0.hasLocalName("TypeCode") && $0.isInNamespace(TreePrefix.ram.uri) && codes.contains($0.stringValue) }
            if !allowed {
                out.fail(rule.id, term: nil, at: found.location, "\(rule.text): not allowed in \(element.path)")
            }
        case .date102:
            let value = element.stringValue
            if !isDate102(value) {
                out.fail(rule.id, term: nil, at: element.location, "the date '\(value)' is not in format 102: YYYYMMDD expected, month 01 to 12, day 01 to 31")
            }
        case .absentUnlessAncestor(let path, let name):
            if let found = count(path, element, keeping: 0).kept, !hasAncestor(element, name) {
                out.fail(rule.id, term: nil, at: found.location, "\(rule.text): not allowed in \(element.path)")
            }
        case .present(let path):
            if count(path, element).count == 0 {
                out.fail(rule.id, term: nil, at: element.location, "\(element.path) has no \(rule.text.dropFirst().dropLast()), which is required")
            }
        case .notBoth(let first, let second):
            if count(first, element).count > 0, let found = count(second, element, keeping: 0).kept {
                out.fail(rule.id, term: nil, at: found.location, "both are present in \(element.path), at most one of them expected (\(rule.text))")
            }
        case .atMostAnywhere(let path, let limit):
            let found = anywhere(path, document)
            if found.count > limit {
                out.fail(rule.id, term: nil, at: (found[limit]).location, "the element occurs \(found.count) times in the document (\(rule.text)): at most \(limit) expected")
            }
        case .distinctAnywhere(let path):
            let found = anywhere(path, document)
            if let other = found.first(where: { $0.stringValue != found[0].stringValue }) {
                out.fail(rule.id, term: nil, at: other.location, "'\(other.stringValue)' found after '\(found[0].stringValue)': one value expected throughout the document (\(rule.text))")
            }
        case .sameAnywhere(let path):
            let found = anywhere(path, document)
            if let first = found.first.map({ XPath.normalizeSpace($0.stringValue) }),
               let other = found.first(where: { XPath.normalizeSpace($0.stringValue) != first }) {
                out.fail(rule.id, term: nil, at: other.location, "'\(other.stringValue)' found after '\(first)': one value expected throughout the document (\(rule.text))")
            }
        case .priceAllowanceOnly:
            checkPriceAllowance(rule, element, into: &out)
        case .creditTransferAccount:
            for means in element.childElements where means.hasLocalName("SpecifiedTradeSettlementPaymentMeans") && means.isInNamespace(TreePrefix.ram.uri) {
                // `normalize-space(ram:TypeCode)` reads the first code.
                let code = XPath.normalizeSpace(means.children("TypeCode", inNamespace: TreePrefix.ram.uri).first?.stringValue ?? "")
                guard code == "30" || code == "58" else { continue }
                let accounts = means.children("PayeePartyCreditorFinancialAccount", inNamespace: TreePrefix.ram.uri)
                if !accounts.contains(where: { $0.hasChild("IBANID", inNamespace: TreePrefix.ram.uri) || $0.hasChild("ProprietaryID", inNamespace: TreePrefix.ram.uri) }) {
                    out.fail(rule.id, term: "BT-84", at: means.location,
                             "a credit transfer (payment means code \(code)) without the payee's account: an IBAN or a proprietary identifier (BT-84) is expected")
                    return
                }
            }
        case .unitCodeWithBilledQuantity:
            if let unit = element.attribute("unitCode"), !document.billedQuantityHasUnit {
                out.fail(rule.id, term: nil, at: element.location, "@unitCode '\(unit)' on \(element.path), but no invoice line's billed quantity (BT-130) has a unit code")
            }
        case .requires(let condition, let required):
            if count(condition, element).count > 0, count(required, element).count == 0 {
                out.fail(rule.id, term: nil, at: element.location, "\(rule.text) does not hold in \(element.path)")
            }
        }
    }
}
