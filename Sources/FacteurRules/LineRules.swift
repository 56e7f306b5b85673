import FacteurModel

/// Rules on invoice lines (BG-25) and what they hold: line allowances and charges (BG-27, BG-28),
/// line period (BG-26), price (BG-29), item (BG-31, BG-32).
enum LineRules {
    static let ubl: Set<String> = [
        "BR-21", "BR-22", "BR-23", "BR-24", "BR-25", "BR-26", "BR-27", "BR-28", "BR-CO-04", "BR-DEC-23",
        "BR-41", "BR-42", "BR-CO-07", "BR-CO-23", "BR-DEC-24", "BR-DEC-25",
        "BR-43", "BR-44", "BR-CO-08", "BR-CO-24", "BR-DEC-27", "BR-DEC-28",
        "BR-30", "BR-CO-20", "BR-54", "BR-64", "BR-65",
    ]
    static let cii = ubl

    static func check(_ invoice: Invoice, into out: inout FindingCollector) {
        let syntax = invoice.syntax
        invoice.lines.forEachInPlace { check($0, syntax: syntax, into: &out) }
    }

    /// One line, read in place (`line.pointee.field` loads the field alone).
    private static func check(_ line: UnsafePointer<InvoiceLine>, syntax: Syntax, into out: inout FindingCollector) {
        let at = line.pointee.location
        out.require(XPath.present(line.pointee.identifier?.value, in: syntax), "BR-21", term: "BT-126", at: at,
                    "the invoice line identifier (BT-126) is missing or empty")
        out.require(line.pointee.quantity != nil, "BR-22", term: "BT-129", at: at, "the invoiced quantity (BT-129) is missing")
        out.require(line.pointee.quantity?.unitCode != nil, "BR-23", term: "BT-130", at: line.pointee.quantity?.location ?? at,
                    "the invoiced quantity has no unit of measure code (BT-130): expected a UN/ECE Rec 20 or 21 code such as C62 or HUR")
        out.require(line.pointee.netAmount != nil, "BR-24", term: "BT-131", at: at, "the invoice line net amount (BT-131) is missing")
        out.require(XPath.present(line.pointee.item?.name?.value, in: syntax), "BR-25", term: "BT-153", at: line.pointee.item?.location ?? at,
                    "the item name (BT-153) is missing or empty")
        let netPrice = line.pointee.price?.netPrice
        out.require(netPrice != nil, "BR-26", term: "BT-146", at: line.pointee.price?.location ?? at, "the item net price (BT-146) is missing")
        out.require(isNonNegative(netPrice), "BR-27", term: "BT-146", at: netPrice?.location ?? line.pointee.price?.location ?? at,
                    "the item net price (BT-146) is \(XPath.show(netPrice)): expected a price of zero or more")
        if let gross = line.pointee.price?.grossPrice {
            out.require(isNonNegative(gross), "BR-28", term: "BT-148", at: gross.location,
                        "the item gross price (BT-148) is \(gross.lexical): expected a price of zero or more")
        }
        out.require(line.pointee.vat?.categoryCode != nil, "BR-CO-04", term: "BT-151", at: at,
                    "the line has no invoiced item VAT category code (BT-151) of the tax scheme VAT")
        out.requireTwoDecimals(line.pointee.netAmount, "BR-DEC-23", term: "BT-131", named: "the invoice line net amount (BT-131)")
        for group in [line.pointee.allowances, line.pointee.charges].joined() {
            if group.isSelected(asCharge: false, in: syntax) { check(group, allowance, into: &out) }
            if group.isSelected(asCharge: true, in: syntax) { check(group, charge, into: &out) }
        }
        if let period = line.pointee.period {
            PeriodRules.check(period, endRule: "BR-30", presenceRule: "BR-CO-20", start: "BT-134", end: "BT-135",
                              what: "invoice line period (BG-26)", syntax: syntax, into: &out)
        }
        if let item = line.pointee.item {
            checkItem(item, syntax: syntax, into: &out)
        }
    }

    /// `x >= 0` on an amount: false when absent (the official test then fails) or not a number.
    private static func isNonNegative(_ amount: Amount?) -> Bool {
        guard let value = amount?.value else { return false }
        return !value.isNegative
    }

