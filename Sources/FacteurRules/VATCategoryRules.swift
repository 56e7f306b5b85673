import FacteurModel
import FacteurXML

/// The VAT category rules: one family per category (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O,
/// BR-AF, BR-AG), each with the same ten checks, parametrised by what the category demands.
///
/// -01 breakdown for the category · -02/-03/-04 identifiers of the parties when a line, allowance or
/// charge has the category · -05/-06/-07 rate of such a line, allowance or charge · -08 taxable
/// amount of the breakdown · -09 its tax amount · -10 its exemption reason.
enum VATCategoryRules {
    enum Presence { case exactlyOne, atLeastOne }
    enum Parties { case sellerTaxed, sellerTaxedAndBuyer, sellerVATAndBuyerVAT, sellerVAT, noVATIdentifiers }
    enum Rate { case positive, zero, absent, nonNegative }
    enum TaxableAmount { case exact, perRate }

    /// A class: the checks pass a category along for each family, one reference where a struct
    /// would count each of its texts.
    final class Category: Sendable {
        let code: String
        let family: String
        let name: String
        let presence: Presence
        let parties: Parties
        let rate: Rate
        let taxableAmount: TaxableAmount
        let zeroTax: Bool
        let exemptionRequired: Bool
        /// The family's rule ids, `BR-S-01` … `BR-S-10` at 1 … 10: built once, not at each check.
        private let ids: [String]

        init(code: String, family: String, name: String, presence: Presence, parties: Parties, rate: Rate,
             taxableAmount: TaxableAmount, zeroTax: Bool, exemptionRequired: Bool) {
            self.code = code
            self.family = family
            self.name = name
            self.presence = presence
            self.parties = parties
            self.rate = rate
            self.taxableAmount = taxableAmount
            self.zeroTax = zeroTax
            self.exemptionRequired = exemptionRequired
            ids = (0...10).map { String(format2: family, $0) }
        }

        /// The family's rule `n` (1 … 10).
        func rule(_ n: Int) -> String { ids[n] }
    }

    static let categories: [Category] = [
        Category(code: "S", family: "BR-S", name: "Standard rated", presence: .atLeastOne, parties: .sellerTaxed,
                 rate: .positive, taxableAmount: .perRate, zeroTax: false, exemptionRequired: false),
        Category(code: "Z", family: "BR-Z", name: "Zero rated", presence: .exactlyOne, parties: .sellerTaxed,
                 rate: .zero, taxableAmount: .exact, zeroTax: true, exemptionRequired: false),
        Category(code: "E", family: "BR-E", name: "Exempt from VAT", presence: .exactlyOne, parties: .sellerTaxed,
                 rate: .zero, taxableAmount: .exact, zeroTax: true, exemptionRequired: true),
        Category(code: "AE", family: "BR-AE", name: "Reverse charge", presence: .exactlyOne, parties: .sellerTaxedAndBuyer,
                 rate: .zero, taxableAmount: .exact, zeroTax: true, exemptionRequired: true),
        Category(code: "K", family: "BR-IC", name: "Intra-community supply", presence: .exactlyOne, parties: .sellerVATAndBuyerVAT,
                 rate: .zero, taxableAmount: .exact, zeroTax: true, exemptionRequired: true),
        Category(code: "G", family: "BR-G", name: "Export outside the EU", presence: .exactlyOne, parties: .sellerVAT,
                 rate: .zero, taxableAmount: .exact, zeroTax: true, exemptionRequired: true),
        Category(code: "O", family: "BR-O", name: "Not subject to VAT", presence: .exactlyOne, parties: .noVATIdentifiers,
                 rate: .absent, taxableAmount: .exact, zeroTax: true, exemptionRequired: true),
        Category(code: "L", family: "BR-AF", name: "IGIC", presence: .atLeastOne, parties: .sellerTaxed,
                 rate: .nonNegative, taxableAmount: .perRate, zeroTax: false, exemptionRequired: false),
        Category(code: "M", family: "BR-AG", name: "IPSI", presence: .atLeastOne, parties: .sellerTaxed,
                 rate: .nonNegative, taxableAmount: .perRate, zeroTax: false, exemptionRequired: false),
    ]

    static let ubl: Set<String> = Set(categories.flatMap { category in (1...10).map(category.rule) }).union(["BR-IC-11", "BR-IC-12", "BR-O-11", "BR-O-12", "BR-O-13", "BR-O-14"])
    static let cii: Set<String> = ubl.union(["BR-B-01", "BR-B-02"])

    /// - Parameter ubl: for a UBL invoice, the tax categories the UBL syntax walk found.
    static func check(_ invoice: Invoice, tree: XMLNode, ubl: UBLTreeIndex, into out: inout FindingCollector) {
        if invoice.syntax.isUBL {
            // -01 reads tax categories wherever the document has them, the model's or not.
            let written = UBLTaxCategory.all(ubl.taxCategories, root: tree)
            for category in categories {
                checkPresenceUBL(category, written, invoice, into: &out)
                checkPartiesUBL(category, written, invoice, into: &out)
            }
            checkNotSubject(written, invoice, into: &out)
        }
        // Every other check of a family is about its category appearing somewhere: skip the others.
        let present = presentCategories(invoice)
        for (index, category) in categories.enumerated() where present & (1 << index) != 0 {
            if invoice.syntax.isUBL {
                checkUBL(category, invoice, into: &out)
            } else {
                checkPresenceCII(category, invoice, into: &out)
                checkCII(category, invoice, into: &out)
            }
        }
        if invoice.syntax.isUBL {
            checkIntraCommunity(invoice, into: &out)
        } else {
            checkSplitPaymentCII(invoice, into: &out)
        }
    }

