import CLibXML2
import FacteurModel
import Glibc

/// A qualified element name to look for: namespace URI and local name, with the canonical prefix
/// used when Facteur writes a path (`cbc:ID`), whatever prefix the document itself chose.
public struct XMLName: Sendable {
    public let namespace: StaticString
    public let local: StaticString
    public let prefix: StaticString

    public init(_ namespace: StaticString, _ local: StaticString, prefix: StaticString) {
        self.namespace = namespace
        self.local = local
        self.prefix = prefix
    }
}

/// An element of a parsed document (the tree `XMLParser` builds, `facteur_element`): a borrowed
/// pointer, valid only inside `XMLParser.withDocument`'s closure. Name matching compares bytes,
/// not Swift strings.
public struct XMLNode {
    @usableFromInline let raw: UnsafeMutablePointer<facteur_element>

    init(_ raw: UnsafeMutablePointer<facteur_element>) {
        self.raw = raw
    }

    /// The local name of the element.
    public var localName: String {
        String(cString: raw.pointee.name)
    }

    /// The namespace URI of the element, if it has one.
    public var namespaceURI: String? {
        raw.pointee.uri.map { String(cString: $0) }
    }

    /// The 1-based line of the element's start tag.
    public var line: Int {
        Int(raw.pointee.line)
    }

    /// Whether this element has the given namespace and local name.
    @inlinable
    public func matches(_ name: XMLName) -> Bool {
        facteur_is_named(raw, name.local.utf8Start, name.local.utf8CodeUnitCount, name.namespace.utf8Start) != 0
    }

    /// The parent element, `nil` for the root.
    public var parentElement: XMLNode? {
        raw.pointee.parent.map(XMLNode.init)
    }

    /// Whether the element's local name is `local` (namespace not checked).
    @inlinable
    public func hasLocalName(_ local: StaticString) -> Bool {
        facteur_has_name(raw, local.utf8Start, local.utf8CodeUnitCount) != 0
    }

    /// The first byte of the local name, for cheap dispatch.
    @inlinable
    public var localNameInitial: UInt8 { raw.pointee.name[0] }

    /// Whether the local name ends with `suffix`.
    public func localNameEnds(with suffix: StaticString) -> Bool {
        let length = localNameLength
        let count = suffix.utf8CodeUnitCount
        // The last byte settles most names without a call.
        guard length >= count, count > 0, raw.pointee.name[length - 1] == suffix.utf8Start[count - 1] else { return count == 0 }
        return memcmp(raw.pointee.name + (length - count), suffix.utf8Start, count) == 0
    }

    /// Whether the local name ends with `suffix` (UTF-8 bytes, built at run time).
    public func localNameEnds(withBytes suffix: [UInt8]) -> Bool {
        let length = localNameLength
        guard length >= suffix.count else { return false }
        return suffix.withUnsafeBufferPointer { memcmp(raw.pointee.name + (length - suffix.count), $0.baseAddress!, suffix.count) == 0 }
    }

    /// Whether the element is in the namespace `uri`.
    @inlinable
    public func isInNamespace(_ uri: StaticString) -> Bool {
        facteur_in_namespace(raw, uri.utf8Start) != 0
    }

    /// An XPath-like path to this element for messages: canonical prefixes for the UBL and CII
    /// namespaces, the document's own prefix otherwise, positions among same-named siblings when
    /// there are several (`/Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification[2]/cbc:ID`).
    public var path: String {
        // Written once into the string's own storage: the room a step can take is known before.
        var capacity = 0
        var node: XMLNode? = self
        while let current = node {
            let prefix = current.raw.pointee.prefix.map { strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? 0
            capacity += 1 + max(prefix + 1, 4) + current.localNameByteCount + 22
            node = current.parentElement
        }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            appendPath(to: buffer.baseAddress!, &count)
            return count
        }
    }

    private var localNameByteCount: Int {
        strlen(UnsafeRawPointer(raw.pointee.name).assumingMemoryBound(to: CChar.self))
    }

