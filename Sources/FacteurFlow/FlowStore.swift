import FacteurState

/// The flow engine's part of the state database: flows, the invoices accepted (with their
/// uniqueness key and where they were delivered), the invoices rejected, every status change, and
/// the outputs each change owes (the transactional outbox: rows inserted in the transaction that
/// makes the change, written as files after it commits, deleted once the files are durable).
///
/// One writer: the engine. Every statement is prepared once.
final class FlowStore {
    let database: Database

    /// Schema version of the flow tables (`PRAGMA user_version`).
    /// 2: the history records mandate numbers and amounts; invoices keep the seller's electronic
    /// address and name (for the messages of later statuses) and the refused invoice they replace.
    static let schemaVersion = 2

    init(database: Database) throws {
        self.database = database
        var version = 0
        try database.prepare("PRAGMA user_version").query { version = Int($0.integer(0) ?? 0) }
        // Commits are the engine's promises: flushed to disk before it writes what they owe.
        try database.execute("PRAGMA synchronous = FULL")
        // 16 MB of pages (the default is 2 MB): the owed outputs of the groups in the pipeline stay
        // cached until they are deleted, which otherwise reads every overflow page back from the file.
        try database.execute("PRAGMA cache_size = -16000")
        try database.transaction {
            try database.execute(FlowStore.schema)
            if version == 1 {
                try database.execute("""
                    ALTER TABLE history ADD COLUMN mandate TEXT;
                    ALTER TABLE history ADD COLUMN amounts TEXT;
                    ALTER TABLE invoices ADD COLUMN seller_address TEXT;
                    ALTER TABLE invoices ADD COLUMN seller_address_scheme TEXT;
                    ALTER TABLE invoices ADD COLUMN replaces TEXT;
                    ALTER TABLE invoices ADD COLUMN seller_name TEXT;
                    """)
            }
            try database.execute("PRAGMA user_version = \(FlowStore.schemaVersion)")
        }
    }

    static let schema = """
        CREATE TABLE IF NOT EXISTS counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS flows (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            channel TEXT NOT NULL,
            connection TEXT NOT NULL,
            file_name TEXT NOT NULL,
            inbox_path TEXT NOT NULL,
            received_at TEXT NOT NULL,
            stage TEXT NOT NULL,
            size INTEGER,
            sha256 TEXT,
            status TEXT,
            reason TEXT,
            repeated_of TEXT
        );
        CREATE INDEX IF NOT EXISTS flows_by_stage ON flows (stage, seq);
        CREATE INDEX IF NOT EXISTS flows_by_digest ON flows (connection, sha256);
        CREATE TABLE IF NOT EXISTS invoices (
            platform_id TEXT PRIMARY KEY,
            flow_id TEXT NOT NULL REFERENCES flows (id),
            position INTEGER NOT NULL,
            seller_siren TEXT NOT NULL,
            number TEXT NOT NULL,
            year INTEGER NOT NULL,
            issue_date TEXT,
            type_code TEXT,
            syntax TEXT NOT NULL,
            seller_siret TEXT,
            recipient_siret TEXT NOT NULL,
            service_code TEXT,
            commitment TEXT,
            delivery TEXT NOT NULL,
            emitter_connection TEXT NOT NULL,
            state TEXT NOT NULL,
            messages INTEGER NOT NULL,
            seller_address TEXT,
            seller_address_scheme TEXT,
            replaces TEXT,
            seller_name TEXT,
            UNIQUE (seller_siren, number, year)
        );
        CREATE INDEX IF NOT EXISTS invoices_by_number ON invoices (number);
        CREATE TABLE IF NOT EXISTS rejections (
            flow_id TEXT NOT NULL REFERENCES flows (id),
            position INTEGER NOT NULL,
            number TEXT,
            seller_siren TEXT,
            reasons TEXT NOT NULL,
            PRIMARY KEY (flow_id, position)
        );
        CREATE TABLE IF NOT EXISTS history (
            platform_id TEXT NOT NULL REFERENCES invoices (platform_id),
            step INTEGER NOT NULL,
            state TEXT NOT NULL,
            code INTEGER NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            reason TEXT,
            comment TEXT,
            mandate TEXT,
            amounts TEXT,
            PRIMARY KEY (platform_id, step)
        );
        CREATE TABLE IF NOT EXISTS outputs (
            id INTEGER PRIMARY KEY,
            flow_id TEXT NOT NULL REFERENCES flows (id),
            path TEXT NOT NULL,
            content BLOB,
            source TEXT
        );
        CREATE TABLE IF NOT EXISTS set_aside (
            seq INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            inbox_path TEXT NOT NULL,
            kind TEXT NOT NULL,
            moved_to TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """

