import FacteurFlow
import Glibc

/// `facteur run [--once] [--root ROOT] [--clock ISO-8601] [--rules en16931|en16931,fr] [--interval SECONDS] [--schemas DIR]`
enum RunCommand {
    struct Options {
        var once = false
        var configuration: EngineConfiguration = {
            var configuration = EngineConfiguration(root: ".")
            configuration.schemas = EngineConfiguration.defaultSchemas()
            return configuration
        }()
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        func value(_ name: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else { throw UsageError("\(name) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--once": options.once = true
            case "--root": options.configuration.root = try value(argument)
            case "--schemas": options.configuration.schemas = try value(argument)
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
            index += 1
        }
        return options
    }

    /// Exit statuses: 0 the run ended normally (whatever the verdicts: they are in the outbox),
    /// 2 the state or the file system failed (nothing is lost: the next run completes the work),
    /// 64 a wrong command line.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            console.err("facteur run: \(error.message)\n\n\(Facteur.usage)")
            return ExitStatus.usage
        }
        let log: (String) -> Void = { console.err($0 + "\n") }
        do {
            let engine = try FlowEngine(options.configuration, log: log)
            repeat {
                let summary = try engine.runOnce()
                if summary != RunSummary() || options.once {
                    log("level=info event=run flows=\(summary.flows) accepted=\(summary.accepted) rejected=\(summary.rejected)"
                        + " unreadable=\(summary.unreadable) repeated=\(summary.repeated) set_aside=\(summary.setAside) recovered=\(summary.recovered)"
                        + " statuses_applied=\(summary.statusesApplied) statuses_refused=\(summary.statusesRefused)")
                }
            } while !options.once
            return ExitStatus.success
        } catch {
            log("level=error event=stopped message=\(String(reflecting: "\(error)"))")
            return ExitStatus.unreadable
        }
    }
}