    /// The path of the parent, then this element's step, written at `count` (room checked by `path`).
    private func appendPath(to bytes: UnsafeMutablePointer<UInt8>, _ count: inout Int) {
        let parent = parentElement
        parent?.appendPath(to: bytes, &count)
        bytes[count] = 0x2F
        count += 1
        appendQualifiedNameForPath(to: bytes, &count)
        guard let parent else { return }
        // The position among same-named siblings: one plus those before; shown when there are
        // several, that is when one comes before or after.
        let key = localNameKey
        var position = 1
        var node = parent.raw.pointee.first_child
        while let current = node, current != raw {
            if current.pointee.key == key, XMLNode(current).hasSameName(as: self) { position += 1 }
            node = current.pointee.next
        }
        var repeated = position > 1
        node = raw.pointee.next
        while !repeated, let current = node {
            if current.pointee.key == key, XMLNode(current).hasSameName(as: self) { repeated = true }
            node = current.pointee.next
        }
        guard repeated else { return }
        bytes[count] = 0x5B
        count += 1
        var scale = 1
        while position / scale >= 10 {
            scale *= 10
        }
        while scale > 0 {
            bytes[count] = 0x30 + UInt8(position / scale % 10)
            count += 1
            scale /= 10
        }
        bytes[count] = 0x5D
        count += 1
    }

    private func hasSameName(as other: XMLNode) -> Bool {
        // The parse takes names and namespaces from one dictionary: the same name is most often the
        // same pointer.
        guard raw.pointee.name == other.raw.pointee.name || strcmp(raw.pointee.name, other.raw.pointee.name) == 0 else { return false }
        let a = raw.pointee.uri
        let b = other.raw.pointee.uri
        if a == b { return true }
        if a == nil || b == nil { return a == nil && b == nil }
        return strcmp(a!, UnsafeRawPointer(b!).assumingMemoryBound(to: UInt8.self)) == 0
    }