    /// The categories whose code is used anywhere (lines, allowances, charges, breakdowns, bound or
    /// as written), white space normalised: bit `i` for `categories[i]`.
    private static func presentCategories(_ invoice: Invoice) -> UInt64 {
        var present: UInt64 = 0
        func add(_ value: String?) {
            guard let value else { return }
            let code = XPath.normalizeSpace(value)
            if let index = categories.firstIndex(where: { $0.code == code }) { present |= 1 << index }
        }
        invoice.lines.forEachInPlace { line in
            add(line.pointee.vat?.categoryCode?.value)
            for category in line.pointee.taxCategories { add(category.code) }
        }
        for groups in [invoice.allowances, invoice.charges] {
            groups.forEachInPlace { group in
                add(group.pointee.vatCategoryCode?.value)
                for category in group.pointee.taxCategories { add(category.code) }
            }
        }
        invoice.vatBreakdown.forEachInPlace { add($0.pointee.categoryCode?.value) }
        return present
    }

    // MARK: - UBL

    /// A `cac:TaxCategory` or `cac:ClassifiedTaxCategory` of a UBL document, wherever it is, as the
    /// -01 rules read it: its identifiers as written and whether a tax scheme is VAT
    /// (`cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT'`).
    struct UBLTaxCategory {
        enum Place { case allowanceCharge, breakdown, classified, elsewhere }
        let place: Place
        let node: XMLNode
        /// The identifiers as written, and normalised.
        let ids: [String]
        let normalizedIDs: [String]
        let isVAT: Bool
        /// For a category of an allowance or charge: whether one of its `cbc:ChargeIndicator`s casts
        /// to true, one to false, and whether it is a document-level one (a child of the root).
        let indicatesCharge: Bool
        let indicatesAllowance: Bool
        let atRoot: Bool

        init(place: Place, node: XMLNode, ids: [String], isVAT: Bool, indicatesCharge: Bool, indicatesAllowance: Bool, atRoot: Bool) {
            self.place = place
            self.node = node
            self.ids = ids
            self.normalizedIDs = ids.count == 1 ? [XPath.normalizeSpace(ids[0])] : ids.map(XPath.normalizeSpace)
            self.isVAT = isVAT
            self.indicatesCharge = indicatesCharge
            self.indicatesAllowance = indicatesAllowance
            self.atRoot = atRoot
        }

        /// `normalize-space(cbc:ID) = code` (the first identifier) and `cbc:ID[normalize-space(.) = code]` (any).
        func firstID(is code: String) -> Bool { normalizedIDs.first == code }
        func anyID(is code: String) -> Bool { normalizedIDs.contains(code) }

        /// The categories among `nodes` (the `cac:TaxCategory` and `cac:ClassifiedTaxCategory` elements
        /// of the document, in document order; their names are checked here).
        static func all(_ nodes: [XMLNode], root: XMLNode) -> [UBLTaxCategory] {
            var found: [UBLTaxCategory] = []
            for node in nodes { collect(node, parent: node.parentElement, root: root, into: &found) }
            return found
        }

        private static func collect(_ node: XMLNode, parent: XMLNode?, root: XMLNode, into found: inout [UBLTaxCategory]) {
            var place = Place.elsewhere
            var indicatesCharge = false, indicatesAllowance = false
            var atRoot = false
            if node.hasLocalName("ClassifiedTaxCategory") {
                place = .classified
            } else if node.hasLocalName("TaxCategory"), let parent {
                if parent.hasLocalName("AllowanceCharge"), parent.isInNamespace(TreePrefix.cac.uri) {
                    place = .allowanceCharge
                    atRoot = parent.parentElement == root
                    for indicator in parent.childElements where indicator.hasLocalName("ChargeIndicator") && indicator.isInNamespace(TreePrefix.cbc.uri) {
                        switch XPath.boolean(indicator.stringValue) {
                        case true?: indicatesCharge = true
                        case false?: indicatesAllowance = true
                        case nil: break
                        }
                    }
                } else if parent.hasLocalName("TaxSubtotal"), parent.isInNamespace(TreePrefix.cac.uri),
                          let total = parent.parentElement, total.hasLocalName("TaxTotal"), total.isInNamespace(TreePrefix.cac.uri),
                          total.parentElement == root {
                    place = .breakdown
                }
            }
            guard node.hasLocalName("TaxCategory") || place == .classified else { return }
            var ids: [String] = []
            for id in node.childElements where id.hasLocalName("ID") && id.isInNamespace(TreePrefix.cbc.uri) { ids.append(id.stringValue) }
            found.append(UBLTaxCategory(place: place, node: node, ids: ids, isVAT: XPath.hasVATScheme(node), indicatesCharge: indicatesCharge,
                                        indicatesAllowance: indicatesAllowance, atRoot: atRoot))
        }
    }