    // MARK: Counters

    private lazy var readCounter = try! database.prepare("SELECT value FROM counters WHERE name = ?")
    private lazy var writeCounter = try! database.prepare(
        "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")

    /// The next number of a sequence (1 for the first), inside the caller's transaction.
    func next(_ counter: String) throws -> Int {
        var value = 0
        try readCounter.query([.text(counter)]) { value = Int($0.integer(0) ?? 0) }
        value += 1
        try writeCounter.run([.text(counter), .integer(Int64(value))])
        return value
    }

    // MARK: Flows

    struct FlowRow: Sendable {
        var id: String
        /// The flow's number in the order of claims (the id's number).
        var seq: Int
        var channel: String
        var connection: String
        var fileName: String
        var inboxPath: String
        var receivedAt: String
    }

    private lazy var insertFlow = try! database.prepare("""
        INSERT INTO flows (id, seq, channel, connection, file_name, inbox_path, received_at, stage)
        VALUES (?, ?, ?, ?, ?, ?, ?, 'claimed')
        """)

    func insertClaimed(id: String, seq: Int, channel: String, connection: String, fileName: String,
                       inboxPath: String, receivedAt: String) throws {
        try insertFlow.run([.text(id), .integer(Int64(seq)), .text(channel), .text(connection), .text(fileName),
                            .text(inboxPath), .text(receivedAt)])
    }

    /// How many flows are in `stage`.
    func count(inStage stage: String) throws -> Int {
        var count = 0
        try database.prepare("SELECT count(*) FROM flows WHERE stage = ?").query([.text(stage)]) { row in count = Int(row.integer(0) ?? 0) }
        return count
    }

    private lazy var flowsInStage = try! database.prepare("""
        SELECT id, seq, channel, connection, file_name, inbox_path, received_at FROM flows
        WHERE stage = ? AND seq > ? ORDER BY seq LIMIT ?
        """)

    /// The flows in `stage`, in the order of claims, from the first after `after` (a flow's `seq`).
    func flows(inStage stage: String, after: Int = 0, limit: Int = Int(Int32.max)) throws -> [FlowRow] {
        var rows: [FlowRow] = []
        try flowsInStage.query([.text(stage), .integer(Int64(after)), .integer(Int64(limit))]) { row in
            rows.append(FlowRow(id: row.text(0)!, seq: Int(row.integer(1)!), channel: row.text(2)!, connection: row.text(3)!,
                                fileName: row.text(4)!, inboxPath: row.text(5)!, receivedAt: row.text(6)!))
        }
        return rows
    }

    private lazy var decideFlow = try! database.prepare("""
        UPDATE flows SET stage = 'decided', size = ?, sha256 = ?, status = ?, reason = ?, repeated_of = ? WHERE id = ?
        """)

    func decide(flow id: String, size: Int?, sha256: String?, status: String, reason: String?, repeatedOf: String?) throws {
        try decideFlow.run([size.map { .integer(Int64($0)) }, sha256.map { .text($0) }, .text(status),
                            reason.map { .text($0) }, repeatedOf.map { .text($0) }, .text(id)])
    }

    private lazy var finishFlow = try! database.prepare("UPDATE flows SET stage = 'done' WHERE id = ?")

    func finish(flow id: String) throws {
        try finishFlow.run([.text(id)])
    }

    private lazy var forgetFlow = try! database.prepare("DELETE FROM flows WHERE id = ?")

    /// Drops a claim whose file vanished before it was moved (nothing was owed for it yet).
    func forget(flow id: String) throws {
        try forgetFlow.run([.text(id)])
    }

    private lazy var acceptedFlowWithDigest = try! database.prepare("""
        SELECT id FROM flows WHERE connection = ? AND sha256 = ? AND channel = ?
            AND status IN ('IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'ST_TRAITE', 'ST_TRAITE_PARTIEL')
        ORDER BY seq LIMIT 1
        """)

