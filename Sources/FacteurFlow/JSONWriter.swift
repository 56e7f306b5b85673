import Glibc

/// A small JSON writer with a fixed key order, so that reports are byte-identical from run to run.
/// It writes UTF-8 bytes into one buffer of its own: a report line is some sixty small pieces, each
/// a copy into the buffer (an array's append costs more than most pieces). Compact by default (one
/// report per line); `pretty` puts each value on its own line, indented by two spaces per level,
/// for files people read and diff (the integration reports of the outbox).
public final class JSONWriter {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Per open object or array, from the outermost in the low bit: whether its next value takes a
    /// comma first. Reports nest three levels deep; the writer allows 63.
    private var needsComma: UInt64 = 0
    private var depth = 0
    /// Set between a key and its value, which takes no comma.
    private var afterKey = false
    private let pretty: Bool

    public init(pretty: Bool = false) {
        self.pretty = pretty
        capacity = 4096
        start = .allocate(capacity: capacity)
    }

    deinit {
        start.deallocate()
    }

    /// The bytes written so far.
    public var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    public var output: String { String(decoding: written, as: UTF8.self) }

    public func beginObject() {
        open(UInt8(ascii: "{"))
    }

    public func endObject() {
        close(UInt8(ascii: "}"))
    }

    public func beginArray() {
        open(UInt8(ascii: "["))
    }

    public func endArray() {
        close(UInt8(ascii: "]"))
    }

    private func open(_ bracket: UInt8) {
        separator()
        append(bracket)
        precondition(depth < 63, "JSON nested too deeply")
        depth += 1
        needsComma &= ~(1 << depth)
    }

    private func close(_ bracket: UInt8) {
        let hadValues = needsComma & (1 << depth) != 0
        depth -= 1
        if pretty, hadValues { newLine() }
        append(bracket)
    }

    /// A line end and the indentation of the current level (pretty output).
    private func newLine() {
        reserve(1 + 2 * depth)
        start[count] = 0x0A
        memset(start + count + 1, 0x20, 2 * depth)
        count += 1 + 2 * depth
    }

