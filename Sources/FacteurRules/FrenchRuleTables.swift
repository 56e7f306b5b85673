import FacteurModel
import FacteurXML

/// The assertions of the French rules, syntax by syntax, in the order of the official schematrons.
/// Where the two syntaxes' rules differ (contexts, tests, ids), each table follows its own.
extension FrenchAssertions {
    private static let ublReference = "cac:BillingReference/cac:InvoiceDocumentReference"
    private static let ciiAgreement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
    private static let ciiSettlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    private static let ciiDelivery = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery"
    private static let ciiLine = "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
    private static let ciiSummation = ciiSettlement + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"

    /// A line path for Invoice and CreditNote: `cac:InvoiceLine/...` and `cac:CreditNoteLine/...`.
    private static func line(_ id: String, _ term: String, _ what: String, _ rest: String, _ test: Test) -> Assertion {
        Assertion(id, term, what, "cac:InvoiceLine/" + rest, creditNote: "cac:CreditNoteLine/" + rest, test)
    }

    /// A party the rules check alike: its identifier term (BR-FR-09, BR-FR-CO-10), its electronic
    /// address term (BR-FR-23, BR-FR-25), its name in messages and its path from the root.
    private struct Party {
        let idTerm: String
        let addressTerm: String
        let name: String
        let path: String
    }

    private static func parties(_ paths: [String]) -> [Party] {
        let terms = [("BT-29", "BT-34", "seller"), ("BT-46", "BT-49", "buyer"), ("BT-60", "EXT-FR-FE-29", "payee"),
                     ("EXT-FR-FE-06", "EXT-FR-FE-12", "buyer's agent"), ("EXT-FR-FE-46", "EXT-FR-FE-52", "payer"),
                     ("EXT-FR-FE-69", "EXT-FR-FE-75", "seller's agent"), ("EXT-FR-FE-92", "EXT-FR-FE-98", "invoicee"),
                     ("EXT-FR-FE-115", "EXT-FR-FE-121", "invoicer")]
        return zip(terms, paths).map { Party(idTerm: $0.0, addressTerm: $0.1, name: $0.2, path: $1) }
    }

    /// In the order of `parties(_:)`.
    private static let ublParties = parties([
        "cac:AccountingSupplierParty/cac:Party", "cac:AccountingCustomerParty/cac:Party", "cac:PayeeParty",
        "cac:AccountingCustomerParty/cac:Party/cac:AgentParty", "cac:PaymentMeans/cac:PaymentMandate/cac:PayerParty",
        "cac:AccountingSupplierParty/cac:Party/cac:AgentParty", "cac:AccountingCustomerParty/cac:Party/cac:ServiceProviderParty/cac:Party",
        "cac:AccountingSupplierParty/cac:Party/cac:ServiceProviderParty/cac:Party",
    ])
    private static let ciiParties = parties([
        ciiAgreement + "/ram:SellerTradeParty", ciiAgreement + "/ram:BuyerTradeParty", ciiSettlement + "/ram:PayeeTradeParty",
        ciiAgreement + "/ram:BuyerAgentTradeParty", ciiSettlement + "/ram:PayerTradeParty", ciiAgreement + "/ram:SalesAgentTradeParty",
        ciiSettlement + "/ram:InvoiceeTradeParty", ciiSettlement + "/ram:InvoicerTradeParty",
    ])

    /// BR-FR-09 on each party: its SIRET begins with its SIREN (the payee and later parties may
    /// give the SIRET alone).
    private static func siretAssertions(_ parties: [Party], siret: TreePath, siren: TreePath) -> [Assertion] {
        parties.enumerated().map { index, party in
            Assertion("BR-FR-09_\(party.idTerm)", party.idTerm, "the \(party.name)'s SIRET (scheme 0009)", party.path,
                      .siretBeginsWithSIREN(siret: siret, siren: siren, sirenFromSIRET: index >= 2))
        }
    }

    /// BR-FR-23 to BR-FR-26 on each party, alike in both syntaxes but for the paths below the party:
    /// its electronic address (`endpoint`) and, for the seller and the buyer, its routing identifier
    /// (`routing`), each with its scheme.
    private static func addressAssertions(_ parties: [Party], endpoint: String, routing: String) -> [Assertion] {
        parties.map { party in
            Assertion("BR-FR-23_\(party.addressTerm)", party.addressTerm, "the \(party.name)'s electronic address (scheme 0225)",
                      party.path + "/" + endpoint + "[@schemeID='0225']", .addressCharacters)
        } + parties.prefix(2).map { party in
            Assertion("BR-FR-24_\(party.idTerm)", party.idTerm, "the \(party.name)'s routing identifier (scheme 0224)",
                      party.path + "/" + routing + "[@schemeID='0224']", .addressCharacters)
        } + parties.map { party in
            Assertion("BR-FR-25_\(party.addressTerm)", party.addressTerm, "the \(party.name)'s electronic address",
                      party.path + "/" + endpoint, .maxLength(125))
        } + parties.prefix(2).map { party in
            Assertion("BR-FR-26_\(party.idTerm)", party.idTerm, "the \(party.name)'s routing identifier (scheme 0224)",
                      party.path + "/" + routing + "[@schemeID='0224']", .maxLength(100))
        }
    }

    /// BR-FR-CO-10 on each party (at any depth): its identifiers carry a scheme, or no scheme is used
    /// twice (`unique`).
    private static func identifierSchemeAssertions(_ parties: [Party], identifiers: TreePath, unique: Bool) -> [Assertion] {
        parties.map { party in
            Assertion("BR-FR-CO-10_\(party.idTerm)-\(unique ? 2 : 1)", party.idTerm, "the \(party.name)'s identifiers (\(party.idTerm))", party.path,
                      anywhere: true, .identifierSchemes(identifiers, unique: unique))
        }
    }

    private static let ublSIRET = TreePath("cac:PartyIdentification/cbc:ID[@schemeID='0009']")
    private static let ublSIREN = TreePath("cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']")
    private static let ciiSIRET = TreePath("ram:GlobalID[@schemeID='0009']")
    private static let ciiSIREN = TreePath("ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']")
    private static let ublTaxTotalCategory = "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory"

    /// Assertions the schematron never evaluates: a rule earlier in the same pattern has the same
    /// context, and a node is processed by the first rule that matches it.
    static let neverEvaluatedUBL: Set<String> = ["BR-FR-16_BT-103", "BR-FR-DEC-01_BT-111"]
    static let neverEvaluatedCII: Set<String> = ["BR-FR-DEC-01_BT-111"]

    /// BR-FR-DEC-01: an amount, at a path from the root (or at any depth), the context itself tested.
    private static func amount(_ term: String, _ what: String, _ path: String, anywhere: Bool = false, id: String? = nil) -> Assertion {
        Assertion(id ?? "BR-FR-DEC-01_\(term)", String(term.prefix { $0 != "_" }), what, path, anywhere: anywhere,
                  .number(TreePath.root, .amount, emptyPasses: false))
    }

