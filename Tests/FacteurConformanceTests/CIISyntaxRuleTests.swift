import Testing

/// The CII syntax rules, on edits of the French CII fixture read against the compiled CII artefact:
/// each context element that fails a test gives one finding, with the catalogue's severity.
@Suite("CII syntax rules")
struct CIISyntaxRuleTests {
    static func firings(_ edits: [(String, String)]) throws -> [String: Int] {
        try EditedFixture.firings("fr-b2g-full.cii.xml", edits, rulesStartingWith: "CII-")
    }

    @Test func theFixtureIsSilent() throws {
        #expect(try Self.firings([]) == [:])
    }

    @Test func unusedElementsOncePerContextElement() throws {
        let firings = try Self.firings([
            ("<rsm:ExchangedDocumentContext>", "<rsm:ExchangedDocumentContext><ram:TestIndicator><udt:Indicator>true</udt:Indicator></ram:TestIndicator>"),
            ("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>380</ram:TypeCode><ram:CopyIndicator><udt:Indicator>false</udt:Indicator></ram:CopyIndicator>"),
            // A trade name on both products: one finding per line.
            ("<ram:SpecifiedTradeProduct>", "<ram:SpecifiedTradeProduct><ram:TradeName>A</ram:TradeName>"),
            ("<ram:SpecifiedTradeProduct>\n", "<ram:SpecifiedTradeProduct>\n<ram:TradeName>B</ram:TradeName>"),
        ])
        #expect(firings == ["CII-SR-002": 1, "CII-SR-016": 1, "CII-SR-049": 2])
    }

    @Test func requiredElementsAndSchemes() throws {
        let firings = try Self.firings([
            // A second type code (CII-SR-014, fatal) and a product identifier without scheme (CII-SR-046, fatal).
            ("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>380</ram:TypeCode><ram:TypeCode>380</ram:TypeCode>"),
            ("<ram:GlobalID schemeID=\"0160\">", "<ram:GlobalID>"),
        ])
        #expect(firings == ["CII-SR-014": 1, "CII-SR-046": 1])
    }

    @Test func originCountryNeedsExactlyOneIdentifier() throws {
        // The origin country given twice with its identifier: two IDs, CII-SR-090 (fatal), once for that
        // product. (Another empty origin country would not fire: the count is over the whole product.)
        let firings = try Self.firings([
            ("<ram:SpecifiedTradeProduct>", "<ram:SpecifiedTradeProduct><ram:OriginTradeCountry><ram:ID>DE</ram:ID></ram:OriginTradeCountry>"),
        ])
        #expect(firings == ["CII-SR-090": 1])
    }

    @Test func lineAgreementAndDelivery() throws {
        let firings = try Self.firings([
            // A buyer reference on the first line's agreement, a ship-to party on its delivery.
            ("<ram:SpecifiedLineTradeAgreement>", "<ram:SpecifiedLineTradeAgreement><ram:BuyerReference>R</ram:BuyerReference>"),
            ("<ram:SpecifiedLineTradeDelivery>", "<ram:SpecifiedLineTradeDelivery><ram:ShipToTradeParty/>"),
            // A second net price amount on the first line: CII-SR-439 (= 1, fatal) and CII-SR-441 (<= 1).
            ("</ram:NetPriceProductTradePrice>\n", "<ram:ChargeAmount>1.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>\n"),
        ])
        #expect(firings == ["CII-SR-104": 1, "CII-SR-164": 1, "CII-SR-439": 1, "CII-SR-441": 1])
    }

    @Test func settlementAgreementAndDeliveryOfTheHeader() throws {
        let firings = try Self.firings([
            ("<ram:SpecifiedLineTradeSettlement>", "<ram:SpecifiedLineTradeSettlement><ram:PaymentReference>P</ram:PaymentReference>"),
            ("<ram:SellerTradeParty>", "<ram:SellerTradeParty><ram:RoleCode>SE</ram:RoleCode>"),
            ("<ram:ShipToTradeParty>", "<ram:ShipToTradeParty><ram:RoleCode>DP</ram:RoleCode>"),
            ("<ram:ApplicableHeaderTradeSettlement>", "<ram:ApplicableHeaderTradeSettlement><ram:PaymentCurrencyCode>EUR</ram:PaymentCurrencyCode>"),
            ("<ram:SpecifiedTradeSettlementHeaderMonetarySummation>",
             "<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:InformationAmount>1.00</ram:InformationAmount>"),
        ])
        #expect(firings == ["CII-SR-178": 1, "CII-SR-222": 1, "CII-SR-309": 1, "CII-SR-344": 1, "CII-SR-411": 1])
    }