    /// A key: the report's keys are ASCII names that need no escaping, written as they are, with
    /// their quotes and colon, in one reservation (a report line has some forty keys).
    public func key(_ name: StaticString) {
        separator()
        let length = name.utf8CodeUnitCount
        reserve(length + 4)
        let target = start + count
        target[0] = UInt8(ascii: "\"")
        let bytes = name.utf8Start
        for index in 0..<length { target[1 + index] = bytes[index] }
        target[1 + length] = UInt8(ascii: "\"")
        target[2 + length] = UInt8(ascii: ":")
        count += length + 3
        if pretty { append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// A key known only at run time (escaped as a string is).
    public func key(_ name: String) {
        separator()
        appendQuoted(name)
        append(UInt8(ascii: ":"))
        if pretty { append(UInt8(ascii: " ")) }
        afterKey = true
    }

    public func string(_ value: String?) {
        separator()
        if let value { appendQuoted(value) } else { append("null") }
    }

    public func integer(_ value: Int?) {
        separator()
        guard let value else { return append("null") }
        if value < 0 { append(UInt8(ascii: "-")) }
        // The magnitude as unsigned: Int.min's does not fit an Int.
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var first = buffer.count
            repeat {
                first -= 1
                buffer[first] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + first, buffer.count - first)
        }
    }

    /// A value written as it is: a number's text, `true`, `false`, `null` (the caller vouches for it).
    public func literal(_ text: String) {
        separator()
        var text = text
        text.withUTF8 { append($0.baseAddress!, $0.count) }
    }

    /// Writes `value`, members in their order.
    public func value(_ value: JSONValue) {
        switch value {
        case .null: literal("null")
        case .bool(let flag): literal(flag ? "true" : "false")
        case .number(let text): literal(text)
        case .string(let text): string(text)
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    private func separator() {
        if afterKey {
            afterKey = false
            return
        }
        let bit: UInt64 = 1 << depth
        if needsComma & bit != 0 { append(UInt8(ascii: ",")) }
        needsComma |= bit
        if pretty, depth > 0 { newLine() }
    }

    public func field(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    public func field(_ name: StaticString, _ value: Int?) {
        key(name)
        integer(value)
    }

    @inline(__always)
    private func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        var grown = capacity * 2
        while grown < count + more { grown *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.update(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = grown
    }

    @inline(__always)
    private func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    private func append(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
        reserve(length)
        memcpy(start + count, bytes, length)
        count += length
    }

    private func append(_ text: StaticString) {
        append(text.utf8Start, text.utf8CodeUnitCount)
    }

    /// `string` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`,
    /// `\f` or `\u00XX`, and U+2028 and U+2029 as `\u2028` and `\u2029` (JavaScript line ends).
    private func appendQuoted(_ string: String) {
        append(UInt8(ascii: "\""))
        // A native string lends its bytes without a copy; any other is made contiguous once.
        if string.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var copy = string
            copy.withUTF8 { appendEscaped($0) }
        }
        append(UInt8(ascii: "\""))
    }

    /// The bytes of a string's value, escaped, written in place: room for the bytes as they are is
    /// made first (and more at each escape, which takes up to six), then runs needing no escape are
    /// stored eight bytes at a time (a report is mostly messages and paths of plain text).
    private func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let source = utf8.baseAddress else { return }
        let length = utf8.count
        reserve(length)
        var target = start
        var out = count
        var index = 0
        // Sixteen bytes at a time while none needs escaping: messages and paths are long plain text.
        while index + 16 <= length {
            let first = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
            let second = UnsafeRawPointer(source + index + 8).loadUnaligned(as: UInt64.self)
            guard !JSONWriter.mayNeedEscape(first), !JSONWriter.mayNeedEscape(second) else { break }
            UnsafeMutableRawPointer(target + out).storeBytes(of: first, as: UInt64.self)
            UnsafeMutableRawPointer(target + out + 8).storeBytes(of: second, as: UInt64.self)
            index += 16
            out += 16
        }
        while index < length {
            if index + 8 <= length {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                if !JSONWriter.mayNeedEscape(word) {
                    UnsafeMutableRawPointer(target + out).storeBytes(of: word, as: UInt64.self)
                    index += 8
                    out += 8
                    continue
                }
            }
            let byte = source[index]
            // Most bytes need nothing: printable ASCII other than the quote and the backslash,
            // and the bytes of other characters than U+2028 and U+2029.
            if byte >= 0x20, byte != 0x22, byte != 0x5C, byte != 0xE2 {
                target[out] = byte
                out += 1
                index += 1
                continue
            }
            // Room for this escape and, as they are, the bytes after it.
            count = out
            reserve(6 + length - index)
            target = start
            switch byte {
            case UInt8(ascii: "\""): out += JSONWriter.copy(#"\""#, to: target + out)
            case UInt8(ascii: "\\"): out += JSONWriter.copy(#"\\"#, to: target + out)
            case 0x0A: out += JSONWriter.copy(#"\n"#, to: target + out)
            case 0x0D: out += JSONWriter.copy(#"\r"#, to: target + out)
            case 0x09: out += JSONWriter.copy(#"\t"#, to: target + out)
            case 0x08: out += JSONWriter.copy(#"\b"#, to: target + out)
            case 0x0C: out += JSONWriter.copy(#"\f"#, to: target + out)
            case 0x00..<0x20:
                out += JSONWriter.copy(#"\u00"#, to: target + out)
                target[out] = JSONWriter.hexDigits.utf8Start[Int(byte >> 4)]
                target[out + 1] = JSONWriter.hexDigits.utf8Start[Int(byte & 0x0F)]
                out += 2
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            case 0xE2 where index + 2 < length && source[index + 1] == 0x80 && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9):
                out += JSONWriter.copy(source[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#, to: target + out)
                index += 2
            default:
                target[out] = byte
                out += 1
            }
            index += 1
        }
        count = out
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Writes an escape sequence at `target`; returns its length.
    @inline(__always)
    private static func copy(_ text: StaticString, to target: UnsafeMutablePointer<UInt8>) -> Int {
        target.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return text.utf8CodeUnitCount
    }

    /// Whether one of eight bytes may need escaping: a control character, `"`, `\`, or any byte of a
    /// non-ASCII character (those are then looked at one by one). Exact for "none needs it".
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // A byte below 0x20, or 0x80 and above.
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote & highs
        let zeroBackslash = (backslash &- ones) & ~backslash & highs
        return (control | zeroQuote | zeroBackslash | (word & highs)) != 0
    }
}
