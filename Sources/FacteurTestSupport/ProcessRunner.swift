import Foundation
import Glibc

/// Runs a program to completion and reports its exit status, output, peak memory and duration,
/// for tests that must show a bound on time and memory (hostile inputs) through the real binary.
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Peak resident set size of the child, in KiB (`ru_maxrss` from `wait4`).
        public var maxRSSKiB: Int
        public var seconds: Double
    }

    public enum Failure: Error { case spawn(Int32), wait(Int32), timeout(String) }

    /// - Parameter timeout: the child is killed with SIGKILL after this many seconds and the call throws.
    public static func run(_ executable: URL, _ arguments: [String], timeout: Double = 60) throws -> Result {
        let folder = try SharedFiles.temporaryDirectory("facteur-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure.spawn(spawned) }

        var status: Int32 = 0
        var usage = rusage()
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            if r < 0, errno != EINTR { throw Failure.wait(errno) }
            if Date().timeIntervalSince(start) > timeout {
                kill(pid, SIGKILL)
                _ = wait4(pid, &status, 0, &usage)
                throw Failure.timeout("\(executable.lastPathComponent) \(arguments) ran over \(timeout) s")
            }
            usleep(2_000)
        }
        let seconds = Date().timeIntervalSince(start)
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(
            status: exitStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            maxRSSKiB: Int(usage.ru_maxrss),
            seconds: seconds)
    }
}