    /// BR-FR-CO, read on the root in both syntaxes; CO-04's id differs (UBL `BR-FR-CO-04_BT-3`, CII
    /// `BR-FR-CO-04_BT-4`).
    private static func documentAssertions(correctiveID: String) -> [Assertion] {
        [
            Assertion("BR-FR-CO-03_BT-3", "BT-3", "the credit note", "", .document(.globalDiscountCreditNote)),
            Assertion(correctiveID, "BT-3", "the invoice", "", .document(.correctiveInvoiceReference)),
            Assertion("BR-FR-CO-05_BT-3", "BT-3", "the credit note", "", .document(.creditNoteReference)),
            Assertion("BR-FR-CO-07_BT-9", "BT-9", "the payment due date (BT-9)", "", .document(.dueDateNotBeforeIssueDate)),
            Assertion("BR-FR-CO-08_BT-23", "BT-23", "the business process (BT-23)", "", .document(.finalInvoiceIsNoPrepayment)),
            Assertion("BR-FR-CO-09_BT-23-1", "BT-23", "the business process (BT-23)", "", .document(.paidInFull)),
            Assertion("BR-FR-CO-09_BT-23-2", "BT-23", "the business process (BT-23)", "", .document(.nothingDue)),
            Assertion("BR-FR-CO-09_BT-23-3", "BT-23", "the business process (BT-23)", "", .document(.paymentDateGiven)),
            Assertion("BR-FR-CO-12_BT-5", "BT-5", "the invoice currency (BT-5)", "", .document(.vatInEuro)),
            Assertion("BR-FR-CO-14_BT-29-1", "BT-29", "the seller", "", .document(.vatGroupNote)),
            Assertion("BR-FR-CO-15_BT-29-1", "BT-29", "the seller", "", .document(.vatGroupRepresentative)),
        ]
    }

