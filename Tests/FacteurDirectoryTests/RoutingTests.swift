import FacteurDirectory
import FacteurModel
import FacteurTestSupport
import FacteurXML
import Testing

/// Every routing check of `../shared/specs/directory.md`, failing and passing, on the French B2G
/// fixture in UBL and in CII (the two carry the same routing data: recipient 13000123300019, service
/// SERVICE-ACHATS, commitment EJ-2026-0042, seller SIREN 412345670 and SIRET 41234567000019, issued
/// 2026-09-15), each edited as its case needs; the directory is built for each case.
@Suite("Routing")
struct RoutingTests {
    static let fixtures = ["fr-b2g-full.ubl.xml", "fr-b2g-full.cii.xml"]
    static let recipient = "13000123300019"
    static let sellerSIRET = "41234567000019"
    static let day = CalendarDate(year: 2026, month: 11, day: 23)!

    private static func invoice(_ fixture: String) throws -> Invoice {
        try InvoiceReader().read(file: SharedFiles.packageRoot.appendingPathComponent("Fixtures/invoices/\(fixture)").path)
    }

    private static func structure(_ edit: (inout PublicStructure) -> Void = { _ in }) -> PublicStructure {
        var structure = PublicStructure(siret: recipient, name: "Direction régionale des finances publiques")
        edit(&structure)
        return structure
    }

    private static func service(_ code: String = "SERVICE-ACHATS", _ edit: (inout PublicService) -> Void = { _ in }) -> PublicService {
        var service = PublicService(siret: recipient, code: code, name: "Service des achats")
        edit(&service)
        return service
    }

    /// The rule ids and reason codes of the decision's findings.
    private static func verdict(_ fixture: String, structures: [PublicStructure], services: [PublicService] = [],
                                edit: (inout Invoice) -> Void = { _ in }) throws -> (rules: [String], reasons: [String], decision: RoutingDecision) {
        var invoice = try invoice(fixture)
        edit(&invoice)
        let decision = try Router.route(invoice, directory: DirectorySnapshot(structures: structures, services: services), on: day)
        return (decision.findings.map(\.rule), decision.findings.compactMap(RoutingRule.reason(of:)), decision)
    }

