import CLibXML2
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

/// An element of a parsed document: a borrowed pointer, valid only inside
/// `XMLParser.withDocument`'s closure. Name matching compares bytes, not Swift strings.
public struct XMLNode {
    @usableFromInline let raw: xmlNodePtr

    init(_ raw: xmlNodePtr) {
        self.raw = raw
    }

    /// The local name of the element.
    public var localName: String {
        String(cString: raw.pointee.name)
    }

    /// The namespace URI of the element, if it has one.
    public var namespaceURI: String? {
        guard let ns = raw.pointee.ns, let href = ns.pointee.href else { return nil }
        return String(cString: href)
    }

    /// The 1-based line of the element's start tag.
    public var line: Int {
        Int(xmlGetLineNo(raw))
    }

    /// Whether this element has the given namespace and local name.
    @inlinable
    public func matches(_ name: XMLName) -> Bool {
        guard strcmp(raw.pointee.name, name.local.utf8Start) == 0 else { return false }
        guard let ns = raw.pointee.ns, let href = ns.pointee.href else {
            return name.namespace.utf8CodeUnitCount == 0
        }
        return strcmp(href, name.namespace.utf8Start) == 0
    }

    /// The first child element, skipping text, comments and processing instructions.
    public var firstChildElement: XMLNode? {
        XMLNode.element(from: raw.pointee.children)
    }

    /// The next sibling element.
    public var nextSiblingElement: XMLNode? {
        XMLNode.element(from: raw.pointee.next)
    }

    private static func element(from start: xmlNodePtr?) -> XMLNode? {
        var node = start
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE { return XMLNode(current) }
            node = current.pointee.next
        }
        return nil
    }

    /// The child elements, in document order.
    public var childElements: ChildElements { ChildElements(first: firstChildElement) }

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
        var node = firstChildElement
        while let current = node {
            if current.matches(name) { return current }
            node = current.nextSiblingElement
        }
        return nil
    }

    /// The string value of the element (XPath `string(.)`): all descendant text, as written.
    public var stringValue: String {
        // Fast path: a leaf element with a single text node.
        if let only = raw.pointee.children, only.pointee.next == nil,
           only.pointee.type == XML_TEXT_NODE || only.pointee.type == XML_CDATA_SECTION_NODE {
            return only.pointee.content.map { String(cString: $0) } ?? ""
        }
        var bytes: [UInt8] = []
        XMLNode.appendText(of: raw.pointee.children, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendText(of first: xmlNodePtr?, to bytes: inout [UInt8]) {
        var node = first
        while let current = node {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(content)))
                }
            case XML_ELEMENT_NODE:
                appendText(of: current.pointee.children, to: &bytes)
            default:
                break
            }
            node = current.pointee.next
        }
    }

    /// The value of an attribute without namespace (`currencyID`, `schemeID`, ...), as written.
    public func attribute(_ name: StaticString) -> String? {
        var attribute = raw.pointee.properties
        while let current = attribute {
            if current.pointee.ns == nil, strcmp(current.pointee.name, name.utf8Start) == 0 {
                var bytes: [UInt8] = []
                XMLNode.appendText(of: current.pointee.children, to: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            }
            attribute = current.pointee.next
        }
        return nil
    }
}

/// C string comparison through glibc (vectorised), for libxml2 names against static strings.
@usableFromInline
func strcmp(_ a: UnsafePointer<xmlChar>, _ b: UnsafePointer<UInt8>) -> Int32 {
    // Most names differ in their first byte: settle that without a call.
    if a.pointee != b.pointee { return Int32(a.pointee) - Int32(b.pointee) }
    return Glibc.strcmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self),
                        UnsafeRawPointer(b).assumingMemoryBound(to: CChar.self))
}
