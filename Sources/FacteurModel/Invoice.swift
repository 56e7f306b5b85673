/// The syntax an invoice was written in.
public enum Syntax: String, Sendable, Hashable, CaseIterable {
    /// UBL 2.1 `Invoice`.
    case ublInvoice = "UBL-Invoice"
    /// UBL 2.1 `CreditNote`.
    case ublCreditNote = "UBL-CreditNote"
    /// UN/CEFACT Cross Industry Invoice D16B.
    case cii = "CII"

    public var isUBL: Bool { self != .cii }
}

/// One invoice in the EN 16931-1 semantic model, whatever syntax it came in.
///
/// Every business term (BT-) and group (BG-) of EN 16931-1 has a place here. A term that is absent
/// from the document is `nil` (or an empty array for repeatable terms and groups); a group is present
/// when its element is. Cardinalities are not enforced here: the model holds what the document says
/// so that the rules can report what is missing or wrong.
public struct Invoice: Sendable, Hashable {
    public var syntax: Syntax
    /// The root element: location of the document itself.
    public var location: SourceLocation
    /// The element paths the locations of this invoice's terms name (nil in an invoice built by
    /// hand: its locations then have no path).
    public var elementPaths: ElementPaths?

    /// The path of a location of this invoice: `/Invoice/cac:InvoiceLine[2]/cbc:ID`.
    public func path(of location: SourceLocation) -> String? {
        elementPaths?.path(location.step)
    }

    /// BT-1 Invoice number.
    public var number: Text?
    /// BT-2 Invoice issue date.
    public var issueDate: DateTerm?
    /// BT-3 Invoice type code (UNTDID 1001).
    public var typeCode: Text?
    /// BT-5 Invoice currency code (ISO 4217).
    public var currencyCode: Text?
    /// BT-6 VAT accounting currency code.
    public var vatAccountingCurrencyCode: Text?
    /// BT-7 Value added tax point date.
    public var vatPointDate: DateTerm?
    /// BT-8 Value added tax point date code (UNTDID 2005 in CII, 2475 in UBL).
    public var vatPointDateCode: Text?
    /// BT-9 Payment due date.
    public var paymentDueDate: DateTerm?
    /// BT-10 Buyer reference (in France: the service code of a public recipient).
    public var buyerReference: Text?
    /// BT-11 Project reference.
    public var projectReference: Text?
    /// BT-12 Contract reference.
    public var contractReference: Text?
    /// BT-13 Purchase order reference (in France: the commitment number of a public recipient).
    public var purchaseOrderReference: Text?
    /// BT-14 Sales order reference.
    public var salesOrderReference: Text?
    /// BT-15 Receiving advice reference.
    public var receivingAdviceReference: Text?
    /// BT-16 Despatch advice reference.
    public var despatchAdviceReference: Text?
    /// BT-17 Tender or lot reference.
    public var tenderOrLotReference: Text?
    /// BT-18 Invoiced object identifier, with BT-18-1 its scheme.
    public var invoicedObjectIdentifier: Identifier?
    /// BT-19 Buyer accounting reference.
    public var buyerAccountingReference: Text?
    /// BT-20 Payment terms.
    public var paymentTerms: Text?

    /// BG-1 Invoice note.
    public var notes: [InvoiceNote] = []
    /// BG-2 Process control.
    public var processControl: ProcessControl?
    /// BG-3 Preceding invoice reference.
    public var precedingInvoices: [PrecedingInvoiceReference] = []
    /// BG-4 Seller.
    public var seller: Seller?
    /// BG-7 Buyer.
    public var buyer: Buyer?
    /// BG-10 Payee.
    public var payee: Payee?
    /// BG-11 Seller tax representative party.
    public var taxRepresentative: TaxRepresentative?
    /// BG-13 Delivery information.
    public var delivery: DeliveryInformation?
    /// BG-14 Invoicing period.
    public var invoicingPeriod: Period?
    /// BG-16 Payment instructions.
    public var paymentInstructions: PaymentInstructions?
    /// BG-20 Document level allowances.
    public var allowances: [DocumentAllowanceCharge] = []
    /// BG-21 Document level charges.
    public var charges: [DocumentAllowanceCharge] = []
    /// BG-22 Document totals.
    public var totals: DocumentTotals?
    /// BG-23 VAT breakdown.
    public var vatBreakdown: [VATBreakdown] = []
    /// Every VAT total the document gives, in document order (UBL `cac:TaxTotal`, CII
    /// `ram:TaxTotalAmount`), whether or not the totals group is there: BT-110 is the amount in the
    /// invoice currency and BT-111 the one in the VAT accounting currency (`totals` holds the first
    /// of each), but a document may give more, and the rules count them.
    public var vatTotals: [VATTotal] = []

    /// The amounts of `vatTotals`.
    public var vatTotalAmounts: [Amount] { vatTotals.compactMap(\.amount) }
    /// BG-24 Additional supporting documents.
    public var supportingDocuments: [SupportingDocument] = []
    /// BG-25 Invoice line.
    public var lines: [InvoiceLine] = []

    public init(syntax: Syntax, location: SourceLocation) {
        self.syntax = syntax
        self.location = location
    }
}

