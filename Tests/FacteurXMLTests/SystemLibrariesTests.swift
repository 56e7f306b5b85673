import CFacteurLinux
import CLibXML2
import CSQLite
import FacteurXML
import Testing

/// The C system libraries are wired as the package says, with the options Facteur relies on.
@Suite("System libraries")
struct SystemLibrariesTests {
    @Test func parseOptionsAreHardened() {
        let options = facteur_safe_options()
        #expect(options & Int32(XML_PARSE_NONET.rawValue) != 0)
        for forbidden in [XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID,
                          XML_PARSE_XINCLUDE, XML_PARSE_RECOVER] {
            #expect(options & Int32(forbidden.rawValue) == 0, "option \(forbidden.rawValue) must not be set")
        }
    }

    @Test func libxml2IsRecentEnough() {
        // 2.9.14 is Debian 12's; the guard relies on SAX2 and structured errors, present since 2.7.
        let version = Int(String(cString: facteur_libxml_version())) ?? 0
        #expect(version >= 20_914, "libxml2 \(version)")
    }

    @Test func sqliteOpensAndAnswers() throws {
        var db: OpaquePointer?
        #expect(sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        #expect(sqlite3_prepare_v2(db, "SELECT 6 * 7", -1, &statement, nil) == SQLITE_OK)
        defer { sqlite3_finalize(statement) }
        #expect(sqlite3_step(statement) == SQLITE_ROW)
        #expect(sqlite3_column_int(statement, 0) == 42)
        #expect(sqlite3_libversion_number() >= 3_035_000)
    }
}

/// libxml2's arena allocator: blocks keep their bytes when they grow or move, memory from before
/// or outside a scope stays ordinary heap memory, and a scope's end gives its blocks back.
@Suite("libxml2 arena")
struct ArenaTests {
    private func fill(_ pointer: UnsafeMutableRawPointer, _ count: Int, _ seed: UInt8) {
        for i in 0..<count { pointer.storeBytes(of: seed &+ UInt8(truncatingIfNeeded: i), toByteOffset: i, as: UInt8.self) }
    }

    private func holds(_ pointer: UnsafeMutableRawPointer, _ count: Int, _ seed: UInt8) -> Bool {
        (0..<count).allSatisfy { pointer.load(fromByteOffset: $0, as: UInt8.self) == seed &+ UInt8(truncatingIfNeeded: $0) }
    }

    @Test func blocksKeepTheirBytesWhenTheyGrowInPlaceOrMove() throws {
        facteur_arena_begin()
        defer { facteur_arena_end() }
        let first = try #require(facteur_arena_malloc(40))
        fill(first, 40, 1)
        // The newest block grows where it is.
        let grown = try #require(facteur_arena_realloc(first, 200))
        #expect(grown == first)
        #expect(holds(grown, 40, 1))
        fill(grown, 200, 2)
        // Once another block follows it, growing moves it.
        let other = try #require(facteur_arena_malloc(24))
        fill(other, 24, 3)
        let moved = try #require(facteur_arena_realloc(grown, 1_000))
        #expect(moved != grown)
        #expect(holds(moved, 200, 2))
        #expect(holds(other, 24, 3))
        // Past the largest arena block it moves to the heap, still with its bytes, and is freed there.
        let large = try #require(facteur_arena_realloc(moved, 1 << 20))
        #expect(holds(large, 200, 2))
        facteur_arena_free(large)
        facteur_arena_free(other)
    }

    @Test func theNewestBlockIsGivenBackAtOnce() throws {
        facteur_arena_begin()
        defer { facteur_arena_end() }
        let kept = try #require(facteur_arena_malloc(16))
        let temporary = try #require(facteur_arena_malloc(64))
        facteur_arena_free(temporary)
        let next = try #require(facteur_arena_malloc(64))
        #expect(next == temporary)
        #expect(next != kept)
    }

    @Test func heapMemoryFromOutsideAScopeIsFreedNormallyInside() throws {
        let outside = try #require(facteur_arena_malloc(100))
        let copy = try #require(facteur_arena_strdup("SIRET 12345678200010"))
        fill(outside, 100, 7)
        facteur_arena_begin()
        let inside = try #require(facteur_arena_malloc(100))
        fill(inside, 100, 9)
        let grown = try #require(facteur_arena_realloc(outside, 5_000))
        #expect(holds(grown, 100, 7))
        facteur_arena_free(grown)
        facteur_arena_end()
        #expect(String(cString: copy) == "SIRET 12345678200010")
        facteur_arena_free(copy)
    }

