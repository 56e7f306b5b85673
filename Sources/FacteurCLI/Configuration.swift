import FacteurDirectory
import FacteurFlow
import FacteurXML
import Glibc

/// The settings of `facteur run`: the defaults (which make `facteur run` work in a fresh checkout,
/// on its own folders), then the JSON file `--config FILE` names, then the command-line flags, each
/// overriding what came before. Every key of the file has its flag (`Setting.all`).
struct RunSettings: Equatable {
    var root = "."
    var interval = 1.0
    var rules = ["en16931", "fr"]
    var schemas = EngineConfiguration.defaultSchemas()
    /// A folder with `structures.csv` and `services.csv`, imported at start and on SIGHUP when its
    /// files changed.
    var directory: String?
    var cppstatut: [String] = []
    var inotify = true
    var metrics: String?
    var logFormat = LogSink.Format.logfmt
    var logLevel = LogSink.Level.info
    var maxBytes = XMLLimits.default.maxBytes
    var maxElements = XMLLimits.default.maxElements
    var maxDepth = XMLLimits.default.maxDepth
    var groupSize = 200

    /// The engine's configuration these settings give (the clock set apart: it is not a setting).
    var engine: EngineConfiguration {
        var configuration = EngineConfiguration(root: root)
        configuration.settleSeconds = interval
        configuration.frenchRules = rules.contains("fr")
        configuration.schemas = schemas
        configuration.chorusFormat = Set(cppstatut)
        configuration.limits = XMLLimits(maxBytes: maxBytes, maxElements: maxElements, maxDepth: maxDepth)
        configuration.groupSize = groupSize
        return configuration
    }

    var logs: LogSink { LogSink(format: logFormat, minimum: logLevel) }

