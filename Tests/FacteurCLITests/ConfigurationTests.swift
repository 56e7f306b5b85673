@testable import FacteurCLI
import FacteurFlow
import FacteurTestSupport
import Foundation
import Testing

/// The settings of `facteur run`: defaults, the JSON file, the flags over it, and `facteur config check`.
@Suite("Configuration")
struct ConfigurationTests {
    static func folder() throws -> String {
        try SharedFiles.temporaryDirectory("facteur-config").path
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test("without a file or flags, the defaults: root '.', one second, French rules on, inotify on")
    func defaults() throws {
        let settings = try RunSettings.read(file: nil, overrides: [])
        #expect(settings == RunSettings())
        #expect(settings.root == "." && settings.interval == 1 && settings.rules == ["en16931", "fr"] && settings.inotify)
        let engine = settings.engine
        #expect(engine.root == "." && engine.settleSeconds == 1 && engine.frenchRules && engine.groupSize == 200)
        #expect(engine.limits == .default && engine.chorusFormat.isEmpty)
    }

    @Test("the file's values are taken, relative paths from the file's folder; each flag overrides its key")
    func fileThenFlags() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write("""
            {
              "root": "data",
              "interval": 2.5,
              "rules": ["en16931"],
              "schemas": "/opt/schemas",
              "directory": "directory",
              "cppstatut": ["CNX-B", "CNX-A", "CNX-B"],
              "inotify": false,
              "metrics": "/var/lib/node_exporter/facteur.prom",
              "log": {"format": "json", "level": "warning"},
              "limits": {"maxBytes": 2048, "maxElements": 1000, "maxDepth": 32},
              "groupSize": 50
            }
            """, to: folder + "/facteur.json")
        let file = try RunSettings.read(file: folder + "/facteur.json", overrides: [])
        #expect(file.root == folder + "/data" && file.directory == folder + "/directory" && file.schemas == "/opt/schemas")
        #expect(file.interval == 2.5 && file.rules == ["en16931"] && file.cppstatut == ["CNX-A", "CNX-B"] && !file.inotify)
        #expect(file.metrics == "/var/lib/node_exporter/facteur.prom" && file.logFormat == .json && file.logLevel == .warning)
        #expect(file.maxBytes == 2048 && file.maxElements == 1000 && file.maxDepth == 32 && file.groupSize == 50)
        let engine = file.engine
        #expect(!engine.frenchRules && engine.chorusFormat == ["CNX-A", "CNX-B"] && engine.limits.maxDepth == 32 && engine.settleSeconds == 2.5)

        let flags = try RunSettings.read(file: folder + "/facteur.json", overrides: [
            ("--root", "elsewhere"), ("--interval", "0"), ("--rules", "en16931,fr"), ("--schemas", "none"), ("--inotify", "on"),
            ("--log-level", "error"), ("--max-depth", "64"), ("--cppstatut", "CNX-C"), ("--metrics", "none"),
        ])
        // Flags are taken as given (relative to the working folder), and replace the file's value whole.
        #expect(flags.root == "elsewhere" && flags.interval == 0 && flags.rules == ["en16931", "fr"] && flags.schemas == nil)
        #expect(flags.inotify && flags.logLevel == .error && flags.logFormat == .json && flags.maxDepth == 64 && flags.maxBytes == 2048)
        #expect(flags.cppstatut == ["CNX-C"] && flags.metrics == nil && flags.directory == folder + "/directory")
    }

    @Test("every key of the file has its flag, and the effective configuration printed reads back as the same settings")
    func everyKeyRoundTrips() throws {
        let keys = Setting.all.map(\.key), flags = Setting.all.map(\.flag)
        #expect(Set(keys).count == keys.count && Set(flags).count == flags.count)
        #expect(flags.allSatisfy { $0.hasPrefix("--") })
        var settings = RunSettings()
        settings.root = "/srv/facteur"
        settings.interval = 0.25
        settings.rules = ["en16931"]
        settings.schemas = nil
        settings.directory = "/etc/facteur/directory"
        settings.cppstatut = ["CNX-CHORUS"]
        settings.inotify = false
        settings.metrics = "/tmp/facteur.prom"
        settings.logFormat = .json
        settings.logLevel = .error
        settings.maxBytes = 4096
        settings.maxElements = 123
        settings.maxDepth = 17
        settings.groupSize = 7
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let json = JSONWriter(pretty: true)
        json.value(settings.json)
        try Self.write(json.output, to: folder + "/effective.json")
        #expect(try RunSettings.read(file: folder + "/effective.json", overrides: []) == settings)
        // And each key set by its flag alone gives the same value as by the file.
        for setting in Setting.all {
            let value = setting.read(settings)
            let text: String = switch value {
            case .string(let text): text
            case .number(let text): text
            case .bool(let flag): flag ? "on" : "off"
            case .array(let names): names.map { if case .string(let name) = $0 { name } else { "" } }.joined(separator: ",")
            default: "none"
            }
            let bySetting = try RunSettings.read(file: nil, overrides: [(setting.flag, text)])
            #expect(setting.read(bySetting) == value, "\(setting.flag) \(text)")
        }
    }

    @Test("the example configuration of the unit (systemd/facteur.json) reads, and says what the unit meant")
    func example() throws {
        let file = SharedFiles.packageRoot.appendingPathComponent("systemd/facteur.json").path
        var expected = RunSettings()
        expected.root = "/var/lib/facteur"
        expected.schemas = "/usr/local/share/facteur/schemas"
        #expect(try RunSettings.read(file: file, overrides: []) == expected)
    }

