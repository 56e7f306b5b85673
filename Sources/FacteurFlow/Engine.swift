import CFacteurLinux
import FacteurDirectory
import FacteurModel
import FacteurState
import FacteurXML
import Glibc

/// How the engine runs: where, with what clock and rules.
public struct EngineConfiguration: Sendable {
    /// The root of `inbox/`, `outbox/` and `state/`.
    public var root: String
    public var clock: FlowClock = .system
    /// The French rules (BR-FR) besides EN 16931.
    public var frenchRules = true
    /// Emitter connections that want `CPPStatut` files, besides those `ROOT/connections.csv` names.
    public var chorusFormat: Set<String> = []
    /// Seconds between the two looks at the inbox that tell a file is no longer being written.
    public var settleSeconds = 1.0
    /// Flows decided in one transaction and written with one flush.
    public var groupSize = 200
    public var limits = XMLLimits.default
    /// The folder of the official XSDs (laid out as `../shared/schemas`: `cdar-d22b/`, `chorus/`),
    /// which receiver flows are checked against. Without it, receiver flows wait in the inbox.
    public var schemas: String?

    public init(root: String) {
        self.root = root
    }

    /// The schemas folder when none is given: `$FACTEUR_SCHEMAS`, else `../shared/schemas` (the
    /// layout of a development checkout) when it exists.
    public static func defaultSchemas() -> String? {
        if let folder = getenv("FACTEUR_SCHEMAS").map({ String(cString: $0) }), !folder.isEmpty { return folder }
        return FileTree.isFolder("../shared/schemas") ? "../shared/schemas" : nil
    }
}

/// What a run did.
public struct RunSummary: Sendable, Equatable {
    public var flows = 0
    public var accepted = 0
    public var rejected = 0
    public var unreadable = 0
    public var repeated = 0
    public var setAside = 0
    /// Claims and owed outputs completed at start, after an interruption.
    public var recovered = 0
    /// Flows by `<channel> <status>`, reasons of rejections and unreadable flows by code, status
    /// lines by `<format> <code> <verdict>` (for the metrics).
    public var flowStatuses: [String: Int] = [:]
    public var reasons: [String: Int] = [:]
    public var statusLines: [String: Int] = [:]

    /// Status lines of receiver flows applied, and refused.
    public var statusesApplied: Int { statusLines.filter { $0.key.hasSuffix(" accepted") }.values.reduce(0, +) }
    public var statusesRefused: Int { statusLines.filter { $0.key.hasSuffix(" refused") }.values.reduce(0, +) }
    /// Time from the start of each flow's group to its outputs being durable.
    public var latency = LatencyHistogram()
    /// Files seen in the inbox but not taken (still being written) at the end of the pass.
    public var waiting = 0

    public init() {}

    /// Adds another run's counts to these.
    public mutating func add(_ other: RunSummary) {
        flows += other.flows
        accepted += other.accepted
        rejected += other.rejected
        unreadable += other.unreadable
        repeated += other.repeated
        setAside += other.setAside
        recovered += other.recovered
        flowStatuses.merge(other.flowStatuses, uniquingKeysWith: +)
        reasons.merge(other.reasons, uniquingKeysWith: +)
        statusLines.merge(other.statusLines, uniquingKeysWith: +)
        latency.add(other.latency)
        waiting = other.waiting
    }
}

