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
        let daemon = Process()
        daemon.executableURL = SharedFiles.facteurExecutable
        daemon.arguments = ["run", "--root", root, "--interval", "0.1", "--clock", "2026-09-20T09:00:00Z"]
        daemon.currentDirectoryURL = SharedFiles.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socket.path
        environment["WATCHDOG_USEC"] = "200000"
        environment.removeValue(forKey: "WATCHDOG_PID")
        daemon.environment = environment
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        defer { if daemon.isRunning { daemon.terminate() } }

        var messages: [String] = []
        #expect(socket.wait(for: "READY=1", seconds: 60, into: &messages), "\(messages)")
        #expect(socket.wait(for: "WATCHDOG=1", seconds: 30, into: &messages), "\(messages)")
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
}
