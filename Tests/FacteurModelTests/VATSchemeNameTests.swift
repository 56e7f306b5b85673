import FacteurModel
import Testing

/// The byte-level tax scheme test agrees with the bindings' XPath, `upper-case(x) = 'VAT'` and
/// `normalize-space(upper-case(x)) = 'VAT'`, written here with Swift's own character operations.
@Suite("VAT scheme name")
struct VATSchemeNameTests {
    private static func upperCaseIsVAT(_ value: String) -> Bool { value.uppercased() == "VAT" }

    private static func normalizedUpperCaseIsVAT(_ value: String) -> Bool {
        value.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: " ") == "VAT"
    }

    @Test("agrees with the XPath definition", arguments: [
        "VAT", "vat", "VaT", " VAT", "VAT\n", "\t vat \r\n", "V AT", "VATS", "VA", "", "   ",
        "GST", "TVA", "VAT\u{00A0}", "\u{00A0}VAT", "VAТ", "ＶＡＴ", "vät", "v\u{0301}at", "ǅat", "ﬆ", "VAT VAT",
    ])
    func agrees(value: String) {
        #expect(VATSchemeName.matches(value, normalizingSpace: false) == Self.upperCaseIsVAT(value))
        #expect(VATSchemeName.matches(value, normalizingSpace: true) == Self.normalizedUpperCaseIsVAT(value))
    }

    @Test func agreesOnEveryCaseAndSpacingOfTheLetters() {
        // Every mix of case, every single character around or between the letters.
        let around = ["", " ", "\t", "\n", "x", "é", "\u{00A0}"]
        for v in ["V", "v"] {
            for a in ["A", "a"] {
                for t in ["T", "t"] {
                    for before in around {
                        for after in around {
                            for value in ["\(before)\(v)\(a)\(t)\(after)", "\(v)\(before)\(a)\(t)", "\(v)\(a)\(after)\(t)"] {
                                #expect(VATSchemeName.matches(value, normalizingSpace: false) == Self.upperCaseIsVAT(value), "\(value)")
                                #expect(VATSchemeName.matches(value, normalizingSpace: true) == Self.normalizedUpperCaseIsVAT(value), "\(value)")
                            }
                        }
                    }
                }
            }
        }
    }
}
