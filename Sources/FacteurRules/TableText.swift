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
        let utf8 = text.utf8
        // The separators' offsets are found on the contiguous bytes (a native string's); a piece's
        // bounds are then made from offsets, which a UTF-8 view does in constant time.
        var bounds: [(Int, Int)] = []
        // A text without contiguous bytes (none of the tables) is copied into some first.
        if utf8.withContiguousStorageIfAvailable({ separated($0, on: byte, maxSplits: maxSplits, into: &bounds) }) == nil {
            Array(utf8).withUnsafeBufferPointer { separated($0, on: byte, maxSplits: maxSplits, into: &bounds) }
        }
        var pieces: [S.SubSequence] = []
        pieces.reserveCapacity(bounds.count)
        var position = utf8.startIndex, offset = 0
        for (start, end) in bounds {
            let lower = utf8.index(position, offsetBy: start - offset)
            let upper = utf8.index(lower, offsetBy: end - start)
            pieces.append(text[lower..<upper])
            position = upper
            offset = end
        }
        return pieces
    }

    /// The offsets of the pieces of `bytes` between `byte`s (empty pieces left out), at most
    /// `maxSplits` splits.
    private static func separated(_ bytes: UnsafeBufferPointer<UInt8>, on byte: UInt8, maxSplits: Int, into bounds: inout [(Int, Int)]) {
        var start = 0
        for index in 0..<bytes.count where bytes[index] == byte && bounds.count < maxSplits {
            if start != index { bounds.append((start, index)) }
            start = index + 1
        }
        if start != bytes.count { bounds.append((start, bytes.count)) }
    }

    /// `text` without the spaces around it.
    static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 }), let last = utf8.lastIndex(where: { $0 != 0x20 }) else { return text[text.endIndex...] }
        return text[first...last]
    }
}
