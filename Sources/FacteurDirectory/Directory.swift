import FacteurModel

/// A public structure of the directory of public recipients (Chorus Pro's "annuaire"), as
/// `structures.csv` describes it (`../shared/specs/directory.md`).
public struct PublicStructure: Sendable, Hashable {
    /// 14 digits, a valid check digit.
    public var siret: String
    public var name: String
    /// An inactive structure receives no new invoice.
    public var active: Bool
    /// After a change of SIRET, the structure that took over (named when an invoice is refused).
    public var successorSIRET: String?
    /// "Gestion service": the invoice must carry the code (BT-10) of an active service of the structure.
    public var serviceRequired: Bool
    /// "Gestion engagement": the invoice must carry a commitment number (BT-13).
    public var engagementRequired: Bool
    /// At least one of a service code and a commitment number.
    public var serviceOrEngagement: Bool
    /// Whether the structure will ever report MISE_EN_PAIEMENT.
    public var paymentStatusManaged: Bool
    /// "Maîtrise d'ouvrage uniquement": receives works invoices only.
    public var moaOnly: Bool
    /// The receiver connection that serves the structure; nil: the portal mailbox.
    public var ediConnection: String?

    public init(siret: String, name: String, active: Bool = true, successorSIRET: String? = nil,
                serviceRequired: Bool = false, engagementRequired: Bool = false, serviceOrEngagement: Bool = false,
                paymentStatusManaged: Bool = false, moaOnly: Bool = false, ediConnection: String? = nil) {
        self.siret = siret
        self.name = name
        self.active = active
        self.successorSIRET = successorSIRET
        self.serviceRequired = serviceRequired
        self.engagementRequired = engagementRequired
        self.serviceOrEngagement = serviceOrEngagement
        self.paymentStatusManaged = paymentStatusManaged
        self.moaOnly = moaOnly
        self.ediConnection = ediConnection
    }
}

/// A service of a public structure, as `services.csv` describes it.
public struct PublicService: Sendable, Hashable {
    /// The structure's SIRET.
    public var siret: String
    /// At most 100 characters, unique within the structure.
    public var code: String
    public var name: String
    /// An inactive service receives no new invoice.
    public var active: Bool
    /// The service itself demands a commitment number (BT-13).
    public var engagementRequired: Bool
    /// Outside these dates (inclusive) the service is inactive.
    public var validFrom: CalendarDate?
    public var validTo: CalendarDate?
    /// Invoices for this service bypass the structure's EDI connection and go to the portal mailbox.
    public var ediExcluded: Bool

    public init(siret: String, code: String, name: String, active: Bool = true, engagementRequired: Bool = false,
                validFrom: CalendarDate? = nil, validTo: CalendarDate? = nil, ediExcluded: Bool = false) {
        self.siret = siret
        self.code = code
        self.name = name
        self.active = active
        self.engagementRequired = engagementRequired
        self.validFrom = validFrom
        self.validTo = validTo
        self.ediExcluded = ediExcluded
    }

    /// Its dates, as a message gives them: `from 2026-01-01 to 2026-12-31`.
    var validity: String {
        [validFrom.map { "from \($0)" }, validTo.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// Whether the service receives invoices issued on `date`: active, and within its dates.
    public func isOpen(on date: CalendarDate) -> Bool {
        guard active else { return false }
        if let validFrom, date < validFrom { return false }
        if let validTo, date > validTo { return false }
        return true
    }
}

/// What routing asks of the directory: a structure by its SIRET, a service by its structure and
/// code. The directory kept in the state database (`DirectoryStore`) answers it, and so does
/// `DirectorySnapshot`. A lookup that fails (the database cannot be read) throws: it never passes
/// for an unknown recipient.
public protocol DirectoryLookup {
    func structure(siret: String) throws -> PublicStructure?
    func service(siret: String, code: String) throws -> PublicService?
}

/// A directory held in memory: for tests, fixtures and small directories.
public struct DirectorySnapshot: DirectoryLookup, Sendable {
    private var structures: [String: PublicStructure] = [:]
    private var services: [String: [String: PublicService]] = [:]

    public init(structures: [PublicStructure], services: [PublicService]) {
        for structure in structures { self.structures[structure.siret] = structure }
        for service in services { self.services[service.siret, default: [:]][service.code] = service }
    }

    public func structure(siret: String) -> PublicStructure? {
        structures[siret]
    }

    public func service(siret: String, code: String) -> PublicService? {
        services[siret]?[code]
    }
}
