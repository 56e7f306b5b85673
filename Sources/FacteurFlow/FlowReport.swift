import FacteurModel

/// The integration report of an emitter flow (`outbox/emitter/<connection>/<flow-id>.report.json`,
/// flows.md "What comes back for an emitter flow"), and the routing envelope of a delivered invoice.
struct FlowReport {
    var flowId: String
    var connection: String
    var fileName: String
    var sha256: String?
    var size: Int?
    var receivedAt: Instant
    var status: String
    /// For an unreadable flow: its `IRR_*` reason and what was wrong.
    var reason: String?
    var message: String?
    var repeatedOf: String?
    var invoices: [InvoiceJudgement] = []
    /// For a receiver flow: what it is (`CDAR`, `CPPStatut`) and the verdict on each status line.
    var statusKind: String?
    var lines: [StatusVerdict]?

    /// The verdict on a status line of a receiver flow.
    struct StatusVerdict {
        var position: Int
        var line: StatusFlow.Line
        var platformId: String?
        /// When accepted: the change made.
        var change: LifecycleChange?
        var refusal: LifecycleRefusal?
    }

    var json: [UInt8] {
        let json = JSONWriter(pretty: true)
        json.beginObject()
        json.field("flow_id", flowId)
        json.field("connection", connection)
        json.field("file_name", fileName)
        json.field("sha256", sha256)
        json.field("size", size)
        json.field("received_at", receivedAt.description)
        json.field("status", status)
        json.field("reason", reason)
        json.field("message", message)
        json.field("repeated_of", repeatedOf)
        if let lines {
            json.field("kind", statusKind)
            json.key("lines")
            json.beginArray()
            for verdict in lines {
                let line = verdict.line
                json.beginObject()
                json.field("index", verdict.position)
                json.field("line", line.sourceLine)
                json.field("number", line.invoiceNumber)
                json.field("seller_siren", line.sellerSIREN)
                json.field("issue_date", line.issueDate?.description)
                json.field("status", line.request.statusDescription)
                json.field("verdict", verdict.change == nil ? "refused" : "accepted")
                json.field("platform_id", verdict.platformId)
                json.field("state", verdict.change?.state.rawValue)
                json.field("reform_code", verdict.change?.reformCode)
                json.field("reason", verdict.refusal?.code)
                json.field("message", verdict.refusal?.message)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return Array(json.written) + [0x0A]
        }
        json.key("invoices")
        json.beginArray()
        for invoice in invoices {
            json.beginObject()
            json.field("index", invoice.position)
            json.field("syntax", invoice.syntax)
            json.field("number", invoice.number)
            json.field("issue_date", invoice.issueDate)
            json.field("type_code", invoice.typeCode)
            json.field("seller_siren", invoice.sellerSIREN)
            json.field("seller_siret", invoice.sellerSIRET)
            json.field("buyer_siret", invoice.buyerSIRET)
            json.field("service_code", invoice.serviceCode)
            json.field("commitment_number", invoice.commitmentNumber)
            json.field("verdict", invoice.isAccepted ? "accepted" : "rejected")
            json.field("platform_id", invoice.platformId)
            json.field("delivered_to", invoice.isAccepted ? invoice.target?.description : nil)
            // An invoice deposited again by its supplier (recycle, complete), one replacing a refused one.
            json.field("redeposit", invoice.isAccepted ? invoice.redeposit.map { "\($0.action)" } : nil)
            json.field("replaces", invoice.isAccepted ? invoice.replaces?.number : nil)
            json.key("reasons")
            json.beginArray()
            var seen: Set<String> = []
            for (code, _) in invoice.reasons where seen.insert(code).inserted { json.string(code) }
            json.endArray()
            json.field("findings", invoice.findings)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return Array(json.written) + [0x0A]
    }

    /// The routing envelope of a delivered invoice (flows.md "What a recipient receives"), written
    /// after the invoice: its presence means the delivery is complete.
    static func envelope(invoice: InvoiceJudgement, flowId: String, receivedAt: Instant, replaces: String? = nil) -> [UInt8] {
        let json = JSONWriter(pretty: true)
        json.beginObject()
        json.field("platform_id", invoice.platformId)
        json.field("flow_id", flowId)
        json.field("received_at", receivedAt.description)
        json.field("syntax", invoice.syntax)
        json.field("number", invoice.number)
        json.field("issue_date", invoice.issueDate)
        json.field("type_code", invoice.typeCode)
        json.key("seller")
        json.beginObject()
        json.field("siren", invoice.sellerSIREN)
        json.field("siret", invoice.sellerSIRET)
        json.endObject()
        json.field("recipient_siret", invoice.buyerSIRET)
        json.field("service_code", invoice.serviceCode)
        json.field("commitment_number", invoice.commitmentNumber)
        json.field("replaces", replaces)
        json.endObject()
        return Array(json.written) + [0x0A]
    }
}

extension JSONWriter {
    /// `"name": [...]`, each finding as `rule, severity, term, location {path, line} or null, message`:
    /// the same shape in `validate --format json` and in the integration reports.
    public func field(_ name: StaticString, _ findings: [Finding]) {
        key(name)
        beginArray()
        for finding in findings {
            beginObject()
            field("rule", finding.rule)
            field("severity", finding.severity.rawValue)
            field("term", finding.term)
            key("location")
            if let location = finding.location {
                beginObject()
                field("path", location.path)
                field("line", location.line)
                endObject()
            } else {
                string(nil)
            }
            field("message", finding.message)
            endObject()
        }
        endArray()
    }
}
