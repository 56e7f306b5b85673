import FacteurXML

/// The UBL-CR rules: elements (and attributes) of UBL 2.1 that EN 16931 does not use. Each is an
/// absence test on the invoice root (`not(cac:OrderReference/cbc:UUID)`), so each fires at most
/// once per document, wherever and however often the element occurs.
///
/// The ~680 paths are folded into two tries, one anchored at the root and one for the paths that
/// start with `//`, so the document is walked once, and only along the branches some path names.
final class UBLRestrictions: Sendable {
    struct Edge: Sendable {
        let step: TreeStep
        let target: Int
    }

    struct Node: Sendable {
        var edges: [Int: [Edge]] = [:]
        /// Rules (indices in `rules`) whose path selects this element.
        var rules: [Int] = []
        /// Rules whose path selects an attribute of this element: attribute name key and rule.
        var attributeRules: [(key: Int, rule: Int)] = []
    }

    struct Trie: Sendable {
        var nodes: [Node] = [Node()]

        mutating func insert(_ steps: [[TreeStep]], attribute: String?, rule: Int) {
            var frontier = [0]
            for alternatives in steps {
                var next: [Int] = []
                for index in frontier {
                    for step in alternatives {
                        next.append(child(of: index, step))
                    }
                }
                frontier = next
            }
            for index in frontier {
                if let attribute {
                    nodes[index].attributeRules.append((XMLNode.nameKey(attribute), rule))
                } else {
                    nodes[index].rules.append(rule)
                }
            }
        }

        private mutating func child(of index: Int, _ step: TreeStep) -> Int {
            if let edge = nodes[index].edges[step.key]?.first(where: {
                $0.step.name == step.name && $0.step.namespace == step.namespace && $0.step.predicate == step.predicate
            }) {
                return edge.target
            }
            nodes.append(Node())
            nodes[index].edges[step.key, default: []].append(Edge(step: step, target: nodes.count - 1))
            return nodes.count - 1
        }
    }

    /// A trie frozen for lookups: the edges of all nodes in one table keyed by node and name.
    final class FrozenTrie: Sendable {
        let edges: [Edge]
        let table: KeyTable<Range<Int>>
        let rules: [[Int]]
        let attributeRules: [[(key: Int, rule: Int)]]

        init(_ trie: Trie) {
            var edges: [Edge] = []
            var pairs: [(key: Int, value: Range<Int>)] = []
            for (index, node) in trie.nodes.enumerated() {
                for (key, group) in node.edges {
                    pairs.append((FrozenTrie.mix(index, key), edges.count..<edges.count + group.count))
                    edges.append(contentsOf: group)
                }
            }
            self.edges = edges
            self.table = KeyTable(pairs)
            self.rules = trie.nodes.map(\.rules)
            self.attributeRules = trie.nodes.map(\.attributeRules)
        }

        static func mix(_ node: Int, _ key: Int) -> Int {
            key &+ node &* -7_046_029_254_386_353_131
        }

        /// The edges leaving `node` for elements whose name has this key.
        func edges(from node: Int, key: Int) -> ArraySlice<Edge>? {
            table[FrozenTrie.mix(node, key)].map { edges[$0] }
        }
    }

    /// Rule ids, by index.
    let rules: [String]
    /// The path each rule says should be absent, as the table writes it.
    let paths: [String]
    /// Paths from the root.
    let anchored: FrozenTrie
    /// Paths starting with `//`: their first step matches an element anywhere.
    let anywhere: FrozenTrie
    /// `//@name` paths: attribute name key and rule.
    let anywhereAttributes: KeyTable<Int>

    static let ubl = UBLRestrictions(table: UBLSyntaxRules.restrictionsTable)

    init(table: String) {
        var rules: [String] = []
        var paths: [String] = []
        var anchored = Trie()
        var anywhere = Trie()
        var anywhereAttributes: [(key: Int, value: Int)] = []
        for line in TableText.split(table, on: "\n") {
            let fields = TableText.split(line, on: " ")
            guard fields.count == 2 else { continue }
            let rule = rules.count
            rules.append("UBL-CR-" + fields[0])
            paths.append(String(fields[1]))
            var path = fields[1]
            let isAnywhere = path.hasPrefix("//")
            if isAnywhere { path = path.dropFirst(2) }
            var parts = TableText.split(path, on: "/")
            var attribute: String?
            if let last = parts.last, last.hasPrefix("@") {
                attribute = String(last.dropFirst())
                parts.removeLast()
            }
            if parts.isEmpty, let attribute, isAnywhere {
                anywhereAttributes.append((XMLNode.nameKey(attribute), rule))
                continue
            }
            let steps: [[TreeStep]] = parts.map { part in
                let choices = part.hasPrefix("(") ? TableText.split(part.dropFirst().dropLast(), on: "|") : [part]
                return choices.map { choice in
                    guard let step = TreeStep(choice) else { preconditionFailure("not a UBL step: \(choice) in \(line)") }
                    return step
                }
            }
            if isAnywhere {
                anywhere.insert(steps, attribute: attribute, rule: rule)
            } else {
                anchored.insert(steps, attribute: attribute, rule: rule)
            }
        }
        self.rules = rules
        self.paths = paths
        self.anchored = FrozenTrie(anchored)
        self.anywhere = FrozenTrie(anywhere)
        self.anywhereAttributes = KeyTable(anywhereAttributes)
    }

    /// Which rules fired, and where first.
    struct Firings {
        private(set) var first: [Int: XMLNode] = [:]
        private var fired: [Bool]

        init(count: Int) { fired = Array(repeating: false, count: count) }

        mutating func record(_ rule: Int, _ node: XMLNode) {
            guard !fired[rule] else { return }
            fired[rule] = true
            first[rule] = node
        }
    }

    /// The anchored trie node an element stands at, given its parent's (`-1`: off every path), and
    /// the rules whose path ends there. The root element stands at node 0.
    func anchoredState(_ element: XMLNode, key: Int, parent: Int, into firings: inout Firings) -> Int {
        guard parent >= 0, let edges = anchored.edges(from: parent, key: key) else { return -1 }
        for edge in edges where edge.step.matches(element) {
            reached(element, anchored, edge.target, into: &firings)
            return edge.target
        }
        return -1
    }

    /// Called for every element of the walk: the `//` paths whose first step it matches.
    func checkAnywhere(_ element: XMLNode, key: Int, into firings: inout Firings) {
        guard let edges = anywhere.edges(from: 0, key: key) else { return }
        for edge in edges where edge.step.matches(element) {
            reached(element, anywhere, edge.target, into: &firings)
            descend(element, anywhere, edge.target, into: &firings)
        }
    }

    private func descend(_ element: XMLNode, _ trie: FrozenTrie, _ index: Int, into firings: inout Firings) {
        for child in element.childElements {
            guard let edges = trie.edges(from: index, key: child.localNameKey) else { continue }
            for edge in edges where edge.step.matches(child) {
                reached(child, trie, edge.target, into: &firings)
                descend(child, trie, edge.target, into: &firings)
            }
        }
    }

    private func reached(_ element: XMLNode, _ trie: FrozenTrie, _ index: Int, into firings: inout Firings) {
        for rule in trie.rules[index] { firings.record(rule, element) }
        let attributeRules = trie.attributeRules[index]
        guard !attributeRules.isEmpty else { return }
        element.forEachAttributeKey { key in
            for entry in attributeRules where entry.key == key { firings.record(entry.rule, element) }
        }
    }
}
