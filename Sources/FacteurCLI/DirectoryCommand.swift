import Glibc
import FacteurDirectory
import FacteurFlow
import FacteurState
import FacteurXML

/// `facteur directory import DIR [--root ROOT]`: loads `DIR/structures.csv` and `DIR/services.csv`
/// into the state database (`ROOT/state/facteur.sqlite`), replacing the previous directory in one
/// transaction. A file with any bad row is refused whole, every problem listed on standard error.
enum DirectoryCommand {
    /// Directory files are larger than invoices: Chorus Pro's lists some 130,000 structures.
    static let maxFileBytes = 1 << 30

    /// The bytes of `folder/structures.csv` and `folder/services.csv`.
    static func readFiles(in folder: String) throws -> (structures: [UInt8], services: [UInt8]) {
        (try InputFile.read(folder + "/structures.csv", maxBytes: maxFileBytes),
         try InputFile.read(folder + "/services.csv", maxBytes: maxFileBytes))
    }

    /// Exit statuses: 0 imported, 1 refused (bad rows, every one listed), 2 a file could not be read
    /// or the state database written, 64 a wrong command line.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard arguments.first == "import" else {
            console.err("facteur directory: expected 'import DIR [--root ROOT]'\n")
            return ExitStatus.usage
        }
        var folder: String?
        var root = "."
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--root" {
                index += 1
                guard index < arguments.count else {
                    console.err("facteur directory import: --root needs a folder\n")
                    return ExitStatus.usage
                }
                root = arguments[index]
            } else if folder == nil, !argument.hasPrefix("--") {
                folder = argument
            } else {
                console.err("facteur directory import: unexpected argument '\(argument)'\n")
                return ExitStatus.usage
            }
            index += 1
        }
        guard let folder else {
            console.err("facteur directory import: expected the folder holding structures.csv and services.csv\n")
            return ExitStatus.usage
        }
        let started = clock()
        let counts: (structures: Int, services: Int)
        do {
            counts = try importFiles(in: folder, root: root) ?? (0, 0)
        } catch let error as ReadError {
            console.err("facteur directory import: \(error.message)\n")
            return ExitStatus.unreadable
        } catch let error as DirectoryFileError {
            console.err("facteur directory import: \(error)\n")
            return ExitStatus.fatalFindings
        } catch {
            console.err("facteur directory import: the state database was not changed: \(error)\n")
            return ExitStatus.unreadable
        }
        let seconds = Double(clock() - started) / Double(CLOCKS_PER_SEC)
        console.out("directory imported: \(counts.structures) structures, \(counts.services) services"
                    + " (\(Int((seconds * 1000).rounded())) ms of CPU)\n")
        return ExitStatus.success
    }

    /// Loads the two files of `folder` into `root/state/facteur.sqlite` in one transaction, read and
    /// written row by row (a bad row rolls everything back), unless `onlyIfChanged` and the database
    /// holds a directory imported from the same bytes (nil is returned then). Throws `ReadError` when
    /// a file cannot be read, `DirectoryFileError` when it has bad rows, another error when the
    /// database fails.
    @discardableResult
    static func importFiles(in folder: String, root: String, onlyIfChanged: Bool = false) throws -> (structures: Int, services: Int)? {
        let files = try readFiles(in: folder)
        let source = "structures.csv sha256:" + files.structures.withUnsafeBytes { sha256Hex($0) }
            + " services.csv sha256:" + files.services.withUnsafeBytes { sha256Hex($0) }
        let state = root + "/state"
        if mkdir(state, 0o750) != 0, errno != EEXIST {
            throw ReadError(.ioError, "cannot make the state folder '\(state)': \(String(cString: strerror(errno)))")
        }
        var counts = (structures: 0, services: 0)
        let store = try DirectoryStore(database: Database(path: state + "/facteur.sqlite"))
        if onlyIfChanged, try store.source() == source { return nil }
        try store.replace(source: source) { importer in
            try DirectoryFiles.read(structures: files.structures, services: files.services) { record in
                try importer.add(record)
                if case .structure = record { counts.structures += 1 } else { counts.services += 1 }
            }
        }
        return counts
    }
}
