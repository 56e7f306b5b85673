import FacteurModel
import Testing

@Suite("ExactDecimal")
struct ExactDecimalTests {
    @Test("parses xs:decimal lexical values, keeping the scale", arguments: [
        ("10.50", "10.50", 2),
        ("+007", "7", 0),
        ("-0.001", "-0.001", 3),
        (" 19.9\n", "19.9", 1),
        ("1.", "1", 0),
        (".5", "0.5", 1),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678", 0),
    ])
    func parses(lexical: String, canonical: String, scale: Int) throws {
        let value = try #require(ExactDecimal(parsing: lexical))
        #expect(value.description == canonical)
        #expect(value.scale == scale)
    }

    @Test("refuses what is not an xs:decimal", arguments: [
        "", " ", "-", "+", ".", "1,5", "1e3", "1.2.3", "0x10", "12 34", "NaN", "INF", "١٢",
        "123456789012345678901234567890123456789012",  // over 38 digits
    ])
    func refuses(lexical: String) {
        #expect(ExactDecimal(parsing: lexical) == nil)
    }

    @Test func equalityIsByValue() throws {
        let a = try #require(ExactDecimal(parsing: "1.0"))
        let b = try #require(ExactDecimal(parsing: "1.00"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(ExactDecimal(parsing: "-0.01")! < ExactDecimal.zero)
        #expect(ExactDecimal(parsing: "2")! > ExactDecimal(parsing: "1.999999")!)
    }

    @Test func arithmeticIsExact() throws {
        // 0.1 + 0.2 is 0.3 exactly, which binary floating point does not give.
        func d(_ text: String) throws -> ExactDecimal { try #require(ExactDecimal(parsing: text)) }
        let sum = try #require(try d("0.1").adding(d("0.2")))
        #expect(sum == ExactDecimal(parsing: "0.3"))
        #expect(sum.description == "0.3")
        let product = try #require(try d("9.95").multiplied(by: d("2")))
        #expect(product.description == "19.90")
        let difference = try #require(try d("100").subtracting(d("100.01")))
        #expect(difference.description == "-0.01")
    }

    @Test func overflowIsReportedNotTrapped() throws {
        let big = try #require(ExactDecimal(parsing: "99999999999999999999999999999999999999"))
        #expect(big.adding(big) == nil)
        #expect(big.multiplied(by: big) == nil)
        // Comparing values whose common scale overflows still works.
        let tiny = try #require(ExactDecimal(parsing: "0.00000000000000000000000000000000000001"))
        #expect(tiny < big)
        #expect(big > tiny)
    }

    @Test("rounds like XPath round(): halves towards positive infinity", arguments: [
        ("2.345", 2, "2.35"),
        ("2.344", 2, "2.34"),
        ("-2.345", 2, "-2.34"),
        ("-2.346", 2, "-2.35"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-2"),
        ("10", 2, "10"),
        ("0.005", 2, "0.01"),
        ("-0.005", 2, "0.00"),
    ])
    func rounding(lexical: String, places: Int, expected: String) throws {
        let value = try #require(ExactDecimal(parsing: lexical))
        #expect(value.roundedXPath(places: places).description == expected)
    }
}
