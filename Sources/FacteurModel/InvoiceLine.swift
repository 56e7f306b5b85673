/// BG-25 Invoice line.
public struct InvoiceLine: Sendable, Hashable {
    /// BT-126 Invoice line identifier.
    public var identifier: Text?
    /// BT-127 Invoice line note.
    public var note: Text?
    /// BT-128 Invoice line object identifier, with BT-128-1 its scheme.
    public var objectIdentifier: Identifier?
    /// BT-129 Invoiced quantity, with BT-130 its unit of measure code.
    public var quantity: Quantity?
    /// BT-131 Invoice line net amount.
    public var netAmount: Amount?
    /// BT-132 Referenced purchase order line reference.
    public var orderLineReference: Text?
    /// BT-133 Invoice line buyer accounting reference.
    public var buyerAccountingReference: Text?
    /// BG-26 Invoice line period.
    public var period: Period?
    /// BG-27 Invoice line allowances.
    public var allowances: [LineAllowanceCharge] = []
    /// BG-28 Invoice line charges.
    public var charges: [LineAllowanceCharge] = []
    /// BG-29 Price details.
    public var price: PriceDetails?
    /// BG-30 Line VAT information.
    public var vat: LineVATInformation?
    /// BG-31 Item information.
    public var item: ItemInformation?
    /// Every tax category of the item as written, whatever its tax scheme (`vat` holds the VAT one,
    /// as the binding reads it; some official rules match categories regardless of the scheme).
    public var taxCategories: [TaxCategoryAsWritten] = []
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// A tax category as the syntax writes it: code, rate and tax scheme (UBL `cac:TaxScheme/cbc:ID`,
/// CII `ram:TypeCode`), none of them checked.
public struct TaxCategoryAsWritten: Sendable, Hashable {
    public var code: String?
    public var rate: DecimalTerm?
    public var scheme: String?

    public init(code: String?, rate: DecimalTerm?, scheme: String?) {
        self.code = code
        self.rate = rate
        self.scheme = scheme
    }
}

/// The terms every allowance and charge has, at document (BG-20/BG-21) and line (BG-27/BG-28) level.
public protocol AllowanceChargeTerms {
    var amount: Amount? { get set }
    var baseAmount: Amount? { get set }
    var percentage: DecimalTerm? { get set }
    var reason: Text? { get set }
    var reasonCode: Text? { get set }
    /// The charge indicator exactly as written (`true`, `false`, `1`, `0`, possibly padded or
    /// invalid): the group is a charge when it reads as `xs:boolean` true, an allowance otherwise.
    /// The official rules select groups by this value in syntax-specific ways, so it is kept.
    var chargeIndicator: String? { get set }
    init(at location: SourceLocation)
}

/// BG-27 Invoice line allowance or BG-28 Invoice line charge: BT-136…BT-140, BT-141…BT-145.
public struct LineAllowanceCharge: AllowanceChargeTerms, Sendable, Hashable {
    /// BT-136 / BT-141 amount.
    public var amount: Amount?
    /// BT-137 / BT-142 base amount.
    public var baseAmount: Amount?
    /// BT-138 / BT-143 percentage.
    public var percentage: DecimalTerm?
    /// BT-139 / BT-144 reason.
    public var reason: Text?
    /// BT-140 / BT-145 reason code.
    public var reasonCode: Text?
    public var chargeIndicator: String?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-29 Price details.
public struct PriceDetails: Sendable, Hashable {
    /// BT-146 Item net price.
    public var netPrice: Amount?
    /// BT-147 Item price discount.
    public var discount: Amount?
    /// BT-148 Item gross price.
    public var grossPrice: Amount?
    /// BT-149 Item price base quantity, with BT-150 its unit of measure code.
    public var baseQuantity: Quantity?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-30 Line VAT information.
public struct LineVATInformation: Sendable, Hashable {
    /// BT-151 Invoiced item VAT category code.
    public var categoryCode: Text?
    /// BT-152 Invoiced item VAT rate.
    public var rate: DecimalTerm?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-31 Item information.
public struct ItemInformation: Sendable, Hashable {
    /// BT-153 Item name.
    public var name: Text?
    /// BT-154 Item description.
    public var description: Text?
    /// BT-155 Item seller's identifier.
    public var sellerIdentifier: Text?
    /// BT-156 Item buyer's identifier.
    public var buyerIdentifier: Text?
    /// BT-157 Item standard identifier, with BT-157-1 its scheme.
    public var standardIdentifier: Identifier?
    /// BT-158 Item classification identifier, with BT-158-1 its scheme and BT-158-2 the scheme version.
    public var classifications: [Identifier] = []
    /// BT-159 Item country of origin.
    public var countryOfOrigin: Text?
    /// BG-32 Item attributes.
    public var attributes: [ItemAttribute] = []
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-32 Item attributes.
public struct ItemAttribute: Sendable, Hashable {
    /// BT-160 Item attribute name.
    public var name: Text?
    /// BT-161 Item attribute value.
    public var value: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

extension Array {
    /// Runs `body` on each element where it lies, given as a pointer: reading `element.pointee.field`
    /// loads that field alone, where `for element in array` (or `array[i].field`) copies the whole
    /// element first. For an invoice line that is some 1.5 KB and one reference count per text, for
    /// every rule that looks at the lines.
    @inlinable
    public func forEachInPlace(_ body: (UnsafePointer<Element>) throws -> Void) rethrows {
        try withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<buffer.count { try body(base + index) }
        }
    }

    /// `contains(where:)` over the elements where they lie (see `forEachInPlace`).
    @inlinable
    public func containsInPlace(where predicate: (UnsafePointer<Element>) throws -> Bool) rethrows -> Bool {
        try withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            for index in 0..<buffer.count where try predicate(base + index) { return true }
            return false
        }
    }

    /// `map` over the elements where they lie (see `forEachInPlace`).
    @inlinable
    public func mapInPlace<T>(_ transform: (UnsafePointer<Element>) throws -> T) rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        try forEachInPlace { result.append(try transform($0)) }
        return result
    }
}