/// BG-1 Invoice note.
public struct InvoiceNote: Sendable, Hashable {
    /// BT-21 Invoice note subject code (UNTDID 4451).
    public var subjectCode: Text?
    /// BT-22 Invoice note.
    public var note: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-2 Process control.
public struct ProcessControl: Sendable, Hashable {
    /// BT-23 Business process type.
    public var businessProcessType: Text?
    /// BT-24 Specification identifier.
    public var specificationIdentifier: Text?

    public init() {}
}

/// BG-3 Preceding invoice reference.
public struct PrecedingInvoiceReference: Sendable, Hashable {
    /// BT-25 Preceding invoice reference.
    public var reference: Text?
    /// BT-26 Preceding invoice issue date.
    public var issueDate: DateTerm?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-13 Delivery information.
public struct DeliveryInformation: Sendable, Hashable {
    /// BT-70 Deliver to party name.
    public var partyName: Text?
    /// BT-71 Deliver to location identifier, with BT-71-1 its scheme.
    public var locationIdentifier: Identifier?
    /// BT-72 Actual delivery date.
    public var actualDeliveryDate: DateTerm?
    /// BG-15 Deliver to address.
    public var address: PostalAddress?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-14 Invoicing period, BG-26 Invoice line period.
public struct Period: Sendable, Hashable {
    /// BT-73 / BT-134 start date.
    public var startDate: DateTerm?
    /// BT-74 / BT-135 end date.
    public var endDate: DateTerm?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-20 Document level allowance or BG-21 Document level charge.
///
/// The two groups have the same shape: BT-92…BT-98 for allowances, BT-99…BT-105 for charges.
public struct DocumentAllowanceCharge: AllowanceChargeTerms, Sendable, Hashable {
    /// BT-92 / BT-99 amount.
    public var amount: Amount?
    /// BT-93 / BT-100 base amount.
    public var baseAmount: Amount?
    /// BT-94 / BT-101 percentage.
    public var percentage: DecimalTerm?
    /// BT-95 / BT-102 VAT category code.
    public var vatCategoryCode: Text?
    /// BT-96 / BT-103 VAT rate.
    public var vatRate: DecimalTerm?
    /// BT-97 / BT-104 reason.
    public var reason: Text?
    /// BT-98 / BT-105 reason code.
    public var reasonCode: Text?
    public var chargeIndicator: String?
    /// Every tax category as written, whatever its tax scheme (see `InvoiceLine.taxCategories`).
    public var taxCategories: [TaxCategoryAsWritten] = []
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-22 Document totals.
public struct DocumentTotals: Sendable, Hashable {
    /// BT-106 Sum of invoice line net amount.
    public var lineNetTotal: Amount?
    /// BT-107 Sum of allowances on document level.
    public var allowanceTotal: Amount?
    /// BT-108 Sum of charges on document level.
    public var chargeTotal: Amount?
    /// BT-109 Invoice total amount without VAT.
    public var totalWithoutVAT: Amount?
    /// BT-110 Invoice total VAT amount (in the invoice currency).
    public var vatTotal: Amount?
    /// BT-111 Invoice total VAT amount in accounting currency.
    public var vatTotalInAccountingCurrency: Amount?
    /// BT-112 Invoice total amount with VAT.
    public var totalWithVAT: Amount?
    /// BT-113 Paid amount.
    public var paidAmount: Amount?
    /// BT-114 Rounding amount.
    public var roundingAmount: Amount?
    /// BT-115 Amount due for payment.
    public var amountDue: Amount?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// One VAT total as the syntax writes it (BT-110 or BT-111), with the VAT breakdowns it holds: in
/// UBL a `cac:TaxTotal` holds its `cac:TaxSubtotal`s; in CII the breakdowns sit beside the totals,
/// so every total covers all of them.
public struct VATTotal: Sendable, Hashable {
    public var amount: Amount?
    /// Indices into `Invoice.vatBreakdown`.
    public var breakdown: Range<Int>
    public var location: SourceLocation

    public init(amount: Amount?, breakdown: Range<Int>, at location: SourceLocation) {
        self.amount = amount
        self.breakdown = breakdown
        self.location = location
    }
}

/// BG-23 VAT breakdown.
public struct VATBreakdown: Sendable, Hashable {
    /// BT-116 VAT category taxable amount.
    public var taxableAmount: Amount?
    /// BT-117 VAT category tax amount.
    public var taxAmount: Amount?
    /// BT-118 VAT category code (UNTDID 5305).
    public var categoryCode: Text?
    /// BT-119 VAT category rate.
    public var rate: DecimalTerm?
    /// BT-120 VAT exemption reason text.
    public var exemptionReason: Text?
    /// BT-121 VAT exemption reason code (VATEX).
    public var exemptionReasonCode: Text?
    /// The tax scheme as written (CII `ram:TypeCode`, UBL `cac:TaxScheme/cbc:ID`): some official rules
    /// only apply to breakdowns of the VAT scheme.
    public var taxScheme: String?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-24 Additional supporting documents.
public struct SupportingDocument: Sendable, Hashable {
    /// BT-122 Supporting document reference.
    public var reference: Text?
    /// BT-123 Supporting document description.
    public var description: Text?
    /// BT-124 External document location.
    public var externalLocation: Text?
    /// BT-125 Attached document, with BT-125-1 MIME code and BT-125-2 file name.
    public var attachment: BinaryObject?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}
