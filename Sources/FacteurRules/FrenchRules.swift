import FacteurModel
import FacteurXML
import Glibc

/// The French rules (BR-FR, FNFE-MPE, the release in `RuleCatalogue.frRelease`) that apply to one
/// invoice, on top of EN 16931.
///
/// Each assertion is written as the official schematron of its syntax writes it: its context (a
/// path from the root, every element it names fires on its own) and its test, with XPath's
/// treatment of odd values. The two syntaxes' rules differ in places, and so do their ids.
public struct FrenchValidator: Sendable {
    public init() {}

    /// The assertions this validator evaluates for a syntax; the others of the catalogue are not
    /// built yet.
    public static func implementedRules(for syntax: Syntax) -> Set<String> {
        syntax.isUBL ? implementedUBL : implementedCII
    }

    private static let implementedUBL = Set(FrenchAssertions.ubl.map(\.id)).union(FrenchAssertions.neverEvaluatedUBL)
    private static let implementedCII = Set(FrenchAssertions.cii.map(\.id)).union(FrenchAssertions.neverEvaluatedCII)

    public func validate(_ invoice: Invoice, tree: XMLNode) -> [Finding] {
        var findings: [Finding] = []
        validate(invoice, tree: tree, appendingTo: &findings)
        return findings
    }

    /// `validate(_:tree:)`, its findings added to `findings` (copied neither there nor on the way).
    public func validate(_ invoice: Invoice, tree: XMLNode, appendingTo findings: inout [Finding]) {
        var out = FindingCollector(syntax: invoice.syntax, paths: invoice.elementPaths, ruleSet: .fr)
        out.exchangeFindings(with: &findings)
        FrenchAssertions.check(invoice.syntax, tree: tree, into: &out)
        out.exchangeFindings(with: &findings)
    }
}

/// The French assertions: each one's context (a path, from the root or, for the contexts the
/// schematron writes without a root, at any depth) and its test, with XPath's treatment of odd values.
enum FrenchAssertions {
    enum Test: Sendable {
        /// `string-length(.) le N`.
        case maxLength(Int)
        /// `custom:is-valid-id-format(.)`: letters, digits and `+ - _ /` once white space is
        /// normalised, and no space anywhere.
        case identifier
        /// `custom:is-valid-date-format(.)`: a real date of 2000 to 2099, `YYYY-MM-DD` (UBL) or the
        /// first eight characters `YYYYMMDD` (CII).
        case dateUBL, dateCII
        /// `. = (...)` or `custom:is-valid-document-type-code(.)`: one of the French document types.
        case documentType
        /// `custom:is-valid-billing-mode(P) and exists(P)`: some element at `P` (below the context)
        /// has one of the billing framework codes (BT-23), exactly.
        case billingFramework(TreePath)
        /// UBL: `contains(string-join(cbc:Note, ''), '#CODE#')`.
        case notesMention(String)
        /// UBL: `count(tokenize(string-join(cbc:Note, ''), '#CODE#')) - 1 le 1`.
        case notesMentionAtMostOnce(String)
        /// CII: `exists(ram:IncludedNote[ram:SubjectCode = 'CODE'])`.
        case noteWithSubject(String)
        /// CII: `count(ram:IncludedNote[ram:SubjectCode = 'CODE']) le 1`.
        case noteWithSubjectAtMostOnce(String)
        /// BR-FR-09: `not($siret) or custom:check-siret-siren-coherence($siret[1], $siren)`: the first
        /// SIRET is 14 digits and begins with the SIREN; with `sirenFromSIRET`, a party without a
        /// SIREN (empty string value) is compared with the SIRET's own first nine characters.
        case siretBeginsWithSIREN(siret: TreePath, siren: TreePath, sirenFromSIRET: Bool)
        /// BR-FR-10, BR-FR-32: `$siren and matches(normalize-space($siren), '^\d{9}$')`, the path
        /// empty for the context itself.
        case siren(TreePath)
        /// BR-FR-11: when the BAR treatment is B2B, the buyer's SIREN at the path is nine digits
        /// (`normalized`: after `normalize-space`, as UBL writes it).
        case b2bBuyerSIREN(TreePath, normalized: Bool)
        /// `normalize-space(P) != ''` (`normalized`) or `string(P)`: the first element at the path
        /// holds a value.
        case given(TreePath, normalized: Bool)
        /// BR-FR-15: the VAT category code at the path is one of S E AE K G O Z. UBL lets the code
        /// be absent (`not($categoryCode) or ...`); CII only on GROUP and INFORMATION lines.
        case vatCategory(TreePath, absentPasses: Bool, groupLinesMayOmit: Bool)
        /// BR-FR-15: `not($categoryCode = ('L', 'M'))`.
        case notCategoryLOrM(TreePath)
        /// BR-FR-16: the VAT rate at the path, when given, is one of the French rates as written in
        /// the rule's list. UBL: an empty element fails (`not($vatRate) or ...`); CII reads
        /// `string(...)`, and an empty value passes.
        case vatRate(TreePath, emptyPasses: Bool)
        /// BR-FR-17: the attachment qualifier at the path, when given, is in the French list. UBL
        /// compares the element as written (an empty one fails), CII its normalised value.
        case attachmentQualifier(TreePath, normalized: Bool)
        /// `count(P) le 1`.
        case atMostOne(TreePath)
        /// `count(P) le 1 and count(Q) le 1`.
        case atMostOneEach(TreePath, TreePath)
        /// `P or Q`: one of the two exists.
        case either(TreePath, TreePath)
        /// BR-FR-20, UBL: the BAR treatment read from the joined notes is empty or one of the UBL list.
        case barTreatmentInNotes
        /// BR-FR-20, CII: `custom:is-valid-bar-treatment(ram:Content)` on a BAR note.
        case barContent(TreePath)
        /// BR-FR-21 and BR-FR-22: the party's electronic address begins with its SIREN and has scheme
        /// 0225, when the BAR treatment and the document type call for it.
        case electronicAddress(ElectronicAddress)
        /// BR-FR-23, BR-FR-24: `custom:is-valid-schemeid-format(.)`, `^[A-Za-z0-9+\-_.]+$`.
        case addressCharacters
        /// BR-FR-28: a value or a measured value with its unit, not both:
        /// `(exists(V) and not(exists(M))) or (not(exists(V)) and exists(M[@unitCode != '']))`.
        case valueOrMeasure(value: TreePath, measure: TreePath)
        /// UBL BR-FR-31 (id BR-FR-30_BT-21): the notes naming `#BAR#`, joined and followed by `#`,
        /// give at most one `BAR#<treatment>#` of the list.
        case barMentionAtMostOnce
        /// CII BR-FR-31: at most one BAR note whose normalised content is a treatment of the list.
        case barNoteAtMostOnce(TreePath)
        /// BR-FR-DEC-01 to 04: the normalised value at the path (the context itself for the empty
        /// path) is a number of the format; with `emptyPasses`, an empty or absent one passes.
        case number(TreePath, NumberFormat, emptyPasses: Bool)
        /// BR-FR-CO-10: every identifier at the path carries a `schemeID` (`present`), or no scheme
        /// is used twice among them (`count(distinct-values(P/@schemeID)) = count(P/@schemeID)`).
        case identifierSchemes(TreePath, unique: Bool)
        /// The BR-FR-CO rules that read the whole document, each as its syntax writes it.
        case document(DocumentRule)
        /// The multi-vendor and bidirectional rules (BR-FR-MV, BR-FR-BD).
        case multiVendor(MultiVendorRule)
    }