    /// Reads the settings: the file `file` (if any), then the flags' `overrides` (flag, value).
    /// Every problem is listed, each with where it is (file and line, or flag) and what was expected.
    static func read(file: String?, overrides: [(flag: String, value: String)]) throws(ConfigurationError) -> RunSettings {
        var settings = RunSettings()
        var problems: [String] = []
        if let file {
            do {
                let text = try InputFile.read(file, maxBytes: 1 << 20)
                let base = FileTree.folder(of: file)
                switch try JSONValue.parse(text) {
                case .object(let members): settings.apply(members, prefix: "", file: file, base: base, problems: &problems)
                case let other: problems.append("\(file): the configuration must be a JSON object, not \(other.kind)")
                }
            } catch let error as ReadError {
                problems.append("\(file): \(error.message)")
            } catch let error as JSONSyntaxError {
                problems.append("\(file): not JSON: \(error)")
            } catch {
                problems.append("\(file): \(error)")
            }
        }
        for (flag, text) in overrides {
            guard let setting = Setting.all.first(where: { $0.flag == flag }) else { continue }
            do { try setting.apply(&settings, setting.kind.value(ofFlag: text), nil) } catch {
                problems.append("\(flag) \(text): \(error.message)")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return settings
    }

    private mutating func apply(_ members: [JSONValue.Member], prefix: String, file: String, base: String, problems: inout [String]) {
        for member in members {
            let key = prefix + member.key
            if case .object(let inner) = member.value, Setting.groups.contains(key) {
                apply(inner, prefix: key + ".", file: file, base: base, problems: &problems)
                continue
            }
            guard let setting = Setting.all.first(where: { $0.key == key }) else {
                let known = Setting.all.map(\.key).joined(separator: ", ")
                problems.append("\(file) line \(member.line): unknown key \"\(key)\" (known keys: \(known))")
                continue
            }
            do { try setting.apply(&self, member.value, base) } catch {
                problems.append("\(file) line \(member.line): \(key): \(error.message)")
            }
        }
    }

    /// The settings as a JSON object, in the layout of the file (`config check` prints it).
    var json: JSONValue {
        var members: [JSONValue.Member] = []
        for group in [""] + Setting.groups.sorted() {
            let settings = Setting.all.filter { group.isEmpty ? !$0.key.contains(".") : $0.key.hasPrefix(group + ".") }
            let inner = settings.map { JSONValue.Member(key: String($0.key.dropFirst(group.isEmpty ? 0 : group.count + 1)), value: $0.read(self), line: 0) }
            if group.isEmpty { members += inner } else { members.append(.init(key: group, value: .object(inner), line: 0)) }
        }
        return .object(members)
    }
}

/// Why the settings cannot be used: every problem found.
struct ConfigurationError: Error {
    var problems: [String]
}

/// What a setting failed on: what was found, what was expected.
struct SettingError: Error {
    var message: String
}

/// One key of the configuration file and its flag: the kind of value it takes, how it is set, how
/// it reads back.
struct Setting {
    enum Kind: Sendable {
        case path, optionalPath, number(ClosedRange<Double>), integer(ClosedRange<Int>), bool, choice([String]), list

        /// A flag's text as the JSON value the same setting takes in the file.
        func value(ofFlag text: String) -> JSONValue {
            switch self {
            case .number, .integer: .number(text)
            case .bool: text == "on" || text == "true" ? .bool(true) : text == "off" || text == "false" ? .bool(false) : .string(text)
            case .list: .array(text.split(separator: ",").map { .string(String($0).filter { $0 != " " }) })
            case .optionalPath where text.isEmpty || text == "none": .null
            default: .string(text)
            }
        }

        var expected: String {
            switch self {
            case .path: "a path"
            case .optionalPath: "a path, or null for none"
            case .number(let range): "a number of seconds from \(Self.show(range.lowerBound)) to \(Self.show(range.upperBound))"
            case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
            case .bool: "true or false (on or off for the flag)"
            case .choice(let values): values.joined(separator: " or ")
            case .list: "a list of names"
            }
        }

        static func show(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
    }

    let key: String
    let flag: String
    let kind: Kind
    let help: String
    /// Sets the value; `base` is the folder relative paths of the file are resolved against (nil: a flag, left as given).
    let set: (inout RunSettings, JSONValue, String?) throws(SettingError) -> Void
    let read: (RunSettings) -> JSONValue

    func apply(_ settings: inout RunSettings, _ value: JSONValue, _ base: String?) throws(SettingError) {
        try set(&settings, value, base)
    }

    /// The groups of keys that are objects in the file.
    static let groups: Set<String> = ["limits", "log"]

    static var all: [Setting] { [
        path("root", "--root", \.root, "the folder of inbox/, outbox/ and state/"),
        number("interval", "--interval", \.interval, 0...3600,
               "seconds between two looks at the inbox; a file is taken once unchanged between two looks"),
        Setting(key: "rules", flag: "--rules", kind: .list, help: "rule sets: [\"en16931\"] or [\"en16931\", \"fr\"]", set: { settings, value, _ throws(SettingError) in
            let names = try strings(value)
            guard names.contains("en16931"), names.allSatisfy({ $0 == "en16931" || $0 == "fr" }) else {
                throw SettingError(message: "found \(describe(value)), expected [\"en16931\"] or [\"en16931\", \"fr\"] (the EN 16931 rules always apply)")
            }
            settings.rules = names.contains("fr") ? ["en16931", "fr"] : ["en16931"]
        }, read: { .array($0.rules.map { .string($0) }) }),
        optionalPath("schemas", "--schemas", \.schemas, "the XSD folder (cdar-d22b/, chorus/) receiver flows are checked against"),
        optionalPath("directory", "--directory", \.directory,
                     "a folder of structures.csv and services.csv, imported at start and on SIGHUP when changed"),
        Setting(key: "cppstatut", flag: "--cppstatut", kind: .list, help: "emitter connections that also get CPPStatut files (besides ROOT/connections.csv)",
                set: { settings, value, _ throws(SettingError) in
            let names = try strings(value)
            for name in names where !ConnectionSettings.isConnectionName(name) {
                throw SettingError(message: "'\(name)' is not a connection name ([A-Za-z0-9._-], 1 to 64 characters)")
            }
            settings.cppstatut = Array(Set(names)).sorted()
        }, read: { .array($0.cppstatut.map { .string($0) }) }),
        Setting(key: "inotify", flag: "--inotify", kind: .bool, help: "wake as soon as a file arrives (polling stays the safety net)",
                set: { settings, value, _ throws(SettingError) in
            guard case .bool(let flag) = value else { throw SettingError(message: "found \(describe(value)), expected \(Kind.bool.expected)") }
            settings.inotify = flag
        }, read: { .bool($0.inotify) }),
        optionalPath("metrics", "--metrics", \.metrics, "the Prometheus text file written after each pass"),
        choice("log.format", "--log-format", \.logFormat, "logfmt (key=value) or json, one line per event"),
        choice("log.level", "--log-level", \.logLevel, "the lowest level printed: info, warning or error"),
        integer("limits.maxBytes", "--max-bytes", \.maxBytes, 1024...(1 << 31), "the largest flow read, in bytes"),
        integer("limits.maxElements", "--max-elements", \.maxElements, 100...50_000_000, "the most XML elements a flow may have"),
        integer("limits.maxDepth", "--max-depth", \.maxDepth, 16...10_000, "the deepest XML nesting accepted"),
        integer("groupSize", "--group-size", \.groupSize, 1...10_000, "flows decided in one transaction and written with one flush"),
    ] }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .array(let elements): "[" + elements.map(describe).joined(separator: ", ") + "]"
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: value.kind
        }
    }

    static func strings(_ value: JSONValue) throws(SettingError) -> [String] {
        guard case .array(let elements) = value else { throw SettingError(message: "found \(describe(value)), expected a list of names") }
        var names: [String] = []
        for element in elements {
            guard case .string(let name) = element else { throw SettingError(message: "found \(describe(element)) in the list, expected names") }
            names.append(name)
        }
        return names
    }

    static func resolve(_ path: String, _ base: String?) -> String {
        guard let base, !path.hasPrefix("/"), base != "." else { return path }
        return base + "/" + path
    }

    static func path(_ key: String, _ flag: String, _ field: WritableKeyPath<RunSettings, String>, _ help: String) -> Setting {
        Setting(key: key, flag: flag, kind: .path, help: help, set: { settings, value, base throws(SettingError) in
            guard case .string(let text) = value, !text.isEmpty else { throw SettingError(message: "found \(describe(value)), expected \(Kind.path.expected)") }
            settings[keyPath: field] = resolve(text, base)
        }, read: { .string($0[keyPath: field]) })
    }

    static func optionalPath(_ key: String, _ flag: String, _ field: WritableKeyPath<RunSettings, String?>, _ help: String) -> Setting {
        Setting(key: key, flag: flag, kind: .optionalPath, help: help, set: { settings, value, base throws(SettingError) in
            switch value {
            case .null: settings[keyPath: field] = nil
            case .string(let text) where !text.isEmpty: settings[keyPath: field] = resolve(text, base)
            default: throw SettingError(message: "found \(describe(value)), expected \(Kind.optionalPath.expected)")
            }
        }, read: { $0[keyPath: field].map { .string($0) } ?? .null })
    }

    static func number(_ key: String, _ flag: String, _ field: WritableKeyPath<RunSettings, Double>, _ range: ClosedRange<Double>,
                       _ help: String) -> Setting {
        numeric(key, flag, field, range, kind: .number(range), read: { Double($0) }, show: Kind.show, help)
    }

    static func integer(_ key: String, _ flag: String, _ field: WritableKeyPath<RunSettings, Int>, _ range: ClosedRange<Int>,
                        _ help: String) -> Setting {
        numeric(key, flag, field, range, kind: .integer(range), read: { Int($0) }, show: String.init, help)
    }

    /// A number within `range`, read from its text by `read` (`Int` refuses a fraction).
    private static func numeric<T>(_ key: String, _ flag: String, _ field: WritableKeyPath<RunSettings, T>, _ range: ClosedRange<T>,
                                   kind: Kind, read: @escaping (String) -> T?, show: @escaping (T) -> String, _ help: String) -> Setting {
        Setting(key: key, flag: flag, kind: kind, help: help, set: { settings, value, _ throws(SettingError) in
            guard case .number(let text) = value, let number = read(text), range.contains(number) else {
                throw SettingError(message: "found \(describe(value)), expected \(kind.expected)")
            }
            settings[keyPath: field] = number
        }, read: { .number(show($0[keyPath: field])) })
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ flag: String, _ field: WritableKeyPath<RunSettings, T>,
                                                          _ help: String) -> Setting where T.RawValue == String {
        let kind = Kind.choice(T.allCases.map(\.rawValue))
        return Setting(key: key, flag: flag, kind: kind, help: help, set: { settings, value, _ throws(SettingError) in
            guard case .string(let text) = value, let choice = T(rawValue: text) else {
                throw SettingError(message: "found \(describe(value)), expected \(kind.expected)")
            }
            settings[keyPath: field] = choice
        }, read: { .string($0[keyPath: field].rawValue) })
    }
}

/// `facteur config check [--config FILE] [RUN FLAGS]`: reads the settings as `facteur run` would,
/// checks what they name (the root writable, the schemas loadable, the directory files and
/// `ROOT/connections.csv` valid, the metrics folder writable), and prints the effective
/// configuration as JSON on standard output. Every problem is listed on standard error.
enum ConfigCommand {
    /// Exit statuses: 0 valid, 1 problems (each listed), 64 a wrong command line.
    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard arguments.first == "check" else {
            // The keys, with their flags: what a configuration file may hold.
            let keys = Setting.all.map { "  \($0.key) (\($0.flag)): \($0.kind.expected); \($0.help)\n" }.joined()
            console.err("facteur config: expected 'check [--config FILE] [run options]'\n\nKeys of the configuration file:\n" + keys)
            return ExitStatus.usage
        }
        let invocation: RunCommand.Invocation
        do {
            invocation = try RunCommand.parse(Array(arguments.dropFirst()))
        } catch {
            console.err("facteur config check: \(error.message)\n")
            return ExitStatus.usage
        }
        let settings: RunSettings
        do {
            settings = try invocation.settings()
        } catch {
            for problem in error.problems { console.err("facteur config check: \(problem)\n") }
            return ExitStatus.fatalFindings
        }
        let problems = check(settings)
        let json = JSONWriter(pretty: true)
        json.value(settings.json)
        console.out(json.output + "\n")
        for problem in problems { console.err("facteur config check: \(problem)\n") }
        if settings.schemas == nil {
            console.err("facteur config check: note: no schemas folder: receiver flows will wait in inbox/receiver\n")
        }
        return problems.isEmpty ? ExitStatus.success : ExitStatus.fatalFindings
    }

