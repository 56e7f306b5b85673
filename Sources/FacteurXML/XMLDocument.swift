import CFacteurLinux
import CLibXML2

/// Limits applied to every parse of untrusted input.
public struct XMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes. Chorus Pro's limit for a flow is 120 MB.
    public var maxBytes: Int
    /// Most elements a document may have. The tree costs 100 to 150 bytes an element besides the
    /// text, which the file's size bounds: the default, 500,000 (an invoice of some 12,000 lines),
    /// keeps the elements of a parse under about 75 MB whatever the file.
    public var maxElements: Int
    /// Deepest element nesting accepted. Invoices nest about 12 levels.
    public var maxDepth: Int

    public init(maxBytes: Int = 120 * 1024 * 1024, maxElements: Int = 500_000, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxElements = maxElements
        self.maxDepth = maxDepth
    }

    public static let `default` = XMLLimits()
}

/// Parsing of untrusted XML with libxml2, hardened: no network, no DTD at all (refused as soon as it
/// is declared, so no external entity and no entity expansion ever happens), capped size, element
/// count and depth, no output on stderr.
///
/// The tree lives only inside the closure given to `withDocument`: `XMLNode` values are borrowed
/// pointers into it and must not escape. Readers copy what they need into Swift values.
public enum XMLParser {
    /// libxml2 allocates through Facteur's arena (`facteur_arena_*`), and so does the tree built from
    /// its events (`facteur_tree`): one allocation per run of elements and per attribute, and the
    /// parser's own buffers; in a scope these are a pointer bump, and the tree is dropped whole at
    /// the scope's end, without a walk over its elements.
    private static let initialised: Void = {
        xmlMemSetup(facteur_arena_free, facteur_arena_malloc, facteur_arena_realloc, facteur_arena_strdup)
        xmlInitParser()
    }()

    /// Sets libxml2 up (its allocator, its parser) once per process, before any other use of it.
    static func prepare() {
        _ = initialised
    }

    /// Parses `bytes` and runs `body` on the root element; the document is freed when `body` returns.
    ///
    /// - Parameters:
    ///   - bytes: the document, in any encoding its XML declaration or byte-order mark names.
    ///   - name: a name for the document in libxml2's messages (the file name).
    ///   - limits: size, element and depth caps.
    /// - Throws: `ReadError` when the bytes are not an acceptable XML document, or whatever `body` throws.
    public static func withDocument<R>(
        _ bytes: UnsafeRawBufferPointer,
        name: String = "input.xml",
        limits: XMLLimits = .default,
        _ body: (XMLNode) throws -> R
    ) throws -> R {
        _ = initialised
        guard bytes.count <= limits.maxBytes, bytes.count < Int(Int32.max) else {
            throw ReadError(.tooLarge, "file is \(bytes.count) bytes, over the limit of \(limits.maxBytes) bytes")
        }
        guard let base = bytes.baseAddress, !isBlank(bytes) else {
            throw ReadError(.empty, "file is empty: expected an XML invoice")
        }
        var guardState = facteur_guard()
        guardState.max_elements = UInt(limits.maxElements)
        guardState.max_depth = UInt32(limits.maxDepth)
        var error = facteur_parse_error()
        // Everything libxml2 allocates for this document comes from the thread's arena and is gone
        // when this function returns (the tree, libxml2's record of the last error).
        facteur_arena_begin()
        defer {
            xmlResetLastError()
            facteur_arena_end()
        }
        let built = name.withCString { url in
            facteur_parse_memory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), url, &guardState, &error)
        }
        // The scope's end (above) takes the tree: dropping it costs no walk over its elements.
        defer { facteur_drop_tree(&guardState) }
        guard built != 0 else {
            throw readError(guardState, error, limits)
        }
        guard let root = guardState.tree?.pointee.root else {
            throw ReadError(.malformedXML, "no root element: expected an XML invoice")
        }
        return try body(XMLNode(root))
    }

    private static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
            return false
        }
        return true
    }

    private static func readError(_ guardState: facteur_guard, _ error: facteur_parse_error, _ limits: XMLLimits) -> ReadError {
        let line = error.line > 0 ? Int(error.line) : nil
        if guardState.refused_dtd != 0 {
            return ReadError(.doctypeForbidden,
                             "document type declaration (<!DOCTYPE>) refused\(at(line)): invoices must not declare a DTD or entities",
                             line: line)
        }
        if guardState.too_many_elements != 0 {
            return ReadError(.tooManyElements, "more than \(limits.maxElements) elements\(at(line)): document refused", line: line)
        }
        if guardState.out_of_memory != 0 {
            return ReadError(.tooLarge, "out of memory building the tree\(at(line)): document refused", line: line)
        }
        if guardState.too_deep != 0 {
            return ReadError(.tooDeep, "elements nested deeper than \(limits.maxDepth) levels\(at(line)): document refused", line: line)
        }
        var message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if message.isEmpty { message = "libxml2 error \(error.code)" }
        // libxml2 sometimes continues on a second line ("Bytes: 0xE9 ..."): keep one line.
        message = message.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: "; ")
        let column = error.column > 0 ? ", column \(error.column)" : ""
        let lineText = line.map { " at line \($0)\(column)" } ?? ""
        return ReadError(.malformedXML, "not well-formed XML\(lineText): \(message)", line: line)
    }

    private static func at(_ line: Int?) -> String {
        line.map { " at line \($0)" } ?? ""
    }
}