    /// The document-wide coherence rules (BR-FR-CO), checked on the root element.
    enum DocumentRule: Sendable {
        /// CO-03: a global discount credit note (262) names its contract (BT-12) and a whole
        /// invoicing period (UBL: CreditNote documents only).
        case globalDiscountCreditNote
        /// CO-04: a corrective invoice (384, 471, 472, 473) has exactly one preceding invoice
        /// reference (UBL reads `cbc:InvoiceTypeCode`: Invoice documents only).
        case correctiveInvoiceReference
        /// CO-05: a credit note (261, 381, 396, 502, 503) references its preceding invoice, number
        /// and date, in the header or on every line (UBL: CreditNote documents only).
        case creditNoteReference
        /// CO-07: the due date is not before the issue date, except for prepayments (386, 500, 503)
        /// and already paid invoices (B2, S2, M2).
        case dueDateNotBeforeIssueDate
        /// CO-08: the frameworks of final invoices after prepayment (B4, S4, M4) exclude the
        /// prepayment types (386, 500, 503).
        case finalInvoiceIsNoPrepayment
        /// CO-09: an already paid invoice (B2, S2, M2) has paid its total (`number(BT-113) =
        /// number(BT-112)`), owes nothing (`number(BT-115) = 0`) and gives the payment date (BT-9).
        case paidInFull, nothingDue, paymentDateGiven
        /// CO-12: an invoice in another currency than EUR gives EUR as VAT accounting currency
        /// (BT-6) and the VAT total in EUR (BT-111).
        case vatInEuro
        /// CO-14 and CO-15: a seller identified as member of a single VAT group (scheme 0231) says
        /// so in a TXD note and has a tax representative with a VAT identifier.
        case vatGroupNote, vatGroupRepresentative
    }

    /// The number formats of BR-FR-DEC: `^[-]?\d{1,19}(\.\d{1,F})?$` and at most 19 characters
    /// besides the point, for amounts (F = 2), quantities (4) and unit prices (6, the minus sign
    /// only on bidirectional invoices); VAT rates `^\d{1,4}(\.\d{1,2})?$`, at most 4 characters.
    enum NumberFormat: Sendable {
        case amount, quantity, unitPrice, rate

        var integerDigits: Int { self == .rate ? 4 : 19 }
        var fractionDigits: Int {
            switch self {
            case .amount, .rate: return 2
            case .quantity: return 4
            case .unitPrice: return 6
            }
        }
        var maxLength: Int { self == .rate ? 4 : 19 }

        var expected: String {
            switch self {
            case .amount: return "a number with at most 2 decimals and 19 characters besides the point, a minus sign allowed"
            case .quantity: return "a number with at most 4 decimals and 19 characters besides the point, a minus sign allowed"
            case .unitPrice: return "a number with at most 6 decimals and 19 characters besides the point, without a minus sign unless the invoice is bidirectional (B9, S9, M9)"
            case .rate: return "a positive number with at most 2 decimals and 4 characters besides the point"
            }
        }
    }

    /// BR-FR-21 and BR-FR-22, as each syntax writes them: `starts-with(endpoint, siren) and
    /// endpoint/@schemeID = '0225'` once the condition holds.
    struct ElectronicAddress: Sendable {
        enum Condition: Sendable {
            /// UBL BR-FR-21 and CII BR-FR-21: the treatment is B2B and the type is not self-billed.
            case b2bNotSelfBilled
            /// UBL BR-FR-22: any treatment (a non-empty value) and a self-billed type.
            case treatmentSelfBilled
            /// CII BR-FR-22: the treatment is B2B and the type is self-billed.
            case b2bSelfBilled
        }

        let endpoint: TreePath
        let siren: TreePath
        let condition: Condition
    }

    struct Assertion: Sendable {
        let id: String
        let term: String
        let what: String
        /// The context, from the root element (UBL: the same for Invoice and CreditNote unless
        /// `creditNotePath` differs, as for the lines), or its last steps when `anywhere`.
        let path: TreePath
        let creditNotePath: TreePath?
        /// `//path`: the context is every element the path's steps end at, at any depth.
        let anywhere: Bool
        let test: Test

        /// `path`: the context's steps below the root, empty for the root itself; `anywhere`: the
        /// schematron writes the context without its root (`cac:Item/cac:ClassifiedTaxCategory`).
        init(_ id: String, _ term: String, _ what: String, _ path: String, creditNote: String? = nil, anywhere: Bool = false, _ test: Test) {
            self.id = id
            self.term = term
            self.what = what
            self.path = path.isEmpty ? TreePath.root : TreePath(path)
            self.creditNotePath = creditNote.map(TreePath.init)
            self.anywhere = anywhere
            self.test = test
        }
    }

