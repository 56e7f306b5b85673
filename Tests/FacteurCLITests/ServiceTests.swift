import FacteurTestSupport
import Foundation
import Glibc
import Testing

/// `facteur run` as systemd runs it (Type=notify): this test plays systemd's part of the sd_notify
/// protocol with a datagram socket of its own.
@Suite("Running as a service")
struct ServiceTests {
    /// A datagram socket bound to `path`, as systemd's `NOTIFY_SOCKET`.
    final class NotifySocket {
        let fd: Int32
        let path: String

        init(path: String) throws {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw CocoaError(.fileWriteInvalidFileName) }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard fd >= 0, bound == 0 else { throw CocoaError(.fileWriteUnknown) }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit {
            close(fd)
            unlink(path)
        }

        /// The next message, or nil after 0.2 s without one.
        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }

        /// Messages until one contains `wanted` (or `seconds` pass); all of them, in order.
        func wait(for wanted: String, seconds: Double, into messages: inout [String]) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let message = receive() {
                    messages.append(message)
                    if message.contains(wanted) { return true }
                }
            }
            return false
        }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Starts `facteur run` on `root` (interval 0.1 s, the batches' clock), its log to `log` (or
    /// nowhere), with `environment` added to this process's.
    static func startDaemon(root: String, log: String? = nil, environment extra: [String: String] = [:], options: [String] = []) throws -> Process {
        let daemon = Process()
        daemon.executableURL = SharedFiles.facteurExecutable
        daemon.arguments = ["run", "--root", root, "--interval", "0.1", "--clock", "2026-09-20T09:00:00Z"] + options
        daemon.currentDirectoryURL = SharedFiles.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "WATCHDOG_PID")
        environment.merge(extra) { _, new in new }
        daemon.environment = environment
        if let log { _ = FileManager.default.createFile(atPath: log, contents: Data()) }
        daemon.standardError = FileHandle(forWritingAtPath: log ?? "/dev/null")
        try daemon.run()
        return daemon
    }

    static func reports(_ root: String) -> Int {
        (FileManager.default.enumerator(atPath: root + "/outbox")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".report.json") && $0.contains("FLX-") }.count
    }

    @Test("READY after recovery, WATCHDOG from the loop, then STOPPING and exit 0 on SIGTERM mid-work; nothing lost")
    func notifyProtocolAndStop() throws {
        let root = try SharedFiles.temporaryDirectory("facteur-service").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let package = SharedFiles.packageRoot.path
        let made = try ProcessRunner.run(URL(fileURLWithPath: "/bin/bash"), [package + "/Benchmarks/make-flows.sh", "600", root, "statuses"], timeout: 120)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", package + "/Fixtures/directory", "--root", root]).status == 0)
        let flows = (FileManager.default.enumerator(atPath: root + "/inbox")?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".xml") }.count
        #expect(flows > 700)

        let socket = try NotifySocket(path: root + "/notify")
        // Small groups (each one flushed): the work takes long enough to be stopped in the middle.
        let daemon = try Self.startDaemon(root: root, environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "200000"],
                                          options: ["--group-size", "10"])
        defer { if daemon.isRunning { daemon.terminate() } }

        var messages: [String] = []
        #expect(socket.wait(for: "READY=1", seconds: 60, into: &messages), "\(messages)")
        #expect(socket.wait(for: "WATCHDOG=1", seconds: 30, into: &messages), "\(messages)")
        #expect(Self.eventually(60) { Self.reports(root) > 0 }, "no flow answered within a minute")
        kill(daemon.processIdentifier, SIGTERM)
        #expect(socket.wait(for: "STOPPING=1", seconds: 60, into: &messages), "\(messages)")
        // Within a bounded time (the groups under way are finished first).
        let deadline = Date().addingTimeInterval(60)
        while daemon.isRunning, Date() < deadline { usleep(50_000) }
        #expect(!daemon.isRunning, "still running a minute after SIGTERM")
        guard !daemon.isRunning else { return }
        #expect(daemon.terminationReason == .exit && daemon.terminationStatus == 0)
        // Stopped mid-work: some flows are not answered yet, and nothing is half written.
        let answered = Self.reports(root)
        #expect(answered > 0 && answered < flows, "answered \(answered) of \(flows)")
        let temporary = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".tmp") }
        #expect(temporary.isEmpty, "\(temporary.prefix(3))")
        // The next start takes what was left: every flow answered once.
        let rest = try ProcessRunner.run(SharedFiles.facteurExecutable, ["run", "--once", "--root", root, "--interval", "0", "--clock", "2026-09-20T09:00:00Z"],
                                         timeout: 300)
        #expect(rest.status == 0)
        #expect(Self.reports(root) == flows)
    }

    /// flows.md, "Nothing lost": an unwritable output pauses the work with a logged reason; it goes
    /// on by itself once the cause is gone, and the outbox ends as an uninterrupted run's.
    @Test("an unwritable output folder pauses the daemon, which resumes by itself once it is writable, nothing lost")
    func pauseAndResume() throws {
        let root = try SharedFiles.temporaryDirectory("facteur-service").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batch = SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches/all-accepted").path
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: batch + "/inbox/emitter", toPath: root + "/inbox/emitter")
        #expect(try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", batch + "/directory", "--root", root]).status == 0)
        // A file where the Ville de Paris's delivery folder must go.
        try FileManager.default.createDirectory(atPath: root + "/outbox/receiver", withIntermediateDirectories: true)
        let blocked = root + "/outbox/receiver/CNX-PARIS"
        _ = FileManager.default.createFile(atPath: blocked, contents: Data())

        let log = root + "/daemon.log"
        let daemon = try Self.startDaemon(root: root, log: log)
        defer { if daemon.isRunning { daemon.terminate() } }
        func logged() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        #expect(Self.eventually(30) { logged().contains("event=paused") }, "\(logged())")
        #expect(logged().contains("a file is in the way"))
        #expect(daemon.isRunning)
        #expect(Self.reports(root) < 6)
        try FileManager.default.removeItem(atPath: blocked)
        #expect(Self.eventually(30) { Self.reports(root) == 6 && logged().contains("event=resumed") }, "\(logged())")
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.eventually(30) { !daemon.isRunning })
        guard !daemon.isRunning else { return }
        #expect(daemon.terminationStatus == 0)
        // The same outbox as an uninterrupted run, byte for byte.
        let expected = batch + "/expected/outbox"
        func regularFiles(under folder: String) -> [String] {
            (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).filter { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder) && !isFolder.boolValue
            }.sorted()
        }
        let files = regularFiles(under: expected)
        let produced = regularFiles(under: root + "/outbox")
        #expect(produced == files)
        for file in files {
            #expect(FileManager.default.contents(atPath: root + "/outbox/" + file) == FileManager.default.contents(atPath: expected + "/" + file), "\(file)")
        }
    }

    /// Whether this process may mount a tmpfs (root in the CI container): a real full disk.
    static let canMountTmpfs: Bool = {
        guard getuid() == 0, let folder = try? SharedFiles.temporaryDirectory("facteur-mount").path else { return false }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        guard mount("tmpfs", folder, "tmpfs", 0, "size=1m") == 0 else { return false }
        umount(folder)
        return true
    }()

    @Test("a full file system pauses the daemon, which resumes by itself once there is room, nothing lost",
          .enabled(if: canMountTmpfs, "needs to mount a small tmpfs (root)"))
    func fullDisk() throws {
        let mountPoint = try SharedFiles.temporaryDirectory("facteur-full").path
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        #expect(mount("tmpfs", mountPoint, "tmpfs", 0, "size=4m") == 0)
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }
        let root = mountPoint + "/root"
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
        let batch = SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches/all-accepted").path
        #expect(try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", batch + "/directory", "--root", root]).status == 0)
        // The flows wait under hidden names (never taken) until the disk is full.
        let inbox = root + "/inbox/emitter/SUP1"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: batch + "/inbox/emitter/SUP1").sorted()
        for name in names { try FileManager.default.copyItem(atPath: batch + "/inbox/emitter/SUP1/" + name, toPath: inbox + "/." + name) }

        let log = SharedFiles.packageRoot.path + "/.build/full-disk-\(getpid()).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let daemon = try Self.startDaemon(root: root, log: log)
        defer { if daemon.isRunning { daemon.terminate() } }
        func logged() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        usleep(500_000)

        // Fill the file system, then let the flows in.
        let filler = mountPoint + "/filler"
        let fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let chunk = [UInt8](repeating: 0, count: 4096)
        while write(fd, chunk, chunk.count) > 0 {}
        #expect(errno == ENOSPC)
        close(fd)
        for name in names { #expect(rename(inbox + "/." + name, inbox + "/" + name) == 0) }

        #expect(Self.eventually(30) { logged().contains("event=paused") }, "\(logged())")
        #expect(logged().contains("No space left on device") || logged().contains("full"), "\(logged())")
        #expect(daemon.isRunning)
        unlink(filler)
        #expect(Self.eventually(60) { Self.reports(root) == 6 && logged().contains("event=resumed") }, "\(logged())")
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.eventually(30) { !daemon.isRunning })
        guard !daemon.isRunning else { return }
        #expect(daemon.terminationStatus == 0)
        let expected = batch + "/expected/outbox"
        for file in try FileManager.default.subpathsOfDirectory(atPath: expected) where !file.hasSuffix("/") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: expected + "/" + file, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            #expect(FileManager.default.contents(atPath: root + "/outbox/" + file) == FileManager.default.contents(atPath: expected + "/" + file), "\(file)")
        }
        let temporary = try FileManager.default.subpathsOfDirectory(atPath: root).filter { $0.hasSuffix(".tmp") }
        #expect(temporary.isEmpty, "\(temporary)")
    }

    static let promtool: URL? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { (path: String) in access(path, X_OK) == 0 }
        .map { URL(fileURLWithPath: $0) }

    @Test("the metrics file counts what the run did, and promtool reads it (when installed: CI installs it)")
    func metricsFile() throws {
        let root = try SharedFiles.temporaryDirectory("facteur-metrics").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let batch = SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches/mixed-rejections").path
        try FileManager.default.createDirectory(atPath: root + "/inbox", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: batch + "/inbox/emitter", toPath: root + "/inbox/emitter")
        #expect(try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", batch + "/directory", "--root", root]).status == 0)
        let run = try ProcessRunner.run(SharedFiles.facteurExecutable, ["run", "--once", "--root", root, "--interval", "0",
                                                                       "--clock", "2026-09-20T09:00:00Z", "--metrics", root + "/facteur.prom"])
        #expect(run.status == 0)
        let text = try String(contentsOfFile: root + "/facteur.prom", encoding: .utf8)
        let samples = Dictionary(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> (String, String)? in
            guard let space = line.lastIndex(of: " ") else { return nil }
            return (String(line[..<space]), String(line[line.index(after: space)...]))
        }, uniquingKeysWith: { a, _ in a })
        // mixed-rejections, as its expected reports say: 11 flows, 2 IN_INTEGRE, 9 IN_REJETE, one DOUBLON among the reasons.
        let reports = FileManager.default.enumerator(atPath: root + "/outbox")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".report.json") } ?? []
        #expect(reports.count == 11)
        #expect(samples["facteur_invoices_total{outcome=\"accepted\"}"] == "2")
        #expect(samples["facteur_invoices_total{outcome=\"rejected\"}"] == "9")
        #expect(samples["facteur_flows_total{channel=\"emitter\",status=\"IN_REJETE\"}"] == "9")
        #expect(samples["facteur_rejection_reasons_total{reason=\"DOUBLON\"}"] == "1")
        #expect(samples["facteur_flow_latency_seconds_count"] == "11")
        #expect(samples["facteur_flow_latency_seconds_bucket{le=\"+Inf\"}"] == "11")
        #expect(samples["facteur_paused"] == "0")
        #expect(!FileManager.default.fileExists(atPath: root + "/.facteur.prom.tmp"))
        if let promtool = Self.promtool {
            let checked = try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "\"\(promtool.path)\" check metrics < \"\(root)/facteur.prom\""])
            #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        }
    }

    /// A root with the test directory imported and an empty emitter inbox for connection SUP1; the
    /// all-accepted batch's invoices, to drop in it.
    static func emptyRoot() throws -> (root: String, invoices: [String]) {
        let root = try SharedFiles.temporaryDirectory("facteur-service").path
        let package = SharedFiles.packageRoot.path
        try FileManager.default.createDirectory(atPath: root + "/inbox/emitter/SUP1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/inbox/receiver", withIntermediateDirectories: true)
        #expect(try ProcessRunner.run(SharedFiles.facteurExecutable, ["directory", "import", package + "/Fixtures/batches/all-accepted/directory",
                                                                      "--root", root]).status == 0)
        let batch = package + "/Fixtures/batches/all-accepted/inbox/emitter/SUP1"
        let invoices = try FileManager.default.contentsOfDirectory(atPath: batch).sorted().map { batch + "/" + $0 }
        return (root, invoices)
    }

    /// Drops `file` in the inbox the courteous way: written under a temporary name, then renamed.
    static func drop(_ file: String, in root: String) throws {
        let name = (file as NSString).lastPathComponent
        let temporary = root + "/inbox/emitter/SUP1/." + name + ".tmp"
        try FileManager.default.copyItem(atPath: file, toPath: temporary)
        #expect(rename(temporary, root + "/inbox/emitter/SUP1/" + name) == 0)
    }

    static func queueDepth(_ metrics: String) -> Int? {
        guard let text = try? String(contentsOfFile: metrics, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("facteur_queue_depth ") }.flatMap { Int($0.split(separator: " ")[1]) }
    }

    /// flows.md takes a file once unchanged between two looks an interval apart; inotify makes the
    /// first look as the file arrives, so that it is taken one interval later, not up to two.
    @Test("inotify: a file arriving wakes the waiting daemon at once, and it is taken one interval later")
    func inotifyWakes() throws {
        let (root, invoices) = try Self.emptyRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let metrics = root + "/facteur.prom"
        let daemon = try Self.startDaemon(root: root, options: ["--interval", "4", "--metrics", metrics])
        defer { if daemon.isRunning { daemon.terminate() } }
        #expect(Self.eventually(30) { Self.queueDepth(metrics) == 0 }, "no first pass")
        usleep(300_000)
        try Self.drop(invoices[0], in: root)
        let dropped = Date()
        // Seen at once (a pass published the file waiting), long before the 4-second poll would.
        #expect(Self.eventually(1.5) { Self.queueDepth(metrics) == 1 }, "the arrival did not wake the daemon")
        #expect(Self.eventually(10) { Self.reports(root) == 1 })
        let taken = Date().timeIntervalSince(dropped)
        #expect(taken >= 4 && taken < 5.5, "taken \(taken) s after it arrived, with an interval of 4 s")
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.eventually(30) { !daemon.isRunning })
    }

    /// SIGHUP: the configuration file read again (with the command line's flags over it), the
    /// directory files imported if they changed; a configuration with problems is refused and the
    /// one in force kept. systemd is told RELOADING=1, then READY=1.
    @Test("SIGHUP reloads the configuration and the changed directory files; a broken configuration is refused and work goes on")
    func reloadOnSIGHUP() throws {
        let (root, invoices) = try Self.emptyRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let package = SharedFiles.packageRoot.path
        let directory = root + "/directory-files"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in ["structures.csv", "services.csv"] {
            try FileManager.default.copyItem(atPath: package + "/Fixtures/batches/all-accepted/directory/" + name, toPath: directory + "/" + name)
        }
        let config = root + "/facteur.json"
        func configure(_ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: config)) }
        try configure(#"{"directory": "directory-files", "interval": 0.1, "log": {"format": "logfmt"}}"#)
        let log = root + "/daemon.log"
        func logged() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        func count(_ text: String) -> Int { logged().components(separatedBy: text).count - 1 }
        let socket = try NotifySocket(path: root + "/notify")
        let daemon = try Self.startDaemon(root: root, log: log, environment: ["NOTIFY_SOCKET": socket.path], options: ["--config", config])
        defer { if daemon.isRunning { daemon.terminate() } }
        var messages: [String] = []
        #expect(socket.wait(for: "READY=1", seconds: 30, into: &messages))
        // The files are those imported already (same bytes): not imported again.
        #expect(count("event=directory-imported") == 0, "\(logged())")
        try Self.drop(invoices[0], in: root)
        #expect(Self.eventually(30) { Self.reports(root) == 1 })

        // New settings, new directory files: both taken.
        try configure(#"{"directory": "directory-files", "interval": 0.1, "log": {"format": "json"}, "cppstatut": ["SUP1"]}"#)
        // The batch's directory of round 3: the Armées made inactive.
        try FileManager.default.removeItem(atPath: directory + "/structures.csv")
        try FileManager.default.copyItem(atPath: package + "/Fixtures/batches/receiver-statuses/directory-3/structures.csv",
                                         toPath: directory + "/structures.csv")
        kill(daemon.processIdentifier, SIGHUP)
        #expect(socket.wait(for: "RELOADING=1", seconds: 30, into: &messages), "\(messages)")
        #expect(socket.wait(for: "READY=1", seconds: 30, into: &messages), "\(messages)")
        #expect(Self.eventually(10) { logged().contains(#""event":"reloaded","changed":"cppstatut,log.format""#) }, "\(logged())")
        #expect(logged().contains(#""event":"directory-imported","folder":"#), "\(logged())")

        // A broken file: refused, said why, and the daemon goes on with what it had.
        try configure(#"{"interval": 0.1, "colour": "blue"}"#)
        kill(daemon.processIdentifier, SIGHUP)
        #expect(Self.eventually(10) { logged().contains(#""event":"reload-refused""#) && logged().contains("unknown key") }, "\(logged())")
        try Self.drop(invoices[1], in: root)
        #expect(Self.eventually(30) { Self.reports(root) == 2 })
        kill(daemon.processIdentifier, SIGTERM)
        #expect(Self.eventually(30) { !daemon.isRunning })
        #expect(daemon.terminationStatus == 0)
        // Each flow's log line says how long it took.
        #expect(logged().contains("event=flow flow=FLX-2026-0000001 channel=emitter connection=SUP1"), "\(logged())")
        #expect(logged().range(of: #"duration_ms=[0-9]+\.[0-9]"#, options: .regularExpression) != nil)
    }

    /// A one-shot run shows its progress on a terminal (a pseudo-terminal made by script(1)) and
    /// nothing of it when its standard error is a file.
    @Test("run --once shows count, rate and time left on a terminal, and nothing of it otherwise")
    func progressOnATerminal() throws {
        let (root, invoices) = try Self.emptyRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for invoice in invoices { try Self.drop(invoice, in: root) }
        let command = [SharedFiles.facteurExecutable.path, "run", "--once", "--root", root, "--interval", "0", "--group-size", "2",
                       "--clock", "2026-09-20T09:00:00Z", "--log-level", "warning"]
        let script = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/script"),
                                           ["-qec", command.joined(separator: " "), "/dev/null"], timeout: 60)
        #expect(script.status == 0, "\(script.stdout)\(script.stderr)")
        #expect(script.stdout.contains("\r\u{1B}[Kfacteur: 6 of 6 flows"), "\(String(reflecting: script.stdout))")
        #expect(script.stdout.hasSuffix("\r\u{1B}[K"), "the line is cleared at the end: \(String(reflecting: script.stdout))")
        #expect(Self.reports(root) == 6)

        let (other, _) = try Self.emptyRoot()
        defer { try? FileManager.default.removeItem(atPath: other) }
        for invoice in invoices { try Self.drop(invoice, in: other) }
        let plain = try ProcessRunner.run(SharedFiles.facteurExecutable, ["run", "--once", "--root", other, "--interval", "0", "--group-size", "2",
                                                                          "--clock", "2026-09-20T09:00:00Z"])
        #expect(plain.status == 0 && Self.reports(other) == 6)
        #expect(!plain.stderr.contains("\u{1B}") && !plain.stderr.contains(" of 6 flows"))
    }
}
