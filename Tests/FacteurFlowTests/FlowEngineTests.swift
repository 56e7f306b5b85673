import CFacteurLinux
import FacteurDirectory
@testable import FacteurFlow
import FacteurState
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

@Suite("Flow engine parts")
struct FlowEngineTests {
    @Test("SHA-256 gives the FIPS 180-4 test vectors, across block boundaries, with and without the SHA extensions")
    func sha256Vectors() {
        typealias Hash = (UnsafeRawPointer?, Int, UnsafeMutablePointer<UInt8>?) -> Void
        func hex(_ bytes: [UInt8], _ hash: Hash) -> String {
            var digest = [UInt8](repeating: 0, count: 32)
            bytes.withUnsafeBytes { hash($0.baseAddress, $0.count, &digest) }
            return digest.map { String(format: "%02x", $0) }.joined()
        }
        let vectors = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        for (text, expected) in vectors {
            #expect(hex(Array(text.utf8), facteur_sha256_portable) == expected)
            #expect(hex(Array(text.utf8), facteur_sha256) == expected)
            #expect(Array(text.utf8).withUnsafeBytes { sha256Hex($0) } == expected)
        }
        // Every length across the first blocks, both ways: the padding, and the extended schedule.
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(hex(bytes, facteur_sha256) == hex(bytes, facteur_sha256_portable), "length \(length)")
        }
    }

    @Test("instants read and write ISO 8601 and format 204")
    func instants() throws {
        let instant = try #require(Instant(iso8601: "2026-01-15T09:00:00Z"))
        #expect(instant.seconds == 1_768_467_600)
        #expect(instant.description == "2026-01-15T09:00:00Z")
        #expect(instant.format204 == "20260115090000")
        #expect(Instant(iso8601: "2026-01-15T10:30:00+01:30")?.description == "2026-01-15T09:00:00Z")
        #expect(Instant(iso8601: "2024-02-29T23:59:59Z")?.description == "2024-02-29T23:59:59Z")
        #expect(Instant(iso8601: "1969-12-31T23:59:59Z")?.seconds == -1)
        for bad in ["2026-01-15", "2026-02-30T00:00:00Z", "2026-01-15T24:00:00Z", "2026-01-15T09:00:00", "2026-01-15T09:00:00+0100"] {
            #expect(Instant(iso8601: bad) == nil, "\(bad)")
        }
    }

    @Test("indented JSON reads back as the compact one")
    func prettyJSON() throws {
        func write(_ json: JSONWriter) -> Data {
            json.beginObject()
            json.field("a", "x\ny")
            json.key("list")
            json.beginArray()
            json.integer(1)
            json.beginObject()
            json.endObject()
            json.beginArray()
            json.endArray()
            json.endArray()
            json.field("b", nil as String?)
            json.endObject()
            return Data(json.written)
        }
        let pretty = write(JSONWriter(pretty: true)), compact = write(JSONWriter())
        #expect(String(decoding: pretty, as: UTF8.self) == "{\n  \"a\": \"x\\ny\",\n  \"list\": [\n    1,\n    {},\n    []\n  ],\n  \"b\": null\n}")
        let a = try JSONSerialization.jsonObject(with: pretty) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: compact) as? NSDictionary
        #expect(a == b)
    }

    /// A temporary root holding the inbox of the all-accepted batch, and an engine configuration for
    /// it under the batch's clock.
    static func allAcceptedRoot() throws -> (root: String, batch: String, configuration: EngineConfiguration) {
        let root = try SharedFiles.temporaryDirectory("facteur-engine").path
        let batch = SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches/all-accepted").path
        try FileTree.copy(batch + "/inbox", to: root + "/inbox")
        var configuration = EngineConfiguration(root: root)
        configuration.clock = .fixed(Instant(iso8601: "2026-09-20T09:00:00Z")!)
        configuration.settleSeconds = 0
        return (root, batch, configuration)
    }

    /// Directory spec: invoices already received keep their recipient when the directory changes.
    @Test("a directory import after delivery leaves the recorded recipient and target as they were")
    func reimportKeepsRecipients() throws {
        let (root, _, configuration) = try Self.allAcceptedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let structures = try FixtureDirectory.read()
        do {
            let engine = try FlowEngine(configuration)
            try engine.directory.replace(structures: structures.structures, services: structures.services)
            let summary = try engine.runOnce()
            #expect(summary.accepted == 6)
            // The structures change connection, or go: the recorded invoices do not follow.
            try engine.directory.replace(structures: [], services: [])
        }
        let state = try Database(path: root + "/state/facteur.sqlite")
        var rows: [String] = []
        try state.prepare("SELECT platform_id, recipient_siret, delivery FROM invoices ORDER BY platform_id").query { row in
            rows.append("\(row.text(0)!) \(row.text(1)!) \(row.text(2)!)")
        }
        #expect(rows == [
            "FAC-2026-0000001 13000123300019 portal/13000123300019",
            "FAC-2026-0000002 13000123300019 portal/13000123300019",
            "FAC-2026-0000003 11004401300016 receiver/CNX-CHORUS-ARMEES",
            "FAC-2026-0000004 21750001600019 receiver/CNX-PARIS",
            "FAC-2026-0000005 26130008100013 receiver/CNX-EAUX",
            "FAC-2026-0000006 26130008100013 portal/26130008100013",
        ])
    }

    /// flows.md: nothing is lost when a write fails; what was decided stays owed and is written by
    /// the next run. Groups of two flows, so that the failure comes with groups decided, being
    /// written and being examined at once.
    @Test("a failed write stops the run, and the next run writes the same outbox as an uninterrupted one")
    func failedWriteIsCompletedByTheNextRun() throws {
        var (root, batch, configuration) = try Self.allAcceptedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        configuration.groupSize = 2
        let structures = try FixtureDirectory.read()
        // A file where a recipient's folder must go: the delivery of the fourth invoice fails, in the
        // middle of its group (the third invoice's outputs are written to their temporary names).
        let blocked = root + "/outbox/receiver/CNX-PARIS"
        try FileTree.write([], to: blocked)
        // The same engine runs again, as the daemon does.
        let engine = try FlowEngine(configuration)
        try engine.directory.replace(structures: structures.structures, services: structures.services)
        let error = #expect(throws: EngineError.self) { _ = try engine.runOnce() }
        #expect(error?.description == "cannot create the folder (a file is in the way) '\(blocked)': Not a directory")
        #expect(FileTree.files(under: root + "/inbox").isEmpty)
        try FileManager.default.removeItem(atPath: blocked)
        let summary = try engine.runOnce()
        #expect(summary.recovered > 0)
        let expected = batch + "/expected/outbox"
        let files = FileTree.files(under: root + "/outbox")
        #expect(files == FileTree.files(under: expected))
        for file in files {
            #expect(try InputFile.read(root + "/outbox/" + file, maxBytes: .max) == InputFile.read(expected + "/" + file, maxBytes: .max), "\(file)")
        }
        #expect(FileTree.files(under: root + "/state/work").isEmpty)
    }

    @Test("a state database of schema version 1 gains the columns of version 2, its rows kept")
    func migrationFromVersion1() throws {
        let root = try SharedFiles.temporaryDirectory("facteur-engine").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
        do {
            // The tables of version 1 that version 2 changes, with a row each.
            let old = try Database(path: root + "/state/facteur.sqlite")
            try old.execute("""
                CREATE TABLE flows (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, channel TEXT NOT NULL, connection TEXT NOT NULL,
                    file_name TEXT NOT NULL, inbox_path TEXT NOT NULL, received_at TEXT NOT NULL, stage TEXT NOT NULL, size INTEGER,
                    sha256 TEXT, status TEXT, reason TEXT, repeated_of TEXT);
                CREATE TABLE invoices (platform_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL REFERENCES flows (id), position INTEGER NOT NULL,
                    seller_siren TEXT NOT NULL, number TEXT NOT NULL, year INTEGER NOT NULL, issue_date TEXT, type_code TEXT,
                    syntax TEXT NOT NULL, seller_siret TEXT, recipient_siret TEXT NOT NULL, service_code TEXT, commitment TEXT,
                    delivery TEXT NOT NULL, emitter_connection TEXT NOT NULL, state TEXT NOT NULL, messages INTEGER NOT NULL,
                    UNIQUE (seller_siren, number, year));
                CREATE TABLE history (platform_id TEXT NOT NULL REFERENCES invoices (platform_id), step INTEGER NOT NULL,
                    state TEXT NOT NULL, code INTEGER NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, reason TEXT, comment TEXT,
                    PRIMARY KEY (platform_id, step));
                INSERT INTO flows VALUES ('FLX-2026-0000001', 1, 'emitter', 'SUP1', 'a.xml', 'inbox/emitter/SUP1/a.xml',
                    '2026-09-20T09:00:00Z', 'done', 10, 'x', 'IN_INTEGRE', NULL, NULL);
                INSERT INTO invoices VALUES ('FAC-2026-0000001', 'FLX-2026-0000001', 1, '412345670', 'F-1', 2026, '2026-09-15', '380',
                    'UBL', NULL, '21750001600019', NULL, NULL, 'receiver/CNX-PARIS', 'SUP1', 'MISE_A_DISPOSITION', 2);
                INSERT INTO history VALUES ('FAC-2026-0000001', 3, 'MISE_A_DISPOSITION', 203, 'platform', '2026-09-20T09:00:00Z', NULL, NULL);
                PRAGMA user_version = 1;
                """)
        }
        let engine = try FlowEngine(EngineConfiguration(root: root))
        let found = try engine.store.invoices(number: "F-1", sellerSIREN: "412345670", year: 2026, recipientSIRET: nil)
        #expect(found.map(\.platformId) == ["FAC-2026-0000001"])
        #expect(found.first?.steps == 3 && found.first?.sellerAddress == nil)
        try engine.store.record(platformId: "FAC-2026-0000001", step: 4, state: "MANDATEE", code: 205, actor: "recipient:CNX-PARIS",
                                at: "2026-09-21T09:00:00Z", mandate: "M-1", amounts: "MEN 10 20 %")
        var version = 0
        try engine.database.prepare("PRAGMA user_version").query { version = Int($0.integer(0)!) }
        #expect(version == 2)
        var mandates: [String] = []
        try engine.database.prepare("SELECT mandate FROM history WHERE mandate IS NOT NULL").query { mandates.append($0.text(0)!) }
        #expect(mandates == ["M-1"])
    }

    @Test("connections.csv: read when there, refused whole with every bad line, nothing when absent")
    func connectionSettings() throws {
        let root = try SharedFiles.temporaryDirectory("facteur-engine").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try ConnectionSettings.read(root + "/connections.csv") == ConnectionSettings())
        try FileTree.write(Array("comment;cppstatut;connection\r\nx;true;SUP1\n;false;SUP2\n\n;true;OP.3\n".utf8), to: root + "/connections.csv")
        #expect(try ConnectionSettings.read(root + "/connections.csv").chorusFormat == ["SUP1", "OP.3"])
        try FileTree.write(Array("connection;cppstatut\nSUP 1;true\nSUP2;yes\n".utf8), to: root + "/connections.csv")
        let error = #expect(throws: EngineError.self) { _ = try FlowEngine(EngineConfiguration(root: root)) }
        #expect(error?.description == "\(root)/connections.csv is refused: line 2: connection 'SUP 1' is not a connection name "
                + "([A-Za-z0-9._-], 1 to 64 characters); line 3: cppstatut 'yes': expected true or false")
        try FileTree.write(Array("name;format\nSUP1;true\n".utf8), to: root + "/connections.csv")
        #expect(throws: EngineError.self) { _ = try ConnectionSettings.read(root + "/connections.csv") }
    }

    @Test("a second engine on the same root is refused")
    func oneEnginePerRoot() throws {
        let root = try SharedFiles.temporaryDirectory("facteur-engine").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try FlowEngine(EngineConfiguration(root: root))
        #expect(throws: EngineError.self) { _ = try FlowEngine(EngineConfiguration(root: root)) }
        _ = first
    }

    /// flows.md: a file without the courtesy of a temporary name is taken only once its size and
    /// modification time have not changed between two looks. The daemon's pass does not wait for
    /// them: it says when to look again.
    @Test("a file is taken once unchanged between two looks an interval apart; a change starts its wait again")
    func settling() throws {
        var (root, _, configuration) = try Self.allAcceptedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        configuration.settleSeconds = 0.3
        let engine = try FlowEngine(configuration)
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/inbox/emitter/SUP1").sorted()
        #expect(files.count == 6)

        let first = try engine.runOnce(waitingForSettling: false)
        #expect(first.flows == 0 && first.waiting == 6)
        let wait = try #require(engine.nextReadyIn)
        #expect(wait > 0.2 && wait <= 0.3)

        usleep(350_000)
        // Written to again since the first look: it waits one more interval, the others are taken.
        let changed = try #require(FileHandle(forWritingAtPath: root + "/inbox/emitter/SUP1/" + files[2]))
        try changed.seekToEnd()
        try changed.write(contentsOf: Data("\n".utf8))
        try changed.close()
        let second = try engine.runOnce(waitingForSettling: false)
        #expect(second.flows == 5 && second.waiting == 1)
        #expect((engine.nextReadyIn ?? 0) > 0.2)

        usleep(350_000)
        let third = try engine.runOnce(waitingForSettling: false)
        #expect(third.flows == 1 && third.waiting == 0)
        #expect(engine.nextReadyIn == nil)
    }

    @Test("a one-shot pass waits for the files it sees first, and takes them after one interval")
    func settlingInOnePass() throws {
        var (root, _, configuration) = try Self.allAcceptedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        configuration.settleSeconds = 0.3
        let engine = try FlowEngine(configuration)
        let started = Date()
        let summary = try engine.runOnce()
        #expect(summary.flows == 6 && summary.waiting == 0)
        #expect(Date().timeIntervalSince(started) >= 0.3)
    }
}