    /// The billing frameworks (cadres de facturation, BT-23) of the French rules, in their order.
    static let billingFrameworkList = ["B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7",
                                       "B8", "S8", "M8", "B9", "S9", "M9"]
    static let billingFrameworks = CodeSet(billingFrameworkList)
    /// The document types French invoices may have (UNTDID 1001, restricted), in the rule's order.
    static let documentTypeList = ["380", "389", "393", "501", "386", "500", "384", "471", "472", "473", "261", "262", "381", "396", "502", "503"]
    static let documentTypes = CodeSet(documentTypeList)
    /// The self-billed document types of BR-FR-21 and BR-FR-22.
    static let selfBilledTypes = CodeSet(["389", "501", "500", "471", "473", "261", "502"])
    /// `custom:is-valid-vat-category-code`.
    static let vatCategoryList = ["S", "E", "AE", "K", "G", "O", "Z"]
    static let vatCategories = CodeSet(vatCategoryList)
    /// `custom:is-valid-vat-rate`: the French rates, each in the spellings the rule lists.
    static let vatRateList = ["0", "0.0", "0.00", "10", "10.0", "10.00", "13", "13.0", "13.00", "20", "20.0", "20.00",
                              "8.5", "8.50", "19.6", "19.60", "2.1", "2.10", "5.5", "5.50", "7", "7.0", "7.00",
                              "20.6", "20.60", "1.05", "0.9", "0.90", "1.75", "9.2", "9.20", "9.6", "9.60"]
    static let vatRates = CodeSet(vatRateList)
    /// `custom:is-valid-attachment-code`: the attachment qualifiers (BT-123).
    static let attachmentQualifierList = ["RIB", "LISIBLE", "FEUILLE_DE_STYLE", "PJA", "BORDEREAU_SUIVI", "DOCUMENT_ANNEXE",
                                          "BON_LIVRAISON", "BON_COMMANDE", "BORDEREAU_SUIVI_VALIDATION", "ETAT_ACOMPTE",
                                          "FACTURE_PAIEMENT_DIRECT", "RECAPITULATIF_COTRAITANCE"]
    static let attachmentQualifiers = CodeSet(attachmentQualifierList)
    /// The BAR treatments (BT-22 of a note with subject BAR): UBL's BR-FR-20 list lacks B2CINT,
    /// which CII's `custom:is-valid-bar-treatment` and both BR-FR-31 accept.
    static let barTreatmentListUBL = ["B2B", "B2BINT", "B2C", "OUTOFSCOPE", "ARCHIVEONLY"]
    static let barTreatmentList = ["B2B", "B2BINT", "B2C", "B2CINT", "OUTOFSCOPE", "ARCHIVEONLY"]
    static let barTreatmentsUBL = CodeSet(barTreatmentListUBL)
    /// The lists as messages name them, joined once.
    private static let documentTypeText = documentTypeList.joined(separator: ", ")
    private static let billingFrameworkText = billingFrameworkList.joined(separator: " ")
    private static let vatCategoryText = vatCategoryList.joined(separator: ", ")
    private static let vatRateText = vatRateList.joined(separator: " ")
    private static let attachmentQualifierText = attachmentQualifierList.joined(separator: ", ")
    private static let barTreatmentTextUBL = barTreatmentListUBL.joined(separator: ", ")
    private static let barTreatmentText = barTreatmentList.joined(separator: ", ")
    static let barTreatments = CodeSet(barTreatmentList)

    /// The contexts of a syntax's assertions as one trie of child steps from the root: the walk
    /// follows only the steps some context names, and each element it reaches runs the assertions
    /// whose context ends there. Contexts at any depth are looked up by their last step's name on
    /// every element, and their earlier steps checked on the element's ancestors.
    // @unchecked: every property is set once, in `init`; the buffers are written there only.
    final class Trie: @unchecked Sendable {
        struct Node: Sendable {
            var edges: [(step: TreeStep, next: Int)] = []
            var assertions: [Int] = []
        }

        let assertions: [Assertion]
        /// The contexts' paths (they keep the steps the matchers below point to).
        let paths: [TreePath]
        /// What the walk reads per element, as buffers of plain values that the trie owns: reading
        /// them counts no reference (an array read out of a class is counted on each read).
        ///
        /// Node `n`'s edges are `edgeStart[n]..<edgeStart[n + 1]`, its assertions likewise.
        let edgeStart: UnsafeBufferPointer<Int>
        let edgeKeys: UnsafeBufferPointer<Int>
        let edgeSteps: UnsafeBufferPointer<StepMatcher>
        let edgeNext: UnsafeBufferPointer<Int>
        /// Per node, one bit per edge key (`bit(key)`): a child whose bit is clear takes no edge,
        /// settled without looking at the edges one by one.
        let edgeMask: UnsafeBufferPointer<UInt64>
        let assertionStart: UnsafeBufferPointer<Int>
        let assertionIndices: UnsafeBufferPointer<Int>
        /// Each assertion's test, and its severity in the trie's syntax (nil: not a rule of it).
        let tests: UnsafeBufferPointer<Test>
        let severities: UnsafeBufferPointer<Severity?>
        /// The contexts at any depth, by the key of their last step: the range of
        /// `anywhereAssertions` holding the assertions whose context ends with such a name.
        let anywhere: KeyTable<Range<Int>>
        let anywhereAssertions: UnsafeBufferPointer<Int>
        /// For each slot of `anywhereAssertions`, the slot of the first assertion with the same
        /// context path: an element's ancestors are checked once per distinct path.
        let anywhereSamePath: UnsafeBufferPointer<Int>
        /// For each slot of `anywhereAssertions`, its context's steps, the last first (matched
        /// upwards from the element): `anywhereSteps[anywhereStepRange[slot]]`.
        let anywhereStepRange: UnsafeBufferPointer<Range<Int>>
        let anywhereSteps: UnsafeBufferPointer<StepMatcher>
        /// `edgeMask` for the last steps of the contexts at any depth.
        let anywhereMask: UInt64

        /// The bit of a name key in the masks (keys are well-mixed hashes).
        @inline(__always)
        static func bit(_ key: Int) -> UInt64 {
            1 << UInt64(truncatingIfNeeded: (key ^ (key &>> 29)) & 63)
        }

