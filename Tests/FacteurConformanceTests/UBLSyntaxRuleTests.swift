import FacteurModel
import FacteurRules
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// The UBL syntax rules the official unit tests do not exercise, on hand-edited copies of the
/// French fixture (which is itself silent): each edit below, read against the official binding,
/// should make exactly the listed rules fire, that many times.
@Suite("UBL syntax rules")
struct UBLSyntaxRuleTests {
    static func syntaxFirings(_ edits: [(String, String)]) throws -> [String: Int] {
        try EditedFixture.firings("fr-b2g-full.ubl.xml", edits, rulesStartingWith: "UBL-")
    }

    @Test func theFixtureIsSilent() throws {
        #expect(try Self.syntaxFirings([]) == [:])
    }

    @Test func unusedElementsWarnOncePerDocumentWhereverTheyRepeat() throws {
        let firings = try Self.syntaxFirings([
            ("<cbc:ID>FA-2026-000123</cbc:ID>", "<cbc:ID>FA-2026-000123</cbc:ID><cbc:UUID>u-1</cbc:UUID>"),
            ("<cbc:ID>BL-5512</cbc:ID>", "<cbc:ID>BL-5512</cbc:ID><cbc:UUID>u-2</cbc:UUID><cbc:IssueDate>2026-09-01</cbc:IssueDate>"),
            // Two tax categories with a scheme: one UBL-CR-678 (`not(//cac:TaxCategory/cbc:ID/@schemeID)`).
            ("<cbc:ID>S</cbc:ID>", "<cbc:ID schemeID=\"UNCL5305\">S</cbc:ID>"),
            ("    <cac:TaxCategory>\n      <cbc:ID>S</cbc:ID>", "    <cac:TaxCategory>\n      <cbc:ID schemeID=\"UNCL5305\">S</cbc:ID>"),
            ("<cbc:InvoicedQuantity unitCode=\"H87\">", "<cbc:InvoicedQuantity unitCode=\"H87\" unitCodeListID=\"UNECERec20\">"),
        ])
        #expect(firings == ["UBL-CR-005": 1, "UBL-CR-046": 1, "UBL-CR-047": 1, "UBL-CR-678": 1, "UBL-CR-663": 1])
    }

    @Test func versionAndDueDateInPaymentMeans() throws {
        let firings = try Self.syntaxFirings([
            ("<cbc:ID>FA-2026-000123</cbc:ID>", "<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:ID>FA-2026-000123</cbc:ID>"),
            ("<cbc:PaymentID>", "<cbc:PaymentDueDate>2026-10-15</cbc:PaymentDueDate><cbc:PaymentID>"),
        ])
        #expect(firings == ["UBL-CR-002": 1, "UBL-CR-412": 1])
        let accepted = try Self.syntaxFirings([
            ("<cbc:ID>FA-2026-000123</cbc:ID>", "<cbc:UBLVersionID>2.1</cbc:UBLVersionID><cbc:ID>FA-2026-000123</cbc:ID>"),
        ])
        #expect(accepted == [:])
    }

    @Test func amountDecimalsExceptUnderAPriceWithAnAllowance() throws {
        let firings = try Self.syntaxFirings([
            ("<cbc:PayableAmount currencyID=\"EUR\">966.00<", "<cbc:PayableAmount currencyID=\"EUR\">966.000<"),
            // Inside cac:Price with a cac:AllowanceCharge: excluded from UBL-DT-01.
            ("<cbc:Amount currencyID=\"EUR\">5.00</cbc:Amount>", "<cbc:Amount currencyID=\"EUR\">5.000</cbc:Amount>"),
            ("<cbc:PriceAmount currencyID=\"EUR\">95.00<", "<cbc:PriceAmount currencyID=\"EUR\">95.0000<"),
        ])
        #expect(firings == ["UBL-DT-01": 1])
    }

    @Test func unusedAttributesWarnOnceAndTheMeansTextIsAllowed() throws {
        let firings = try Self.syntaxFirings([
            ("<cbc:ID>FA-2026-000123</cbc:ID>", "<cbc:ID schemeName=\"a\" listName=\"b\">FA-2026-000123</cbc:ID>"),
            ("<cbc:ID>BL-5512</cbc:ID>", "<cbc:ID schemeName=\"c\" name=\"d\">BL-5512</cbc:ID>"),
        ])
        #expect(firings == ["UBL-DT-08": 1, "UBL-DT-17": 1, "UBL-DT-18": 1])
    }

    @Test func payeeMustDifferFromTheSeller() throws {
        let firings = try Self.syntaxFirings([
            ("<cbc:Name>Affacturage Rhône SA</cbc:Name>\n    </cac:PartyName>",
             "<cbc:Name>Dupont et Fils SAS</cbc:Name>\n    </cac:PartyName>"),
        ])
        #expect(firings == ["UBL-SR-19": 1, "UBL-SR-20": 1, "UBL-SR-21": 1])
    }

