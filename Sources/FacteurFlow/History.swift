import FacteurDirectory
import FacteurState
import Glibc

/// An accepted invoice's story, as `facteur history` tells it: what it is, where it went, every
/// state it went through, and the refused invoice it replaces (or that replaced it).
public struct InvoiceHistory: Sendable, Hashable {
    public struct Link: Sendable, Hashable {
        public var platformId: String
        public var number: String
    }

    /// A step of the lifecycle: the state reached, its reform code, who, when, and what came with it.
    public struct Step: Sendable, Hashable {
        public var step: Int
        public var state: String
        public var code: Int
        public var actor: String
        public var at: String
        public var reason: String?
        public var comment: String?
        public var mandate: String?
        public var amounts: String?
    }

    public var platformId: String
    public var number: String
    public var sellerSIREN: String
    public var sellerSIRET: String?
    public var issueDate: String?
    public var typeCode: String?
    public var syntax: String
    public var recipientSIRET: String
    public var serviceCode: String?
    public var commitment: String?
    public var delivery: String
    public var emitterConnection: String
    /// The flow whose bytes are the delivered ones (the last deposit, for a recycled or completed invoice).
    public var flowId: String
    public var state: String
    public var replaces: Link?
    public var replacedBy: [Link] = []
    public var steps: [Step] = []
}

/// Counts over the state, as `facteur stats` prints them.
public struct LifecycleStatistics: Sendable, Hashable {
    public struct Count: Sendable, Hashable {
        public var key: String
        /// A label for the key (a recipient's name in the directory), when there is one.
        public var label: String?
        public var count: Int
    }

    /// Accepted invoices by current state, in lifecycle order.
    public var byState: [Count] = []
    /// Accepted invoices by recipient SIRET.
    public var byRecipient: [Count] = []
    /// Flows by channel and status (`emitter IN_INTEGRE`, `receiver ST_TRAITE`, …).
    public var flows: [Count] = []
    /// Invoices rejected by the platform (213).
    public var rejected = 0
}

/// The state of a root read for people: histories and counts. Reading only: a running engine may
/// hold the root meanwhile (the database is in WAL mode, readers do not wait for it).
public final class LifecycleRecords {
    let database: Database
    let store: FlowStore

    /// Opens `ROOT/state/facteur.sqlite`; an error if there is none (nothing was ever run there).
    public init(root: String) throws {
        let path = root + "/state/facteur.sqlite"
        guard access(path, F_OK) == 0 else { throw EngineError("no state at \(path): nothing was run on this root yet") }
        database = try Database(path: path)
        store = try FlowStore(database: database)
    }

    /// The accepted invoices with this number (and seller), each with its whole history.
    public func histories(number: String, sellerSIREN: String? = nil) throws -> [InvoiceHistory] {
        var found = try store.invoices(number: number, sellerSIREN: sellerSIREN, year: nil, recipientSIRET: nil).map { row in
            InvoiceHistory(
                platformId: row.platformId, number: row.number, sellerSIREN: row.sellerSIREN, sellerSIRET: row.sellerSIRET,
                issueDate: row.issueDate, typeCode: row.typeCode, syntax: row.syntax, recipientSIRET: row.recipientSIRET,
                serviceCode: row.serviceCode, commitment: row.commitment, delivery: row.delivery, emitterConnection: row.emitterConnection,
                flowId: row.flowId, state: row.state, replaces: row.replaces.map { .init(platformId: $0, number: "") })
        }
        let numberOf = try database.prepare("SELECT number FROM invoices WHERE platform_id = ?")
        let replacing = try database.prepare("SELECT platform_id, number FROM invoices WHERE replaces = ? ORDER BY platform_id")
        let steps = try database.prepare("""
            SELECT step, state, code, actor, at, reason, comment, mandate, amounts FROM history WHERE platform_id = ? ORDER BY step
            """)
        for index in found.indices {
            if let replaced = found[index].replaces {
                try numberOf.query([.text(replaced.platformId)]) { found[index].replaces?.number = $0.text(0)! }
            }
            try replacing.query([.text(found[index].platformId)]) { row in
                found[index].replacedBy.append(.init(platformId: row.text(0)!, number: row.text(1)!))
            }
            try steps.query([.text(found[index].platformId)]) { row in
                found[index].steps.append(.init(step: Int(row.integer(0)!), state: row.text(1)!, code: Int(row.integer(2)!), actor: row.text(3)!,
                                                at: row.text(4)!, reason: row.text(5), comment: row.text(6), mandate: row.text(7),
                                                amounts: row.text(8)))
            }
        }
        return found
    }

    public func statistics() throws -> LifecycleStatistics {
        var statistics = LifecycleStatistics()
        var byState: [String: Int] = [:]
        try database.prepare("SELECT state, count(*) FROM invoices GROUP BY state").query { byState[$0.text(0)!] = Int($0.integer(1)!) }
        statistics.byState = LifecycleState.allCases.compactMap { state in
            byState[state.rawValue].map { .init(key: state.rawValue, count: $0) }
        }
        let directory = try DirectoryStore(database: database)
        var recipients: [(String, Int)] = []
        try database.prepare("SELECT recipient_siret, count(*) FROM invoices GROUP BY recipient_siret ORDER BY count(*) DESC, recipient_siret")
            .query { recipients.append(($0.text(0)!, Int($0.integer(1)!))) }
        statistics.byRecipient = try recipients.map { .init(key: $0.0, label: try directory.structure(siret: $0.0)?.name, count: $0.1) }
        try database.prepare("""
            SELECT channel || ' ' || coalesce(status, stage), count(*) FROM flows GROUP BY 1 ORDER BY 1
            """).query { statistics.flows.append(.init(key: $0.text(0)!, count: Int($0.integer(1)!))) }
        try database.prepare("SELECT count(*) FROM rejections").query { statistics.rejected = Int($0.integer(0)!) }
        return statistics
    }
}