        init(_ assertions: [Assertion], creditNote: Bool, syntax: Syntax) {
            var nodes = [Node()]
            var anywhereByKey: [Int: [Int]] = [:], anywhereKeyOrder: [Int] = []
            let paths = assertions.map { creditNote ? ($0.creditNotePath ?? $0.path) : $0.path }
            for (index, assertion) in assertions.enumerated() {
                let path = paths[index]
                if assertion.anywhere {
                    let key = path.steps.last!.key
                    if anywhereByKey[key] == nil { anywhereKeyOrder.append(key) }
                    anywhereByKey[key, default: []].append(index)
                    continue
                }
                var state = 0
                for step in path.steps {
                    if let edge = nodes[state].edges.first(where: { $0.step.name == step.name && $0.step.namespace == step.namespace && $0.step.predicate == step.predicate }) {
                        state = edge.next
                    } else {
                        nodes.append(Node())
                        nodes[state].edges.append((step, nodes.count - 1))
                        state = nodes.count - 1
                    }
                }
                nodes[state].assertions.append(index)
            }
            self.assertions = assertions
            self.paths = paths
            var edgeStart = [0], assertionStart = [0]
            var edgeKeys: [Int] = [], edgeSteps: [StepMatcher] = [], edgeNext: [Int] = [], assertionIndices: [Int] = []
            var edgeMask: [UInt64] = []
            for node in nodes {
                var mask: UInt64 = 0
                for edge in node.edges {
                    edgeKeys.append(edge.step.key)
                    edgeSteps.append(edge.step.matcher)
                    edgeNext.append(edge.next)
                    mask |= Trie.bit(edge.step.key)
                }
                edgeMask.append(mask)
                edgeStart.append(edgeKeys.count)
                assertionIndices += node.assertions
                assertionStart.append(assertionIndices.count)
            }
            self.edgeStart = Trie.owned(edgeStart)
            self.edgeKeys = Trie.owned(edgeKeys)
            self.edgeSteps = Trie.owned(edgeSteps)
            self.edgeNext = Trie.owned(edgeNext)
            self.edgeMask = Trie.owned(edgeMask)
            self.assertionStart = Trie.owned(assertionStart)
            self.assertionIndices = Trie.owned(assertionIndices)
            tests = Trie.owned(assertions.map(\.test))
            severities = Trie.owned(assertions.map { RuleCatalogue.fr[$0.id]?.severity(in: syntax) })
            var anywhereAssertions: [Int] = [], anywhereRanges: [(key: Int, value: Range<Int>)] = [], anywhereSamePath: [Int] = []
            var anywhereStepRange: [Range<Int>] = [], anywhereSteps: [StepMatcher] = []
            for key in anywhereKeyOrder {
                let start = anywhereAssertions.count
                // Assertions of the same context side by side, each pointing at the first of them.
                var byPath: [String: [Int]] = [:], pathOrder: [String] = []
                for index in anywhereByKey[key]! {
                    let name = paths[index].steps.map { "\($0.namespace):\($0.name)\($0.predicate.map { "\($0)" } ?? "")" }.joined(separator: "/")
                    if byPath[name] == nil { pathOrder.append(name) }
                    byPath[name, default: []].append(index)
                }
                for name in pathOrder {
                    let first = anywhereAssertions.count
                    for index in byPath[name]! {
                        anywhereAssertions.append(index)
                        anywhereSamePath.append(first)
                        anywhereStepRange.append(anywhereSteps.count..<anywhereSteps.count + paths[index].steps.count)
                        anywhereSteps += paths[index].steps.reversed().map(\.matcher)
                    }
                }
                anywhereRanges.append((key, start..<anywhereAssertions.count))
            }
            self.anywhereSamePath = Trie.owned(anywhereSamePath)
            self.anywhere = KeyTable(anywhereRanges)
            self.anywhereAssertions = Trie.owned(anywhereAssertions)
            self.anywhereStepRange = Trie.owned(anywhereStepRange)
            self.anywhereSteps = Trie.owned(anywhereSteps)
            anywhereMask = anywhereKeyOrder.reduce(0) { $0 | Trie.bit($1) }
        }

        deinit {
            for buffer in [edgeStart, edgeKeys, edgeNext, assertionStart, assertionIndices, anywhereAssertions, anywhereSamePath] {
                buffer.deallocate()
            }
            edgeSteps.deallocate()
            edgeMask.deallocate()
            UnsafeMutableBufferPointer(mutating: tests).deinitialize().deallocate()
            severities.deallocate()
            anywhereStepRange.deallocate()
            anywhereSteps.deallocate()
        }

        private static func owned<T>(_ values: [T]) -> UnsafeBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            return UnsafeBufferPointer(buffer)
        }

