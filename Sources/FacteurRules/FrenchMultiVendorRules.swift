import FacteurModel
import FacteurXML

/// The multi-vendor (billing frameworks B8, S8, M8) and bidirectional (B9, S9, M9) rules: an
/// invoice gathering sub-invoices, each a GROUP line without parent followed by its DETAIL and
/// INFORMATION lines. UBL marks a line's sub-type with a billing reference to the invoice itself
/// (`cac:BillingReference[cac:InvoiceDocumentReference/cbc:ID = BT-1]`, status in
/// `cbc:DocumentStatusCode`, parent line in `cac:BillingReferenceLine`); CII with
/// `ram:AssociatedDocumentLineDocument` (`ram:LineStatusReasonCode`, `ram:ParentLineID`).
///
/// The amount tolerances (`abs(a - sum(b)) le 0.01 * n`) are XPath arithmetic on `xs:double`, and are
/// computed so (`XPathDouble`): a sum within the tolerance by decimal arithmetic can be outside it
/// in binary, and the verdict is the official rule's.
extension FrenchAssertions {
    enum MultiVendorRule: Sendable, Equatable {
        /// MV-01: every line gives its sub-type.
        case lineSubType
        /// MV-02 (multi-vendor): at least one GROUP line without parent.
        case groupLine
        /// BD-02 (bidirectional): exactly two GROUP lines without parent, one of them the seller's
        /// and one the buyer's (the line's sub-seller legal identifier is theirs).
        case twoGroupLines, sellerGroupLine, buyerGroupLine
        /// MV-03: a GROUP line without parent names its sub-seller, its legal identifier and
        /// country, its VAT total (in the invoice currency, and in the VAT accounting currency when
        /// one is given), its sub-invoice number (AFL) and sub-invoice framework (AVV, not B8/S8/M8).
        case subSellerName, subSellerLegalID, subSellerCountry, groupVAT, groupVATInAccountingCurrency, subInvoiceNumber, subInvoiceFramework
        /// MV-05: a GROUP line's net amount is the sum of its children's (INFORMATION lines aside),
        /// within 0.01 per child.
        case groupAmount
        /// MV-06 and MV-07: every line gives its sub-seller legal identifier and sub-invoice number,
        /// those of its parent line.
        case sameSubSeller, sameSubInvoice
        /// MV-08: a DETAIL line's VAT exemption reason begins with `#<sub-invoice number>#`.
        case exemptionReason
        /// MV-09: a GROUP line's VAT total is the VAT of the breakdowns whose exemption reason
        /// begins with `#<its sub-invoice number>#`, within 0.01.
        case groupVATBreakdown
        /// MV-10: a GROUP line's amount with VAT, when given, is its net amount plus its VAT, within
        /// 0.01 per DETAIL child.
        case groupAmountWithVAT
        /// MV-11: the seller's own GROUP line uses the invoice number (BT-1) as sub-invoice number
        /// when it is the only one doing so; more of them use other numbers.
        case sellerSubInvoice
        /// MV-12: the sub-invoice numbers of GROUP lines without parent do not repeat an earlier one.
        case uniqueSubInvoices
        /// MV-13 and BD-13: a multi-vendor invoice is not self-billed; a bidirectional one is.
        case notSelfBilled, selfBilled
        /// MV-14 and BD-14: in a corrective invoice or credit note, each GROUP line without parent
        /// references the preceding invoice, number and date.
        case precedingInvoiceNumber(bidirectional: Bool), precedingInvoiceDate(bidirectional: Bool)
    }

    private static let mvCorrectiveTypes = CodeSet(["384", "472", "381", "396", "503"])
    private static let bdCorrectiveTypes = CodeSet(["261", "471", "473", "502"])
    private static let frameworkCodes = CodeSet(["M8", "S8", "B8"])

    static func multiVendorProblem(_ rule: MultiVendorRule, _ element: XMLNode, _ values: inout DocumentValues) -> String? {
        let kind = frameworkKind(&values)
        let multiVendor = kind == .multiVendor, bidirectional = kind == .bidirectional
        switch rule {
        case .groupLine, .notSelfBilled: guard multiVendor else { return nil }
        case .twoGroupLines, .sellerGroupLine, .buyerGroupLine, .selfBilled: guard bidirectional else { return nil }
        case .precedingInvoiceNumber(let bd), .precedingInvoiceDate(let bd):
            // Corrective documents only (`[(cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode) = (...)]`, CII's TypeCode).
            guard bd ? bidirectional : multiVendor,
                  typeCodes(&values).contains(where: { (bd ? bdCorrectiveTypes : mvCorrectiveTypes).contains($0) }) else { return nil }
        default: guard multiVendor || bidirectional else { return nil }
        }
        return values.isUBL ? ublProblem(rule, element, values.root) : ciiProblem(rule, element, values.root)
    }

