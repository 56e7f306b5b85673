import FacteurModel
import FacteurXML

/// The BR-FR-CO rules that read the whole document, from its root. Each syntax's schematron reads
/// its own elements, and sometimes its own way (`<` on any pair of dates in UBL, `ge` on the first
/// ones in CII); both are followed.
extension FrenchAssertions {
    private static let prepaymentTypes = CodeSet(["386", "500", "503"])
    private static let correctiveTypes = CodeSet(["384", "471", "472", "473"])
    private static let creditNoteTypes = CodeSet(["261", "381", "396", "502", "503"])
    private static let paidFrameworks = CodeSet(["B2", "S2", "M2"])
    private static let finalFrameworks = CodeSet(["B4", "S4", "M4"])

    /// The paths each rule reads, from the root. A class: a rule takes its syntax's paths as one
    /// reference, not fifteen paths' arrays counted one by one.
    private final class Paths: Sendable {
        let framework: TreePath
        let contract: TreePath
        let periodStart: TreePath
        let periodEnd: TreePath
        let references: TreePath
        let issueDate: TreePath
        let dueDate: TreePath
        let paid: TreePath
        let total: TreePath
        let due: TreePath
        let currency: TreePath
        let accountingCurrency: TreePath
        let vatInEuro: TreePath
        let vatGroupMember: TreePath
        let representativeVAT: TreePath

        init(framework: TreePath, contract: TreePath, periodStart: TreePath, periodEnd: TreePath, references: TreePath,
             issueDate: TreePath, dueDate: TreePath, paid: TreePath, total: TreePath, due: TreePath, currency: TreePath,
             accountingCurrency: TreePath, vatInEuro: TreePath, vatGroupMember: TreePath, representativeVAT: TreePath) {
            self.framework = framework
            self.contract = contract
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.references = references
            self.issueDate = issueDate
            self.dueDate = dueDate
            self.paid = paid
            self.total = total
            self.due = due
            self.currency = currency
            self.accountingCurrency = accountingCurrency
            self.vatInEuro = vatInEuro
            self.vatGroupMember = vatGroupMember
            self.representativeVAT = representativeVAT
        }
    }

    private static let ciiSettlementPath = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    private static let ciiSummationPath = ciiSettlementPath + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
    private static let ciiAgreementPath = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"

