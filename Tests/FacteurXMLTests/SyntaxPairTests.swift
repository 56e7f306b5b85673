import FacteurModel
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// The official examples come in pairs: `ubl/ubl-tc434-exampleN.xml` and `cii/CII_exampleN.xml` tell
/// the same business case in the two syntaxes. Read into the model, every term must hold the same
/// value, except where the two official files really say different things. Those differences were
/// each checked by reading both files (for example pair 1: UBL unit code `EA`, CII `H87`; a product
/// name typo "PKAAS" in the UBL file; a second IBAN only in the CII file). A regression in either
/// reader shows up as a new difference, and a term that one reader stopped reading as a vanished one.
///
/// Pairs 2, 3 and 5 are left out: their files tell different stories (different quantities, an extra
/// line in UBL example 3, direct debit in one and credit transfer in the other in example 5).
@Suite("UBL and CII versions of the same invoice")
struct SyntaxPairTests {
    static let examples = SharedFiles.en16931.appendingPathComponent("examples")

    /// Differences present in the official files, keys with list positions replaced by `[*]`.
    static let knownDifferences: [Int: Set<String>] = [
        1: ["lines[*].quantity.unitCode", "lines[*].item.name.value", "notes[*].note.value",
            "notes[*].subjectCode.value", "paymentInstructions.creditTransfers[*].accountIdentifier.value"],
        4: ["lines[*].quantity.unitCode", "paymentInstructions.creditTransfers[*].accountIdentifier.value",
            "seller.contact.email.value"],
        6: ["lines[*].quantity.unitCode"],
        7: ["buyer.contact.point.value", "issueDate.value", "lines[*].quantity.unitCode",
            "paymentInstructions.creditTransfers[*].accountIdentifier.value", "totals.vatTotal.value"],
        8: ["invoicedObjectIdentifier.value", "lines[*].price.baseQuantity.value", "lines[*].price.baseQuantity.unitCode",
            "lines[*].quantity.unitCode", "paymentInstructions.creditTransfers[*].accountIdentifier.value",
            "supportingDocuments[*].description.value", "supportingDocuments[*].reference.value", "vatPointDate.value"],
        9: ["invoicingPeriod.endDate.value", "invoicingPeriod.startDate.value", "lines[*].period.endDate.value",
            "lines[*].period.startDate.value", "lines[*].price.baseQuantity.value", "paymentDueDate.value",
            "paymentInstructions.creditTransfers[*].accountIdentifier.value"],
    ]

    static func model(_ relative: String) throws -> Invoice {
        try InvoiceReader().read(file: examples.appendingPathComponent(relative).path)
    }

    static func wildcarded(_ key: String) -> String {
        key.replacing(/\[\d+\]/, with: "[*]")
    }