    // MARK: - UBL

    private static let ublInvoiceReference = TreePath("cac:InvoiceDocumentReference")
    private static let ublReferenceID = TreePath("cac:InvoiceDocumentReference/cbc:ID")
    private static let ublReferenceDate = TreePath("cac:InvoiceDocumentReference/cbc:IssueDate")
    private static let ublStatus = TreePath("cac:InvoiceDocumentReference/cbc:DocumentStatusCode")
    private static let ublParentLine = TreePath("cac:BillingReferenceLine/cbc:ID")
    private static let ublBillingReferences = TreePath("cac:BillingReference")
    private static let ublLineID = TreePath("cbc:ID")
    private static let ublSubSeller = "cac:Item/cac:ManufacturerParty/"
    private static let ublSubSellerName = TreePath(ublSubSeller + "cac:PartyLegalEntity/cbc:RegistrationName")
    private static let ublSubSellerID = TreePath(ublSubSeller + "cac:PartyLegalEntity/cbc:CompanyID")
    private static let ublSubSellerCountry = TreePath(ublSubSeller + "cac:PostalAddress/cac:Country/cbc:IdentificationCode")
    private static let ublLineVAT = TreePath("cac:TaxTotal/cbc:TaxAmount")
    private static let ublAFL = TreePath("cac:DocumentReference[is130]/cbc:ID[@schemeID='AFL']")
    private static let ublAVV = TreePath("cac:DocumentReference[is130]/cbc:ID[@schemeID='AVV']")
    private static let ublNetAmount = TreePath("cbc:LineExtensionAmount")
    private static let ublAmountWithVAT = TreePath("cbc:TaxInclusiveLineExtensionAmount")
    private static let ublExemptionReason = TreePath("cac:Item/cac:ClassifiedTaxCategory/cbc:TaxExemptionReason")
    private static let ublCurrency = TreePath("cbc:DocumentCurrencyCode")
    private static let ublSellerLegalID = TreePath("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID")
    private static let ublBuyerLegalID = TreePath("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID")
    private static let ublBreakdowns = TreePath("cac:TaxTotal/cac:TaxSubtotal")
    private static let ublBreakdownScheme = TreePath("cac:TaxCategory/cac:TaxScheme/cbc:ID")
    private static let ublBreakdownReason = TreePath("cac:TaxCategory/cbc:TaxExemptionReason")
    private static let ublBreakdownVAT = TreePath("cbc:TaxAmount")

    /// `(cac:InvoiceLine | cac:CreditNoteLine)` of the root.
    private static func ublLines(_ root: XMLNode) -> [XMLNode] {
        var lines: [XMLNode] = []
        for child in root.childElements where child.isInNamespace(TreePrefix.cac.uri) && (child.hasLocalName("InvoiceLine") || child.hasLocalName("CreditNoteLine")) {
            lines.append(child)
        }
        return lines
    }

    /// `cac:InvoiceDocumentReference/cbc:ID = $invoiceID`: the reference names the invoice itself.
    private static func namesInvoice(_ reference: XMLNode, _ invoiceIDs: [String]) -> Bool {
        ublReferenceID.select(from: reference).contains { invoiceIDs.contains($0.stringValue) }
    }

    /// `[cac:InvoiceDocumentReference/cbc:ID = $invoiceID][cac:InvoiceDocumentReference/cbc:DocumentStatusCode
    /// = 'GROUP' and not(cac:BillingReferenceLine/cbc:ID)]`: the reference makes its line a GROUP line
    /// without parent.
    private static func isTopGroup(_ reference: XMLNode, _ invoiceIDs: [String]) -> Bool {
        namesInvoice(reference, invoiceIDs) && texts(ublStatus, reference).contains("GROUP") && ublParentLine.count(from: reference) == 0
    }

