import Glibc
import FacteurDirectory
import FacteurModel
import FacteurRules
import FacteurState
import FacteurXML

/// Where commands write: standard output and standard error, replaceable in tests.
public struct Console: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    /// `out` for text already in UTF-8 bytes (reports of a batch): the standard console writes them
    /// as they are, without making a string of them first.
    public var outBytes: @Sendable ([UInt8]) -> Void
    /// Whether `err` is a terminal someone watches (progress is shown only there).
    public var errIsTerminal: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                outBytes: (@Sendable ([UInt8]) -> Void)? = nil, errIsTerminal: Bool = false) {
        self.out = out
        self.err = err
        self.outBytes = outBytes ?? { out(String(decoding: $0, as: UTF8.self)) }
        self.errIsTerminal = errIsTerminal
    }

    public static let standard = Console(out: { writeAll(1, $0) }, err: { writeAll(2, $0) },
                                         outBytes: { bytes in bytes.withUnsafeBufferPointer { writeAll(1, $0) } },
                                         errIsTerminal: isatty(2) == 1)

    /// Writes the whole text to a file descriptor, retrying short writes and interruptions.
    private static func writeAll(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { writeAll(fd, $0) }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}

/// Exit statuses of the `facteur` command.
public enum ExitStatus {
    /// Every file read, no fatal finding.
    public static let success: Int32 = 0
    /// Some file has a fatal finding.
    public static let fatalFindings: Int32 = 1
    /// Some file could not be read as an invoice.
    public static let unreadable: Int32 = 2
    /// The command line itself is wrong (sysexits EX_USAGE).
    public static let usage: Int32 = 64
    /// The configuration is wrong (sysexits EX_CONFIG): `facteur run` does not start.
    public static let configuration: Int32 = 78
}

/// The `facteur` command line.
public enum Facteur {
    public static let version = "0.1.0"

    static let usage = """
        Usage: facteur <command> [options]

        Commands:
          validate FILE... [--format text|json] [--warnings] [--rules en16931|en16931,fr]
                           [--directory DIR]
                           read each invoice (UBL 2.1 Invoice/CreditNote, CII D16B) and report its
                           headline values and findings: EN 16931 rules, and with fr the French
                           rules (BR-FR v1.4.0); with --directory, routing to the public recipients
                           of DIR/structures.csv and DIR/services.csv, or of a state database DIR
                           a directory was imported into (B2G rules) too. Exit status:
                           0 no fatal finding, 1 a fatal finding, 2 a file (or the directory) could
                           not be read.
          directory import DIR [--root ROOT]
                           load DIR/structures.csv and DIR/services.csv (the directory of public
                           recipients) into ROOT/state/facteur.sqlite, replacing the previous
                           directory in one transaction; a file with any bad row is refused whole,
                           every problem listed. Exit status: 0 imported, 1 refused, 2 unreadable.
          run [--once] [--config FILE] [--clock ISO-8601] [--root ROOT] [--interval SECONDS]
              [--rules en16931|en16931,fr] [--schemas DIR|none] [--directory DIR|none]
              [--cppstatut CONNECTION,...] [--inotify on|off] [--metrics FILE|none]
              [--log-format logfmt|json] [--log-level info|warning|error]
              [--max-bytes N] [--max-elements N] [--max-depth N] [--group-size N]
                           the flow engine: take the flows of ROOT/inbox/emitter/ once unchanged
                           between two looks SECONDS apart (default 1), judge and route each invoice
                           (French rules on by default), deliver the accepted ones and answer each flow
                           in ROOT/outbox/ (reports, CDAR lifecycle messages), exactly once; apply the
                           statuses of ROOT/inbox/receiver/ (CDAR, CPPStatut, checked against the XSDs
                           of DIR: default $FACTEUR_SCHEMAS, else ../shared/schemas) and forward them;
                           with --once, one pass and exit (progress shown on a terminal), otherwise
                           poll every SECONDS, woken early by inotify. Settings come from the JSON
                           file --config names, each overridden by its flag; SIGHUP reads the file,
                           ROOT/connections.csv, the schemas and the --directory files again.
                           --clock fixes the time for reproducible output; --metrics writes counters
                           in the Prometheus text format to FILE after each pass. Logs: one line per
                           event on stderr, key=value (or JSON objects), from the level given up.
                           Exit status: 0 done, 2 the state or the file system failed (the next run
                           completes the work), 78 a wrong configuration.
          config check [--config FILE] [run options]
                           check the settings run would use (the root writable, the schemas, the
                           directory files, connections.csv) and print them as JSON. Exit status:
                           0 valid, 1 problems (each listed), 64 a wrong command line.
          replay BATCH [--update] [--keep]
                           replay a fixture batch (BATCH/directory, BATCH/inbox or its rounds
                           BATCH/inbox/1, 2, …) in a temporary root under a fixed clock, and compare the
                           outbox with BATCH/expected/outbox; --update rewrites the expectation.
                           Exit status: 0 as expected, 1 different (the differences are printed),
                           2 the batch could not be replayed.
          history NUMBER [--seller SIREN] [--root ROOT] [--format text|json]
                           an accepted invoice's whole story: what it is, where it went, every state
                           with its reform code, actor, time, reason, comment, mandate number and
                           amounts, and the refused invoice it replaces or that replaced it.
                           Exit status: 0 printed, 1 no such invoice, 2 no state to read.
          stats [--root ROOT] [--format text|json]
                           accepted invoices by state and by recipient, flows by channel and status.
          version          print the version
          help             print this help

        """

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func main(_ arguments: [String], console: Console = .standard) -> Int32 {
        guard let command = arguments.first else {
            console.err(usage)
            return ExitStatus.usage
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "validate":
            return ValidateCommand.run(rest, console: console)
        case "directory":
            return DirectoryCommand.run(rest, console: console)
        case "run":
            return RunCommand.run(rest, console: console)
        case "replay":
            return ReplayCommand.run(rest, console: console)
        case "config":
            return ConfigCommand.run(rest, console: console)
        case "history", "stats":
            return HistoryCommand.run(rest, console: console, command: command)
        case "version", "--version":
            console.out("facteur \(version)\n")
            return ExitStatus.success
        case "help", "--help", "-h":
            console.out(usage)
            return ExitStatus.success
        default:
            console.err("facteur: unknown command '\(command)'\n\n\(usage)")
            return ExitStatus.usage
        }
    }
}

