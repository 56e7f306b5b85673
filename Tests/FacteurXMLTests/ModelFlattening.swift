import FacteurModel

/// Flattens an invoice model into `path → value` pairs by reflection, independently of how the
/// readers built it: every stored property is visited, so a term added to the model is compared
/// without this code changing. Locations, lexical forms, date formats and per-amount currency
/// attributes are left out (they legitimately differ between syntaxes), and so are the syntax-level
/// repetitions the model keeps for the rules (`means`, `vatTotals`, charge indicators as written);
/// decimals are compared by value and text after white-space normalisation, as the rules compare them.
enum ModelFlattening {
    static let ignoredLabels: Set<String> = [
        "location", "elementPaths", "lexical", "format", "currency", "syntax", "means", "vatTotals", "chargeIndicator", "taxCategories",
    ]

    static func flatten(_ invoice: Invoice) -> [String: String] {
        var out: [String: String] = [:]
        visit(invoice, path: "", into: &out)
        return out
    }

    private static func visit(_ value: Any, path: String, into out: inout [String: String]) {
        switch value {
        case let decimal as ExactDecimal:
            out[path] = normalised(decimal)
            return
        case let date as CalendarDate:
            out[path] = date.description
            return
        case let string as String:
            out[path] = string.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
                .joined(separator: " ")
            return
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let child = mirror.children.first { visit(child.value, path: path, into: &out) }
        case .collection:
            for (index, child) in mirror.children.enumerated() {
                visit(child.value, path: "\(path)[\(index)]", into: &out)
            }
        case .struct, .class:
            for child in mirror.children {
                guard let label = child.label, !ignoredLabels.contains(label) else { continue }
                visit(child.value, path: path.isEmpty ? label : "\(path).\(label)", into: &out)
            }
        default:
            out[path] = "\(value)"
        }
    }

    private static func normalised(_ decimal: ExactDecimal) -> String {
        var text = decimal.description
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// The keys whose values differ, or that only one side has.
    static func differences(_ a: [String: String], _ b: [String: String]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }
}
