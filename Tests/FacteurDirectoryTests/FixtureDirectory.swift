import FacteurDirectory
import FacteurTestSupport
import Foundation

/// `Fixtures/directory`, read as `DirectoryFiles` reads a directory.
enum FixtureDirectory {
    static let folder = SharedFiles.packageRoot.appendingPathComponent("Fixtures/directory")

    static func read() throws -> (structures: [PublicStructure], services: [PublicService]) {
        try DirectoryFiles.read(structures: Array(try Data(contentsOf: folder.appendingPathComponent("structures.csv"))),
                                services: Array(try Data(contentsOf: folder.appendingPathComponent("services.csv"))))
    }
}