/// `facteur validate FILE... [--format text|json] [--warnings] [--rules en16931[,fr]]`
enum ValidateCommand {
    enum Format: String { case text, json }

    /// The rule sets a validation applies: EN 16931 always, the French rules on request.
    struct RuleSets: Equatable {
        var french = false

        /// `en16931` or `en16931,fr` (in any order; EN 16931 cannot be left out).
        init(_ list: String) throws(UsageError) {
            let names = list.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
            for name in names where name != "en16931" && name != "fr" {
                throw UsageError("unknown rule set '\(name)': expected en16931 or fr")
            }
            guard names.contains("en16931") else {
                throw UsageError("--rules \(list): the EN 16931 rules are always applied, name them (en16931 or en16931,fr)")
            }
            french = names.contains("fr")
        }

        init() {}
    }

    struct Options {
        var files: [String] = []
        var format: Format = .text
        var showWarnings = false
        var rules = RuleSets()
        /// The folder of the directory files to route with.
        var directory: String?
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var index = 0
        var onlyFiles = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyFiles || !argument.hasPrefix("-") || argument == "-" {
                options.files.append(argument)
                continue
            }
            switch argument {
            case "--":
                onlyFiles = true
            case "--format":
                guard index < arguments.count else { throw UsageError("--format needs a value: text or json") }
                let value = arguments[index]
                index += 1
                guard let format = Format(rawValue: value) else {
                    throw UsageError("unknown format '\(value)': expected text or json")
                }
                options.format = format
            case "--warnings":
                options.showWarnings = true
            case "--directory":
                guard index < arguments.count else { throw UsageError("--directory needs the folder of structures.csv and services.csv") }
                options.directory = arguments[index]
                index += 1
            case "--rules":
                guard index < arguments.count else { throw UsageError("--rules needs a value: en16931 or en16931,fr") }
                options.rules = try RuleSets(arguments[index])
                index += 1
            default:
                if argument.hasPrefix("--rules=") {
                    options.rules = try RuleSets(String(argument.dropFirst("--rules=".count)))
                } else if argument.hasPrefix("--format=") {
                    let value = String(argument.dropFirst("--format=".count))
                    guard let format = Format(rawValue: value) else {
                        throw UsageError("unknown format '\(value)': expected text or json")
                    }
                    options.format = format
                } else {
                    throw UsageError("unknown option '\(argument)'")
                }
            }
        }
        guard !options.files.isEmpty else { throw UsageError("validate needs at least one FILE") }
        return options
    }

    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            console.err("facteur validate: \(error.message)\n\n\(Facteur.usage)")
            return ExitStatus.usage
        }
        let reader = InvoiceReader()
        var routing: Routing?
        if let folder = options.directory {
            do {
                routing = try Routing(folder: folder)
            } catch {
                console.err("facteur validate: --directory \(folder): \((error as? ReadError)?.message ?? "\(error)")\n")
                return ExitStatus.unreadable
            }
        }
        var status = ExitStatus.success
        // Reports go out in chunks of about 64 KB, not one write per file (a batch of thousands of
        // files paid a system call each); a message on stderr first flushes what precedes it.
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty { console.outBytes(pending) }
            pending.removeAll(keepingCapacity: true)
        }
        for file in options.files {
            let report = validate(file: file, reader: reader, rules: options.rules, routing: routing)
            switch options.format {
            case .json:
                report.appendJSONLine(to: &pending)
                pending.append(0x0A)
            case .text: pending += report.text(showWarnings: options.showWarnings).utf8
            }
            if case .unreadable(let error) = report.outcome {
                if options.format == .json {
                    flush()
                    console.err("facteur: \(file): \(error.message)\n")
                }
                status = ExitStatus.unreadable
            } else if report.hasFatalFinding, status == ExitStatus.success {
                status = ExitStatus.fatalFindings
            }
            if pending.count >= 65_536 { flush() }
        }
        flush()
        return status
    }

    /// The directory `--directory` names, and the day invoices are routed on (today, local time).
    /// `--directory` names a folder holding `structures.csv` and `services.csv`, or a state database
    /// a directory was imported into (`ROOT/state/facteur.sqlite`), read without reading the files again.
    struct Routing {
        let directory: any DirectoryLookup
        let day: CalendarDate

        init(folder: String) throws {
            var info = stat()
            if stat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                directory = try DirectoryStore(database: Database(path: folder))
            } else {
                let files = try DirectoryCommand.readFiles(in: folder)
                let read = try DirectoryFiles.read(structures: files.structures, services: files.services)
                directory = DirectorySnapshot(structures: read.structures, services: read.services)
            }
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            day = CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
        }
    }

    /// Reads one file and judges it with the EN 16931 rules, the French rules when asked, and
    /// routing when given a directory (every readable invoice is routed, so that a supplier sees
    /// every cause at once; the flow engine routes only the invoices the rules accept).
    static func validate(file: String, reader: InvoiceReader, rules: RuleSets = RuleSets(), routing: Routing? = nil) -> ValidationReport {
        do {
            let bytes = try InputFile.read(file, maxBytes: reader.limits.maxBytes)
            return try bytes.withUnsafeBytes { buffer in
                try reader.withInvoice(buffer, name: file) { invoice, tree in
                    var findings: [Finding] = []
                    EN16931Validator().validate(invoice, tree: tree, appendingTo: &findings)
                    if rules.french { FrenchValidator().validate(invoice, tree: tree, appendingTo: &findings) }
                    if let routing {
                        findings += try Router.route(invoice, directory: routing.directory, on: routing.day).findings
                    }
                    return ValidationReport(file: file, outcome: .invoice(InvoiceSummary(invoice), findings: findings))
                }
            }
        } catch let error as ReadError {
            return ValidationReport(file: file, outcome: .unreadable(error))
        } catch {
            return ValidationReport(file: file, outcome: .unreadable(ReadError(.ioError, "\(error)")))
        }
    }
}

/// A command's arguments, read one at a time; an option's value is the argument after it.
struct Arguments {
    private let list: [String]
    private var index = 0

    init(_ list: [String]) {
        self.list = list
    }

    mutating func next() -> String? {
        guard index < list.count else { return nil }
        defer { index += 1 }
        return list[index]
    }

    /// The value of `option`, just read.
    mutating func value(of option: String) throws(UsageError) -> String {
        guard let value = next() else { throw UsageError("\(option) needs a value") }
        return value
    }
}

struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
