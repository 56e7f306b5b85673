/// Where a term was read: the step of its element in the invoice's `ElementPaths` and the line of
/// its start tag. A plain value of 8 bytes without references: the model holds one per term and
/// copies it with every value. `Invoice.path(of:)` gives the path as text.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    private let step32: Int32
    private let line32: Int32

    /// The location of step `step` of an invoice's `ElementPaths`.
    public init(step: Int, line: Int) {
        self.step32 = Int32(clamping: step)
        self.line32 = Int32(clamping: line)
    }

    /// The step in the invoice's `ElementPaths`.
    public var step: Int { Int(step32) }

    /// The 1-based line (0 when unknown).
    public var line: Int { Int(line32) }

    /// This location with its path as text, read from `paths` (no path without them).
    public func resolved(in paths: ElementPaths?) -> FindingLocation {
        FindingLocation(path: paths?.path(step), line: line)
    }

    public var description: String { "element \(step) (line \(line))" }
}

/// Where a finding is: an element path as text (`/Invoice/cac:InvoiceLine[2]/cbc:ID`) and a line.
/// It stands on its own once the invoice and its tree are gone.
public struct FindingLocation: Sendable, Hashable, CustomStringConvertible {
    public let path: String?
    public let line: Int

    public init(path: String?, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path ?? "?") (line \(line))" }
}

/// The element paths a reader walked in one document, as a table of steps: each step is a
/// qualified name with its canonical prefix, a 1-based position among same-named siblings when the
/// element repeats, and its parent step. One object per document however many locations share it,
/// instead of one per element.
///
/// A reader appends steps while it reads the invoice, and nothing changes the table afterwards
/// (which is what makes sharing it across threads safe).
public final class ElementPaths: @unchecked Sendable, Hashable {
    /// A step, with the names as the static strings' bytes (nul-terminated literals).
    private struct Step {
        var parent: Int32  // -1 for the root
        var position: Int32  // 0 when not indexed
        var prefix: UnsafePointer<UInt8>
        var localName: UnsafePointer<UInt8>
    }

    // A buffer of plain values managed here: appending costs a store, with no array bookkeeping and
    // no exclusivity check per step (readers append hundreds of steps per invoice).
    private var steps: UnsafeMutablePointer<Step>
    private var count = 0
    private var capacity = 64

    public init() {
        steps = .allocate(capacity: capacity)
    }

    deinit {
        steps.deallocate()
    }

    /// Adds a step below `parent` (nil for the root) and returns its number. The names must be
    /// string literals.
    public func append(parent: Int?, prefix: StaticString, localName: StaticString, position: Int = 0) -> Int {
        if count == capacity {
            let larger = UnsafeMutablePointer<Step>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: steps, count: count)
            steps.deallocate()
            steps = larger
            capacity *= 2
        }
        (steps + count).initialize(to: Step(parent: Int32(parent ?? -1), position: Int32(position),
                                            prefix: prefix.utf8Start, localName: localName.utf8Start))
        count += 1
        return count - 1
    }

    /// Two tables are equal when they hold the same steps.
    public static func == (a: ElementPaths, b: ElementPaths) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count {
            let x = a.steps[index], y = b.steps[index]
            guard x.parent == y.parent, x.position == y.position, strcmp(x.prefix, y.prefix) == 0,
                  strcmp(x.localName, y.localName) == 0 else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
    }

    private static func strcmp(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>) -> Int {
        var i = 0
        while a[i] == b[i] {
            if a[i] == 0 { return 0 }
            i += 1
        }
        return Int(a[i]) - Int(b[i])
    }

    /// The path of step `step`, from the root: `/Invoice/cac:InvoiceLine[2]/cbc:ID`.
    public func path(_ step: Int) -> String {
        precondition(step >= 0 && step < count, "no such step")
        var chain: [Int] = []
        var current = step
        while current >= 0 {
            chain.append(current)
            current = Int(steps[current].parent)
        }
        var text = ""
        for index in chain.reversed() {
            let step = steps[index]
            text += "/"
            if step.prefix.pointee != 0 {
                text += String(cString: step.prefix)
                text += ":"
            }
            text += String(cString: step.localName)
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
    /// The content as written, as UTF-8 bytes. Kept as bytes: an attachment runs to megabytes, which
    /// no rule reads, and a string would check every byte of it for each invoice read.
    public var base64Bytes: [UInt8]
    public var mimeCode: String?
    public var filename: String?
    public var location: SourceLocation

    /// The content as written, as a string (made when asked).
    public var base64: String {
        get { String(decoding: base64Bytes, as: UTF8.self) }
        set { base64Bytes = Array(newValue.utf8) }
    }

    public init(base64Bytes: [UInt8], mimeCode: String?, filename: String?, at location: SourceLocation) {
        self.base64Bytes = base64Bytes
        self.mimeCode = mimeCode
        self.filename = filename
        self.location = location
    }

    public init(base64: String, mimeCode: String?, filename: String?, at location: SourceLocation) {
        self.init(base64Bytes: Array(base64.utf8), mimeCode: mimeCode, filename: filename, at: location)
    }
}

/// The tax scheme test of the bindings, `upper-case(x) = 'VAT'` (after `normalize-space` where the
/// binding says so), on the UTF-8 bytes of the value: ASCII values, nearly all of them, are compared
/// in place; any other goes through the same steps on characters.
public enum VATSchemeName {
    public static func matches(_ bytes: UnsafeBufferPointer<UInt8>, normalizingSpace: Bool) -> Bool {
        let word = normalizingSpace ? XMLSpace.trimmed(bytes) : bytes
        // `b | 0x20` folds exactly 'V'/'v', 'A'/'a', 'T'/'t' onto the lower-case letter.
        if word.count == 3, word[0] | 0x20 == 0x76, word[1] | 0x20 == 0x61, word[2] | 0x20 == 0x74 {
            return true
        }
        if !word.contains(where: { $0 >= 0x80 }) { return false }
        let upper = String(decoding: bytes, as: UTF8.self).uppercased()
        return (normalizingSpace ? upper.normalizedXMLSpace() : upper) == "VAT"
    }

    public static func matches(_ value: String, normalizingSpace: Bool) -> Bool {
        var value = value
        return value.withUTF8 { matches($0, normalizingSpace: normalizingSpace) }
    }
}