    @Test func repeatedTermsInTheirContexts() throws {
        let firings = try Self.syntaxFirings([
            // A second address line in the seller's address (UBL-SR-51) and in no other.
            ("<cac:AddressLine>", "<cac:AddressLine><cbc:Line>x</cbc:Line></cac:AddressLine><cac:AddressLine>"),
            // Two payment references in one payment means (UBL-SR-26) with different values (UBL-SR-44).
            ("<cbc:PaymentID>FA-2026-000123</cbc:PaymentID>",
             "<cbc:PaymentID>FA-2026-000123</cbc:PaymentID><cbc:PaymentID>OTHER</cbc:PaymentID>"),
            // A supporting document with a type code other than 130 (UBL-SR-43).
            ("<cac:PaymentMeans>", "<cac:AdditionalDocumentReference><cbc:ID>D1</cbc:ID><cbc:DocumentTypeCode>916</cbc:DocumentTypeCode>"
                + "</cac:AdditionalDocumentReference><cac:PaymentMeans>"),
        ])
        #expect(firings == ["UBL-SR-51": 1, "UBL-SR-26": 1, "UBL-SR-44": 1, "UBL-SR-43": 1])
    }

    @Test func splitPaymentRulesReadTheWholeDocument() throws {
        // A line in category B, in a French invoice that also uses S: both BR-B rules fire, once.
        let firings = try EditedFixture.firings("fr-b2g-full.ubl.xml", [
            ("<cac:ClassifiedTaxCategory>\n        <cbc:ID>S</cbc:ID>", "<cac:ClassifiedTaxCategory>\n        <cbc:ID>B</cbc:ID>"),
        ], rulesStartingWith: "BR-B-")
        #expect(firings == ["BR-B-01": 1, "BR-B-02": 1])
    }

    @Test func vatTotalDecimalsAsTheUBLBindingReadsThem() throws {
        // BR-DEC-13's predicate reads the currency code below the tax amount, where UBL has none: the
        // official artefact never fires it in UBL, while UBL-DT-01 catches the third decimal.
        let firings = try EditedFixture.firings("fr-b2g-full.ubl.xml", [
            ("<cbc:TaxAmount currencyID=\"EUR\">171.55<", "<cbc:TaxAmount currencyID=\"EUR\">171.550<"),
        ], rulesStartingWith: "")
        #expect(firings["BR-DEC-13"] == nil)
        #expect(firings["UBL-DT-01"] == 1)
    }

    @Test func standardRatePartiesFireOncePerKindOfUseInUBL() throws {
        // No seller tax identifier nor tax representative VAT identifier left: the UBL binding asserts
        // BR-S-02/03/04 on the invoice root, once each, whatever the number of S lines (here 2).
        let firings = try EditedFixture.firings("fr-b2g-full.ubl.xml", [
            ("<cbc:CompanyID>FR32412345670</cbc:CompanyID>", ""),
            ("<cbc:CompanyID>FC-0042-LYON</cbc:CompanyID>", ""),
            ("<cbc:CompanyID>FR84998877665</cbc:CompanyID>", ""),
        ], rulesStartingWith: "BR-S-")
        #expect(firings == ["BR-S-02": 1, "BR-S-03": 1, "BR-S-04": 1])
    }

    @Test func vatPrefixesAsTheUBLRuleSearchesThem() throws {
        // UBL searches the prefix inside its list string: "S" is found (in "AS"), "QQ" is not.
        let found = try EditedFixture.firings("fr-b2g-full.ubl.xml", [("<cbc:CompanyID>FR32412345670</cbc:CompanyID>", "<cbc:CompanyID>S</cbc:CompanyID>")],
                                              rulesStartingWith: "BR-CO-09")
        #expect(found == [:])
        let unknown = try EditedFixture.firings("fr-b2g-full.ubl.xml", [("<cbc:CompanyID>FR32412345670</cbc:CompanyID>", "<cbc:CompanyID>QQ123</cbc:CompanyID>")],
                                                rulesStartingWith: "BR-CO-09")
        #expect(unknown == ["BR-CO-09": 1])
    }

