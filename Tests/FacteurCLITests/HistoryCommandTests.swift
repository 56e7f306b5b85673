import FacteurTestSupport
import Foundation
import Testing

/// `facteur history` and `facteur stats` on the root of the supplier-actions batch, replayed: the
/// stories written out by hand from the batch's design (generate.py), not from the program.
@Suite("History and statistics")
struct HistoryCommandTests {
    /// Replays the batch and keeps its root.
    static func replayedRoot() throws -> String {
        let batch = SharedFiles.packageRoot.appendingPathComponent("Fixtures/batches/supplier-actions").path
        let replay = try ProcessRunner.run(SharedFiles.facteurExecutable, ["replay", batch, "--keep"], timeout: 60)
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        let marker = "root kept at "
        guard let range = replay.stderr.range(of: marker) else { throw CocoaError(.fileNoSuchFile) }
        return String(replay.stderr[range.upperBound...].prefix { $0 != "\n" })
    }

    static func facteur(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(SharedFiles.facteurExecutable, arguments, timeout: 30)
    }

    @Test("a recycled, a completed and a replaced invoice tell their story; unknown numbers and roots are said so")
    func stories() throws {
        let root = try Self.replayedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let at = "2026-09-20T09:00:00Z"
        let recycled = try Self.facteur(["history", "F-SA-001", "--root", root, "--seller", "412345670"])
        #expect(recycled.status == 0)
        #expect(recycled.stdout == """
            FAC-2026-0000001  invoice F-SA-001 of seller SIREN 412345670, issued 2026-09-15, type 380 (CII)
              recipient 26130008100013, service EXPLOITATION, commitment EJ-2026-0042; delivered to receiver/CNX-EAUX
              deposited by connection SUP1; bytes of flow FLX-2026-0000008; now MISE_A_DISPOSITION
              1. \(at)  200 DEPOSEE  by platform
              2. \(at)  201 EN_COURS_ACHEMINEMENT  by platform
              3. \(at)  203 MISE_A_DISPOSITION  by platform
              4. \(at)  221 A_RECYCLER  by recipient:CNX-PARIS
                   reason ROUTAGE_ERR
              5. \(at)  200 DEPOSEE  by platform
                   comment: deposited again by connection SUP1 in FLX-2026-0000008, its routing corrected
              6. \(at)  201 EN_COURS_ACHEMINEMENT  by platform
              7. \(at)  203 MISE_A_DISPOSITION  by platform

            """)
        let completed = try Self.facteur(["history", "F-SA-002", "--root", root])
        #expect(completed.stdout.hasSuffix("""
              4. \(at)  208 SUSPENDUE  by recipient:CNX-CHORUS-ARMEES
                   reason JUSTIF_ABS; comment: Bon de livraison manquant
              5. \(at)  209 COMPLETEE  by supplier:SUP1
                   comment: completed by connection SUP1 in FLX-2026-0000009

            """))
        #expect(completed.stdout.contains("bytes of flow FLX-2026-0000009; now COMPLETEE"))
        // The link, both ways.
        let refused = try Self.facteur(["history", "F-SA-003", "--root", root])
        // Replaced by F-SA-013 of its own connection; F-SA-023 of another connection is not linked.
        #expect(refused.stdout.contains("now REJETEE\n  replaced by FAC-2026-0000006 (invoice F-SA-013)\n  1. "))
        #expect(try Self.facteur(["history", "F-SA-023", "--root", root]).stdout.contains("replaces") == false)
        #expect(refused.stdout.contains("210 REJETEE  by recipient:CNX-CHORUS-ARMEES\n       reason AUTRE; comment: Commande annulée\n"))
        let replacing = try Self.facteur(["history", "F-SA-013", "--root", root, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(replacing.stdout.utf8)) as? [[String: Any]])
        #expect(json.count == 1)
        #expect(json.first?["replaces"] as? String == "FAC-2026-0000003")
        let steps = json.first?["history"] as? [[String: Any]] ?? []
        #expect(steps.map { $0["reform_code"] as? Int } == [200, 201, 203])
        #expect(steps.first?["comment"] as? String == "replaces FAC-2026-0000003 (invoice F-SA-003, refused)")

        let unknown = try Self.facteur(["history", "F-SA-999", "--root", root])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no accepted invoice numbered 'F-SA-999'"))
        // A rejected number is not an accepted invoice.
        #expect(try Self.facteur(["history", "F-SA-001", "--root", root, "--seller", "999999999"]).status == 1)
        let empty = try SharedFiles.temporaryDirectory("facteur-history")
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try Self.facteur(["history", "F-SA-001", "--root", empty.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no state at"))
        #expect(try Self.facteur(["history", "--root", root]).status == 64)
    }

    @Test("stats count invoices by state and by recipient, and flows by channel and status")
    func statistics() throws {
        let root = try Self.replayedRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stats = try Self.facteur(["stats", "--root", root])
        #expect(stats.status == 0)
        #expect(stats.stdout == """
            invoices by state
              MISE_A_DISPOSITION  4
              A_RECYCLER          1
              REJETEE             1
              COMPLETEE           1
            invoices by recipient
              11004401300016  4  Ministère des Armées, service du commissariat
              13000123300019  1  Direction régionale des finances publiques d'Île-de-France
              21750001600019  1  Ville de Paris
              26130008100013  1  Syndicat intercommunal des eaux
            flows by channel and status
              emitter IN_INTEGRE  9
              emitter IN_REJETE   3
              receiver ST_TRAITE  2
            invoices rejected by the platform: 3

            """)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Self.facteur(["stats", "--root", root, "--format", "json"]).stdout.utf8))
            as? [String: Any])
        #expect(json["rejected"] as? Int == 3)
    }
}