    private static func ublProblem(_ rule: MultiVendorRule, _ element: XMLNode, _ root: XMLNode) -> String? {
        let invoiceIDs = texts(ublLineID, root)
        switch rule {
        case .lineSubType:
            let own = ublBillingReferences.select(from: element).filter { namesInvoice($0, invoiceIDs) }
            let status = own.lazy.compactMap { first(ublStatus, $0) }.first?.stringValue
            if let status, XPath.hasNormalizedValue(status) { return nil }
            return "has no line sub-type (EXT-FR-FE-163) in a billing reference to the invoice itself: expected GROUP, DETAIL or INFORMATION"
        case .groupLine, .twoGroupLines, .sellerGroupLine, .buyerGroupLine:
            var groups = ublLines(root).flatMap { ublBillingReferences.select(from: $0) }.filter { isTopGroup($0, invoiceIDs) }
            if rule == .sellerGroupLine || rule == .buyerGroupLine {
                let party = texts(rule == .sellerGroupLine ? ublSellerLegalID : ublBuyerLegalID, root)
                groups = groups.filter { reference in texts(ublSubSellerID, reference.parentElement!).contains(where: party.contains) }
            }
            return groupCountProblem(rule, groups.count)
        case .subSellerName, .subSellerLegalID, .subSellerCountry, .groupVAT, .groupVATInAccountingCurrency, .subInvoiceNumber,
             .subInvoiceFramework, .groupAmount, .groupVATBreakdown, .groupAmountWithVAT, .sellerSubInvoice,
             .precedingInvoiceNumber, .precedingInvoiceDate:
            // The context is a billing reference making its line a GROUP line without parent.
            guard isTopGroup(element, invoiceIDs), let line = element.parentElement else { return nil }
            return ublGroupProblem(rule, element, line, root, invoiceIDs)
        case .sameSubSeller, .sameSubInvoice:
            let parents = ublBillingReferences.select(from: element).filter { namesInvoice($0, invoiceIDs) }.flatMap { texts(ublParentLine, $0) }
            let path = rule == .sameSubSeller ? ublSubSellerID : ublAFL
            let own = XPath.normalizeSpace(text(path, element))
            let parentLines = ublLines(root).filter { texts(ublLineID, $0).contains(where: parents.contains) }
            let parentValue = XPath.normalizeSpace(parentLines.lazy.compactMap { first(path, $0) }.first?.stringValue ?? "")
            return sameAsParentProblem(rule, own, parentValue, hasParent: !parents.isEmpty)
        case .exemptionReason:
            let detail = ublBillingReferences.select(from: element).filter { namesInvoice($0, invoiceIDs) }.contains { texts(ublStatus, $0).contains("DETAIL") }
            guard detail else { return nil }
            let number = XPath.normalizeSpace(text(ublAFL, element))
            let reason = first(ublExemptionReason, element)?.stringValue ?? ""
            return exemptionReasonProblem(reason, number)
        case .uniqueSubInvoices:
            // `[. = preceding::cac:DocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID = 'AFL']]`:
            // any earlier sub-invoice number in the document, of any line.
            let groupNumbers = Set(ublLines(root).filter { ublBillingReferences.select(from: $0).contains { isTopGroup($0, invoiceIDs) } }
                .flatMap { ublAFL.select(from: $0) })
            var seen: Set<String> = []
            var repeated: String?
            forEachDescendant(of: root) { node in
                guard node.hasLocalName("DocumentReference"), node.isInNamespace(TreePrefix.cac.uri), TreeStep.hasTypeCode130(node) else { return }
                for id in ublAFLInReference.select(from: node) {
                    if groupNumbers.contains(id), seen.contains(id.stringValue), repeated == nil { repeated = id.stringValue }
                    seen.insert(id.stringValue)
                }
            }
            return repeated.map { "repeats the sub-invoice number '\($0)' on a GROUP line without parent: expected each sub-invoice number once" }
        case .notSelfBilled, .selfBilled:
            let code = XPath.normalizeSpace(element.stringValue)
            let selfBilled = selfBilledTypes.contains(code)
            if !code.isEmpty, rule == .selfBilled ? selfBilled : !selfBilled { return nil }
            return rule == .selfBilled ? "is '\(code)' on a bidirectional invoice: expected a self-billed type (389, 261, 501, 500, 502, 471, 473)"
                : "is '\(code)' on a multi-vendor invoice: expected a type that is not self-billed"
        }
    }

    private static let ublAFLInReference = TreePath("cbc:ID[@schemeID='AFL']")

