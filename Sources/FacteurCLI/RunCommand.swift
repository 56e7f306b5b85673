import CFacteurLinux
import FacteurFlow
import Glibc

/// `facteur run [--once] [--root ROOT] [--clock ISO-8601] [--rules en16931|en16931,fr] [--interval SECONDS] [--schemas DIR]
/// [--metrics FILE] [--log-format logfmt|json] [--log-level info|warning|error]`
enum RunCommand {
    struct Options {
        var once = false
        /// `--metrics FILE`: the Prometheus text file written after each pass.
        var metrics: String?
        /// `--log-format logfmt|json`, `--log-level info|warning|error`.
        var logs = LogSink()
        var configuration: EngineConfiguration = {
            var configuration = EngineConfiguration(root: ".")
            configuration.schemas = EngineConfiguration.defaultSchemas()
            return configuration
        }()
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var arguments = Arguments(arguments)
        func value(_ name: String) throws(UsageError) -> String { try arguments.value(of: name) }
        while let argument = arguments.next() {
            switch argument {
            case "--once": options.once = true
            case "--root": options.configuration.root = try value(argument)
            case "--schemas": options.configuration.schemas = try value(argument)
            case "--metrics": options.metrics = try value(argument)
            case "--log-format":
                let text = try value(argument)
                guard let format = LogSink.Format(rawValue: text) else { throw UsageError("--log-format \(text): expected logfmt or json") }
                options.logs.format = format
            case "--log-level":
                let text = try value(argument)
                guard let level = LogSink.Level(rawValue: text) else { throw UsageError("--log-level \(text): expected info, warning or error") }
                options.logs.minimum = level
            case "--clock":
                let text = try value(argument)
                guard let instant = Instant(iso8601: text) else {
                    throw UsageError("--clock \(text): expected an ISO 8601 date-time such as 2026-01-15T09:00:00Z")
                }
                options.configuration.clock = .fixed(instant)
            case "--rules":
                options.configuration.frenchRules = try ValidateCommand.RuleSets(try value(argument)).french
            case "--interval":
                let text = try value(argument)
                guard let seconds = Double(text), seconds >= 0, seconds <= 3600 else {
                    throw UsageError("--interval \(text): expected seconds between 0 and 3600")
                }
                options.configuration.settleSeconds = seconds
            default:
                throw UsageError("unknown option '\(argument)'")
            }
        }
        return options
    }

    /// Exit statuses: 0 the run ended normally (whatever the verdicts: they are in the outbox),
    /// 2 the state or the file system failed (nothing is lost: the next run completes the work; only
    /// with --once or at start: the daemon pauses and retries instead), 64 a wrong command line.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            console.err("facteur run: \(error.message)\n\n\(Facteur.usage)")
            return ExitStatus.usage
        }
        let sink = options.logs
        let log: (String) -> Void = { line in
            if let rendered = sink.render(line) { console.err(rendered + "\n") }
        }
        do {
            facteur_signals_install()
            let engine = try FlowEngine(options.configuration, log: log)
            let notifier = ServiceNotifier()
            engine.shouldStop = { facteur_stop_requested() != 0 }
            engine.heartbeat = { notifier.ping() }
            // Ready once what an interrupted run left is complete.
            var totals = try engine.recover()
            notifier.send("READY=1\nSTATUS=\(status(totals))")
            var metrics = options.metrics.map(MetricsFile.init(path:))
            func publish(paused: Bool) {
                guard var file = metrics else { return }
                file.totals = totals
                file.waiting = totals.waiting
                file.paused = paused
                if !paused { file.lastSuccessfulPoll = MetricsFile.now() }
                metrics = file
                do { try file.write() } catch { log("level=warning event=metrics-not-written message=\(String(reflecting: "\(error)"))") }
            }
            let idle = options.configuration.settleSeconds > 0 ? options.configuration.settleSeconds : 0.1
            // After a failure of the file system or the state (a full disk, an unwritable folder),
            // the daemon pauses and tries again, waiting twice as long each time up to a minute:
            // nothing is lost meanwhile (what was decided stays owed, what was claimed stays claimed).
            var backoff = 1.0
            while true {
                let summary: RunSummary
                do {
                    summary = try engine.runOnce()
                    if backoff > 1 { log("level=info event=resumed message=\"processing again\"") }
                    backoff = 1
                } catch where !options.once {
                    publish(paused: true)
                    log("level=error event=paused retry_in=\(Int(backoff)) message=\(String(reflecting: "\(error)"))")
                    notifier.send("STATUS=paused, retrying in \(Int(backoff)) s: \(error)")
                    wait(seconds: backoff, notifier: notifier)
                    backoff = min(backoff * 2, 60)
                    if facteur_stop_requested() != 0 { break }
                    continue
                }
                totals.add(summary)
                publish(paused: false)
                if summary != RunSummary() || options.once {
                    log("level=info event=run flows=\(summary.flows) accepted=\(summary.accepted) rejected=\(summary.rejected)"
                        + " unreadable=\(summary.unreadable) repeated=\(summary.repeated) set_aside=\(summary.setAside) recovered=\(summary.recovered)"
                        + " statuses_applied=\(summary.statusesApplied) statuses_refused=\(summary.statusesRefused)")
                    notifier.send("STATUS=\(status(totals))")
                }
                notifier.ping()
                if options.once || facteur_stop_requested() != 0 { break }
                if facteur_take_reload_request() != 0 {
                    log("level=info event=reload message=\"SIGHUP: the directory and the settings are read at each start; nothing else to reload yet\"")
                }
                // Idle: wait one interval.
                if summary.flows == 0 { wait(seconds: idle, notifier: notifier) }
            }
            if facteur_stop_requested() != 0 {
                notifier.send("STOPPING=1")
                log("level=info event=stopped message=\"stop asked: the groups under way were finished and written; what is left stays in the inbox or claimed for the next start\"")
            }
            return ExitStatus.success
        } catch {
            log("level=error event=stopped message=\(String(reflecting: "\(error)"))")
            return ExitStatus.unreadable
        }
    }

    /// Waits, still answering the watchdog, and less when a stop is asked.
    static func wait(seconds: Double, notifier: ServiceNotifier) {
        var left = Int(seconds * 1000)
        while left > 0, facteur_stop_requested() == 0 {
            facteur_sleep_unless_stopped(Int32(min(left, 100)))
            left -= 100
            notifier.ping()
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
