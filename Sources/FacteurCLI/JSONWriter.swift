/// A small JSON writer with a fixed key order, so that reports are byte-identical from run to run.
struct JSONWriter {
    private(set) var output = ""
    private var needsComma: [Bool] = [false]

    mutating func beginObject() {
        separator()
        output += "{"
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        output += "}"
    }

    mutating func beginArray() {
        separator()
        output += "["
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        output += "]"
    }

    mutating func key(_ name: String) {
        separator()
        JSONWriter.appendQuoted(name, to: &output)
        output += ":"
        afterKey = true
    }

    /// Set between a key and its value, which takes no comma.
    private var afterKey = false

    mutating func string(_ value: String?) {
        separator()
        if let value { JSONWriter.appendQuoted(value, to: &output) } else { output += "null" }
    }

    mutating func integer(_ value: Int?) {
        separator()
        output += value.map(String.init) ?? "null"
    }

    private mutating func separator() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma[needsComma.count - 1] { output += "," }
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

    static func appendQuoted(_ string: String, to output: inout String) {
        output += "\""
        // Most values need no escaping: append them whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0xE2 }) {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