    /// The rules whose context is a GROUP line without parent (its billing reference, in UBL).
    private static func ublGroupProblem(_ rule: MultiVendorRule, _ reference: XMLNode, _ line: XMLNode, _ root: XMLNode, _ invoiceIDs: [String]) -> String? {
        let lineID = text(ublLineID, line)
        func given(_ path: TreePath, _ what: String) -> String? {
            XPath.hasNormalizedValue(text(path, line)) ? nil : "GROUP line \(lineID) has no \(what): expected one"
        }
        let currencies = texts(ublCurrency, root)
        switch rule {
        case .subSellerName: return given(ublSubSellerName, "sub-seller name (EXT-FR-FE-164)")
        case .subSellerLegalID: return given(ublSubSellerID, "sub-seller legal identifier (EXT-FR-FE-167)")
        case .subSellerCountry: return given(ublSubSellerCountry, "sub-seller country (EXT-FR-FE-177)")
        case .groupVAT:
            let vat = ublLineVAT.select(from: line).first { currencies.contains($0.attribute("currencyID") ?? "\u{0}") }
            return XPath.hasNormalizedValue(vat?.stringValue) ? nil : "GROUP line \(lineID) has no VAT total in the invoice currency (EXT-FR-FE-181): expected one"
        case .groupVATInAccountingCurrency:
            // `../..//cbc:TaxCurrencyCode`: anywhere in the document.
            var accounting: [String] = []
            forEachDescendant(of: root) { node in
                if node.hasLocalName("TaxCurrencyCode"), node.isInNamespace(TreePrefix.cbc.uri) { accounting.append(node.stringValue) }
            }
            if accounting.isEmpty { return nil }
            let vat = ublLineVAT.select(from: line).first { accounting.contains($0.attribute("currencyID") ?? "\u{0}") }
            if accounting.contains(where: { !$0.isEmpty }), XPath.hasNormalizedValue(vat?.stringValue) { return nil }
            return "GROUP line \(lineID) has no VAT total in the VAT accounting currency (EXT-FR-FE-182): expected one"
        case .subInvoiceNumber: return given(ublAFL, "sub-invoice number (BT-128, scheme AFL, type 130)")
        case .subInvoiceFramework:
            let frameworks = texts(ublAVV, line)
            if XPath.hasNormalizedValue(frameworks.first), !frameworks.contains(where: { frameworkCodes.contains($0) }) { return nil }
            return "GROUP line \(lineID) has the sub-invoice framework (BT-128, scheme AVV) '\(frameworks.first ?? "")': expected one that is not B8, S8 or M8"
        case .groupAmount:
            let group = XPath.normalizeSpace(lineID)
            let children = ublLines(root).filter { child in
                ublBillingReferences.select(from: child).contains { reference in
                    namesInvoice(reference, invoiceIDs) && texts(ublStatus, reference).contains { $0 != "INFORMATION" }
                        && texts(ublParentLine, reference).contains(group)
                }
            }
            let amounts = children.flatMap { texts(ublNetAmount, $0) }
            return toleranceProblem(text(ublNetAmount, line), amounts, tolerance: amounts.count, lineID,
                                    "net amount (BT-131)", "its children's net amounts")
        case .groupVATBreakdown:
            let number = XPath.normalizeSpace(text(ublAFL, line))
            let breakdowns = ublBreakdowns.select(from: root).filter { breakdown in
                texts(ublBreakdownScheme, breakdown).contains("VAT")
                    && text(ublBreakdownReason, breakdown).unicodeScalars.starts(with: "#\(number)#".unicodeScalars)
            }
            let vat = ublLineVAT.select(from: line).first { currencies.contains($0.attribute("currencyID") ?? "\u{0}") }?.stringValue
            return toleranceProblem(vat, breakdowns.flatMap { texts(ublBreakdownVAT, $0) }, tolerance: 1, lineID,
                                    "VAT total (EXT-FR-FE-181)", "the VAT of the breakdowns whose exemption reason begins with #\(number)#")
        case .groupAmountWithVAT:
            guard let withVAT = first(ublAmountWithVAT, line) else { return nil }
            let ids = texts(ublLineID, line)
            let details = ublLines(root).flatMap { ublBillingReferences.select(from: $0) }.filter { reference in
                namesInvoice(reference, invoiceIDs) && texts(ublStatus, reference).contains("DETAIL") && texts(ublParentLine, reference).contains(where: ids.contains)
            }.count
            let vat = ublLineVAT.select(from: line).first { currencies.contains($0.attribute("currencyID") ?? "\u{0}") }?.stringValue
            return amountWithVATProblem(lineID, withVAT.stringValue, net: text(ublNetAmount, line), vat: vat, details: details)
        case .sellerSubInvoice:
            let sellers = texts(ublSellerLegalID, root)
            guard sellers.contains(XPath.normalizeSpace(text(ublSubSellerID, line))) else { return nil }
            let number = XPath.normalizeSpace(text(ublAFL, line))
            let sellerGroups = ublLines(root).filter { other in
                sellers.contains(XPath.normalizeSpace(text(ublSubSellerID, other)))
                    && ublBillingReferences.select(from: other).contains { reference in
                        texts(ublStatus, reference).contains("GROUP") && ublParentLine.count(from: reference) == 0 && namesInvoice(reference, invoiceIDs)
                    }
                    && texts(ublAFL, other).contains(where: invoiceIDs.contains)
            }.count
            return sellerSubInvoiceProblem(lineID, number, sellerGroups: sellerGroups, invoiceIDs)
        case .precedingInvoiceNumber, .precedingInvoiceDate:
            // `../cac:BillingReference[cac:InvoiceDocumentReference/cbc:ID != $invoiceID]`: a reference to another invoice.
            let others = ublBillingReferences.select(from: line).filter { other in texts(ublReferenceID, other).contains { id in invoiceIDs.contains { $0 != id } } }
            return precedingInvoiceProblem(rule, lineID, others, number: ublReferenceID, date: ublReferenceDate)
        default:
            return nil
        }
    }

