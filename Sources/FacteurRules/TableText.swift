/// Splitting the rule tables compiled into the program (`RuleCatalogue+EN16931.swift`,
/// `CIISyntax+EN16931.swift`, the UBL restrictions) at start-up. `String.split` on a `Character`
/// segments the whole text into grapheme clusters, which cost more than everything else at start;
/// the separators here are ASCII bytes, so splitting the UTF-8 bytes gives the same pieces.
enum TableText {
    /// The pieces of `text` between `separator` bytes (empty pieces left out); at most `maxSplits`
    /// splits, the rest of the text being the last piece.
    static func split<S: StringProtocol>(_ text: S, on separator: Character, maxSplits: Int = .max) -> [S.SubSequence] {
        precondition(separator.isASCII)
        let byte = separator.asciiValue!
        var pieces: [S.SubSequence] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == byte, pieces.count < maxSplits {
                if start != index { pieces.append(text[start..<index]) }
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { pieces.append(text[start..<utf8.endIndex]) }
        return pieces
    }

    /// `text` without the spaces around it.
    static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 }), let last = utf8.lastIndex(where: { $0 != 0x20 }) else { return text[text.endIndex...] }
        return text[first...last]
    }
}