    /// -02/-03/-04 as the 1.3.16 UBL artefact writes them, on the invoice root (one finding per kind of
    /// use, whatever the number of uses; CII asserts them on each use): an item category (-02), an
    /// allowance's (-03) or charge's (-04) category of the VAT scheme with the code asks for the
    /// family's party identifiers. `cac:AllowanceCharge` anywhere, but only the document's for O;
    /// BR-S-02 also fires on an S item category of another scheme when none is of the VAT scheme.
    private static func checkPartiesUBL(_ c: Category, _ written: [UBLTaxCategory], _ invoice: Invoice, into out: inout FindingCollector) {
        // Every use below has the code as its first identifier: most categories have none.
        guard written.contains(where: { $0.firstID(is: c.code) }) else { return }
        func first(_ n: Int, vatOnly: Bool) -> UBLTaxCategory? {
            written.first { category in
                guard category.firstID(is: c.code), !vatOnly || category.isVAT else { return false }
                switch n {
                case 2: return category.place == .classified
                default:
                    return category.place == .allowanceCharge && (n == 4 ? category.indicatesCharge : category.indicatesAllowance)
                        && (c.code != "O" || category.atRoot)
                }
            }
        }
        var partiesOK: Bool?
        for (n, what) in [(2, "an invoice line"), (3, "an allowance"), (4, "a charge")] {
            let use = first(n, vatOnly: true)
            let fired: UBLTaxCategory?
            if n == 2, c.code == "S" {
                guard let any = first(2, vatOnly: false) else { continue }
                fired = use == nil ? any : nil
            } else {
                fired = nil
            }
            guard let trigger = fired ?? use else { continue }
            if partiesOK == nil { partiesOK = partiesSatisfy(c.parties, invoice) }
            if fired != nil || partiesOK != true {
                out.fail(c.rule(n), term: "BT-31", at: trigger.node.location,
                         fired == nil ? partiesMessage(c, what)
                             : "an item has VAT category S (Standard rated) under a tax scheme other than VAT, and no item of the VAT scheme has it")
            }
        }
    }

    /// -01 as the 1.3.16 UBL artefact writes it, on the tax categories of the whole document. The
    /// families do not write it alike:
    /// - Z, E, AE, K, G, O: used when any VAT-scheme `cac:TaxCategory` (breakdowns included) or
    ///   `cac:ClassifiedTaxCategory` has the code; then exactly one VAT breakdown with it.
    /// - S: allowance/charge categories and item categories of any scheme count as uses, breakdowns of
    ///   any scheme as breakdowns: uses if and only if breakdowns.
    /// - L, M (AF, AG): VAT-scheme uses; with uses, a breakdown whose `cbc:ID = 'L'` as written (M: and
    ///   of the VAT scheme); without, no VAT-scheme breakdown with the normalised code.
    private static func checkPresenceUBL(_ c: Category, _ written: [UBLTaxCategory], _ invoice: Invoice, into out: inout FindingCollector) {
        let rule = c.rule(1)
        // Built only for a finding: this runs for every category of every invoice.
        func usesMessage() -> String { "lines, allowances or charges use VAT category \(c.code) (\(c.name))" }
        // Counted in plain loops: nine categories for every invoice, most of them used nowhere.
        switch c.code {
        case "S":
            var uses = 0, breakdowns = 0
            for category in written where category.firstID(is: "S") {
                switch category.place {
                case .breakdown: breakdowns += 1
                case .allowanceCharge, .classified: uses += 1
                case .elsewhere: break
                }
            }
            out.require((uses > 0) == (breakdowns > 0), rule, term: "BG-23", at: invoice.location,
                        uses > 0 ? "\(usesMessage()) but no VAT breakdown (BG-23) has it: expected at least one"
                            : "a VAT breakdown (BG-23) has VAT category S (Standard rated) but no line, allowance or charge uses it")
        case "L", "M":
            var uses = 0, asWritten = 0, normalised = 0
            for category in written {
                switch category.place {
                case .breakdown:
                    if category.ids.contains(c.code), c.code == "L" || category.isVAT { asWritten += 1 }
                    if category.isVAT, category.firstID(is: c.code) { normalised += 1 }
                case .allowanceCharge, .classified:
                    if category.isVAT, category.firstID(is: c.code) { uses += 1 }
                case .elsewhere:
                    break
                }
            }
            out.require(uses > 0 ? asWritten > 0 : normalised == 0, rule, term: "BG-23", at: invoice.location,
                        uses > 0 ? "\(usesMessage()) but no VAT breakdown (BG-23) has it: expected at least one"
                            : "a VAT breakdown (BG-23) has VAT category \(c.code) (\(c.name)) but no line, allowance or charge uses it")
        default:
            var used = false, breakdowns = 0
            for category in written where category.isVAT {
                if !used, category.anyID(is: c.code) { used = true }
                if category.place == .breakdown { for id in category.normalizedIDs where id == c.code { breakdowns += 1 } }
            }
            out.require(!used || breakdowns == 1, rule, term: "BG-23", at: invoice.location,
                        "\(usesMessage()) but the VAT breakdown (BG-23) has \(breakdowns) breakdowns for it: expected exactly one")
        }
    }

    /// `normalize-space(x) = code`.
    private static func has(_ text: Text?, _ code: String) -> Bool {
        guard let text else { return false }
        return XPath.normalizeSpace(text.value) == code
    }


