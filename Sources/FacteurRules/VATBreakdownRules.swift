import FacteurModel

/// Rules on the VAT breakdown (BG-23) and the VAT totals.
enum VATBreakdownRules {
    static let ubl: Set<String> = ["BR-45", "BR-46", "BR-47", "BR-48", "BR-CO-14", "BR-CO-17", "BR-DEC-19", "BR-DEC-20"]
    static let cii = ubl.union(["BR-CO-03"])

    /// In CII, a breakdown of the VAT scheme in category O, L or M is the context of its category's
    /// own rule, which the artefact matches first: the general breakdown rules skip it.
    private static func hasOwnContextInCII(_ breakdown: VATBreakdown) -> Bool {
        guard VATCategoryRules.isVAT(breakdown.taxScheme), let code = breakdown.categoryCode?.value else { return false }
        return code == "O" || code == "L" || code == "M"
    }

    static func check(_ invoice: Invoice, into out: inout FindingCollector) {
        let isCII = !invoice.syntax.isUBL
        for var breakdown in invoice.vatBreakdown {
            if isCII, hasOwnContextInCII(breakdown) { continue }
            let at = breakdown.location
            // CII reads the category and the rate of the VAT scheme only (`.[upper-case(ram:TypeCode) = 'VAT']`).
            let vatScheme = !isCII || VATCategoryRules.isVAT(breakdown.taxScheme)
            out.require(breakdown.taxableAmount != nil, "BR-45", term: "BT-116", at: at, "the VAT breakdown (BG-23) has no taxable amount (BT-116)")
            out.require(breakdown.taxAmount != nil, "BR-46", term: "BT-117", at: at, "the VAT breakdown (BG-23) has no tax amount (BT-117)")
            out.require(vatScheme && breakdown.categoryCode != nil, "BR-47", term: "BT-118", at: at,
                        "the VAT breakdown (BG-23) has no VAT category code (BT-118) of the tax scheme VAT")
            let notSubject = isCII
                ? breakdown.categoryCode?.value == "O"
                : breakdown.categoryCode.map { $0.value.split(whereSeparator: \.isWhitespace).joined() == "O" } ?? false
            out.require(vatScheme && (breakdown.rate != nil || notSubject), "BR-48", term: "BT-119", at: at,
                        "the VAT breakdown (BG-23) has no VAT rate (BT-119) of the tax scheme VAT: only category O (not subject to VAT) may omit it")
            if isCII {
                if !vatScheme { breakdown.rate = nil }
                // BR-CO-03 is asserted on every breakdown in CII.
                if let pointDate = invoice.vatPointDate, let pointDateCode = invoice.vatPointDateCode {
                    out.fail("BR-CO-03", term: "BT-7", at: at,
                             "both a VAT point date (BT-7, \(pointDate.lexical)) and a VAT point date code (BT-8, \(pointDateCode.value)) are given: only one of them is allowed")
                }
            }
            checkTaxAmount(breakdown, syntax: invoice.syntax, into: &out)
            for (rule, term, amount) in [("BR-DEC-19", "BT-116", breakdown.taxableAmount), ("BR-DEC-20", "BT-117", breakdown.taxAmount)] {
                out.requireTwoDecimals(amount, rule, term: term)
            }
        }
        checkVATTotals(invoice, into: &out)
    }

    /// BR-CO-17: |BT-117| within one unit of |BT-116| × BT-119 / 100 rounded to 2 decimals (strictly
    /// within in UBL, bounds included in CII); zero when the rate rounds to zero or is absent.
    private static func checkTaxAmount(_ breakdown: VATBreakdown, syntax: Syntax, into out: inout FindingCollector) {
        let tax = breakdown.taxAmount?.value
        let passes: Bool
        if let rate = breakdown.rate?.value, !rate.roundedXPath(places: 0).isZero {
            guard let tax, let taxable = breakdown.taxableAmount?.value,
                  let product = abs(taxable).multiplied(by: rate),
                  let expected = product.dividedBy100().map(XPath.round2),
                  let low = abs(tax).subtracting(ExactDecimal(1)), let high = abs(tax).adding(ExactDecimal(1))
            else {
                out.fail("BR-CO-17", term: "BT-117", at: breakdown.location, message(breakdown))
                return
            }
            passes = syntax.isUBL ? (low < expected && expected < high) : (low <= expected && expected <= high)
        } else {
            passes = tax.map { $0.roundedXPath(places: 0).isZero } ?? false
        }
        out.require(passes, "BR-CO-17", term: "BT-117", at: breakdown.taxAmount?.location ?? breakdown.location, message(breakdown))
    }

    private static func message(_ breakdown: VATBreakdown) -> String {
        "the VAT category tax amount (BT-117) is \(XPath.show(breakdown.taxAmount)), expected the taxable amount (BT-116) \(XPath.show(breakdown.taxableAmount)) × the rate (BT-119) \(breakdown.rate?.lexical ?? "absent") / 100, rounded to 2 decimals"
    }

    private static func abs(_ value: ExactDecimal) -> ExactDecimal {
        value.isNegative ? value.negated() : value
    }

    /// BR-CO-14: BT-110 = Σ BT-117. UBL checks each invoice TaxTotal that has subtotals against its
    /// own subtotals (the credit note context of the official rule never matches); CII checks the VAT
    /// total in the invoice currency against all the breakdowns.
    private static func checkVATTotals(_ invoice: Invoice, into out: inout FindingCollector) {
        switch invoice.syntax {
        case .ublCreditNote:
            return
        case .ublInvoice:
            for total in invoice.vatTotals where !total.breakdown.isEmpty {
                check(total.amount, against: invoice.vatBreakdown[total.breakdown], at: total.location, into: &out)
            }
        case .cii:
            for total in invoice.vatTotals where total.amount?.currency == invoice.currencyCode?.value && invoice.currencyCode != nil {
                check(total.amount, against: invoice.vatBreakdown[...], at: total.location, into: &out)
            }
        }
    }

    private static func check(_ amount: Amount?, against breakdowns: ArraySlice<VATBreakdown>, at location: SourceLocation,
                              into out: inout FindingCollector) {
        guard let sum = XPath.sum(breakdowns.map(\.taxAmount)) else { return }
        let expected = XPath.round2(sum)
        out.require(amount?.value == expected, "BR-CO-14", term: "BT-110", at: amount?.location ?? location,
                    "the invoice total VAT amount (BT-110) is \(XPath.show(amount)), expected \(expected), the sum of the \(breakdowns.count) VAT category tax amounts (BT-117)")
    }
}

extension ExactDecimal {
    /// This value divided by 100, exactly (two more fraction digits).
    func dividedBy100() -> ExactDecimal? {
        scale + 2 <= ExactDecimal.maxScale ? ExactDecimal(significand: significand, scale: scale + 2) : nil
    }
}
