import CFacteurLinux
import FacteurFlow
import FacteurXML
import Glibc

/// `facteur run [--once] [--config FILE] [--clock ISO-8601] [SETTING FLAGS]`: the settings come from
/// the defaults, the file and the flags (`RunSettings`).
enum RunCommand {
    /// The command line of `run` (and `config check`): the settings' flags, and `--once`, `--clock`,
    /// `--config`.
    struct Invocation {
        var once = false
        var clock: Instant?
        var configFile: String?
        var overrides: [(flag: String, value: String)] = []

        /// The settings now: the file is read again at each call (a reload).
        func settings() throws(ConfigurationError) -> RunSettings {
            try RunSettings.read(file: configFile, overrides: overrides)
        }

        func engineConfiguration(_ settings: RunSettings) -> EngineConfiguration {
            var configuration = settings.engine
            if let clock { configuration.clock = .fixed(clock) }
            return configuration
        }
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var invocation = Invocation()
        var arguments = Arguments(arguments)
        let flags = Set(Setting.all.map(\.flag))
        while let argument = arguments.next() {
            switch argument {
            case "--once": invocation.once = true
            case "--config": invocation.configFile = try arguments.value(of: argument)
            case "--clock":
                let text = try arguments.value(of: argument)
                guard let instant = Instant(iso8601: text) else {
                    throw UsageError("--clock \(text): expected an ISO 8601 date-time such as 2026-01-15T09:00:00Z")
                }
                invocation.clock = instant
            case _ where flags.contains(argument):
                invocation.overrides.append((argument, try arguments.value(of: argument)))
            default:
                throw UsageError("unknown option '\(argument)'")
            }
        }
        return invocation
    }

    /// The log as the settings in force want it; a reload changes them.
    final class Log {
        var sink: LogSink
        let console: Console
        let progress: ProgressLine

        init(sink: LogSink, console: Console, progress: ProgressLine) {
            self.sink = sink
            self.console = console
            self.progress = progress
        }

        func callAsFunction(_ line: String) {
            guard let rendered = sink.render(line) else { return }
            progress.clear()
            console.err(rendered + "\n")
        }
    }

