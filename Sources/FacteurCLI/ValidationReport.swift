import FacteurFlow
import FacteurModel
import FacteurXML

/// What `facteur validate` found for one file.
public struct ValidationReport: Sendable {
    public enum Outcome: Sendable {
        /// The file was read as an invoice (kept as the headline values reports print, so that a report
        /// does not hold the whole invoice); the findings say what the rules think of it.
        case invoice(InvoiceSummary, findings: [Finding])
        /// The file could not be read as an invoice at all.
        case unreadable(ReadError)
    }

    public var file: String
    public var outcome: Outcome

    public init(file: String, outcome: Outcome) {
        self.file = file
        self.outcome = outcome
    }

    public var hasFatalFinding: Bool {
        guard case .invoice(_, let findings) = outcome else { return false }
        return findings.contains { $0.severity == .fatal }
    }

    public var isUnreadable: Bool {
        if case .unreadable = outcome { return true }
        return false
    }
}

/// The headline values of an invoice, as reports print them: values as written, except dates
/// (ISO 8601 whatever the syntax wrote) and amounts (exact decimal, sign and leading zeros
/// normalised, scale kept). A term whose lexical value is not valid is printed as written.
public struct InvoiceSummary: Sendable {
    public var syntax: String
    public var number: String?
    public var issueDate: String?
    public var type: String?
    public var currency: String?
    public var seller: String?
    public var buyer: String?
    public var lines: Int
    public var totalWithVAT: String?
    public var amountDue: String?

    public init(_ invoice: borrowing Invoice) {
        syntax = invoice.syntax.rawValue
        number = invoice.number?.value
        issueDate = invoice.issueDate.map { $0.value?.description ?? $0.lexical }
        type = invoice.typeCode?.value
        currency = invoice.currencyCode?.value
        seller = invoice.seller?.name?.value
        buyer = invoice.buyer?.name?.value
        lines = invoice.lines.count
        totalWithVAT = invoice.totals?.totalWithVAT.map(Self.amount)
        amountDue = invoice.totals?.amountDue.map(Self.amount)
    }

    static func amount(_ amount: Amount) -> String {
        amount.value?.description ?? amount.lexical
    }
}

extension ValidationReport {
    /// One JSON object on one line: `file, syntax, number, issue_date, type, currency, seller, buyer,
    /// lines, total_with_vat, amount_due, findings, error`. Amounts are JSON strings (exact decimals).
    public var jsonLine: String {
        var line: [UInt8] = []
        appendJSONLine(to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// `jsonLine`, its UTF-8 bytes appended to `buffer` (a batch's reports go out in one buffer).
    public func appendJSONLine(to buffer: inout [UInt8]) {
        let json = JSONWriter()
        json.beginObject()
        json.field("file", file)
        switch outcome {
        case .invoice(let summary, let findings):
            json.field("syntax", summary.syntax)
            json.field("number", summary.number)
            json.field("issue_date", summary.issueDate)
            json.field("type", summary.type)
            json.field("currency", summary.currency)
            json.field("seller", summary.seller)
            json.field("buyer", summary.buyer)
            json.field("lines", summary.lines)
            json.field("total_with_vat", summary.totalWithVAT)
            json.field("amount_due", summary.amountDue)
            json.field("findings", findings)
            json.key("error")
            json.string(nil)
        case .unreadable(let error):
            for name: StaticString in ["syntax", "number", "issue_date", "type", "currency", "seller", "buyer", "lines",
                         "total_with_vat", "amount_due"] {
                json.key(name)
                json.string(nil)
            }
            json.key("findings")
            json.beginArray()
            json.endArray()
            json.key("error")
            json.beginObject()
            json.field("code", error.code.description)
            json.field("reason", error.code.reformReason)
            json.field("line", error.line)
            json.field("message", error.message)
            json.endObject()
        }
        json.endObject()
        buffer.append(contentsOf: json.written)
    }

    /// A few lines for a person reading a terminal. Warnings are listed only when asked for.
    public func text(showWarnings: Bool = true) -> String {
        // A file name may hold anything but '/' and NUL: keep each report line one line.
        let file = String(String.UnicodeScalarView(self.file.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
        switch outcome {
        case .unreadable(let error):
            return "\(file): unreadable (\(error.code)): \(error.message)\n"
        case .invoice(let s, let findings):
            func show(_ value: String?) -> String { value ?? "-" }
            var out = "\(file): \(s.syntax) \(show(s.number))\n"
            out += "  issued \(show(s.issueDate)), type \(show(s.type)), currency \(show(s.currency))\n"
            out += "  seller \(show(s.seller))\n"
            out += "  buyer  \(show(s.buyer))\n"
            out += "  \(s.lines) line\(s.lines == 1 ? "" : "s"), total with VAT \(show(s.totalWithVAT)), amount due \(show(s.amountDue))\n"
            let shown = findings.filter { showWarnings || $0.severity == .fatal }
            let fatal = findings.filter { $0.severity == .fatal }.count
            let warnings = findings.count - fatal
            out += "  findings: \(fatal) fatal, \(warnings) warning\(warnings == 1 ? "" : "s")\n"
            for finding in shown {
                let term = finding.term.map { " \($0)" } ?? ""
                let location = finding.location.map { " at \($0)" } ?? ""
                out += "  [\(finding.severity.rawValue)] \(finding.rule)\(term)\(location): \(finding.message)\n"
            }
            return out
        }
    }
}