    private static let ublPaths = Paths(
        framework: ublFramework, contract: TreePath("cac:ContractDocumentReference/cbc:ID"),
        periodStart: TreePath("cac:InvoicePeriod/cbc:StartDate"), periodEnd: TreePath("cac:InvoicePeriod/cbc:EndDate"),
        references: TreePath("cac:BillingReference"), issueDate: TreePath("cbc:IssueDate"), dueDate: TreePath("cbc:DueDate"),
        paid: TreePath("cac:LegalMonetaryTotal/cbc:PrepaidAmount"), total: TreePath("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"),
        due: TreePath("cac:LegalMonetaryTotal/cbc:PayableAmount"), currency: TreePath("cbc:DocumentCurrencyCode"),
        accountingCurrency: TreePath("cbc:TaxCurrencyCode"), vatInEuro: TreePath("cac:TaxTotal/cbc:TaxAmount[@currencyID='EUR']"),
        vatGroupMember: TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='0231']"),
        representativeVAT: TreePath("cac:TaxRepresentativeParty/cac:PartyTaxScheme/cbc:CompanyID"))

    private static let ciiPaths = Paths(
        framework: ciiFramework,
        contract: TreePath(ciiAgreementPath + "/ram:ContractReferencedDocument/ram:IssuerAssignedID"),
        periodStart: TreePath(ciiSettlementPath + "/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString"),
        periodEnd: TreePath(ciiSettlementPath + "/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString"),
        references: TreePath(ciiSettlementPath + "/ram:InvoiceReferencedDocument"),
        issueDate: TreePath("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
        dueDate: TreePath(ciiSettlementPath + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"),
        paid: TreePath(ciiSummationPath + "/ram:TotalPrepaidAmount"), total: TreePath(ciiSummationPath + "/ram:GrandTotalAmount"),
        due: TreePath(ciiSummationPath + "/ram:DuePayableAmount"), currency: TreePath(ciiSettlementPath + "/ram:InvoiceCurrencyCode"),
        accountingCurrency: TreePath(ciiSettlementPath + "/ram:TaxCurrencyCode"),
        vatInEuro: TreePath(ciiSummationPath + "/ram:TaxTotalAmount[@currencyID='EUR']"),
        vatGroupMember: TreePath(ciiAgreementPath + "/ram:SellerTradeParty/ram:GlobalID[@schemeID='0231']"),
        representativeVAT: TreePath(ciiAgreementPath + "/ram:SellerTaxRepresentativeTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"))

    /// UBL CO-05: the preceding invoice with its number and date, in the header and on a line.
    private static let ublHeaderReference = TreePath("cac:BillingReference/cac:InvoiceDocumentReference")
    private static let ublLineReference = TreePath("cac:BillingReference/cac:InvoiceDocumentReference")
    private static let ublCreditNoteLines = TreePath("cac:CreditNoteLine")
    private static let ublInvoiceTypeCode = TreePath("cbc:InvoiceTypeCode")
    private static let ublCreditNoteTypeCode = TreePath("cbc:CreditNoteTypeCode")
    private static let ublPaymentDueDate = TreePath("cac:PaymentMeans/cbc:PaymentDueDate")
    private static let ublRepresentative = TreePath("cac:TaxRepresentativeParty/cac:PartyTaxScheme")
    private static let ciiLines = TreePath("rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem")
    private static let ciiLineReference = TreePath("ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument")
    private static let ciiRepresentative = TreePath(ciiAgreementPath + "/ram:SellerTaxRepresentativeTradeParty")
    private static let ciiVATGroupNote = TreePath("rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode='TXD']")

    static func documentProblem(_ rule: DocumentRule, _ root: XMLNode, _ values: inout DocumentValues) -> String? {
        let isUBL = values.isUBL
        let paths = isUBL ? ublPaths : ciiPaths
        let creditNote = isUBL && root.hasLocalName("CreditNote")
        switch rule {
        case .globalDiscountCreditNote:
            // UBL: the rule's context is the CreditNote root; an Invoice typed 262 is not read.
            let types = isUBL ? (creditNote ? texts(ublCreditNoteTypeCode, root) : []) : typeCodes(&values)
            guard types.contains(where: { xpathEqual($0, "262") }) else { return nil }
            let contract = text(paths.contract, root), start = text(paths.periodStart, root), end = text(paths.periodEnd, root)
            if !contract.isEmpty, !start.isEmpty, !end.isEmpty { return nil }
            return "is a global discount credit note (262) without \(contract.isEmpty ? "its contract reference (BT-12)" : "a whole invoicing period (BT-73, BT-74)"): expected both"
        case .correctiveInvoiceReference:
            // UBL reads cbc:InvoiceTypeCode, which a CreditNote does not have.
            let types = isUBL ? texts(ublInvoiceTypeCode, root) : typeCodes(&values)
            guard let type = types.first(where: { correctiveTypes.contains($0) }) else { return nil }
            let count = paths.references.count(from: root)
            return count == 1 ? nil : "is a corrective invoice (\(type)) with \(count) preceding invoice references (BT-25): expected exactly one"
        case .creditNoteReference:
            let types = isUBL ? (creditNote ? texts(ublCreditNoteTypeCode, root) : []) : typeCodes(&values)
            guard let type = types.first(where: { creditNoteTypes.contains($0) }) else { return nil }
            return creditNoteReferenced(root, isUBL) ? nil
                : "is a credit note (\(type)) without its preceding invoice number and date (BT-25, BT-26) in the header or on every line: expected one of them"
        case .dueDateNotBeforeIssueDate:
            let types = typeCodes(&values), frameworks = texts(paths.framework, root)
            if types.contains(where: { prepaymentTypes.contains($0) }) || frameworks.contains(where: { paidFrameworks.contains($0) }) { return nil }
            if isUBL {
                // `$dueDate < $issueDate`: any pair, compared as strings.
                let dues = texts(paths.dueDate, root), issues = texts(paths.issueDate, root)
                guard let due = dues.first(where: { due in issues.contains { before(due, $0) } }) else { return nil }
                return "is '\(due)', before the issue date (BT-2): expected the same day or later"
            }
            // `not(string($dueDate)) or ... or $dueDate ge $issueDate` on the first of each.
            let due = text(paths.dueDate, root)
            guard !due.isEmpty else { return nil }
            guard let issue = first(paths.issueDate, root)?.stringValue else { return "is '\(due)' and the issue date (BT-2) is missing: expected the due date on or after it" }
            return before(due, issue) ? "is '\(due)', before the issue date (BT-2) '\(issue)': expected the same day or later" : nil
        case .finalInvoiceIsNoPrepayment:
            guard let framework = texts(paths.framework, root).first(where: { finalFrameworks.contains($0) }),
                  let type = typeCodes(&values).first(where: { prepaymentTypes.contains($0) }) else { return nil }
            return "is \(framework), a final invoice after prepayment, on a prepayment document (\(type)): expected another type or framework"
        case .paidInFull, .nothingDue, .paymentDateGiven:
            guard let framework = texts(paths.framework, root).first(where: { paidFrameworks.contains($0) }) else { return nil }
            switch rule {
            case .paidInFull:
                // `number(P) = number(T)`: an absent or unreadable amount is NaN, equal to nothing.
                let paid = first(paths.paid, root)?.stringValue, total = first(paths.total, root)?.stringValue
                if let p = paid.flatMap(ExactDecimal.init(parsing:)), let t = total.flatMap(ExactDecimal.init(parsing:)), p == t { return nil }
                return "is \(framework), already paid, and the paid amount (BT-113) is \(paid.map { "'\($0)'" } ?? "missing"): expected the total with VAT (BT-112) \(total.map { "'\($0)'" } ?? "(missing)")"
            case .nothingDue:
                let due = first(paths.due, root)?.stringValue
                if let amount = due.flatMap(ExactDecimal.init(parsing:)), amount == ExactDecimal(0) { return nil }
                return "is \(framework), already paid, and the amount due (BT-115) is \(due.map { "'\($0)'" } ?? "missing"): expected 0"
            default:
                // UBL: `cbc:DueDate | cac:PaymentMeans/cbc:PaymentDueDate` (a CreditNote has only the
                // second), the first in document order: cbc:DueDate comes before cac:PaymentMeans.
                var date = text(paths.dueDate, root)
                if isUBL, first(paths.dueDate, root) == nil { date = text(ublPaymentDueDate, root) }
                return date.isEmpty ? "is \(framework), already paid, without the payment date as due date (BT-9): expected one" : nil
            }
        case .vatInEuro:
            guard let currency = texts(paths.currency, root).first(where: { !xpathEqual($0, "EUR") }) else { return nil }
            let accounting = texts(paths.accountingCurrency, root)
            if accounting.contains(where: { xpathEqual($0, "EUR") }), !text(paths.vatInEuro, root).isEmpty { return nil }
            return "is '\(currency)': expected EUR as VAT accounting currency (BT-6) and the VAT total in EUR (BT-111)"
        case .vatGroupNote:
            guard paths.vatGroupMember.count(from: root) > 0 else { return nil }
            if isUBL {
                if mention("TXD", in: notes(of: root, &values)) == "MEMBRE_ASSUJETTI_UNIQUE" { return nil }
            } else if ciiVATGroupNote.select(from: root).contains(where: { note in
                ciiNoteContent.select(from: note).contains { xpathEqual($0.stringValue, "MEMBRE_ASSUJETTI_UNIQUE") }
            }) {
                return nil
            }
            return "is a member of a single VAT group (scheme 0231): expected a TXD note MEMBRE_ASSUJETTI_UNIQUE"
        case .vatGroupRepresentative:
            guard paths.vatGroupMember.count(from: root) > 0 else { return nil }
            let representative = (isUBL ? ublRepresentative : ciiRepresentative).count(from: root) > 0
            if representative, !text(paths.representativeVAT, root).isEmpty { return nil }
            return "is a member of a single VAT group (scheme 0231): expected a tax representative (BG-11) with the group's VAT identifier (BT-63)"
        }
    }

    /// CO-05: a header reference with number and date, or one on every line. UBL counts the line
    /// references against the lines (`count(refs) = count(lines)`); CII asks it of every line.
    private static func creditNoteReferenced(_ root: XMLNode, _ isUBL: Bool) -> Bool {
        if isUBL {
            if ublHeaderReference.select(from: root).contains(where: hasNumberAndDate) { return true }
            let lines = ublCreditNoteLines.select(from: root)
            let references = lines.reduce(0) { $0 + ublLineReference.select(from: $1).filter(hasNumberAndDate).count }
            return references == lines.count
        }
        if ciiPaths.references.select(from: root).contains(where: hasNumberAndDate) { return true }
        return ciiLines.select(from: root).allSatisfy { line in ciiLineReference.select(from: line).contains(where: hasNumberAndDate) }
    }

    private static let ublNumber = TreePath("cbc:ID"), ublDate = TreePath("cbc:IssueDate")
    private static let ciiNumber = TreePath("ram:IssuerAssignedID"), ciiDate = TreePath("ram:FormattedIssueDateTime/qdt:DateTimeString")

    /// `[cbc:ID and cbc:IssueDate]` or `[ram:IssuerAssignedID and ram:FormattedIssueDateTime/qdt:DateTimeString]`.
    private static func hasNumberAndDate(_ reference: XMLNode) -> Bool {
        if reference.isInNamespace(TreePrefix.cac.uri) {
            return ublNumber.count(from: reference) > 0 && ublDate.count(from: reference) > 0
        }
        return ciiNumber.count(from: reference) > 0 && ciiDate.count(from: reference) > 0
    }

    /// `a < b` on strings: code point order, which UTF-8 byte order keeps.
    private static func before(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