/// An error that stops a run: the state database or the file system failed. Nothing is lost: what
/// was claimed stays claimed, what is owed stays owed, and the next run completes it.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The flow engine (flows.md): takes what suppliers drop in `inbox/emitter/`, judges each invoice
/// (EN 16931, BR-FR, uniqueness or re-deposit, routing), remembers it, delivers it, and answers the
/// supplier; takes what recipients drop in `inbox/receiver/`, applies each status line the
/// lifecycle allows (lifecycle.md) and forwards it to the supplier; exactly once.
///
/// A flow goes through three stages, each committed in the state database:
/// - **claimed**: the file got a flow id and was moved to `state/work/<flow-id>`;
/// - **decided**: the flow, its invoices, their status changes and every output they owe are
///   committed in one transaction; the original is moved to `state/archive/`;
/// - **done**: the outputs are durable (written to temporary names, flushed, renamed) and no longer owed.
/// On start, `recover` takes every flow left between two stages to the next: an interrupted run
/// ends with the same outbox as one that was not.
public final class FlowEngine {
    public let configuration: EngineConfiguration
    let database: Database
    let store: FlowStore
    let directory: DirectoryStore
    let writer: FlowWriter
    let examiner: Examiner
    /// `ROOT/connections.csv`, read at start.
    let connections: ConnectionSettings
    let log: (String) -> Void
    let root: String
    /// The descriptor holding the root's lock (`state/lock`, flock), released when the engine goes.
    private let lock: Int32
    /// Asked between groups: when true, the engine ends the groups under way (their outputs
    /// written) and leaves the rest claimed or in the inbox for the next run.
    public var shouldStop: () -> Bool = { false }
    /// Called after each group (a daemon's watchdog: the loop is alive).
    public var heartbeat: () -> Void = {}
    /// Called after each group decided with the flows decided so far in the pass and how many were
    /// claimed (a progress display).
    public var progress: ((_ done: Int, _ total: Int) -> Void)?
    /// Files seen in the inbox and not taken yet: what they were like, since when (monotonic seconds).
    private var seen: [String: (signature: [Int64], since: Double)] = [:]
    /// After a look, the seconds until the soonest file seen, if unchanged, is ready (nil: none waits).
    public private(set) var nextReadyIn: Double?

    public init(_ configuration: EngineConfiguration, log: @escaping (String) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.log = log
        root = configuration.root
        writer = FlowWriter(root: root)
        var schemas: StatusFlow.Schemas?
        if let folder = configuration.schemas {
            do { schemas = try StatusFlow.Schemas(folder: folder) } catch {
                throw EngineError("cannot load the receiver flows' schemas from \(folder): \(error) (--schemas names the folder holding cdar-d22b/ and chorus/)")
            }
        }
        examiner = Examiner(root: root, reader: InvoiceReader(limits: configuration.limits), frenchRules: configuration.frenchRules,
                            schemas: schemas)
        var connections = try ConnectionSettings.read(root + "/connections.csv")
        connections.chorusFormat.formUnion(configuration.chorusFormat)
        self.connections = connections
        do { try writer.makeFolders(["state", "state/work", "state/archive", "state/aside", "outbox"]) } catch { throw EngineError("\(error)") }
        // One engine per root: a second one would decide the same flows twice.
        let lock = open(root + "/state/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw EngineError("cannot open \(root)/state/lock: \(String(cString: strerror(errno)))") }
        do {
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
                throw EngineError("another facteur is running on \(root) (state/lock is held): one engine per root")
            }
            database = try Database(path: root + "/state/facteur.sqlite")
            store = try FlowStore(database: database)
            directory = try DirectoryStore(database: database)
        } catch {
            close(lock)
            throw error
        }
        self.lock = lock
        if try directory.counts().structures == 0 {
            log("level=warning event=directory-empty message=\"no directory imported: every invoice will be rejected with DEST_INC (facteur directory import DIR)\"")
        }
    }

    deinit {
        close(lock)
    }

    /// `recover`, then a look at the inbox: every ready file is claimed and processed.
    ///
    /// A file is ready when its size, modification time and inode have not changed between two looks
    /// `settleSeconds` apart (flows.md). With `waitingForSettling` (a one-shot run), the pass waits
    /// for the files first seen in it and looks again; without (the daemon), it takes what is ready
    /// and leaves the rest for a later pass, `nextReadyIn` seconds on at the soonest.
    public func runOnce(waitingForSettling: Bool = true) throws -> RunSummary {
        var summary = try recover()
        // Emitter flows first, then receiver flows (flows.md: in order of channel, connection, name).
        var channels = ["emitter"]
        if examiner.schemas != nil {
            channels.append("receiver")
        } else if !InboxScan.scan(root: root, channel: "receiver").files.isEmpty {
            log("level=warning event=receiver-waiting message=\"receiver flows wait in inbox/receiver: no schemas to check them against (--schemas DIR)\"")
        }
        func look() -> InboxScan { channels.map { InboxScan.scan(root: root, channel: $0) }.reduce(into: InboxScan()) { $0.append($1) } }
        var scan = look()
        var ready = settled(scan.files)
        if waitingForSettling, ready.count < scan.files.count, let wait = nextReadyIn {
            usleep(UInt32(wait * 1_000_000))
            scan = look()
            ready = settled(scan.files)
        }
        summary.waiting = scan.files.count - ready.count
        summary.setAside += try setAside(scan.strays)
        if shouldStop() { return summary }
        try claim(ready)
        try processClaimed(into: &summary)
        return summary
    }

