import FacteurModel

/// Rules on document level allowances (BG-20) and charges (BG-21).
enum AllowanceChargeRules {
    static let ubl: Set<String> = [
        "BR-31", "BR-32", "BR-33", "BR-CO-05", "BR-CO-21", "BR-DEC-01", "BR-DEC-02",
        "BR-36", "BR-37", "BR-38", "BR-CO-06", "BR-CO-22", "BR-DEC-05", "BR-DEC-06",
    ]
    static let cii = ubl

    /// The terms and rules of one kind of allowance or charge, at document or line level.
    struct Terms {
        let amount, base, reason, reasonCode: String
        let amountRule, reasonRule, reasonCodeRule, decAmountRule, decBaseRule: String
        let what: String
        /// The VAT category term and rule (document level only).
        var category: (term: String, rule: String)? = nil
    }

    private static let allowance = Terms(
        amount: "BT-92", base: "BT-93", reason: "BT-97", reasonCode: "BT-98",
        amountRule: "BR-31", reasonRule: "BR-33", reasonCodeRule: "BR-CO-21",
        decAmountRule: "BR-DEC-01", decBaseRule: "BR-DEC-02", what: "document level allowance", category: ("BT-95", "BR-32"))
    private static let charge = Terms(
        amount: "BT-99", base: "BT-100", reason: "BT-104", reasonCode: "BT-105",
        amountRule: "BR-36", reasonRule: "BR-38", reasonCodeRule: "BR-CO-22",
        decAmountRule: "BR-DEC-05", decBaseRule: "BR-DEC-06", what: "document level charge", category: ("BT-102", "BR-37"))

    static func check(_ invoice: Invoice, into out: inout FindingCollector) {
        // The groups the official rule contexts select, which is not always how the reader filed them
        // (an indicator of "1" is a charge in UBL but matches neither context in CII).
        for group in [invoice.allowances, invoice.charges].joined() {
            if group.isSelected(asCharge: false, in: invoice.syntax) { check(group, allowance, into: &out) }
            if group.isSelected(asCharge: true, in: invoice.syntax) { check(group, charge, into: &out) }
        }
        // BR-CO-05 and BR-CO-06 (reason and reason code indicate the same type) are asserted true by
        // the official rules: nothing can be checked mechanically.
    }

    private static func check(_ group: DocumentAllowanceCharge, _ t: Terms, into out: inout FindingCollector) {
        check(group, t, at: group.location, into: &out)
        if let category = t.category {
            out.require(group.vatCategoryCode != nil, category.rule, term: category.term, at: group.location,
                        "the \(t.what) VAT category code (\(category.term)) is missing: expected a VAT category (S, Z, E, AE, K, G, O, L, M) of the tax scheme VAT")
        }
    }

    /// The rules every allowance and charge has, at document and line level: an amount, a reason or
    /// a reason code, two decimals.
    static func check(_ group: some AllowanceChargeTerms, _ t: Terms, at: SourceLocation, into out: inout FindingCollector) {
        out.require(group.amount != nil, t.amountRule, term: t.amount, at: at, "the \(t.what) amount (\(t.amount)) is missing")
        let hasReason = group.reason != nil || group.reasonCode != nil
        out.require(hasReason, t.reasonRule, term: t.reason, at: at,
                    "the \(t.what) has neither a reason (\(t.reason)) nor a reason code (\(t.reasonCode)): expected one of them")
        out.require(hasReason, t.reasonCodeRule, term: t.reasonCode, at: at,
                    "the \(t.what) has neither a reason (\(t.reason)) nor a reason code (\(t.reasonCode)): expected one of them, or both")
        for (rule, term, amount) in [(t.decAmountRule, t.amount, group.amount), (t.decBaseRule, t.base, group.baseAmount)] {
            out.requireTwoDecimals(amount, rule, term: term)
        }
    }
}
