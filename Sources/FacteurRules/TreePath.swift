import FacteurXML

/// The namespaces the syntax rules name, by the prefixes the official artefacts use for them.
enum TreePrefix: String, CaseIterable, Sendable {
    case cac, cbc, ext, rsm, ram, udt, qdt

    init?(prefix: Substring) {
        // Compared on the bytes: read for every step of the tables at start-up.
        guard let found = TreePrefix.allCases.first(where: { $0.rawValue.utf8.elementsEqual(prefix.utf8) }) else { return nil }
        self = found
    }

    var uri: StaticString {
        switch self {
        case .cac: return "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
        case .cbc: return "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
        case .ext: return "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
        case .rsm: return "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
        case .ram: return "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
        case .udt: return "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
        case .qdt: return "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
        }
    }
}

/// One child step of the element paths the syntax rules are written with (`cac:Party`, `ram:ID`),
/// matched on the namespace and the local name bytes, never on the document's prefixes. A class: the
/// path walks hold steps per element, and a reference costs one count where the struct's strings and
/// arrays cost one each.
// @unchecked: every property is set once, in `init`; `bytes` points to memory nothing writes after.
final class TreeStep: @unchecked Sendable {
    /// The two predicates the rules use: `[cbc:DocumentTypeCode = '130']` and its negation
    /// `[cbc:DocumentTypeCode != '130' or not(cbc:DocumentTypeCode)]`.
    enum Predicate: Sendable, Equatable {
        case typeCode130
        case notTypeCode130
        /// `[ram:TypeCode='50']` (a child with exactly this string value) or, with `normalized`,
        /// `[normalize-space(ram:TypeCode)='916']` (the first such child, white space normalised).
        case childEquals(child: [UInt8], namespace: TreePrefix, value: String, normalized: Bool)
        /// `[@schemeID='0225']`: an attribute without namespace with exactly this value (both as
        /// UTF-8 bytes followed by a 0).
        case attributeEquals(name: [UInt8], value: [UInt8])
    }

    let namespace: TreePrefix
    let name: String
    let key: Int
    let predicate: Predicate?
    /// The name, NUL-terminated, and the namespace URI, as plain values the test reads without
    /// counting references (the walks test steps against thousands of elements per invoice).
    private let bytes: UnsafeMutablePointer<UInt8>
    private let uri: StaticString
    private let plain: Bool

