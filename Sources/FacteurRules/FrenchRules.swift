import FacteurModel
import FacteurXML

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

    private static let implementedUBL = Set(FrenchFieldRules.ubl.map(\.id)).union(FrenchFieldRules.neverFailingUBL)
    private static let implementedCII = Set(FrenchFieldRules.cii.map(\.id))

    public func validate(_ invoice: Invoice, tree: XMLNode) -> [Finding] {
        var out = FindingCollector(syntax: invoice.syntax, paths: invoice.elementPaths, ruleSet: .fr)
        FrenchFieldRules.check(invoice.syntax, tree: tree, into: &out)
        return out.findings
    }
}

/// BR-FR-01 to BR-FR-04: the format of identifiers, dates and type codes, each on the elements of its
/// context wherever the document has them.
enum FrenchFieldRules {
    enum Test: Sendable {
        /// `string-length(.) le 35`.
        case atMost35Characters
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
    }

    struct Assertion: Sendable {
        let id: String
        let term: String
        let what: String
        /// The context, from the root element (UBL: the same for Invoice and CreditNote unless
        /// `creditNotePath` differs, as for the lines).
        let path: TreePath
        let creditNotePath: TreePath?
        let test: Test

        /// `path`: the context's steps below the root, empty for the root itself.
        init(_ id: String, _ term: String, _ what: String, _ path: String, creditNote: String? = nil, _ test: Test) {
            self.id = id
            self.term = term
            self.what = what
            self.path = path.isEmpty ? TreePath.root : TreePath(path)
            self.creditNotePath = creditNote.map(TreePath.init)
            self.test = test
        }
    }

    private static let ublReference = "cac:BillingReference/cac:InvoiceDocumentReference"
    private static let ciiSettlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    private static let ciiLine = "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"

    /// A line path for Invoice and CreditNote: `cac:InvoiceLine/...` and `cac:CreditNoteLine/...`.
    private static func line(_ id: String, _ term: String, _ what: String, _ rest: String, _ test: Test) -> Assertion {
        Assertion(id, term, what, "cac:InvoiceLine/" + rest, creditNote: "cac:CreditNoteLine/" + rest, test)
    }