    /// What would stop `facteur run`, or make it work otherwise than meant, with these settings.
    static func check(_ settings: RunSettings) -> [String] {
        var problems: [String] = []
        func writableFolder(_ path: String, _ what: String) {
            if !FileTree.isFolder(path) {
                problems.append("\(what) \(path) is not a folder")
            } else if access(path, W_OK) != 0 {
                problems.append("\(what) \(path) is not writable: \(String(cString: strerror(errno)))")
            }
        }
        writableFolder(settings.root, "root")
        if let folder = settings.schemas {
            do { _ = try StatusFlow.Schemas(folder: folder) } catch {
                problems.append("schemas \(folder): \(error) (expected the folder holding cdar-d22b/ and chorus/)")
            }
        }
        if let folder = settings.directory {
            do {
                let files = try DirectoryCommand.readFiles(in: folder)
                _ = try DirectoryFiles.read(structures: files.structures, services: files.services)
            } catch let error as ReadError {
                problems.append("directory \(folder): \(error.message)")
            } catch {
                problems.append("directory \(folder): \(error)")
            }
        }
        do { _ = try ConnectionSettings.read(settings.root + "/connections.csv") } catch { problems.append("\(error)") }
        if let file = settings.metrics {
            writableFolder(FileTree.folder(of: file), "metrics folder")
        }
        return problems
    }
}