    /// BR-x-01 as the UBL artefact writes it: on the tax categories of the whole document, with a
    /// different reading for S, for L and M, and for the other categories.
    @Test func vatCategoryPresenceReadsTheWholeDocument() throws {
        let end = "</cac:TaxSubtotal>\n  </cac:TaxTotal>"
        func subtotal(_ code: String, scheme: String) -> String {
            "</cac:TaxSubtotal><cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"EUR\">0.00</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"EUR\">0.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>\(code)</cbc:ID><cbc:Percent>0</cbc:Percent><cac:TaxScheme><cbc:ID>\(scheme)</cbc:ID></cac:TaxScheme></cac:TaxCategory>"
        }
        func firings(_ edits: [(String, String)], _ rule: String) throws -> [String: Int] {
            try EditedFixture.firings("fr-b2g-full.ubl.xml", edits, rulesStartingWith: rule)
        }
        // A Z breakdown alone is its own use (`//cac:TaxCategory` takes breakdowns in), and the scheme is
        // compared upper-cased: one breakdown, no BR-Z-01. Two of them: BR-Z-01 once.
        #expect(try firings([(end, subtotal("Z", scheme: "vat") + "\n" + end)], "BR-Z-01") == [:])
        #expect(try firings([(end, subtotal("Z", scheme: "VAT") + subtotal("Z", scheme: "VAT") + "\n" + end)], "BR-Z-01") == ["BR-Z-01": 1])
        // An L breakdown that nothing uses: BR-AF-01.
        #expect(try firings([(end, subtotal("L", scheme: "VAT") + "\n" + end)], "BR-AF-01") == ["BR-AF-01": 1])
        // S counts breakdowns of any scheme: both S breakdowns under another scheme still answer the S lines.
        let gst: [(String, String)] = [("168.80", "20"), ("2.75", "5.5")].map { amount, rate in
            let head = "<cbc:TaxAmount currencyID=\"EUR\">\(amount)</cbc:TaxAmount>\n      <cac:TaxCategory>\n        <cbc:ID>S</cbc:ID>\n        <cbc:Percent>\(rate)</cbc:Percent>\n        <cac:TaxScheme>\n          <cbc:ID>"
            return (head + "VAT</cbc:ID>", head + "GST</cbc:ID>")
        }
        #expect(try firings(gst, "BR-S-01") == [:])
    }

    /// BR-x-02 in UBL: an S item category of another scheme, with none of the VAT scheme, fires BR-S-02
    /// whatever the seller's identifiers (the artefact's second branch does not ask for the scheme).
    @Test func standardRatedItemsOfAnotherScheme() throws {
        let edits: [(String, String)] = ["20", "5.5"].map { rate in
            let head = "<cac:ClassifiedTaxCategory>\n        <cbc:ID>S</cbc:ID>\n        <cbc:Percent>\(rate)</cbc:Percent>\n        <cac:TaxScheme>\n          <cbc:ID>"
            return (head + "VAT", head + "GST")
        }
        #expect(try EditedFixture.firings("fr-b2g-full.ubl.xml", edits, rulesStartingWith: "BR-S-02") == ["BR-S-02": 1])
        // One item still of the VAT scheme: the seller's VAT identifier answers, nothing fires.
        #expect(try EditedFixture.firings("fr-b2g-full.ubl.xml", [edits[0]], rulesStartingWith: "BR-S-02") == [:])
    }

    /// BR-CO-26 on each `cac:AccountingSupplierParty`, also when its `cac:Party` is missing.
    @Test func sellerIdentifiedEvenWithoutItsParty() throws {
        let firings = try EditedFixture.firings("fr-b2g-full.ubl.xml", [
            ("<cac:AccountingSupplierParty>", "<cac:AccountingSupplierParty><x:Wrapped xmlns:x=\"urn:example:x\">"),
            ("</cac:AccountingSupplierParty>", "</x:Wrapped></cac:AccountingSupplierParty>"),
        ], rulesStartingWith: "BR-CO-26")
        #expect(firings == ["BR-CO-26": 1])
        // A seller identified only by a SEPA creditor identifier (BT-90) is not identified.
        let sepa = try EditedFixture.firings("fr-b2g-full.ubl.xml", [
            ("<cac:AccountingSupplierParty>", "<cac:AccountingSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID schemeID=\"SEPA\">FR12ZZZ123456</cbc:ID></cac:PartyIdentification></cac:Party><x:Wrapped xmlns:x=\"urn:example:x\">"),
            ("</cac:AccountingSupplierParty>", "</x:Wrapped></cac:AccountingSupplierParty>"),
        ], rulesStartingWith: "BR-CO-26")
        #expect(sepa == ["BR-CO-26": 1])
    }

    /// BR-O-11…14 read every VAT-scheme category of the document once a breakdown is O.
    @Test func notSubjectExcludesEveryOtherCategory() throws {
        let end = "</cac:TaxSubtotal>\n  </cac:TaxTotal>"
        let o = "</cac:TaxSubtotal><cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"EUR\">0.00</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"EUR\">0.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>O</cbc:ID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>"
        let firings = try EditedFixture.firings("fr-b2g-full.ubl.xml", [(end, o + "\n" + end)], rulesStartingWith: "BR-O-1")
        // The new breakdown also lacks its exemption reason (BR-O-10).
        #expect(firings == ["BR-O-10": 1, "BR-O-11": 1, "BR-O-12": 1, "BR-O-13": 1, "BR-O-14": 1])
    }

    /// BR-CO-10 sums invoice and credit note lines together (1.3.16): a BT-106 of 0 does not pass.
    @Test func lineNetTotalOfZeroIsChecked() throws {
        let firings = try EditedFixture.firings("fr-b2g-full.ubl.xml", [
            ("<cbc:LineExtensionAmount currencyID=\"EUR\">960.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
             "<cbc:LineExtensionAmount currencyID=\"EUR\">0</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount"),
        ], rulesStartingWith: "BR-CO-10")
        #expect(firings == ["BR-CO-10": 1])
    }
}
