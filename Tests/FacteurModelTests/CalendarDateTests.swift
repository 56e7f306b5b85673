import FacteurModel
import Testing

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test func readsBothSyntaxes() throws {
        let ubl = try #require(CalendarDate(xsDate: "2026-09-01"))
        let cii = try #require(CalendarDate(format102: "20260901"))
        #expect(ubl == cii)
        #expect(ubl.description == "2026-09-01")
        #expect(CalendarDate(xsDate: "2026-09-01Z") == ubl)
        #expect(CalendarDate(xsDate: "2026-09-01+02:00") == ubl)
    }

    @Test("refuses impossible or malformed dates", arguments: [
        "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-09-01", "2026/09/01", "2026-09-01T10:00:00",
        "2026-09-01+25:00", "",
    ])
    func refusesXSDate(text: String) {
        #expect(CalendarDate(xsDate: text) == nil)
    }

    @Test func leapYears() {
        #expect(CalendarDate(xsDate: "2024-02-29") != nil)
        #expect(CalendarDate(xsDate: "2000-02-29") != nil)
        #expect(CalendarDate(xsDate: "1900-02-29") == nil)
        #expect(CalendarDate(format102: "20240229") != nil)
        #expect(CalendarDate(format102: "2024022") == nil)
        #expect(CalendarDate(format102: "202402291") == nil)
    }
}
