import FacteurDirectory
import FacteurModel
import FacteurRules
import FacteurXML

/// What the engine decided about one invoice of a flow: its headline values (the report's and the
/// messages'), every finding, the reasons of a rejection, and where an accepted invoice goes.
struct InvoiceJudgement: Sendable {
    var position: Int
    var syntax: String
    var number: String?
    /// BT-2 as reports print it (ISO 8601, or as written when it is not a date).
    var issueDate: String?
    /// BT-2 when it is a date.
    var issueDay: CalendarDate?
    var typeCode: String?
    var sellerSIREN: String?
    var sellerSIRET: String?
    var sellerAddress: String?
    var sellerAddressScheme: String?
    /// BT-27.
    var sellerName: String?
    var buyerSIRET: String?
    var serviceCode: String?
    var commitmentNumber: String?
    var findings: [Finding] = []
    var target: DeliveryTarget?
    /// Set when accepted.
    var platformId: String?
    /// BT-25, the first preceding invoice reference: a refused invoice this one may replace.
    var precedingNumber: String?
    var precedingYear: Int?
    /// A re-deposit of an accepted invoice by the connection that deposited it: recycled from
    /// A_RECYCLER or completed from SUSPENDUE.
    var redeposit: (action: Lifecycle.Redeposit, invoice: FlowStore.InvoiceRow)?
    /// The refused invoice (REJETEE) this one replaces.
    var replaces: (platformId: String, number: String)?

    var isAccepted: Bool { platformId != nil }

    /// The reason codes of the rejection (lifecycle.md), one per fatal finding, in finding order.
    var reasons: [(code: String, finding: Finding)] {
        findings.filter { $0.severity == .fatal }.map { (Self.reason(of: $0), $0) }
    }

    /// The uniqueness key (seller SIREN, number as written, year of issue), when the invoice has one.
    var key: (siren: String, number: String, year: Int)? {
        guard let siren = sellerSIREN, let number, let year = issueDay?.year else { return nil }
        return (siren, number, year)
    }

    init(position: Int, invoice: Invoice) {
        self.position = position
        syntax = invoice.syntax.isUBL ? "UBL" : "CII"
        number = invoice.number?.value
        issueDate = invoice.issueDate.map { $0.value?.description ?? $0.lexical }
        issueDay = invoice.issueDate?.value
        typeCode = invoice.typeCode?.value
        let routing = RoutingData(invoice)
        sellerSIREN = routing.sellerSIREN?.value
        sellerSIRET = routing.sellerSIRET?.value
        if sellerSIREN == nil, let siret = sellerSIRET, siret.utf8.count == 14 { sellerSIREN = String(siret.prefix(9)) }
        sellerAddress = invoice.seller?.electronicAddress?.value
        sellerAddressScheme = invoice.seller?.electronicAddress?.scheme
        sellerName = invoice.seller?.name?.value
        buyerSIRET = routing.recipientSIRET?.value
        serviceCode = routing.serviceCode?.value
        commitmentNumber = routing.commitmentNumber?.value
        let preceding = invoice.precedingInvoices.first
        precedingNumber = preceding?.reference?.value
        precedingYear = preceding?.issueDate?.value?.year
    }

    /// The rule ids of the totals (MONTANTTOTAL_ERR) and of the other calculations (CALCUL_ERR).
    static let totalsRules: Set<String> = ["BR-CO-13", "BR-CO-15", "BR-CO-16"]
    static let calculationRules: Set<String> = ["BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-14", "BR-CO-17"]

    /// The reform reason of a fatal finding (lifecycle.md, "Reason codes for platform rejections").
    static func reason(of finding: Finding) -> String {
        let rule = finding.rule
        if let routing = RoutingRule.reason(of: finding) { return routing }
        if rule == uniquenessRule { return "DOUBLON" }
        if rule == attachmentRule { return "REJ_ASS_PJ" }
        if totalsRules.contains(rule) { return "MONTANTTOTAL_ERR" }
        if calculationRules.contains(rule) || isVATBreakdownAmountRule(rule) { return "CALCUL_ERR" }
        if rule.hasPrefix("BR-FR-09_") { return "REJ_COH" }
        if rule.hasPrefix("BR-FR-17_") || rule.hasPrefix("BR-FR-18_") { return "REJ_ASS_PJ" }
        return "REJ_SEMAN"
    }

    /// BR-S-08, BR-Z-09, BR-AE-08, …: the taxable and tax amounts of a VAT breakdown per category.
    static func isVATBreakdownAmountRule(_ rule: String) -> Bool {
        let parts = rule.split(separator: "-")
        guard parts.count == 3, parts[0] == "BR", ["S", "Z", "E", "AE", "K", "G", "O", "IC", "IG", "IP", "B"].contains(parts[1])
        else { return false }
        return parts[2] == "08" || parts[2] == "09"
    }

    /// The rule id of a duplicate (lifecycle.md, "Uniqueness and replacement").
    static let uniquenessRule = "FLOW-UNIQUE"
    /// The rule id of a replacement (BT-25 naming a refused invoice) that another connection deposited.
    static let replacementRule = "FLOW-REPLACE"
    /// The rule id of an attachment over the limits (flows.md, "Limits").
    static let attachmentRule = "FLOW-ATTACHMENT"

    /// Attachments (BG-24) over Chorus Pro's limits: at most 10 MB each, file names of at most 50
    /// characters.
    static func attachmentFindings(_ invoice: Invoice) -> [Finding] {
        var findings: [Finding] = []
        for document in invoice.supportingDocuments {
            guard let object = document.attachment else { continue }
            let location = object.location.resolved(in: invoice.elementPaths)
            if let name = object.filename, name.count > 50 {
                findings.append(Finding(rule: attachmentRule, severity: .fatal, term: "BT-125", location: location,
                                        message: "the attachment's file name '\(name)' has \(name.count) characters: at most 50 are allowed"))
            }
            let bytes = object.base64Bytes.count / 4 * 3
            if bytes > 10 * 1024 * 1024 {
                findings.append(Finding(rule: attachmentRule, severity: .fatal, term: "BT-125", location: location,
                                        message: "the attachment '\(object.filename ?? "")' is about \(bytes / 1_048_576) MB: at most 10 MB are allowed"))
            }
        }
        return findings
    }
}
