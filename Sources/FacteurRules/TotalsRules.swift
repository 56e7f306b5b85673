import FacteurModel

/// Rules on the document totals (BG-22): presence, the calculations and their decimals.
enum TotalsRules {
    static let ubl: Set<String> = [
        "BR-12", "BR-13", "BR-14", "BR-15", "BR-CO-10", "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-15", "BR-CO-16",
        "BR-DEC-09", "BR-DEC-10", "BR-DEC-11", "BR-DEC-12", "BR-DEC-14", "BR-DEC-16", "BR-DEC-17", "BR-DEC-18",
    ]
    static let cii: Set<String> = ubl.union(["BR-DEC-13", "BR-DEC-15"])

    static func check(_ invoice: Invoice, into out: inout FindingCollector) {
        checkTotalWithVAT(invoice, into: &out)
        // The totals are passed where they lie: bound with `if let`, they were copied whole.
        guard invoice.totals != nil else { return }
        check(invoice, invoice.totals!, into: &out)
    }

    private static func check(_ invoice: Invoice, _ totals: DocumentTotals, into out: inout FindingCollector) {
        let at = totals.location
        out.require(totals.lineNetTotal != nil, "BR-12", term: "BT-106", at: at,
                    "the sum of invoice line net amounts (BT-106) is missing")
        out.require(totals.totalWithoutVAT != nil, "BR-13", term: "BT-109", at: at,
                    "the invoice total amount without VAT (BT-109) is missing")
        out.require(totals.totalWithVAT != nil, "BR-14", term: "BT-112", at: at,
                    "the invoice total amount with VAT (BT-112) is missing")
        out.require(totals.amountDue != nil, "BR-15", term: "BT-115", at: at,
                    "the amount due for payment (BT-115) is missing")

        checkLineNetTotal(invoice, totals, into: &out)
        checkAllowanceAndChargeTotals(invoice, totals, into: &out)
        checkTotalWithoutVAT(invoice.syntax, totals, into: &out)
        checkAmountDue(invoice.syntax, totals, into: &out)

        // One call each, not a loop over a list of copies.
        out.requireTwoDecimals(totals.lineNetTotal, "BR-DEC-09", term: "BT-106")
        out.requireTwoDecimals(totals.allowanceTotal, "BR-DEC-10", term: "BT-107")
        out.requireTwoDecimals(totals.chargeTotal, "BR-DEC-11", term: "BT-108")
        out.requireTwoDecimals(totals.totalWithoutVAT, "BR-DEC-12", term: "BT-109")
        out.requireTwoDecimals(totals.totalWithVAT, "BR-DEC-14", term: "BT-112")
        out.requireTwoDecimals(totals.paidAmount, "BR-DEC-16", term: "BT-113")
        out.requireTwoDecimals(totals.roundingAmount, "BR-DEC-17", term: "BT-114")
        out.requireTwoDecimals(totals.amountDue, "BR-DEC-18", term: "BT-115")
        if invoice.syntax == .cii { checkVATTotalDecimals(invoice, totals, into: &out) }
    }

    /// BR-CO-10: BT-106 = Σ BT-131, rounded to 2 decimals. The 1.3.16 UBL artefact sums invoice and
    /// credit note lines together (`//(cac:InvoiceLine|cac:CreditNoteLine)`), so a BT-106 of 0 does
    /// not pass when the lines say otherwise (older releases compared with either sum).
    private static func checkLineNetTotal(_ invoice: Invoice, _ totals: DocumentTotals, into out: inout FindingCollector) {
        guard let sum = XPath.sum(invoice.lines.mapInPlace { $0.pointee.netAmount }) else { return }
        let expected = XPath.round2(sum)
        let passes = totals.lineNetTotal?.value == expected
        out.require(passes, "BR-CO-10", term: "BT-106", at: totals.lineNetTotal?.location ?? totals.location,
                    "the sum of invoice line net amounts (BT-106) is \(XPath.show(totals.lineNetTotal)), expected \(expected), the sum of the \(invoice.lines.count) line net amounts (BT-131)")
    }

    /// BR-CO-11 / BR-CO-12: BT-107 = Σ BT-92 and BT-108 = Σ BT-99; both absent when there is none.
    private static func checkAllowanceAndChargeTotals(_ invoice: Invoice, _ totals: DocumentTotals, into out: inout FindingCollector) {
        let groups = [invoice.allowances, invoice.charges].joined()
        for (rule, term, itemTerm, total, isCharge, what) in [
            ("BR-CO-11", "BT-107", "BT-92", totals.allowanceTotal, false, "allowances"),
            ("BR-CO-12", "BT-108", "BT-99", totals.chargeTotal, true, "charges"),
        ] {
            let counted = groups.filter { $0.isSummed(asCharge: isCharge) }
            if total == nil, counted.isEmpty { continue }
            guard let sum = XPath.sum(counted.map(\.amount)) else { continue }
            let expected = XPath.round2(sum)
            out.require(total?.value == expected, rule, term: term, at: total?.location ?? totals.location,
                        "the sum of document level \(what) (\(term)) is \(XPath.show(total)), expected \(expected), the sum of the \(counted.count) document level \(what) amounts (\(itemTerm))")
        }
    }

