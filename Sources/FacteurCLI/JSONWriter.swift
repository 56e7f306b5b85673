/// A small JSON writer with a fixed key order, so that reports are byte-identical from run to run.
/// It writes UTF-8 bytes into one buffer: a report line is some sixty small pieces.
struct JSONWriter {
    private var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]
    /// Set between a key and its value, which takes no comma.
    private var afterKey = false

    init() {
        bytes.reserveCapacity(1024)
    }

    var output: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separator()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func key(_ name: String) {
        separator()
        JSONWriter.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    mutating func string(_ value: String?) {
        separator()
        if let value { JSONWriter.appendQuoted(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    mutating func integer(_ value: Int?) {
        separator()
        bytes.append(contentsOf: (value.map(String.init) ?? "null").utf8)
    }

    private mutating func separator() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: Int?) {
        key(name)
        integer(value)
    }

    /// `string` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\b`,
    /// `\f` or `\u00XX`, and U+2028 and U+2029 as `\u2028` and `\u2029` (JavaScript line ends).
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Runs that need no escaping are copied whole.
            var run = 0
            var index = 0
            func flush(upTo end: Int) {
                if end > run { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<end])) }
            }
            while index < utf8.count {
                let byte = utf8[index]
                // Most bytes need nothing: printable ASCII other than the quote and the backslash,
                // and the bytes of other characters than U+2028 and U+2029.
                if byte >= 0x20, byte != 0x22, byte != 0x5C, byte != 0xE2 {
                    index += 1
                    continue
                }
                let escaped: String
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escaped = #"\""#
                case UInt8(ascii: "\\"): escaped = #"\\"#
                case 0x0A: escaped = #"\n"#
                case 0x0D: escaped = #"\r"#
                case 0x09: escaped = #"\t"#
                case 0x08: escaped = #"\b"#
                case 0x0C: escaped = #"\f"#
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    escaped = #"\u00"# + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    escaped = utf8[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#
                    width = 3
                default:
                    index += 1
                    continue
                }
                flush(upTo: index)
                bytes.append(contentsOf: escaped.utf8)
                index += width
                run = index
            }
            flush(upTo: utf8.count)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
