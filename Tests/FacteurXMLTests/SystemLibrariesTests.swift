import CLibXML2
import CSQLite
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
