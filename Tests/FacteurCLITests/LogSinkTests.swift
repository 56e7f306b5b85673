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