    // MARK: - CII

    private static let ciiLineItems = TreePath("rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem")
    private static let ciiStatus = TreePath("ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode")
    private static let ciiParent = TreePath("ram:AssociatedDocumentLineDocument/ram:ParentLineID")
    private static let ciiLineIDs = TreePath("ram:AssociatedDocumentLineDocument/ram:LineID")
    private static let ciiItemSeller = "ram:SpecifiedLineTradeAgreement/ram:ItemSellerTradeParty/"
    private static let ciiSubSellerName = TreePath(ciiItemSeller + "ram:Name")
    private static let ciiSubSellerID = TreePath(ciiItemSeller + "ram:SpecifiedLegalOrganization/ram:ID")
    private static let ciiSubSellerCountry = TreePath(ciiItemSeller + "ram:PostalTradeAddress/ram:CountryID")
    private static let ciiLineSummation = "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/"
    private static let ciiLineVAT = TreePath(ciiLineSummation + "ram:TaxTotalAmount")
    private static let ciiLineNet = TreePath(ciiLineSummation + "ram:LineTotalAmount")
    private static let ciiLineGrand = TreePath(ciiLineSummation + "ram:GrandTotalAmount")
    private static let ciiLineReferences = TreePath("ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument")
    private static let ciiLinePreceding = TreePath("ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument")
    private static let ciiLineReason = TreePath("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:ExemptionReason")
    private static let ciiHeaderSettlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
    private static let ciiInvoiceCurrency = TreePath(ciiHeaderSettlement + "ram:InvoiceCurrencyCode")
    private static let ciiAccountingCurrency = TreePath(ciiHeaderSettlement + "ram:TaxCurrencyCode")
    private static let ciiHeaderTaxes = TreePath(ciiHeaderSettlement + "ram:ApplicableTradeTax")
    private static let ciiSellerID = TreePath("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID")
    private static let ciiBuyerID = TreePath("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID")
    private static let ciiInvoiceID = TreePath("rsm:ExchangedDocument/ram:ID")
    private static let ciiReferenceID = TreePath("ram:IssuerAssignedID")
    private static let ciiReferenceType = TreePath("ram:ReferenceTypeCode")
    private static let ciiChildTypeCode = TreePath("ram:TypeCode")
    private static let ciiPrecedingDate = TreePath("ram:FormattedIssueDateTime/qdt:DateTimeString")
    private static let ciiTaxReason = TreePath("ram:ExemptionReason")
    private static let ciiTaxAmount = TreePath("ram:CalculatedAmount")

    /// `[ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode = 'GROUP' and
    /// not(ram:AssociatedDocumentLineDocument/ram:ParentLineID)]`.
    private static func isTopGroupLine(_ line: XMLNode) -> Bool {
        texts(ciiStatus, line).contains("GROUP") && ciiParent.count(from: line) == 0
    }

    /// The line's object references of a scheme and type 130 (`ram:AdditionalReferencedDocument[(ram:ReferenceTypeCode
    /// = 'AFL') and (ram:TypeCode = '130')]`).
    private static func ciiObjectReferences(_ line: XMLNode, _ scheme: String) -> [XMLNode] {
        ciiLineReferences.select(from: line).filter { texts(ciiReferenceType, $0).contains(scheme) && texts(ciiChildTypeCode, $0).contains("130") }
    }

    /// `normalize-space(... [AFL and 130]/ram:IssuerAssignedID)`, the line's sub-invoice number.
    private static func ciiSubInvoice(_ line: XMLNode) -> String {
        XPath.normalizeSpace(ciiSubInvoiceNode(line)?.stringValue ?? "")
    }

    private static func ciiSubInvoiceNode(_ line: XMLNode) -> XMLNode? {
        ciiObjectReferences(line, "AFL").lazy.compactMap { first(ciiReferenceID, $0) }.first
    }