    /// The files of a look that are ready: seen unchanged at least `settleSeconds` ago. Remembers
    /// when each other file was first seen as it is now, and sets `nextReadyIn`.
    func settled(_ files: [InboxScan.File]) -> [InboxScan.File] {
        let now = monotonicSeconds()
        let settle = configuration.settleSeconds
        // No wait asked (a replay, a benchmark): everything is ready, and the look's list serves as it is.
        guard settle > 0 else {
            seen = [:]
            nextReadyIn = nil
            return files
        }
        var ready: [InboxScan.File] = []
        ready.reserveCapacity(files.count)
        var still: [String: (signature: [Int64], since: Double)] = [:]
        var soonest: Double?
        for file in files {
            let since = seen[file.path].flatMap { $0.signature == file.signature ? $0.since : nil } ?? now
            if now - since >= settle {
                ready.append(file)
            } else {
                still[file.path] = (file.signature, since)
                soonest = min(soonest ?? .infinity, since + settle - now)
            }
        }
        seen = still
        nextReadyIn = soonest
        return ready
    }

    // MARK: Recovery

    /// Completes what an interrupted run left: claims whose file was not moved yet, and decided
    /// flows whose outputs are still owed.
    public func recover() throws -> RunSummary {
        var summary = RunSummary()
        for flow in try store.flows(inStage: "claimed") {
            let work = workPath(flow.id)
            if access(root + "/" + work, F_OK) == 0 { continue }
            if rename(root + "/" + flow.inboxPath, root + "/" + work) == 0 {
                summary.recovered += 1
                continue
            }
            // The file left the inbox before it was moved: nothing was owed for it yet.
            log("level=warning event=claim-vanished flow=\(flow.id) file=\(quoted(flow.inboxPath))")
            try store.forget(flow: flow.id)
        }
        try flushFolder("state/work")
        var group = GroupWrite()
        for flow in try store.flows(inStage: "decided") {
            group.add(flow: flow.id, archive: (workPath(flow.id), archivePath(flow)), outputs: try store.outputs(of: flow.id))
            summary.recovered += 1
        }
        guard !group.flows.isEmpty else { return summary }
        let written = try write { try writer.write(group) }
        try database.transaction { try finish(written) }
        return summary
    }

    // MARK: Intake

    /// Moves aside, unopened, what the inbox must not hold: `state/aside/<n>-<name>`.
    func setAside(_ strays: [InboxScan.Stray]) throws -> Int {
        guard !strays.isEmpty else { return 0 }
        let at = configuration.clock.now().description
        for stray in strays {
            try database.transaction {
                let seq = try store.next("aside")
                let base = stray.display.split(separator: "/").last.map(String.init) ?? "entry"
                let safe = String(base.unicodeScalars.map { $0.properties.generalCategory == .control ? "_" : Character($0) })
                let target = "state/aside/\(zeroPadded(seq, 7))-\(safe)"
                let from = (root + "/").utf8.map { CChar(bitPattern: $0) } + stray.path + [0]
                guard rename(from, root + "/" + target) == 0 else {
                    throw EngineError("cannot move '\(stray.display)' aside to \(target): \(String(cString: strerror(errno)))")
                }
                try store.recordSetAside(seq: seq, channel: stray.channel, inboxPath: stray.display, kind: stray.kind, movedTo: target, at: at)
            }
            log("level=warning event=set-aside file=\(quoted(stray.display)) kind=\(quoted(stray.kind)) message=\"not opened: only regular files directly in inbox/<channel>/ or inbox/<channel>/<connection>/ are flows\"")
        }
        return strays.count
    }

    /// Gives each ready file a flow id, in order, in one transaction, then moves each into
    /// `state/work/<flow-id>`: from then on it is Facteur's.
    func claim(_ ready: [InboxScan.File]) throws {
        guard !ready.isEmpty else { return }
        let now = configuration.clock.now()
        var claimed: [(InboxScan.File, String)] = []
        try database.transaction {
            for file in ready {
                let seq = try store.next("flow")
                let id = "FLX-\(now.year)-\(zeroPadded(seq, 7))"
                try store.insertClaimed(id: id, seq: seq, channel: file.channel, connection: file.connection,
                                        fileName: file.name, inboxPath: file.path, receivedAt: now.description)
                claimed.append((file, id))
            }
        }
        var folders: Set<String> = ["state/work"]
        for (file, id) in claimed {
            guard rename(root + "/" + file.path, root + "/" + workPath(id)) == 0 else {
                let code = errno
                if code == ENOENT {
                    log("level=warning event=claim-vanished flow=\(id) file=\(quoted(file.path))")
                    try store.forget(flow: id)
                    continue
                }
                throw EngineError("cannot move '\(file.path)' into state/work: \(String(cString: strerror(code)))")
            }
            folders.insert(FileTree.folder(of: file.path))
        }
        for folder in folders.sorted() { try flushFolder(folder) }
    }

