import CSQLite

/// An error of the state database: SQLite's message, with what was being done.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String

    public var description: String { message }
}

/// One connection to the SQLite state database. Write-ahead logging, so that readers keep reading
/// the last committed state while a writer works, and a busy timeout, so that a writer waits for
/// another rather than failing. Not shared between threads: each thread opens its own.
public final class Database {
    let handle: OpaquePointer

    /// Opens (creating it if needed) the database at `path`; `":memory:"` for a private one.
    public init(path: String) throws(DatabaseError) {
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw DatabaseError(code: status, message: "cannot open the state database '\(path)': \(message)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 10_000)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(DatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw DatabaseError(code: status, message: "\(text) (in: \(sql.prefix(80)))")
        }
    }

    /// A prepared statement, to run many times with other values.
    public func prepare(_ sql: String) throws(DatabaseError) -> Statement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw DatabaseError(code: status, message: "\(String(cString: sqlite3_errmsg(handle))) (in: \(sql.prefix(80)))")
        }
        return Statement(statement, database: self)
    }

    /// Runs `body` in one transaction, taking the write lock at once: committed when `body`
    /// returns, rolled back when it throws (the error is rethrown).
    public func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    func error(_ status: Int32, _ doing: String) -> DatabaseError {
        DatabaseError(code: status, message: "\(String(cString: sqlite3_errmsg(handle))) (\(doing))")
    }
}

/// A prepared statement: values bound by position (1-based), rows read by column (0-based).
public final class Statement {
    let handle: OpaquePointer
    let database: Database

    init(_ handle: OpaquePointer, database: Database) {
        self.handle = handle
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds the values in order (nil for NULL), after clearing the previous run.
    public func bind(_ values: [Value?]) throws(DatabaseError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case nil: status = sqlite3_bind_null(handle, index)
            case .integer(let number)?: status = sqlite3_bind_int64(handle, index, number)
            case .text(let text)?: status = sqlite3_bind_text(handle, index, text, -1, facteur_sqlite_transient())
            case .blob(let bytes)?:
                status = bytes.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), facteur_sqlite_transient())
                }
            }
            guard status == SQLITE_OK else { throw database.error(status, "binding value \(index)") }
        }
    }

    /// Runs a statement that returns no rows.
    public func run(_ values: [Value?] = []) throws(DatabaseError) {
        try bind(values)
        let status = sqlite3_step(handle)
        guard status == SQLITE_DONE else { throw database.error(status, "running a statement") }
    }

    /// Runs a query and calls `row` for each row it returns.
    public func query(_ values: [Value?] = [], _ row: (Row) throws -> Void) throws {
        try bind(values)
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw database.error(status, "reading rows") }
            try row(Row(handle: handle))
        }
    }

    /// A value to bind.
    public enum Value: Sendable {
        case integer(Int64)
        case text(String)
        case blob([UInt8])
    }

    /// The current row of a query.
    public struct Row {
        let handle: OpaquePointer

        public func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(cString: bytes)
        }

        public func blob(_ column: Int32) -> [UInt8]? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: count))
        }

        public func integer(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }
    }
}