        /// Whether the context of the assertion in `slot` of `anywhereAssertions` selects the
        /// element: it matches the last step, and its ancestors the steps before, nearest first.
        func anywhereContextEnds(at element: XMLNode, slot: Int) -> Bool {
            StepMatcher.matchUpwards(UnsafeBufferPointer(rebasing: anywhereSteps[anywhereStepRange[slot]]), from: element) != nil
        }
    }

    private static let ublInvoiceTrie = Trie(ubl, creditNote: false, syntax: .ublInvoice)
    private static let ublCreditNoteTrie = Trie(ubl, creditNote: true, syntax: .ublCreditNote)
    private static let ciiTrie = Trie(cii, creditNote: false, syntax: .cii)

    /// What one walk reads once per document, when a test first needs it.
    struct DocumentValues {
        let root: XMLNode
        let isUBL: Bool
        /// UBL: `string-join(cbc:Note, '')`, as UTF-8 bytes.
        var notes: [UInt8]?
        /// Whether the billing framework is multi-vendor (B8, S8, M8) or bidirectional (B9, S9, M9).
        var frameworkKind: FrameworkKind?
        /// BT-3, as `typeCodes(of:_:)` reads it.
        var typeCodes: [String]?
    }

    enum FrameworkKind {
        case multiVendor, bidirectional, other
    }

    /// `custom:isSpecialContract(MV|BD)`: `normalize-space` of the first billing framework (BT-23),
    /// read once per document.
    static func frameworkKind(_ values: inout DocumentValues) -> FrameworkKind {
        if let kind = values.frameworkKind { return kind }
        let kind: FrameworkKind
        let node = first(values.isUBL ? ublFramework : ciiFramework, values.root)
        switch node.map({ XPath.normalizeSpace($0.stringValue) }) ?? "" {
        case "B8", "S8", "M8": kind = .multiVendor
        case "B9", "S9", "M9": kind = .bidirectional
        default: kind = .other
        }
        values.frameworkKind = kind
        return kind
    }

    /// BT-3 of the document, read once.
    static func typeCodes(_ values: inout DocumentValues) -> [String] {
        if let codes = values.typeCodes { return codes }
        let codes = typeCodes(of: values.root, values.isUBL)
        values.typeCodes = codes
        return codes
    }

    static func check(_ syntax: Syntax, tree root: XMLNode, into out: inout FindingCollector) {
        let trie: Trie
        switch syntax {
        case .ublInvoice: trie = ublInvoiceTrie
        case .ublCreditNote: trie = ublCreditNoteTrie
        case .cii: trie = ciiTrie
        }
        var values = DocumentValues(root: root, isUBL: syntax.isUBL)
        walk(root, 0, trie, &values, into: &out)
        if !trie.anywhereAssertions.isEmpty { walkAnywhere(root, trie, &values, into: &out) }
    }

    /// Visits the element in trie state `state`, and the children on some context's path.
    private static func walk(_ element: XMLNode, _ state: Int, _ trie: Trie, _ values: inout DocumentValues, into out: inout FindingCollector) {
        for slot in trie.assertionStart[state]..<trie.assertionStart[state + 1] {
            run(trie.assertionIndices[slot], trie, element, &values, into: &out)
        }
        let edges = trie.edgeStart[state]..<trie.edgeStart[state + 1]
        guard !edges.isEmpty else { return }
        let mask = trie.edgeMask[state]
        for child in element.childElements {
            let key = child.localNameKey
            guard mask & Trie.bit(key) != 0 else { continue }
            // Two contexts may select the same child (`ram:AdditionalReferencedDocument[...]` with
            // different predicates): each edge is followed.
            for edge in edges where trie.edgeKeys[edge] == key && trie.edgeSteps[edge].matches(child) {
                walk(child, trie.edgeNext[edge], trie, &values, into: &out)
            }
        }
    }

    /// Visits `root` and every element below it, in document order, for the contexts at any depth:
    /// an element whose name is the last step of such a context runs its assertions when its
    /// ancestors match the rest. A loop over the tree's links, not a recursion: most elements take
    /// one test of their key against the mask, which a call each cost several times over.
    private static func walkAnywhere(_ root: XMLNode, _ trie: Trie, _ values: inout DocumentValues, into out: inout FindingCollector) {
        var next: XMLNode? = root
        while let element = next {
            let key = element.localNameKey
            if trie.anywhereMask & Trie.bit(key) != 0, let slots = trie.anywhere[key] {
                var checkedSlot = -1, matches = false
                for slot in slots {
                    let index = trie.anywhereAssertions[slot]
                    if trie.anywhereSamePath[slot] != checkedSlot {
                        checkedSlot = trie.anywhereSamePath[slot]
                        matches = trie.anywhereContextEnds(at: element, slot: slot)
                    }
                    if matches { run(index, trie, element, &values, into: &out) }
                }
            }
            next = element.nextInDocumentOrder(within: root)
        }
    }

    @inline(__always)
    private static func run(_ index: Int, _ trie: Trie, _ element: XMLNode, _ values: inout DocumentValues, into out: inout FindingCollector) {
        // The test alone is read for every element; the whole assertion only for a finding.
        guard let severity = trie.severities[index], let problem = problem((trie.tests.baseAddress! + index).pointee, element, &values) else { return }
        // The three fields read in place: the assertion copied whole would count every reference it holds.
        out.fail(trie.assertions[index].id, severity: severity, term: trie.assertions[index].term, at: element.location,
                 problem.text(after: trie.assertions[index].what))
    }

    /// What is wrong with the context element, when the test fails; nil when it holds. Values are
    /// read on their bytes where they can be: a Swift string is built for a non-ASCII value or a
    /// finding. Values are compared as XPath compares them, code point by code point (Swift's `==`
    /// would take the Kelvin sign for a `K`).
    static func problem(_ test: Test, _ element: XMLNode, _ values: inout DocumentValues) -> Message? {
        switch test {
        case .maxLength(let limit):
            // XPath's string-length counts characters (code points): the bytes that do not continue one.
            // No more bytes than the limit: no more characters either.
            let length = element.withStringValueBytes { bytes in bytes.count <= limit ? 0 : bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
            return length <= limit ? nil : "is '\(element.stringValue)': expected at most \(limit) characters (it has \(length))"
        case .identifier:
            // Most identifiers are plain ASCII letters, digits and signs: settled on the bytes.
            let plain = element.withStringValueBytes { bytes in !bytes.isEmpty && bytes.allSatisfy(isIdentifierByte) }
            return plain || isIdentifier(element.stringValue) ? nil
                : "is '\(element.stringValue)': expected only letters, digits and + - _ /, without spaces"
        case .dateUBL:
            return FrenchDates.isValid(element.stringValue, separators: true) ? nil
                : "is '\(element.stringValue)': expected a date from 2000 to 2099 written YYYY-MM-DD, a day the month has"
        case .dateCII:
            return FrenchDates.isValid(String(element.stringValue.unicodeScalars.prefix(8)), separators: false) ? nil
                : "is '\(element.stringValue)': expected a date from 2000 to 2099 written YYYYMMDD, a day the month has"
        case .documentType:
            let value = element.stringValue
            return documentTypes.contains(value) ? nil : "is '\(value)': expected one of \(documentTypeText)"
        case .billingFramework(let path):
            let found = path.select(from: element).map(\.stringValue)
            if found.contains(where: { billingFrameworks.contains($0) }) { return nil }
            return "\(found.isEmpty ? "is missing" : "is '\(found[0])'"): expected one of the billing frameworks \(billingFrameworkText)"
        case .notesMention(let code):
            // A byte search: String.contains(String) compares characters, and costs a hundred times more.
            return occurrences(ofMention: code, in: notes(of: element, &values)) > 0 ? nil : "do not give the mention #\(code)#: expected in a note"
        case .notesMentionAtMostOnce(let code):
            let count = occurrences(ofMention: code, in: notes(of: element, &values))
            return count <= 1 ? nil : "give the mention #\(code)# \(count) times: expected at most once"
        case .noteWithSubject(let code):
            return notesWithSubject(code, in: element) > 0 ? nil : "have no note with subject code \(code) (BT-21): expected one"
        case .noteWithSubjectAtMostOnce(let code):
            let count = notesWithSubject(code, in: element)
            return count <= 1 ? nil : "have \(count) notes with subject code \(code) (BT-21): expected at most one"
        case .siretBeginsWithSIREN(let siretPath, let sirenPath, let sirenFromSIRET):
            guard let siret = first(siretPath, element)?.stringValue else { return nil }
            let head = String(String.UnicodeScalarView(siret.unicodeScalars.prefix(9)))
            var sirens = sirenPath.select(from: element).map(\.stringValue)
            if sirenFromSIRET, (sirens.first ?? "").isEmpty { sirens = [head] }
            if isDigits(siret, 14), sirens.contains(where: { xpathEqual($0, head) }) { return nil }
            let siren = sirens.first.map { "the SIREN '\($0)'" } ?? "the party's SIREN (none given)"
            return "is '\(siret)': expected 14 digits beginning with \(siren)"
        case .siren(let path):
            guard let siren = first(path, element)?.stringValue else { return "is missing: expected a SIREN of 9 digits" }
            return isDigits(XPath.normalizeSpace(siren), 9) ? nil : "is '\(siren)': expected 9 digits"
        case .b2bBuyerSIREN(let path, let normalized):
            guard isB2B(element, &values) else { return nil }
            let siren = first(path, element)?.stringValue
            if let siren, isDigits(normalized ? XPath.normalizeSpace(siren) : siren, 9) { return nil }
            return "\(siren.map { "is '\($0)'" } ?? "is missing"): expected a SIREN of 9 digits, the BAR treatment being B2B"
        case .given(let path, let normalized):
            let value = first(path, element)?.stringValue
            if let value, normalized ? XPath.hasNormalizedValue(value) : !value.isEmpty { return nil }
            return value == nil ? "is missing: expected a value" : "is empty: expected a value"
        case .vatCategory(let path, let absentPasses, let groupLinesMayOmit):
            guard let code = first(path, element)?.stringValue else {
                if absentPasses || (groupLinesMayOmit && isGroupOrInformationLine(element)) { return nil }
                return "is missing: expected one of \(vatCategoryText)"
            }
            return vatCategories.contains(code) ? nil : "is '\(code)': expected one of \(vatCategoryText)"
        case .notCategoryLOrM(let path):
            guard let code = path.select(from: element).map(\.stringValue).first(where: { $0 == "L" || $0 == "M" }), code.utf8.count == 1 else { return nil }
            return "is '\(code)': the categories L (Canary Islands IGIC) and M (Ceuta and Melilla IPSI) do not apply in France"
        case .vatRate(let path, let emptyPasses):
            guard let rate = first(path, element)?.stringValue, !(emptyPasses && rate.isEmpty) else { return nil }
            return vatRates.contains(rate) ? nil : "is '\(rate)': expected a French VAT rate written as the rule lists it (\(vatRateText))"
        case .attachmentQualifier(let path, let normalized):
            guard let written = first(path, element)?.stringValue else { return nil }
            let code = normalized ? XPath.normalizeSpace(written) : written
            if normalized, code.isEmpty { return nil }
            return attachmentQualifiers.contains(code) ? nil : "is '\(code)': expected one of \(attachmentQualifierText)"
        case .atMostOne(let path):
            let count = path.count(from: element)
            return count <= 1 ? nil : "appear \(count) times: expected at most once"
        case .atMostOneEach(let first, let second):
            let counts = (first.count(from: element), second.count(from: element))
            return counts.0 <= 1 && counts.1 <= 1 ? nil : "appear \(counts.0) and \(counts.1) times: expected at most once each"
        case .either(let first, let second):
            return first.count(from: element) > 0 || second.count(from: element) > 0 ? nil
                : "has neither \(first.steps.last!.name) nor \(second.steps.last!.name): expected one of them"
        case .barTreatmentInNotes:
            let treatment = barTreatment(in: notes(of: element, &values))
            if treatment.isEmpty || barTreatmentsUBL.contains(treatment) { return nil }
            return "give the BAR treatment '\(treatment)': expected one of \(barTreatmentTextUBL)"
        case .barContent(let path):
            let content = first(path, element)?.stringValue
            if let content, barTreatments.contains(content) { return nil }
            return "\(content.map { "is '\($0)'" } ?? "is missing"): expected one of \(barTreatmentText)"
        case .electronicAddress(let rule):
            return electronicAddressProblem(rule, element, &values)
        case .addressCharacters:
            let plain = element.withStringValueBytes { bytes in !bytes.isEmpty && bytes.allSatisfy(isAddressByte) }
            return plain ? nil : "is '\(element.stringValue)': expected only letters, digits and + - _ ."
        case .valueOrMeasure(let value, let measure):
            let hasValue = value.count(from: element) > 0
            let measures = measure.select(from: element)
            let hasMeasureWithUnit = measures.contains { !($0.attribute("unitCode") ?? "").isEmpty }
            if (hasValue && measures.isEmpty) || (!hasValue && hasMeasureWithUnit) { return nil }
            return hasValue ? "has both a value and a measured value: expected one of them"
                : "has neither a value nor a measured value with its unit: expected one of them"
        case .barMentionAtMostOnce:
            var joined: [UInt8] = []
            for note in element.childElements where note.hasLocalName("Note") && note.isInNamespace(TreePrefix.cbc.uri) {
                note.withStringValueBytes { bytes in
                    if occurrences(of: "#BAR#", in: Array(bytes)) > 0 { joined.append(contentsOf: bytes) }
                }
            }
            joined.append(0x23)
            let count = barTreatmentList.reduce(0) { $0 + occurrences(of: "BAR#\($1)#", in: joined) }
            return count <= 1 ? nil : "give \(count) BAR treatments: expected at most one"
        case .barNoteAtMostOnce(let path):
            let count = path.select(from: element).filter { note in
                barTreatments.contains(XPath.normalizeSpace(first(ciiNoteContent, note)?.stringValue ?? ""))
            }.count
            return count <= 1 ? nil : "have \(count) BAR notes with a treatment: expected at most one"
        case .number(let path, let format, let emptyPasses):
            let node = first(path, element)
            let signed = format != .rate && (format != .unitPrice || isBidirectional(&values))
            // Most values are ASCII numbers, settled on their bytes.
            if let node, node.withStringValueBytes({ isASCIINumber(XMLSpace.trimmed($0), format, signed: signed, emptyPasses: emptyPasses) }) { return nil }
            let written = node?.stringValue
            let value = XPath.normalizeSpace(written ?? "")
            if emptyPasses, value.isEmpty { return nil }
            if isNumber(value, format, signed: signed) { return nil }
            return "\(written.map { "is '\($0)'" } ?? "is missing"): expected \(format.expected)"
        case .identifierSchemes(let path, let unique):
            let identifiers = path.select(from: element)
            if !unique {
                guard let bare = identifiers.first(where: { $0.attribute("schemeID") == nil }) else { return nil }
                return "give the identifier '\(bare.stringValue)' without a scheme identifier: expected one on every identifier"
            }
            var seen: Set<[UInt8]> = []
            for scheme in identifiers.compactMap({ $0.attribute("schemeID") }) where !seen.insert(Array(scheme.utf8)).inserted {
                return "use the scheme identifier '\(scheme)' twice: expected each scheme at most once"
            }
            return nil
        case .document(let rule):
            return documentProblem(rule, element, &values).map(Message.init)
        case .multiVendor(let rule):
            return multiVendorProblem(rule, element, &values).map(Message.init)
        }
    }

    /// `isNumber` on the bytes of a value trimmed of white space, when they are ASCII: true when the
    /// value passes (an empty one too, with `emptyPasses`); false sends the value to `isNumber`.
    static func isASCIINumber(_ bytes: UnsafeBufferPointer<UInt8>, _ format: NumberFormat, signed: Bool, emptyPasses: Bool) -> Bool {
        if bytes.isEmpty { return emptyPasses }
        var index = 0
        if signed, bytes[0] == 0x2D { index = 1 }
        let integerStart = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        let integer = index - integerStart
        guard integer >= 1, integer <= format.integerDigits else { return false }
        var fraction = 0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            fraction = index - fractionStart
            guard fraction >= 1, fraction <= format.fractionDigits else { return false }
        }
        return index == bytes.count && integerStart + integer + fraction <= format.maxLength
    }

    /// `matches(value, '^[-]?\d{1,I}(\.\d{1,F})?$') and string-length(replace(value, '\.', '')) le L`
    /// (without the sign unless `signed`): `\d` is any Unicode decimal digit.
    static func isNumber(_ value: String, _ format: NumberFormat, signed: Bool) -> Bool {
        var scalars = value.unicodeScalars[...]
        var length = 0
        if signed, scalars.first == "-" {
            scalars = scalars.dropFirst()
            length += 1
        }
        func digits() -> Int {
            let count = scalars.prefix { $0.properties.generalCategory == .decimalNumber }.count
            scalars = scalars.dropFirst(count)
            return count
        }
        let integer = digits()
        guard (1...format.integerDigits).contains(integer) else { return false }
        length += integer
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            let fraction = digits()
            guard (1...format.fractionDigits).contains(fraction) else { return false }
            length += fraction
        }
        return scalars.isEmpty && length <= format.maxLength
    }

    /// BT-23, where each syntax writes it.
    static let ublFramework = TreePath("cbc:ProfileID")
    static let ciiFramework = TreePath("rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID")

    /// `custom:isSpecialContractBD`: the billing framework is B9, S9 or M9.
    static func isBidirectional(_ values: inout DocumentValues) -> Bool {
        frameworkKind(&values) == .bidirectional
    }

    /// BR-FR-21 and BR-FR-22.
    private static func electronicAddressProblem(_ rule: ElectronicAddress, _ root: XMLNode, _ values: inout DocumentValues) -> Message? {
        let selfBilled = typeCodes(&values).contains { selfBilledTypes.contains($0) }
        let applies: Bool
        switch rule.condition {
        case .b2bNotSelfBilled: applies = !selfBilled && isB2B(root, &values)
        case .treatmentSelfBilled: applies = selfBilled && !barTreatment(in: notes(of: root, &values)).isEmpty
        case .b2bSelfBilled: applies = selfBilled && isB2B(root, &values)
        }
        guard applies else { return nil }
        let endpoints = rule.endpoint.select(from: root)
        let endpoint = endpoints.first?.stringValue ?? ""
        let siren = first(rule.siren, root)?.stringValue ?? ""
        let scheme0225 = endpoints.contains { $0.attribute("schemeID") == "0225" }
        if endpoint.unicodeScalars.starts(with: siren.unicodeScalars), scheme0225 { return nil }
        let scheme = endpoints.first?.attribute("schemeID").map { "'\($0)'" } ?? "none"
        return "is '\(endpoint)' with scheme \(scheme): expected scheme 0225 and an address beginning with the SIREN '\(siren)'"
    }

    private static let ciiBARContents = TreePath("rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode='BAR']/ram:Content")
    static let ciiNoteContent = TreePath("ram:Content")
    private static let ciiTypeCode = TreePath("rsm:ExchangedDocument/ram:TypeCode")
    private static let ciiLineStatus = TreePath("ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode")

    /// UBL: the BAR treatment of the joined notes is B2B; CII: `ram:IncludedNote[ram:SubjectCode =
    /// 'BAR']/ram:Content = 'B2B'`, some BAR note's content is B2B.
    static func isB2B(_ root: XMLNode, _ values: inout DocumentValues) -> Bool {
        if values.isUBL { return barTreatment(in: notes(of: root, &values)) == "B2B" }
        return ciiBARContents.select(from: root).contains { $0.stringValue == "B2B" }
    }

    /// UBL's BAR treatment: in the joined notes that name `#BAR#`, the text after the first `#BAR#`
    /// up to the next `#`; empty without one.
    static func barTreatment(in notes: [UInt8]) -> String {
        mention("BAR", in: notes)
    }

    /// UBL's value of a note subject: in the joined notes, the text after the first `#CODE#` up to
    /// the next `#`; empty without one.
    static func mention(_ code: String, in notes: [UInt8]) -> String {
        withMarker(code) { marker in
            guard let start = firstOccurrence(of: marker, in: notes, from: 0) else { return "" }
            let after = notes[(start + marker.count)...]
            return String(decoding: after.prefix { $0 != 0x23 }, as: UTF8.self)
        }
    }

    /// Calls `body` with the bytes of `#CODE#`, written on the stack: the notes tests run for every
    /// document, and an interpolated marker cost more than the search.
    private static func withMarker<R>(_ code: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var code = code
        return code.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 2) { marker in
                marker[0] = 0x23
                _ = UnsafeMutableBufferPointer(rebasing: marker[1...bytes.count]).initialize(from: bytes)
                marker[bytes.count + 1] = 0x23
                return body(UnsafeBufferPointer(marker))
            }
        }
    }

    /// BT-3: UBL `cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode`, CII `rsm:ExchangedDocument/ram:TypeCode`.
    static func typeCodes(of root: XMLNode, _ isUBL: Bool) -> [String] {
        guard isUBL else { return ciiTypeCode.select(from: root).map(\.stringValue) }
        var codes: [String] = []
        for child in root.childElements where child.isInNamespace(TreePrefix.cbc.uri) && (child.hasLocalName("InvoiceTypeCode") || child.hasLocalName("CreditNoteTypeCode")) {
            codes.append(child.stringValue)
        }
        return codes
    }

    /// CII: `../../ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode = ('GROUP', 'INFORMATION')`
    /// from a line's trade tax.
    private static func isGroupOrInformationLine(_ tax: XMLNode) -> Bool {
        guard let line = tax.parentElement?.parentElement else { return false }
        return ciiLineStatus.select(from: line).contains { $0.stringValue == "GROUP" || $0.stringValue == "INFORMATION" }
    }

    /// The first element the path selects (the context itself for the empty path).
    static func first(_ path: TreePath, _ context: XMLNode) -> XMLNode? {
        path.first(from: context)
    }

    /// `string(P)`: the first element's string value, empty without one.
    static func text(_ path: TreePath, _ context: XMLNode) -> String {
        first(path, context)?.stringValue ?? ""
    }

    /// The string values of the elements the path selects, in document order.
    static func texts(_ path: TreePath, _ context: XMLNode) -> [String] {
        path.select(from: context).map(\.stringValue)
    }

    static func xpathEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }

    /// `matches(value, '^\d{count}$')`: `\d` is any Unicode decimal digit.
    static func isDigits(_ value: String, _ count: Int) -> Bool {
        if value.utf8.count == count, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        var digits = 0
        for scalar in value.unicodeScalars {
            guard scalar.properties.generalCategory == .decimalNumber else { return false }
            digits += 1
        }
        return digits == count
    }

    /// UBL: `string-join(cbc:Note, '')`, as UTF-8 bytes, read once per document.
    static func notes(of root: XMLNode, _ values: inout DocumentValues) -> [UInt8] {
        if let notes = values.notes { return notes }
        var bytes: [UInt8] = []
        for note in root.childElements where note.hasLocalName("Note") && note.isInNamespace(TreePrefix.cbc.uri) {
            note.withStringValueBytes { bytes.append(contentsOf: $0) }
        }
        values.notes = bytes
        return bytes
    }

    /// Non-overlapping occurrences, left to right, as `tokenize` splits (ASCII patterns: a match
    /// in the bytes is a match in the characters).
    static func occurrences(of pattern: String, in haystack: [UInt8]) -> Int {
        var pattern = pattern
        return pattern.withUTF8 { occurrences(of: $0, in: haystack) }
    }

    /// `occurrences(of: "#CODE#", in:)`.
    static func occurrences(ofMention code: String, in haystack: [UInt8]) -> Int {
        withMarker(code) { occurrences(of: $0, in: haystack) }
    }

    private static func occurrences(of needle: UnsafeBufferPointer<UInt8>, in haystack: [UInt8]) -> Int {
        var count = 0, index = 0
        while let found = firstOccurrence(of: needle, in: haystack, from: index) {
            count += 1
            index = found + needle.count
        }
        return count
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    private static func firstOccurrence(of needle: UnsafeBufferPointer<UInt8>, in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            let base = hay.baseAddress!, length = needle.count
            var index = start
            // memchr finds each candidate first byte: notes are long, markers rare.
            while index + length <= hay.count, let found = memchr(base + index, Int32(needle[0]), hay.count - length + 1 - index) {
                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if memcmp(base + at, needle.baseAddress!, length) == 0 { return at }
                index = at + 1
            }
            return nil
        }
    }

    /// `count(ram:IncludedNote[ram:SubjectCode = 'CODE'])`.
    private static func notesWithSubject(_ code: String, in document: XMLNode) -> Int {
        var count = 0
        for note in document.childElements where note.hasLocalName("IncludedNote") && note.isInNamespace(TreePrefix.ram.uri) {
            for subject in note.childElements where subject.hasLocalName("SubjectCode") && subject.isInNamespace(TreePrefix.ram.uri) {
                if xpathEqual(subject.stringValue, code) {
                    count += 1
                    break
                }
            }
        }
        return count
    }

    /// `matches(normalize-space($id), '^[A-Za-z0-9+\-_/]+$') and not(matches($id, ' '))`: no space
    /// anywhere, and once other white space is trimmed, only the allowed characters.
    static func isIdentifier(_ value: String) -> Bool {
        guard !value.utf8.contains(0x20) else { return false }
        let normalized = XPath.normalizeSpace(value)
        return !normalized.isEmpty && normalized.utf8.allSatisfy(isIdentifierByte)
    }

    /// `[A-Za-z0-9+\\-_/]`.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == 0x2B || byte == 0x2D || byte == 0x5F || byte == 0x2F
    }

    /// `[A-Za-z0-9+\\-_.]` of `custom:is-valid-schemeid-format`.
    static func isAddressByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == 0x2B || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }
}

