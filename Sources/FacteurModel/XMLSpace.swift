/// XML white space (space, tab, line feed, carriage return): what XPath's `normalize-space` and the
/// `xs:` casts strip from a value.
public enum XMLSpace {
    public static func contains(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The UTF-8 bytes of a value without their leading and trailing white space.
    public static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, contains(bytes[start]) { start += 1 }
        while end > start, contains(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing XML white space (space, tab, CR, LF).
    @inlinable
    public func trimmingXMLSpace() -> Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" { s = s.dropLast() }
        return s
    }
}

extension String {
    /// XPath `normalize-space`: trimmed, inner runs of white space collapsed to one space.
    public func normalizedXMLSpace() -> String {
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ")
    }
}