    @Test("the UBL and CII files of an official pair give the same model", arguments: [1, 4, 6, 7, 8, 9])
    func pairsAgree(number: Int) throws {
        let ubl = ModelFlattening.flatten(try Self.model("ubl/ubl-tc434-example\(number).xml"))
        let cii = ModelFlattening.flatten(try Self.model("cii/CII_example\(number).xml"))
        let differences = ModelFlattening.differences(ubl, cii)
        let found = Set(differences.map(Self.wildcarded))
        let expected = Self.knownDifferences[number] ?? []
        #expect(found.subtracting(expected).isEmpty,
                "new differences: \(differences.filter { !expected.contains(Self.wildcarded($0)) }.map { "\($0): UBL=\(ubl[$0] ?? "∅") CII=\(cii[$0] ?? "∅")" })")
        #expect(expected.subtracting(found).isEmpty, "expected differences no longer seen: \(expected.subtracting(found))")
        // The comparison is not vacuous: most terms are present in both and equal.
        let equal = Set(ubl.keys).intersection(cii.keys).filter { ubl[$0] == cii[$0] }
        #expect(equal.count >= 40, "only \(equal.count) equal terms")
        #expect(equal.contains("number.value") && equal.contains("totals.amountDue.value"))
    }

    @Test func flatteningSeesEveryGroupOfTheModel() throws {
        // Invoice-Max_content fills nearly every group: the flattening must reach into each.
        let keys = ModelFlattening.flatten(try Self.model("testfiles/Invoice-Max_content.xml")).keys
        for prefix in ["seller.address.line3", "buyer.contact.email", "payee.legalRegistrationIdentifier",
                       "taxRepresentative.address.countrySubdivision", "delivery.address.city",
                       "paymentInstructions.creditTransfers[3].serviceProviderIdentifier",
                       "lines[0].item.attributes[1].value", "lines[0].item.classifications[0].schemeVersion",
                       "vatBreakdown[1].exemptionReasonCode", "precedingInvoices[1].reference"] {
            #expect(keys.contains { $0.hasPrefix(prefix) }, "no key under \(prefix)")
        }
    }

    /// Facteur's own fixture pair fills almost every term in both syntaxes (each file checked against
    /// its XSD when written): the two readers must agree on every one of them, with no exception.
    @Test func theFrenchFixturePairIsIdentical() throws {
        let folder = SharedFiles.packageRoot.appendingPathComponent("Fixtures/invoices")
        let ublModel = try InvoiceReader().read(file: folder.appendingPathComponent("fr-b2g-full.ubl.xml").path)
        let ciiModel = try InvoiceReader().read(file: folder.appendingPathComponent("fr-b2g-full.cii.xml").path)
        let ubl = ModelFlattening.flatten(ublModel)
        let cii = ModelFlattening.flatten(ciiModel)
        let differences = ModelFlattening.differences(ubl, cii)
        #expect(differences.isEmpty, "\(differences.map { "\($0): UBL=\(ubl[$0] ?? "∅") CII=\(cii[$0] ?? "∅")" })")
        #expect(ubl.count >= 175, "only \(ubl.count) terms compared")
        // Every group of the model is reached (BG-18 card and BG-19 direct debit aside: they
        // exclude the credit transfer this invoice uses).
        for prefix in ["number", "issueDate", "typeCode", "currencyCode", "vatPointDate", "paymentDueDate",
                       "buyerReference", "projectReference", "contractReference", "purchaseOrderReference",
                       "salesOrderReference", "receivingAdviceReference", "despatchAdviceReference",
                       "tenderOrLotReference", "invoicedObjectIdentifier.scheme", "buyerAccountingReference",
                       "paymentTerms", "notes[0]", "processControl.businessProcessType",
                       "processControl.specificationIdentifier", "precedingInvoices[0].issueDate",
                       "seller.name", "seller.tradingName", "seller.identifiers[0].scheme",
                       "seller.legalRegistrationIdentifier.scheme", "seller.vatIdentifier", "seller.taxRegistrationIdentifier",
                       "seller.additionalLegalInformation", "seller.electronicAddress.scheme", "seller.address.line3",
                       "seller.address.countrySubdivision", "seller.contact.email", "buyer.tradingName",
                       "buyer.identifier.scheme", "buyer.legalRegistrationIdentifier", "buyer.vatIdentifier",
                       "buyer.electronicAddress", "buyer.address.line2", "buyer.contact.telephone", "payee.name",
                       "payee.identifier", "payee.legalRegistrationIdentifier", "taxRepresentative.vatIdentifier",
                       "taxRepresentative.address.line3", "delivery.partyName", "delivery.locationIdentifier.scheme",
                       "delivery.actualDeliveryDate", "delivery.address.postCode", "invoicingPeriod.startDate",
                       "paymentInstructions.meansTypeCode", "paymentInstructions.meansText",
                       "paymentInstructions.remittanceInformation", "paymentInstructions.creditTransfers[0].accountName",
                       "paymentInstructions.creditTransfers[0].serviceProviderIdentifier", "allowances[0].percentage",
                       "allowances[0].baseAmount", "allowances[0].vatRate", "allowances[0].reasonCode", "charges[0].reason",
                       "totals.lineNetTotal", "totals.allowanceTotal", "totals.chargeTotal", "totals.totalWithoutVAT",
                       "totals.vatTotal", "totals.totalWithVAT", "totals.paidAmount", "totals.roundingAmount",
                       "totals.amountDue", "vatBreakdown[1].rate", "supportingDocuments[0].description",
                       "supportingDocuments[0].externalLocation", "supportingDocuments[0].attachment.filename",
                       "lines[0].note", "lines[0].objectIdentifier.scheme", "lines[0].quantity.unitCode",
                       "lines[0].orderLineReference", "lines[0].buyerAccountingReference", "lines[0].period.endDate",
                       "lines[0].allowances[0].percentage", "lines[0].charges[0].reasonCode", "lines[0].price.netPrice",
                       "lines[0].price.discount", "lines[0].price.grossPrice", "lines[0].price.baseQuantity.unitCode",
                       "lines[0].vat.rate", "lines[0].item.description", "lines[0].item.sellerIdentifier",
                       "lines[0].item.buyerIdentifier", "lines[0].item.standardIdentifier.scheme",
                       "lines[0].item.classifications[0].schemeVersion", "lines[0].item.countryOfOrigin",
                       "lines[0].item.attributes[0].value"] {
            #expect(ubl.keys.contains { $0.hasPrefix(prefix) }, "the fixture pair does not exercise \(prefix)")
        }
    }
}
