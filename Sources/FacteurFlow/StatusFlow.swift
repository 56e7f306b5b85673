import FacteurModel
import FacteurXML

/// What a public recipient sends back (flows.md, "What a receiver flow may be"): CDAR messages, one
/// status line per referenced invoice of each `AcknowledgementDocument`, or a Chorus Pro `CPPStatut`
/// with `CPPFactureStatuts`, one line per `CPPFactureStatutUnitaire`.
public struct StatusFlow: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case cdar = "CDAR"
        case cppStatut = "CPPStatut"
    }

    /// A status line: the invoice it names, and the status it asks for.
    public struct Line: Sendable, Hashable {
        /// The line of the document where the status line starts.
        public var sourceLine: Int
        /// BT-1 as the recipient wrote it.
        public var invoiceNumber: String?
        /// The seller's SIREN (CDAR: the referenced document's issuer, scheme 0002; CPPStatut: the
        /// first nine digits of the supplier's SIRET).
        public var sellerSIREN: String?
        /// BT-2, when given.
        public var issueDate: CalendarDate?
        /// The recipient's SIRET, when given.
        public var buyerSIRET: String?
        public var request: StatusRequest
    }

    public var kind: Kind
    public var lines: [Line]

    /// The XSDs status flows are checked against before use.
    public struct Schemas: Sendable {
        public var cdar: XMLSchema
        public var cppStatut: XMLSchema

        /// The official schemas, from a folder laid out as `../shared/schemas`: `cdar-d22b/` and `chorus/`.
        public init(folder: String) throws {
            cdar = try XMLSchema(path: folder + "/cdar-d22b/CrossDomainAcknowledgementAndResponse_100pD22B.xsd")
            cppStatut = try XMLSchema(path: folder + "/chorus/CPPStatutPivot_V1_19.xsd")
        }

        func schema(for kind: Kind) -> XMLSchema {
            switch kind {
            case .cdar: cdar
            case .cppStatut: cppStatut
            }
        }
    }

    /// Reads a receiver flow: well-formed XML without DTD (`XMLParser`), a CDAR or a `CPPStatut`, valid
    /// against its XSD. Anything else throws a `ReadError` saying why.
    public static func read(_ bytes: UnsafeRawBufferPointer, name: String, schemas: Schemas, limits: XMLLimits = .default) throws -> StatusFlow {
        let flow = try XMLParser.withDocument(bytes, name: name, limits: limits) { root in
            guard let kind = kind(of: root) else {
                let found = root.namespaceURI.map { "'\(root.localName)' in namespace '\($0)'" } ?? "'\(root.localName)' without namespace"
                throw ReadError(.unsupportedDocument, "unsupported document: root element \(found) at line \(root.line); expected a CDAR "
                                + "CrossDomainAcknowledgementAndResponse (D22B) or a Chorus Pro CPPStatut", line: root.line)
            }
            return try StatusFlow(kind, root: root)
        }
        let violations = schemas.schema(for: flow.kind).violations(in: bytes, name: name)
        guard violations.isEmpty else {
            let shown = violations.prefix(5).map(\.description).joined(separator: "; ")
            let more = violations.count > 5 ? " (and \(violations.count - 5) more)" : ""
            throw ReadError(.schemaInvalid, "not valid against the \(flow.kind.rawValue) schema: \(shown)\(more)", line: violations[0].line)
        }
        return flow
    }

    static let rsm: StaticString = "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100"
    static let ram: StaticString = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    static let qdt: StaticString = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

    /// The kind of document `root` is, if it is a status flow.
    public static func kind(of root: XMLNode) -> Kind? {
        if root.matches(XMLName(rsm, "CrossDomainAcknowledgementAndResponse", prefix: "rsm")) { return .cdar }
        if root.matches(XMLName("", "CPPStatut", prefix: "")) { return .cppStatut }
        return nil
    }

    /// Reads the status lines of a document of a known kind (already checked against its XSD).
    public init(_ kind: Kind, root: XMLNode) throws {
        self.kind = kind
        switch kind {
        case .cdar: lines = Self.cdarLines(root)
        case .cppStatut: lines = try Self.chorusLines(root)
        }
    }

    // MARK: CDAR

    private static func ram(_ local: StaticString) -> XMLName { XMLName(ram, local, prefix: "ram") }

    private static func cdarLines(_ root: XMLNode) -> [Line] {
        var lines: [Line] = []
        for document in root.children("AcknowledgementDocument", inNamespace: rsm) {
            for reference in document.children("ReferenceReferencedDocument", inNamespace: ram) {
                lines.append(cdarLine(reference))
            }
        }
        return lines
    }

    private static func cdarLine(_ reference: XMLNode) -> Line {
        let code = reference.child(ram("ProcessConditionCode")).map(\.stringValue).flatMap { Int(trimmed($0)) } ?? -1
        var request = StatusRequest(status: .reform(code))
        var comments: [String] = []
        for status in reference.children("SpecifiedDocumentStatus", inNamespace: ram) {
            if let reason = status.child(ram("ReasonCode")).map({ trimmed($0.stringValue) }), !reason.isEmpty {
                request.reasons.append(reason)
            }
            for text in status.children("Reason", inNamespace: ram) { comments.append(text.stringValue) }
            for note in status.children("IncludedNote", inNamespace: ram) {
                for content in note.children("Content", inNamespace: ram) { comments.append(content.stringValue) }
            }
            for characteristic in status.children("SpecifiedDocumentCharacteristic", inNamespace: ram) {
                guard let type = characteristic.child(ram("TypeCode")).map({ trimmed($0.stringValue) }),
                      let value = characteristic.child(ram("ValueAmount")).flatMap({ ExactDecimal(parsing: trimmed($0.stringValue)) })
                else { continue }
                let rate = characteristic.child(ram("ValuePercent")).flatMap { ExactDecimal(parsing: trimmed($0.stringValue)) }
                request.amounts.append(.init(type: type, value: value, vatRate: rate))
            }
        }
        if !comments.isEmpty { request.comment = comments.joined(separator: "\n") }
        let date = reference.child(ram("FormattedIssueDateTime"))?.child(XMLName(qdt, "DateTimeString", prefix: "qdt"))
        return Line(
            sourceLine: reference.line,
            invoiceNumber: reference.child(ram("IssuerAssignedID")).map(\.stringValue),
            sellerSIREN: reference.child(ram("IssuerTradeParty"))?.child(ram("GlobalID")).map { trimmed($0.stringValue) },
            issueDate: date.flatMap { CalendarDate(format102: $0.stringValue) },
            buyerSIRET: reference.child(ram("RecipientTradeParty"))?.child(ram("GlobalID")).map { trimmed($0.stringValue) },
            request: request)
    }

    // MARK: CPPStatut

    private static func plain(_ local: StaticString) -> XMLName { XMLName("", local, prefix: "") }

    private static func chorusLines(_ root: XMLNode) throws -> [Line] {
        guard let statuses = root.child(plain("CPPFactureStatuts")) else {
            throw ReadError(.unsupportedDocument,
                            "a CPPStatut with CPPFluxStatuts reports on flows, not invoices: expected CPPFactureStatuts (line \(root.line))",
                            line: root.line)
        }
        return statuses.children("CPPFactureStatutUnitaire", inNamespace: "").map { unit in
            let data = unit.child(plain("DonneesStatut"))
            func text(_ local: StaticString) -> String? { data?.child(plain(local)).map(\.stringValue) }
            let id = text("IdStatut").flatMap { Int(trimmed($0)) } ?? -1
            let supplier = unit.child(plain("Fournisseur"))
            let siret = supplier?.child(plain("Identifiant")).map { trimmed($0.stringValue) }
            let isSIRET = supplier?.child(plain("TypeIdentifiant")).map { trimmed($0.stringValue) } == "1"
            let comment = text("Commentaire")
            return Line(
                sourceLine: unit.line,
                invoiceNumber: text("IdFacture"),
                sellerSIREN: isSIRET ? siret.flatMap { $0.utf8.count == 14 ? String($0.prefix(9)) : nil } : nil,
                issueDate: text("DateFacture").flatMap { CalendarDate(xsDate: $0) },
                buyerSIRET: unit.child(plain("Debiteur"))?.child(plain("Identifiant")).map { trimmed($0.stringValue) },
                request: StatusRequest(status: .chorus(id), comment: comment?.isEmpty == true ? nil : comment,
                                       mandate: text("IdMandatDP").map(trimmed).flatMap { $0.isEmpty ? nil : $0 }))
        }
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
