import FacteurModel
import FacteurXML

/// The syntax rules of the official UBL binding, checked on the parsed tree in one walk:
/// - UBL-SR: how often UBL may repeat what EN 16931 allows once (fatal);
/// - UBL-CR: elements UBL 2.1 has and EN 16931 does not use (warnings, `UBLRestrictions`);
/// - UBL-DT: data types — amounts with at most two decimals, binary objects with their MIME code
///   and file name (fatal), attributes EN 16931 does not use (warnings).
///
/// As in the official Schematron, a rule's context is a pattern, not a fixed path: `cac:PaymentMeans`
/// is every payment means element wherever it stands, and a rule fires once for each context
/// element that breaks it. The rules on the invoice root fire at most once per document.
enum UBLSyntaxRules {
    static let ubl: Set<String> = {
        var rules = Set(srRules + dtRules)
        rules.formUnion(UBLRestrictions.ubl.rules)
        rules.formUnion(["UBL-CR-002", "UBL-CR-412", "BR-B-01", "BR-B-02", "BR-DEC-13", "BR-DEC-15", "BR-52"])
        return rules.filter { RuleCatalogue.en16931[$0]?.ubl != nil }
    }()
    static let cii: Set<String> = []

    private static let srRules = [
        "UBL-SR-01", "UBL-SR-02", "UBL-SR-03", "UBL-SR-04", "UBL-SR-05", "UBL-SR-06", "UBL-SR-07", "UBL-SR-08", "UBL-SR-09",
        "UBL-SR-10", "UBL-SR-11", "UBL-SR-12", "UBL-SR-13", "UBL-SR-14", "UBL-SR-15", "UBL-SR-16", "UBL-SR-17", "UBL-SR-18",
        "UBL-SR-19", "UBL-SR-20", "UBL-SR-21", "UBL-SR-22", "UBL-SR-23", "UBL-SR-24", "UBL-SR-25", "UBL-SR-26", "UBL-SR-27",
        "UBL-SR-28", "UBL-SR-29", "UBL-SR-30", "UBL-SR-31", "UBL-SR-32", "UBL-SR-33", "UBL-SR-34", "UBL-SR-35", "UBL-SR-36",
        "UBL-SR-37", "UBL-SR-39", "UBL-SR-40", "UBL-SR-42", "UBL-SR-43", "UBL-SR-44", "UBL-SR-45", "UBL-SR-46", "UBL-SR-47",
        "UBL-SR-48", "UBL-SR-49", "UBL-SR-50", "UBL-SR-51", "UBL-SR-52", "UBL-SR-53", "UBL-SR-54", "UBL-SR-55", "UBL-SR-56",
    ]

    /// Attributes EN 16931 does not use (UBL-DT-08..28, and UBL-CR-663 for `@unitCodeListID`):
    /// each fires once per document if the attribute appears on any element.
    private static let unusedAttributes: [(name: String, rule: String)] = [
        ("schemeName", "UBL-DT-08"), ("schemeAgencyName", "UBL-DT-09"), ("schemeDataURI", "UBL-DT-10"),
        ("schemeURI", "UBL-DT-11"), ("format", "UBL-DT-12"), ("unitCodeListIdentifier", "UBL-DT-13"),
        ("unitCodeListAgencyIdentifier", "UBL-DT-14"), ("unitCodeListAgencyName", "UBL-DT-15"),
        ("listAgencyName", "UBL-DT-16"), ("listName", "UBL-DT-17"), ("name", "UBL-DT-18"), ("languageID", "UBL-DT-19"),
        ("listURI", "UBL-DT-20"), ("listSchemeURI", "UBL-DT-21"), ("languageLocaleID", "UBL-DT-22"), ("uri", "UBL-DT-23"),
        ("currencyCodeListVersionID", "UBL-DT-24"), ("characterSetCode", "UBL-DT-25"), ("encodingCode", "UBL-DT-26"),
        ("schemeAgencyID", "UBL-DT-27"), ("listAgencyID", "UBL-DT-28"),
    ]
    private static let dtRules = ["UBL-DT-01", "UBL-DT-06", "UBL-DT-07"] + unusedAttributes.map(\.rule)

    // MARK: Rules on the invoice root

