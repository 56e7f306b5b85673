import Testing

/// Business rules in CII (VAT categories, split payment, credit transfer), which the official unit
/// tests (written in UBL) do not exercise: edits of the French CII fixture, each read against the
/// CII binding's contexts and arithmetic.
@Suite("Business rules in CII")
struct CIIBusinessRuleTests {
    static func firings(_ edits: [(String, String)], _ prefix: String) throws -> [String: Int] {
        try EditedFixture.firings("fr-b2g-full.cii.xml", edits, rulesStartingWith: prefix)
    }

    @Test func theFixtureIsSilent() throws {
        #expect(try Self.firings([], "BR-") == [:])
    }

    @Test func standardRateNeedsASellerTaxIdentifierOnEveryUse() throws {
        // No VAT (VA) or tax registration (FC) identifier left for the seller or its representative:
        // each S line (2), allowance (1) and charge (1) is a context of its own.
        let firings = try Self.firings([
            ("<ram:ID schemeID=\"VA\">FR32412345670</ram:ID>", "<ram:ID schemeID=\"XX\">FR32412345670</ram:ID>"),
            ("<ram:ID schemeID=\"FC\">FC-0042-LYON</ram:ID>", "<ram:ID schemeID=\"XX\">FC-0042-LYON</ram:ID>"),
            ("<ram:ID schemeID=\"VA\">FR84998877665</ram:ID>", "<ram:ID schemeID=\"XX\">FR84998877665</ram:ID>"),
        ], "BR-S-")
        #expect(firings == ["BR-S-02": 2, "BR-S-03": 1, "BR-S-04": 1])
    }

    @Test func standardRateTaxableAmountIsExactPerRate() throws {
        // 845.00 instead of 844.00 at 20 %: BR-S-08 is exact; BR-S-09 (round(845 × 20) / 100 = 169.00
        // against 168.80) is within one unit.
        let firings = try Self.firings([("<ram:BasisAmount>844.00</ram:BasisAmount>", "<ram:BasisAmount>845.00</ram:BasisAmount>")], "BR-S-")
        #expect(firings == ["BR-S-08": 1])
    }

    @Test func standardRateTaxAmountWithinOneUnit() throws {
        let firings = try Self.firings([("<ram:CalculatedAmount>168.80<", "<ram:CalculatedAmount>170.00<")], "BR-S-")
        #expect(firings == ["BR-S-09": 1])
    }

    @Test func pointDateAndCodeFireOnEveryBreakdown() throws {
        // CII asserts BR-CO-03 on each VAT breakdown: two breakdowns, two findings.
        let firings = try Self.firings([
            ("<ram:RateApplicablePercent>20</ram:RateApplicablePercent>\n      </ram:ApplicableTradeTax>",
             "<ram:DueDateTypeCode>5</ram:DueDateTypeCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent>\n      </ram:ApplicableTradeTax>"),
        ], "BR-CO-03")
        #expect(firings == ["BR-CO-03": 2])
    }

    @Test func notSubjectToVATExcludesEverythingElse() throws {
        // The 5.5 % breakdown turned into O: no line, allowance or charge uses O (-01), its taxable
        // amount is not their sum (-08), it has tax (-09) and no exemption reason (-10), and S taxes
        // remain on breakdowns, lines, allowances and charges (-11..-14).
        let firings = try Self.firings([
            ("<ram:BasisAmount>50.00</ram:BasisAmount>\n        <ram:CategoryCode>S</ram:CategoryCode>",
             "<ram:BasisAmount>50.00</ram:BasisAmount>\n        <ram:CategoryCode>O</ram:CategoryCode>"),
        ], "BR-O-")
        #expect(firings == ["BR-O-01": 1, "BR-O-08": 1, "BR-O-09": 1, "BR-O-10": 1, "BR-O-11": 1, "BR-O-12": 1, "BR-O-13": 1, "BR-O-14": 1])
    }

    @Test func splitPaymentReadsEveryCategoryAndCountry() throws {
        // A breakdown in category B, in a French invoice that also uses S: both BR-B rules, once each.
        let firings = try Self.firings([
            ("<ram:BasisAmount>50.00</ram:BasisAmount>\n        <ram:CategoryCode>S</ram:CategoryCode>",
             "<ram:BasisAmount>50.00</ram:BasisAmount>\n        <ram:CategoryCode>B</ram:CategoryCode>"),
        ], "BR-B-")
        #expect(firings == ["BR-B-01": 1, "BR-B-02": 1])
    }

    @Test func creditTransferAccountNeedsAnIdentifier() throws {
        // Payment means 30 with a payee account that has neither ram:IBANID nor ram:ProprietaryID.
        let firings = try Self.firings([("<ram:IBANID>", "<ram:AccountName>"), ("</ram:IBANID>", "</ram:AccountName>")], "BR-")
        #expect(firings["BR-50"] == 1)
        #expect(firings["BR-61"] == 1)
    }
}