    private static func checkUBL(_ c: Category, _ invoice: Invoice, into out: inout FindingCollector) {
        let syntax = invoice.syntax
        let rule = c.rule
        // The lines, allowances, charges and breakdowns are read where they lie: each is a large
        // value, and a copy counts a reference for every term it holds.

        // -05/-06/-07: rates.
        invoice.lines.forEachInPlace { line in
            guard has(line.pointee.vat?.categoryCode, c.code), let location = line.pointee.vat?.location else { return }
            checkRate(c, line.pointee.vat?.rate, rule(5), "BT-152", location, "the invoice line", into: &out)
        }
        invoice.allowances.forEachInPlace { group in
            guard group.pointee.isSelected(asCharge: false, in: syntax), has(group.pointee.vatCategoryCode, c.code) else { return }
            checkRate(c, group.pointee.vatRate, rule(6), "BT-96", group.pointee.location, "the document level allowance", into: &out)
        }
        for groups in [invoice.allowances, invoice.charges] {
            groups.forEachInPlace { group in
                guard group.pointee.isSelected(asCharge: true, in: syntax), has(group.pointee.vatCategoryCode, c.code) else { return }
                checkRate(c, group.pointee.vatRate, rule(7), "BT-103", group.pointee.location, "the document level charge", into: &out)
            }
        }

        // -08/-09/-10: each breakdown of the category.
        invoice.vatBreakdown.forEachInPlace { breakdown in
            guard has(breakdown.pointee.categoryCode, c.code) else { return }
            checkTaxableAmount(c, breakdown.pointee, invoice, rule(8), into: &out)
            checkTaxAmount(c, breakdown.pointee, rule(9), into: &out)
            checkExemption(c, breakdown.pointee, rule(10), into: &out)
        }
    }

    /// -10: an exemption reason (BT-120 or BT-121) for the exempt categories, none for the others.
    static func checkExemption(_ c: Category, _ breakdown: VATBreakdown, _ rule: String, into out: inout FindingCollector) {
        let hasReason = breakdown.exemptionReason != nil || breakdown.exemptionReasonCode != nil
        if c.exemptionRequired {
            out.require(hasReason, rule, term: "BT-121", at: breakdown.location,
                        "the VAT breakdown for category \(c.code) (\(c.name)) has no exemption reason (BT-120) nor exemption reason code (BT-121): expected one")
        } else {
            out.require(!hasReason, rule, term: "BT-121", at: breakdown.location,
                        "the VAT breakdown for category \(c.code) (\(c.name)) has an exemption reason (BT-120 or BT-121): none is allowed for this category")
        }
    }

    static func partiesSatisfy(_ parties: Parties, _ invoice: Invoice) -> Bool {
        let sellerVAT = invoice.seller?.vatIdentifier != nil
        let sellerTaxed = sellerVAT || invoice.seller?.taxRegistrationIdentifier != nil
        let representativeVAT = invoice.taxRepresentative?.vatIdentifier != nil
        let buyerVAT = invoice.buyer?.vatIdentifier != nil
        let buyerLegal = invoice.buyer?.legalRegistrationIdentifier != nil
        switch parties {
        case .sellerTaxed: return sellerTaxed || representativeVAT
        case .sellerTaxedAndBuyer: return (sellerTaxed || representativeVAT) && (buyerVAT || buyerLegal)
        case .sellerVATAndBuyerVAT: return (sellerVAT || representativeVAT) && buyerVAT
        case .sellerVAT: return sellerVAT || representativeVAT
        case .noVATIdentifiers: return !sellerVAT && !representativeVAT && !buyerVAT
        }
    }

    static func partiesMessage(_ c: Category, _ what: String) -> String {
        let demand: String
        switch c.parties {
        case .sellerTaxed: demand = "the seller VAT identifier (BT-31), the seller tax registration identifier (BT-32) or the tax representative VAT identifier (BT-63)"
        case .sellerTaxedAndBuyer: demand = "the seller VAT identifier (BT-31), tax registration identifier (BT-32) or tax representative VAT identifier (BT-63), and the buyer VAT identifier (BT-48) or legal registration identifier (BT-47)"
        case .sellerVATAndBuyerVAT: demand = "the seller VAT identifier (BT-31) or tax representative VAT identifier (BT-63), and the buyer VAT identifier (BT-48)"
        case .sellerVAT: demand = "the seller VAT identifier (BT-31) or the tax representative VAT identifier (BT-63)"
        case .noVATIdentifiers:
            return "\(what) has VAT category O (not subject to VAT): the invoice must then not give the seller (BT-31), tax representative (BT-63) or buyer (BT-48) VAT identifier"
        }
        return "\(what) has VAT category \(c.code) (\(c.name)): the invoice must then give \(demand)"
    }

    private static func checkRate(_ c: Category, _ rate: DecimalTerm?, _ rule: String, _ term: String, _ location: SourceLocation,
                                  _ what: String, into out: inout FindingCollector) {
        checkRate(c, c.rate, rate, rule, term, location, what, into: &out)
    }

    static func checkRate(_ c: Category, _ kind: Rate, _ rate: DecimalTerm?, _ rule: String, _ term: String, _ location: SourceLocation,
                          _ what: String, into out: inout FindingCollector) {
        let value = rate?.value
        let passes: Bool
        let expected: String
        switch kind {
        case .positive: passes = value.map { $0 > .zero } ?? false; expected = "a rate above zero"
        case .zero: passes = value.map(\.isZero) ?? false; expected = "a rate of 0"
        case .absent: passes = rate == nil; expected = "no rate"
        case .nonNegative: passes = value.map { !$0.isNegative } ?? false; expected = "a rate of 0 or more"
        }
        out.require(passes, rule, term: term, at: rate?.location ?? location,
                    "\(what) has VAT category \(c.code) (\(c.name)) and rate \(rate?.lexical ?? "absent"): expected \(expected)")
    }

