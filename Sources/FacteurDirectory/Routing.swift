import FacteurModel

/// What routing reads from an invoice (`../shared/specs/directory.md`, "Where the routing data sits
/// in an invoice"), each datum with the term it was read from. Values are taken as written; a value
/// that is empty or only white space counts as absent.
public struct RoutingData: Sendable, Hashable {
    /// The recipient's SIRET: BT-46 (buyer identifier) with scheme 0009, else BT-47 (buyer legal
    /// registration identifier) with scheme 0009, else BT-49 (buyer electronic address) with scheme 0009.
    public var recipientSIRET: Identifier?
    /// The term the recipient's SIRET was read from (`BT-46`, `BT-47` or `BT-49`).
    public var recipientTerm: String?
    /// BT-10, the service code.
    public var serviceCode: Text?
    /// BT-13, the commitment number.
    public var commitmentNumber: Text?
    /// The seller's SIREN: BT-30 with scheme 0002.
    public var sellerSIREN: Identifier?
    /// The seller's SIRET: BT-29 with scheme 0009, else BT-30 with scheme 0009.
    public var sellerSIRET: Identifier?

    public init(_ invoice: Invoice) {
        let buyer = invoice.buyer
        for (term, identifier) in [("BT-46", buyer?.identifier), ("BT-47", buyer?.legalRegistrationIdentifier),
                                   ("BT-49", buyer?.electronicAddress)] {
            if let identifier, identifier.scheme == RoutingData.siretScheme, RoutingData.isGiven(identifier.value) {
                recipientSIRET = identifier
                recipientTerm = term
                break
            }
        }
        serviceCode = invoice.buyerReference.flatMap { RoutingData.isGiven($0.value) ? $0 : nil }
        commitmentNumber = invoice.purchaseOrderReference.flatMap { RoutingData.isGiven($0.value) ? $0 : nil }
        let legal = invoice.seller?.legalRegistrationIdentifier
        sellerSIREN = legal.flatMap { $0.scheme == RoutingData.sirenScheme && RoutingData.isGiven($0.value) ? $0 : nil }
        sellerSIRET = invoice.seller?.identifiers.first { $0.scheme == RoutingData.siretScheme && RoutingData.isGiven($0.value) }
            ?? legal.flatMap { $0.scheme == RoutingData.siretScheme && RoutingData.isGiven($0.value) ? $0 : nil }
    }

    /// ISO 6523 ICD of the SIRET and of the SIREN.
    public static let siretScheme = "0009"
    public static let sirenScheme = "0002"

    static func isGiven(_ value: String) -> Bool {
        !value.trimmingXMLSpace().isEmpty
    }
}

/// Where an invoice that passes routing goes.
public enum DeliveryTarget: Sendable, Hashable, CustomStringConvertible {
    /// `outbox/receiver/<connection>/`: the EDI connection that serves the structure.
    case receiver(connection: String)
    /// `outbox/portal/<SIRET>/`: the structure's mailbox on the portal.
    case portal(siret: String)

    public var description: String {
        switch self {
        case .receiver(let connection): return "receiver/\(connection)"
        case .portal(let siret): return "portal/\(siret)"
        }
    }

    /// A target from its description (`receiver/<connection>`, `portal/<SIRET>`), as the state records it.
    public init?(_ description: String) {
        if description.hasPrefix("receiver/") {
            self = .receiver(connection: String(description.dropFirst("receiver/".count)))
        } else if description.hasPrefix("portal/") {
            self = .portal(siret: String(description.dropFirst("portal/".count)))
        } else {
            return nil
        }
    }

    /// The outbox folder of the target, relative to the root.
    public var outbox: String { "outbox/" + description }
}

/// The routing decision for one invoice: its findings (empty when it may be delivered) and, when it
/// may, where to.
public struct RoutingDecision: Sendable, Hashable {
    public var findings: [Finding]
    public var target: DeliveryTarget?
    /// The structure the invoice names, when the directory knows it.
    public var structure: PublicStructure?
}

/// The routing checks of the directory spec, each with its rule id (`B2G-`) and the reform reason
/// code a rejection for it carries.
public enum RoutingRule: String, CaseIterable, Sendable {
    case recipientSIRET = "B2G-01"
    case structureKnown = "B2G-02"
    case structureActive = "B2G-03"
    case serviceOpen = "B2G-04"
    case serviceRequired = "B2G-05"
    case commitmentRequired = "B2G-06"
    case serviceOrCommitment = "B2G-07"
    case commitmentLength = "B2G-08"
    case reservedService = "B2G-09"
    case worksOnly = "B2G-10"
    case sellerIdentifiers = "B2G-11"

    /// The reason code of the French reform a rejection for this rule gives (lifecycle.md).
    public var reason: String {
        switch self {
        case .recipientSIRET, .structureKnown, .structureActive: return "DEST_INC"
        case .sellerIdentifiers: return "REJ_COH"
        default: return "REJ_CONT_B2G"
        }
    }

    /// The reason code of a finding whose rule is a routing rule; nil for any other rule.
    public static func reason(of finding: Finding) -> String? {
        RoutingRule(rawValue: finding.rule)?.reason
    }
}

/// Routing: an invoice that passed the EN 16931 and French rules reaches a public structure only if
/// it names one the directory knows and that is active, and carries the service code and commitment
/// number that structure demands. A pure function of the invoice, the directory and the date.
public enum Router {
    /// The most characters a commitment number may have.
    public static let commitmentMaxLength = 50
    /// The service reserved for invoices between public structures.
    public static let reservedService = "FACTURES_PUBLIQUES"