    private static func checkItem(_ item: ItemInformation, syntax: Syntax, into out: inout FindingCollector) {
        for attribute in item.attributes {
            out.require(attribute.name != nil && attribute.value != nil, "BR-54", term: "BG-32", at: attribute.location,
                        "the item attribute (BG-32) lacks its \(attribute.name == nil ? "name (BT-160)" : "value (BT-161)"): expected both")
        }
        if let standard = item.standardIdentifier {
            let hasScheme = syntax.isUBL ? standard.scheme != nil : XPath.hasNormalizedValue(standard.scheme)
            out.require(hasScheme, "BR-64", term: "BT-157", at: standard.location,
                        "the item standard identifier (BT-157) \(standard.value) has no scheme identifier (BT-157-1): expected an ISO 6523 ICD such as 0160 (GTIN)")
        }
        for classification in item.classifications {
            let hasScheme = syntax.isUBL ? classification.scheme != nil : XPath.hasNormalizedValue(classification.scheme)
            out.require(hasScheme, "BR-65", term: "BT-158", at: classification.location,
                        "the item classification identifier (BT-158) \(classification.value) has no scheme identifier (BT-158-1): expected a UNTDID 7143 code such as STI")
        }
    }

    private static let allowance = AllowanceChargeRules.Terms(
        amount: "BT-136", base: "BT-137", reason: "BT-139", reasonCode: "BT-140",
        amountRule: "BR-41", reasonRule: "BR-42", reasonCodeRule: "BR-CO-23",
        decAmountRule: "BR-DEC-24", decBaseRule: "BR-DEC-25", what: "invoice line allowance")
    private static let charge = AllowanceChargeRules.Terms(
        amount: "BT-141", base: "BT-142", reason: "BT-144", reasonCode: "BT-145",
        amountRule: "BR-43", reasonRule: "BR-44", reasonCodeRule: "BR-CO-24",
        decAmountRule: "BR-DEC-27", decBaseRule: "BR-DEC-28", what: "invoice line charge")

    private static func check(_ group: LineAllowanceCharge, _ t: AllowanceChargeRules.Terms, into out: inout FindingCollector) {
        // BR-CO-07 and BR-CO-08 (reason and code of the same type) are asserted true by the official rules.
        AllowanceChargeRules.check(group, t, at: group.location, into: &out)
    }
}

/// Rules on periods: the invoicing period (BG-14) and the line periods (BG-26).
enum PeriodRules {
    static let ubl: Set<String> = ["BR-29", "BR-CO-19"]
    static let cii = ubl

    static func check(_ invoice: Invoice, into out: inout FindingCollector) {
        guard let period = invoice.invoicingPeriod else { return }
        // In UBL the VAT point date code (BT-8) sits in cac:InvoicePeriod too: an InvoicePeriod that
        // holds only that code is not an invoicing period.
        if invoice.syntax.isUBL, period.startDate == nil, period.endDate == nil, invoice.vatPointDateCode != nil { return }
        check(period, endRule: "BR-29", presenceRule: "BR-CO-19", start: "BT-73", end: "BT-74",
              what: "invoicing period (BG-14)", syntax: invoice.syntax, into: &out)
    }

    /// The end is not before the start when both are given (UBL compares dates, CII the format-102
    /// strings), and at least one of them is given.
    static func check(_ period: Period, endRule: String, presenceRule: String, start: String, end: String, what: String,
                      syntax: Syntax, into out: inout FindingCollector) {
        out.require(period.startDate != nil || period.endDate != nil, presenceRule, term: start, at: period.location,
                    "the \(what) has neither a start date (\(start)) nor an end date (\(end)): expected one of them, or both")
        guard let startDate = period.startDate, let endDate = period.endDate else { return }
        let inOrder: Bool
        if syntax.isUBL {
            guard let from = startDate.value, let to = endDate.value else { return }
            inOrder = to >= from
        } else {
            guard startDate.format == "102", endDate.format == "102" else { return }
            inOrder = endDate.lexical >= startDate.lexical
        }
        out.require(inOrder, endRule, term: end, at: endDate.location,
                    "the \(what) ends (\(end), \(endDate.lexical)) before it starts (\(start), \(startDate.lexical)): expected an end date on or after the start date")
    }
}
