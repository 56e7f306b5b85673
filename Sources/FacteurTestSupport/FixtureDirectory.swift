import FacteurDirectory
import Foundation

/// `Fixtures/directory`, read as `DirectoryFiles` reads a directory.
public enum FixtureDirectory {
    public static let folder = SharedFiles.packageRoot.appendingPathComponent("Fixtures/directory")

    public static func read() throws -> (structures: [PublicStructure], services: [PublicService]) {
        try DirectoryFiles.read(structures: Array(try Data(contentsOf: folder.appendingPathComponent("structures.csv"))),
                                services: Array(try Data(contentsOf: folder.appendingPathComponent("services.csv"))))
    }
}