    private static func ciiProblem(_ rule: MultiVendorRule, _ element: XMLNode, _ root: XMLNode) -> String? {
        switch rule {
        case .lineSubType:
            // The context is the sub-type itself.
            return XPath.hasNormalizedValue(element.stringValue) ? nil : "is '\(element.stringValue)': expected GROUP, DETAIL or INFORMATION"
        case .groupLine, .twoGroupLines, .sellerGroupLine, .buyerGroupLine:
            var groups = ciiLineItems.select(from: root).filter(isTopGroupLine)
            if rule == .sellerGroupLine || rule == .buyerGroupLine {
                let party = texts(rule == .sellerGroupLine ? ciiSellerID : ciiBuyerID, root)
                groups = groups.filter { texts(ciiSubSellerID, $0).contains(where: party.contains) }
            }
            return groupCountProblem(rule, groups.count)
        case .subInvoiceNumber, .subInvoiceFramework:
            // The context is the line's object reference of the scheme.
            guard let line = element.parentElement?.parentElement, isTopGroupLine(line) else { return nil }
            let typed = texts(ciiChildTypeCode, element).contains("130")
            let number = text(ciiReferenceID, element)
            if rule == .subInvoiceNumber {
                return typed && XPath.hasNormalizedValue(number) ? nil : "is '\(number)'\(typed ? "" : ", not of type 130"): expected a sub-invoice number of type 130"
            }
            let frameworks = texts(ciiReferenceID, element)
            if typed, XPath.hasNormalizedValue(number), !frameworks.contains(where: { frameworkCodes.contains($0) }) { return nil }
            return "is '\(number)'\(typed ? "" : ", not of type 130"): expected a sub-invoice framework of type 130 that is not B8, S8 or M8"
        case .sameSubSeller, .sameSubInvoice:
            let parents = texts(ciiParent, element)
            let sameSeller = rule == .sameSubSeller
            func node(_ line: XMLNode) -> XMLNode? { sameSeller ? first(ciiSubSellerID, line) : ciiSubInvoiceNode(line) }
            let own = XPath.normalizeSpace(node(element)?.stringValue ?? "")
            let parentLines = ciiLineItems.select(from: root).filter { texts(ciiLineIDs, $0).contains(where: parents.contains) }
            let parentValue = XPath.normalizeSpace(parentLines.lazy.compactMap { node($0) }.first?.stringValue ?? "")
            return sameAsParentProblem(rule, own, parentValue, hasParent: !parents.isEmpty)
        case .exemptionReason:
            guard texts(ciiStatus, element).contains("DETAIL") else { return nil }
            let number = ciiSubInvoice(element)
            let reason = first(ciiLineReason, element)?.stringValue ?? ""
            return exemptionReasonProblem(reason, number)
        case .uniqueSubInvoices:
            // `ram:IssuerAssignedID[. = preceding::ram:IssuerAssignedID]`: any earlier reference number.
            let groupNumbers = Set(ciiLineItems.select(from: root).filter(isTopGroupLine).flatMap { ciiObjectReferences($0, "AFL") }.flatMap { ciiReferenceID.select(from: $0) })
            var seen: Set<String> = []
            var repeated: String?
            forEachDescendant(of: root) { node in
                guard node.hasLocalName("IssuerAssignedID"), node.isInNamespace(TreePrefix.ram.uri) else { return }
                if groupNumbers.contains(node), seen.contains(node.stringValue), repeated == nil { repeated = node.stringValue }
                seen.insert(node.stringValue)
            }
            return repeated.map { "repeats the reference number '\($0)' as sub-invoice number of a GROUP line without parent: expected each sub-invoice number once" }
        case .notSelfBilled:
            let code = element.stringValue
            if XPath.hasNormalizedValue(code), !selfBilledTypes.contains(code) { return nil }
            return "is '\(code)' on a multi-vendor invoice: expected a type that is not self-billed"
        case .selfBilled:
            let code = XPath.normalizeSpace(element.stringValue)
            if !code.isEmpty, selfBilledTypes.contains(code) { return nil }
            return "is '\(code)' on a bidirectional invoice: expected a self-billed type (389, 261, 501, 500, 502, 471, 473)"
        default:
            guard isTopGroupLine(element) else { return nil }
            return ciiGroupProblem(rule, element, root)
        }
    }