    /// The canonical prefixes of the namespaces Facteur reads, with their colon (the answers come
    /// from the document's namespace cache: no URI is turned into a string).
    private static let canonicalPrefixes: [(uri: StaticString, prefix: StaticString)] = [
        ("urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "cbc:"),
        ("urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "cac:"),
        ("urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100", "ram:"),
        ("urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100", "udt:"),
        ("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "rsm:"),
        ("urn:un:unece:uncefact:data:standard:QualifiedDataType:100", "qdt:"),
        ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", ""),
        ("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", ""),
    ]

    /// The element's name as paths show it: the canonical prefix of its namespace, else the
    /// document's own prefix, then the local name.
    private func appendQualifiedNameForPath(to bytes: UnsafeMutablePointer<UInt8>, _ count: inout Int) {
        func append(_ start: UnsafePointer<UInt8>, _ length: Int) {
            (bytes + count).update(from: start, count: length)
            count += length
        }
        if raw.pointee.uri != nil {
            var canonical = false
            for index in XMLNode.canonicalPrefixes.indices where isInNamespace(XMLNode.canonicalPrefixes[index].uri) {
                let prefix = XMLNode.canonicalPrefixes[index].prefix
                append(prefix.utf8Start, prefix.utf8CodeUnitCount)
                canonical = true
                break
            }
            if !canonical, let prefix = raw.pointee.prefix, prefix.pointee != 0 {
                append(prefix, strlen(UnsafeRawPointer(prefix).assumingMemoryBound(to: CChar.self)))
                bytes[count] = 0x3A
                count += 1
            }
        }
        append(raw.pointee.name, localNameByteCount)
    }

    /// The first child element (the tree holds elements only; their text is kept apart).
    public var firstChildElement: XMLNode? {
        raw.pointee.first_child.map(XMLNode.init)
    }

    /// The next sibling element.
    public var nextSiblingElement: XMLNode? {
        raw.pointee.next.map(XMLNode.init)
    }

    /// The child elements, in document order.
    public var childElements: ChildElements { ChildElements(first: firstChildElement) }

    /// The element after this one in document order among `root` and the elements below it: the
    /// first child, else the next sibling of this element or of its nearest ancestor below `root`
    /// that has one; `nil` after the last. Walks a subtree without recursion.
    public func nextInDocumentOrder(within root: XMLNode) -> XMLNode? {
        if let child = firstChildElement { return child }
        var current = self
        while current.raw != root.raw {
            if let sibling = current.nextSiblingElement { return sibling }
            guard let parent = current.parentElement else { return nil }
            current = parent
        }
        return nil
    }

    public struct ChildElements: Sequence, IteratorProtocol {
        var upcoming: XMLNode?

        init(first: XMLNode?) { upcoming = first }

        public mutating func next() -> XMLNode? {
            defer { upcoming = upcoming?.nextSiblingElement }
            return upcoming
        }
    }

    /// The first child element with this name.
    public func child(_ name: XMLName) -> XMLNode? {
        facteur_find_child(raw, name.local.utf8Start, name.local.utf8CodeUnitCount, name.namespace.utf8Start).map(XMLNode.init)
    }

    /// The string value of the element (XPath `string(.)`): all descendant text, as written, except
    /// white-space-only text. The official validation artefacts read documents with white-space-only
    /// text nodes stripped (`<cbc:ID>   </cbc:ID>` is an empty identifier to them: BR-52 fires on
    /// it), and so does Facteur. Text next to CDATA counts as one text with it, as in XPath. (The
    /// tree keeps only the runs of text that hold something: `facteur_tree`.)
    public var stringValue: String {
        withStringValueBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of the string value (as `stringValue` gives it), without
    /// building a Swift string (and without copying, for the usual element with one run of text).
    public func withStringValueBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let first = Int(raw.pointee.text_first), end = Int(raw.pointee.text_end)
        let tree = raw.pointee.tree!
        guard end > first, let text = tree.pointee.text, let segments = tree.pointee.segments else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        if end == first + 1 {
            return body(UnsafeBufferPointer(start: text + Int(segments[first].start), count: Int(segments[first].length)))
        }
        var bytes: [UInt8] = []
        for index in first..<end {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text + Int(segments[index].start), count: Int(segments[index].length)))
        }
        return bytes.withUnsafeBufferPointer(body)
    }

    /// A key for the local name (`facteur_key_of_name`: a hash of its bytes, with its length), for
    /// tables keyed by name: computed from the bytes libxml2 holds, without building a Swift string,
    /// once per element (the element keeps it). `XMLNode.nameKey(_:)` gives the same key for a name
    /// written in code.
    @inlinable
    public var localNameKey: Int {
        raw.pointee.key
    }

    /// Whether the local name is the NUL-terminated `name` of `length` bytes, for an element whose
    /// name key is already known to be `name`'s (`XMLNode.nameKey`: the lengths agree, only the bytes
    /// are compared). Names built at run time, kept by tables.
    @inlinable
    public func hasLocalName(cString name: UnsafePointer<UInt8>, length: Int) -> Bool {
        facteur_same_name(raw, name, length) != 0
    }

    /// Whether the local name is `name`, given as its UTF-8 bytes followed by a 0 (names built at
    /// run time, from tables).
    public func hasLocalName(nulTerminated name: [UInt8]) -> Bool {
        name.withUnsafeBufferPointer { facteur_has_name(raw, $0.baseAddress!, $0.count - 1) != 0 }
    }

    /// Whether the element carries any attribute (namespace declarations aside).
    @inlinable
    public var hasAttributes: Bool { raw.pointee.attributes != nil }

    /// Where the element is, for findings: its path and line.
    public var location: FindingLocation { FindingLocation(path: path, line: line) }

    /// The child elements with this local name and namespace, in document order.
    public func children(_ local: StaticString, inNamespace uri: StaticString) -> [XMLNode] {
        var found: [XMLNode] = []
        var node = firstChildElement
        while let current = node {
            if current.hasLocalName(local), current.isInNamespace(uri) { found.append(current) }
            node = current.nextSiblingElement
        }
        return found
    }

    /// Whether one of the child elements has this local name and namespace.
    public func hasChild(_ local: StaticString, inNamespace uri: StaticString) -> Bool {
        var node = firstChildElement
        while let current = node {
            if current.hasLocalName(local), current.isInNamespace(uri) { return true }
            node = current.nextSiblingElement
        }
        return false
    }

    /// Whether the element carries an attribute without namespace of this name (UTF-8 bytes followed by a 0).
    public func hasAttribute(nulTerminated name: [UInt8]) -> Bool {
        name.withUnsafeBufferPointer { attributeNode($0.baseAddress!) } != nil
    }

    /// The key `localNameKey` gives an element named `name`.
    public static func nameKey(_ name: String) -> Int {
        name.withCString { facteur_key_of_name(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    /// The length of the local name in bytes, read from its key.
    @inlinable
    public var localNameLength: Int {
        let length = Int(UInt(bitPattern: localNameKey) >> 56)
        return length < 255 ? length : strlen(UnsafeRawPointer(raw.pointee.name).assumingMemoryBound(to: CChar.self))
    }

    /// Calls `body` with the key (`XMLNode.nameKey`) of each attribute without namespace, in
    /// document order. Elements without attributes cost one pointer test.
    public func forEachAttributeKey(_ body: (Int) -> Void) {
        var attribute = raw.pointee.attributes
        while let current = attribute {
            if current.pointee.uri == nil { body(current.pointee.key) }
            attribute = current.pointee.next
        }
    }

    /// The value of an attribute without namespace (`currencyID`, `schemeID`, ...), as written.
    public func attribute(_ name: StaticString) -> String? {
        attribute(cString: name.utf8Start)
    }

    /// `attribute(_:)` for a name given as UTF-8 bytes followed by a 0.
    public func attribute(nulTerminated name: [UInt8]) -> String? {
        name.withUnsafeBufferPointer { attribute(cString: $0.baseAddress!) }
    }

    /// Whether the element carries the attribute without namespace `name` with exactly the value
    /// `value` (both UTF-8 bytes followed by a 0), compared byte for byte: code point equality.
    public func attribute(nulTerminated name: [UInt8], equals value: [UInt8]) -> Bool {
        guard let attribute = name.withUnsafeBufferPointer({ attributeNode($0.baseAddress!) }) else { return false }
        return XMLNode.valueBytes(of: attribute).elementsEqual(value.dropLast())
    }

    private func attribute(cString name: UnsafePointer<UInt8>) -> String? {
        attributeNode(name).map { String(decoding: XMLNode.valueBytes(of: $0), as: UTF8.self) }
    }

    /// The attribute without namespace named `name` (NUL-terminated).
    private func attributeNode(_ name: UnsafePointer<UInt8>) -> UnsafeMutablePointer<facteur_attribute>? {
        var attribute = raw.pointee.attributes
        while let current = attribute {
            if current.pointee.uri == nil, strcmp(current.pointee.name, name) == 0 { return current }
            attribute = current.pointee.next
        }
        return nil
    }

    /// An attribute's value as written, as UTF-8 bytes, where it lies.
    private static func valueBytes(of attribute: UnsafeMutablePointer<facteur_attribute>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: attribute.pointee.value, count: attribute.pointee.length)
    }
}

/// Identity: two values are equal when they are the same element of the same document (Schematron's
/// "a node is processed by the first rule that matches it" needs to remember nodes).
extension XMLNode: Hashable {
    public static func == (a: XMLNode, b: XMLNode) -> Bool { a.raw == b.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(UnsafeRawPointer(raw)) }
}

/// C string comparison through glibc (vectorised), for libxml2 names against static strings.
/// Inlined: the first byte's test is all most comparisons take.
@inlinable
func strcmp(_ a: UnsafePointer<xmlChar>, _ b: UnsafePointer<UInt8>) -> Int32 {
    // Most names differ in their first byte: settle that without a call.
    if a.pointee != b.pointee { return Int32(a.pointee) - Int32(b.pointee) }
    return Glibc.strcmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self),
                        UnsafeRawPointer(b).assumingMemoryBound(to: CChar.self))
}