    /// -08: for the exact categories, the taxable amount equals Σ lines + Σ charges − Σ allowances of
    /// the category (and the invoice has lines); for the rated ones, per rate rounded to a whole
    /// number, within one unit.
    private static func checkTaxableAmount(_ c: Category, _ breakdown: VATBreakdown, _ invoice: Invoice, _ rule: String,
                                           into out: inout FindingCollector) {
        let syntax = invoice.syntax
        // The official sums match categories by code (and rate) whatever their tax scheme.
        var rateValue: ExactDecimal?
        if c.taxableAmount == .perRate {
            // Every $rate in round(BT-119): no rate, nothing to check.
            guard let rate = breakdown.rate?.value?.roundedXPath(places: 0) else { return }
            rateValue = rate
        }
        func matches(_ categories: [TaxCategoryAsWritten]) -> Bool {
            let coded = categories.contains { category in category.code.map { XPath.normalizeSpace($0) == c.code } ?? false }
            guard coded else { return false }
            guard let rateValue else { return true }
            return categories.contains { $0.rate?.value?.roundedXPath(places: 0) == rateValue }
        }
        // The lines read in place: a line is a large value.
        var lineAmounts: [Amount?] = []
        invoice.lines.forEachInPlace { line in
            if matches(line.pointee.taxCategories) { lineAmounts.append(line.pointee.netAmount) }
        }
        let groups = [invoice.allowances, invoice.charges].joined()
        let charges = groups.filter { $0.isSelected(asCharge: true, in: syntax) && matches($0.taxCategories) }
        let allowances = groups.filter { $0.isSelected(asCharge: false, in: syntax) && matches($0.taxCategories) }
        guard let lineSum = XPath.sum(lineAmounts), let chargeSum = XPath.sum(charges.map(\.amount)),
              let allowanceSum = XPath.sum(allowances.map(\.amount)),
              let expected = lineSum.adding(chargeSum)?.subtracting(allowanceSum)
        else { return }
        let given = breakdown.taxableAmount?.value
        let passes: Bool
        switch c.taxableAmount {
        case .exact:
            passes = !invoice.lines.isEmpty && given == expected
        case .perRate:
            let users = c.code == "S" ? !lineAmounts.isEmpty || groups.contains { matches($0.taxCategories) } : !invoice.lines.isEmpty
            if let given, let low = given.subtracting(ExactDecimal(1)), let high = given.adding(ExactDecimal(1)) {
                passes = users && low < expected && expected < high
            } else {
                passes = false
            }
        }
        let rateText = rateValue.map { " at rate \($0)" } ?? ""
        out.require(passes, rule, term: "BT-116", at: breakdown.taxableAmount?.location ?? breakdown.location,
                    "the VAT breakdown for category \(c.code)\(rateText) has taxable amount (BT-116) \(XPath.show(breakdown.taxableAmount)), expected \(expected): line net amounts \(lineSum) + charges \(chargeSum) − allowances \(allowanceSum) of that category")
    }

    /// -09: zero for the zero-tax categories; otherwise |BT-117| within one unit of
    /// |BT-116| × BT-119 / 100 rounded to 2 decimals.
    private static func checkTaxAmount(_ c: Category, _ breakdown: VATBreakdown, _ rule: String, into out: inout FindingCollector) {
        let tax = breakdown.taxAmount?.value
        if c.zeroTax {
            out.require(tax?.isZero ?? false, rule, term: "BT-117", at: breakdown.taxAmount?.location ?? breakdown.location,
                        "the VAT breakdown for category \(c.code) (\(c.name)) has tax amount (BT-117) \(XPath.show(breakdown.taxAmount)): expected 0")
            return
        }
        var passes = false
        var expectedText = "a value"
        if let tax, let taxable = breakdown.taxableAmount?.value, let rate = breakdown.rate?.value,
           let product = (taxable.isNegative ? taxable.negated() : taxable).multiplied(by: rate),
           let expected = product.dividedBy100().map(XPath.round2) {
            let magnitude = tax.isNegative ? tax.negated() : tax
            if let low = magnitude.subtracting(ExactDecimal(1)), let high = magnitude.adding(ExactDecimal(1)) {
                passes = low < expected && expected < high
            }
            expectedText = "\(expected)"
        }
        out.require(passes, rule, term: "BT-117", at: breakdown.taxAmount?.location ?? breakdown.location,
                    "the VAT breakdown for category \(c.code) (\(c.name)) has tax amount (BT-117) \(XPath.show(breakdown.taxAmount)), expected \(expectedText) = taxable amount (BT-116) × rate (BT-119) / 100")
    }