    /// - Parameter date: the day the invoice is routed; service dates are read on the invoice's issue
    ///   date (BT-2), and on this day when the invoice has no valid one.
    /// - Throws: what the directory throws when it cannot be read.
    public static func route(_ invoice: Invoice, directory: some DirectoryLookup, on date: CalendarDate) throws -> RoutingDecision {
        let data = RoutingData(invoice)
        var findings: [Finding] = []
        func fail(_ rule: RoutingRule, _ term: String, at location: SourceLocation?, _ message: String) {
            findings.append(Finding(rule: rule.rawValue, severity: .fatal, term: term,
                                    location: (location ?? invoice.location).resolved(in: invoice.elementPaths), message: message))
        }
        let day = invoice.issueDate?.value ?? date
        var structure: PublicStructure?
        var service: PublicService?

        // The recipient.
        let recipientTerm = data.recipientTerm ?? "BT-46"
        if let siret = data.recipientSIRET {
            if let problem = FrenchCompanyNumber.siretProblem(siret.value) {
                fail(.recipientSIRET, recipientTerm, at: siret.location,
                     "the recipient's SIRET (\(recipientTerm), scheme 0009) is '\(siret.value)': \(problem)")
            } else if let known = try directory.structure(siret: siret.value) {
                structure = known
                if !known.active {
                    let successor = known.successorSIRET.map { "; its successor is \($0): address the invoice to it" } ?? ""
                    fail(.structureActive, recipientTerm, at: siret.location,
                         "the recipient \(siret.value) (\(known.name)) is no longer active and receives no new invoice\(successor)")
                }
            } else {
                fail(.structureKnown, recipientTerm, at: siret.location,
                     "the recipient's SIRET \(siret.value) is not a public structure of the directory: expected the SIRET of a public recipient")
            }
        } else {
            fail(.recipientSIRET, "BT-46", at: invoice.buyer?.location,
                 "the recipient's SIRET is missing: expected the buyer identifier (BT-46), legal registration identifier (BT-47) or electronic address (BT-49) with scheme 0009")
        }

        // The service and the commitment, as the structure demands them.
        if let structure, structure.active {
            if let code = data.serviceCode {
                let named = try directory.service(siret: structure.siret, code: code.value)
                if let known = named, known.isOpen(on: day) {
                    service = known
                } else {
                    let why = named.map { $0.active ? "is not open on \(day) (valid \($0.validity))" : "is inactive" }
                        ?? "is not a service of this structure"
                    fail(.serviceOpen, "BT-10", at: code.location,
                         "the service code (BT-10) '\(code.value)' of recipient \(structure.siret) \(why): expected the code of an active service")
                }
            } else if structure.serviceRequired {
                fail(.serviceRequired, "BT-10", at: invoice.location,
                     "the service code (BT-10) is missing: recipient \(structure.siret) (\(structure.name)) requires the code of one of its services")
            }
            if data.commitmentNumber == nil {
                if structure.engagementRequired || service?.engagementRequired == true {
                    let who = structure.engagementRequired ? "recipient \(structure.siret) (\(structure.name))" : "service \(service!.code) of recipient \(structure.siret)"
                    fail(.commitmentRequired, "BT-13", at: invoice.location,
                         "the commitment number (BT-13) is missing: \(who) requires one")
                } else if structure.serviceOrEngagement, data.serviceCode == nil {
                    fail(.serviceOrCommitment, "BT-10", at: invoice.location,
                         "neither a service code (BT-10) nor a commitment number (BT-13) is given: recipient \(structure.siret) (\(structure.name)) requires one of them")
                }
            }
            if let code = data.serviceCode, code.value == reservedService,
               try data.sellerSIRET.flatMap({ try directory.structure(siret: $0.value) }) == nil {
                fail(.reservedService, "BT-10", at: code.location,
                     "the service code (BT-10) \(reservedService) is reserved for invoices between public structures: the seller \(data.sellerSIRET.map { "SIRET \($0.value)" } ?? "(without SIRET)") is not a public structure of the directory")
            }
            if structure.moaOnly {
                fail(.worksOnly, recipientTerm, at: data.recipientSIRET?.location,
                     "recipient \(structure.siret) (\(structure.name)) receives works invoices only (maîtrise d'ouvrage), which Facteur does not route yet")
            }
        }
        if let commitment = data.commitmentNumber, commitment.value.unicodeScalars.count > commitmentMaxLength {
            fail(.commitmentLength, "BT-13", at: commitment.location,
                 "the commitment number (BT-13) '\(commitment.value)' has \(commitment.value.unicodeScalars.count) characters: expected at most \(commitmentMaxLength)")
        }

        // The seller's own identifiers.
        if let siren = data.sellerSIREN, let problem = FrenchCompanyNumber.sirenProblem(siren.value) {
            fail(.sellerIdentifiers, "BT-30", at: siren.location, "the seller's SIREN (BT-30, scheme 0002) is '\(siren.value)': \(problem)")
        }
        if let siret = data.sellerSIRET {
            let siren = data.sellerSIREN.flatMap { FrenchCompanyNumber.sirenProblem($0.value) == nil ? $0.value : nil }
            if let problem = FrenchCompanyNumber.siretProblem(siret.value, ofSIREN: siren) {
                fail(.sellerIdentifiers, "BT-29", at: siret.location, "the seller's SIRET (scheme 0009) is '\(siret.value)': \(problem)")
            }
        }

        var decision = RoutingDecision(findings: findings, target: nil, structure: structure)
        if findings.isEmpty, let structure {
            if let connection = structure.ediConnection, service?.ediExcluded != true {
                decision.target = .receiver(connection: connection)
            } else {
                decision.target = .portal(siret: structure.siret)
            }
        }
        return decision
    }
}