    /// `cac:Name`, optionally followed by `[is130]` or `[not130]`.
    init?(_ text: Substring) {
        // Read on the UTF-8 bytes: the tables' steps are read at start-up, some two thousand of them,
        // and a search for a Character segments the text into grapheme clusters.
        var text = text
        var predicate: Predicate?
        func hasSuffix(_ suffix: StaticString) -> Bool {
            suffix.withUTF8Buffer { text.utf8.reversed().starts(with: $0.reversed()) }
        }
        if hasSuffix("[is130]") {
            predicate = .typeCode130
            text = text.dropLast(7)
        } else if hasSuffix("[not130]") {
            predicate = .notTypeCode130
            text = text.dropLast(8)
        } else if hasSuffix("']"), let open = text.utf8.firstIndex(of: UInt8(ascii: "[")) {
            guard let parsed = TreeStep.childEquals(text[text.utf8.index(after: open)..<text.utf8.index(before: text.utf8.endIndex)]) else { return nil }
            predicate = parsed
            text = text[..<open]
        }
        guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")), let namespace = TreePrefix(prefix: text[..<colon]) else { return nil }
        let name = String(text[text.utf8.index(after: colon)...])
        // XML names in these tables are ASCII letters and digits: checked on the bytes.
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) else {
            return nil
        }
        self.namespace = namespace
        self.name = name
        self.key = XMLNode.nameKey(name)
        self.predicate = predicate
        let utf8 = Array(name.utf8) + [0]
        bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: utf8.count)
        bytes.initialize(from: utf8, count: utf8.count)
        uri = namespace.uri
        plain = predicate == nil
    }

    deinit {
        bytes.deallocate()
    }

    /// Whether the element is one this step selects (`StepMatcher.matches`).
    @inline(__always)
    func matches(_ node: XMLNode) -> Bool {
        matcher.matches(node)
    }

    /// The step as a plain value for the path walks: testing it counts no reference.
    var matcher: StepMatcher {
        StepMatcher(key: key, name: UnsafePointer(bytes), length: name.utf8.count, uri: uri, plain: plain,
                    step: Unmanaged.passUnretained(self))
    }

    /// The predicate, on an element of the step's name.
    fileprivate func matchesPredicate(_ node: XMLNode) -> Bool {
        switch predicate {
        case nil: return true
        case .typeCode130?: return TreeStep.hasTypeCode130(node)
        case .notTypeCode130?: return !TreeStep.hasTypeCode130(node)
        case .attributeEquals(let name, let value)?:
            return node.attribute(nulTerminated: name, equals: value)
        case .childEquals(let child, let namespace, let value, let normalized)?:
            for element in node.childElements where element.hasLocalName(nulTerminated: child) && element.isInNamespace(namespace.uri) {
                if normalized { return XPath.normalizeSpace(element.stringValue) == value }
                if element.stringValue == value { return true }
            }
            return false
        }
    }

    /// `ram:TypeCode='50'`, `normalize-space(ram:TypeCode)='916'` or `@schemeID='0225'` (white space
    /// around `=` allowed).
    private static func childEquals(_ text: Substring) -> Predicate? {
        var text = Substring(text.filter { $0 != " " })
        if text.hasPrefix("@") {
            guard let equals = text.firstIndex(of: "=") else { return nil }
            let value = text[text.index(after: equals)...]
            guard value.count >= 2, value.first == "'", value.last == "'" else { return nil }
            return .attributeEquals(name: Array(text[text.index(after: text.startIndex)..<equals].utf8) + [0],
                                    value: Array(value.dropFirst().dropLast().utf8) + [0])
        }
        var normalized = false
        if text.hasPrefix("normalize-space(") {
            normalized = true
            text = text.dropFirst("normalize-space(".count)
            guard let close = text.firstIndex(of: ")") else { return nil }
            text.remove(at: close)
        }
        guard let equals = text.firstIndex(of: "="), let colon = text.firstIndex(of: ":"), colon < equals,
              let namespace = TreePrefix(prefix: text[..<colon]) else { return nil }
        let value = text[text.index(after: equals)...]
        guard value.count >= 2, value.first == "'", value.last == "'" else { return nil }
        return .childEquals(child: Array(text[text.index(after: colon)..<equals].utf8) + [0], namespace: namespace,
                            value: String(value.dropFirst().dropLast()), normalized: normalized)
    }

    /// `cbc:DocumentTypeCode = '130'`: one of the codes is exactly `130`.
    static func hasTypeCode130(_ node: XMLNode) -> Bool {
        // A plain loop: `contains(where:)` here, inlined into the path walk, crashes the 6.3 optimiser.
        for child in node.childElements
        where child.hasLocalName("DocumentTypeCode") && child.isInNamespace(TreePrefix.cbc.uri) && child.stringValue == "130" {
            return true
        }
        return false
    }
}

/// A `TreeStep` as plain values, for the loops that test a step against many elements: reading a
/// class reference out of an array counts it (an atomic operation) on each read, these fields do not.
/// Valid while the step lives: a `TreePath` keeps its steps.
struct StepMatcher: @unchecked Sendable {
    let key: Int
    let name: UnsafePointer<UInt8>
    /// The name's length in bytes.
    let length: Int
    let uri: StaticString
    let plain: Bool
    let step: Unmanaged<TreeStep>

    /// Whether the element is one the step selects: the element's name key settles most
    /// mismatches (and, equal, says the lengths agree), then the name's bytes and the namespace,
    /// inlined into the path walks; a predicate is a call.
    @inline(__always)
    func matches(_ node: XMLNode) -> Bool {
        node.localNameKey == key && node.hasLocalName(cString: name, length: length) && node.isInNamespace(uri)
            && (plain || step._withUnsafeGuaranteedRef { $0.matchesPredicate(node) })
    }
}

