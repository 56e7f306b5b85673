import FacteurFlow
import Glibc

/// The progress of a long one-shot run (`run --once`, `replay`) on a terminal: one line on standard
/// error, rewritten in place at most five times a second, with the count, the rate and the time
/// left; cleared before a log line and at the end. Not on a terminal (a pipe, the journal, CI), it
/// prints nothing.
final class ProgressLine {
    private let write: (String) -> Void
    let enabled: Bool
    private var started: Double?
    private var lastDrawn = 0.0
    private var shown = false

    /// `enabled` nil: when the console's standard error is a terminal.
    init(console: Console, enabled: Bool? = nil) {
        write = console.err
        self.enabled = enabled ?? console.errIsTerminal
    }

    /// After a group: `done` of `total` flows decided in this pass.
    func update(done: Int, total: Int, now: Double = monotonicSeconds()) {
        guard enabled else { return }
        let started = self.started ?? now
        self.started = started
        guard done >= total || now - lastDrawn >= 0.2 else { return }
        lastDrawn = now
        write("\r\u{1B}[K" + Self.text(done: done, total: total, seconds: now - started))
        shown = true
        if done >= total { self.started = nil }
    }

    /// Clears the line (before a log line, and at the end).
    func clear() {
        guard shown else { return }
        write("\r\u{1B}[K")
        shown = false
    }

    /// `1,200 of 10,000 flows  1,130 flows/s  about 8 s left`.
    static func text(done: Int, total: Int, seconds: Double) -> String {
        var text = "facteur: \(grouped(done)) of \(grouped(total)) flows"
        guard seconds > 0.05, done > 0 else { return text }
        let rate = Double(done) / seconds
        text += "  \(grouped(Int(rate.rounded()))) flows/s"
        if done < total { text += "  about \(duration(Double(total - done) / rate)) left" }
        return text
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