    /// BR-CO-13: BT-109 = BT-106 - BT-107 + BT-108, absent sums counting as nothing. UBL compares
    /// BT-109 with BT-106 unrounded when there is neither sum, CII rounds in every case.
    private static func checkTotalWithoutVAT(_ syntax: Syntax, _ totals: DocumentTotals, into out: inout FindingCollector) {
        var expected = totals.lineNetTotal?.value
        if let charges = totals.chargeTotal { expected = charges.value.flatMap { expected?.adding($0) } }
        if let allowances = totals.allowanceTotal { expected = allowances.value.flatMap { expected?.subtracting($0) } }
        let neither = totals.chargeTotal == nil && totals.allowanceTotal == nil
        let compared = syntax.isUBL && neither ? expected : expected.map(XPath.round2)
        let given = totals.totalWithoutVAT?.value
        out.require(given != nil && given == compared, "BR-CO-13", term: "BT-109", at: totals.totalWithoutVAT?.location ?? totals.location,
                    "the total without VAT (BT-109) is \(XPath.show(totals.totalWithoutVAT)), expected \(compared.map { "\($0)" } ?? "a value") = line net total (BT-106) \(XPath.show(totals.lineNetTotal)) - allowances (BT-107) \(XPath.show(totals.allowanceTotal)) + charges (BT-108) \(XPath.show(totals.chargeTotal))")
    }

    /// BR-CO-15: BT-112 = BT-109 + BT-110, with exactly one VAT total amount in the invoice currency,
    /// checked when the invoice has a currency code. CII also accepts BT-112 = BT-109.
    private static func checkTotalWithVAT(_ invoice: Invoice, into out: inout FindingCollector) {
        guard let currency = invoice.currencyCode?.value else { return }
        let totals = invoice.totals
        let inCurrency = invoice.vatTotalAmounts.filter { $0.currency == currency }
        let vat = inCurrency.first
        var expected: ExactDecimal?
        if inCurrency.count == 1, let without = totals?.totalWithoutVAT?.value, let vatValue = vat?.value {
            expected = without.adding(vatValue).map(XPath.round2)
        }
        let given = totals?.totalWithVAT?.value
        var passes = given != nil && given == expected
        if invoice.syntax == .cii, !passes {
            passes = given != nil && given == totals?.totalWithoutVAT?.value
        }
        out.require(passes, "BR-CO-15", term: "BT-112", at: totals?.totalWithVAT?.location ?? totals?.location ?? invoice.location,
                    "the total with VAT (BT-112) is \(XPath.show(totals?.totalWithVAT)), expected \(expected.map { "\($0)" } ?? "a value") = total without VAT (BT-109) \(XPath.show(totals?.totalWithoutVAT)) + total VAT in \(currency) (BT-110) \(XPath.show(vat))")
    }

    /// BR-CO-16: BT-115 = BT-112 - BT-113 + BT-114, a paid or rounding amount of zero counting as
    /// absent. UBL rounds both sides to 2 decimals, CII compares exactly.
    private static func checkAmountDue(_ syntax: Syntax, _ totals: DocumentTotals, into out: inout FindingCollector) {
        let paid = XPath.isNonZero(totals.paidAmount) ? totals.paidAmount?.value : nil
        let rounding = XPath.isNonZero(totals.roundingAmount) ? totals.roundingAmount?.value : nil
        // Built only for a finding.
        func message() -> String { "the amount due (BT-115) is \(XPath.show(totals.amountDue)), expected total with VAT (BT-112) \(XPath.show(totals.totalWithVAT)) - paid amount (BT-113) \(XPath.show(totals.paidAmount)) + rounding amount (BT-114) \(XPath.show(totals.roundingAmount))" }
        let at = totals.amountDue?.location ?? totals.location
        guard let due = totals.amountDue?.value, let withVAT = totals.totalWithVAT?.value else {
            out.fail("BR-CO-16", term: "BT-115", at: at, message())
            return
        }
        let passes: Bool
        if syntax.isUBL {
            let left = rounding.flatMap { due.subtracting($0) }.map(XPath.round2) ?? due
            let right = paid.flatMap { withVAT.subtracting($0) }.map(XPath.round2) ?? withVAT
            passes = left == right
        } else {
            var expected: ExactDecimal? = withVAT
            if let paid { expected = expected?.subtracting(paid) }
            if let rounding { expected = expected?.adding(rounding) }
            passes = due == expected
        }
        out.require(passes, "BR-CO-16", term: "BT-115", at: at, message())
    }

    /// BR-DEC-13 / BR-DEC-15 in CII: the VAT total in the invoice currency (BT-110), and the one in
    /// the accounting currency (BT-111), have a value with at most 2 decimals (trailing zeros aside).
    /// The rule passes as soon as one VAT total amount satisfies it.
    private static func checkVATTotalDecimals(_ invoice: Invoice, _ totals: DocumentTotals, into out: inout FindingCollector) {
        let amounts = invoice.vatTotalAmounts
        guard !amounts.isEmpty else { return }
        func twoDecimals(_ amount: Amount) -> Bool {
            guard let value = amount.value else { return false }
            return value == XPath.round2(value)
        }
        let currency = invoice.currencyCode?.value
        let bt110 = amounts.contains { ($0.currency == currency && twoDecimals($0)) || $0.currency != currency }
        if !bt110, let amount = amounts.first(where: { $0.currency == currency }) {
            out.fail("BR-DEC-13", term: "BT-110", at: amount.location,
                     "the invoice total VAT amount (BT-110) is \(amount.lexical): at most 2 decimals are allowed")
        }
        let accounting = invoice.vatAccountingCurrencyCode?.value
        let bt111 = accounting == nil || amounts.contains { $0.currency == accounting && twoDecimals($0) }
        if !bt111, let amount = amounts.first(where: { $0.currency == accounting }) {
            out.fail("BR-DEC-15", term: "BT-111", at: amount.location,
                     "the invoice total VAT amount in accounting currency (BT-111) is \(amount.lexical): at most 2 decimals are allowed")
        }
    }
}