    /// BR-IC-11 and BR-IC-12: an intra-community supply gives the delivery date or invoicing period,
    /// and the deliver-to country.
    private static func checkIntraCommunity(_ invoice: Invoice, into out: inout FindingCollector) {
        guard invoice.vatBreakdown.contains(where: { has($0.categoryCode, "K") }) else { return }
        let period = invoice.invoicingPeriod.map { $0.startDate != nil || $0.endDate != nil } ?? false
        let dated = (invoice.delivery?.actualDeliveryDate?.lexical.count ?? 0) > 1 || period || invoice.vatPointDateCode != nil
        out.require(dated, "BR-IC-11", term: "BT-72", at: invoice.location,
                    "an intra-community supply (VAT category K) must give the actual delivery date (BT-72) or the invoicing period (BG-14)")
        out.require((invoice.delivery?.address?.countryCode?.value.count ?? 0) > 1, "BR-IC-12", term: "BT-80", at: invoice.location,
                    "an intra-community supply (VAT category K) must give the deliver-to country code (BT-80)")
    }

    /// BR-O-11…14 as the UBL artefact writes them: with a VAT breakdown (of the VAT scheme) whose code
    /// is O, no other VAT-scheme breakdown (11), item category (12), allowance (13) or charge (14)
    /// category, anywhere in the document; a category without an identifier counts as another one
    /// (`normalize-space(cbc:ID) != 'O'` is true of the empty string).
    private static func checkNotSubject(_ written: [UBLTaxCategory], _ invoice: Invoice, into out: inout FindingCollector) {
        guard written.contains(where: { $0.place == .breakdown && $0.isVAT && $0.anyID(is: "O") }) else { return }
        let other = written.filter { $0.isVAT && ($0.normalizedIDs.first ?? "") != "O" }
        for (rule, term, what, matches) in [
            ("BR-O-11", "BG-23", "VAT breakdowns", { (c: UBLTaxCategory) in c.place == .breakdown }),
            ("BR-O-12", "BT-151", "invoice lines", { (c: UBLTaxCategory) in c.place == .classified }),
            ("BR-O-13", "BT-95", "allowances", { (c: UBLTaxCategory) in c.place == .allowanceCharge && c.indicatesAllowance }),
            ("BR-O-14", "BT-102", "charges", { (c: UBLTaxCategory) in c.place == .allowanceCharge && c.indicatesCharge }),
        ] {
            out.require(!other.contains(where: matches), rule, term: term, at: invoice.location,
                        "the invoice has a VAT breakdown not subject to VAT (O) and \(what) of another VAT category: O excludes every other category")
        }
    }

    // MARK: - CII

    /// -01 in CII: counts of the category among the line taxes, the allowance and charge taxes and the
    /// breakdowns, as the CII rules count them.
    private static func checkPresenceCII(_ c: Category, _ invoice: Invoice, into out: inout FindingCollector) {
        let header = invoice.vatBreakdown.filter { $0.categoryCode?.value == c.code }.count
        var lineCount = 0
        invoice.lines.forEachInPlace { line in if line.pointee.vat?.categoryCode?.value == c.code { lineCount += 1 } }
        let groupCount = [invoice.allowances, invoice.charges].joined().filter { $0.vatCategoryCode?.value == c.code }.count
        let passes: Bool
        switch (c.presence, c.code) {
        case (.atLeastOne, _):
            passes = (lineCount + header >= 2 || lineCount == 0) && (groupCount + header >= 2 || groupCount == 0)
        case (.exactlyOne, "O"):
            passes = header == 0 || (header == 1 && (lineCount > 0 || groupCount > 0))
        case (.exactlyOne, _):
            passes = (header == 0 && lineCount == 0 && groupCount == 0) || (header == 1 && (lineCount > 0 || groupCount > 0))
        }
        out.require(passes, c.rule(1), term: "BG-23", at: invoice.location,
                    "lines, allowances or charges use VAT category \(c.code) (\(c.name)) but the VAT breakdowns (BG-23) for it are \(header): expected \(c.presence == .exactlyOne ? "exactly one" : "at least one"), and used")
    }
}

/// The VAT category rules as the CII binding states them (read from the compiled CII artefact):
/// the same checks as in UBL, with CII's own contexts and arithmetic.
///
/// - Lines, allowances and charges of a category are those whose tax has `upper-case(ram:TypeCode)
///   = 'VAT'`; a breakdown also needs it, except for S and Z, whose breakdown contexts do not ask.
/// - Rates: AF (IGIC) needs a rate above zero in CII (UBL accepts zero).
/// - -08: S per rate, exactly, each of the three sums rounded to two decimals; Z, E, AE, K and G
///   within one unit; O exactly. AF and AG never fail: their context is the breakdown
///   (`ram:ApplicableTradeTax[ram:CategoryCode = 'L']`), and `every $rate in
///   ../ram:RateApplicablePercent` looks for a rate in the settlement above it, where there is none
///   (S's context is the category code, whose `..` is the breakdown). Line sums take every line with a tax of the category, of any
///   scheme; allowances and charges are those of the document.
/// - -09: S within one unit of round(|BT-116| × BT-119) / 100; AF and AG never fail (`true()`); the
///   others are 0.
/// - BR-IC-11/12 and BR-O-11..14 fire once per breakdown of their category.
extension VATCategoryRules {
    enum CIITaxable { case perRate, withinOne, exact }

    static func ciiRate(_ c: Category) -> Rate { c.code == "L" ? .positive : c.rate }
    static func ciiTaxable(_ c: Category) -> CIITaxable {
        switch c.code {
        case "S", "L", "M": return .perRate
        case "O": return .exact
        default: return .withinOne
        }
    }