    /// The first flow of `connection` (on `channel`) with these exact bytes that had an invoice or a
    /// status line accepted.
    func acceptedFlow(channel: String, connection: String, sha256: String) throws -> String? {
        var id: String?
        try acceptedFlowWithDigest.query([.text(connection), .text(sha256), .text(channel)]) { id = $0.text(0) }
        return id
    }

    // MARK: Invoices

    /// An accepted invoice as the state keeps it: written when it is accepted or deposited again,
    /// read back by status lines, re-deposits and histories.
    struct InvoiceRow: Sendable {
        var platformId: String
        var flowId: String
        var position: Int
        var sellerSIREN: String
        var number: String
        var year: Int
        var issueDate: String?
        var typeCode: String?
        var syntax: String
        var sellerSIRET: String?
        var recipientSIRET: String
        var serviceCode: String?
        var commitment: String?
        var delivery: String
        var emitterConnection: String
        var state: String
        var messages: Int
        var sellerAddress: String?
        var sellerAddressScheme: String?
        /// The platform id of the refused invoice this one replaces (BT-25).
        var replaces: String?
        var sellerName: String?
        /// Read back only: the number of the last step of its history.
        var steps = 0
    }

    static let invoiceColumns = """
        platform_id, flow_id, position, seller_siren, number, year, issue_date, type_code, syntax, seller_siret, recipient_siret,
        service_code, commitment, delivery, emitter_connection, state, messages, seller_address, seller_address_scheme, replaces,
        seller_name
        """

    // A deposit again (recycle, completion) keeps the platform id, the key and the link: the rest is
    // the new bytes'.
    private lazy var saveInvoiceStatement = try! database.prepare("""
        INSERT INTO invoices (\(Self.invoiceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (platform_id) DO UPDATE SET flow_id = excluded.flow_id, position = excluded.position,
            issue_date = excluded.issue_date, type_code = excluded.type_code, syntax = excluded.syntax,
            seller_siret = excluded.seller_siret, recipient_siret = excluded.recipient_siret, service_code = excluded.service_code,
            commitment = excluded.commitment, delivery = excluded.delivery, state = excluded.state, messages = excluded.messages,
            seller_address = excluded.seller_address, seller_address_scheme = excluded.seller_address_scheme,
            seller_name = excluded.seller_name
        """)

    /// Records an accepted invoice, or its new deposit under the same platform id.
    func save(_ invoice: InvoiceRow) throws {
        func text(_ value: String?) -> Statement.Value? { value.map { .text($0) } }
        try saveInvoiceStatement.run([
            .text(invoice.platformId), .text(invoice.flowId), .integer(Int64(invoice.position)), .text(invoice.sellerSIREN),
            .text(invoice.number), .integer(Int64(invoice.year)), text(invoice.issueDate), text(invoice.typeCode),
            .text(invoice.syntax), text(invoice.sellerSIRET), .text(invoice.recipientSIRET), text(invoice.serviceCode),
            text(invoice.commitment), .text(invoice.delivery), .text(invoice.emitterConnection), .text(invoice.state),
            .integer(Int64(invoice.messages)), text(invoice.sellerAddress), text(invoice.sellerAddressScheme), text(invoice.replaces),
            text(invoice.sellerName),
        ])
    }

    private lazy var invoicesMatching = try! database.prepare("""
        SELECT \(Self.invoiceColumns), (SELECT max(step) FROM history WHERE history.platform_id = invoices.platform_id)
        FROM invoices
        WHERE number = ?1 AND (?2 IS NULL OR seller_siren = ?2) AND (?3 IS NULL OR year = ?3)
            AND (?2 IS NOT NULL OR ?4 IS NULL OR recipient_siret = ?4)
        ORDER BY platform_id
        """)