    /// The rules whose context is a CII GROUP line without parent.
    private static func ciiGroupProblem(_ rule: MultiVendorRule, _ line: XMLNode, _ root: XMLNode) -> String? {
        let lineID = text(ciiLineIDs, line)
        func given(_ path: TreePath, _ what: String) -> String? {
            XPath.hasNormalizedValue(text(path, line)) ? nil : "GROUP line \(lineID) has no \(what): expected one"
        }
        let currencies = texts(ciiInvoiceCurrency, root)
        func vat(in currencies: [String]) -> String? {
            ciiLineVAT.select(from: line).first { currencies.contains($0.attribute("currencyID") ?? "\u{0}") }?.stringValue
        }
        switch rule {
        case .subSellerName: return given(ciiSubSellerName, "sub-seller name (EXT-FR-FE-164)")
        case .subSellerLegalID: return given(ciiSubSellerID, "sub-seller legal identifier (EXT-FR-FE-167)")
        case .subSellerCountry: return given(ciiSubSellerCountry, "sub-seller country (EXT-FR-FE-177)")
        case .groupVAT:
            return XPath.hasNormalizedValue(vat(in: currencies)) ? nil : "GROUP line \(lineID) has no VAT total in the invoice currency (EXT-FR-FE-181): expected one"
        case .groupVATInAccountingCurrency:
            let accounting = texts(ciiAccountingCurrency, root)
            if accounting.isEmpty { return nil }
            if accounting.contains(where: { !$0.isEmpty }), XPath.hasNormalizedValue(vat(in: accounting)) { return nil }
            return "GROUP line \(lineID) has no VAT total in the VAT accounting currency (EXT-FR-FE-182): expected one"
        case .groupAmount:
            let group = XPath.normalizeSpace(lineID)
            let children = ciiLineItems.select(from: root).filter { child in
                texts(ciiParent, child).contains(group) && texts(ciiStatus, child).contains { $0 != "INFORMATION" }
            }
            let amounts = children.flatMap { texts(ciiLineNet, $0) }
            return toleranceProblem(text(ciiLineNet, line), amounts, tolerance: amounts.count, lineID, "net amount (BT-131)", "its children's net amounts")
        case .groupVATBreakdown:
            let number = ciiSubInvoice(line)
            let taxes = ciiHeaderTaxes.select(from: root).filter { tax in
                texts(ciiChildTypeCode, tax).contains("VAT") && text(ciiTaxReason, tax).unicodeScalars.starts(with: "#\(number)#".unicodeScalars)
            }
            return toleranceProblem(vat(in: currencies), taxes.flatMap { texts(ciiTaxAmount, $0) }, tolerance: 1, lineID,
                                    "VAT total (EXT-FR-FE-181)", "the VAT of the breakdowns whose exemption reason begins with #\(number)#")
        case .groupAmountWithVAT:
            guard let grand = first(ciiLineGrand, line) else { return nil }
            let ids = texts(ciiLineIDs, line)
            let details = ciiLineItems.select(from: root).filter { texts(ciiParent, $0).contains(where: ids.contains) && texts(ciiStatus, $0).contains("DETAIL") }.count
            return amountWithVATProblem(lineID, grand.stringValue, net: text(ciiLineNet, line), vat: vat(in: currencies), details: details)
        case .sellerSubInvoice:
            let sellers = texts(ciiSellerID, root), invoiceIDs = texts(ciiInvoiceID, root)
            guard sellers.contains(XPath.normalizeSpace(text(ciiSubSellerID, line))) else { return nil }
            let number = ciiSubInvoice(line)
            let sellerGroups = ciiLineItems.select(from: root).filter { other in
                sellers.contains(XPath.normalizeSpace(text(ciiSubSellerID, other))) && isTopGroupLine(other)
                    && ciiObjectReferences(other, "AFL").flatMap { texts(ciiReferenceID, $0) }.contains(where: invoiceIDs.contains)
            }.count
            return sellerSubInvoiceProblem(lineID, number, sellerGroups: sellerGroups, invoiceIDs)
        case .precedingInvoiceNumber, .precedingInvoiceDate:
            return precedingInvoiceProblem(rule, lineID, ciiLinePreceding.select(from: line), number: ciiReferenceID, date: ciiPrecedingDate)
        default:
            return nil
        }
    }

    // MARK: - Shared

    /// MV-02 and BD-02: the count of GROUP lines without parent (of the seller or buyer, for those).
    private static func groupCountProblem(_ rule: MultiVendorRule, _ count: Int) -> String? {
        if rule == .groupLine ? count >= 1 : count == (rule == .twoGroupLines ? 2 : 1) { return nil }
        let expected = rule == .groupLine ? "at least one" : (rule == .twoGroupLines ? "exactly two" : "exactly one")
        let whose = rule == .sellerGroupLine ? " of the seller (BT-30)" : (rule == .buyerGroupLine ? " of the buyer (BT-47)" : "")
        return "has \(count) GROUP lines without parent\(whose): expected \(expected)"
    }

    /// MV-06 and MV-07: `$own != '' and (not($parentlineID) or $own = $parent)`.
    private static func sameAsParentProblem(_ rule: MultiVendorRule, _ own: String, _ parentValue: String, hasParent: Bool) -> String? {
        if !own.isEmpty, !hasParent || own == parentValue { return nil }
        let what = rule == .sameSubSeller ? "sub-seller legal identifier (EXT-FR-FE-167)" : "sub-invoice number (BT-128, scheme AFL)"
        return own.isEmpty ? "has no \(what): expected one" : "has the \(what) '\(own)', its parent line '\(parentValue)': expected the same"
    }