    /// Exit statuses: 0 the run ended normally (whatever the verdicts: they are in the outbox),
    /// 2 the state or the file system failed (nothing is lost: the next run completes the work; only
    /// with --once or at start: the daemon pauses and retries instead), 64 a wrong command line,
    /// 78 a wrong configuration (each problem printed).
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let invocation: Invocation
        do {
            invocation = try parse(arguments)
        } catch {
            console.err("facteur run: \(error.message)\n\n\(Facteur.usage)")
            return ExitStatus.usage
        }
        var settings: RunSettings
        do {
            settings = try invocation.settings()
        } catch {
            for problem in error.problems { console.err("facteur run: \(problem)\n") }
            return ExitStatus.configuration
        }
        // Progress only for a one-shot run, and only on a terminal.
        let progress = ProgressLine(console: console, enabled: invocation.once ? nil : false)
        let log = Log(sink: settings.logs, console: console, progress: progress)
        facteur_signals_install()
        let notifier = ServiceNotifier()
        func start(_ settings: RunSettings) throws -> FlowEngine {
            let engine = try FlowEngine(invocation.engineConfiguration(settings), log: log.callAsFunction)
            engine.shouldStop = { facteur_stop_requested() != 0 }
            engine.heartbeat = { notifier.ping() }
            if progress.enabled { engine.progress = { progress.update(done: $0, total: $1) } }
            return engine
        }
        do {
            importDirectory(settings, log: log)
            var engine: FlowEngine! = try start(settings)
            // Ready once what an interrupted run left is complete.
            var totals = try engine.recover()
            notifier.send("READY=1\nSTATUS=\(status(totals))")
            var metrics = settings.metrics.map(MetricsFile.init(path:))
            var watch = settings.inotify && !invocation.once ? InboxWatch(root: settings.root) : nil
            func publish(paused: Bool) {
                guard var file = metrics else { return }
                file.totals = totals
                file.waiting = totals.waiting
                file.paused = paused
                if !paused { file.lastSuccessfulPoll = MetricsFile.now() }
                metrics = file
                do { try file.write() } catch { log("level=warning event=metrics-not-written message=\(String(reflecting: "\(error)"))") }
            }
            // After a failure of the file system or the state (a full disk, an unwritable folder),
            // the daemon pauses and tries again, waiting twice as long each time up to a minute:
            // nothing is lost meanwhile (what was decided stays owed, what was claimed stays claimed).
            var backoff = 1.0
            while true {
                let started = monotonicSeconds()
                let summary: RunSummary
                do {
                    summary = try engine.runOnce(waitingForSettling: invocation.once)
                    if backoff > 1 { log("level=info event=resumed message=\"processing again\"") }
                    backoff = 1
                } catch where !invocation.once {
                    publish(paused: true)
                    log("level=error event=paused retry_in=\(Int(backoff)) message=\(String(reflecting: "\(error)"))")
                    notifier.send("STATUS=paused, retrying in \(Int(backoff)) s: \(error)")
                    wait(seconds: backoff, notifier: notifier, watch: nil)
                    backoff = min(backoff * 2, 60)
                    if facteur_stop_requested() != 0 { break }
                    continue
                }
                progress.clear()
                totals.add(summary)
                publish(paused: false)
                if summary != RunSummary() || invocation.once {
                    log("level=info event=run flows=\(summary.flows) accepted=\(summary.accepted) rejected=\(summary.rejected)"
                        + " unreadable=\(summary.unreadable) repeated=\(summary.repeated) set_aside=\(summary.setAside) recovered=\(summary.recovered)"
                        + " statuses_applied=\(summary.statusesApplied) statuses_refused=\(summary.statusesRefused)"
                        + " waiting=\(summary.waiting) duration_s=\(decimal(monotonicSeconds() - started, places: 3))")
                    notifier.send("STATUS=\(status(totals))")
                }
                notifier.ping()
                if invocation.once || facteur_stop_requested() != 0 { break }
                if facteur_take_reload_request() != 0 {
                    notifier.send("RELOADING=1")
                    if let reloaded = try reload(invocation, from: settings, log: log, start: start, replacing: &engine) {
                        settings = reloaded
                        metrics = settings.metrics.map(MetricsFile.init(path:))
                        watch = settings.inotify ? InboxWatch(root: settings.root) : nil
                    }
                    notifier.send("READY=1\nSTATUS=\(status(totals))")
                    continue
                }
                // Nothing taken: wait for the soonest file seen to settle, or one interval; a file
                // arriving wakes the wait at once (inotify).
                if summary.flows == 0 {
                    let idle = settings.interval > 0 ? settings.interval : 0.1
                    wait(seconds: min(idle, engine.nextReadyIn ?? idle), notifier: notifier, watch: watch)
                }
            }
            if facteur_stop_requested() != 0 {
                notifier.send("STOPPING=1")
                log("level=info event=stopped message=\"stop asked: the groups under way were finished and written; what is left stays in the inbox or claimed for the next start\"")
            }
            return ExitStatus.success
        } catch {
            progress.clear()
            log("level=error event=stopped message=\(String(reflecting: "\(error)"))")
            return ExitStatus.unreadable
        }
    }

    /// SIGHUP: reads the configuration file again (with the same flags over it), imports the
    /// directory files if they changed, and starts the engine again, which reads `connections.csv`
    /// and the schemas again. A configuration with problems, or one the engine cannot start with, is
    /// refused with its reasons, and the one in force stays. Returns the new settings, nil when
    /// they were refused; throws when not even the engine in force can start again.
    static func reload(_ invocation: Invocation, from settings: RunSettings, log: Log, start: (RunSettings) throws -> FlowEngine,
                       replacing engine: inout FlowEngine?) throws -> RunSettings? {
        let new: RunSettings
        do {
            new = try invocation.settings()
        } catch {
            for problem in error.problems {
                log("level=error event=reload-refused problem=\(String(reflecting: problem)) message=\"the configuration in force is kept\"")
            }
            return nil
        }
        let changed = Setting.all.filter { $0.read(settings) != $0.read(new) }.map(\.key)
        log.sink = new.logs
        importDirectory(new, log: log)
        // One engine per root (state/lock): the old one goes before the new one starts.
        engine = nil
        do {
            engine = try start(new)
        } catch {
            log("level=error event=reload-refused message=\(String(reflecting: "the engine cannot start with the new configuration, the one in force is kept: \(error)"))")
            log.sink = settings.logs
            engine = try start(settings)
            return nil
        }
        log("level=info event=reloaded changed=\(changed.isEmpty ? "none" : changed.joined(separator: ","))"
            + " message=\"configuration, connections.csv, schemas and directory read again\"")
        return new
    }

    /// Imports the configured directory files when they differ from the directory in the state (a
    /// refused file leaves the directory in force, with the problems logged).
    static func importDirectory(_ settings: RunSettings, log: Log) {
        guard let folder = settings.directory else { return }
        do {
            if let counts = try DirectoryCommand.importFiles(in: folder, root: settings.root, onlyIfChanged: true) {
                log("level=info event=directory-imported folder=\(String(reflecting: folder)) structures=\(counts.structures) services=\(counts.services)")
            }
        } catch {
            let message = (error as? ReadError)?.message ?? "\(error)"
            log("level=error event=directory-refused folder=\(String(reflecting: folder)) message=\(String(reflecting: message + "; the directory in force is kept"))")
        }
    }

    /// Waits, still answering the watchdog, less when a stop or a reload is asked or (with `watch`)
    /// when a file arrives in the inbox.
    static func wait(seconds: Double, notifier: ServiceNotifier, watch: InboxWatch?) {
        var left = seconds
        while left > 0 {
            let slice = min(left, 1)
            let woken = watch?.wait(seconds: slice) ?? facteur_wait(-1, Int32((slice * 1000).rounded(.up)))
            notifier.ping()
            if woken != 0 { return }
            left -= slice
        }
    }

    /// The `STATUS=` line systemd shows: what was done since start.
    static func status(_ totals: RunSummary) -> String {
        "\(totals.flows) flows: \(totals.accepted) invoices accepted, \(totals.rejected) rejected, \(totals.unreadable) unreadable, "
            + "\(totals.repeated) repeated; \(totals.statusesApplied) statuses applied, \(totals.statusesRefused) refused"
    }
}

/// The sd_notify protocol of `facteur run` (systemd `Type=notify`): READY after start-up recovery,
/// WATCHDOG from the processing loop at half the interval systemd asks (`WATCHDOG_USEC`), STATUS
/// with counts, STOPPING when a stop is asked. Without `NOTIFY_SOCKET` (not run by systemd) it does
/// nothing.
final class ServiceNotifier {
    /// Seconds between two watchdog pings, when systemd watches this process.
    let pingInterval: Double?
    private var lastPing = 0.0

    init() {
        let pid = getenv("WATCHDOG_PID").map { String(cString: $0) }
        if let text = getenv("WATCHDOG_USEC").map({ String(cString: $0) }), let usec = Double(text), usec > 0,
           pid == nil || pid == String(getpid()) {
            pingInterval = usec / 2_000_000
        } else {
            pingInterval = nil
        }
    }

    func send(_ message: String) {
        _ = facteur_notify(message)
    }

    /// Sends `WATCHDOG=1` when half the watchdog interval has passed since the last one.
    func ping() {
        guard let pingInterval else { return }
        let seconds = monotonicSeconds()
        guard seconds - lastPing >= pingInterval else { return }
        lastPing = seconds
        send("WATCHDOG=1")
    }
}
