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
        // Month 13 fails too; 31 February passes (the pattern checks ranges, not the calendar), and so
        // does white space around the digits.
        #expect(try Self.firings([("format=\"102\">20260915<", "format=\"102\">20261315<")]) == ["CII-DT-097": 1])
        #expect(try Self.firings([("format=\"102\">20260915<", "format=\"102\"> 20260231\n<")]) == [:])
    }

    // The rules below were added in releases 1.3.11 to 1.3.16; see CIISyntax+EN16931.swift for where
    // each text comes from.

    @Test func identifiersAndCodesByTheFirstRuleThatMatchesThem() throws {
        let firings = try Self.firings([
            // The invoice number is one of the four identifiers of the first ID rule: a scheme on it is
            // CII-DT-005, and the later `//ram:*ID` rule (CII-DT-101..104) does not see it.
            ("<ram:ID>FA-2026-000123</ram:ID>", "<ram:ID schemeID=\"X\" schemeName=\"N\">FA-2026-000123</ram:ID>"),
            // The seller's legal registration is any other identifier: CII-DT-101, not CII-DT-001.
            ("<ram:ID schemeID=\"0002\">412345670</ram:ID>", "<ram:ID schemeID=\"0002\" schemeName=\"SIREN\">412345670</ram:ID>"),
            // The invoice type code matches `//ram:TypeCode` first (CII-DT-008); the rule written for it
            // alone (CII-DT-010..012) never sees it, so its list identifier goes unreported, as upstream.
            ("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode listID=\"1001\" name=\"Facture\">380</ram:TypeCode>"),
        ])
        #expect(firings == ["CII-DT-001": 1, "CII-DT-005": 1, "CII-DT-101": 1, "CII-DT-008": 1])
    }

    @Test func namesTheTableNeverWritesStillMeetTheSuffixRules() throws {
        // `//ram:*ID` and `//ram:*Amount` take any name ending so, not only the names the rules write.
        let firings = try Self.firings([
            ("<ram:ID>FA-2026-000123</ram:ID>",
             "<ram:ID>FA-2026-000123</ram:ID><ram:ZZTrackingID schemeName=\"N\">7</ram:ZZTrackingID><ram:ZZFeeAmount currencyID=\"EUR\">1.00</ram:ZZFeeAmount>"),
        ])
        #expect(firings == ["CII-DT-101": 1, "CII-DT-031": 1])
    }

    @Test func partiesContactsAndDocumentsOfTheHeader() throws {
        let firings = try Self.firings([
            // An ID next to the GlobalID of the buyer (CII-SR-450), the deliver-to location (449) and
            // the payee (451): one identifier each, warnings.
            ("<ram:GlobalID schemeID=\"0009\">13000123300019</ram:GlobalID>", "<ram:ID>B-1</ram:ID><ram:GlobalID schemeID=\"0009\">13000123300019</ram:GlobalID>"),
            ("<ram:GlobalID schemeID=\"0088\">3012345000017</ram:GlobalID>", "<ram:ID>L-1</ram:ID><ram:GlobalID schemeID=\"0088\">3012345000017</ram:GlobalID>"),
            ("<ram:GlobalID schemeID=\"0009\">55667788800011</ram:GlobalID>", "<ram:ID>P-1</ram:ID><ram:GlobalID schemeID=\"0009\">55667788800011</ram:GlobalID>"),
            // A second seller contact (CII-SR-455, fatal), the first with a person and a department (465).
            ("<ram:DefinedTradeContact>\n          <ram:PersonName>Service facturation</ram:PersonName>",
             "<ram:DefinedTradeContact><ram:PersonName>Accueil</ram:PersonName></ram:DefinedTradeContact><ram:DefinedTradeContact>\n          <ram:PersonName>Service facturation</ram:PersonName><ram:DepartmentName>Comptabilité</ram:DepartmentName>"),
            // A second tender reference (type 50: CII-SR-457) and a second supporting document with its
            // description and attachment: the document has two of each (475, 476, which normalise the
            // code). Written " 916 ", the code is no '916' to the data-type rules, which compare it as
            // written: its type code, name and attachment are then not allowed (CII-DT-018, 021, 022).
            ("<ram:TypeCode>50</ram:TypeCode>\n      </ram:AdditionalReferencedDocument>",
             "<ram:TypeCode>50</ram:TypeCode>\n      </ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>AO-2026-08</ram:IssuerAssignedID><ram:TypeCode>50</ram:TypeCode></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>PLAN-3</ram:IssuerAssignedID><ram:TypeCode> 916 </ram:TypeCode><ram:Name>Plan</ram:Name><ram:AttachmentBinaryObject mimeCode=\"application/pdf\" filename=\"plan.pdf\">JVBERi0=</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>"),
        ])
        #expect(firings == ["CII-SR-449": 1, "CII-SR-450": 1, "CII-SR-451": 1, "CII-SR-455": 1, "CII-SR-457": 1,
                            "CII-SR-465": 1, "CII-SR-475": 1, "CII-SR-476": 1,
                            "CII-DT-018": 1, "CII-DT-021": 1, "CII-DT-022": 1])
    }

    @Test func paymentTaxDatesAndTotalsOfTheHeader() throws {
        let firings = try Self.firings([
            // A second payment instruction, a credit transfer (58) with another text and no account:
            // the codes (CII-SR-467) and texts (468) differ, and the transfer has no IBAN (470).
            ("</ram:SpecifiedTradeSettlementPaymentMeans>",
             "</ram:SpecifiedTradeSettlementPaymentMeans><ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode> 58</ram:TypeCode><ram:Information>Virement</ram:Information></ram:SpecifiedTradeSettlementPaymentMeans>"),
            // The payment reference twice (469), the total with VAT twice (482).
            ("<ram:PaymentReference>FA-2026-000123</ram:PaymentReference>", "<ram:PaymentReference>FA-2026-000123</ram:PaymentReference><ram:PaymentReference>FA-2026-000123</ram:PaymentReference>"),
            ("<ram:GrandTotalAmount>1065.55</ram:GrandTotalAmount>", "<ram:GrandTotalAmount>1065.55</ram:GrandTotalAmount><ram:GrandTotalAmount>1065.55</ram:GrandTotalAmount>"),
            // Two tax point date codes that differ (462) and a second tax point date (461).
            ("<ram:BasisAmount>844.00</ram:BasisAmount>", "<ram:BasisAmount>844.00</ram:BasisAmount><ram:DueDateTypeCode>5</ram:DueDateTypeCode>"),
            ("<ram:BasisAmount>50.00</ram:BasisAmount>\n        <ram:CategoryCode>S</ram:CategoryCode>",
             "<ram:BasisAmount>50.00</ram:BasisAmount>\n        <ram:CategoryCode>S</ram:CategoryCode><ram:DueDateTypeCode>29</ram:DueDateTypeCode><ram:TaxPointDate><udt:DateString format=\"102\">20260910</udt:DateString></ram:TaxPointDate>"),
            // A line allowance without its charge indicator (463).
            ("<ram:SpecifiedTradeAllowanceCharge>\n          <ram:ChargeIndicator>\n            <udt:Indicator>false</udt:Indicator>\n          </ram:ChargeIndicator>",
             "<ram:SpecifiedTradeAllowanceCharge>"),
        ])
        #expect(firings == ["CII-SR-461": 1, "CII-SR-462": 1, "CII-SR-463": 1, "CII-SR-467": 1, "CII-SR-468": 1,
                            "CII-SR-469": 1, "CII-SR-470": 1, "CII-SR-482": 1])
    }

    @Test func linePriceTaxesReferencesAndUnits() throws {
        let firings = try Self.firings([
            // The price allowance turned into a charge: only allowances are allowed on the price (119).
            ("<udt:Indicator>false</udt:Indicator>\n            </ram:ChargeIndicator>\n            <ram:ActualAmount>5.00",
             "<udt:Indicator>true</udt:Indicator>\n            </ram:ChargeIndicator>\n            <ram:ActualAmount>5.00"),
            // Two taxes on the first line (454) and two invoiced objects (130) on it (474).
            ("<ram:ApplicableTradeTax>\n          <ram:TypeCode>VAT</ram:TypeCode>",
             "<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode></ram:ApplicableTradeTax><ram:ApplicableTradeTax>\n          <ram:TypeCode>VAT</ram:TypeCode>"),
            ("<ram:IssuerAssignedID>COMPTEUR-77-A</ram:IssuerAssignedID>", "<ram:IssuerAssignedID>COMPTEUR-77-A</ram:IssuerAssignedID><ram:TypeCode>130</ram:TypeCode></ram:AdditionalReferencedDocument><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>COMPTEUR-77-B</ram:IssuerAssignedID>"),
            // No billed quantity has a unit any more, but the price base quantity has one (CII-DT-033).
            ("<ram:BilledQuantity unitCode=\"H87\">", "<ram:BilledQuantity>"),
            ("<ram:BilledQuantity unitCode=\"KGM\">", "<ram:BilledQuantity>"),
        ])
        #expect(firings == ["CII-SR-119": 1, "CII-SR-454": 1, "CII-SR-474": 1, "CII-DT-033": 1])
    }

    @Test func aBilledQuantityUnitAllowsUnitsElsewhere() throws {
        // With one line's billed quantity in units, every quantity may carry one (CII-DT-033 reads the
        // whole document), and one line's billed quantity without its unit is no CII-DT-033 finding.
        let firings = try Self.firings([("<ram:BilledQuantity unitCode=\"KGM\">", "<ram:BilledQuantity>")])
        #expect(firings == [:])
    }
}
