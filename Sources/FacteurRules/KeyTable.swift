import FacteurXML

/// A read-only open-addressing table from the name keys of `XMLNode.nameKey` (already well mixed
/// hashes) to values: one mask and a probe or two per lookup, for the per-element lookups of the
/// tree walks, where `Dictionary`'s rehashing of every key costs more than the rest of the check.
struct KeyTable<Value: Sendable>: Sendable {
    private let keys: ContiguousArray<Int>
    private let values: ContiguousArray<Value?>
    private let mask: Int

    init(_ pairs: [(key: Int, value: Value)]) {
        var capacity = 8
        while capacity < pairs.count * 2 { capacity *= 2 }
        var keys = ContiguousArray(repeating: 0, count: capacity)
        var values = ContiguousArray<Value?>(repeating: nil, count: capacity)
        let mask = capacity - 1
        for (key, value) in pairs {
            var slot = KeyTable.slot(key, mask)
            while values[slot] != nil {
                precondition(keys[slot] != key, "duplicate key in KeyTable")
                slot = (slot + 1) & mask
            }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
        self.mask = mask
    }

    private static func slot(_ key: Int, _ mask: Int) -> Int {
        (key ^ (key &>> 32)) & mask
    }

    subscript(key: Int) -> Value? {
        var slot = KeyTable.slot(key, mask)
        while let value = values[slot] {
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
        return nil
    }
}

/// Element names to values, for the per-element dispatch of the tree walks: one lookup by the
/// element's name key (`XMLNode.localNameKey`, kept by the element), then one comparison of the
/// name's bytes, since a key is a hash that another name could share. Replaces a chain of name
/// comparisons, one per name the walk knows.
struct NameTable<Value: Sendable>: Sendable {
    private let table: KeyTable<(name: StaticString, value: Value)>

    init(_ pairs: [(name: StaticString, value: Value)]) {
        table = KeyTable(pairs.map { (XMLNode.nameKey($0.name.description), ($0.name, $0.value)) })
    }

    /// The value for the element's local name (namespace not checked).
    subscript(node: XMLNode) -> Value? {
        guard let entry = table[node.localNameKey], node.hasLocalName(entry.name) else { return nil }
        return entry.value
    }
}