    /// `count(path) <= 1` on the root: rule, term, path, what the path holds.
    private static let rootCounts: [(rule: String, term: String, path: TreePath, what: String)] = [
        ("UBL-SR-01", "BT-12", TreePath("cac:ContractDocumentReference/cbc:ID"), "the contract reference (BT-12)"),
        ("UBL-SR-02", "BT-15", TreePath("cac:ReceiptDocumentReference/cbc:ID"), "the receiving advice reference (BT-15)"),
        ("UBL-SR-03", "BT-16", TreePath("cac:DespatchDocumentReference/cbc:ID"), "the despatch advice reference (BT-16)"),
        ("UBL-SR-04", "BT-18", TreePath("cac:AdditionalDocumentReference[is130]/cbc:ID"),
         "the invoiced object identifier (BT-18, document type code 130)"),
        ("UBL-SR-05", "BT-20", TreePath("cac:PaymentTerms/cbc:Note"), "the payment terms (BT-20)"),
        ("UBL-SR-08", "BG-14", TreePath("cac:InvoicePeriod"), "the invoicing period (BG-14)"),
        ("UBL-SR-09", "BT-27", TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
         "the seller name (BT-27)"),
        ("UBL-SR-10", "BT-28", TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name"), "the seller trading name (BT-28)"),
        ("UBL-SR-11", "BT-30", TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"),
         "the seller legal registration identifier (BT-30)"),
        ("UBL-SR-14", "BT-33", TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyLegalForm"),
         "the seller additional legal information (BT-33)"),
        ("UBL-SR-15", "BT-44", TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
         "the buyer name (BT-44)"),
        ("UBL-SR-16", "BT-46", TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID"),
         "the buyer identifier (BT-46)"),
        ("UBL-SR-17", "BT-47", TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"),
         "the buyer legal registration identifier (BT-47)"),
        ("UBL-SR-24", "BG-13", TreePath("cac:Delivery"), "the deliver-to information (BG-13)"),
        ("UBL-SR-39", "BT-11", TreePath("cac:ProjectReference/cbc:ID"), "the project reference (BT-11)"),
        ("UBL-SR-40", "BT-45", TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name"), "the buyer trading name (BT-45)"),
        ("UBL-SR-45", "BT-9", TreePath("cac:PaymentMeans/cbc:PaymentDueDate"), "the payment due date in payment means (BT-9)"),
        ("UBL-SR-49", "BT-8", TreePath("cac:InvoicePeriod/cbc:DescriptionCode"), "the VAT point date code (BT-8)"),
        ("UBL-SR-54", "BG-18", TreePath("cac:PaymentMeans/cac:CardAccount"), "the payment card information (BG-18)"),
        ("UBL-SR-55", "BG-19", TreePath("cac:PaymentMeans/cac:PaymentMandate"), "the direct debit (BG-19)"),
        ("UBL-SR-56", "BT-17", TreePath("cac:OriginatorDocumentReference/cbc:ID"), "the tender or lot reference (BT-17)"),
    ]

    private static let sellerTaxSchemes = TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme")
    private static let buyerTaxSchemes = TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme")
    private static let companyID = TreePath("cbc:CompanyID")
    private static let taxSchemeID = TreePath("cac:TaxScheme/cbc:ID")
    private static let taxSchemes = TreePath("cac:TaxScheme")
    private static let schemeID = TreePath("cbc:ID")
    private static let meansCodes = TreePath("cac:PaymentMeans/cbc:PaymentMeansCode")
    private static let versionID = TreePath("cbc:UBLVersionID")
    private static let dueDateInMeans = TreePath("cac:PaymentMeans/cbc:PaymentDueDate")


    /// Reports `rule` when `path` selects more than `limit` elements from `context`, at the first one
    /// too many.
    private static func atMost(_ limit: Int, _ path: TreePath, from context: XMLNode, _ rule: String, term: String,
                               _ what: String, into out: inout FindingCollector) {
        let (count, extra) = path.count(from: context, keeping: limit)
        tooMany(count, limit, extra, in: context, rule, term: term, what, into: &out)
    }

    /// Reports `rule` at `extra`, the first element too many, when `count` is over `limit`.
    private static func tooMany(_ count: Int, _ limit: Int, _ extra: XMLNode?, in context: XMLNode, _ rule: String, term: String,
                                _ what: String, into out: inout FindingCollector) {
        guard count > limit, let extra else { return }
        out.fail(rule, term: term, at: extra.location,
                 "\(what) occurs \(count) times in \(context.path): at most \(limit == 1 ? "once" : "\(limit) times") expected")
    }

    /// `cac:TaxScheme/upper-case(cbc:ID)` of a party tax scheme: one value per tax scheme, the empty
    /// string for a scheme without identifier.
    private static func schemeNames(_ partyTaxScheme: XMLNode) -> [String] {
        taxSchemes.select(from: partyTaxScheme).map { scheme in
            schemeID.select(from: scheme).first?.stringValue.uppercased() ?? ""
        }
    }

    /// `count(party tax schemes[predicate]/cbc:CompanyID)`, the predicate being `= 'VAT'` or `!= 'VAT'`
    /// over the scheme names (a general comparison: some name is, or is not, VAT).
    private static func companyIDs(_ schemes: TreePath, vat: Bool, from root: XMLNode) -> [XMLNode] {
        schemes.select(from: root).flatMap { scheme -> [XMLNode] in
            let names = schemeNames(scheme)
            let selected = vat ? names.contains("VAT") : names.contains { $0 != "VAT" }
            return selected ? companyID.select(from: scheme) : []
        }
    }

    private static let rootCountGroup = TreePathGroup(rootCounts.map(\.path))

    /// `count(path) <= 1` for each entry, counted together from `context`.
    private static func atMostOnce(_ entries: [(rule: String, term: String, path: TreePath, what: String)], _ group: TreePathGroup,
                                   from context: XMLNode, into out: inout FindingCollector) {
        for (entry, (count, extra)) in zip(entries, group.count(from: context, keeping: 1)) {
            tooMany(count, 1, extra, in: context, entry.rule, term: entry.term, entry.what, into: &out)
        }
    }

    private static func checkRoot(_ root: XMLNode, into out: inout FindingCollector) {
        atMostOnce(rootCounts, rootCountGroup, from: root, into: &out)
        for (rule, term, schemes, vat, what) in [
            ("UBL-SR-12", "BT-31", sellerTaxSchemes, true, "the seller VAT identifier (BT-31)"),
            ("UBL-SR-13", "BT-32", sellerTaxSchemes, false, "the seller tax registration identifier (BT-32)"),
            ("UBL-SR-18", "BT-48", buyerTaxSchemes, true, "the buyer VAT identifier (BT-48)"),
        ] {
            let ids = companyIDs(schemes, vat: vat, from: root)
            if ids.count > 1 {
                out.fail(rule, term: term, at: (ids[1]).location, "\(what) occurs \(ids.count) times: at most once expected")
            }
        }
        let named = meansCodes.select(from: root).filter { $0.attribute("name") != nil }
        if named.count > 1 {
            out.fail("UBL-SR-46", term: "BT-82", at: (named[1]).location,
                     "the payment means text (BT-82, @name of cbc:PaymentMeansCode) occurs \(named.count) times: at most once expected")
        }
        if let version = versionID.select(from: root).first, !versionID.select(from: root).contains(where: { $0.stringValue == "2.1" }) {
            out.fail("UBL-CR-002", term: nil, at: version.location,
                     "the UBL version (cbc:UBLVersionID) is '\(version.stringValue)': only 2.1 is used with EN 16931")
        }
        if root.hasLocalName("Invoice"), let dueDate = dueDateInMeans.select(from: root).first {
            out.fail("UBL-CR-412", term: "BT-9", at: dueDate.location,
                     "an invoice carries its payment due date (BT-9) in cbc:DueDate, not in cac:PaymentMeans/cbc:PaymentDueDate")
        }
    }

    // MARK: The walk

    /// What the walk gathers for the rules that count over the whole document.
    fileprivate struct DocumentState {
        var index = UBLTreeIndex()
        var restrictions: UBLRestrictions.Firings
        var attributeFirst: [XMLNode?]
        var sepaCreditorIDs: [XMLNode] = []
        var paymentIDs: [String: XMLNode] = [:]
        var meansCodes: [String: XMLNode] = [:]
        let isCreditNote: Bool
        // BR-B-01/02, BR-DEC-13/15: see `DocumentWideRules`.
        var countryNotIT: XMLNode?
        var categoryB: XMLNode?
        var classifiedB: XMLNode?
        var classifiedS = false
        var taxAmountInDocumentCurrency: XMLNode?
        var taxAmountInTaxCurrency: XMLNode?
    }

    private enum Context {
        case line, payee, taxRepresentative, delivery, paymentMeans, allowanceCharge, taxSubtotal, documentReference
        case billingReference, party, partyTaxScheme, address, partyIdentification
    }

    /// The contexts of the walk, by the key of their element's local name.
    private static func contextTable() -> KeyTable<[(name: [UInt8], context: Context)]> {
        var table: [Int: [(name: [UInt8], context: Context)]] = [:]
        for (name, context) in [
            ("InvoiceLine", Context.line), ("CreditNoteLine", .line), ("PayeeParty", .payee),
            ("TaxRepresentativeParty", .taxRepresentative), ("Delivery", .delivery), ("PaymentMeans", .paymentMeans),
            ("AllowanceCharge", .allowanceCharge), ("TaxSubtotal", .taxSubtotal), ("AdditionalDocumentReference", .documentReference),
            ("BillingReference", .billingReference), ("Party", .party), ("PartyTaxScheme", .partyTaxScheme),
            ("PostalAddress", .address), ("Address", .address), ("PartyIdentification", .partyIdentification),
        ] {
            table[XMLNode.nameKey(name), default: []].append((Array(name.utf8) + [0], context))
        }
        return KeyTable(table.map { ($0.key, $0.value) })
    }

    /// Checks the syntax rules, and returns what the other families need from the tree (nothing for
    /// a CII invoice).
    static func check(_ invoice: Invoice, tree root: XMLNode, into out: inout FindingCollector) -> UBLTreeIndex {
        guard invoice.syntax.isUBL else { return UBLTreeIndex() }
        checkRoot(root, into: &out)
        let restrictions = UBLRestrictions.ubl
        var state = DocumentState(restrictions: .init(count: restrictions.rules.count),
                                  attributeFirst: Array(repeating: nil, count: unusedAttributes.count),
                                  isCreditNote: root.hasLocalName("CreditNote"))
        // Room for what an invoice usually has (some fifty coded elements, a few categories): grown one
        // by one from empty, the arrays are reallocated six times.
        state.index.codeListElements.reserveCapacity(64)
        state.index.taxCategories.reserveCapacity(8)
        walk(root, key: root.localNameKey, anchored: 0, insidePriceWithAllowance: false, walkTables, &state, into: &out)
        finish(root, state, restrictions, into: &out)
        DocumentWideRules.finish(root, state, into: &out)
        return state.index
    }

    /// The static tables the walk reads at every element, gathered in one object that the walk is
    /// handed: each static read on its own costs a lazy-initialisation check, six per element.
    private final class WalkTables: Sendable {
        let restrictions = UBLRestrictions.ubl
        let contexts = UBLSyntaxRules.contextTable()
        let unusedAttributeIndex = KeyTable(unusedAttributes.enumerated().map { (XMLNode.nameKey($0.element.name), $0.offset) })
        let codeListInitials = CodeListRules.checkedInitials
        let nameAttributeKey = XMLNode.nameKey("name")
        let taxCategoryKey = XMLNode.nameKey("TaxCategory")
        let classifiedTaxCategoryKey = XMLNode.nameKey("ClassifiedTaxCategory")
        let taxAmountKey = XMLNode.nameKey("TaxAmount")
        let paymentIDKey = XMLNode.nameKey("PaymentID")
        let paymentMeansCodeKey = XMLNode.nameKey("PaymentMeansCode")
        let identificationCodeKey = XMLNode.nameKey("IdentificationCode")
        let idKey = XMLNode.nameKey("ID")
    }

    private static let walkTables = WalkTables()

    /// - Parameter anchored: the node of the anchored UBL-CR trie `node` stands at (`-1`: none).
    private static func walk(_ node: XMLNode, key: Int, anchored: Int, insidePriceWithAllowance: Bool, _ t: WalkTables,
                             _ state: inout DocumentState, into out: inout FindingCollector) {
        let restrictions = t.restrictions
        if t.codeListInitials[Int(node.localNameInitial)], node.isInNamespace(TreePrefix.cbc.uri) {
            state.index.codeListElements.append(node)
        }
        if key == t.taxCategoryKey || key == t.classifiedTaxCategoryKey, node.isInNamespace(TreePrefix.cac.uri) {
            state.index.taxCategories.append(node)
        }
        restrictions.checkAnywhere(node, key: key, into: &state.restrictions)
        checkAttributes(node, t, &state)
        if node.localNameEnds(with: "Amount") {
            if key == t.taxAmountKey { DocumentWideRules.noteTaxAmount(node, &state) }
            if !insidePriceWithAllowance, !node.localNameEnds(with: "PriceAmount") {
                let decimals = XPath.decimals(of: node)
                if decimals > 2 {
                    out.fail("UBL-DT-01", term: nil, at: node.location,
                             "the amount '\(node.stringValue)' has \(decimals) decimals: amounts have at most two")
                }
            }
        } else if node.localNameEnds(with: "BinaryObject") {
            if node.attribute("mimeCode") == nil {
                out.fail("UBL-DT-06", term: "BT-125", at: node.location, "the attachment has no MIME code (@mimeCode, BT-125-1)")
            }
            if node.attribute("filename") == nil {
                out.fail("UBL-DT-07", term: "BT-125", at: node.location, "the attachment has no file name (@filename, BT-125-2)")
            }
        } else if node.isInNamespace(TreePrefix.cbc.uri) {
            if key == t.paymentIDKey, node.hasLocalName("PaymentID") {
                let value = node.stringValue
                if state.paymentIDs[value] == nil { state.paymentIDs[value] = node }
            } else if key == t.paymentMeansCodeKey, node.hasLocalName("PaymentMeansCode") {
                let value = node.stringValue
                if state.meansCodes[value] == nil { state.meansCodes[value] = node }
            } else if key == t.identificationCodeKey || key == t.idKey {
                DocumentWideRules.note(node, &state)
            }
        } else if let candidates = t.contexts[key], node.isInNamespace(TreePrefix.cac.uri),
                  let context = candidates.first(where: { node.hasLocalName(nulTerminated: $0.name) })?.context {
            checkContext(context, node, &state, into: &out)
        }
        var inside = insidePriceWithAllowance
        if !inside, node.hasLocalName("Price"), node.isInNamespace(TreePrefix.cac.uri) {
            // `not(ancestor::cac:Price/cac:AllowanceCharge)`: below a price that has an allowance.
            inside = node.hasChild("AllowanceCharge", inNamespace: TreePrefix.cac.uri)
        }
        for child in node.childElements {
            let childKey = child.localNameKey
            let childAnchored = restrictions.anchoredState(child, key: childKey, parent: anchored, into: &state.restrictions)
            walk(child, key: childKey, anchored: childAnchored, insidePriceWithAllowance: inside, t, &state, into: &out)
        }
    }

    private static func checkAttributes(_ node: XMLNode, _ t: WalkTables, _ state: inout DocumentState) {
        guard node.hasAttributes else { return }
        node.forEachAttributeKey { key in
            if let index = t.unusedAttributeIndex[key] {
                // `count(//@name) - count(//cbc:PaymentMeansCode/@name) <= 0`: the payment means text is the
                // one @name EN 16931 uses.
                if key == t.nameAttributeKey, node.hasLocalName("PaymentMeansCode"), node.isInNamespace(TreePrefix.cbc.uri) { return }
                if state.attributeFirst[index] == nil { state.attributeFirst[index] = node }
            } else if let rule = t.restrictions.anywhereAttributes[key] {
                state.restrictions.record(rule, node)
            }
        }
    }

    private static let lineCounts: [(rule: String, term: String, path: TreePath, what: String)] = [
        ("UBL-SR-34", "BT-127", TreePath("cbc:Note"), "the invoice line note (BT-127)"),
        ("UBL-SR-35", "BT-132", TreePath("cac:OrderLineReference/cbc:LineID"), "the referenced purchase order line (BT-132)"),
        ("UBL-SR-36", "BG-26", TreePath("cac:InvoicePeriod"), "the invoice line period (BG-26)"),
        ("UBL-SR-37", "BT-147", TreePath("cac:Price/cac:AllowanceCharge/cbc:Amount"), "the item price discount (BT-147)"),
        ("UBL-SR-50", "BT-154", TreePath("cac:Item/cbc:Description"), "the item description (BT-154)"),
        ("UBL-SR-52", "BT-128", TreePath("cac:DocumentReference"), "the invoice line object identifier (BT-128)"),
    ]
    private static let lineCountGroup = TreePathGroup(lineCounts.map(\.path))
    private static let lineTaxCategories = TreePath("cac:Item/cac:ClassifiedTaxCategory")
    private static let payeeNames = TreePath("cac:PartyName/cbc:Name")
    private static let sellerNames = TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName")
    private static let payeeIdentifiers = TreePath("cac:PartyIdentification/cbc:ID")
    private static let payeeLegalIDs = TreePath("cac:PartyLegalEntity/cbc:CompanyID")
    private static let taxRepresentativeNames = TreePath("cac:PartyName/cbc:Name")
    private static let taxRepresentativeVAT = TreePath("cac:PartyTaxScheme/cbc:CompanyID")
    private static let deliveryNames = TreePath("cac:DeliveryParty/cac:PartyName/cbc:Name")
    private static let paymentIDs = TreePath("cbc:PaymentID")
    private static let paymentMeansCodes = TreePath("cbc:PaymentMeansCode")
    private static let mandateIDs = TreePath("cac:PaymentMandate/cbc:ID")
    private static let chargeIndicator = TreePath("cbc:ChargeIndicator")
    private static let reasons = TreePath("cbc:AllowanceChargeReason")
    private static let exemptionReasons = TreePath("cac:TaxCategory/cbc:TaxExemptionReason")
    private static let descriptions = TreePath("cbc:DocumentDescription")
    private static let typeCodes = TreePath("cbc:DocumentTypeCode")
    private static let precedingInvoices = TreePath("cac:InvoiceDocumentReference")
    private static let precedingInvoiceIDs = TreePath("cac:InvoiceDocumentReference/cbc:ID")
    private static let partyTaxSchemes = TreePath("cac:PartyTaxScheme")
    private static let addressLines = TreePath("cac:AddressLine")

    private static func checkContext(_ context: Context, _ node: XMLNode, _ state: inout DocumentState,
                                     into out: inout FindingCollector) {
        switch context {
        case .line:
            atMostOnce(lineCounts, lineCountGroup, from: node, into: &out)
            let categories = lineTaxCategories.count(from: node)
            if categories != 1 {
                out.fail("UBL-SR-48", term: "BT-151", at: node.location,
                         "the line has \(categories) item VAT categories (cac:Item/cac:ClassifiedTaxCategory, BT-151): exactly one expected")
            }
        case .payee:
            checkPayee(node, into: &out)
        case .taxRepresentative:
            atMost(1, taxRepresentativeNames, from: node, "UBL-SR-22", term: "BT-62", "the seller tax representative name (BT-62)", into: &out)
            atMost(1, taxRepresentativeVAT, from: node, "UBL-SR-23", term: "BT-63",
                   "the seller tax representative VAT identifier (BT-63)", into: &out)
        case .delivery:
            atMost(1, deliveryNames, from: node, "UBL-SR-25", term: "BT-70", "the deliver-to party name (BT-70)", into: &out)
        case .paymentMeans:
            atMost(1, paymentIDs, from: node, "UBL-SR-26", term: "BT-83", "the remittance information (BT-83)", into: &out)
            atMost(1, paymentMeansCodes, from: node, "UBL-SR-27", term: "BT-81", "the payment means type code (BT-81)", into: &out)
            atMost(1, mandateIDs, from: node, "UBL-SR-28", term: "BT-89", "the mandate reference identifier (BT-89)", into: &out)
        case .allowanceCharge:
            // `cac:AllowanceCharge[cbc:ChargeIndicator = false()]` and `= true()`: the indicator cast to a
            // boolean; a group whose indicator is neither is in neither context.
            switch chargeIndicator.select(from: node).lazy.compactMap({ XPath.boolean($0.stringValue) }).first {
            case false?:
                atMost(1, reasons, from: node, "UBL-SR-30", term: "BT-97", "the allowance reason (BT-97/BT-139)", into: &out)
            case true?:
                atMost(1, reasons, from: node, "UBL-SR-31", term: "BT-104", "the charge reason (BT-104/BT-144)", into: &out)
            case nil:
                break
            }
        case .taxSubtotal:
            atMost(1, exemptionReasons, from: node, "UBL-SR-32", term: "BT-120", "the VAT exemption reason text (BT-120)", into: &out)
        case .documentReference:
            atMost(1, descriptions, from: node, "UBL-SR-33", term: "BT-123", "the supporting document description (BT-123)", into: &out)
            checkDocumentReference(node, isCreditNote: state.isCreditNote, into: &out)
            checkDocumentReferenceID(node, into: &out)
        case .billingReference:
            atMost(1, precedingInvoices, from: node, "UBL-SR-06", term: "BG-3", "the preceding invoice reference (BG-3)", into: &out)
            if precedingInvoiceIDs.count(from: node) == 0 {
                out.fail("UBL-SR-07", term: "BT-25", at: node.location,
                         "the billing reference has no preceding invoice number (cac:InvoiceDocumentReference/cbc:ID, BT-25)")
            }
        case .party:
            guard let parent = node.parentElement, parent.hasLocalName("AccountingSupplierParty"),
                  parent.isInNamespace(TreePrefix.cac.uri) else { return }
            atMost(2, partyTaxSchemes, from: node, "UBL-SR-42", term: "BG-4",
                   "the seller's tax scheme (cac:PartyTaxScheme: VAT identifier BT-31, tax registration BT-32)", into: &out)
        case .partyTaxScheme:
            if taxSchemeID.count(from: node) == 0 || companyID.count(from: node) == 0 {
                out.fail("UBL-SR-53", term: "BT-31", at: node.location,
                         "a party tax scheme needs both its identifier (cbc:CompanyID) and its scheme (cac:TaxScheme/cbc:ID)")
            }
        case .address:
            atMost(1, addressLines, from: node, "UBL-SR-51", term: "BT-162", "the address line (cac:AddressLine)", into: &out)
        case .partyIdentification:
            for id in schemeID.select(from: node) where id.attribute("schemeID")?.uppercased() == "SEPA" {
                state.sepaCreditorIDs.append(id)
            }
        }
    }

    /// UBL-SR-19..21 on the payee: at most one name, identifier (other than the SEPA creditor
    /// identifier) and legal registration identifier; and, in each, the payee differs from the seller:
    /// `(cac:PartyName/cbc:Name) != (../cac:AccountingSupplierParty/.../cbc:RegistrationName)`, a
    /// general comparison that is false when either side is absent.
    private static func checkPayee(_ payee: XMLNode, into out: inout FindingCollector) {
        let names = payeeNames.select(from: payee).map(\.stringValue)
        let sellers = payee.parentElement.map { sellerNames.select(from: $0).map(\.stringValue) } ?? []
        let differs = names.contains { name in sellers.contains { $0 != name } }
        let sameAsSeller = "the payee (BG-10) must differ from the seller: payee name \(names.first.map { "'\($0)'" } ?? "absent"), "
            + "seller name \(sellers.first.map { "'\($0)'" } ?? "absent")"
        let identifiers = payeeIdentifiers.select(from: payee).filter { ($0.attribute("schemeID") ?? "").uppercased() != "SEPA" }
        let legal = payeeLegalIDs.count(from: payee)
        for (rule, term, count, what) in [
            ("UBL-SR-19", "BT-59", names.count, "the payee name (BT-59)"),
            ("UBL-SR-20", "BT-60", identifiers.count, "the payee identifier (BT-60)"),
            ("UBL-SR-21", "BT-61", legal, "the payee legal registration identifier (BT-61)"),
        ] {
            if count > 1 {
                out.fail(rule, term: term, at: payee.location, "\(what) occurs \(count) times: at most once expected")
            } else if !differs {
                out.fail(rule, term: term, at: payee.location, sameAsSeller)
            }
        }
    }

    /// UBL-SR-43: only the invoiced object identifier (type code 130, or 50 in a credit note) carries a
    /// type code or an identification scheme.
    private static func checkDocumentReference(_ node: XMLNode, isCreditNote: Bool, into out: inout FindingCollector) {
        let codes = typeCodes.select(from: node).map(\.stringValue)
        if codes.contains("130") || (isCreditNote && codes.contains("50")) { return }
        let hasScheme = schemeID.select(from: node).contains { $0.attribute("schemeID") != nil }
        if codes.isEmpty && !hasScheme { return }
        out.fail("UBL-SR-43", term: "BT-18", at: node.location,
                 "a supporting document (BG-24) has \(codes.isEmpty ? "an identification scheme" : "document type code '\(codes[0])'"): "
                 + "only the invoiced object identifier (BT-18, type code 130) carries a type code or a scheme")
    }

    /// BR-52 as UBL writes it, on every `cac:AdditionalDocumentReference` (supporting documents, and
    /// also the invoiced object identifier and a credit note's project reference): `(cbc:ID) != ''`.
    /// A white-space-only identifier is empty, as the official artefacts read it.
    private static func checkDocumentReferenceID(_ node: XMLNode, into out: inout FindingCollector) {
        for id in node.childElements where id.hasLocalName("ID") && id.isInNamespace(TreePrefix.cbc.uri) {
            if id.withStringValueBytes({ !$0.isEmpty }) { return }
        }
        out.fail("BR-52", term: "BT-122", at: node.location, "the additional supporting document (BG-24) has no reference (BT-122)")
    }

    private static func finish(_ root: XMLNode, _ state: DocumentState, _ restrictions: UBLRestrictions,
                               into out: inout FindingCollector) {
        if state.sepaCreditorIDs.count > 1 {
            out.fail("UBL-SR-29", term: "BT-90", at: (state.sepaCreditorIDs[1]).location,
                     "the bank assigned creditor identifier (BT-90, party identifier with scheme SEPA) occurs \(state.sepaCreditorIDs.count) times: at most once expected")
        }
        if state.paymentIDs.count > 1 {
            let values = state.paymentIDs.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            out.fail("UBL-SR-44", term: "BT-83", at: root.location,
                     "the remittance information (BT-83, cbc:PaymentID) has \(state.paymentIDs.count) different values (\(values)): one value expected")
        }
        if state.meansCodes.count > 1 {
            let values = state.meansCodes.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            out.fail("UBL-SR-47", term: "BT-81", at: root.location,
                     "the payment means type code (BT-81) has \(state.meansCodes.count) different values (\(values)): one value expected")
        }
        for (index, node) in state.attributeFirst.enumerated() {
            guard let node else { continue }
            let attribute = unusedAttributes[index]
            out.fail(attribute.rule, term: nil, at: node.location,
                     "the attribute @\(attribute.name) is not used by EN 16931 and should not be present")
        }
        for (rule, node) in state.restrictions.first.sorted(by: { $0.key < $1.key }) {
            out.fail(restrictions.rules[rule], term: nil, at: node.location,
                     "\(restrictions.paths[rule]) is not used by EN 16931 and should not be present")
        }
    }
}

/// Four business rules the UBL binding writes as XPath over the whole document, evaluated from the
/// same walk, as written:
/// - BR-B-01: when a VAT category is B (`//cac:TaxCategory/cbc:ID` or `//cac:ClassifiedTaxCategory/cbc:ID`),
///   every `//cbc:IdentificationCode` (any country code) is IT;
/// - BR-B-02: B (in the VAT breakdown, the document allowances and charges, or a line) and S never
///   appear together;
/// - BR-DEC-13/15: `//cac:TaxTotal/cbc:TaxAmount[@currencyID = cbc:DocumentCurrencyCode]` (resp.
///   `cbc:TaxCurrencyCode`) has at most two decimals. The predicate reads the code *below* the tax
///   amount, where a valid UBL document has none, so in UBL these two never fire; the official
///   artefacts behave the same way, and so does Facteur.
extension UBLSyntaxRules {
    enum DocumentWideRules {
        static let breakdownCategories = TreePath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID")
        static let groupCategories = TreePath("cac:AllowanceCharge/cac:TaxCategory/cbc:ID")

        fileprivate static func note(_ node: XMLNode, _ state: inout DocumentState) {
            if node.hasLocalName("IdentificationCode") {
                if state.countryNotIT == nil, node.stringValue != "IT" { state.countryNotIT = node }
            } else if node.hasLocalName("ID"), let parent = node.parentElement, parent.isInNamespace(TreePrefix.cac.uri) {
                if parent.hasLocalName("TaxCategory") {
                    if state.categoryB == nil, node.stringValue == "B" { state.categoryB = node }
                } else if parent.hasLocalName("ClassifiedTaxCategory") {
                    let value = node.stringValue
                    if state.classifiedB == nil, value == "B" { state.classifiedB = node }
                    if value == "S" { state.classifiedS = true }
                }
            }
        }

        fileprivate static func noteTaxAmount(_ node: XMLNode, _ state: inout DocumentState) {
            guard node.hasLocalName("TaxAmount"), node.isInNamespace(TreePrefix.cbc.uri),
                  let parent = node.parentElement, parent.hasLocalName("TaxTotal"), parent.isInNamespace(TreePrefix.cac.uri)
            else { return }
            let currency = node.attribute("currencyID")
            for child in node.childElements where child.isInNamespace(TreePrefix.cbc.uri) && child.stringValue == currency {
                if child.hasLocalName("DocumentCurrencyCode"), state.taxAmountInDocumentCurrency == nil {
                    state.taxAmountInDocumentCurrency = node
                } else if child.hasLocalName("TaxCurrencyCode"), state.taxAmountInTaxCurrency == nil {
                    state.taxAmountInTaxCurrency = node
                }
            }
        }

        fileprivate static func finish(_ root: XMLNode, _ state: DocumentState, into out: inout FindingCollector) {
            if let b = state.categoryB ?? state.classifiedB, let country = state.countryNotIT {
                out.fail("BR-B-01", term: "BT-151", at: b.location,
                         "VAT category B (split payment) is used but country code '\(country.stringValue)' appears at \(country.path): "
                         + "split payment is for invoices whose every country code is IT")
            }
            let breakdown = breakdownCategories.select(from: root).map(\.stringValue)
            let groups = groupCategories.select(from: root).map(\.stringValue)
            let usesB = breakdown.contains("B") || groups.contains("B") || state.classifiedB != nil
            let usesS = breakdown.contains("S") || groups.contains("S") || state.classifiedS
            if usesB && usesS {
                out.fail("BR-B-02", term: "BT-118", at: root.location,
                         "the invoice uses VAT category B (split payment) and S (standard rate): an invoice with split payment has no standard rated item")
            }
            for (rule, node, term) in [("BR-DEC-13", state.taxAmountInDocumentCurrency, "BT-110"),
                                       ("BR-DEC-15", state.taxAmountInTaxCurrency, "BT-111")] {
                guard let node else { continue }
                let decimals = XPath.decimals(of: node)
                if decimals > 2 {
                    out.fail(rule, term: term, at: node.location,
                             "the VAT total '\(node.stringValue)' has \(decimals) decimals: at most two expected")
                }
            }
        }
    }
}

/// What the other UBL rule families need from the tree, gathered by the UBL syntax walk so that a
/// document is walked once: the elements the code lists check and the tax categories, each in
/// document order.
struct UBLTreeIndex {
    /// `cbc` elements whose first letter is one of the code-list names' (`CodeListRules.checkedInitials`).
    var codeListElements: [XMLNode] = []
    /// `cac:TaxCategory` and `cac:ClassifiedTaxCategory` elements.
    var taxCategories: [XMLNode] = []
}