    static let ubl: [Assertion] = [
        Assertion("BR-FR-01_BT-1-1", "BT-1", "the invoice number (BT-1)", "cbc:ID", .maxLength(35)),
        Assertion("BR-FR-01_BT-1-2", "BT-1", "the invoice number (BT-1)", "cbc:ID", .identifier),
        Assertion("BR-FR-01_BT-25-1", "BT-25", "the preceding invoice number (BT-25)", ublReference + "/cbc:ID", .maxLength(35)),
        Assertion("BR-FR-01_BT-25-2", "BT-25", "the preceding invoice number (BT-25)", ublReference + "/cbc:ID", .identifier),
        // The line's preceding invoice, at a path UBL 2.1 does not have (cac:BillingReference/
        // cac:DocumentReference below the line): as published, these fire only on such a document.
        line("BR-FR-01_EXT-FR-FE-136-1", "EXT-FR-FE-136", "the line's preceding invoice number",
             "cac:BillingReference/cac:DocumentReference/cbc:ID", .maxLength(35)),
        line("BR-FR-01_BT-EXT-FR-FE-136-2", "EXT-FR-FE-136", "the line's preceding invoice number",
             "cac:BillingReference/cac:DocumentReference/cbc:ID", .identifier),
        Assertion("BR-FR-02_BT-1", "BT-1", "the invoice number (BT-1)", "cbc:ID", .identifier),
        Assertion("BR-FR-02_BT-25", "BT-25", "the preceding invoice number (BT-25)", ublReference + "/cbc:ID", .identifier),
        // v1.4.0.02 reads the line's object identifier here (cac:DocumentReference), not a preceding invoice.
        line("BR-FR-02_EXT-FR-FE-136", "EXT-FR-FE-136", "the line's referenced document identifier", "cac:DocumentReference/cbc:ID", .identifier),
        Assertion("BR-FR-03_BT-2", "BT-2", "the invoice issue date (BT-2)", "cbc:IssueDate", .dateUBL),
        Assertion("BR-FR-03_BT-7", "BT-7", "the VAT point date (BT-7)", "cbc:TaxPointDate", .dateUBL),
        Assertion("BR-FR-03_BT-9", "BT-9", "the payment due date (BT-9)", "cbc:DueDate", .dateUBL),
        Assertion("BR-FR-03_BT-26", "BT-26", "the preceding invoice issue date (BT-26)", ublReference + "/cbc:IssueDate", .dateUBL),
        Assertion("BR-FR-03_BT-72", "BT-72", "the actual delivery date (BT-72)", "cac:Delivery/cbc:ActualDeliveryDate", .dateUBL),
        Assertion("BR-FR-03_BT-73", "BT-73", "the invoicing period start date (BT-73)", "cac:InvoicePeriod/cbc:StartDate", .dateUBL),
        Assertion("BR-FR-03_BT-74", "BT-74", "the invoicing period end date (BT-74)", "cac:InvoicePeriod/cbc:EndDate", .dateUBL),
        // v1.4.0.02 reads the date of the line's referenced document (cac:DocumentReference).
        line("BR-FR-03_EXT-FR-FE-138", "EXT-FR-FE-138", "the line's referenced document date", "cac:DocumentReference/cbc:IssueDate", .dateUBL),
        line("BR-FR-03_EXT-FR-FE-158", "EXT-FR-FE-158", "the line's actual delivery date", "cac:Delivery/cbc:ActualDeliveryDate", .dateUBL),
        line("BR-FR-03_BT-134", "BT-134", "the invoice line period start date (BT-134)", "cac:InvoicePeriod/cbc:StartDate", .dateUBL),
        line("BR-FR-03_BT-135", "BT-135", "the invoice line period end date (BT-135)", "cac:InvoicePeriod/cbc:EndDate", .dateUBL),
        Assertion("BR-FR-04_BT-3", "BT-3", "the invoice type code (BT-3)", "cbc:InvoiceTypeCode", creditNote: "cbc:CreditNoteTypeCode", .documentType),
        Assertion("BR-FR-04_EXT-FR-FE-02", "EXT-FR-FE-02", "the preceding invoice's type code", ublReference + "/cbc:DocumentTypeCode", .documentType),
        line("BR-FR-04_EXT-FR-FE-137", "EXT-FR-FE-137", "the type code of the line's preceding invoice",
             ublReference + "/cbc:DocumentTypeCode", .documentType),
        Assertion("BR-FR-05_BT-22-1", "BT-22", "the notes (BG-1)", "", .notesMention("PMT")),
        Assertion("BR-FR-05_BT-22-2", "BT-22", "the notes (BG-1)", "", .notesMention("PMD")),
        Assertion("BR-FR-05_BT-22-3", "BT-22", "the notes (BG-1)", "", .notesMention("AAB")),
        Assertion("BR-FR-06_BT-21-1", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("PMT")),
        Assertion("BR-FR-06_BT-21-2", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("PMD")),
        Assertion("BR-FR-06_BT-21-3", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("AAB")),
        Assertion("BR-FR-06_BT-21-4", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("TXD")),
        Assertion("BR-FR-08_BT-23", "BT-23", "the business process (BT-23)", "", .billingFramework(ublFramework)),
        // BR-FR-09: SIRET and SIREN.
    ] + siretAssertions(ublParties, siret: ublSIRET, siren: ublSIREN) + [
        Assertion("BR-FR-09_BT-71", "BT-71", "the deliver-to location's SIRET (scheme 0009)", "cac:Delivery",
                  .siretBeginsWithSIREN(siret: TreePath("cac:DeliveryLocation/cbc:ID[@schemeID='0009']"),
                                        siren: TreePath("cac:DeliveryParty/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']"), sirenFromSIRET: true)),
        // As published: the SIRET is read below the location itself (a location within the location).
        line("BR-FR-09_EXT-FR-FE-146", "EXT-FR-FE-146", "the line's deliver-to location SIRET (scheme 0009)", "cac:Delivery/cac:DeliveryLocation",
             .siretBeginsWithSIREN(siret: TreePath("cac:DeliveryLocation/cbc:ID[@schemeID='0009']"),
                                   siren: TreePath("cac:DeliveryParty/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']"), sirenFromSIRET: true)),
        Assertion("BR-FR-10_BT-30", "BT-30", "the seller's SIREN (BT-30, legal registration identifier with scheme 0002)",
                  "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity", anywhere: true, .siren(TreePath("cbc:CompanyID[@schemeID='0002']"))),
        Assertion("BR-FR-11_BT-47", "BT-47", "the buyer's SIREN (BT-47, legal registration identifier with scheme 0002)", "",
                  .b2bBuyerSIREN(TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']"), normalized: true)),
        Assertion("BR-FR-12_BT-49", "BT-49", "the buyer's electronic address (BT-49)", "",
                  .given(TreePath("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID"), normalized: true)),
        Assertion("BR-FR-13_BT-34", "BT-34", "the seller's electronic address (BT-34)", "",
                  .given(TreePath("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID"), normalized: true)),
        // BR-FR-15 and BR-FR-16: VAT categories and rates, wherever the document has them.
        Assertion("BR-FR-15_BT-95_BT-102-1", "BT-95", "the allowance or charge VAT category code (BT-95/BT-102)", "cac:AllowanceCharge/cac:TaxCategory",
                  anywhere: true, .vatCategory(TreePath("cbc:ID"), absentPasses: true, groupLinesMayOmit: false)),
        Assertion("BR-FR-15_BT-95_BT-102-2", "BT-95", "the allowance or charge VAT category code (BT-95/BT-102)", "cac:AllowanceCharge/cac:TaxCategory",
                  anywhere: true, .notCategoryLOrM(TreePath("cbc:ID"))),
        Assertion("BR-FR-15_BT-118-1", "BT-118", "the VAT breakdown category code (BT-118)", ublTaxTotalCategory,
                  anywhere: true, .vatCategory(TreePath("cbc:ID"), absentPasses: true, groupLinesMayOmit: false)),
        Assertion("BR-FR-15_BT-118-2", "BT-118", "the VAT breakdown category code (BT-118)", ublTaxTotalCategory,
                  anywhere: true, .notCategoryLOrM(TreePath("cbc:ID"))),
        Assertion("BR-FR-15_BT-151-1", "BT-151", "the invoiced item VAT category code (BT-151)", "cac:Item/cac:ClassifiedTaxCategory",
                  anywhere: true, .vatCategory(TreePath("cbc:ID"), absentPasses: true, groupLinesMayOmit: false)),
        // The official id of BR-FR-15's second line assertion, as published.
        Assertion("BR-FR-08_BT-151-2", "BT-151", "the invoiced item VAT category code (BT-151)", "cac:Item/cac:ClassifiedTaxCategory",
                  anywhere: true, .notCategoryLOrM(TreePath("cbc:ID"))),
        Assertion("BR-FR-16_BT-96", "BT-96", "the allowance or charge VAT rate (BT-96/BT-103)", "cac:AllowanceCharge/cac:TaxCategory",
                  anywhere: true, .vatRate(TreePath("cbc:Percent"), emptyPasses: false)),
        Assertion("BR-FR-16_BT-119", "BT-119", "the VAT breakdown rate (BT-119)", ublTaxTotalCategory,
                  anywhere: true, .vatRate(TreePath("cbc:Percent"), emptyPasses: false)),
        // Invoice lines only, as published: a credit note's lines are not read.
        Assertion("BR-FR-16_BT-152", "BT-152", "the invoiced item VAT rate (BT-152)", "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory",
                  anywhere: true, .vatRate(TreePath("cbc:Percent"), emptyPasses: false)),
        // Every additional document reference, object identifiers included.
        Assertion("BR-FR-17_BT-123", "BT-123", "the attachment qualifier (BT-123)", "cac:AdditionalDocumentReference",
                  anywhere: true, .attachmentQualifier(TreePath("cbc:DocumentDescription"), normalized: false)),
        Assertion("BR-FR-18_BT-123", "BT-123", "the attachments qualified LISIBLE (BT-123)", "",
                  .atMostOne(TreePath("cac:AdditionalDocumentReference[cbc:DocumentDescription='LISIBLE']"))),
        Assertion("BR-FR-20_BT-21", "BT-21", "the notes (BG-1)", "", .barTreatmentInNotes),
        Assertion("BR-FR-21_BT-49", "BT-49", "the buyer's electronic address (BT-49)", "",
                  .electronicAddress(ElectronicAddress(endpoint: TreePath("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID"),
                                                       siren: TreePath("cac:AccountingCustomerParty/cac:Party/" + "cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']"),
                                                       condition: .b2bNotSelfBilled))),
        Assertion("BR-FR-22_BT-34", "BT-34", "the seller's electronic address (BT-34)", "",
                  .electronicAddress(ElectronicAddress(endpoint: TreePath("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID"),
                                                       siren: TreePath("cac:AccountingSupplierParty/cac:Party/" + "cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']"),
                                                       condition: .treatmentSelfBilled))),
    ] + addressAssertions(ublParties, endpoint: "cbc:EndpointID", routing: "cac:PartyIdentification/cbc:ID") + [
        // BR-FR-27 as published reads an item below the root, which UBL 2.1 does not have: these
        // fire only on such a document.
        Assertion("BR-FR-27_BG-32", "BG-32", "the item attribute (BG-32)", "cac:Item/cac:AdditionalItemProperty",
                  .either(TreePath("cbc:Name"), TreePath("cbc:NameCode"))),
        Assertion("BR-FR-27_BT-160", "BT-160", "the item attribute name (BT-160)", "cac:Item/cac:AdditionalItemProperty/cbc:Name",
                  .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-27_EXT-FR-FE-159", "EXT-FR-FE-159", "the item attribute code", "cac:Item/cac:AdditionalItemProperty/cbc:NameCode",
                  .given(TreePath.root, normalized: true)),
        line("BR-FR-28-Value", "BT-161", "the item attribute (BG-32)", "cac:Item/cac:AdditionalItemProperty",
             .valueOrMeasure(value: TreePath("cbc:Value"), measure: TreePath("cbc:ValueQuantity"))),
        Assertion("BR-FR-29_BT-18", "BT-18", "the object identifiers with schemes AFL and AVV (BT-18)", "cac:AdditionalDocumentReference",
                  .atMostOneEach(TreePath("cbc:ID[@schemeID='AFL']"), TreePath("cbc:ID[@schemeID='AVV']"))),
        Assertion("BR-FR-29_AFL", "BT-18", "the object identifier with scheme AFL (BT-18)", "cac:AdditionalDocumentReference/cbc:ID[@schemeID='AFL']",
                  .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-29_AVV", "BT-18", "the object identifier with scheme AVV (BT-18)", "cac:AdditionalDocumentReference/cbc:ID[@schemeID='AVV']",
                  .given(TreePath.root, normalized: true)),
        line("BR-FR-30_BT-128", "BT-128", "the line object identifiers with schemes AFL and AVV (BT-128)", "cac:DocumentReference",
             .atMostOneEach(TreePath("cbc:ID[@schemeID='AFL']"), TreePath("cbc:ID[@schemeID='AVV']"))),
        line("BR-FR-30_AFL", "BT-128", "the line object identifier with scheme AFL (BT-128)", "cac:DocumentReference/cbc:ID[@schemeID='AFL']",
             .given(TreePath.root, normalized: true)),
        line("BR-FR-30_AVV", "BT-128", "the line object identifier with scheme AVV (BT-128)", "cac:DocumentReference/cbc:ID[@schemeID='AVV']",
             .given(TreePath.root, normalized: true)),
        // BR-FR-31, under the id the UBL schematron gives it.
        Assertion("BR-FR-30_BT-21", "BT-21", "the notes (BG-1)", "", .barMentionAtMostOnce),
        Assertion("BR-FR-32-LEGALID", "BT-30", "the legal registration identifier with scheme 0002 (SIREN)",
                  "cac:PartyLegalEntity/cbc:CompanyID[@schemeID='0002']", anywhere: true, .siren(TreePath.root)),
        Assertion("BR-FR-32-ID", "BT-29", "the party identifier with scheme 0002 (SIREN)",
                  "cac:PartyIdentification/cbc:ID[@schemeID='0002']", anywhere: true, .siren(TreePath.root)),
        Assertion("BR-FR-32-ID", "BT-29", "the party identifier with scheme 0231 (member of a single VAT group)",
                  "cac:PartyIdentification/cbc:ID[@schemeID='0231']", anywhere: true, .siren(TreePath.root)),
    ] + documentAssertions(correctiveID: "BR-FR-CO-04_BT-3") + [false, true].flatMap { unique in
        identifierSchemeAssertions(ublParties, identifiers: TreePath("cac:PartyIdentification/cbc:ID"), unique: unique) + [
        Assertion("BR-FR-CO-10_BT-71-\(unique ? 2 : 1)", "BT-71", "the deliver-to location's identifiers (BT-71)", "cac:Delivery/cac:DeliveryLocation",
                  .identifierSchemes(TreePath("cbc:ID"), unique: unique)),
        line("BR-FR-CO-10_EXT-FR-FE-146-\(unique ? 2 : 1)", "EXT-FR-FE-146", "the line's deliver-to location identifiers", "cac:Delivery/cac:DeliveryLocation",
             .identifierSchemes(TreePath("cbc:ID"), unique: unique)),
        ]
    } + [
        // BR-FR-MV and BR-FR-BD: multi-vendor and bidirectional invoices. The GROUP line contexts
        // are the billing references that make a line a GROUP line without parent.
        Assertion("BR-FR-MV-01_EXT-FR-FE-163", "EXT-FR-FE-163", "the invoice line", "cac:InvoiceLine", anywhere: true, .multiVendor(.lineSubType)),
        Assertion("BR-FR-MV-01_EXT-FR-FE-163", "EXT-FR-FE-163", "the credit note line", "cac:CreditNoteLine", anywhere: true, .multiVendor(.lineSubType)),
        Assertion("BR-FR-MV-02_EXT-FR-FE-163", "EXT-FR-FE-163", "the invoice", "", .multiVendor(.groupLine)),
        Assertion("BR-FR-BD-02_EXT-FR-FE-163", "EXT-FR-FE-163", "the invoice", "", .multiVendor(.twoGroupLines)),
        Assertion("BR-FR-BD-02_BT-30", "BT-30", "the invoice", "", .multiVendor(.sellerGroupLine)),
        Assertion("BR-FR-BD-02_BT-47", "BT-47", "the invoice", "", .multiVendor(.buyerGroupLine)),
        line("BR-FR-MV-03_EXT-FR-FE-164", "EXT-FR-FE-164", "the", "cac:BillingReference", .multiVendor(.subSellerName)),
        line("BR-FR-MV-03_EXT-FR-FE-167", "EXT-FR-FE-167", "the", "cac:BillingReference", .multiVendor(.subSellerLegalID)),
        line("BR-FR-MV-03_EXT-FR-FE-177", "EXT-FR-FE-177", "the", "cac:BillingReference", .multiVendor(.subSellerCountry)),
        line("BR-FR-MV-03_EXT-FR-FE-181", "EXT-FR-FE-181", "the", "cac:BillingReference", .multiVendor(.groupVAT)),
        line("BR-FR-MV-03_EXT-FR-FE-182", "EXT-FR-FE-182", "the", "cac:BillingReference", .multiVendor(.groupVATInAccountingCurrency)),
        line("BR-FR-MV-03_BT-128_AFL", "BT-128", "the", "cac:BillingReference", .multiVendor(.subInvoiceNumber)),
        line("BR-FR-MV-03_BT-128_AVV", "BT-128", "the", "cac:BillingReference", .multiVendor(.subInvoiceFramework)),
        line("BR-FR-MV-05_EXT-FR-FE-BG-12", "BT-131", "the", "cac:BillingReference", .multiVendor(.groupAmount)),
        Assertion("BR-FR-MV-06_EXT-FR-FE-167", "EXT-FR-FE-167", "the line", "cac:InvoiceLine", creditNote: "cac:CreditNoteLine", .multiVendor(.sameSubSeller)),
        Assertion("BR-FR-MV-07_BT-128", "BT-128", "the line", "cac:InvoiceLine", creditNote: "cac:CreditNoteLine", .multiVendor(.sameSubInvoice)),
        Assertion("BR-FR-MV-08_BT-128", "BT-128", "the DETAIL line", "cac:InvoiceLine", creditNote: "cac:CreditNoteLine", .multiVendor(.exemptionReason)),
        line("BR-FR-MV-09_EXT-FR-FE-181", "EXT-FR-FE-181", "the", "cac:BillingReference", .multiVendor(.groupVATBreakdown)),
        line("BR-FR-MV-10_EXT-FR-FE-184", "EXT-FR-FE-184", "the", "cac:BillingReference", .multiVendor(.groupAmountWithVAT)),
        line("BR-FR-MV-11_BT-128", "BT-128", "the", "cac:BillingReference", .multiVendor(.sellerSubInvoice)),
        Assertion("BR-FR-MV-12_BT-128", "BT-128", "the invoice", "", .multiVendor(.uniqueSubInvoices)),
        Assertion("BR-FR-MV-13_BT-3", "BT-3", "the invoice type code (BT-3)", "cbc:InvoiceTypeCode", creditNote: "cbc:CreditNoteTypeCode",
                  .multiVendor(.notSelfBilled)),
        // BR-FR-BD-13, under the id the UBL schematron gives it.
        Assertion("BR-FR-MV-BD_BT-3", "BT-3", "the invoice type code (BT-3)", "cbc:InvoiceTypeCode", creditNote: "cbc:CreditNoteTypeCode",
                  .multiVendor(.selfBilled)),
        line("BR-FR-MV-14-EXT-FR-FE-136", "EXT-FR-FE-136", "the", "cac:BillingReference", .multiVendor(.precedingInvoiceNumber(bidirectional: false))),
        line("BR-FR-MV-14-EXT-FR-FE-138", "EXT-FR-FE-138", "the", "cac:BillingReference", .multiVendor(.precedingInvoiceDate(bidirectional: false))),
        line("BR-FR-BD-14-EXT-FR-FE-136", "EXT-FR-FE-136", "the", "cac:BillingReference", .multiVendor(.precedingInvoiceNumber(bidirectional: true))),
        line("BR-FR-BD-14-EXT-FR-FE-138", "EXT-FR-FE-138", "the", "cac:BillingReference", .multiVendor(.precedingInvoiceDate(bidirectional: true))),
        // BR-FR-DEC: number formats.
        amount("BT-93_BT-100", "the document allowance or charge base amount (BT-93/BT-100)", "cac:AllowanceCharge/cbc:BaseAmount"),
        amount("BT-92_BT-99", "the document allowance or charge amount (BT-92/BT-99)", "cac:AllowanceCharge/cbc:Amount"),
        amount("BT-106", "the sum of line net amounts (BT-106)", "cac:LegalMonetaryTotal/cbc:LineExtensionAmount", anywhere: true),
        amount("BT-107", "the sum of allowances (BT-107)", "cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount", anywhere: true),
        amount("BT-108", "the sum of charges (BT-108)", "cac:LegalMonetaryTotal/cbc:ChargeTotalAmount", anywhere: true),
        amount("BT-109", "the total without VAT (BT-109)", "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", anywhere: true),
        amount("BT-110", "the total VAT amount (BT-110/BT-111)", "cac:TaxTotal/cbc:TaxAmount", anywhere: true),
        amount("BT-112", "the total with VAT (BT-112)", "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", anywhere: true),
        amount("BT-113", "the paid amount (BT-113)", "cac:LegalMonetaryTotal/cbc:PrepaidAmount", anywhere: true),
        amount("BT-114", "the rounding amount (BT-114)", "cac:LegalMonetaryTotal/cbc:PayableRoundingAmount", anywhere: true),
        amount("BT-115", "the amount due (BT-115)", "cac:LegalMonetaryTotal/cbc:PayableAmount", anywhere: true),
        amount("BT-116", "the VAT category taxable amount (BT-116)", "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount", anywhere: true),
        amount("BT-117", "the VAT category tax amount (BT-117)", "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount", anywhere: true),
        line("BR-FR-DEC-01_BT-131", "BT-131", "the invoice line net amount (BT-131)", "cbc:LineExtensionAmount", .number(TreePath.root, .amount, emptyPasses: false)),
        line("BR-FR-DEC-01_BT-136_BT-141", "BT-136", "the invoice line allowance or charge amount (BT-136/BT-141)", "cac:AllowanceCharge/cbc:Amount",
             .number(TreePath.root, .amount, emptyPasses: false)),
        line("BR-FR-DEC-01_BT-137_BT-142", "BT-137", "the invoice line allowance or charge base amount (BT-137/BT-142)", "cac:AllowanceCharge/cbc:BaseAmount",
             .number(TreePath.root, .amount, emptyPasses: false)),
        Assertion("BR-FR-DEC-02_BT-129", "BT-129", "the invoiced quantity (BT-129)", "cac:InvoiceLine/cbc:InvoicedQuantity",
                  creditNote: "cac:CreditNoteLine/cbc:CreditedQuantity", .number(TreePath.root, .quantity, emptyPasses: false)),
        Assertion("BR-FR-DEC-02_BT-149", "BT-149", "the item price base quantity (BT-149)", "cac:InvoiceLine", creditNote: "cac:CreditNoteLine",
                  .number(TreePath("cac:Price/cbc:BaseQuantity"), .quantity, emptyPasses: true)),
        Assertion("BR-FR-DEC-03_BT-146", "BT-146", "the item net price (BT-146)", "cac:InvoiceLine", creditNote: "cac:CreditNoteLine",
                  .number(TreePath("cac:Price/cbc:PriceAmount"), .unitPrice, emptyPasses: true)),
        line("BR-FR-DEC-03_BT-147", "BT-147", "the item price discount (BT-147)", "cac:Price/cac:AllowanceCharge",
             .number(TreePath("cbc:Amount"), .unitPrice, emptyPasses: true)),
        line("BR-FR-DEC-03_BT-148", "BT-148", "the item gross price (BT-148)", "cac:Price/cac:AllowanceCharge/cbc:BaseAmount",
             .number(TreePath.root, .unitPrice, emptyPasses: true)),
        Assertion("BR-FR-DEC-04_BT-96_BT-103", "BT-96", "the allowance or charge VAT rate (BT-96/BT-103)", "cac:AllowanceCharge/cac:TaxCategory/cbc:Percent",
                  anywhere: true, .number(TreePath.root, .rate, emptyPasses: false)),
        Assertion("BR-FR-DEC-04_BT-119", "BT-119", "the VAT breakdown rate (BT-119)", ublTaxTotalCategory + "/cbc:Percent",
                  anywhere: true, .number(TreePath.root, .rate, emptyPasses: false)),
        Assertion("BR-FR-DEC-04_BT-152", "BT-152", "the invoiced item VAT rate (BT-152)", "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",
                  anywhere: true, .number(TreePath.root, .rate, emptyPasses: false)),
    ]

    static let cii: [Assertion] = [
        Assertion("BR-FR-01_BT-1", "BT-1", "the invoice number (BT-1)", "rsm:ExchangedDocument/ram:ID", .maxLength(35)),
        Assertion("BR-FR-02_BT-1", "BT-1", "the invoice number (BT-1)", "rsm:ExchangedDocument/ram:ID", .identifier),
        Assertion("BR-FR-01_BT-25", "BT-25", "the preceding invoice number (BT-25)",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .maxLength(35)),
        Assertion("BR-FR-02_BT-25", "BT-25", "the preceding invoice number (BT-25)",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .identifier),
        Assertion("BR-FR-01_EXT-FR-FE-136", "EXT-FR-FE-136", "the line's preceding invoice number",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .maxLength(35)),
        Assertion("BR-FR-02_EXT-FR-FE-136", "EXT-FR-FE-136", "the line's preceding invoice number",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .identifier),
        Assertion("BR-FR-03_BT-2", "BT-2", "the invoice issue date (BT-2)", "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-7", "BT-7", "the VAT point date (BT-7)", ciiSettlement + "/ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString", .dateCII),
        Assertion("BR-FR-03_BT-9", "BT-9", "the payment due date (BT-9)",
                  ciiSettlement + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-26", "BT-26", "the preceding invoice issue date (BT-26)",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-72", "BT-72", "the actual delivery date (BT-72)",
                  "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
                  .dateCII),
        Assertion("BR-FR-03_BT-73", "BT-73", "the invoicing period start date (BT-73)",
                  ciiSettlement + "/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-74", "BT-74", "the invoicing period end date (BT-74)",
                  ciiSettlement + "/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-138", "EXT-FR-FE-138", "the line's preceding invoice issue date",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-158", "EXT-FR-FE-158", "the line's actual delivery date",
                  ciiLine + "/ram:SpecifiedLineTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-134", "BT-134", "the invoice line period start date (BT-134)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-135", "BT-135", "the invoice line period end date (BT-135)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-04_BT-3", "BT-3", "the invoice type code (BT-3)", "rsm:ExchangedDocument/ram:TypeCode", .documentType),
        Assertion("BR-FR-04_EXT-FR-FE-02", "EXT-FR-FE-02", "the preceding invoice's type code",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:TypeCode", .documentType),
        Assertion("BR-FR-04_EXT-FR-FE-137", "EXT-FR-FE-137", "the type code of the line's preceding invoice",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:TypeCode", .documentType),
        Assertion("BR-FR-05_BT-22_PMT", "BT-22", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubject("PMT")),
        Assertion("BR-FR-05_BT-22_PMD", "BT-22", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubject("PMD")),
        Assertion("BR-FR-05_BT-22_AAB", "BT-22", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubject("AAB")),
        Assertion("BR-FR-06_BT-21_PMT", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("PMT")),
        Assertion("BR-FR-06_BT-21_PMD", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("PMD")),
        Assertion("BR-FR-06_BT-21_AAB", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("AAB")),
        Assertion("BR-FR-06_BT-21_TXD", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("TXD")),
        // v1.4.0.02 asks it of the document context: an invoice without the parameter fails too.
        Assertion("BR-FR-08_BT-23", "BT-23", "the business process (BT-23)", "rsm:ExchangedDocumentContext",
                  .billingFramework(TreePath("ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"))),
    ] + siretAssertions(ciiParties, siret: ciiSIRET, siren: ciiSIREN) + [
        Assertion("BR-FR-09_BT-71", "BT-71", "the deliver-to party's SIRET (scheme 0009)", ciiDelivery + "/ram:ShipToTradeParty",
                  .siretBeginsWithSIREN(siret: ciiSIRET, siren: ciiSIREN, sirenFromSIRET: true)),
        Assertion("BR-FR-09_EXT-FR-FE-146", "EXT-FR-FE-146", "the line's deliver-to party SIRET (scheme 0009)",
                  ciiLine + "/ram:SpecifiedLineTradeDelivery/ram:ShipToTradeParty", .siretBeginsWithSIREN(siret: ciiSIRET, siren: ciiSIREN, sirenFromSIRET: true)),
        Assertion("BR-FR-10_BT-30", "BT-30", "the seller's SIREN (BT-30, legal registration identifier with scheme 0002)", "",
                  .siren(TreePath(ciiAgreement + "/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']"))),
        Assertion("BR-FR-11_BT-47", "BT-47", "the buyer's SIREN (BT-47, legal registration identifier with scheme 0002)", "",
                  .b2bBuyerSIREN(TreePath(ciiAgreement + "/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']"), normalized: false)),
        Assertion("BR-FR-12_BT-49", "BT-49", "the buyer's electronic address (BT-49)", "",
                  .given(TreePath(ciiAgreement + "/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID"), normalized: false)),
        Assertion("BR-FR-13_BT-34", "BT-34", "the seller's electronic address (BT-34)", "",
                  .given(TreePath(ciiAgreement + "/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID"), normalized: false)),
        Assertion("BR-FR-15_BT-95_BT-102", "BT-95", "the allowance or charge VAT category code (BT-95/BT-102)",
                  ciiSettlement + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax",
                  .vatCategory(TreePath("ram:CategoryCode"), absentPasses: false, groupLinesMayOmit: false)),
        Assertion("BR-FR-15_BT-95_BT-102_LM", "BT-95", "the allowance or charge VAT category code (BT-95/BT-102)",
                  ciiSettlement + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax", .notCategoryLOrM(TreePath("ram:CategoryCode"))),
        Assertion("BR-FR-15_BT-95_BT-118", "BT-118", "the VAT breakdown category code (BT-118)", ciiSettlement + "/ram:ApplicableTradeTax",
                  .vatCategory(TreePath("ram:CategoryCode"), absentPasses: false, groupLinesMayOmit: false)),
        Assertion("BR-FR-15_BT-95_BT-118_LM", "BT-118", "the VAT breakdown category code (BT-118)", ciiSettlement + "/ram:ApplicableTradeTax",
                  .notCategoryLOrM(TreePath("ram:CategoryCode"))),
        Assertion("BR-FR-15_BT-95_BT-151", "BT-151", "the invoiced item VAT category code (BT-151)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax",
                  .vatCategory(TreePath("ram:CategoryCode"), absentPasses: false, groupLinesMayOmit: true)),
        Assertion("BR-FR-15_BT-95_BT-151_LM", "BT-151", "the invoiced item VAT category code (BT-151)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax", .notCategoryLOrM(TreePath("ram:CategoryCode"))),
        Assertion("BR-FR-16_BT-96_BT-103", "BT-96", "the allowance or charge VAT rate (BT-96/BT-103)",
                  ciiSettlement + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax",
                  .vatRate(TreePath("ram:RateApplicablePercent"), emptyPasses: true)),
        Assertion("BR-FR-16_BT-119", "BT-119", "the VAT breakdown rate (BT-119)", ciiSettlement + "/ram:ApplicableTradeTax",
                  .vatRate(TreePath("ram:RateApplicablePercent"), emptyPasses: true)),
        Assertion("BR-FR-16_BT-152", "BT-152", "the invoiced item VAT rate (BT-152)", ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax",
                  .vatRate(TreePath("ram:RateApplicablePercent"), emptyPasses: true)),
        // Attachments only (type 916).
        Assertion("BR-FR-17_BT-123", "BT-123", "the attachment qualifier (BT-123)", ciiAgreement + "/ram:AdditionalReferencedDocument[ram:TypeCode='916']",
                  .attachmentQualifier(TreePath("ram:Name"), normalized: true)),
        Assertion("BR-FR-18_BT-123", "BT-123", "the attachments qualified LISIBLE (BT-123)", "",
                  .atMostOne(TreePath(ciiAgreement + "/ram:AdditionalReferencedDocument[ram:Name='LISIBLE']"))),
        Assertion("BR-FR-20_BT-21", "BT-22", "the BAR note's treatment (BT-22)", "rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode='BAR']",
                  .barContent(TreePath("ram:Content"))),
        Assertion("BR-FR-21_BT-49", "BT-49", "the buyer's electronic address (BT-49)", "",
                  .electronicAddress(ElectronicAddress(endpoint: TreePath(ciiAgreement + "/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID"),
                                                       siren: TreePath(ciiAgreement + "/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
                                                       condition: .b2bNotSelfBilled))),
        Assertion("BR-FR-22_BT-34", "BT-34", "the seller's electronic address (BT-34)", "",
                  .electronicAddress(ElectronicAddress(endpoint: TreePath(ciiAgreement + "/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID"),
                                                       siren: TreePath(ciiAgreement + "/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
                                                       condition: .b2bSelfBilled))),
    ] + addressAssertions(ciiParties, endpoint: "ram:URIUniversalCommunication/ram:URIID", routing: "ram:GlobalID") + [
        Assertion("BR-FR-27_BG-32", "BG-32", "the item attribute (BG-32)", ciiLine + "/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic",
                  .either(TreePath("ram:Description"), TreePath("ram:TypeCode"))),
        Assertion("BR-FR-27_BT-160", "BT-160", "the item attribute name (BT-160)",
                  ciiLine + "/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic/ram:Description", .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-27_EXT-FR-FE-159", "EXT-FR-FE-159", "the item attribute code",
                  ciiLine + "/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic/ram:TypeCode", .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-28-Value", "BT-161", "the item attribute (BG-32)", ciiLine + "/ram:SpecifiedTradeProduct/ram:ApplicableProductCharacteristic",
                  .valueOrMeasure(value: TreePath("ram:Value"), measure: TreePath("ram:ValueMeasure"))),
        Assertion("BR-FR-29_BT-18", "BT-18", "the object identifiers with schemes AFL and AVV (BT-18)", ciiAgreement,
                  .atMostOneEach(TreePath("ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']"),
                                 TreePath("ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']"))),
        Assertion("BR-FR-29_AFL", "BT-18", "the object identifier with scheme AFL (BT-18)",
                  ciiAgreement + "/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']/ram:IssuerAssignedID", .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-29_AVV", "BT-18", "the object identifier with scheme AVV (BT-18)",
                  ciiAgreement + "/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']/ram:IssuerAssignedID", .given(TreePath.root, normalized: true)),
        // Line object identifiers at a path CII D16B does not have: as published, these fire only
        // on such a document.
        Assertion("BR-FR-30_BT-128", "BT-128", "the line object identifiers with schemes AFL and AVV (BT-128)", ciiLine,
                  .atMostOneEach(TreePath("ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']"),
                                 TreePath("ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']"))),
        Assertion("BR-FR-30_AFL", "BT-128", "the line object identifier with scheme AFL (BT-128)",
                  ciiLine + "/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']/ram:IssuerAssignedID", .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-30_AVV", "BT-128", "the line object identifier with scheme AVV (BT-128)",
                  ciiLine + "/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']/ram:IssuerAssignedID", .given(TreePath.root, normalized: true)),
        Assertion("BR-FR-31_BT-21", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument",
                  .barNoteAtMostOnce(TreePath("ram:IncludedNote[ram:SubjectCode='BAR']"))),
        Assertion("BR-FR-32-LEGALID", "BT-30", "the legal registration identifier with scheme 0002 (SIREN)",
                  "ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']", anywhere: true, .siren(TreePath.root)),
        Assertion("BR-FR-32-GLOBALID", "BT-29", "the party global identifier with scheme 0002 (SIREN)",
                  "ram:GlobalID[@schemeID='0002']", anywhere: true, .siren(TreePath.root)),
        Assertion("BR-FR-32-GLOBALID", "BT-29", "the party global identifier with scheme 0231 (member of a single VAT group)",
                  "ram:GlobalID[@schemeID='0231']", anywhere: true, .siren(TreePath.root)),
    ] + documentAssertions(correctiveID: "BR-FR-CO-04_BT-4") + [false, true].flatMap { unique in
        identifierSchemeAssertions(ciiParties, identifiers: TreePath("ram:GlobalID"), unique: unique) + [
        Assertion("BR-FR-CO-10_BT-71-\(unique ? 2 : 1)", "BT-71", "the deliver-to party's identifiers (BT-71)",
                  "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty", anywhere: true,
                  .identifierSchemes(TreePath("ram:GlobalID"), unique: unique)),
        Assertion("BR-FR-CO-10_EXT-FR-FE-146-\(unique ? 2 : 1)", "EXT-FR-FE-146", "the line's deliver-to party identifiers",
                  "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeDelivery/ram:ShipToTradeParty",
                  anywhere: true, .identifierSchemes(TreePath("ram:GlobalID"), unique: unique)),
        ]
    } + [
        // BR-FR-MV and BR-FR-BD: multi-vendor and bidirectional invoices.
        Assertion("BR-FR-MV-01_EXT-FR-FE-163", "EXT-FR-FE-163", "the line sub-type (EXT-FR-FE-163)",
                  ciiLine + "/ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode", .multiVendor(.lineSubType)),
        Assertion("BR-FR-MV-02_EXT-FR-FE-163", "EXT-FR-FE-163", "the invoice", "rsm:SupplyChainTradeTransaction", .multiVendor(.groupLine)),
        Assertion("BR-FR-BD-02_EXT-FR-FE-163", "EXT-FR-FE-163", "the invoice", "rsm:SupplyChainTradeTransaction", .multiVendor(.twoGroupLines)),
        Assertion("BR-FR-BD-02_BT-31", "BT-30", "the invoice", "rsm:SupplyChainTradeTransaction", .multiVendor(.sellerGroupLine)),
        Assertion("BR-FR-BD-02_BT-47", "BT-47", "the invoice", "rsm:SupplyChainTradeTransaction", .multiVendor(.buyerGroupLine)),
        Assertion("BR-FR-MV-03_EXT-FR-FE-164", "EXT-FR-FE-164", "the", ciiLine, .multiVendor(.subSellerName)),
        Assertion("BR-FR-MV-03_EXT-FR-FE-167", "EXT-FR-FE-167", "the", ciiLine, .multiVendor(.subSellerLegalID)),
        Assertion("BR-FR-MV-03_EXT-FR-FE-177", "EXT-FR-FE-177", "the", ciiLine, .multiVendor(.subSellerCountry)),
        Assertion("BR-FR-MV-03_EXT-FR-FE-181", "EXT-FR-FE-181", "the", ciiLine, .multiVendor(.groupVAT)),
        Assertion("BR-FR-MV-03_EXT-FR-FE-182", "EXT-FR-FE-182", "the", ciiLine, .multiVendor(.groupVATInAccountingCurrency)),
        Assertion("BR-FR-MV-03_BT-128_AFL", "BT-128", "the GROUP line's object identifier with scheme AFL",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AFL']", .multiVendor(.subInvoiceNumber)),
        Assertion("BR-FR-MV-03_BT-128_AVV", "BT-128", "the GROUP line's object identifier with scheme AVV",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument[ram:ReferenceTypeCode='AVV']", .multiVendor(.subInvoiceFramework)),
        Assertion("BR-FR-MV-05_EXT-FR-FE-BG-12", "BT-131", "the", ciiLine, .multiVendor(.groupAmount)),
        Assertion("BR-FR-MV-06_EXT-FR-FE-167", "EXT-FR-FE-167", "the line", ciiLine, .multiVendor(.sameSubSeller)),
        Assertion("BR-FR-MV-07_BT-128", "BT-128", "the line", ciiLine, .multiVendor(.sameSubInvoice)),
        Assertion("BR-FR-MV-08_BT-128", "BT-128", "the DETAIL line", ciiLine, .multiVendor(.exemptionReason)),
        Assertion("BR-FR-MV-09_EXT-FR-FE-181", "EXT-FR-FE-181", "the", ciiLine, .multiVendor(.groupVATBreakdown)),
        Assertion("BR-FR-MV-10_EXT-FR-FE-184", "EXT-FR-FE-184", "the", ciiLine, .multiVendor(.groupAmountWithVAT)),
        Assertion("BR-FR-MV-11_BT-128", "BT-128", "the", ciiLine, .multiVendor(.sellerSubInvoice)),
        Assertion("BR-FR-MV-12_BT-128", "BT-128", "the invoice", "rsm:SupplyChainTradeTransaction", .multiVendor(.uniqueSubInvoices)),
        Assertion("BR-FR-MV-13_BT-3", "BT-3", "the invoice type code (BT-3)", "rsm:ExchangedDocument/ram:TypeCode", .multiVendor(.notSelfBilled)),
        Assertion("BR-FR-BD-13_BT-3", "BT-3", "the invoice type code (BT-3)", "rsm:ExchangedDocument/ram:TypeCode", .multiVendor(.selfBilled)),
        Assertion("BR-FR-MV-14-EXT-FR-FE-136", "EXT-FR-FE-136", "the", ciiLine, .multiVendor(.precedingInvoiceNumber(bidirectional: false))),
        Assertion("BR-FR-MV-14-EXT-FR-FE-138", "EXT-FR-FE-138", "the", ciiLine, .multiVendor(.precedingInvoiceDate(bidirectional: false))),
        Assertion("BR-FR-BD-14-EXT-FR-FE-136", "EXT-FR-FE-136", "the", ciiLine, .multiVendor(.precedingInvoiceNumber(bidirectional: true))),
        Assertion("BR-FR-BD-14-EXT-FR-FE-138", "EXT-FR-FE-138", "the", ciiLine, .multiVendor(.precedingInvoiceDate(bidirectional: true))),
        // BR-FR-DEC: number formats.
        amount("BT-92_BT-99", "the document allowance or charge amount (BT-92/BT-99)", ciiSettlement + "/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount"),
        amount("BT-93_BT-100", "the document allowance or charge base amount (BT-93/BT-100)", ciiSettlement + "/ram:SpecifiedTradeAllowanceCharge/ram:BasisAmount"),
        amount("BT-106", "the sum of line net amounts (BT-106)", ciiSummation + "/ram:LineTotalAmount"),
        amount("BT-107", "the sum of allowances (BT-107)", ciiSummation + "/ram:AllowanceTotalAmount"),
        amount("BT-108", "the sum of charges (BT-108)", ciiSummation + "/ram:ChargeTotalAmount"),
        amount("BT-109", "the total without VAT (BT-109)", ciiSummation + "/ram:TaxBasisTotalAmount"),
        amount("BT-110", "the total VAT amount (BT-110/BT-111)", ciiSummation + "/ram:TaxTotalAmount"),
        amount("BT-112", "the total with VAT (BT-112)", ciiSummation + "/ram:GrandTotalAmount"),
        amount("BT-113", "the paid amount (BT-113)", ciiSummation + "/ram:TotalPrepaidAmount"),
        amount("BT-114", "the rounding amount (BT-114)", ciiSummation + "/ram:RoundingAmount"),
        amount("BT-115", "the amount due (BT-115)", ciiSummation + "/ram:DuePayableAmount"),
        amount("BT-116", "the VAT category taxable amount (BT-116)", ciiSettlement + "/ram:ApplicableTradeTax/ram:BasisAmount"),
        amount("BT-117", "the VAT category tax amount (BT-117)", ciiSettlement + "/ram:ApplicableTradeTax/ram:CalculatedAmount"),
        amount("BT-131", "the invoice line net amount (BT-131)",
               ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount"),
        amount("BT-136_BT-141", "the invoice line allowance or charge amount (BT-136/BT-141)",
               ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount"),
        amount("BT-137_BT-142", "the invoice line allowance or charge base amount (BT-137/BT-142)",
               ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:BasisAmount"),
        Assertion("BR-FR-DEC-02_BT-129", "BT-129", "the invoiced quantity (BT-129)", ciiLine + "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity",
                  .number(TreePath.root, .quantity, emptyPasses: false)),
        Assertion("BR-FR-DEC-02_BT-149", "BT-149", "the item price base quantity (BT-149)",
                  ciiLine + "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity", .number(TreePath.root, .quantity, emptyPasses: false)),
        Assertion("BR-FR-DEC-03_BT-146", "BT-146", "the item net price (BT-146)",
                  ciiLine + "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount", .number(TreePath.root, .unitPrice, emptyPasses: false)),
        Assertion("BR-FR-DEC-03_BT-147", "BT-147", "the item price discount (BT-147)",
                  ciiLine + "/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount",
                  .number(TreePath.root, .unitPrice, emptyPasses: false)),
        Assertion("BR-FR-DEC-03_BT-148", "BT-148", "the item gross price (BT-148)",
                  ciiLine + "/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:ChargeAmount", .number(TreePath.root, .unitPrice, emptyPasses: false)),
        Assertion("BR-FR-DEC-04_BT-96_BT-103", "BT-96", "the allowance or charge VAT rate (BT-96/BT-103)",
                  ciiSettlement + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:RateApplicablePercent", .number(TreePath.root, .rate, emptyPasses: false)),
        Assertion("BR-FR-DEC-04_BT-119", "BT-119", "the VAT breakdown rate (BT-119)", ciiSettlement + "/ram:ApplicableTradeTax/ram:RateApplicablePercent",
                  .number(TreePath.root, .rate, emptyPasses: false)),
        Assertion("BR-FR-DEC-04_BT-152", "BT-152", "the invoiced item VAT rate (BT-152)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", .number(TreePath.root, .rate, emptyPasses: false)),
    ]
}