    static let ubl: [Assertion] = [
        Assertion("BR-FR-01_BT-1-1", "BT-1", "the invoice number (BT-1)", "cbc:ID", .atMost35Characters),
        Assertion("BR-FR-01_BT-1-2", "BT-1", "the invoice number (BT-1)", "cbc:ID", .identifier),
        Assertion("BR-FR-01_BT-25-1", "BT-25", "the preceding invoice number (BT-25)", ublReference + "/cbc:ID", .atMost35Characters),
        Assertion("BR-FR-01_BT-25-2", "BT-25", "the preceding invoice number (BT-25)", ublReference + "/cbc:ID", .identifier),
        Assertion("BR-FR-02_BT-1", "BT-1", "the invoice number (BT-1)", "cbc:ID", .identifier),
        Assertion("BR-FR-02_BT-25", "BT-25", "the preceding invoice number (BT-25)", ublReference + "/cbc:ID", .identifier),
        // v1.4.0.02 reads the line's object identifier here (cac:DocumentReference), not a preceding invoice.
        line("BR-FR-02_EXT-FR-FE-136", "EXT-FR-FE-136", "the line's referenced document identifier", "cac:DocumentReference/cbc:ID", .identifier),
        Assertion("BR-FR-03_BT-2", "BT-2", "the invoice issue date (BT-2)", "cbc:IssueDate", .dateUBL),
        Assertion("BR-FR-03_BT-7", "BT-7", "the VAT point date (BT-7)", "cbc:TaxPointDate", .dateUBL),
        Assertion("BR-FR-03_BT-9", "BT-9", "the payment due date (BT-9)", "cbc:DueDate", .dateUBL),
        Assertion("BR-FR-03_BT-26", "BT-26", "the preceding invoice issue date (BT-26)", ublReference + "/cbc:IssueDate", .dateUBL),
        Assertion("BR-FR-03_BT-72", "BT-72", "the actual delivery date (BT-72)", "cac:Delivery/cbc:ActualDeliveryDate", .dateUBL),
        Assertion("BR-FR-03_BT-73", "BT-73", "the invoicing period start date (BT-73)", "cac:InvoicePeriod/cbc:StartDate", .dateUBL),
        Assertion("BR-FR-03_BT-74", "BT-74", "the invoicing period end date (BT-74)", "cac:InvoicePeriod/cbc:EndDate", .dateUBL),
        // v1.4.0.02 reads the date of the line's referenced document (cac:DocumentReference).
        line("BR-FR-03_EXT-FR-FE-138", "EXT-FR-FE-138", "the line's referenced document date", "cac:DocumentReference/cbc:IssueDate", .dateUBL),
        line("BR-FR-03_EXT-FR-FE-158", "EXT-FR-FE-158", "the line's actual delivery date", "cac:Delivery/cbc:ActualDeliveryDate", .dateUBL),
        line("BR-FR-03_BT-134", "BT-134", "the invoice line period start date (BT-134)", "cac:InvoicePeriod/cbc:StartDate", .dateUBL),
        line("BR-FR-03_BT-135", "BT-135", "the invoice line period end date (BT-135)", "cac:InvoicePeriod/cbc:EndDate", .dateUBL),
        Assertion("BR-FR-04_BT-3", "BT-3", "the invoice type code (BT-3)", "cbc:InvoiceTypeCode", creditNote: "cbc:CreditNoteTypeCode", .documentType),
        Assertion("BR-FR-04_EXT-FR-FE-02", "EXT-FR-FE-02", "the preceding invoice's type code", ublReference + "/cbc:DocumentTypeCode", .documentType),
        line("BR-FR-04_EXT-FR-FE-137", "EXT-FR-FE-137", "the type code of the line's preceding invoice",
             ublReference + "/cbc:DocumentTypeCode", .documentType),
        Assertion("BR-FR-05_BT-22-1", "BT-22", "the notes (BG-1)", "", .notesMention("PMT")),
        Assertion("BR-FR-05_BT-22-2", "BT-22", "the notes (BG-1)", "", .notesMention("PMD")),
        Assertion("BR-FR-05_BT-22-3", "BT-22", "the notes (BG-1)", "", .notesMention("AAB")),
        Assertion("BR-FR-06_BT-21-1", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("PMT")),
        Assertion("BR-FR-06_BT-21-2", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("PMD")),
        Assertion("BR-FR-06_BT-21-3", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("AAB")),
        Assertion("BR-FR-06_BT-21-4", "BT-21", "the notes (BG-1)", "", .notesMentionAtMostOnce("TXD")),
        Assertion("BR-FR-08_BT-23", "BT-23", "the business process (BT-23)", "", .billingFramework(TreePath("cbc:ProfileID"))),
    ]

    /// UBL assertions whose context does not exist in UBL 2.1 (`cac:InvoiceLine/cac:BillingReference/
    /// cac:DocumentReference`): they never fire, which is their exact implementation.
    static let neverFailingUBL: Set<String> = ["BR-FR-01_EXT-FR-FE-136-1", "BR-FR-01_BT-EXT-FR-FE-136-2"]