/// `custom:is-valid-date-format` of the French rules: the pattern `^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|
/// [12]\d|3[01])$` (UBL; CII without the hyphens), then the day at most the month's length (with
/// leap years). `\d` is any Unicode decimal digit in the pattern, but `number()` reads ASCII digits
/// only: a year of other digits is not a leap year, and a day of other digits is no day.
enum FrenchDates {
    static func isValid(_ value: String, separators: Bool) -> Bool {
        var value = value
        if let answer = value.withUTF8({ bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return isValidASCII(bytes, separators: separators)
        }) {
            return answer
        }
        return isValidScalars(value, separators: separators)
    }

    /// The same test on ASCII bytes, where `\\d` and `number()` agree on the digits 0-9.
    private static func isValidASCII(_ bytes: UnsafeBufferPointer<UInt8>, separators: Bool) -> Bool {
        guard bytes.count == (separators ? 10 : 8) else { return false }
        if separators, bytes[4] != 0x2D || bytes[7] != 0x2D { return false }
        let monthAt = separators ? 5 : 4, dayAt = separators ? 8 : 6
        func isDigit(_ index: Int) -> Bool { bytes[index] >= 0x30 && bytes[index] <= 0x39 }
        guard isDigit(0), isDigit(1), isDigit(2), isDigit(3), isDigit(monthAt), isDigit(monthAt + 1), isDigit(dayAt), isDigit(dayAt + 1) else {
            return false
        }
        func number(_ index: Int) -> Int { Int(bytes[index] - 0x30) * 10 + Int(bytes[index + 1] - 0x30) }
        guard bytes[0] == 0x32, bytes[1] == 0x30 else { return false }
        return CalendarDate(year: 2000 + number(2), month: number(monthAt), day: number(dayAt)) != nil
    }