    // MARK: Processing

    /// Decides and writes every claimed flow, a group at a time, in a pipeline of three threads:
    /// while a group is decided (in one transaction, here), the next one is examined (read, parsed,
    /// checked against the rules) and the previous one written (`FlowWriter`). A written group is
    /// marked done in the next transaction.
    func processClaimed(into summary: inout RunSummary) throws {
        var group = try store.flows(inStage: "claimed", limit: configuration.groupSize)
        let total = progress == nil || group.isEmpty ? 0 : try store.count(inStage: "claimed")
        var done = 0
        var examining = examiner.start(group)
        var writing: Background<[String]>?
        // On an error, the work under way ends before the engine answers; what was decided and not
        // marked done is written again by the next run.
        defer {
            _ = try? examining.wait()
            _ = try? writing?.wait()
        }
        var written: [String] = []
        // When the group being written started (its examination), for the latency.
        var writingSince = 0.0
        while !group.isEmpty, !shouldStop() {
            let started = monotonicSeconds()
            let examinations = try examining.wait()
            let next = try store.flows(inStage: "claimed", after: group.last!.seq, limit: configuration.groupSize)
            examining = examiner.start(next)
            var decided = GroupWrite()
            try database.transaction {
                try finish(written)
                for (flow, examination) in zip(group, examinations) {
                    decided.add(flow: flow.id, archive: (workPath(flow.id), archivePath(flow)),
                                outputs: try decide(flow, examination, summary: &summary))
                }
            }
            written = try write { try writing?.wait() ?? [] }
            if !written.isEmpty { summary.latency.observe(monotonicSeconds() - writingSince, times: written.count) }
            writingSince = started
            writing = writer.start(decided)
            done += group.count
            progress?(done, total)
            group = next
            heartbeat()
        }
        if let writing {
            let last = try write { try writing.wait() }
            summary.latency.observe(monotonicSeconds() - writingSince, times: last.count)
            written += last
        }
        guard !written.isEmpty else { return }
        try database.transaction { try finish(written) }
    }

    /// Records, inside the caller's transaction, that the written flows owe nothing more.
    private func finish(_ flows: [String]) throws {
        for id in flows {
            try store.settle(flow: id)
            try store.finish(flow: id)
        }
    }

