import FacteurDirectory
import FacteurModel
import FacteurXML
import Glibc

/// What Facteur knows of its connections beyond their folders: `ROOT/connections.csv` (optional),
/// `;`-separated with a header, columns in any order, unknown columns ignored:
///
/// | column | meaning |
/// |---|---|
/// | `connection` | an emitter connection's name |
/// | `cppstatut` | `true`: the statuses of its invoices are also written in Chorus Pro's `CPPStatut` format |
public struct ConnectionSettings: Sendable, Hashable {
    /// The emitter connections that want `CPPStatut` files beside the CDAR messages.
    public var chorusFormat: Set<String> = []

    public init(chorusFormat: Set<String> = []) {
        self.chorusFormat = chorusFormat
    }

    /// A connection's name: `[A-Za-z0-9._-]{1,64}` (flows.md).
    public static func isConnectionName(_ name: String) -> Bool { InboxScan.isConnectionName(name) }

    /// Reads `path`; no file means no settings. A file with a bad row is refused whole, each problem
    /// with its line.
    public static func read(_ path: String) throws -> ConnectionSettings {
        guard access(path, F_OK) == 0 else { return ConnectionSettings() }
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, maxBytes: 10 * 1024 * 1024) } catch let error as ReadError {
            throw EngineError("cannot read \(path): \(error.message)")
        }
        var settings = ConnectionSettings()
        var problems: [String] = []
        var columns: [String: Int] = [:]
        CSV.forEachRecord(bytes[...]) { line, cells in
            if columns.isEmpty {
                for (index, cell) in cells.enumerated() { if let cell { columns[String(cell.trimmingXMLSpace())] = index } }
                if columns["connection"] == nil || columns["cppstatut"] == nil {
                    problems.append("line \(line): the header must name the columns connection and cppstatut")
                }
                return
            }
            guard let c = columns["connection"], let f = columns["cppstatut"] else { return }
            if cells.allSatisfy({ ($0 ?? "").isEmpty }) { return }
            let name = c < cells.count ? (cells[c] ?? "") : ""
            let flag = f < cells.count ? (cells[f] ?? "") : ""
            guard InboxScan.isConnectionName(name) else {
                return problems.append("line \(line): connection '\(name)' is not a connection name ([A-Za-z0-9._-], 1 to 64 characters)")
            }
            switch flag {
            case "true": settings.chorusFormat.insert(name)
            case "false", "": break
            default: problems.append("line \(line): cppstatut '\(flag)': expected true or false")
            }
        }
        guard problems.isEmpty else { throw EngineError("\(path) is refused: " + problems.joined(separator: "; ")) }
        return settings
    }
}
