import FacteurModel
import FacteurState

/// The directory kept in the state database: imported whole in one transaction (`replace`), so that
/// a reader sees the previous directory until the new one is committed, never a part of it; looked up
/// by prepared statements on the two tables' primary keys.
public final class DirectoryStore: DirectoryLookup {
    private let database: Database
    private let structureLookup: Statement
    private let serviceLookup: Statement

    static let schema = """
        CREATE TABLE IF NOT EXISTS directory_structures (
            siret TEXT PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL, successor_siret TEXT,
            service_required INTEGER NOT NULL, engagement_required INTEGER NOT NULL,
            service_or_engagement INTEGER NOT NULL, payment_status_managed INTEGER NOT NULL,
            moa_only INTEGER NOT NULL, edi_connection TEXT
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS directory_services (
            siret TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, active INTEGER NOT NULL,
            engagement_required INTEGER NOT NULL, valid_from TEXT, valid_to TEXT, edi_excluded INTEGER NOT NULL,
            PRIMARY KEY (siret, code)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS directory_source (
            id INTEGER PRIMARY KEY CHECK (id = 1), source TEXT NOT NULL
        );
        """

    /// The directory of `database`, its tables made if they are not there.
    public init(database: Database) throws {
        self.database = database
        try database.execute(Self.schema)
        structureLookup = try database.prepare("""
            SELECT name, active, successor_siret, service_required, engagement_required, service_or_engagement,
                   payment_status_managed, moa_only, edi_connection
            FROM directory_structures WHERE siret = ?
            """)
        serviceLookup = try database.prepare("""
            SELECT name, active, engagement_required, valid_from, valid_to, edi_excluded
            FROM directory_services WHERE siret = ? AND code = ?
            """)
    }

    /// Replaces the whole directory with `structures` and `services`, in one transaction (`replace(progress:_:)`).
    public func replace(structures: [PublicStructure], services: [PublicService], progress: ((Int) throws -> Void)? = nil) throws {
        try replace(progress: progress) { importer in
            for structure in structures { try importer.add(.structure(structure)) }
            for service in services { try importer.add(.service(service)) }
        }
    }

    /// Replaces the whole directory with the records `fill` adds, in one transaction: when `fill`
    /// throws, nothing changes. `progress`, if given, is called with the number of records written so
    /// far, every 10,000 and once at the end, before the commit.
    /// `source` names what the records come from (the digests of the files), for `source()`.
    public func replace(source: String? = nil, progress: ((Int) throws -> Void)? = nil, _ fill: (Importer) throws -> Void) throws {
        try database.transaction {
            try database.execute("DELETE FROM directory_services; DELETE FROM directory_structures; DELETE FROM directory_source")
            if let source { try database.prepare("INSERT INTO directory_source VALUES (1, ?)").run([.text(source)]) }
            let importer = Importer(structures: try database.prepare("INSERT INTO directory_structures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                    services: try database.prepare("INSERT INTO directory_services VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                    progress: progress)
            try fill(importer)
            try progress?(importer.written)
        }
    }

    /// Writes records into a directory being replaced.
    public final class Importer {
        private let structures: Statement
        private let services: Statement
        private let progress: ((Int) throws -> Void)?
        public private(set) var written = 0

        init(structures: Statement, services: Statement, progress: ((Int) throws -> Void)?) {
            self.structures = structures
            self.services = services
            self.progress = progress
        }

        public func add(_ record: DirectoryFiles.Record) throws {
            switch record {
            case .structure(let s):
                try structures.run([.text(s.siret), .text(s.name), flag(s.active), s.successorSIRET.map(Statement.Value.text),
                                    flag(s.serviceRequired), flag(s.engagementRequired), flag(s.serviceOrEngagement),
                                    flag(s.paymentStatusManaged), flag(s.moaOnly), s.ediConnection.map(Statement.Value.text)])
            case .service(let s):
                try services.run([.text(s.siret), .text(s.code), .text(s.name), flag(s.active), flag(s.engagementRequired),
                                  s.validFrom.map { .text($0.description) }, s.validTo.map { .text($0.description) }, flag(s.ediExcluded)])
            }
            written += 1
            if written % 10_000 == 0 { try progress?(written) }
        }

        private func flag(_ value: Bool) -> Statement.Value? {
            .integer(value ? 1 : 0)
        }
    }

    /// What the directory was last imported from (nil: not known, or replaced by records given one by one).
    public func source() throws -> String? {
        var source: String?
        try database.prepare("SELECT source FROM directory_source").query { row in source = row.text(0) }
        return source
    }

    /// How many structures and services the directory holds.
    public func counts() throws -> (structures: Int, services: Int) {
        var counts = (structures: 0, services: 0)
        try database.prepare("SELECT (SELECT count(*) FROM directory_structures), (SELECT count(*) FROM directory_services)").query { row in
            counts = (Int(row.integer(0) ?? 0), Int(row.integer(1) ?? 0))
        }
        return counts
    }

    public func structure(siret: String) throws -> PublicStructure? {
        var found: PublicStructure?
        try structureLookup.query([.text(siret)]) { row in
            found = PublicStructure(siret: siret, name: row.text(0) ?? "", active: row.integer(1) == 1, successorSIRET: row.text(2),
                                    serviceRequired: row.integer(3) == 1, engagementRequired: row.integer(4) == 1,
                                    serviceOrEngagement: row.integer(5) == 1, paymentStatusManaged: row.integer(6) == 1,
                                    moaOnly: row.integer(7) == 1, ediConnection: row.text(8))
        }
        return found
    }

    public func service(siret: String, code: String) throws -> PublicService? {
        var found: PublicService?
        try serviceLookup.query([.text(siret), .text(code)]) { row in
            found = PublicService(siret: siret, code: code, name: row.text(0) ?? "", active: row.integer(1) == 1,
                                  engagementRequired: row.integer(2) == 1, validFrom: row.text(3).flatMap { CalendarDate(xsDate: $0) },
                                  validTo: row.text(4).flatMap { CalendarDate(xsDate: $0) }, ediExcluded: row.integer(5) == 1)
        }
        return found
    }

}
