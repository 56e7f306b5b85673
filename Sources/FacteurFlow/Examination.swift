import FacteurModel
import FacteurRules
import FacteurXML

/// What can be learned of a claimed flow without the state: its size and digest, and its invoice
/// read and checked against the rules (EN 16931, BR-FR, attachments). What needs the state
/// (repeated bytes, uniqueness, routing) is left to the decision.
struct Examination: Sendable {
    enum Content: Sendable {
        /// The flow cannot be read as an invoice: its reform reason (`IRR_*`) and why.
        case unreadable(reason: String, message: String)
        /// The invoice, and its judgement so far.
        case invoice(Invoice, InvoiceJudgement)
        /// The status lines of a receiver flow.
        case statuses(StatusFlow)
    }

    /// The size and SHA-256 of the bytes, when they could be read.
    var size: Int?
    var sha256: String?
    var content: Content
    /// How long the examination took, in seconds (for the flow's log line).
    var seconds = 0.0
}

/// Examines claimed flows, on a thread of its own: reading and checking an invoice is most of the
/// work, and it needs nothing of the engine's state, so one group is examined while the previous
/// one is decided and written.
struct Examiner: Sendable {
    let root: String
    let reader: InvoiceReader
    let frenchRules: Bool
    /// The XSDs of the receiver flows (nil: receiver flows are not taken).
    let schemas: StatusFlow.Schemas?

    /// Starts examining `flows` on another thread. An error reading a work file (other than one of
    /// the flow's own, which is a finding) is thrown by the wait.
    func start(_ flows: [FlowStore.FlowRow]) -> Background<[Examination]> {
        Background {
            try flows.map { flow in
                let started = monotonicSeconds()
                var examination = try examine(flow)
                examination.seconds = monotonicSeconds() - started
                return examination
            }
        }
    }

    func examine(_ flow: FlowStore.FlowRow) throws -> Examination {
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(root + "/" + FlowEngine.workPath(flow.id), maxBytes: reader.limits.maxBytes, followLinks: false)
        } catch let error as ReadError where error.code != .ioError {
            return Examination(content: .unreadable(reason: error.code.reformReason ?? "IRR_TYPE_F", message: error.message))
        }
        var examination = Examination(size: bytes.count, sha256: bytes.withUnsafeBytes { sha256Hex($0) },
                                      content: .unreadable(reason: "IRR_TYPE_F", message: ""))
        if flow.channel == "receiver" {
            do {
                guard let schemas else { throw ReadError(.ioError, "the receiver flows' schemas are not loaded") }
                let statuses = try bytes.withUnsafeBytes {
                    try StatusFlow.read($0, name: flow.fileName, schemas: schemas, limits: reader.limits)
                }
                examination.content = .statuses(statuses)
            } catch let error as ReadError where error.code != .ioError {
                examination.content = .unreadable(reason: error.code.reformReason ?? "IRR_SYNTAX", message: error.message)
            }
            return examination
        }
        if let kind = Self.unsupportedKind(bytes) {
            examination.content = .unreadable(
                reason: "IRR_TYPE_F", message: "\(kind) flows are not supported yet: deposit the invoice as UBL 2.1 or UN/CEFACT CII XML")
            return examination
        }
        do {
            examination.content = try bytes.withUnsafeBytes { buffer in
                try reader.withInvoice(buffer, name: flow.fileName) { invoice, tree in
                    var judgement = InvoiceJudgement(position: 1, invoice: invoice)
                    EN16931Validator().validate(invoice, tree: tree, appendingTo: &judgement.findings)
                    if frenchRules { FrenchValidator().validate(invoice, tree: tree, appendingTo: &judgement.findings) }
                    judgement.findings += InvoiceJudgement.attachmentFindings(invoice)
                    return .invoice(invoice, judgement)
                }
            }
        } catch let error as ReadError {
            examination.content = .unreadable(reason: error.code.reformReason ?? "IRR_SYNTAX", message: error.message)
        }
        return examination
    }

    /// PDF and archives, recognised by their first bytes: not read yet (Factur-X and batches).
    static func unsupportedKind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return "PDF (Factur-X)" }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return "ZIP archive" }
        if bytes.starts(with: [0x1F, 0x8B]) { return "gzip (tar.gz) archive" }
        return nil
    }
}
