import FacteurFlow
import FacteurModel
import FacteurXML
import Glibc

/// `facteur replay BATCH [--update] [--keep]`: replays a fixture batch in a temporary root with a
/// fixed clock and compares the outbox with the expected one.
///
/// A batch folder holds `directory/` (structures.csv and services.csv), `inbox/` (the flows, laid
/// out as under a root's `inbox/`, or in rounds `inbox/1/`, `inbox/2/`, … dropped one after the
/// other, each followed by a run), `expected/outbox/`, and optionally `clock` (an ISO 8601
/// date-time; 2026-01-15T09:00:00Z otherwise), `connections.csv` (copied to the root), and
/// `directory-<N>/` (imported before round N, replacing the directory).
enum ReplayCommand {
    static let defaultClock = "2026-01-15T09:00:00Z"

    /// Exit statuses: 0 the outbox is the expected one (or was written with --update), 1 it differs
    /// (the differences on standard output), 2 the batch could not be replayed, 64 a wrong command line.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        var batch: String?
        var update = false
        var keep = false
        for argument in arguments {
            switch argument {
            case "--update": update = true
            case "--keep": keep = true
            default:
                guard batch == nil, !argument.hasPrefix("--") else {
                    console.err("facteur replay: unexpected argument '\(argument)'\n")
                    return ExitStatus.usage
                }
                batch = argument
            }
        }
        guard let batch else {
            console.err("facteur replay: expected the batch folder (Fixtures/batches/<name>)\n")
            return ExitStatus.usage
        }
        do {
            let outcome = try replay(batch, update: update, keep: keep, console: console)
            return outcome ? ExitStatus.success : ExitStatus.fatalFindings
        } catch {
            console.err("facteur replay: \(batch): \(error)\n")
            return ExitStatus.unreadable
        }
    }

    struct ReplayError: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether the outbox matched (always true with `update`).
    static func replay(_ batch: String, update: Bool, keep: Bool, console: Console) throws -> Bool {
        guard FileTree.isFolder(batch + "/inbox") else { throw ReplayError(description: "no inbox/ folder") }
        let clockText = (try? InputFile.read(batch + "/clock", maxBytes: 1024)).map { String(String(decoding: $0, as: UTF8.self).trimmingXMLSpace()) }
            ?? defaultClock
        guard let clock = Instant(iso8601: clockText) else {
            throw ReplayError(description: "clock: '\(clockText)' is not an ISO 8601 date-time")
        }
        let root = try FileTree.temporaryFolder("facteur-replay")
        defer {
            if keep { console.err("facteur replay: root kept at \(root)\n") } else { FileTree.remove(root) }
        }
        try FileTree.makeFolders(root + "/inbox/emitter")
        try FileTree.makeFolders(root + "/inbox/receiver")
        _ = try DirectoryCommand.importFiles(in: batch + "/directory", root: root)
        if access(batch + "/connections.csv", F_OK) == 0 {
            try FileTree.write(try InputFile.read(batch + "/connections.csv", maxBytes: 10 * 1024 * 1024), to: root + "/connections.csv")
        }
        var configuration = EngineConfiguration(root: root)
        configuration.clock = .fixed(clock)
        configuration.settleSeconds = 0
        configuration.schemas = EngineConfiguration.defaultSchemas()
        var log: [String] = []
        let engine = try FlowEngine(configuration, log: { log.append($0) })
        // A long batch shows its progress on a terminal.
        let progress = ProgressLine(console: console)
        if progress.enabled { engine.progress = { progress.update(done: $0, total: $1) } }
        defer { progress.clear() }
        let rounds = FileTree.folders(in: batch + "/inbox").filter { Int($0) != nil }.sorted { Int($0)! < Int($1)! }
        for round in rounds.isEmpty ? [""] : rounds {
            // A directory of its own for a round: the directory changed between two deposits.
            if !round.isEmpty, FileTree.isFolder(batch + "/directory-" + round) {
                _ = try DirectoryCommand.importFiles(in: batch + "/directory-" + round, root: root)
            }
            try FileTree.copy(batch + "/inbox" + (round.isEmpty ? "" : "/" + round), to: root + "/inbox")
            _ = try engine.runOnce()
        }
        let produced = root + "/outbox"
        let expected = batch + "/expected/outbox"
        if update {
            FileTree.remove(expected)
            try FileTree.makeFolders(expected)
            try FileTree.copy(produced, to: expected)
            console.out("\(batch): expected outbox written (\(FileTree.files(under: expected).count) files)\n")
            return true
        }
        let differences = compare(produced: produced, expected: expected)
        if differences.isEmpty {
            console.out("\(batch): outbox as expected (\(FileTree.files(under: expected).count) files)\n")
            return true
        }
        console.out("\(batch): the outbox differs from expected/outbox:\n" + differences.joined())
        return false
    }

    /// The differences, file by file: missing, unexpected, and for a changed file its first
    /// differing lines.
    static func compare(produced: String, expected: String) -> [String] {
        let made = FileTree.files(under: produced), wanted = FileTree.files(under: expected)
        var differences: [String] = []
        let madeSet = Set(made)
        for file in wanted where !madeSet.contains(file) { differences.append("- missing: \(file)\n") }
        let wantedSet = Set(wanted)
        for file in made where !wantedSet.contains(file) { differences.append("+ unexpected: \(file)\n") }
        for file in made where wantedSet.contains(file) {
            let a = (try? InputFile.read(expected + "/" + file, maxBytes: Int.max)) ?? []
            let b = (try? InputFile.read(produced + "/" + file, maxBytes: Int.max)) ?? []
            guard a != b else { continue }
            differences.append("~ changed: \(file)\n" + lineDiff(a, b))
        }
        return differences
    }

    /// The lines that differ, up to ten, as `-expected` / `+produced` pairs with their line number.
    static func lineDiff(_ expected: [UInt8], _ produced: [UInt8]) -> String {
        let a = expected.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let b = produced.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var out = ""
        var shown = 0
        for index in 0..<max(a.count, b.count) where shown < 10 {
            let left = index < a.count ? a[index] : nil, right = index < b.count ? b[index] : nil
            guard left != right else { continue }
            if let left { out += "    \(index + 1) -\(left)\n" }
            if let right { out += "    \(index + 1) +\(right)\n" }
            shown += 1
        }
        return out
    }
}
