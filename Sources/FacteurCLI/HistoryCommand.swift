import FacteurFlow

/// `facteur history NUMBER [--seller SIREN] [--root ROOT] [--format text|json]` and
/// `facteur stats [--root ROOT] [--format text|json]`: the lifecycle as the state records it.
enum HistoryCommand {
    struct Options {
        var root = "."
        var format = ValidateCommand.Format.text
        var seller: String?
        var number: String?
    }

    static func parse(_ arguments: [String], command: String) throws(UsageError) -> Options {
        var options = Options()
        var arguments = Arguments(arguments)
        func value(_ name: String) throws(UsageError) -> String { try arguments.value(of: name) }
        while let argument = arguments.next() {
            switch argument {
            case "--root": options.root = try value(argument)
            case "--seller" where command == "history": options.seller = try value(argument)
            case "--format":
                let text = try value(argument)
                guard let format = ValidateCommand.Format(rawValue: text) else { throw UsageError("--format \(text): expected text or json") }
                options.format = format
            default:
                guard command == "history", options.number == nil, !argument.hasPrefix("--") else {
                    throw UsageError("unexpected argument '\(argument)'")
                }
                options.number = argument
            }
        }
        if command == "history", options.number == nil { throw UsageError("expected the invoice number (BT-1)") }
        return options
    }

    /// Exit statuses: 0 printed, 1 no such invoice, 2 no state to read, 64 a wrong command line.
    static func run(_ arguments: [String], console: Console, command: String) -> Int32 {
        let options: Options
        do {
            options = try parse(arguments, command: command)
        } catch {
            console.err("facteur \(command): \(error.message)\n\n\(Facteur.usage)")
            return ExitStatus.usage
        }
        do {
            let records = try LifecycleRecords(root: options.root)
            if command == "stats" {
                let statistics = try records.statistics()
                console.out(options.format == .json ? json(statistics) : text(statistics))
                return ExitStatus.success
            }
            let histories = try records.histories(number: options.number!, sellerSIREN: options.seller)
            if histories.isEmpty {
                console.err("facteur history: no accepted invoice numbered '\(options.number!)'"
                            + (options.seller.map { " of seller SIREN \($0)" } ?? "") + " in \(options.root)\n")
                return ExitStatus.fatalFindings
            }
            console.out(options.format == .json ? json(histories) : histories.map(text).joined(separator: "\n"))
            return ExitStatus.success
        } catch {
            console.err("facteur \(command): \(error)\n")
            return ExitStatus.unreadable
        }
    }

    // MARK: Text

    static func text(_ history: InvoiceHistory) -> String {
        var lines = ["\(history.platformId)  invoice \(history.number) of seller SIREN \(history.sellerSIREN)"
                     + (history.issueDate.map { ", issued \($0)" } ?? "") + (history.typeCode.map { ", type \($0)" } ?? "") + " (\(history.syntax))"]
        lines.append("  recipient \(history.recipientSIRET)" + (history.serviceCode.map { ", service \($0)" } ?? "")
                     + (history.commitment.map { ", commitment \($0)" } ?? "") + "; delivered to \(history.delivery)")
        lines.append("  deposited by connection \(history.emitterConnection); bytes of flow \(history.flowId); now \(history.state)")
        if let replaced = history.replaces { lines.append("  replaces \(replaced.platformId) (invoice \(replaced.number), refused)") }
        for link in history.replacedBy { lines.append("  replaced by \(link.platformId) (invoice \(link.number))") }
        for step in history.steps {
            lines.append("  \(step.step). \(step.at)  \(step.code) \(step.state)  by \(step.actor)")
            var details: [String] = []
            if let reason = step.reason { details.append("reason \(reason)") }
            if let mandate = step.mandate { details.append("mandate \(mandate)") }
            if let amounts = step.amounts { details.append("amounts \(amounts)") }
            if let comment = step.comment { details.append("comment: \(comment)") }
            if !details.isEmpty { lines.append("       " + details.joined(separator: "; ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func text(_ statistics: LifecycleStatistics) -> String {
        func table(_ title: String, _ counts: [LifecycleStatistics.Count]) -> String {
            let width = counts.map(\.key.count).max() ?? 0
            let rows = counts.map { count in
                "  " + count.key + String(repeating: " ", count: width - count.key.count) + "  " + String(count.count)
                    + (count.label.map { "  \($0)" } ?? "")
            }
            return ([title] + (rows.isEmpty ? ["  (none)"] : rows)).joined(separator: "\n") + "\n"
        }
        return table("invoices by state", statistics.byState) + table("invoices by recipient", statistics.byRecipient)
            + table("flows by channel and status", statistics.flows) + "invoices rejected by the platform: \(statistics.rejected)\n"
    }

    // MARK: JSON

    static func json(_ histories: [InvoiceHistory]) -> String {
        let json = JSONWriter(pretty: true)
        json.beginArray()
        for history in histories {
            json.beginObject()
            json.field("platform_id", history.platformId)
            json.field("number", history.number)
            json.field("seller_siren", history.sellerSIREN)
            json.field("seller_siret", history.sellerSIRET)
            json.field("issue_date", history.issueDate)
            json.field("type_code", history.typeCode)
            json.field("syntax", history.syntax)
            json.field("recipient_siret", history.recipientSIRET)
            json.field("service_code", history.serviceCode)
            json.field("commitment_number", history.commitment)
            json.field("delivered_to", history.delivery)
            json.field("emitter_connection", history.emitterConnection)
            json.field("flow_id", history.flowId)
            json.field("state", history.state)
            json.field("replaces", history.replaces?.platformId)
            json.key("replaced_by")
            json.beginArray()
            for link in history.replacedBy { json.string(link.platformId) }
            json.endArray()
            json.key("history")
            json.beginArray()
            for step in history.steps {
                json.beginObject()
                json.field("step", step.step)
                json.field("state", step.state)
                json.field("reform_code", step.code)
                json.field("actor", step.actor)
                json.field("at", step.at)
                json.field("reason", step.reason)
                json.field("comment", step.comment)
                json.field("mandate", step.mandate)
                json.field("amounts", step.amounts)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        return String(decoding: json.written, as: UTF8.self) + "\n"
    }

    static func json(_ statistics: LifecycleStatistics) -> String {
        let json = JSONWriter(pretty: true)
        func counts(_ name: StaticString, _ counts: [LifecycleStatistics.Count]) {
            json.key(name)
            json.beginArray()
            for count in counts {
                json.beginObject()
                json.field("key", count.key)
                json.field("label", count.label)
                json.field("count", count.count)
                json.endObject()
            }
            json.endArray()
        }
        json.beginObject()
        counts("by_state", statistics.byState)
        counts("by_recipient", statistics.byRecipient)
        counts("flows", statistics.flows)
        json.field("rejected", statistics.rejected)
        json.endObject()
        return String(decoding: json.written, as: UTF8.self) + "\n"
    }
}
