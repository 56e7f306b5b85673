import FacteurModel
import FacteurXML

/// The EN 16931 business rules, evaluated on the model in one pass.
///
/// Each rule is written from the rule as the official artefacts (CEN/TC 434 validation artefacts,
/// the release in `RuleCatalogue.en16931Release`) define it in each syntax, including the way their
/// XPath treats absent, empty and odd values, so that the same invoice gets the same findings.
public struct EN16931Validator: Sendable {
    public init() {}

    /// The rules this validator evaluates for a syntax. The others of the catalogue are not built yet.
    public static func implementedRules(for syntax: Syntax) -> Set<String> {
        syntax.isUBL ? implementedUBL : implementedCII
    }

    private static let implementedUBL = implemented(.ublInvoice)
    private static let implementedCII = implemented(.cii)

    private static func implemented(_ syntax: Syntax) -> Set<String> {
        syntax.isUBL
            ? DocumentRules.ubl.union(TotalsRules.ubl).union(AllowanceChargeRules.ubl).union(LineRules.ubl).union(PeriodRules.ubl)
                .union(PartyRules.ubl).union(VATBreakdownRules.ubl).union(VATCategoryRules.ubl)
                .union(CodeListRules.ubl).union(UBLSyntaxRules.ubl)
            : DocumentRules.cii.union(TotalsRules.cii).union(AllowanceChargeRules.cii).union(LineRules.cii).union(PeriodRules.cii)
                .union(PartyRules.cii).union(VATBreakdownRules.cii).union(VATCategoryRules.cii)
                .union(CodeListRules.cii).union(CIISyntaxRules.cii)
    }

    /// - Parameters:
    ///   - invoice: the invoice read from `tree`.
    ///   - tree: the parsed document, for the rules that speak of elements rather than of terms.
    public func validate(_ invoice: Invoice, tree: XMLNode) -> [Finding] {
        var findings: [Finding] = []
        validate(invoice, tree: tree, appendingTo: &findings)
        return findings
    }

    /// `validate(_:tree:)`, its findings added to `findings` (copied neither there nor on the way).
    public func validate(_ invoice: Invoice, tree: XMLNode, appendingTo findings: inout [Finding]) {
        let start = findings.count
        var out = FindingCollector(syntax: invoice.syntax, paths: invoice.elementPaths)
        out.exchangeFindings(with: &findings)
        // The UBL syntax walk goes first, since it gathers what the code lists and the VAT
        // categories need from the tree; its findings still come after theirs.
        var syntaxFindings = FindingCollector(syntax: invoice.syntax, paths: invoice.elementPaths)
        let index = UBLSyntaxRules.check(invoice, tree: tree, into: &syntaxFindings)
        DocumentRules.check(invoice, into: &out)
        TotalsRules.check(invoice, into: &out)
        AllowanceChargeRules.check(invoice, into: &out)
        LineRules.check(invoice, into: &out)
        PeriodRules.check(invoice, into: &out)
        PartyRules.check(invoice, tree: tree, into: &out)
        VATBreakdownRules.check(invoice, into: &out)
        VATCategoryRules.check(invoice, tree: tree, ubl: index, into: &out)
        CodeListRules.check(invoice, tree: tree, ubl: index, into: &out)
        out.append(syntaxFindings)
        CIISyntaxRules.check(invoice, tree: tree, into: &out)
        let implemented = Self.implementedRules(for: invoice.syntax)
        out.keepFindings(from: start) { implemented.contains($0.rule) }
        out.exchangeFindings(with: &findings)
    }
}
