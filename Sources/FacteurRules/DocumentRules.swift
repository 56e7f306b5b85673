import FacteurModel

/// Rules on the invoice as a whole: mandatory terms and groups, currencies, VAT point date.
enum DocumentRules {
    static let ubl: Set<String> = [
        "BR-01", "BR-02", "BR-03", "BR-04", "BR-05", "BR-06", "BR-07", "BR-08", "BR-10", "BR-16",
        "BR-53", "BR-CO-03", "BR-CO-18",
    ]
    static let cii: Set<String> = [
        "BR-01", "BR-02", "BR-03", "BR-04", "BR-05", "BR-06", "BR-07", "BR-08", "BR-10", "BR-16",
        "BR-53", "BR-CO-18",
    ]

    static func check(_ invoice: Invoice, into out: inout FindingCollector) {
        let syntax = invoice.syntax
        let at = invoice.location
        func present(_ value: String?) -> Bool { XPath.present(value, in: syntax) }

        out.require(present(invoice.processControl?.specificationIdentifier?.value), "BR-01", term: "BT-24", at: at,
                    "the specification identifier (BT-24) is missing or empty: expected the identifier of the specification the invoice follows, such as urn:cen.eu:en16931:2017")
        out.require(present(invoice.number?.value), "BR-02", term: "BT-1", at: at,
                    "the invoice number (BT-1) is missing or empty: every invoice must carry its number")
        // CII counts only an issue date written in format 102.
        let issueDate = syntax.isUBL || invoice.issueDate?.format == "102" ? invoice.issueDate?.lexical : nil
        out.require(present(issueDate), "BR-03", term: "BT-2", at: invoice.issueDate?.location ?? at,
                    syntax.isUBL ? "the invoice issue date (BT-2) is missing or empty"
                        : "the invoice issue date (BT-2) is missing, empty or not in format 102 (YYYYMMDD)")
        out.require(present(invoice.typeCode?.value), "BR-04", term: "BT-3", at: at,
                    "the invoice type code (BT-3) is missing or empty: expected a UNTDID 1001 code such as 380 (invoice) or 381 (credit note)")
        out.require(present(invoice.currencyCode?.value), "BR-05", term: "BT-5", at: at,
                    "the invoice currency code (BT-5) is missing or empty: expected an ISO 4217 code such as EUR")
        out.require(present(invoice.seller?.name?.value), "BR-06", term: "BT-27", at: invoice.seller?.location ?? at,
                    "the seller name (BT-27) is missing or empty")
        out.require(present(invoice.buyer?.name?.value), "BR-07", term: "BT-44", at: invoice.buyer?.location ?? at,
                    "the buyer name (BT-44) is missing or empty")
        out.require(invoice.seller?.address != nil, "BR-08", term: "BG-5", at: invoice.seller?.location ?? at,
                    "the seller postal address (BG-5) is missing")
        out.require(invoice.buyer?.address != nil, "BR-10", term: "BG-8", at: invoice.buyer?.location ?? at,
                    "the buyer postal address (BG-8) is missing")
        out.require(!invoice.lines.isEmpty, "BR-16", term: "BG-25", at: at,
                    "the invoice has no line (BG-25): expected at least one invoice line")
        checkAccountingCurrency(invoice, into: &out)

        if syntax.isUBL {
            if let pointDate = invoice.vatPointDate, let pointDateCode = invoice.vatPointDateCode {
                out.fail("BR-CO-03", term: "BT-7", at: pointDate.location,
                         "both a VAT point date (BT-7, \(pointDate.lexical)) and a VAT point date code (BT-8, \(pointDateCode.value)) are given: only one of them is allowed")
            }
            out.require(!invoice.vatBreakdown.isEmpty, "BR-CO-18", term: "BG-23", at: at,
                        "the invoice has no VAT breakdown (BG-23): expected at least one")
        } else if invoice.vatBreakdown.isEmpty {
            // CII checks this on every line: it fires once a line.
            for line in invoice.lines {
                out.fail("BR-CO-18", term: "BG-23", at: line.location,
                         "the invoice has no VAT breakdown (BG-23): expected at least one")
            }
        }
    }

    /// BR-53: with a VAT accounting currency (BT-6), the VAT total in that currency (BT-111) is given.
    /// CII checks it on the document totals, and also requires BT-6 to differ from BT-5.
    private static func checkAccountingCurrency(_ invoice: Invoice, into out: inout FindingCollector) {
        guard let accountingCurrency = invoice.vatAccountingCurrencyCode else { return }
        let given = invoice.vatTotalAmounts.contains { $0.currency == accountingCurrency.value }
        // Messages are built only for a finding.
        func message() -> String { "the VAT accounting currency (BT-6) is \(accountingCurrency.value) but no invoice total VAT amount in that currency (BT-111) is given" }
        if invoice.syntax.isUBL {
            out.require(given, "BR-53", term: "BT-111", at: accountingCurrency.location, message())
        } else if invoice.totals != nil {
            let differs = accountingCurrency.value != invoice.currencyCode?.value
            out.require(given && differs, "BR-53", term: "BT-111", at: accountingCurrency.location,
                        differs ? message() : "the VAT accounting currency (BT-6) is the invoice currency (BT-5): give BT-6 only when it differs")
        }
    }
}
