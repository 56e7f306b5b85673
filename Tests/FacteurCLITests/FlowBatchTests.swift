import FacteurCLI
import FacteurFlow
import FacteurTestSupport
import Foundation
import Testing

/// The fixture batches of `Fixtures/batches`: each replayed (in a temporary root, under its fixed
/// clock) gives exactly the expected outbox, byte for byte; and every lifecycle message in those
/// outboxes is valid against the CDAR D22B schema and passes the French BR-FR-CDV rules.
@Suite("Fixture batches")
struct FlowBatchTests {
    static let batches: [String] = {
        let folder = SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/expected").path) }.sorted()
    }()

    static func folder(_ batch: String) -> String {
        SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches/\(batch)").path
    }

    final class Output: @unchecked Sendable {
        var text = ""
        var console: Console {
            Console(out: { self.text += $0 }, err: { self.text += $0 })
        }
    }

    @Test("the batches the flow-engine issue asks for are there")
    func batchesExist() {
        #expect(Set(Self.batches).isSuperset(of: ["all-accepted", "mixed-rejections", "duplicates", "unreadable", "repeated-bytes", "two-connections"]))
    }

    @Test("replay gives the expected outbox, byte for byte", arguments: batches)
    func replay(_ batch: String) {
        let output = Output()
        let status = Facteur.main(["replay", Self.folder(batch)], console: output.console)
        #expect(status == 0, "\(output.text)")
    }

    static var messages: [URL] {
        batches.flatMap { batch in
            let folder = URL(fileURLWithPath: folder(batch) + "/expected/outbox")
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            return files.filter { $0.hasSuffix(".cdar.xml") }.sorted().map { folder.appendingPathComponent($0) }
        }
    }

    @Test("every CDAR message is valid against the D22B schema")
    func schemaValid() throws {
        let schema = try StatusFlow.Schemas(folder: SharedFiles.root.appendingPathComponent("schemas").path).cdar
        let messages = Self.messages
        #expect(messages.count >= 40)
        // The validator does refuse: the first message with an element where the schema wants another.
        let folder = try SharedFiles.temporaryDirectory("facteur-cdar")
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.xml")
        let text = try String(contentsOf: messages[0], encoding: .utf8)
            .replacingOccurrences(of: "<ram:TypeCode>305</ram:TypeCode>", with: "<ram:StatusCode>305</ram:StatusCode>")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        #expect(!schema.violations(validatingFile: broken.path).isEmpty)
        for message in messages {
            let errors = schema.violations(validatingFile: message.path)
            #expect(errors.isEmpty, "\(message.lastPathComponent): \(errors)")
        }
    }

