import Testing

/// The code list rules on CII, which the official unit tests (written in UBL) do not exercise: edits
/// of the French CII fixture, each read against the context the CII binding gives its rule.
@Suite("Code lists in CII")
struct CIICodeListRuleTests {
    static func firings(_ edits: [(String, String)]) throws -> [String: Int] {
        try EditedFixture.firings("fr-b2g-full.cii.xml", edits, rulesStartingWith: "BR-CL-")
    }

    @Test func theFixtureIsSilent() throws {
        #expect(try Self.firings([]) == [:])
    }

    @Test func valuesOutsideTheirLists() throws {
        let firings = try Self.firings([
            ("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>999</ram:TypeCode>"),
            ("<ram:CountryID>FR</ram:CountryID>", "<ram:CountryID>XX</ram:CountryID>"),
            ("<ram:BilledQuantity unitCode=\"H87\">", "<ram:BilledQuantity unitCode=\"PIECE\">"),
            ("<ram:TypeCode>30</ram:TypeCode>", "<ram:TypeCode>3O</ram:TypeCode>"),
            ("mimeCode=\"application/pdf\"", "mimeCode=\"application/zip\""),
        ])
        #expect(firings == ["BR-CL-01": 1, "BR-CL-14": 1, "BR-CL-23": 1, "BR-CL-16": 1, "BR-CL-24": 1])
    }

    @Test func identifierSchemesByWhereTheyStand() throws {
        let firings = try Self.firings([
            // An item's standard identifier (BR-CL-21), the deliver-to location (BR-CL-26), the seller (BR-CL-10).
            ("<ram:GlobalID schemeID=\"0160\">", "<ram:GlobalID schemeID=\"GTIN\">"),
            ("<ram:GlobalID schemeID=\"0088\">", "<ram:GlobalID schemeID=\"GLN\">"),
            ("<ram:GlobalID schemeID=\"0009\">", "<ram:GlobalID schemeID=\"SIRET\">"),
            // An electronic address scheme outside the EAS list (BR-CL-25).
            ("<ram:URIID schemeID=\"0225\">", "<ram:URIID schemeID=\"EMAIL\">"),
        ])
        #expect(firings == ["BR-CL-21": 1, "BR-CL-26": 1, "BR-CL-10": 1, "BR-CL-25": 1])
    }

    @Test func reasonCodesFollowTheChargeIndicator() throws {
        // 95 is an allowance reason (UNCL 5189), ABK a charge reason (UNCL 7161): swapped, both fail.
        let firings = try Self.firings([
            ("<ram:ReasonCode>ABK</ram:ReasonCode>", "<ram:ReasonCode>95</ram:ReasonCode>"),
            ("<ram:ReasonCode>95</ram:ReasonCode>", "<ram:ReasonCode>ABK</ram:ReasonCode>"),
        ])
        #expect(firings == ["BR-CL-19": 1, "BR-CL-20": 1])
    }
}
