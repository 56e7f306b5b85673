import Dispatch

/// Work started on another thread, whose result is waited for.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the working thread before `done` is signalled, read only after waiting on it.
    private var result: Result<Value, Error>?

    init(on queue: DispatchQueue = .global(), _ work: @escaping @Sendable () throws -> Value) {
        queue.async {
            self.result = Result(catching: work)
            self.done.signal()
        }
    }

    /// Waits for the work to end; its error is thrown here (and at every later wait).
    func wait() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}

/// What a group of decided flows owes the file system: each original moved to the archive, then
/// every output.
struct GroupWrite: Sendable {
    var flows: [String] = []
    var moves: [(from: String, to: String)] = []
    var outputs: [FlowStore.Output] = []

    mutating func add(flow: String, archive: (from: String, to: String), outputs owed: [FlowStore.Output]) {
        flows.append(flow)
        moves.append(archive)
        outputs += owed
    }
}

/// The file system's side of the engine, on a thread of its own: one group's archive and outputs
/// at a time, durable when `write` returns (see `DurableFiles`). The engine decides the next group
/// meanwhile.
final class FlowWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "facteur.writer")
    // Touched only on `queue`.
    private var files: DurableFiles

    init(root: String) {
        files = DurableFiles(root: root)
    }

    /// Writes `group` now; its flows are returned.
    func write(_ group: GroupWrite) throws -> [String] {
        try queue.sync { try perform(group) }
    }

    /// Starts writing `group`, after any group started before.
    func start(_ group: GroupWrite) -> Background<[String]> {
        Background(on: queue) { try self.perform(group) }
    }

    /// Makes folders (relative to the root), flushed with the next group.
    func makeFolders(_ folders: [String]) throws {
        try queue.sync {
            for folder in folders { try files.makeFolder(files.root + "/" + folder) }
        }
    }

    private func perform(_ group: GroupWrite) throws -> [String] {
        do {
            for (from, to) in group.moves { try files.move(from, to: to) }
            for output in group.outputs {
                switch output {
                case .content(let path, let bytes): try files.stage(path, bytes)
                case .copy(let path, let source): try files.stageCopy(path, from: source)
                }
            }
            try files.commit()
            return group.flows
        } catch {
            // The outputs stay owed: the next run writes them again, from the start.
            files.discard()
            throw error
        }
    }
}