    /// The BR-FR-CDV assertions (v1.4.0, as `../shared/conformance/fr/rules.json` lists them) that
    /// bear on what Facteur writes, as XPath counts of violations.
    static let cdvRules: [(id: String, violations: String)] = [
        ("BR-FR-CDV-02_MDT-3", "/cdar:CrossDomainAcknowledgementAndResponse/cdar:ExchangedDocumentContext[not(ram:GuidelineSpecifiedDocumentContextParameter/ram:ID = 'urn.cpro.gouv.fr:1p0:CDV:invoice')]"),
        ("BR-FR-CDV-03_MDT-4", "//cdar:ExchangedDocument[not(ram:ID)]"),
        ("BR-FR-CDV-07_MDT-38_yes", "//cdar:ExchangedDocument/ram:IssuerTradeParty[../../cdar:AcknowledgementDocument/ram:TypeCode = '23' and not(ram:GlobalID)]"),
        ("BR-FR-CDV-08_MDT-73", "//cdar:ExchangedDocument/ram:RecipientTradeParty[not(ram:RoleCode = 'WK' or ram:RoleCode = 'DFH') and not(ram:URIUniversalCommunication/ram:URIID)]"),
        ("BR-FR-CDV-09_MDT-77", "//cdar:AcknowledgementDocument[not(ram:TypeCode = '23' or ram:TypeCode = '305')]"),
        ("BR-FR-CDV-11_MDG-35", "//cdar:AcknowledgementDocument/ram:ReferenceReferencedDocument[not(ram:FormattedIssueDateTime) and not(ram:ProcessConditionCode = '501')]"),
        ("BR-FR-CDV-12_MDT-105", "//cdar:AcknowledgementDocument/ram:ReferenceReferencedDocument[not(ram:ProcessConditionCode)]"),
        ("BR-FR-CDV-13_MDT-129", "//ram:ReferenceReferencedDocument/ram:IssuerTradeParty[not(ram:GlobalID != '') and not(../ram:ProcessConditionCode = '501')]"),
        ("BR-FR-CDV-15_MDT-113", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '206' or ram:ProcessConditionCode = '207' or ram:ProcessConditionCode = '208' or ram:ProcessConditionCode = '210' or ram:ProcessConditionCode = '213' or ram:ProcessConditionCode = '501'][not(ram:SpecifiedDocumentStatus/ram:ReasonCode)]"),
        ("BR-FR-CDV-16_MDT-124-2", "//ram:ReferenceReferencedDocument/ram:SpecifiedDocumentStatus[not(ram:SequenceNumeric)]"),
        ("BR-FR-CDV-CL-01_MDT-2", "/cdar:CrossDomainAcknowledgementAndResponse/cdar:ExchangedDocumentContext[not(ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID = 'REGULATED')]"),
        ("BR-FR-CDV-CL-02_MDT-21_305", "//cdar:ExchangedDocument[../cdar:AcknowledgementDocument/ram:TypeCode = '305' and not(ram:SenderTradeParty/ram:RoleCode = 'WK')]"),
        ("BR-FR-CDV-CL-03_MDT-40_305", "//cdar:ExchangedDocument[../cdar:AcknowledgementDocument/ram:TypeCode = '305' and not(ram:IssuerTradeParty/ram:RoleCode = 'WK')]"),
        ("BR-FR-CDV-CL-04_MDT-59", "//cdar:ExchangedDocument/ram:RecipientTradeParty/ram:RoleCode[not(. = 'BY' or . = 'AB' or . = 'DL' or . = 'SE' or . = 'SR' or . = 'PE' or . = 'PR' or . = 'II' or . = 'IV' or . = 'WK' or . = 'DFH')]"),
        ("BR-FR-CDV-CL-07_MDT-132", "//ram:ReferenceReferencedDocument/ram:IssuerTradeParty/ram:RoleCode[not(. = 'SE')]"),
        ("BR-FR-CDV-CL-08_MDT-158", "//ram:ReferenceReferencedDocument/ram:RecipientTradeParty/ram:RoleCode[not(. = 'BY' or . = 'AB' or . = 'DL' or . = 'SE' or . = 'SR' or . = 'WK' or . = 'DFH' or . = 'PE' or . = 'PR' or . = 'II' or . = 'IV')]"),
        ("BR-FR-CDV-CL-09_MDT-113_213", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '213']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(. = 'MONTANTTOTAL_ERR' or . = 'CALCUL_ERR' or . = 'DOUBLON' or . = 'DEST_INC' or . = 'ADR_ERR' or . = 'REJ_SEMAN' or . = 'REJ_UNI' or . = 'REJ_COH' or . = 'REJ_ADR' or . = 'REJ_CONT_B2G' or . = 'REJ_REF_PJ' or . = 'REJ_ASS_PJ')]"),
        ("BR-FR-CDV-CL-09_MDT-113_501", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '501']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(starts-with(., 'IRR_'))]"),
        ("BR-FR-04_MDT-91", "//cdar:AcknowledgementDocument/ram:ReferenceReferencedDocument/ram:TypeCode[not(contains(' 380 389 393 501 386 500 384 471 472 473 261 262 381 396 502 503 ', concat(' ', ., ' ')))]"),
        ("BR-FR-CDV-CL-02_MDT-21_23", "//cdar:ExchangedDocument[../cdar:AcknowledgementDocument/ram:TypeCode = '23' and not(ram:SenderTradeParty[ram:RoleCode = 'BY' or ram:RoleCode = 'AB' or ram:RoleCode = 'DL' or ram:RoleCode = 'SE' or ram:RoleCode = 'SR' or ram:RoleCode = 'PE' or ram:RoleCode = 'PR' or ram:RoleCode = 'II' or ram:RoleCode = 'IV' or ram:RoleCode = 'WK'])]"),
        ("BR-FR-CDV-CL-03_MDT-40_23", "//cdar:ExchangedDocument[../cdar:AcknowledgementDocument/ram:TypeCode = '23' and not(ram:IssuerTradeParty[ram:RoleCode = 'BY' or ram:RoleCode = 'AB' or ram:RoleCode = 'DL' or ram:RoleCode = 'SE' or ram:RoleCode = 'SR' or ram:RoleCode = 'PE' or ram:RoleCode = 'PR' or ram:RoleCode = 'II' or ram:RoleCode = 'IV'])]"),
        ("BR-FR-CDV-14_MDT-207", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '212'][not(ram:SpecifiedDocumentStatus/ram:SpecifiedDocumentCharacteristic[ram:TypeCode = 'MEN'])] | //ram:SpecifiedDocumentCharacteristic[ram:TypeCode = 'MEN'][not(ram:ValueAmount) or not(ram:ValuePercent)]"),
        ("BR-FR-CDV-CL-09_MDT-113_210B2G", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '210']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(. = 'TX_TVA_ERR' or . = 'MONTANTTOTAL_ERR' or . = 'CALCUL_ERR' or . = 'NON_CONFORME' or . = 'DOUBLON' or . = 'DEST_ERR' or . = 'TRANSAC_INC' or . = 'EMMET_INC' or . = 'CONTRAT_TERM' or . = 'DOUBLE_FACT' or . = 'CMD_ERR' or . = 'ADR_ERR' or . = 'REF_CT_ABSENT' or . = 'RETRAIT_MAN_SERV' or . = 'ST_CT_NON_DECLAR' or . = 'SUPPR_COMP_AVOIR' or . = 'TRANSF_PMNT_REGIE' or . = 'CONTACT_ACHTR' or . = 'AUTRE' or . = 'COORD_BANC_ERR' or . = 'LIVR_INCOMP')]"),
        ("BR-FR-CDV-CL-09_MDT-113_208", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '208']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(. = 'JUSTIF_ABS' or . = 'COORD_BANC_ERR' or . = 'CMD_ERR' or . = 'SIRET_ERR' or . = 'CODE_ROUTAGE_ERR' or . = 'REF_CT_ABSENT' or . = 'REF_ERR')]"),
        ("BR-FR-CDV-CL-09_MDT-113_207", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '207']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(. = 'AUTRE' or . = 'COORD_BANC_ERR' or . = 'TX_TVA_ERR' or . = 'MONTANTTOTAL_ERR' or . = 'CALCUL_ERR' or . = 'NON_CONFORME' or . = 'DOUBLON' or . = 'DEST_INC' or . = 'DEST_ERR' or . = 'TRANSAC_INC' or . = 'EMMET_INC' or . = 'CONTRAT_TERM' or . = 'DOUBLE_FACT' or . = 'CMD_ERR' or . = 'ADR_ERR' or . = 'SIRET_ERR' or . = 'CODE_ROUTAGE_ERR' or . = 'REF_CT_ABSENT' or . = 'REF_ERR' or . = 'PU_ERR' or . = 'REM_ERR' or . = 'QTE_ERR' or . = 'ART_ERR' or . = 'MODPAI_ERR' or . = 'QUALITE_ERR' or . = 'LIVR_INCOMP')]"),
        ("BR-FR-CDV-CL-09_MDT-113_221", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '221']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(. = 'ROUTAGE_ERR')]"),
        ("BR-FR-CDV-CL-11_MDT-207", "//ram:SpecifiedDocumentCharacteristic/ram:TypeCode[not(contains(' MEN MPA RAP ESC RAB REM MAP MAPTTC MNA MNATTC CBB DIV DVA MAJ ', concat(' ', ., ' ')))]"),
        ("BR-FR-CDV-CL-09_MDT-113_200", "//ram:ReferenceReferencedDocument[ram:ProcessConditionCode = '200']/ram:SpecifiedDocumentStatus/ram:ReasonCode[not(. = 'NON_TRANSMISE')]"),
    ]

    @Test("every CDAR message passes the BR-FR-CDV rules")
    func frenchLifecycleRules() throws {
        for message in Self.messages {
            let xpath = try XPathOracle(path: message.path)
            #expect(xpath.count("/cdar:CrossDomainAcknowledgementAndResponse/cdar:AcknowledgementDocument") == 1, "\(message.lastPathComponent)")
            for rule in Self.cdvRules {
                #expect(xpath.count(rule.violations) == 0, "\(message.lastPathComponent) fails \(rule.id)")
            }
            // The name says the message: <id>.<sequence>.<status>.cdar.xml, and the status is the one inside.
            let parts = message.lastPathComponent.split(separator: ".")
            #expect(xpath.string("//ram:ReferenceReferencedDocument/ram:ProcessConditionCode") == String(parts[parts.count - 3]))
        }
    }

    static var chorusMessages: [URL] {
        batches.flatMap { batch in
            let folder = URL(fileURLWithPath: folder(batch) + "/expected/outbox")
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            return files.filter { $0.hasSuffix(".cppstatut.xml") }.sorted().map { folder.appendingPathComponent($0) }
        }
    }

    @Test("every CPPStatut written is valid against the Chorus Pro schema and tells the status of its CDAR twin")
    func chorusStatuses() throws {
        let schemas = try StatusFlow.Schemas(folder: SharedFiles.root.appendingPathComponent("schemas").path)
        let messages = Self.chorusMessages
        // receiver-statuses: SUP1 wants them, for the eight changes of state (not for 207 and 212).
        #expect(messages.count == 8)
        for message in messages {
            let errors = schemas.cppStatut.violations(validatingFile: message.path)
            #expect(errors.isEmpty, "\(message.lastPathComponent): \(errors)")
            let bytes = try Array(Data(contentsOf: message))
            let flow = try bytes.withUnsafeBytes { try StatusFlow.read($0, name: message.lastPathComponent, schemas: schemas) }
            // FAC-2026-0000002.003.210.cppstatut.xml: the reform code 210 is Chorus Pro's 05.
            let code = Int(message.lastPathComponent.split(separator: ".")[2])!
            guard case .chorus(let id) = flow.lines.first?.request.status else {
                Issue.record("\(message.lastPathComponent): no status line")
                continue
            }
            #expect(LifecycleState(chorusId: id)?.reformCode == code, "\(message.lastPathComponent)")
            #expect(flow.lines.first?.sellerSIREN == "412345670")
        }
        // A broken one is refused: the validator does validate.
        let broken = try String(contentsOf: messages[0], encoding: .utf8).replacingOccurrences(of: "<IdStatut>", with: "<IdStatus>")
            .replacingOccurrences(of: "</IdStatut>", with: "</IdStatus>")
        #expect(!Array(broken.utf8).withUnsafeBytes { schemas.cppStatut.violations(in: $0) }.isEmpty)
    }

    @Test("statuses of recipients are forwarded as processing-phase messages issued by the recipient")
    func forwardedStatuses() throws {
        let forwarded = try Self.messages.filter { try XPathOracle(path: $0.path).string("//cdar:AcknowledgementDocument/ram:TypeCode") == "23" }
        func codes(_ batch: String) -> [String] {
            forwarded.filter { $0.path.contains("/\(batch)/") }.map { String($0.lastPathComponent.split(separator: ".")[2]) }.sorted()
        }
        // receiver-statuses: 204 205 205 211 (F-ST-001), 210, 208, 204 207 212 221 (F-ST-004).
        #expect(codes("receiver-statuses") == ["204", "204", "205", "205", "207", "208", "210", "211", "212", "221"])
        // supplier-actions: 221 221 208 210 from the recipients, 209 from the seller's completion.
        #expect(codes("supplier-actions") == ["208", "209", "210", "221", "221"])
        for message in forwarded {
            let xpath = try XPathOracle(path: message.path)
            let issuer = message.lastPathComponent.hasSuffix(".209.cdar.xml") ? "SE" : "BY"
            #expect(xpath.string("//cdar:ExchangedDocument/ram:IssuerTradeParty/ram:RoleCode") == issuer, "\(message.lastPathComponent)")
        }
    }

    /// lifecycle.md, "Transitions", counted by hand: from MISE_A_DISPOSITION and COMPLETEE eight
    /// statuses (04 to 11), from SERVICE_FAIT seven, MANDATEE six, MISE_A_DISPOSITION_COMPTABLE five,
    /// COMPTABILISEE four.
    @Test("the lifecycle-transitions batch takes every allowed transition, each accepted into its state")
    func everyTransition() throws {
        let folder = Self.folder("lifecycle-transitions") + "/expected/outbox/receiver/CNX-CHORUS-ARMEES"
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".report.json") }.sorted()
        let last = try #require(reports.last)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + last))) as? [String: Any])
        let lines = report["lines"] as? [[String: Any]] ?? []
        var starts: [String: Int] = [:]
        let states = ["04": "A_RECYCLER", "05": "REJETEE", "06": "SUSPENDUE", "07": "SERVICE_FAIT", "08": "MANDATEE",
                      "09": "MISE_A_DISPOSITION_COMPTABLE", "10": "COMPTABILISEE", "11": "MISE_EN_PAIEMENT"]
        for line in lines {
            let number = line["number"] as? String ?? ""  // F-TR-<from>-<to>
            let parts = number.split(separator: "-")
            starts[String(parts[2]), default: 0] += 1
            #expect(line["verdict"] as? String == "accepted", "\(number)")
            #expect(line["state"] as? String == states[String(parts[3])], "\(number)")
        }
        #expect(starts == ["MAD": 8, "COMPLETEE": 8, "SF": 7, "MAN": 6, "MADC": 5, "COMPTA": 4])
        #expect(report["status"] as? String == "ST_TRAITE")
    }

    @Test("a rejection lists every reason, each once per cause")
    func everyReason() throws {
        let folder = Self.folder("mixed-rejections") + "/expected/outbox/emitter/SUP1"
        let xpath = try XPathOracle(path: folder + "/FLX-2026-0000010.001.213.cdar.xml")
        let reasons = (1...xpath.count("//ram:SpecifiedDocumentStatus")).map {
            xpath.string("//ram:SpecifiedDocumentStatus[\($0)]/ram:ReasonCode")
        }
        #expect(Set(reasons) == ["REJ_SEMAN", "REJ_ASS_PJ", "DEST_INC"])
        #expect(reasons.count == 5)
    }
}
