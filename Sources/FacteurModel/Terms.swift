/// Where a value came from: an element path with canonical prefixes (`cbc:`, `cac:`, `ram:`, ...,
/// whatever prefixes the document used) and the 1-based line of the element in the source.
///
/// Readers record the path as a link to its parent element (`ElementPath`) and the text is built
/// only when somebody asks for it: most locations are never printed.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    private enum Storage: Sendable {
        case text(String)
        case element(ElementPath)
    }

    private let storage: Storage
    public var line: Int

    public init(path: String, line: Int) {
        self.storage = .text(path)
        self.line = line
    }

    public init(element: ElementPath, line: Int) {
        self.storage = .element(element)
        self.line = line
    }

    /// `/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount`.
    public var path: String {
        switch storage {
        case .text(let text): return text
        case .element(let element): return element.description
        }
    }

    public var description: String { "\(path) (line \(line))" }

    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.line == rhs.line && lhs.path == rhs.path
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        hasher.combine(path)
    }
}

/// One step of an element path, linked to its parent: the qualified name with its canonical
/// prefix, and a 1-based position among same-named siblings when the element repeats.
public final class ElementPath: Sendable, CustomStringConvertible {
    public let parent: ElementPath?
    public let prefix: StaticString
    public let localName: StaticString
    /// 1-based position among same-named siblings, 0 when not indexed.
    public let position: Int

    public init(parent: ElementPath?, prefix: StaticString, localName: StaticString, position: Int = 0) {
        self.parent = parent
        self.prefix = prefix
        self.localName = localName
        self.position = position
    }

    public var description: String {
        var steps: [ElementPath] = []
        var step: ElementPath? = self
        while let current = step {
            steps.append(current)
            step = current.parent
        }
        var text = ""
        for step in steps.reversed() {
            text += "/"
            if step.prefix.utf8CodeUnitCount > 0 {
                text += step.prefix.description
                text += ":"
            }
            text += step.localName.description
            if step.position > 0 { text += "[\(step.position)]" }
        }
        return text
    }
}

/// A textual business term (names, codes, references, free text): the value exactly as written
/// (string value of the element, not trimmed) and where it was found.
public struct Text: Sendable, Hashable {
    public var value: String
    public var location: SourceLocation

    public init(_ value: String, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// An identifier with its optional scheme (BT-29-1, BT-34-1, ...) and scheme version (BT-158-2).
public struct Identifier: Sendable, Hashable {
    public var value: String
    public var scheme: String?
    public var schemeVersion: String?
    public var location: SourceLocation

    public init(_ value: String, scheme: String? = nil, schemeVersion: String? = nil, at location: SourceLocation) {
        self.value = value
        self.scheme = scheme
        self.schemeVersion = schemeVersion
        self.location = location
    }
}

/// A decimal term (percentages, rates, quantities without unit): the lexical value as written and its
/// exact value, `nil` when the lexical value is not an `xs:decimal` (the syntax rules report it).
public struct DecimalTerm: Sendable, Hashable {
    public var lexical: String
    public var value: ExactDecimal?
    public var location: SourceLocation

    public init(lexical: String, at location: SourceLocation) {
        self.lexical = lexical
        self.value = ExactDecimal(parsing: lexical)
        self.location = location
    }
}

/// A monetary amount with its `currencyID` attribute.
public struct Amount: Sendable, Hashable {
    public var lexical: String
    public var value: ExactDecimal?
    public var currency: String?
    public var location: SourceLocation

    public init(lexical: String, currency: String?, at location: SourceLocation) {
        self.lexical = lexical
        self.value = ExactDecimal(parsing: lexical)
        self.currency = currency
        self.location = location
    }
}

/// A quantity with its unit of measure code (BT-129/BT-130, BT-149/BT-150).
public struct Quantity: Sendable, Hashable {
    public var lexical: String
    public var value: ExactDecimal?
    public var unitCode: String?
    public var location: SourceLocation

    public init(lexical: String, unitCode: String?, at location: SourceLocation) {
        self.lexical = lexical
        self.value = ExactDecimal(parsing: lexical)
        self.unitCode = unitCode
        self.location = location
    }
}

/// A date term: the lexical value, the `format` attribute where the syntax has one (CII: `102`), and
/// the calendar date, `nil` when the lexical value is not a valid date in that format.
public struct DateTerm: Sendable, Hashable {
    public var lexical: String
    public var format: String?
    public var value: CalendarDate?
    public var location: SourceLocation

    public init(lexical: String, format: String?, value: CalendarDate?, at location: SourceLocation) {
        self.lexical = lexical
        self.format = format
        self.value = value
        self.location = location
    }
}

/// An attached document (BT-125) with its MIME code (BT-125-1) and file name (BT-125-2). The content
/// stays base64 as written; it is decoded only by whoever needs the bytes.
public struct BinaryObject: Sendable, Hashable {
    public var base64: String
    public var mimeCode: String?
    public var filename: String?
    public var location: SourceLocation

    public init(base64: String, mimeCode: String?, filename: String?, at location: SourceLocation) {
        self.base64 = base64
        self.mimeCode = mimeCode
        self.filename = filename
        self.location = location
    }
}
