/// A postal address: BG-5 (seller), BG-8 (buyer), BG-12 (tax representative), BG-15 (deliver to).
public struct PostalAddress: Sendable, Hashable {
    /// Address line 1 (BT-35, BT-50, BT-64, BT-75).
    public var line1: Text?
    /// Address line 2 (BT-36, BT-51, BT-65, BT-76).
    public var line2: Text?
    /// Address line 3 (BT-162, BT-163, BT-164, BT-165).
    public var line3: Text?
    /// City (BT-37, BT-52, BT-66, BT-77).
    public var city: Text?
    /// Post code (BT-38, BT-53, BT-67, BT-78).
    public var postCode: Text?
    /// Country subdivision (BT-39, BT-54, BT-68, BT-79).
    public var countrySubdivision: Text?
    /// Country code, ISO 3166-1 alpha-2 (BT-40, BT-55, BT-69, BT-80).
    public var countryCode: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// A contact: BG-6 (seller), BG-9 (buyer).
public struct Contact: Sendable, Hashable {
    /// Contact point (BT-41, BT-56).
    public var point: Text?
    /// Telephone number (BT-42, BT-57).
    public var telephone: Text?
    /// Email address (BT-43, BT-58).
    public var email: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-4 Seller.
public struct Seller: Sendable, Hashable {
    /// BT-27 Seller name.
    public var name: Text?
    /// BT-28 Seller trading name.
    public var tradingName: Text?
    /// BT-29 Seller identifier, with BT-29-1 its scheme (0..n).
    public var identifiers: [Identifier] = []
    /// BT-30 Seller legal registration identifier, with BT-30-1 its scheme (in France: SIREN, 0002).
    public var legalRegistrationIdentifier: Identifier?
    /// BT-31 Seller VAT identifier.
    public var vatIdentifier: Text?
    /// BT-32 Seller tax registration identifier.
    public var taxRegistrationIdentifier: Text?
    /// BT-33 Seller additional legal information.
    public var additionalLegalInformation: Text?
    /// BT-34 Seller electronic address, with BT-34-1 its scheme.
    public var electronicAddress: Identifier?
    /// BG-5 Seller postal address.
    public var address: PostalAddress?
    /// BG-6 Seller contact.
    public var contact: Contact?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-7 Buyer.
public struct Buyer: Sendable, Hashable {
    /// BT-44 Buyer name.
    public var name: Text?
    /// BT-45 Buyer trading name.
    public var tradingName: Text?
    /// BT-46 Buyer identifier, with BT-46-1 its scheme (in France, for public buyers: SIRET, 0009).
    public var identifier: Identifier?
    /// BT-47 Buyer legal registration identifier, with BT-47-1 its scheme.
    public var legalRegistrationIdentifier: Identifier?
    /// BT-48 Buyer VAT identifier.
    public var vatIdentifier: Text?
    /// BT-49 Buyer electronic address, with BT-49-1 its scheme.
    public var electronicAddress: Identifier?
    /// BG-8 Buyer postal address.
    public var address: PostalAddress?
    /// BG-9 Buyer contact.
    public var contact: Contact?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-10 Payee.
public struct Payee: Sendable, Hashable {
    /// BT-59 Payee name.
    public var name: Text?
    /// BT-60 Payee identifier, with BT-60-1 its scheme.
    public var identifier: Identifier?
    /// BT-61 Payee legal registration identifier, with BT-61-1 its scheme.
    public var legalRegistrationIdentifier: Identifier?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-11 Seller tax representative party.
public struct TaxRepresentative: Sendable, Hashable {
    /// BT-62 Seller tax representative name.
    public var name: Text?
    /// BT-63 Seller tax representative VAT identifier.
    public var vatIdentifier: Text?
    /// BG-12 Seller tax representative postal address.
    public var address: PostalAddress?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-16 Payment instructions.
///
/// Present when the document has payment means, or direct debit data (BT-89…BT-91) that EN 16931
/// places in this group even where the syntax puts it elsewhere (BT-90 sits on the seller or payee
/// party in UBL, on the settlement in CII); `location` is then the first payment means, or the root.
public struct PaymentInstructions: Sendable, Hashable {
    /// BT-81 Payment means type code (UNTDID 4461).
    public var meansTypeCode: Text?
    /// BT-82 Payment means text.
    public var meansText: Text?
    /// BT-83 Remittance information.
    public var remittanceInformation: Text?
    /// BG-17 Credit transfer (0..n).
    public var creditTransfers: [CreditTransfer] = []
    /// Every payment means element as written (UBL `cac:PaymentMeans`, CII
    /// `ram:SpecifiedTradeSettlementPaymentMeans`): the syntaxes repeat what EN 16931 has once, and
    /// the rules check each.
    public var means: [PaymentMeansEntry] = []
    /// BG-18 Payment card information.
    public var card: PaymentCard?
    /// BG-19 Direct debit.
    public var directDebit: DirectDebit?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// One payment means element: its type code and its payee account, as written.
public struct PaymentMeansEntry: Sendable, Hashable {
    /// BT-81 in this element.
    public var typeCode: Text?
    /// Whether the element has a payee account (UBL `cac:PayeeFinancialAccount`, CII
    /// `ram:PayeePartyCreditorFinancialAccount`), and its identifier (BT-84).
    public var hasPayeeAccount = false
    public var payeeAccountIdentifier: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-17 Credit transfer.
public struct CreditTransfer: Sendable, Hashable {
    /// BT-84 Payment account identifier (IBAN or proprietary).
    public var accountIdentifier: Text?
    /// BT-85 Payment account name.
    public var accountName: Text?
    /// BT-86 Payment service provider identifier (BIC).
    public var serviceProviderIdentifier: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-18 Payment card information.
public struct PaymentCard: Sendable, Hashable {
    /// BT-87 Payment card primary account number (at most the last 4 to 6 digits).
    public var primaryAccountNumber: Text?
    /// BT-88 Payment card holder name.
    public var holderName: Text?
    public var location: SourceLocation

    public init(at location: SourceLocation) { self.location = location }
}

/// BG-19 Direct debit.
///
/// In both syntaxes the three terms sit in different elements; the group is present when any is.
public struct DirectDebit: Sendable, Hashable {
    /// BT-89 Mandate reference identifier.
    public var mandateReference: Text?
    /// BT-90 Bank assigned creditor identifier.
    public var creditorIdentifier: Text?
    /// BT-91 Debited account identifier.
    public var debitedAccount: Text?

    public init() {}

    public var isEmpty: Bool { mandateReference == nil && creditorIdentifier == nil && debitedAccount == nil }
}