    @Test func nestedScopesEndWithTheOutermost() throws {
        facteur_arena_begin()
        let outer = try #require(facteur_arena_malloc(32))
        fill(outer, 32, 5)
        facteur_arena_begin()
        _ = facteur_arena_malloc(32)
        facteur_arena_end()
        #expect(holds(outer, 32, 5))
        facteur_arena_end()
    }

    @Test func largeBlocksStillHeldAtTheEndOfAScopeAreFreed() throws {
        // Under LeakSanitizer (the CI's sanitizer run) a block kept here would be reported.
        for _ in 0..<50 {
            facteur_arena_begin()
            let kept = try #require(facteur_arena_malloc(100_000))
            fill(kept, 100_000, 4)
            let grown = try #require(facteur_arena_realloc(kept, 300_000))
            #expect(holds(grown, 100_000, 4))
            let freed = try #require(facteur_arena_malloc(50_000))
            facteur_arena_free(freed)
            _ = try #require(facteur_arena_malloc(70_000))
            facteur_arena_end()
        }
    }

    @Test func documentsParseOneAfterAnotherThroughTheArena() throws {
        // Bad documents leave libxml2 holding an error message: it must not outlive the arena.
        let good = Array("<a><b x='1'>text</b><c/></a>".utf8)
        let bad = Array("<a><b></a>".utf8)
        for round in 0..<200 {
            let bytes = round.isMultiple(of: 3) ? bad : good
            let name = bytes.withUnsafeBytes { raw in
                try? XMLParser.withDocument(raw) { root in root.localName }
            }
            #expect(name == (round.isMultiple(of: 3) ? nil : "a"))
        }
    }
}

/// Namespace tests go through a per-document cache: the answers stay those of the URIs, whatever
/// the prefixes, redeclarations and order of the questions.
@Suite("Namespace tests")
struct NamespaceTests {
    @Test func answersFollowTheURIsNotThePrefixes() throws {
        let document = Array("""
            <r xmlns:a="urn:A" xmlns:b="urn:B"><a:x/><b:x/><a:y xmlns:a="urn:B"/><c xmlns="urn:A"><a:z/></c><d/></r>
            """.utf8)
        // For each element in document order: in urn:A, in urn:B, in no namespace.
        let expected: [(String, Bool, Bool, Bool)] = [
            ("x", true, false, false), ("x", false, true, false), ("y", false, true, false),
            ("c", true, false, false), ("z", true, false, false), ("d", false, false, true),
        ]
        let rounds = try document.withUnsafeBytes { raw in
            try XMLParser.withDocument(raw) { root -> [[(String, Bool, Bool, Bool)]] in
                var elements: [XMLNode] = []
                func collect(_ node: XMLNode) {
                    for child in node.childElements {
                        elements.append(child)
                        collect(child)
                    }
                }
                collect(root)
                // Asked three times, in varying order: the cache answers the later rounds.
                return (0..<3).map { round in
                    var result = (round == 1 ? elements.reversed() : elements).map { element in
                        (element.localName, element.isInNamespace("urn:A"), element.isInNamespace("urn:B"), element.isInNamespace(""))
                    }
                    if round == 1 { result.reverse() }
                    return result
                }
            }
        }
        for answers in rounds {
            #expect(answers.count == expected.count)
            for (answer, want) in zip(answers, expected) {
                #expect(answer == want, "\(answer.0)")
            }
        }
    }
}

/// Element names are compared on their lengths (kept in the name key), then a word at a time: every
/// byte counts, at every length, and names of 255 bytes or more (whose key cannot hold the length)
/// are compared whole.
@Suite("Name tests")
struct NameTests {
    /// `facteur_is_blank` reads eight bytes at a time (a short text as two overlapping halves): every
    /// length, every position of a byte that is not XML white space, against a byte-by-byte reading.
    @Test func blankTextIsToldByteForByte() {
        let blanks: [UInt8] = [0x20, 0x09, 0x0A, 0x0D]
        // Not XML white space: a letter, vertical tab, form feed, NUL, no-break space's bytes, bytes a carry could reach.
        let others: [UInt8] = [0x61, 0x0B, 0x0C, 0x00, 0xC2, 0xA0, 0x21, 0x1F, 0x2A, 0x8D, 0xFF]
        for length in 0...24 {
            for fill in blanks {
                var text = (0..<length).map { blanks[($0 + Int(fill)) % 4] }
                #expect(facteur_is_blank(text, text.count) == 1, "length \(length): white space only")
                for position in 0..<length {
                    for other in others {
                        let kept = text[position]
                        text[position] = other
                        #expect(facteur_is_blank(text, text.count) == 0, "length \(length): byte \(other) at \(position)")
                        text[position] = kept
                    }
                }
            }
        }
    }

