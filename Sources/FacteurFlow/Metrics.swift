import Glibc

/// A latency histogram with fixed buckets (seconds), as Prometheus reads one: cumulative counts per
/// upper bound, the sum and the count.
public struct LatencyHistogram: Sendable, Equatable {
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Observations at or under each bound (not cumulative here), and above the last.
    public var counts = [Int](repeating: 0, count: LatencyHistogram.bounds.count + 1)
    public var sum = 0.0
    public var count = 0

    public init() {}

    public mutating func observe(_ seconds: Double, times: Int = 1) {
        let index = Self.bounds.firstIndex { seconds <= $0 } ?? Self.bounds.count
        counts[index] += times
        sum += seconds * Double(times)
        count += times
    }

    public mutating func add(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        sum += other.sum
        count += other.count
    }
}

/// What `facteur run` tells a monitoring system: counters since start, in the Prometheus text format,
/// written whole to a file at each pass (node_exporter's textfile collector convention: a temporary
/// file in the same folder, then a rename, so that a reader never sees half a file).
public struct MetricsFile {
    public var path: String
    public var totals = RunSummary()
    /// Flows seen in the inbox but not taken at the last pass (still being written).
    public var waiting = 0
    /// The wall-clock time of the last pass that ended without error (Unix seconds).
    public var lastSuccessfulPoll: Double?
    public var paused = false

    public init(path: String) {
        self.path = path
    }

    public var text: String {
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples { lines.append(name + (sample.labels.isEmpty ? "" : "{\(sample.labels)}") + " " + sample.value) }
        }
        func label(_ value: String) -> String {
            var escaped = ""
            for character in value {
                switch character {
                case "\\": escaped += "\\\\"
                case "\"": escaped += "\\\""
                case "\n": escaped += "\\n"
                default: escaped.append(character)
                }
            }
            return "\"\(escaped)\""
        }
        metric("facteur_flows_total", "counter", "Flows decided since start, by channel and flow status.",
               totals.flowStatuses.sorted { $0.key < $1.key }.map { key, count in
                   let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                   return ("channel=\(label(parts[0])),status=\(label(parts.count > 1 ? parts[1] : ""))", String(count))
               })
        metric("facteur_invoices_total", "counter", "Invoices judged since start, by outcome.",
               [("outcome=\"accepted\"", String(totals.accepted)), ("outcome=\"rejected\"", String(totals.rejected))])
        metric("facteur_rejection_reasons_total", "counter", "Reasons of platform rejections (213) and unreadable flows (501) since start.",
               totals.reasons.sorted { $0.key < $1.key }.map { ("reason=\(label($0.key))", String($0.value)) })
        metric("facteur_status_lines_total", "counter", "Status lines of receiver flows since start, by format, code asked and verdict.",
               totals.statusLines.sorted { $0.key < $1.key }.map { key, count in
                   let parts = key.split(separator: " ").map(String.init) + ["", "", ""]
                   return ("format=\(label(parts[0])),code=\(label(parts[1])),verdict=\(label(parts[2]))", String(count))
               })
        metric("facteur_queue_depth", "gauge", "Files in the inbox not taken at the last pass (still being written).", [("", String(waiting))])
        var cumulative = 0
        var buckets: [(String, String)] = []
        for (index, bound) in LatencyHistogram.bounds.enumerated() {
            cumulative += totals.latency.counts[index]
            buckets.append(("le=\"\(bound)\"", String(cumulative)))
        }
        buckets.append(("le=\"+Inf\"", String(totals.latency.count)))
        lines.append("# HELP facteur_flow_latency_seconds Time from the start of a flow's group to its outputs being durable.")
        lines.append("# TYPE facteur_flow_latency_seconds histogram")
        for (labels, value) in buckets { lines.append("facteur_flow_latency_seconds_bucket{\(labels)} \(value)") }
        lines.append("facteur_flow_latency_seconds_sum \(totals.latency.sum)")
        lines.append("facteur_flow_latency_seconds_count \(totals.latency.count)")
        metric("facteur_last_successful_poll_timestamp_seconds", "gauge", "When the last pass over the inbox ended without error.",
               [("", lastSuccessfulPoll.map { String(Int($0)) } ?? "0")])
        metric("facteur_paused", "gauge", "1 while processing is paused after a failure of the file system or the state.",
               [("", paused ? "1" : "0")])
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file whole: a temporary name in its folder, then a rename.
    public func write() throws {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = FileTree.folder(of: path) + "/." + name + ".tmp"
        try FileTree.write(Array(text.utf8), to: temporary)
        guard rename(temporary, path) == 0 else { throw FileError(path: path, doing: "rename into", code: errno) }
    }

    /// The wall clock, in Unix seconds.
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