    /// Runs a file operation; a failure of the file system becomes the error that stops the run.
    private func write<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as FileError { throw EngineError(error.description) }
    }

    static func workPath(_ id: String) -> String { "state/work/\(id)" }

    func workPath(_ id: String) -> String { Self.workPath(id) }

    func archivePath(_ flow: FlowStore.FlowRow) -> String { "state/archive/\(flow.channel)/\(flow.connection)/\(flow.id)" }

    /// Decides one examined flow inside the group's transaction: its status, its invoices, their
    /// status changes, and the outputs all this owes (recorded, and returned to be written at once).
    func decide(_ flow: FlowStore.FlowRow, _ examination: Examination, summary: inout RunSummary) throws -> [FlowStore.Output] {
        let started = monotonicSeconds()
        let receivedAt = Instant(iso8601: flow.receivedAt) ?? configuration.clock.now()
        var report = FlowReport(flowId: flow.id, connection: flow.connection, fileName: flow.fileName, receivedAt: receivedAt, status: "IRRECEVABLE")
        var owed: [FlowStore.Output] = []
        let box = "outbox/\(flow.channel)/\(flow.connection)"
        // Of a receiver flow: the status lines applied (for the log line).
        var appliedLines = 0
        summary.flows += 1
        report.size = examination.size
        report.sha256 = examination.sha256

        if let digest = examination.sha256, let earlier = try store.acceptedFlow(channel: flow.channel, connection: flow.connection, sha256: digest) {
            report.repeatedOf = earlier
            report.message = "these exact bytes (SHA-256 \(digest)) were already accepted on connection \(flow.connection) as flow \(earlier): a flow is never processed twice"
            summary.repeated += 1
        } else {
            switch examination.content {
            case .unreadable(let reason, let message):
                report.reason = reason
                report.message = message
                summary.unreadable += 1
                summary.reasons[reason, default: 0] += 1
                // 501 tells a supplier its invoice flow was not read; a recipient's unreadable status
                // flow is answered by its report.
                if flow.channel == "emitter" {
                    let cdar = LifecycleMessage(id: "\(flow.id).000.501", issuedAt: receivedAt, status: 501,
                                                invoice: .init(number: flow.id), recipient: .connection(flow.connection),
                                                reasons: [.init(code: reason, text: message)])
                    owed.append(.content("\(box)/\(cdar.id).cdar.xml", cdar.xml))
                }
            case .invoice(let invoice, var judgement):
                try judge(invoice, &judgement, connection: flow.connection, on: receivedAt)
                try record(&judgement, flow: flow, receivedAt: receivedAt, owed: &owed)
                if judgement.isAccepted {
                    summary.accepted += 1
                } else {
                    summary.rejected += 1
                    for code in Set(judgement.reasons.map(\.code)) { summary.reasons[code, default: 0] += 1 }
                }
                report.invoices.append(judgement)
            case .statuses(let statuses):
                report.statusKind = statuses.kind.rawValue
                var verdicts: [FlowReport.StatusVerdict] = []
                for (index, line) in statuses.lines.enumerated() {
                    let verdict = try apply(line, position: index + 1, flow: flow, receivedAt: receivedAt, owed: &owed)
                    summary.statusLines["\(line.request.statusDescription) \(verdict.change == nil ? "refused" : "accepted")", default: 0] += 1
                    verdicts.append(verdict)
                }
                report.lines = verdicts
                let applied = verdicts.filter { $0.change != nil }.count
                appliedLines = applied
                report.status = applied == verdicts.count ? "ST_TRAITE" : applied == 0 ? "ST_REJETE" : "ST_TRAITE_PARTIEL"
            }
        }
        if !report.invoices.isEmpty {
            let accepted = report.invoices.filter(\.isAccepted).count
            report.status = accepted == report.invoices.count ? "IN_INTEGRE" : accepted == 0 ? "IN_REJETE" : "IN_INTEGRE_PARTIEL"
        }
        summary.flowStatuses["\(flow.channel) \(report.status)", default: 0] += 1
        owed.append(.content("\(box)/\(flow.id).report.json", report.json))
        try store.decide(flow: flow.id, size: report.size, sha256: report.sha256, status: report.status, reason: report.reason,
                         repeatedOf: report.repeatedOf)
        for output in owed { try store.owe(flow: flow.id, output) }
        // The time the flow took to read, check and decide (its outputs are written with its group's).
        let milliseconds = (examination.seconds + monotonicSeconds() - started) * 1000
        let invoices = report.invoices.compactMap(\.number)
        var line = "level=info event=flow flow=\(flow.id) channel=\(flow.channel) connection=\(flow.connection) file=\(quoted(flow.fileName))"
        if !invoices.isEmpty { line += " invoice=" + quoted(invoices.joined(separator: ",")) }
        line += " status=" + report.status
        if let platformId = report.invoices.compactMap(\.platformId).first { line += " platform_id=" + platformId }
        if let reason = report.reason { line += " reason=" + reason }
        if let earlier = report.repeatedOf { line += " repeated_of=" + earlier }
        if let lines = report.lines { line += " lines=\(lines.count) applied=\(appliedLines)" }
        log(line + " duration_ms=" + decimal(milliseconds, places: 1))
        return owed
    }

    /// What the examination left to the state: uniqueness (or the re-deposit of an invoice its
    /// supplier may deposit again), the refused invoice it replaces, and routing. Every cause found,
    /// not only the first.
    func judge(_ invoice: Invoice, _ judgement: inout InvoiceJudgement, connection: String, on day: Instant) throws {
        if let key = judgement.key,
           let earlier = try store.invoices(number: key.number, sellerSIREN: key.siren, year: key.year, recipientSIRET: nil).first {
            let state = LifecycleState(rawValue: earlier.state)
            if let action = state.flatMap(Lifecycle.redeposit(of:)), earlier.emitterConnection == connection {
                judgement.redeposit = (action, earlier)
            } else {
                let why = state.flatMap(Lifecycle.redeposit(of:)) == nil
                    ? "a new invoice needs a new number"
                    : "it is \(earlier.state), and only connection \(earlier.emitterConnection), which deposited it, may deposit it again"
                judgement.findings.append(Finding(
                    rule: InvoiceJudgement.uniquenessRule, severity: .fatal, term: "BT-1",
                    location: invoice.number.map { $0.location.resolved(in: invoice.elementPaths) },
                    message: "invoice number \(key.number) of seller SIREN \(key.siren) for \(key.year) was already accepted (\(earlier.platformId)): \(why)"))
            }
        }
        if judgement.redeposit == nil, let siren = judgement.sellerSIREN, let number = judgement.precedingNumber,
           let refused = try store.invoices(number: number, sellerSIREN: siren, year: judgement.precedingYear, recipientSIRET: nil)
               .first(where: { $0.state == LifecycleState.rejetee.rawValue }) {
            if refused.emitterConnection == connection {
                judgement.replaces = (refused.platformId, refused.number)
            } else {
                // Not a replacement: only the connection that deposited the refused invoice may replace it.
                judgement.findings.append(Finding(
                    rule: InvoiceJudgement.replacementRule, severity: .warning, term: "BT-25",
                    location: invoice.precedingInvoices.first?.reference.map { $0.location.resolved(in: invoice.elementPaths) },
                    message: "the preceding invoice \(number) (\(refused.platformId), refused) was deposited by connection \(refused.emitterConnection): "
                        + "only that connection may replace it, so this invoice is not linked to it"))
            }
        }
        let routing = try Router.route(invoice, directory: directory, on: day.parts.date)
        judgement.findings += routing.findings
        judgement.target = routing.target
        // A completed invoice goes back to where the suspended one was delivered.
        if let (action, earlier) = judgement.redeposit, action == .complete { judgement.target = DeliveryTarget(earlier.delivery) }
    }

    /// Records an invoice's verdict and what it owes. A new invoice gets its platform id, the
    /// statuses 200, 201, 203, its delivery and the messages 200 and 203; a recycled one (from
    /// A_RECYCLER) keeps its id and goes through 200, 201, 203 again, delivered where its corrected
    /// routing says; a completed one (from SUSPENDUE) keeps its id, becomes COMPLETEE (message 209,
    /// from the seller) and is delivered again in place of the suspended bytes. A rejected one gets
    /// the message 213 with every reason (a rejected re-deposit leaves the invoice as it was).
    func record(_ judgement: inout InvoiceJudgement, flow: FlowStore.FlowRow, receivedAt: Instant, owed: inout [FlowStore.Output]) throws {
        let emitterBox = "outbox/emitter/\(flow.connection)"
        let fatal = judgement.findings.contains { $0.severity == .fatal }
        let recipient: LifecycleMessage.Recipient = judgement.sellerAddress.map {
            .seller(siren: judgement.sellerSIREN, address: $0, scheme: judgement.sellerAddressScheme)
        } ?? .connection(flow.connection)
        let reference = LifecycleMessage.InvoiceReference(number: judgement.number ?? "", issueDate: judgement.issueDay,
                                                          typeCode: judgement.typeCode, sellerSIREN: judgement.sellerSIREN,
                                                          buyerSIRET: judgement.buyerSIRET)
        guard !fatal, let key = judgement.key, let target = judgement.target, let buyer = judgement.buyerSIRET else {
            let reasons = judgement.reasons
            try store.insertRejected(flow: flow.id, position: judgement.position, number: judgement.number,
                                     sellerSIREN: judgement.sellerSIREN, reasons: reasons.map(\.code))
            let message = LifecycleMessage(
                id: "\(flow.id).\(zeroPadded(judgement.position, 3)).213", issuedAt: receivedAt, status: 213, invoice: reference,
                recipient: recipient,
                reasons: reasons.map { .init(code: $0.code, text: "\($0.finding.rule)\($0.finding.term.map { " (\($0))" } ?? ""): \($0.finding.message)") })
            owed.append(.content("\(emitterBox)/\(message.id).cdar.xml", message.xml))
            return
        }
        let at = receivedAt.description
        let earlier = judgement.redeposit?.invoice
        let platformId = try earlier?.platformId ?? "FAC-\(receivedAt.year)-\(zeroPadded(try store.next("invoice"), 7))"
        judgement.platformId = platformId
        // The steps recorded and the messages written, after those the invoice already has.
        let steps: [(LifecycleState, LifecycleActor, comment: String?)]
        let told: [LifecycleState]
        switch judgement.redeposit?.action {
        case nil:
            let replacing = judgement.replaces.map { "replaces \($0.platformId) (invoice \($0.number), refused)" }
            steps = [(.deposee, .platform, replacing), (.enCoursAcheminement, .platform, nil), (.miseADisposition, .platform, nil)]
            told = [.deposee, .miseADisposition]
        case .recycle:
            steps = [(.deposee, .platform, "deposited again by connection \(flow.connection) in \(flow.id), its routing corrected"),
                     (.enCoursAcheminement, .platform, nil), (.miseADisposition, .platform, nil)]
            told = [.deposee, .miseADisposition]
        case .complete:
            steps = [(.completee, .supplier(connection: flow.connection), "completed by connection \(flow.connection) in \(flow.id)")]
            told = [.completee]
        }
        let row = FlowStore.InvoiceRow(
            platformId: platformId, flowId: flow.id, position: judgement.position, sellerSIREN: key.siren, number: key.number,
            year: key.year, issueDate: judgement.issueDate, typeCode: judgement.typeCode, syntax: judgement.syntax,
            sellerSIRET: judgement.sellerSIRET, recipientSIRET: buyer, serviceCode: judgement.serviceCode,
            commitment: judgement.commitmentNumber, delivery: target.description, emitterConnection: flow.connection,
            state: steps.last!.0.rawValue, messages: (earlier?.messages ?? 0) + told.count, sellerAddress: judgement.sellerAddress,
            sellerAddressScheme: judgement.sellerAddressScheme, replaces: judgement.replaces?.platformId, sellerName: judgement.sellerName)
        try store.save(row)
        for (index, (state, actor, comment)) in steps.enumerated() {
            try store.record(platformId: platformId, step: (earlier?.steps ?? 0) + index + 1, state: state.rawValue, code: state.reformCode,
                             actor: actor.description, at: at, comment: comment)
        }
        owed.append(.copy("\(target.outbox)/\(platformId).xml", source: archivePath(flow)))
        owed.append(.content("\(target.outbox)/\(platformId).json",
                             FlowReport.envelope(invoice: judgement, flowId: flow.id, receivedAt: receivedAt, replaces: judgement.replaces?.number)))
        // A message for 200 and for 203 (201 is recorded in the history only), or for 209.
        for (index, state) in told.enumerated() {
            let status = state.reformCode
            let sequence = (earlier?.messages ?? 0) + index + 1
            let message = LifecycleMessage(id: "\(platformId).\(zeroPadded(sequence, 3)).\(status)", issuedAt: receivedAt, status: status,
                                           invoice: reference, recipient: recipient,
                                           issuer: state == .completee ? .seller(siren: key.siren) : .platform)
            owed.append(.content("\(emitterBox)/\(message.id).cdar.xml", message.xml))
        }
    }

    // MARK: Status lines

    /// Applies a status line of a receiver flow: finds the invoice, checks the connection serves
    /// its recipient and the state machine allows the status, then records the change and the
    /// message it owes the supplier. A refused line changes nothing.
    func apply(_ line: StatusFlow.Line, position: Int, flow: FlowStore.FlowRow, receivedAt: Instant,
               owed: inout [FlowStore.Output]) throws -> FlowReport.StatusVerdict {
        var verdict = FlowReport.StatusVerdict(position: position, line: line)
        func refuse(_ code: String, _ message: String) -> FlowReport.StatusVerdict {
            verdict.refusal = LifecycleRefusal(code, message)
            log("level=info event=status-refused flow=\(flow.id) line=\(line.sourceLine) reason=\(code) message=\(quoted(message))")
            return verdict
        }
        guard let number = line.invoiceNumber, !number.isEmpty else {
            return refuse(LifecycleRefusal.unreadableLine, "the status line at line \(line.sourceLine) names no invoice number")
        }
        let seller = line.sellerSIREN.map { " of seller SIREN \($0)" } ?? ""
        let candidates = try store.invoices(number: number, sellerSIREN: line.sellerSIREN, year: line.issueDate?.year,
                                            recipientSIRET: line.buyerSIRET)
        guard let invoice = candidates.first else {
            return refuse(LifecycleRefusal.unknownInvoice, "no accepted invoice numbered '\(number)'\(seller)\(line.issueDate.map { " issued in \($0.year)" } ?? "")")
        }
        guard candidates.count == 1 else {
            return refuse(LifecycleRefusal.unknownInvoice,
                          "\(candidates.count) accepted invoices are numbered '\(number)'\(seller): give the seller's SIREN and the issue date")
        }
        verdict.platformId = invoice.platformId
        guard try serves(flow.connection, invoice) else {
            return refuse(LifecycleRefusal.wrongConnection,
                          "connection \(flow.connection) does not serve the recipient \(invoice.recipientSIRET) of \(invoice.platformId): only its own connection may send its statuses")
        }
        let current = LifecycleState(rawValue: invoice.state) ?? .miseADisposition
        let change: LifecycleChange
        switch Lifecycle.recipientChange(line.request, from: current) {
        case .failure(let refusal): return refuse(refusal.code, refusal.message)
        case .success(let made): change = made
        }
        verdict.change = change
        let request = line.request
        let amounts = request.amounts.map { "\($0.type) \($0.value)" + ($0.vatRate.map { " \($0) %" } ?? "") }
        try store.record(platformId: invoice.platformId, step: invoice.steps + 1, state: change.state.rawValue, code: change.reformCode,
                         actor: LifecycleActor.recipient(connection: flow.connection).description, at: receivedAt.description,
                         reason: change.reasons.isEmpty ? nil : change.reasons.joined(separator: " "), comment: request.comment,
                         mandate: request.mandate, amounts: amounts.isEmpty ? nil : amounts.joined(separator: "; "))
        let sequence = invoice.messages + 1
        try store.update(invoice: invoice.platformId, state: change.state.rawValue, messages: sequence)
        let recipient: LifecycleMessage.Recipient = invoice.sellerAddress.map {
            .seller(siren: invoice.sellerSIREN, address: $0, scheme: invoice.sellerAddressScheme)
        } ?? .connection(invoice.emitterConnection)
        let message = LifecycleMessage(
            id: "\(invoice.platformId).\(zeroPadded(sequence, 3)).\(change.reformCode)", issuedAt: receivedAt, status: change.reformCode,
            invoice: .init(number: invoice.number, issueDate: invoice.issueDate.flatMap { CalendarDate(xsDate: $0) }, typeCode: invoice.typeCode,
                           sellerSIREN: invoice.sellerSIREN, buyerSIRET: invoice.recipientSIRET),
            recipient: recipient, reasons: change.reasons.map { .init(code: $0, text: nil) }, issuer: .buyer(siret: invoice.recipientSIRET),
            comment: request.comment, amounts: request.amounts)
        owed.append(.content("outbox/emitter/\(invoice.emitterConnection)/\(message.id).cdar.xml", message.xml))
        // The same status in Chorus Pro's format, for the connections that want it (a status of the
        // Chorus Pro lifecycle: the informative codes have none).
        if connections.chorusFormat.contains(invoice.emitterConnection), change.reformCode == change.state.reformCode, change.state != current {
            let chorus = ChorusStatusMessage(
                connection: invoice.emitterConnection, issuedAt: receivedAt, state: change.state, invoiceNumber: invoice.number,
                issueDate: invoice.issueDate.flatMap { CalendarDate(xsDate: $0) }, sellerId: invoice.sellerSIRET ?? invoice.sellerSIREN,
                sellerName: invoice.sellerName, recipientSIRET: invoice.recipientSIRET, serviceCode: invoice.serviceCode,
                comment: request.comment, mandate: request.mandate)
            owed.append(.content("outbox/emitter/\(invoice.emitterConnection)/\(message.id).cppstatut.xml", chorus.xml))
        }
        return verdict
    }

    /// Whether receiver connection `connection` serves the invoice's recipient: the directory's
    /// connection of the structure (active or not: an inactive structure may still send statuses
    /// for what it received); for a structure no longer in the directory, the connection the invoice
    /// was delivered to.
    func serves(_ connection: String, _ invoice: FlowStore.InvoiceRow) throws -> Bool {
        if let structure = try directory.structure(siret: invoice.recipientSIRET) { return structure.ediConnection == connection }
        return invoice.delivery == "receiver/\(connection)"
    }

    // MARK: Helpers

    private func flushFolder(_ relative: String) throws {
        try write { try DurableFiles.flushFolder(root + "/" + relative) }
    }

    /// A value for a log line: quoted, with `"`, `\\` and control characters escaped.
    func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar.value < 0x20 ? "?" : scalar)
            }
        }
        return out + "\""
    }
}
