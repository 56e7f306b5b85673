import FacteurDirectory
import FacteurState
import FacteurTestSupport
import Foundation
import Testing

/// `facteur directory import` through the real binary: the fixture directory lands in the state
/// database; a bad directory is refused whole, every problem listed, and the database keeps the
/// directory it had.
@Suite("facteur directory import")
struct DirectoryCommandTests {
    static let fixture = SharedFiles.packageRoot.appendingPathComponent("Fixtures/directory").path

    @Test func importsAndRefusesWhole() throws {
        let root = try SharedFiles.temporaryDirectory("directory-import")
        defer { try? FileManager.default.removeItem(at: root) }
        let imported = try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", Self.fixture, "--root", root.path], timeout: 30)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("directory imported: 12 structures, 10 services"))
        let database = root.appendingPathComponent("state/facteur.sqlite").path
        #expect(try DirectoryStore(database: Database(path: database)).counts() == (12, 10))

        let bad = root.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        let structures = try String(contentsOfFile: Self.fixture + "/structures.csv", encoding: .utf8)
            .replacingOccurrences(of: "20006646200017;Métropole de Lyon;true", with: "20006646200018;Métropole de Lyon;vrai")
        try structures.write(to: bad.appendingPathComponent("structures.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.fixture + "/services.csv", toPath: bad.appendingPathComponent("services.csv").path)
        let refused = try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", bad.path, "--root", root.path], timeout: 30)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("structures.csv line 5, column siret: '20006646200018'"))
        #expect(refused.stderr.contains("structures.csv line 5, column active: 'vrai': expected true or false"))
        #expect(try DirectoryStore(database: Database(path: database)).counts() == (12, 10))

        let missing = try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", root.appendingPathComponent("none").path,
                                                                           "--root", root.path], timeout: 30)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("structures.csv"))
    }

    @Test func validateRoutesWithADirectory() throws {
        let invoices = ["ubl", "cii"].map { SharedFiles.packageRoot.appendingPathComponent("Fixtures/invoices/fr-b2g-full.\($0).xml").path }
        let routed = try ProcessRunner.run(SharedFiles.facteurExecutable, ["validate", "--format", "json", "--directory", Self.fixture] + invoices,
                                           timeout: 30)
        #expect(routed.status == 0, "\(routed.stderr)")
        #expect(!routed.stdout.contains("B2G-"))

        // The recipient closed, its successor named: both syntaxes are refused for it.
        let root = try SharedFiles.temporaryDirectory("directory-validate")
        defer { try? FileManager.default.removeItem(at: root) }
        let structures = try String(contentsOfFile: Self.fixture + "/structures.csv", encoding: .utf8)
            .replacingOccurrences(of: "d'Île-de-France;true;;", with: "d'Île-de-France;false;11004401300016;")
        try structures.write(to: root.appendingPathComponent("structures.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Self.fixture + "/services.csv", toPath: root.appendingPathComponent("services.csv").path)
        let refused = try ProcessRunner.run(SharedFiles.facteurExecutable, ["validate", "--format", "json", "--directory", root.path] + invoices,
                                            timeout: 30)
        #expect(refused.status == 1)
        let lines = refused.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.contains("\"rule\":\"B2G-03\""))
            #expect(line.contains("its successor is 11004401300016"))
        }

        // The same with the directory imported into a state database.
        let imported = try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", root.path, "--root", root.path], timeout: 30)
        #expect(imported.status == 0)
        let fromDatabase = try ProcessRunner.run(SharedFiles.facteurExecutable,
                                                 ["validate", "--format", "json", "--directory", root.appendingPathComponent("state/facteur.sqlite").path]
                                                 + invoices, timeout: 30)
        #expect(fromDatabase.status == 1)
        #expect(fromDatabase.stdout.split(separator: "\n").allSatisfy { $0.contains("\"rule\":\"B2G-03\"") })

        let unreadable = try ProcessRunner.run(SharedFiles.facteurExecutable, ["validate", "--directory", root.appendingPathComponent("none").path]
                                               + invoices, timeout: 30)
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("--directory"))
    }
}
