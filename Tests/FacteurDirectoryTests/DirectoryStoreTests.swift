import FacteurDirectory
import FacteurModel
import FacteurState
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// The directory in the state database: what is imported is what is looked up, an import replaces
/// the directory whole, and a reader sees the previous directory until the import commits.
@Suite("Directory store")
struct DirectoryStoreTests {
    private static func fixture() throws -> (structures: [PublicStructure], services: [PublicService]) {
        try FixtureDirectory.read()
    }

    @Test func whatIsImportedIsWhatIsLookedUp() throws {
        let (structures, services) = try Self.fixture()
        let store = try DirectoryStore(database: Database(path: ":memory:"))
        try store.replace(structures: structures, services: services)
        #expect(try store.counts() == (12, 10))
        for structure in structures { #expect(try store.structure(siret: structure.siret) == structure) }
        for service in services { #expect(try store.service(siret: service.siret, code: service.code) == service) }
        #expect(try store.structure(siret: "13000123300043") == nil)
        #expect(try store.service(siret: "13000123300019", code: "NONE") == nil)
    }

    @Test func anImportReplacesTheWholeDirectory() throws {
        let (structures, services) = try Self.fixture()
        let store = try DirectoryStore(database: Database(path: ":memory:"))
        try store.replace(structures: structures, services: services)
        let kept = structures.filter { $0.siret == "13000123300019" }
        try store.replace(structures: kept, services: services.filter { $0.siret == "13000123300019" })
        #expect(try store.counts() == (1, 2))
        #expect(try store.structure(siret: "11004401300016") == nil)
    }

    @Test func aReaderSeesThePreviousDirectoryUntilTheImportCommits() throws {
        let folder = try SharedFiles.temporaryDirectory("directory-store")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("facteur.sqlite").path
        let (structures, _) = try Self.fixture()
        let writer = try DirectoryStore(database: Database(path: path))
        try writer.replace(structures: Array(structures.prefix(2)), services: [])
        let reader = try DirectoryStore(database: Database(path: path))
        // Many rows, so that progress is reported while the transaction is open.
        let many = (0..<25_000).map { index in
            PublicService(siret: structures[0].siret, code: "S\(index)", name: "Service \(index)")
        }
        var seenDuring: [(Int, Int)] = []
        try writer.replace(structures: structures, services: many) { _ in
            seenDuring.append(try reader.counts())
        }
        #expect(seenDuring.count >= 3)
        #expect(seenDuring.allSatisfy { $0 == (2, 0) }, "\(seenDuring)")
        #expect(try reader.counts() == (12, 25_000))

        // An import that fails leaves the directory as it was.
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try writer.replace(structures: Array(structures.prefix(1)), services: []) { _ in throw Interrupted() }
        }
        #expect(try reader.counts() == (12, 25_000))
        #expect(try reader.structure(siret: structures[5].siret) == structures[5])
    }

    @Test(arguments: ["fr-b2g-full.ubl.xml", "fr-b2g-full.cii.xml"])
    func routingReadsTheStore(_ fixture: String) throws {
        let (structures, services) = try Self.fixture()
        let store = try DirectoryStore(database: Database(path: ":memory:"))
        try store.replace(structures: structures, services: services)
        let invoice = try FacteurXML.InvoiceReader().read(file: SharedFiles.packageRoot.appendingPathComponent("Fixtures/invoices/\(fixture)").path)
        let decision = try Router.route(invoice, directory: store, on: CalendarDate(year: 2026, month: 11, day: 23)!)
        #expect(decision.findings.isEmpty)
        #expect(decision.target == .portal(siret: "13000123300019"))
    }
}