    /// MV-08: the reason is given and begins with `#<sub-invoice number>#`.
    private static func exemptionReasonProblem(_ reason: String, _ number: String) -> String? {
        if XPath.hasNormalizedValue(reason), !number.isEmpty, reason.unicodeScalars.starts(with: "#\(number)#".unicodeScalars) { return nil }
        return "has the VAT exemption reason '\(reason)': expected it to begin with #\(number.isEmpty ? "<sub-invoice number>" : number)#"
    }

    /// MV-10: `abs(number(withVAT) - number(net) - number(vat)) le 0.01 * $details`, once the amount
    /// with VAT is not blank.
    private static func amountWithVATProblem(_ lineID: String, _ withVAT: String, net: String, vat: String?, details: Int) -> String? {
        guard XPath.hasNormalizedValue(withVAT) else { return "GROUP line \(lineID) has an empty amount with VAT (EXT-FR-FE-184): expected its net amount plus its VAT" }
        let difference = XPathDouble.number(withVAT) - XPathDouble.number(net) - XPathDouble.number(vat)
        if abs(difference) <= 0.01 * Double(details) { return nil }
        return "GROUP line \(lineID) has the amount with VAT '\(withVAT)': expected its net amount plus its VAT, within 0.01 per DETAIL line"
    }

    /// MV-11: one seller GROUP line numbered as the invoice; with none, this one must be; with
    /// several, this one must not be.
    private static func sellerSubInvoiceProblem(_ lineID: String, _ number: String, sellerGroups: Int, _ invoiceIDs: [String]) -> String? {
        if sellerGroups == 1 || (sellerGroups == 0 && invoiceIDs.contains(number)) || (sellerGroups > 1 && invoiceIDs.contains { $0 != number }) { return nil }
        return sellerGroups == 0 ? "GROUP line \(lineID) of the seller has the sub-invoice number '\(number)': expected the invoice number (BT-1)"
            : "GROUP line \(lineID) of the seller uses the invoice number as sub-invoice number, as \(sellerGroups - 1) other: expected another number"
    }

    /// MV-14 and BD-14: one of the line's references to a preceding invoice gives its number (or date).
    private static func precedingInvoiceProblem(_ rule: MultiVendorRule, _ lineID: String, _ references: [XMLNode], number: TreePath, date: TreePath) -> String? {
        if case .precedingInvoiceNumber = rule {
            return references.contains { number.count(from: $0) > 0 } ? nil
                : "GROUP line \(lineID) of a corrective document has no preceding invoice number (EXT-FR-FE-136): expected one"
        }
        return references.contains { date.count(from: $0) > 0 } ? nil
            : "GROUP line \(lineID) of a corrective document has no preceding invoice date (EXT-FR-FE-138): expected one"
    }

    /// `abs(number(value) - sum(amounts)) le 0.01 * tolerance`, in XPath's doubles.
    private static func toleranceProblem(_ value: String?, _ amounts: [String], tolerance: Int, _ lineID: String, _ what: String, _ sum: String) -> String? {
        let total = amounts.reduce(0.0) { $0 + XPathDouble.number($1) }
        if abs(XPathDouble.number(value) - total) <= 0.01 * Double(tolerance) { return nil }
        return "GROUP line \(lineID) has the \(what) '\(value ?? "")': expected \(sum), within \(tolerance == 1 ? "0.01" : "0.01 each")"
    }

    /// Every element below `node`, in document order.
    static func forEachDescendant(of node: XMLNode, _ body: (XMLNode) -> Void) {
        for child in node.childElements {
            body(child)
            forEachDescendant(of: child, body)
        }
    }

}

/// XPath's `number()` and arithmetic, in `xs:double` as the official rules compute their tolerances.
/// Not for Facteur's own amounts (exact decimals): only to reproduce a published rule's verdict.
enum XPathDouble {
    /// `number(x)`: the `xs:double` lexical form (white space trimmed), NaN for anything else or no value.
    static func number(_ value: String?) -> Double {
        guard let value else { return .nan }
        let trimmed = XPath.normalizeSpace(value)
        switch trimmed {
        case "INF": return .infinity
        case "-INF": return -.infinity
        case "NaN": return .nan
        default: break
        }
        var digits = 0
        for byte in trimmed.utf8 {
            switch byte {
            case 0x30...0x39: digits += 1
            case 0x2B, 0x2D, 0x2E, 0x45, 0x65: continue
            default: return .nan
            }
        }
        guard digits > 0, let double = Double(trimmed) else { return .nan }
        return double
    }
}
