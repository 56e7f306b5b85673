import FacteurModel

/// An element together with its path from the root, for the readers: every value read through a
/// cursor carries its `SourceLocation`. Paths use canonical prefixes and 1-based positions for
/// repeated elements: `/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount`.
struct Cursor {
    let node: XMLNode
    /// The document's paths, shared by every cursor and location of the document.
    let paths: ElementPaths
    /// This element's step in `paths`.
    let step: Int

    init(root node: XMLNode, name: XMLName) {
        self.node = node
        self.paths = ElementPaths()
        self.step = paths.append(parent: nil, prefix: name.prefix, localName: name.local)
    }

    private init(node: XMLNode, paths: ElementPaths, step: Int) {
        self.node = node
        self.paths = paths
        self.step = step
    }

    var location: SourceLocation { SourceLocation(step: step, line: node.line) }

    var string: String { node.stringValue }

    /// The first child with this name.
    func child(_ name: XMLName) -> Cursor? {
        node.child(name).map {
            Cursor(node: $0, paths: paths, step: paths.append(parent: step, prefix: name.prefix, localName: name.local))
        }
    }

    /// A descendant along a chain of names, each the first of its name (two or three steps: no
    /// variadic array to allocate at each call).
    func descendant(_ first: XMLName, _ second: XMLName) -> Cursor? {
        child(first)?.child(second)
    }

    func descendant(_ first: XMLName, _ second: XMLName, _ third: XMLName) -> Cursor? {
        child(first)?.child(second)?.child(third)
    }

    /// Every child with this name, each path indexed by its position among them.
    func children(_ name: XMLName) -> [Cursor] {
        var result: [Cursor] = []
        for child in node.childElements where child.matches(name) {
            // Room for a few at the first: grown one by one, an array is reallocated at 1, 2 and 4.
            if result.capacity == 0 { result.reserveCapacity(4) }
            let childStep = paths.append(parent: step, prefix: name.prefix, localName: name.local, position: result.count + 1)
            result.append(Cursor(node: child, paths: paths, step: childStep))
        }
        return result
    }

    // MARK: - Terms of this element

    var asText: Text { Text(string, at: location) }

    func asIdentifier(scheme: StaticString? = "schemeID", version: StaticString? = nil) -> Identifier {
        Identifier(string, scheme: scheme.flatMap { node.attribute($0) },
                   schemeVersion: version.flatMap { node.attribute($0) }, at: location)
    }

    var asAmount: Amount { Amount(lexical: string, currency: node.attribute("currencyID"), at: location) }

    var asQuantity: Quantity { Quantity(lexical: string, unitCode: node.attribute("unitCode"), at: location) }

    var asDecimal: DecimalTerm { DecimalTerm(lexical: string, at: location) }

    /// An `xs:date` (UBL).
    var asXSDate: DateTerm {
        let lexical = string
        return DateTerm(lexical: lexical, format: nil, value: CalendarDate(xsDate: lexical), at: location)
    }

    /// A UN/CEFACT date string with its `format` attribute (CII): only format 102 (`YYYYMMDD`), the
    /// one EN 16931 allows, gives a calendar date.
    var asFormattedDate: DateTerm {
        let lexical = string
        let format = node.attribute("format")
        let value = format == nil || format == "102" ? CalendarDate(format102: lexical) : nil
        return DateTerm(lexical: lexical, format: format, value: value, at: location)
    }

    /// Whether the element holds an `xs:boolean` true (`true` or `1`, white space aside).
    var isTrue: Bool {
        let value = string.trimmingXMLSpace()
        return value == "true" || value == "1"
    }

    // MARK: - Terms of a child element

    func text(_ name: XMLName) -> Text? { child(name)?.asText }
    func amount(_ name: XMLName) -> Amount? { child(name)?.asAmount }
    func quantity(_ name: XMLName) -> Quantity? { child(name)?.asQuantity }
    func decimal(_ name: XMLName) -> DecimalTerm? { child(name)?.asDecimal }
    func identifier(_ name: XMLName, scheme: StaticString? = "schemeID") -> Identifier? {
        child(name)?.asIdentifier(scheme: scheme)
    }
}