    static func isVAT(_ scheme: String?) -> Bool { scheme.map { VATSchemeName.matches($0, normalizingSpace: false) } ?? false }

    static func checkCII(_ c: Category, _ invoice: Invoice, into out: inout FindingCollector) {
        let rule = c.rule
        let code = c.code
        // Lines: `vat` is the line's VAT-scheme tax, as the binding reads it.
        // The lines' locations and VAT information, read in place: a line is a large value.
        var lines: [(location: SourceLocation, vat: LineVATInformation)] = []
        invoice.lines.forEachInPlace { line in
            if let vat = line.pointee.vat, vat.categoryCode?.value == code { lines.append((line.pointee.location, vat)) }
        }
        let groups = [invoice.allowances, invoice.charges].joined()
        let allowances = groups.filter { $0.isSummed(asCharge: false) && $0.vatCategoryCode?.value == code }
        let charges = groups.filter { $0.isSummed(asCharge: true) && $0.vatCategoryCode?.value == code }

        let partiesOK = partiesSatisfy(c.parties, invoice)
        if !partiesOK {
            for line in lines { out.fail(rule(2), term: "BT-31", at: line.location, partiesMessage(c, "an invoice line")) }
            for group in allowances { out.fail(rule(3), term: "BT-31", at: group.location, partiesMessage(c, "a document level allowance")) }
            for group in charges { out.fail(rule(4), term: "BT-31", at: group.location, partiesMessage(c, "a document level charge")) }
        }
        let rateKind = ciiRate(c)
        for line in lines {
            checkRate(c, rateKind, line.vat.rate, rule(5), "BT-152", line.vat.location, "the invoice line", into: &out)
        }
        for group in allowances {
            checkRate(c, rateKind, group.vatRate, rule(6), "BT-96", group.location, "the document level allowance", into: &out)
        }
        for group in charges {
            checkRate(c, rateKind, group.vatRate, rule(7), "BT-103", group.location, "the document level charge", into: &out)
        }

        let needsVATScheme = !(code == "S" || code == "Z")
        for breakdown in invoice.vatBreakdown where breakdown.categoryCode?.value == code && (!needsVATScheme || isVAT(breakdown.taxScheme)) {
            checkTaxableAmountCII(c, breakdown, invoice, rule(8), into: &out)
            checkTaxAmountCII(c, breakdown, rule(9), into: &out)
            checkExemption(c, breakdown, rule(10), into: &out)
            if code == "K" { checkIntraCommunityCII(breakdown, invoice, into: &out) }
            if code == "O" { checkNotSubjectCII(breakdown, invoice, into: &out) }
        }
    }

    /// BR-B-01/02 as CII writes them, over every `//ram:CategoryCode` (breakdowns, line, allowance and
    /// charge taxes, any scheme) and every `//ram:CountryID`: split payment (B) only in an invoice
    /// whose every country code is IT, and never with S.
    static func checkSplitPaymentCII(_ invoice: Invoice, into out: inout FindingCollector) {
        var codes = invoice.vatBreakdown.compactMap { $0.categoryCode?.value }
        invoice.lines.forEachInPlace { line in codes += line.pointee.taxCategories.compactMap(\.code) }
        for group in [invoice.allowances, invoice.charges].joined() { codes += group.taxCategories.compactMap(\.code) }
        guard codes.contains("B") else { return }
        let countries = [invoice.seller?.address, invoice.buyer?.address, invoice.taxRepresentative?.address, invoice.delivery?.address]
            .compactMap { $0?.countryCode?.value }
        if let foreign = countries.first(where: { $0 != "IT" }) {
            out.fail("BR-B-01", term: "BT-151", at: invoice.location,
                     "VAT category B (split payment) is used but country code '\(foreign)' appears: split payment is for invoices whose every country code is IT")
        }
        if codes.contains("S") {
            out.fail("BR-B-02", term: "BT-118", at: invoice.location,
                     "the invoice uses VAT category B (split payment) and S (standard rate): an invoice with split payment has no standard rated item")
        }
    }

    /// `round(sum(x) * 10 * 10) div 100` of the amounts present; nil when one is not a decimal.
    private static func roundedSum(_ amounts: [Amount?]) -> ExactDecimal? {
        XPath.sum(amounts).map(XPath.round2)
    }

