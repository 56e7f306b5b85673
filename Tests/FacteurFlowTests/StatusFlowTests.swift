@testable import FacteurFlow
import FacteurModel
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// Receiver flows read: the hand-written fixtures of `Fixtures/receiver` (their values checked by
/// eye against the files), Facteur's own messages read back, and what is refused.
@Suite("Status flows")
struct StatusFlowTests {
    static let schemas = try! StatusFlow.Schemas(folder: SharedFiles.root.appendingPathComponent("schemas").path)

    static func read(_ text: String) throws -> StatusFlow {
        try Array(text.utf8).withUnsafeBytes { try StatusFlow.read($0, name: "test.xml", schemas: schemas) }
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: SharedFiles.packageRoot.appendingPathComponent("Fixtures/receiver/\(name)").path, encoding: .utf8)
    }

    static func decimal(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

    @Test("a CPPStatut gives one line per CPPFactureStatutUnitaire")
    func chorusStatuses() throws {
        let flow = try Self.read(Self.fixture("cppstatut-three-lines.xml"))
        #expect(flow.kind == .cppStatut)
        #expect(flow.lines == [
            .init(sourceLine: 29, invoiceNumber: "F-ACC-003", sellerSIREN: "412345670", issueDate: CalendarDate(year: 2026, month: 9, day: 15),
                  buyerSIRET: "11004401300016", request: StatusRequest(status: .chorus(7))),
            .init(sourceLine: 46, invoiceNumber: "F-ACC-001", sellerSIREN: "412345670", issueDate: nil,
                  buyerSIRET: "11004401300016", request: StatusRequest(status: .chorus(8), mandate: "M-2026-0042")),
            // A supplier named by its VAT number has no SIREN to give.
            .init(sourceLine: 64, invoiceNumber: "F-ACC-002", sellerSIREN: nil, issueDate: CalendarDate(year: 2026, month: 9, day: 15),
                  buyerSIRET: "11004401300016",
                  request: StatusRequest(status: .chorus(5), comment: "Facture déjà reçue sous le n° F-ACC-001 & payée.")),
        ])
    }

    @Test("a CDAR gives one line per referenced document of every acknowledgement, with reasons, texts and amounts")
    func cdarStatuses() throws {
        let flow = try Self.read(Self.fixture("cdar-two-documents.xml"))
        #expect(flow.kind == .cdar)
        let day = CalendarDate(year: 2026, month: 9, day: 15)
        #expect(flow.lines == [
            .init(sourceLine: 36, invoiceNumber: "F-ACC-004", sellerSIREN: "412345670", issueDate: day, buyerSIRET: nil,
                  request: StatusRequest(status: .reform(204))),
            .init(sourceLine: 50, invoiceNumber: "F-ACC-004", sellerSIREN: "412345670", issueDate: day, buyerSIRET: "21750001600019",
                  request: StatusRequest(status: .reform(207), reasons: ["PU_ERR"],
                                         comment: "Prix unitaire de la ligne 2 différent du marché\nContact : service achats, 01 42 76 40 40")),
            .init(sourceLine: 73, invoiceNumber: "F-ACC-004", sellerSIREN: "412345670", issueDate: day, buyerSIRET: nil,
                  request: StatusRequest(status: .reform(212), amounts: [.init(type: "MEN", value: Self.decimal("1200.50"), vatRate: Self.decimal("20.00"))])),
        ])
    }

    @Test("a message Facteur writes reads back as the status it tells")
    func roundTrip() throws {
        let message = LifecycleMessage(
            id: "FLX-2026-0000007.001.213", issuedAt: Instant(iso8601: "2026-09-20T09:00:00Z")!, status: 213,
            invoice: .init(number: "F-<&>-9", issueDate: CalendarDate(year: 2026, month: 2, day: 28), typeCode: "380",
                           sellerSIREN: "412345670", buyerSIRET: "13000123300019"),
            recipient: .connection("SUP1"),
            reasons: [.init(code: "DEST_INC", text: "B2G-02 (BT-46): unknown"), .init(code: "CALCUL_ERR", text: nil)])
        let flow = try message.xml.withUnsafeBytes { try StatusFlow.read($0, name: "m.xml", schemas: Self.schemas) }
        #expect(flow.lines.map(\.invoiceNumber) == ["F-<&>-9"])
        #expect(flow.lines.first?.request == StatusRequest(status: .reform(213), reasons: ["DEST_INC", "CALCUL_ERR"], comment: "B2G-02 (BT-46): unknown"))
        #expect(flow.lines.first?.issueDate == CalendarDate(year: 2026, month: 2, day: 28))
        #expect(flow.lines.first?.sellerSIREN == "412345670" && flow.lines.first?.buyerSIRET == "13000123300019")
    }

    @Test("what is not a valid status flow is refused, with why and where")
    func refusals() throws {
        func code(_ text: String) -> ReadError? {
            do {
                _ = try Self.read(text)
                return nil
            } catch let error as ReadError {
                return error
            } catch {
                return nil
            }
        }
        let chorus = try Self.fixture("cppstatut-three-lines.xml")
        // A status id outside the schema's enumeration: the XSD says so, with the line.
        let invalid = code(chorus.replacingOccurrences(of: "<IdStatut>07</IdStatut>", with: "<IdStatut>99</IdStatut>"))
        #expect(invalid?.code == .schemaInvalid)
        #expect(invalid?.line == 40)
        #expect(invalid?.message.contains("IdStatut") == true)
        // A required element missing.
        #expect(code(chorus.replacingOccurrences(of: "<IdFacture>F-ACC-003</IdFacture>", with: ""))?.code == .schemaInvalid)
        // Statuses of flows, not of invoices.
        let flows = """
            <CPPStatut><Enveloppe/><CPPFluxStatuts/></CPPStatut>
            """
        #expect(code(flows)?.code == .unsupportedDocument)
        #expect(code("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>")?.code == .unsupportedDocument)
        #expect(code("<!DOCTYPE CPPStatut [<!ENTITY a \"aaaa\">]><CPPStatut>&a;</CPPStatut>")?.code == .doctypeForbidden)
        #expect(code(String(chorus.prefix(600)))?.code == .malformedXML)
        // The CDAR schema is applied to CDAR: a status block in the wrong place.
        let cdar = try Self.fixture("cdar-two-documents.xml")
        let misplaced = cdar.replacingOccurrences(of: "<ram:TypeCode>23</ram:TypeCode>\n    <ram:ReferenceReferencedDocument>",
                                                  with: "<ram:ReferenceReferencedDocument>")
        #expect(misplaced != cdar)
        #expect(code(misplaced) == nil)  // TypeCode is optional: still valid
        #expect(code(cdar.replacingOccurrences(of: "<ram:ProcessConditionCode>204</ram:ProcessConditionCode>", with: "<ram:ProcessConditionKode>204</ram:ProcessConditionKode>"))?.code == .schemaInvalid)
    }
}
