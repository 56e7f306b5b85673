import FacteurModel
import FacteurTestSupport
import Foundation
import Testing

/// `facteur validate` through the real binary: exit statuses, output shapes, hostile files.
@Suite("facteur validate")
struct ValidateCommandTests {
    static let facteur = SharedFiles.facteurExecutable
    static let examples = SharedFiles.en16931.appendingPathComponent("examples")

    static func run(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(facteur, arguments, timeout: 30)
    }

    static func json(_ line: Substring) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func jsonLinesCarryTheHeadlineValues() throws {
        let ubl = Self.examples.appendingPathComponent("ubl/ubl-tc434-example2.xml").path
        let cii = Self.examples.appendingPathComponent("cii/CII_example2.xml").path
        let result = try Self.run(["validate", "--format", "json", ubl, cii])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for (line, syntax) in zip(lines, ["UBL-Invoice", "CII"]) {
            let object = try Self.json(line)
            #expect(Set(object.keys) == ["file", "syntax", "number", "issue_date", "type", "currency", "seller", "buyer",
                                         "lines", "total_with_vat", "amount_due", "findings", "error"])
            // Hand-read from both files (ubl-tc434-example2.xml lines 11-13, 391-400; CII_example2.xml).
            #expect(object["syntax"] as? String == syntax)
            #expect(object["number"] as? String == "TOSL108")
            #expect(object["issue_date"] as? String == "2013-06-30")
            #expect(object["type"] as? String == "380")
            #expect(object["currency"] as? String == "NOK")
            #expect(object["seller"] as? String == "Salescompany ltd.")
            #expect(object["buyer"] as? String == "The Buyercompany")
            #expect(object["lines"] as? Int == 5)
            #expect(object["total_with_vat"] as? String == "1801.78")
            #expect(object["amount_due"] as? String == "801.78")
            #expect((object["findings"] as? [Any])?.isEmpty == true)
            #expect(object["error"] is NSNull)
        }
    }

    @Test func textOutputNamesEachFile() throws {
        let file = Self.examples.appendingPathComponent("ubl/ubl-tc434-creditnote1.xml").path
        let result = try Self.run(["validate", file])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("\(file): UBL-CreditNote 018304 / 28865\n"))
        #expect(result.stdout.contains("issued 2019-09-23, type 381, currency EUR"))
        #expect(result.stdout.contains("findings: 0 fatal, 0 warnings"))
    }

    /// Every official example, through the binary: exit 0, and each JSON line holds what an XPath
    /// lookup written from the syntax bindings finds in the file.
    @Test func everyOfficialExampleReportsItsOwnValues() throws {
        let files = try SharedFiles.en16931Examples()
        let result = try Self.run(["validate", "--format", "json"] + files.map(\.path))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == files.count)
        for (file, line) in zip(files, lines) {
            let object = try Self.json(line)
            let expected = try HeadlineExpectation(file: file)
            let name = file.lastPathComponent
            #expect(object["file"] as? String == file.path)
            #expect(object["syntax"] as? String == expected.syntax, "\(name)")
            #expect(object["number"] as? String == expected.number, "\(name)")
            #expect(object["issue_date"] as? String == expected.issueDate, "\(name)")
            #expect(object["type"] as? String == expected.typeCode, "\(name)")
            #expect(object["currency"] as? String == expected.currency, "\(name)")
            #expect((object["seller"] as? String ?? "") == expected.seller, "\(name)")
            #expect((object["buyer"] as? String ?? "") == expected.buyer, "\(name)")
            #expect(object["lines"] as? Int == expected.lines, "\(name)")
            for (key, term) in [("total_with_vat", "BT-112"), ("amount_due", "BT-115")] {
                // Exact decimal, scale as written: "801.78" for 801.78, "-10835" for -10835.
                let written = try #require(expected.amounts[term])
                #expect(object[key] as? String == ExactDecimal(parsing: written)?.description, "\(name) \(key)")
            }
        }
    }

    @Test func usageErrors() throws {
        #expect(try Self.run([]).status == 64)
        #expect(try Self.run(["validate"]).status == 64)
        #expect(try Self.run(["validate", "--format", "xml", "a.xml"]).status == 64)
        #expect(try Self.run(["frobnicate"]).status == 64)
        let help = try Self.run(["help"])
        #expect(help.status == 0 && help.stdout.contains("validate FILE..."))
        for rules in ["fr", "en16931,xx", "", "--rules"] {
            let result = try Self.run(["validate", "--rules", rules, "a.xml"])
            #expect(result.status == 64, "--rules \(rules)")
            #expect(result.stderr.contains("rule") || result.stderr.contains("--rules"), "\(result.stderr)")
        }
    }

    /// `--rules en16931,fr` adds the French rules' findings; the default and `en16931` leave them out.
    @Test func frenchRulesOnRequest() throws {
        // An official French case: its issue date is in 1999, which only BR-FR-03 refuses.
        let file = SharedFiles.fr.appendingPathComponent("ubl/BR-FR-03/BR-FR-03_BT-2__ubl-inv-a__y1999.xml").path
        for (arguments, french) in [([String](), false), (["--rules", "en16931"], false), (["--rules", "en16931,fr"], true),
                                    (["--rules=fr,en16931"], true)] {
            let result = try Self.run(["validate", "--format", "json"] + arguments + [file])
            let object = try Self.json(try #require(result.stdout.split(separator: "\n").first))
            let rules = (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(rules == (french ? ["BR-FR-03_BT-2"] : []), "\(arguments)")
            #expect(result.status == (french ? 1 : 0), "\(arguments)")
        }
    }

    /// Writes each hostile file, runs `validate` on it, and checks: exit 2, exactly one line of
    /// reason, the expected code, under 10 s and under 150 MB of memory.
    @Test func hostileFilesGiveExitTwoWithOneLine() throws {
        let folder = try SharedFiles.temporaryDirectory("facteur-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ bytes: [UInt8]) -> String {
            let url = folder.appendingPathComponent(name)
            #expect(FileManager.default.createFile(atPath: url.path, contents: Data(bytes)))
            return url.path
        }
        var laughs = "<!ENTITY l0 \"lol\">"
        for level in 1...12 { laughs += "<!ENTITY l\(level) \"\(String(repeating: "&l\(level - 1);", count: 10))\">" }
        let example = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent("cii/CII_example1.xml")))

        var cases: [(path: String, code: String)] = [
            (write("empty.xml", []), "empty"),
            (write("truncated.xml", Array(example.prefix(example.count / 2))), "malformed-xml"),
            (write("facture.pdf", Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".utf8)), "malformed-xml"),
            (write("xxe.xml", Array("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>".utf8)),
             "doctype-forbidden"),
            (write("laughs.xml", Array("<!DOCTYPE r [\(laughs)]><r>&l12;</r>".utf8)), "doctype-forbidden"),
            (write("deep.xml", Array((String(repeating: "<a>", count: 200_000) + String(repeating: "</a>", count: 200_000)).utf8)),
             "too-deep"),
            (write("many.xml", Array(("<r>" + String(repeating: "<e/>", count: 600_000) + "</r>").utf8)), "too-many-elements"),
            (write("latin1.xml", Array("<?xml version=\"1.0\"?><a>caf".utf8) + [0xE9] + Array("</a>".utf8)), "malformed-xml"),
            (write("order.xml", Array("<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>".utf8)),
             "unsupported-document"),
            (write("nom avec espaces é\u{1F4C4}.xml", []), "empty"),
            (write("-commence-par-un-tiret.xml", []), "empty"),
            (write("retour\nchariot.xml", []), "empty"),
            (folder.path, "not-regular-file"),
            (folder.appendingPathComponent("absent.xml").path, "io-error"),
        ]
        // A FIFO must not block the reader.
        let fifo = folder.appendingPathComponent("fifo.xml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        cases.append((fifo, "not-regular-file"))
        // A sparse file just over the 120 MiB limit is refused without being read.
        let huge = folder.appendingPathComponent("huge.xml").path
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 120 * 1024 * 1024 + 1) == 0)
        cases.append((huge, "too-large"))

        for (path, code) in cases {
            for format in ["text", "json"] {
                let result = try Self.run(["validate", "--format", format, "--", path])
                #expect(result.status == 2, "\(path): status \(result.status)")
                #expect(result.seconds < 10, "\(path): \(result.seconds) s")
                #expect(result.maxRSSKiB < 150 * 1024, "\(path): \(result.maxRSSKiB) KiB")
                let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(lines.count == 1, "\(path): \(result.stdout)")
                if format == "json", let line = lines.first {
                    let error = try #require(try Self.json(line)["error"] as? [String: Any])
                    #expect(error["code"] as? String == code, "\(path)")
                    #expect((error["message"] as? String)?.isEmpty == false)
                } else {
                    #expect(result.stdout.contains("unreadable (\(code)):"), "\(path): \(result.stdout)")
                }
                #expect(!result.stdout.contains("root:x:0"))
            }
        }
    }

    @Test func unreadableWinsOverReadable() throws {
        let folder = try SharedFiles.temporaryDirectory("facteur-mixed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.xml")
        try Data("<a>".utf8).write(to: bad)
        let good = Self.examples.appendingPathComponent("ubl/ubl-tc434-example1.xml").path
        let result = try Self.run(["validate", "--format", "json", good, bad.path, good])
        #expect(result.status == 2)
        #expect(result.stdout.split(separator: "\n").count == 3)
        #expect(result.stderr.contains("bad.xml"))
    }
}