    @Test func everyByteOfTheNameCounts() throws {
        for length in Array(1...24) + [31, 32, 33, 254, 255, 256, 300] {
            let name = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            let answers = try Array("<r><\(String(decoding: name, as: UTF8.self))/></r>".utf8).withUnsafeBytes { raw in
                try XMLParser.withDocument(raw) { root -> [(String, Bool)] in
                    let element = try #require(root.firstChildElement)
                    var answers = [("itself", element.hasLocalName(nulTerminated: name + [0]))]
                    for position in 0..<length {
                        var other = name
                        other[position] = UInt8(ascii: "Z")
                        answers.append(("byte \(position) changed", element.hasLocalName(nulTerminated: other + [0])))
                    }
                    answers.append(("one byte shorter", element.hasLocalName(nulTerminated: name.dropLast() + [0])))
                    answers.append(("one byte longer", element.hasLocalName(nulTerminated: name + [UInt8(ascii: "a"), 0])))
                    return answers
                }
            }
            #expect(answers[0].1, "length \(length): the name itself")
            for (what, answer) in answers.dropFirst() {
                #expect(!answer, "length \(length): \(what)")
            }
        }
    }

    @Test func namesWrittenInCode() throws {
        let answers = try Array("<r><ID/><Note/><AccountingSupplierParty/></r>".utf8).withUnsafeBytes { raw in
            try XMLParser.withDocument(raw) { root in
                root.childElements.map {
                    [$0.hasLocalName("ID"), $0.hasLocalName("IE"), $0.hasLocalName("Note"), $0.hasLocalName("Nota"),
                     $0.hasLocalName("AccountingSupplierParty"), $0.hasLocalName("AccountingSupplierPartx"), $0.hasLocalName("")]
                }
            }
        }
        #expect(answers == [
            [true, false, false, false, false, false, false],
            [false, false, true, false, false, false, false],
            [false, false, false, false, true, false, false],
        ])
    }
}

/// Comments and processing instructions are parsed but not kept: string values are those XPath gives.
@Suite("Comments and processing instructions")
struct CommentTests {
    @Test func stringValuesLeaveThemOut() throws {
        let document = Array("""
            <?xml version="1.0"?><!-- head --><r><?pi data?><a>12<!-- inside -->34</a><!-- between --><b><![CDATA[5]]><!-- c -->6</b></r>
            """.utf8)
        let values = try document.withUnsafeBytes { raw in
            try XMLParser.withDocument(raw) { root in root.childElements.map { "\($0.localName)=\($0.stringValue)" } }
        }
        #expect(values == ["a=1234", "b=56"])
    }

    @Test func aMalformedCommentIsStillAnError() {
        let document = Array("<r><!-- a -- b --></r>".utf8)
        #expect(throws: ReadError.self) {
            try document.withUnsafeBytes { raw in try XMLParser.withDocument(raw) { _ in () } }
        }
    }
}


/// White space as the official artefacts read documents: a text that is only white space is no text
/// (`<cbc:ID>   </cbc:ID>` is an empty identifier), text next to CDATA counts with it, and attribute
/// values are kept whole.
@Suite("White-space-only text")
struct WhiteSpaceTests {
    @Test func whiteSpaceOnlyTextIsLeftOut() throws {
        let document = Array("""
            <r><a>   </a><b> x </b><c>\t\n\r </c><d>1<e/>  <f>2</f> 3</d><g>  <![CDATA[y]]></g><h><![CDATA[  ]]></h><i k="  " l=" &#32;"/><j><![CDATA[y]]>  </j></r>
            """.utf8)
        let values = try document.withUnsafeBytes { raw in
            try XMLParser.withDocument(raw) { root in
                root.childElements.map { element in
                    "\(element.localName)=[\(element.stringValue)|\(element.withStringValueBytes { String(decoding: $0, as: UTF8.self) })]"
                        + (element.localName == "i" ? "[\(element.attribute("k") ?? "-")][\(element.attribute("l") ?? "-")]" : "")
                }
            }
        }
        #expect(values == ["a=[|]", "b=[ x | x ]", "c=[|]", "d=[12 3|12 3]", "g=[  y|  y]", "h=[|]", "i=[|][  ][  ]", "j=[y  |y  ]"])
    }
}