    @Test("every problem of a file is listed at once, with its line, what was found and what was expected")
    func problems() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write("""
            {
              "root": 3,
              "intervall": 2,
              "rules": ["fr"],
              "limits": {"maxDepth": "deep", "maxBytes": 10},
              "log": {"format": "xml"},
              "cppstatut": ["a/b"],
              "inotify": "yes",
              "interval": -1
            }
            """, to: folder + "/bad.json")
        #expect {
            try RunSettings.read(file: folder + "/bad.json", overrides: [("--group-size", "0")])
        } throws: { error in
            guard let problems = (error as? ConfigurationError)?.problems else { return false }
            let file = folder + "/bad.json"
            return problems == [
                "\(file) line 2: root: found 3, expected a path",
                "\(file) line 3: unknown key \"intervall\" (known keys: root, interval, rules, schemas, directory, cppstatut, inotify, metrics, log.format, log.level, limits.maxBytes, limits.maxElements, limits.maxDepth, groupSize)",
                "\(file) line 4: rules: found [\"fr\"], expected [\"en16931\"] or [\"en16931\", \"fr\"] (the EN 16931 rules always apply)",
                "\(file) line 5: limits.maxDepth: found \"deep\", expected a whole number from 16 to 10000",
                "\(file) line 5: limits.maxBytes: found 10, expected a whole number from 1024 to 2147483648",
                "\(file) line 6: log.format: found \"xml\", expected logfmt or json",
                "\(file) line 7: cppstatut: 'a/b' is not a connection name ([A-Za-z0-9._-], 1 to 64 characters)",
                "\(file) line 8: inotify: found \"yes\", expected true or false (on or off for the flag)",
                "\(file) line 9: interval: found -1, expected a number of seconds from 0 to 3600",
                "--group-size 0: found 0, expected a whole number from 1 to 10000",
            ]
        }
        try Self.write("{\n  \"root\": \".\",\n  \"interval\": 1,\n}\n", to: folder + "/syntax.json")
        #expect {
            try RunSettings.read(file: folder + "/syntax.json", overrides: [])
        } throws: { error in
            (error as? ConfigurationError)?.problems == ["\(folder)/syntax.json: not JSON: line 4, column 1: unexpected '}': a key in double quotes was expected"]
        }
        #expect {
            try RunSettings.read(file: folder + "/missing.json", overrides: [])
        } throws: { error in
            (error as? ConfigurationError)?.problems.first?.hasPrefix("\(folder)/missing.json: ") == true
        }
    }

    @Test("config check prints the effective configuration, lists what run would stumble on, and says so in its exit status")
    func configCheck() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let package = SharedFiles.packageRoot.path
        try FileManager.default.createDirectory(atPath: folder + "/root", withIntermediateDirectories: true)
        try Self.write("""
            {"root": "root", "schemas": "\(SharedFiles.root.path)/schemas", "directory": "\(package)/Fixtures/directory", "interval": 0.5}
            """, to: folder + "/facteur.json")
        let good = try ProcessRunner.run(SharedFiles.facteurExecutable, ["config", "check", "--config", folder + "/facteur.json", "--log-format", "json"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stderr.isEmpty)
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(printed["root"] as? String == folder + "/root" && printed["interval"] as? Double == 0.5)
        #expect((printed["log"] as? [String: String]) == ["format": "json", "level": "info"])
        #expect(printed["directory"] as? String == package + "/Fixtures/directory")

        // A directory file with a bad row, a schemas folder without the schemas, a connections.csv refused.
        try FileManager.default.createDirectory(atPath: folder + "/directory", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: package + "/Fixtures/directory/services.csv", toPath: folder + "/directory/services.csv")
        let structures = try String(contentsOfFile: package + "/Fixtures/directory/structures.csv", encoding: .utf8)
        try Self.write(structures + "not;a;structure\n", to: folder + "/directory/structures.csv")
        try Self.write("connection;cppstatut\nCNX-A;maybe\n", to: folder + "/root/connections.csv")
        let bad = try ProcessRunner.run(SharedFiles.facteurExecutable, ["config", "check", "--config", folder + "/facteur.json",
                                                                        "--directory", folder + "/directory", "--schemas", folder])
        #expect(bad.status == 1)
        let lines = bad.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("facteur config check: schemas \(folder): cannot read the schema ") && $0.contains("No such file") })
        #expect(bad.stderr.contains("facteur config check: directory \(folder)/directory: the directory is refused, 1 problem:\n"
                                    + "  structures.csv line 14: 3 cells, expected 11 as in the header\n"))
        #expect(lines.contains { $0.contains("connections.csv is refused: line 2: cppstatut 'maybe': expected true or false") })

        let wrong = try ProcessRunner.run(SharedFiles.facteurExecutable, ["config", "check", "--interval", "soon"])
        #expect(wrong.status == 1 && wrong.stderr == "facteur config check: --interval soon: found soon, expected a number of seconds from 0 to 3600\n")
        let usage = try ProcessRunner.run(SharedFiles.facteurExecutable, ["config", "check", "--colour", "blue"])
        #expect(usage.status == 64)
        let run = try ProcessRunner.run(SharedFiles.facteurExecutable, ["run", "--once", "--config", folder + "/none.json"])
        #expect(run.status == 78 && run.stderr.hasPrefix("facteur run: \(folder)/none.json: "))
    }
}