    @Test func documentContextParametersByTheirNameSuffix() throws {
        // A value on the business process and on the guideline parameters: one CII-SR-04 each.
        let firings = try Self.firings([
            ("<ram:ID>B1</ram:ID>", "<ram:ID>B1</ram:ID><ram:Value>x</ram:Value>"),
            ("<ram:ID>urn:cen.eu:en16931:2017</ram:ID>", "<ram:ID>urn:cen.eu:en16931:2017</ram:ID><ram:Value>y</ram:Value>"),
        ])
        #expect(firings == ["CII-SR-04": 2])
    }

    @Test func dataTypesOfIdentifiersAmountsAndAddresses() throws {
        let firings = try Self.firings([
            // A currency on a line amount (only the VAT total carries one: CII-DT-031, fatal).
            ("<ram:LineTotalAmount>", "<ram:LineTotalAmount currencyID=\"EUR\">"),
            // A scheme name on the invoice number (CII-DT-001, fatal).
            ("<ram:ID>FA-2026-000123</ram:ID>", "<ram:ID schemeName=\"N\">FA-2026-000123</ram:ID>"),
            // A building name in the first postal address (CII-DT-084) and a period description (CII-DT-071).
            ("<ram:PostalTradeAddress>", "<ram:PostalTradeAddress><ram:BuildingName>B</ram:BuildingName>"),
            ("<ram:BillingSpecifiedPeriod>", "<ram:BillingSpecifiedPeriod><ram:Description>D</ram:Description>"),
        ])
        #expect(firings == ["CII-DT-031": 1, "CII-DT-001": 1, "CII-DT-084": 1, "CII-DT-071": 1])
    }

    @Test func tradeTaxesAsTheirDataTypeAllows() throws {
        let firings = try Self.firings([
            // The first line's tax (the first ApplicableTradeTax of the document) with a basis amount,
            // allowed in the header only (CII-DT-041), and a tax scheme other than VAT (CII-DT-037, fatal).
            ("<ram:ApplicableTradeTax>\n          <ram:TypeCode>VAT</ram:TypeCode>",
             "<ram:ApplicableTradeTax>\n          <ram:TypeCode>GST</ram:TypeCode><ram:BasisAmount>1.00</ram:BasisAmount>"),
            // An exemption reason code on a document allowance's tax (CII-DT-052): allowed on ApplicableTradeTax only.
            ("<ram:CategoryTradeTax>\n          <ram:TypeCode>VAT</ram:TypeCode>",
             "<ram:CategoryTradeTax>\n          <ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReasonCode>VATEX-EU-G</ram:ExemptionReasonCode>"),
        ])
        #expect(firings == ["CII-DT-037": 1, "CII-DT-041": 1, "CII-DT-052": 1])
    }

    @Test func referencedDocumentsByTheirTypeCode() throws {
        // A name is allowed on a supporting document (916), not on the invoiced object (130): CII-DT-021.
        let firings = try Self.firings([
            ("<ram:TypeCode>130</ram:TypeCode>\n        <ram:ReferenceTypeCode>AAA</ram:ReferenceTypeCode>",
             "<ram:TypeCode>130</ram:TypeCode>\n        <ram:ReferenceTypeCode>AAA</ram:ReferenceTypeCode><ram:Name>N</ram:Name>"),
        ])
        #expect(firings == ["CII-DT-021": 1])
    }

    @Test func datesInFormat102AreEightDigits() throws {
        // The issue date written with dashes under format 102: CII-DT-097 (fatal), once.
        let firings = try Self.firings([("format=\"102\">20260915<", "format=\"102\">2026-09-15<")])
        #expect(firings == ["CII-DT-097": 1])
    }
}