extension StepMatcher {
    /// Matches `steps` upwards: the first against the element, each next one against the parent of
    /// the element the previous one matched. Returns the element the last step matched (the element
    /// itself for no step), nil when one does not match.
    static func matchUpwards(_ steps: UnsafeBufferPointer<StepMatcher>, from element: XMLNode) -> XMLNode? {
        var node = element
        for index in 0..<steps.count {
            if index > 0 {
                guard let parent = node.parentElement else { return nil }
                node = parent
            }
            guard steps[index].matches(node) else { return nil }
        }
        return node
    }
}

/// A relative path of child steps (`cac:PaymentMeans/cac:PaymentMandate/cbc:ID`), evaluated as
/// XPath does: every matching child at each step, in document order.
struct TreePath: Sendable {
    /// One reference per path: the tests and tables that hold paths copy them often, and each
    /// copy counts its references.
    // @unchecked: every property is set once, in `init`; the buffer is written there only.
    private final class Storage: @unchecked Sendable {
        let steps: [TreeStep]
        /// The steps as the walks test them (`steps` keeps them alive), owned by the storage.
        let matchers: UnsafeBufferPointer<StepMatcher>
        let attribute: [UInt8]?

        init(steps: [TreeStep], attribute: [UInt8]?) {
            self.steps = steps
            self.attribute = attribute
            let matchers = UnsafeMutableBufferPointer<StepMatcher>.allocate(capacity: steps.count)
            _ = matchers.initialize(from: steps.map(\.matcher))
            self.matchers = UnsafeBufferPointer(matchers)
        }

        deinit {
            matchers.deallocate()
        }
    }

    private let storage: Storage

    var steps: [TreeStep] { storage.steps }
    private var matchers: UnsafeBufferPointer<StepMatcher> { storage.matchers }
    /// A final `@name` step: the path selects the elements that carry this attribute.
    var attribute: [UInt8]? { storage.attribute }

    /// The empty path: the context element itself.
    static let root = TreePath(steps: [], attribute: nil)

    private init(steps: [TreeStep], attribute: [UInt8]?) {
        storage = Storage(steps: steps, attribute: attribute)
    }

    init(_ text: String) {
        var parts = TableText.split(text, on: "/")
        var attribute: [UInt8]?
        if let last = parts.last, last.hasPrefix("@") {
            attribute = Array(last.dropFirst().utf8) + [0]
            parts.removeLast()
        }
        let steps = parts.map { step in
            guard let parsed = TreeStep(step) else { preconditionFailure("not a path step: \(step) in \(text)") }
            return parsed
        }
        storage = Storage(steps: steps, attribute: attribute)
    }

    private func selects(_ node: XMLNode) -> Bool {
        guard let attribute = storage.attribute else { return true }
        return node.hasAttribute(nulTerminated: attribute)
    }

    /// The selected elements, in document order.
    func select(from context: XMLNode) -> [XMLNode] {
        // `@name` alone: the context element itself, if it carries the attribute.
        if matchers.isEmpty { return selects(context) ? [context] : [] }
        var nodes: [XMLNode] = []
        collect(context, 0, into: &nodes)
        return nodes
    }

    /// The first selected element in document order, without visiting the others.
    func first(from context: XMLNode) -> XMLNode? {
        if matchers.isEmpty { return selects(context) ? context : nil }
        return firstBelow(context, 0)
    }

    private func firstBelow(_ node: XMLNode, _ index: Int) -> XMLNode? {
        let step = matchers[index]
        let last = index == matchers.count - 1
        for child in node.childElements where step.matches(child) {
            if last {
                if selects(child) { return child }
            } else if let found = firstBelow(child, index + 1) {
                return found
            }
        }
        return nil
    }