    private static func checkTaxableAmountCII(_ c: Category, _ breakdown: VATBreakdown, _ invoice: Invoice, _ rule: String,
                                              into out: inout FindingCollector) {
        let code = c.code
        // BR-AF-08 and BR-AG-08 quantify over no rate at all (see above): they hold.
        if code == "L" || code == "M" { return }
        let kind = ciiTaxable(c)
        var rate: ExactDecimal?
        if kind == .perRate {
            // `every $rate in ../ram:RateApplicablePercent`: no rate, nothing to check.
            guard let breakdownRate = breakdown.rate else { return }
            guard let value = breakdownRate.value else { return }
            rate = value
        }
        func matches(_ categories: [TaxCategoryAsWritten]) -> Bool {
            guard categories.contains(where: { $0.code == code }) else { return false }
            guard let rate else { return true }
            return categories.contains { $0.rate?.value == rate }
        }
        // The lines read in place: a line is a large value.
        var lineAmounts: [Amount?] = []
        invoice.lines.forEachInPlace { line in
            if matches(line.pointee.taxCategories) { lineAmounts.append(line.pointee.netAmount) }
        }
        let groups = [invoice.allowances, invoice.charges].joined()
        let chargeAmounts = groups.filter { $0.isSummed(asCharge: true) && matches($0.taxCategories) }.map(\.amount)
        let allowanceAmounts = groups.filter { $0.isSummed(asCharge: false) && matches($0.taxCategories) }.map(\.amount)
        guard let lineSum = roundedSum(lineAmounts), let chargeSum = roundedSum(chargeAmounts),
              let allowanceSum = roundedSum(allowanceAmounts),
              let expected = lineSum.adding(chargeSum)?.subtracting(allowanceSum)
        else { return }
        let given = breakdown.taxableAmount?.value
        let passes: Bool
        switch kind {
        case .perRate, .exact:
            passes = given == expected
        case .withinOne:
            if let given, let low = given.subtracting(ExactDecimal(1)), let high = given.adding(ExactDecimal(1)) {
                passes = low < expected && expected < high
            } else {
                passes = false
            }
        }
        let rateText = rate.map { " at rate \($0)" } ?? ""
        out.require(passes, rule, term: "BT-116", at: breakdown.taxableAmount?.location ?? breakdown.location,
                    "the VAT breakdown for category \(code)\(rateText) has taxable amount (BT-116) \(XPath.show(breakdown.taxableAmount)), expected \(expected)\(kind == .withinOne ? " (within 1)" : ""): line net amounts \(lineSum) + charges \(chargeSum) − allowances \(allowanceSum) of that category")
    }

    private static func checkTaxAmountCII(_ c: Category, _ breakdown: VATBreakdown, _ rule: String, into out: inout FindingCollector) {
        switch c.code {
        case "L", "M":
            return  // `true()` in the CII binding
        case "S":
            var passes = false
            var expectedText = "a value"
            if let tax = breakdown.taxAmount?.value, let taxable = breakdown.taxableAmount?.value, let rate = breakdown.rate?.value,
               let product = (taxable.isNegative ? taxable.negated() : taxable).multiplied(by: rate),
               let expected = product.roundedXPath(places: 0).dividedBy100() {
                let magnitude = tax.isNegative ? tax.negated() : tax
                if let low = magnitude.subtracting(ExactDecimal(1)), let high = magnitude.adding(ExactDecimal(1)) {
                    passes = low < expected && expected < high
                }
                expectedText = "\(expected)"
            }
            out.require(passes, rule, term: "BT-117", at: breakdown.taxAmount?.location ?? breakdown.location,
                        "the VAT breakdown for category S has tax amount (BT-117) \(XPath.show(breakdown.taxAmount)), expected \(expectedText) (within 1) = taxable amount (BT-116) × rate (BT-119) / 100")
        default:
            out.require(breakdown.taxAmount?.value?.isZero ?? false, rule, term: "BT-117", at: breakdown.taxAmount?.location ?? breakdown.location,
                        "the VAT breakdown for category \(c.code) (\(c.name)) has tax amount (BT-117) \(XPath.show(breakdown.taxAmount)): expected 0")
        }
    }

    private static func checkIntraCommunityCII(_ breakdown: VATBreakdown, _ invoice: Invoice, into out: inout FindingCollector) {
        let period = invoice.invoicingPeriod.map { $0.startDate != nil || $0.endDate != nil } ?? false
        out.require(invoice.delivery?.actualDeliveryDate != nil || period, "BR-IC-11", term: "BT-72", at: breakdown.location,
                    "an intra-community supply (VAT category K) must give the actual delivery date (BT-72) or the invoicing period (BG-14)")
        out.require(invoice.delivery?.address?.countryCode != nil, "BR-IC-12", term: "BT-80", at: breakdown.location,
                    "an intra-community supply (VAT category K) must give the deliver-to country code (BT-80)")
    }

    /// BR-O-11/12: no tax of the document (breakdown or line, any scheme) with another category;
    /// BR-O-13/14: no allowance or charge tax with another category.
    private static func checkNotSubjectCII(_ breakdown: VATBreakdown, _ invoice: Invoice, into out: inout FindingCollector) {
        let otherTax = invoice.vatBreakdown.contains { ($0.categoryCode?.value).map { $0 != "O" } ?? false }
            || invoice.lines.containsInPlace { $0.pointee.taxCategories.contains { ($0.code).map { $0 != "O" } ?? false } }
        let otherGroup = [invoice.allowances, invoice.charges].joined().contains { $0.taxCategories.contains { ($0.code).map { $0 != "O" } ?? false } }
        for (rule, term, fails, what) in [("BR-O-11", "BG-23", otherTax, "VAT breakdowns or line taxes"), ("BR-O-12", "BT-151", otherTax, "VAT breakdowns or line taxes"),
                                          ("BR-O-13", "BT-95", otherGroup, "allowance or charge taxes"), ("BR-O-14", "BT-102", otherGroup, "allowance or charge taxes")] where fails {
            out.fail(rule, term: term, at: breakdown.location,
                     "the invoice has a VAT breakdown not subject to VAT (O) and \(what) of another category: O excludes every other category")
        }
    }
}

extension String {
    /// `BR-S-01` from `BR-S` and 1.
    init(format2 family: String, _ number: Int) {
        self = number < 10 ? "\(family)-0\(number)" : "\(family)-\(number)"
    }
}