    private static func isValidScalars(_ value: String, separators: Bool) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard scalars.count == (separators ? 10 : 8) else { return false }
        let monthAt = separators ? 5 : 4, dayAt = separators ? 8 : 6
        if separators, scalars[4] != "-" || scalars[7] != "-" { return false }
        func ascii(_ index: Int) -> Int? {
            let v = scalars[index].value
            return v >= 0x30 && v <= 0x39 ? Int(v - 0x30) : nil
        }
        func digit(_ index: Int) -> Bool { scalars[index].properties.numericType == .decimal }
        // 20\d{2}
        guard ascii(0) == 2, ascii(1) == 0, digit(2), digit(3) else { return false }
        // (0[1-9]|1[0-2])
        guard let m1 = ascii(monthAt), let m2 = ascii(monthAt + 1) else { return false }
        let month = m1 * 10 + m2
        guard (1...12).contains(month), m1 <= 1 else { return false }
        // (0[1-9]|[12]\d|3[01])
        guard let d1 = ascii(dayAt), digit(dayAt + 1) else { return false }
        let d2 = ascii(dayAt + 1)
        switch d1 {
        case 0: guard let d2, d2 >= 1 else { return false }
        case 1, 2: break
        case 3: guard let d2, d2 <= 1 else { return false }
        default: return false
        }
        // number(substring(...)): NaN unless ASCII digits, and NaN le maxDay is false. A year of
        // other digits is NaN too, never a leap year: 2001 stands for it.
        guard let d2 else { return false }
        var year = 2001
        if let y3 = ascii(2), let y4 = ascii(3) { year = 2000 + y3 * 10 + y4 }
        return d1 * 10 + d2 <= CalendarDate.daysInMonth(year: year, month: month)
    }
}
