import FacteurFlow

/// The engine's log lines (logfmt: `key=value`, values with spaces or quotes in double quotes, `\"`
/// and `\\` escaped) as `facteur run` prints them: filtered by level, as they are or as JSON objects.
struct LogSink {
    enum Format: String, CaseIterable { case logfmt, json }
    enum Level: String, Comparable, CaseIterable {
        case info, warning, error
        var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    var format = Format.logfmt
    var minimum = Level.info

    /// The line to print, or nil when its level is under the minimum.
    func render(_ line: String) -> String? {
        // The default: every line, as it is (not read back: one line a flow).
        if format == .logfmt, minimum == .info { return line }
        let pairs = Self.pairs(line)
        let level = pairs.first { $0.key == "level" }.flatMap { Level(rawValue: $0.value) } ?? .info
        guard level >= minimum else { return nil }
        guard format == .json else { return line }
        let json = JSONWriter()
        json.beginObject()
        for (key, value) in pairs {
            json.key(key)
            json.string(value)
        }
        json.endObject()
        return String(decoding: json.written, as: UTF8.self)
    }

    /// The `key=value` pairs of a logfmt line, values unquoted and unescaped.
    static func pairs(_ line: String) -> [(key: String, value: String)] {
        var pairs: [(String, String)] = []
        var characters = Substring(line)
        while let first = characters.first {
            if first == " " {
                characters.removeFirst()
                continue
            }
            let key = characters.prefix { $0 != "=" && $0 != " " }
            characters = characters.dropFirst(key.count)
            var value = ""
            if characters.first == "=" {
                characters.removeFirst()
                if characters.first == "\"" {
                    characters.removeFirst()
                    while let character = characters.first {
                        characters.removeFirst()
                        if character == "\"" { break }
                        if character == "\\", let escaped = characters.first {
                            characters.removeFirst()
                            value.append(escaped == "n" ? "\n" : escaped)
                        } else {
                            value.append(character)
                        }
                    }
                } else {
                    let plain = characters.prefix { $0 != " " }
                    value = String(plain)
                    characters = characters.dropFirst(plain.count)
                }
            }
            pairs.append((String(key), value))
        }
        return pairs
    }
}
