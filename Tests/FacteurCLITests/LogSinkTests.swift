@testable import FacteurCLI
import Foundation
import Testing

@Suite("Log lines")
struct LogSinkTests {
    static let line = #"level=warning event=set-aside file="inbox/emitter/a \"b\".xml" kind=symlink message="not opened: only\nregular files""#

    @Test("logfmt lines read back as their pairs, quotes and escapes undone")
    func pairs() {
        let pairs = LogSink.pairs(Self.line)
        #expect(pairs.map(\.key) == ["level", "event", "file", "kind", "message"])
        #expect(pairs.map(\.value) == ["warning", "set-aside", #"inbox/emitter/a "b".xml"#, "symlink", "not opened: only\nregular files"])
    }

    @Test("as JSON, one object per line with the same pairs; levels under the minimum are left out")
    func jsonAndLevels() throws {
        let json = try #require(LogSink(format: .json, minimum: .info).render(Self.line))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(object == ["level": "warning", "event": "set-aside", "file": #"inbox/emitter/a "b".xml"#, "kind": "symlink",
                           "message": "not opened: only\nregular files"])
        #expect(!json.contains("\n"))
        #expect(LogSink(format: .logfmt, minimum: .warning).render(Self.line) == Self.line)
        #expect(LogSink(format: .logfmt, minimum: .error).render(Self.line) == nil)
        #expect(LogSink(format: .logfmt, minimum: .warning).render("level=info event=run flows=3") == nil)
    }
}

@Suite("Progress line")
struct ProgressLineTests {
    @Test("count, rate and time left, worked out by hand")
    func text() {
        #expect(ProgressLine.text(done: 1_200, total: 10_000, seconds: 1) == "facteur: 1,200 of 10,000 flows  1,200 flows/s  about 8 s left")
        #expect(ProgressLine.text(done: 0, total: 50, seconds: 0) == "facteur: 0 of 50 flows")
        #expect(ProgressLine.text(done: 50, total: 50, seconds: 2) == "facteur: 50 of 50 flows  25 flows/s")
        #expect(ProgressLine.text(done: 1_000, total: 1_001_000, seconds: 1) == "facteur: 1,000 of 1,001,000 flows  1,000 flows/s  about 16 min 40 s left")
        #expect(ProgressLine.duration(3_700) == "1 h 1 min")
        #expect(ProgressLine.grouped(999) == "999" && ProgressLine.grouped(1_000) == "1,000" && ProgressLine.grouped(-12_345) == "-12,345")
    }

    @Test("drawn at most five times a second, always at the end, cleared; nothing when not on a terminal")
    func drawing() {
        final class Written: @unchecked Sendable { var text = "" }
        let written = Written()
        let console = Console(out: { _ in }, err: { written.text += $0 })
        let line = ProgressLine(console: console, enabled: true)
        line.update(done: 10, total: 30, now: 100)
        line.update(done: 20, total: 30, now: 100.1)
        line.update(done: 30, total: 30, now: 100.15)
        line.clear()
        #expect(written.text == "\r\u{1B}[Kfacteur: 10 of 30 flows" + "\r\u{1B}[Kfacteur: 30 of 30 flows  200 flows/s" + "\r\u{1B}[K")
        let quiet = ProgressLine(console: console)
        written.text = ""
        quiet.update(done: 1, total: 1)
        quiet.clear()
        #expect(written.text.isEmpty && !quiet.enabled)
    }
}