    /// The accepted invoices with this number, of this seller (when known), of this year (when
    /// known), and, when the seller is not known, of this recipient (when known).
    func invoices(number: String, sellerSIREN: String?, year: Int?, recipientSIRET: String?) throws -> [InvoiceRow] {
        var found: [InvoiceRow] = []
        try invoicesMatching.query([.text(number), sellerSIREN.map { .text($0) }, year.map { .integer(Int64($0)) },
                                    recipientSIRET.map { .text($0) }]) { row in
            found.append(InvoiceRow(
                platformId: row.text(0)!, flowId: row.text(1)!, position: Int(row.integer(2)!), sellerSIREN: row.text(3)!,
                number: row.text(4)!, year: Int(row.integer(5)!), issueDate: row.text(6), typeCode: row.text(7), syntax: row.text(8)!,
                sellerSIRET: row.text(9), recipientSIRET: row.text(10)!, serviceCode: row.text(11), commitment: row.text(12),
                delivery: row.text(13)!, emitterConnection: row.text(14)!, state: row.text(15)!, messages: Int(row.integer(16)!),
                sellerAddress: row.text(17), sellerAddressScheme: row.text(18), replaces: row.text(19), sellerName: row.text(20),
                steps: Int(row.integer(21) ?? 0)))
        }
        return found
    }

    private lazy var updateInvoiceState = try! database.prepare("UPDATE invoices SET state = ?, messages = ? WHERE platform_id = ?")

    func update(invoice platformId: String, state: String, messages: Int) throws {
        try updateInvoiceState.run([.text(state), .integer(Int64(messages)), .text(platformId)])
    }

    private lazy var insertRejection = try! database.prepare(
        "INSERT INTO rejections (flow_id, position, number, seller_siren, reasons) VALUES (?, ?, ?, ?, ?)")

    func insertRejected(flow: String, position: Int, number: String?, sellerSIREN: String?, reasons: [String]) throws {
        try insertRejection.run([.text(flow), .integer(Int64(position)), number.map { .text($0) },
                                 sellerSIREN.map { .text($0) }, .text(reasons.joined(separator: " "))])
    }

    private lazy var insertHistory = try! database.prepare("""
        INSERT INTO history (platform_id, step, state, code, actor, at, reason, comment, mandate, amounts)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)

    /// A step of an invoice's history. `amounts` as `TYPE value [rate %]`, separated by `; `.
    func record(platformId: String, step: Int, state: String, code: Int, actor: String, at: String,
                reason: String? = nil, comment: String? = nil, mandate: String? = nil, amounts: String? = nil) throws {
        try insertHistory.run([.text(platformId), .integer(Int64(step)), .text(state), .integer(Int64(code)), .text(actor),
                               .text(at), reason.map { .text($0) }, comment.map { .text($0) }, mandate.map { .text($0) },
                               amounts.map { .text($0) }])
    }

    // MARK: Owed outputs

    /// An output a state change owes: a file (relative to the root) and what it holds.
    enum Output: Sendable {
        /// The bytes themselves (reports, messages, envelopes).
        case content(String, [UInt8])
        /// A copy of another file (relative to the root): a delivered invoice's original bytes.
        case copy(String, source: String)
    }

    private lazy var insertOutput = try! database.prepare(
        "INSERT INTO outputs (flow_id, path, content, source) VALUES (?, ?, ?, ?)")

    func owe(flow: String, _ output: Output) throws {
        switch output {
        case .content(let path, let bytes): try insertOutput.run([.text(flow), .text(path), .blob(bytes), nil])
        case .copy(let path, let source): try insertOutput.run([.text(flow), .text(path), nil, .text(source)])
        }
    }

    private lazy var outputsOfFlow = try! database.prepare(
        "SELECT path, content, source FROM outputs WHERE flow_id = ? ORDER BY id")

    func outputs(of flow: String) throws -> [Output] {
        var outputs: [Output] = []
        try outputsOfFlow.query([.text(flow)]) { row in
            let path = row.text(0)!
            outputs.append(row.text(2).map { .copy(path, source: $0) } ?? .content(path, row.blob(1) ?? []))
        }
        return outputs
    }

    private lazy var deleteOutputs = try! database.prepare("DELETE FROM outputs WHERE flow_id = ?")

    func settle(flow: String) throws {
        try deleteOutputs.run([.text(flow)])
    }

    // MARK: Files set aside

    private lazy var insertAside = try! database.prepare(
        "INSERT INTO set_aside (seq, channel, inbox_path, kind, moved_to, at) VALUES (?, ?, ?, ?, ?, ?)")

    func recordSetAside(seq: Int, channel: String, inboxPath: String, kind: String, movedTo: String, at: String) throws {
        try insertAside.run([.integer(Int64(seq)), .text(channel), .text(inboxPath), .text(kind), .text(movedTo), .text(at)])
    }
}