    /// `count(path)`.
    func count(from context: XMLNode) -> Int {
        count(from: context, keeping: -1).count
    }

    /// `count(path)`, and the selected element at `position` (0-based, document order) if there is
    /// one, without collecting the others.
    func count(from context: XMLNode, keeping position: Int) -> (count: Int, kept: XMLNode?) {
        if matchers.isEmpty {
            let found = selects(context)
            return (found ? 1 : 0, found && position == 0 ? context : nil)
        }
        var total = 0
        var kept: XMLNode?
        tally(context, 0, position, &total, &kept)
        return (total, kept)
    }

    /// `count(path)` continued below `child`, an element the first step matches.
    fileprivate func tally(below child: XMLNode, _ position: Int, _ total: inout Int, _ kept: inout XMLNode?) {
        if matchers.count == 1 {
            guard selects(child) else { return }
            if total == position { kept = child }
            total += 1
        } else {
            tally(child, 1, position, &total, &kept)
        }
    }

    private func tally(_ node: XMLNode, _ index: Int, _ position: Int, _ total: inout Int, _ kept: inout XMLNode?) {
        let step = matchers[index]
        let last = index == matchers.count - 1
        for child in node.childElements where step.matches(child) {
            if last {
                guard selects(child) else { continue }
                if total == position { kept = child }
                total += 1
            } else {
                tally(child, index + 1, position, &total, &kept)
            }
        }
    }

    private func collect(_ node: XMLNode, _ index: Int, into nodes: inout [XMLNode]) {
        let step = matchers[index]
        let last = index == matchers.count - 1
        for child in node.childElements where step.matches(child) {
            if last {
                guard selects(child) else { continue }
                // Room for a few at the first: grown one by one, an array is reallocated at 1, 2 and 4.
                if nodes.capacity == 0 { nodes.reserveCapacity(4) }
                nodes.append(child)
            } else {
                collect(child, index + 1, into: &nodes)
            }
        }
    }
}

/// Several paths counted from the same context element in one pass over its children: each child
/// is looked up by its local name among the paths' first steps, instead of every path scanning every
/// child (the root of an invoice has some thirty children and two dozen `count(...) <= 1` rules).
struct TreePathGroup: Sendable {
    let paths: [TreePath]
    /// The paths' first steps, and the paths ordered by the key of their first step's name:
    /// `byFirstStep` gives, for a key, the range of `order` holding the paths that start so (plain
    /// values: a lookup counts no reference).
    private let firstSteps: [StepMatcher]
    private let order: [Int]
    private let byFirstStep: KeyTable<Range<Int>>

    init(_ paths: [TreePath]) {
        precondition(paths.allSatisfy { !$0.steps.isEmpty }, "a path group needs a first step in every path")
        self.paths = paths
        firstSteps = paths.map { $0.steps[0].matcher }
        var table: [Int: [Int]] = [:]
        for (index, path) in paths.enumerated() { table[path.steps[0].key, default: []].append(index) }
        var order: [Int] = []
        var ranges: [(key: Int, value: Range<Int>)] = []
        for (key, indices) in table.sorted(by: { $0.value[0] < $1.value[0] }) {
            ranges.append((key, order.count..<order.count + indices.count))
            order += indices
        }
        self.order = order
        byFirstStep = KeyTable(ranges)
    }

    /// For each path, in order: `count(path)` from `context`, and the selected element at
    /// `position` (0-based, document order) when there is one.
    func count(from context: XMLNode, keeping position: Int) -> [(count: Int, kept: XMLNode?)] {
        var results = [(count: Int, kept: XMLNode?)](repeating: (0, nil), count: paths.count)
        for child in context.childElements {
            guard let candidates = byFirstStep[child.localNameKey] else { continue }
            for slot in candidates {
                let index = order[slot]
                guard firstSteps[index].matches(child) else { continue }
                var (count, kept) = results[index]
                paths[index].tally(below: child, position, &count, &kept)
                results[index] = (count, kept)
            }
        }
        return results
    }
}