    static let cii: [Assertion] = [
        Assertion("BR-FR-01_BT-1", "BT-1", "the invoice number (BT-1)", "rsm:ExchangedDocument/ram:ID", .atMost35Characters),
        Assertion("BR-FR-02_BT-1", "BT-1", "the invoice number (BT-1)", "rsm:ExchangedDocument/ram:ID", .identifier),
        Assertion("BR-FR-01_BT-25", "BT-25", "the preceding invoice number (BT-25)",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .atMost35Characters),
        Assertion("BR-FR-02_BT-25", "BT-25", "the preceding invoice number (BT-25)",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .identifier),
        Assertion("BR-FR-01_EXT-FR-FE-136", "EXT-FR-FE-136", "the line's preceding invoice number",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .atMost35Characters),
        Assertion("BR-FR-02_EXT-FR-FE-136", "EXT-FR-FE-136", "the line's preceding invoice number",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID", .identifier),
        Assertion("BR-FR-03_BT-2", "BT-2", "the invoice issue date (BT-2)", "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-7", "BT-7", "the VAT point date (BT-7)", ciiSettlement + "/ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString", .dateCII),
        Assertion("BR-FR-03_BT-9", "BT-9", "the payment due date (BT-9)",
                  ciiSettlement + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-26", "BT-26", "the preceding invoice issue date (BT-26)",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-72", "BT-72", "the actual delivery date (BT-72)",
                  "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
                  .dateCII),
        Assertion("BR-FR-03_BT-73", "BT-73", "the invoicing period start date (BT-73)",
                  ciiSettlement + "/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_BT-74", "BT-74", "the invoicing period end date (BT-74)",
                  ciiSettlement + "/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-138", "EXT-FR-FE-138", "the line's preceding invoice issue date",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-158", "EXT-FR-FE-158", "the line's actual delivery date",
                  ciiLine + "/ram:SpecifiedLineTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-134", "BT-134", "the invoice line period start date (BT-134)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-03_EXT-FR-FE-135", "BT-135", "the invoice line period end date (BT-135)",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString", .dateCII),
        Assertion("BR-FR-04_BT-3", "BT-3", "the invoice type code (BT-3)", "rsm:ExchangedDocument/ram:TypeCode", .documentType),
        Assertion("BR-FR-04_EXT-FR-FE-02", "EXT-FR-FE-02", "the preceding invoice's type code",
                  ciiSettlement + "/ram:InvoiceReferencedDocument/ram:TypeCode", .documentType),
        Assertion("BR-FR-04_EXT-FR-FE-137", "EXT-FR-FE-137", "the type code of the line's preceding invoice",
                  ciiLine + "/ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:TypeCode", .documentType),
        Assertion("BR-FR-05_BT-22_PMT", "BT-22", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubject("PMT")),
        Assertion("BR-FR-05_BT-22_PMD", "BT-22", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubject("PMD")),
        Assertion("BR-FR-05_BT-22_AAB", "BT-22", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubject("AAB")),
        Assertion("BR-FR-06_BT-21_PMT", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("PMT")),
        Assertion("BR-FR-06_BT-21_PMD", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("PMD")),
        Assertion("BR-FR-06_BT-21_AAB", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("AAB")),
        Assertion("BR-FR-06_BT-21_TXD", "BT-21", "the notes (BG-1)", "rsm:ExchangedDocument", .noteWithSubjectAtMostOnce("TXD")),
        // v1.4.0.02 asks it of the document context: an invoice without the parameter fails too.
        Assertion("BR-FR-08_BT-23", "BT-23", "the business process (BT-23)", "rsm:ExchangedDocumentContext",
                  .billingFramework(TreePath("ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"))),
    ]

    /// The billing frameworks (cadres de facturation, BT-23) of the French rules, in their order.
    static let billingFrameworkList = ["B1", "S1", "M1", "B2", "S2", "M2", "S3", "B4", "S4", "M4", "S5", "S6", "B7", "S7",
                                       "B8", "S8", "M8", "B9", "S9", "M9"]
    static let billingFrameworks = Set(billingFrameworkList)
    /// The lists as messages name them, written once.
    private static let billingFrameworkText = billingFrameworkList.joined(separator: " ")
    private static let documentTypeText = documentTypeList.joined(separator: ", ")

    /// The document types French invoices may have (UNTDID 1001, restricted), in the rule's order.
    static let documentTypeList = ["380", "389", "393", "501", "386", "500", "384", "471", "472", "473", "261", "262", "381", "396", "502", "503"]
    static let documentTypes = Set(documentTypeList)

    /// The contexts of a syntax's assertions as one trie of child steps from the root: the walk
    /// follows only the steps some context names, and each element it reaches runs the assertions
    /// whose context ends there. One walk for all, without a list of elements per context.
    final class Trie: Sendable {
        struct Node: Sendable {
            var edges: [(step: TreeStep, next: Int)] = []
            var assertions: [Int] = []
        }

        let assertions: [Assertion]
        /// The nodes, flattened for the walk (plain values: no reference counted per element):
        /// node `n`'s edges are `edges[edgeStart[n]..<edgeStart[n + 1]]`, its assertions likewise.
        let edgeStart: [Int]
        let edgeKeys: [Int]
        let edgeSteps: [TreeStep]
        let edgeNext: [Int]
        let assertionStart: [Int]
        let assertionIndices: [Int]

        init(_ assertions: [Assertion], creditNote: Bool) {
            var nodes = [Node()]
            for (index, assertion) in assertions.enumerated() {
                let path = creditNote ? (assertion.creditNotePath ?? assertion.path) : assertion.path
                var state = 0
                for step in path.steps {
                    if let edge = nodes[state].edges.first(where: { $0.step.name == step.name && $0.step.namespace == step.namespace }) {
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
            var edgeStart = [0], assertionStart = [0]
            var edgeKeys: [Int] = [], edgeSteps: [TreeStep] = [], edgeNext: [Int] = [], assertionIndices: [Int] = []
            for node in nodes {
                for edge in node.edges {
                    edgeKeys.append(edge.step.key)
                    edgeSteps.append(edge.step)
                    edgeNext.append(edge.next)
                }
                edgeStart.append(edgeKeys.count)
                assertionIndices += node.assertions
                assertionStart.append(assertionIndices.count)
            }
            self.edgeStart = edgeStart
            self.edgeKeys = edgeKeys
            self.edgeSteps = edgeSteps
            self.edgeNext = edgeNext
            self.assertionStart = assertionStart
            self.assertionIndices = assertionIndices
        }
    }

    private static let ublInvoiceTrie = Trie(ubl, creditNote: false)
    private static let ublCreditNoteTrie = Trie(ubl, creditNote: true)
    private static let ciiTrie = Trie(cii, creditNote: false)

    static func check(_ syntax: Syntax, tree root: XMLNode, into out: inout FindingCollector) {
        let trie: Trie
        switch syntax {
        case .ublInvoice: trie = ublInvoiceTrie
        case .ublCreditNote: trie = ublCreditNoteTrie
        case .cii: trie = ciiTrie
        }
        var notes: [UInt8]?
        walk(root, 0, trie, &notes, into: &out)
    }

    /// - Parameter notes: UBL's joined notes (`string-join(cbc:Note, '')`), read once per document.
    private static func walk(_ element: XMLNode, _ state: Int, _ trie: Trie, _ notes: inout [UInt8]?, into out: inout FindingCollector) {
        for slot in trie.assertionStart[state]..<trie.assertionStart[state + 1] {
            // The test alone is read for every element; the whole assertion only for a finding.
            let index = trie.assertionIndices[slot]
            guard let expected = problem(trie.assertions[index].test, element, &notes) else { continue }
            let assertion = trie.assertions[index]
            out.fail(assertion.id, term: assertion.term, at: element.location, "\(assertion.what) \(expected)")
        }
        let edges = trie.edgeStart[state]..<trie.edgeStart[state + 1]
        guard !edges.isEmpty else { return }
        for child in element.childElements {
            let key = child.localNameKey
            for edge in edges where trie.edgeKeys[edge] == key && trie.edgeSteps[edge].matches(child) {
                walk(child, trie.edgeNext[edge], trie, &notes, into: &out)
            }
        }
    }

    /// What is wrong with the context element, when the test fails; nil when it holds. Values are
    /// read on their bytes where they can be: a Swift string is built for an ASCII-less value or a
    /// finding.
    static func problem(_ test: Test, _ element: XMLNode, _ notes: inout [UInt8]?) -> String? {
        // The value tests say what the element's value should be.
        let expected: String?
        switch test {
        case .billingFramework(let path):
            let values = path.select(from: element).map(\.stringValue)
            if values.contains(where: billingFrameworks.contains) { return nil }
            return "\(values.isEmpty ? "is missing" : "is '\(values[0])'"): expected one of the billing frameworks \(billingFrameworkText)"
        case .notesMention(let code):
            // A byte search: String.contains(String) compares characters, and costs a hundred times more.
            if notes == nil { notes = joinedNotes(of: element) }
            return occurrences(of: "#\(code)#", in: notes!) > 0 ? nil : "do not give the mention #\(code)#: expected in a note"
        case .notesMentionAtMostOnce(let code):
            if notes == nil { notes = joinedNotes(of: element) }
            let count = occurrences(of: "#\(code)#", in: notes!)
            return count <= 1 ? nil : "give the mention #\(code)# \(count) times: expected at most once"
        case .noteWithSubject(let code):
            return notesWithSubject(code, in: element) > 0 ? nil : "have no note with subject code \(code) (BT-21): expected one"
        case .noteWithSubjectAtMostOnce(let code):
            let count = notesWithSubject(code, in: element)
            return count <= 1 ? nil : "have \(count) notes with subject code \(code) (BT-21): expected at most one"
        case .atMost35Characters:
            // XPath's string-length counts characters (code points): the bytes that do not continue one.
            let length = element.withStringValueBytes { bytes in bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
            expected = length <= 35 ? nil : "at most 35 characters (it has \(length))"
        case .identifier:
            // Most identifiers are plain ASCII letters, digits and signs: settled on the bytes.
            let plain = element.withStringValueBytes { bytes in !bytes.isEmpty && bytes.allSatisfy(isIdentifierByte) }
            expected = plain || isIdentifier(element.stringValue) ? nil : "only letters, digits and + - _ /, without spaces"
        case .dateUBL:
            expected = FrenchDates.isValid(element.stringValue, separators: true) ? nil : "a date from 2000 to 2099 written YYYY-MM-DD, a day the month has"
        case .dateCII:
            expected = FrenchDates.isValid(String(element.stringValue.unicodeScalars.prefix(8)), separators: false) ? nil
                : "a date from 2000 to 2099 written YYYYMMDD, a day the month has"
        case .documentType:
            expected = documentTypes.contains(element.stringValue) ? nil : "one of \(documentTypeText)"
        }
        return expected.map { "is '\(element.stringValue)': expected \($0)" }
    }

    /// `string-join(cbc:Note, '')`, as UTF-8 bytes.
    private static func joinedNotes(of root: XMLNode) -> [UInt8] {
        var bytes: [UInt8] = []
        for note in root.childElements where note.hasLocalName("Note") && note.isInNamespace(TreePrefix.cbc.uri) {
            note.withStringValueBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Non-overlapping occurrences, left to right, as `tokenize` splits (ASCII patterns: a match
    /// in the bytes is a match in the characters).
    static func occurrences(of pattern: String, in haystack: [UInt8]) -> Int {
        let needle = Array(pattern.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
        var count = 0, index = 0
        while index + needle.count <= haystack.count {
            if haystack[index..<index + needle.count].elementsEqual(needle) {
                count += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return count
    }

    /// `count(ram:IncludedNote[ram:SubjectCode = 'CODE'])`.
    private static func notesWithSubject(_ code: String, in document: XMLNode) -> Int {
        var count = 0
        for note in document.childElements where note.hasLocalName("IncludedNote") && note.isInNamespace(TreePrefix.ram.uri) {
            for subject in note.childElements where subject.hasLocalName("SubjectCode") && subject.isInNamespace(TreePrefix.ram.uri) {
                if subject.stringValue == code {
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
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x2B || byte == 0x2D || byte == 0x5F || byte == 0x2F
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