    @Test(arguments: fixtures) func aKnownActiveRecipientIsDeliveredToItsMailbox(_ fixture: String) throws {
        let result = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service()])
        #expect(result.rules.isEmpty, "\(result.decision.findings)")
        #expect(result.decision.target == .portal(siret: Self.recipient))
    }

    @Test(arguments: fixtures) func anEDIConnectionTakesTheInvoiceUnlessTheServiceIsExcluded(_ fixture: String) throws {
        let connected = Self.structure { $0.ediConnection = "CNX-DGFIP" }
        #expect(try Self.verdict(fixture, structures: [connected], services: [Self.service()]).decision.target == .receiver(connection: "CNX-DGFIP"))
        let excluded = Self.service { $0.ediExcluded = true }
        #expect(try Self.verdict(fixture, structures: [connected], services: [excluded]).decision.target == .portal(siret: Self.recipient))
    }

    @Test(arguments: fixtures) func theRecipientSIRETIsReadFromTheFirstTermWithScheme0009(_ fixture: String) throws {
        var invoice = try Self.invoice(fixture)
        #expect(RoutingData(invoice).recipientTerm == "BT-46")
        invoice.buyer?.identifier = nil
        // BT-47 has scheme 0002 (a SIREN) in the fixture: BT-49 is next.
        #expect(RoutingData(invoice).recipientTerm == "BT-49")
        #expect(RoutingData(invoice).recipientSIRET?.value == Self.recipient)
        invoice.buyer?.electronicAddress = nil
        #expect(RoutingData(invoice).recipientSIRET == nil)
    }

    @Test(arguments: fixtures) func aMissingOrMalformedRecipientSIRET(_ fixture: String) throws {
        let missing = try Self.verdict(fixture, structures: [Self.structure()]) {
            $0.buyer?.identifier = nil
            $0.buyer?.electronicAddress = nil
        }
        #expect(missing.rules == ["B2G-01"])
        #expect(missing.reasons == ["DEST_INC"])
        #expect(missing.decision.target == nil)
        let badCheckDigit = try Self.verdict(fixture, structures: [Self.structure()]) {
            $0.buyer?.identifier?.value = "13000123300018"
        }
        #expect(badCheckDigit.rules == ["B2G-01"])
        #expect(badCheckDigit.decision.findings.first?.message.contains("13000123300018") == true)
    }

    @Test(arguments: fixtures) func anUnknownRecipient(_ fixture: String) throws {
        let result = try Self.verdict(fixture, structures: [])
        #expect(result.rules == ["B2G-02"])
        #expect(result.reasons == ["DEST_INC"])
    }

    @Test(arguments: fixtures) func anInactiveRecipientNamesItsSuccessor(_ fixture: String) throws {
        let result = try Self.verdict(fixture, structures: [Self.structure { $0.active = false; $0.successorSIRET = "13000123300027" }])
        #expect(result.rules == ["B2G-03"])
        #expect(result.reasons == ["DEST_INC"])
        #expect(result.decision.findings.first?.message.contains("13000123300027") == true)
    }

    @Test(arguments: fixtures) func aServiceCodeMustNameAnOpenService(_ fixture: String) throws {
        let unknown = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service("AUTRE")])
        #expect(unknown.rules == ["B2G-04"])
        #expect(unknown.reasons == ["REJ_CONT_B2G"])
        #expect(unknown.decision.findings.first?.message.contains("SERVICE-ACHATS") == true)
        let inactive = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service { $0.active = false }])
        #expect(inactive.rules == ["B2G-04"])
        // Dates are read on the issue date, 2026-09-15.
        let closed = try Self.verdict(fixture, structures: [Self.structure()],
                                      services: [Self.service { $0.validTo = CalendarDate(year: 2026, month: 9, day: 14) }])
        #expect(closed.rules == ["B2G-04"])
        let notYet = try Self.verdict(fixture, structures: [Self.structure()],
                                      services: [Self.service { $0.validFrom = CalendarDate(year: 2026, month: 9, day: 16) }])
        #expect(notYet.rules == ["B2G-04"])
        let open = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service {
            $0.validFrom = CalendarDate(year: 2026, month: 9, day: 15)
            $0.validTo = CalendarDate(year: 2026, month: 9, day: 15)
        }])
        #expect(open.rules.isEmpty)
    }

    @Test(arguments: fixtures) func aRequiredServiceCode(_ fixture: String) throws {
        let structure = Self.structure { $0.serviceRequired = true }
        let missing = try Self.verdict(fixture, structures: [structure], services: [Self.service()]) { $0.buyerReference = nil }
        #expect(missing.rules == ["B2G-05"])
        #expect(missing.reasons == ["REJ_CONT_B2G"])
        let blank = try Self.verdict(fixture, structures: [structure], services: [Self.service()]) { $0.buyerReference?.value = "  " }
        #expect(blank.rules == ["B2G-05"])
        #expect(try Self.verdict(fixture, structures: [structure], services: [Self.service()]).rules.isEmpty)
    }

    @Test(arguments: fixtures) func aRequiredCommitmentNumber(_ fixture: String) throws {
        let byStructure = try Self.verdict(fixture, structures: [Self.structure { $0.engagementRequired = true }],
                                           services: [Self.service()]) { $0.purchaseOrderReference = nil }
        #expect(byStructure.rules == ["B2G-06"])
        #expect(byStructure.reasons == ["REJ_CONT_B2G"])
        let byService = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service { $0.engagementRequired = true }]) {
            $0.purchaseOrderReference = nil
        }
        #expect(byService.rules == ["B2G-06"])
        #expect(try Self.verdict(fixture, structures: [Self.structure { $0.engagementRequired = true }], services: [Self.service()]).rules.isEmpty)
    }

    @Test(arguments: fixtures) func aServiceCodeOrACommitmentNumber(_ fixture: String) throws {
        let structure = Self.structure { $0.serviceOrEngagement = true }
        let neither = try Self.verdict(fixture, structures: [structure]) {
            $0.buyerReference = nil
            $0.purchaseOrderReference = nil
        }
        #expect(neither.rules == ["B2G-07"])
        #expect(neither.reasons == ["REJ_CONT_B2G"])
        #expect(try Self.verdict(fixture, structures: [structure]) { $0.buyerReference = nil }.rules.isEmpty)
        #expect(try Self.verdict(fixture, structures: [structure], services: [Self.service()]) { $0.purchaseOrderReference = nil }.rules.isEmpty)
    }

    @Test(arguments: fixtures) func aCommitmentNumberOfAtMostFiftyCharacters(_ fixture: String) throws {
        let long = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service()]) {
            $0.purchaseOrderReference?.value = String(repeating: "é", count: 51)
        }
        #expect(long.rules == ["B2G-08"])
        #expect(long.reasons == ["REJ_CONT_B2G"])
        let fifty = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service()]) {
            $0.purchaseOrderReference?.value = String(repeating: "é", count: 50)
        }
        #expect(fifty.rules.isEmpty)
    }

    @Test(arguments: fixtures) func theReservedServiceIsForPublicSellers(_ fixture: String) throws {
        let reserved = Self.service("FACTURES_PUBLIQUES")
        let privateSeller = try Self.verdict(fixture, structures: [Self.structure()], services: [reserved]) {
            $0.buyerReference?.value = "FACTURES_PUBLIQUES"
        }
        #expect(privateSeller.rules == ["B2G-09"])
        #expect(privateSeller.reasons == ["REJ_CONT_B2G"])
        let publicSeller = PublicStructure(siret: Self.sellerSIRET, name: "Dupont et Fils")
        #expect(try Self.verdict(fixture, structures: [Self.structure(), publicSeller], services: [reserved]) {
            $0.buyerReference?.value = "FACTURES_PUBLIQUES"
        }.rules.isEmpty)
    }

    @Test(arguments: fixtures) func aWorksOnlyRecipient(_ fixture: String) throws {
        let result = try Self.verdict(fixture, structures: [Self.structure { $0.moaOnly = true }], services: [Self.service()])
        #expect(result.rules == ["B2G-10"])
        #expect(result.reasons == ["REJ_CONT_B2G"])
    }

    @Test(arguments: fixtures) func theSellersIdentifiersAgree(_ fixture: String) throws {
        let otherCompany = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service()]) {
            $0.seller?.legalRegistrationIdentifier?.value = "130001233"
        }
        #expect(otherCompany.rules == ["B2G-11"])
        #expect(otherCompany.reasons == ["REJ_COH"])
        let badSIREN = try Self.verdict(fixture, structures: [Self.structure()], services: [Self.service()]) {
            $0.seller?.legalRegistrationIdentifier?.value = "412345671"
        }
        #expect(badSIREN.rules == ["B2G-11"])
        #expect(badSIREN.reasons == ["REJ_COH"])
    }

    @Test(arguments: fixtures) func everyCauseIsListed(_ fixture: String) throws {
        let result = try Self.verdict(fixture, structures: [Self.structure { $0.serviceRequired = true; $0.moaOnly = true }]) {
            $0.buyerReference = nil
            $0.purchaseOrderReference?.value = String(repeating: "9", count: 60)
            $0.seller?.legalRegistrationIdentifier?.value = "130001233"
        }
        #expect(result.rules == ["B2G-05", "B2G-10", "B2G-08", "B2G-11"])
        #expect(result.decision.target == nil)
    }
}
