import FacteurDirectory
import FacteurModel
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// Reading `structures.csv` and `services.csv`: the fixture directory (a dozen structures covering
/// every flag), and files refused whole with every bad row and cell listed.
@Suite("Directory files")
struct DirectoryFilesTests {
    private static func fixture() throws -> (structures: [PublicStructure], services: [PublicService]) {
        try FixtureDirectory.read()
    }

    private static func problems(structures: String, services: String) -> [DirectoryFileProblem] {
        do {
            _ = try DirectoryFiles.read(structures: Array(structures.utf8), services: Array(services.utf8))
            return []
        } catch {
            return error.problems
        }
    }

    static let header = "siret;name;active;successor_siret;service_required;engagement_required;service_or_engagement;payment_status_managed;moa_only;edi_connection"
    static let serviceHeader = "siret;code;name;active;engagement_required;valid_from;valid_to;edi_excluded"

    @Test func theFixtureDirectory() throws {
        let (structures, services) = try Self.fixture()
        #expect(structures.count == 12)
        #expect(services.count == 10)
        let byID = Dictionary(uniqueKeysWithValues: structures.map { ($0.siret, $0) })
        let old = try #require(byID["13000123300027"])
        #expect(!old.active && old.successorSIRET == "13000123300019")
        let armies = try #require(byID["11004401300016"])
        #expect(armies.serviceRequired && armies.ediConnection == "CNX-CHORUS-ARMEES" && armies.paymentStatusManaged)
        #expect(byID["20006646200017"]?.engagementRequired == true)
        #expect(byID["21750001600019"]?.serviceOrEngagement == true)
        #expect(byID["13002526500013"]?.moaOnly == true)
        // A quoted cell keeps its semicolon; an unknown column (comment) is ignored.
        #expect(byID["12002701600019"]?.name == "Établissement public; administratif")
        let pharmacy = try #require(services.first { $0.code == "PHARMACIE" })
        #expect(pharmacy.validFrom == CalendarDate(year: 2026, month: 1, day: 1))
        #expect(pharmacy.validTo == CalendarDate(year: 2026, month: 12, day: 31))
        #expect(services.first { $0.code == "COMMUNICATION" }?.ediExcluded == true)
        #expect(services.first { $0.code == "SCA-TOULON" }?.active == false)
    }

    @Test(arguments: ["fr-b2g-full.ubl.xml", "fr-b2g-full.cii.xml"])
    func theFrenchFixtureIsRoutedWithTheFixtureDirectory(_ fixture: String) throws {
        let (structures, services) = try Self.fixture()
        let invoice = try InvoiceReader().read(file: SharedFiles.packageRoot.appendingPathComponent("Fixtures/invoices/\(fixture)").path)
        let decision = try Router.route(invoice, directory: DirectorySnapshot(structures: structures, services: services),
                                    on: CalendarDate(year: 2026, month: 11, day: 23)!)
        #expect(decision.findings.isEmpty, "\(decision.findings)")
        #expect(decision.target == .portal(siret: "13000123300019"))
    }

    @Test func everyBadRowAndCellIsListed() {
        let structures = """
            \(Self.header)
            13000123300019;DRFiP;true;;false;false;false;true;false;
            13000123300018;Bad check digit;true;;false;false;false;true;false;
            11004401300016;;yes;12345;false;false;false;true;false;CNX
            13000123300019;Twice;true;;false;false;false;true;false;
            20006646200017;Too few cells;true
            """
        let services = """
            \(Self.serviceHeader)
            13000123300019;ACHATS;Achats;true;false;2026-02-30;;false
            13000123300019;ACHATS;Again;true;false;;;false
            99999999999999;X;Unknown structure;true;false;;;false
            13000123300019;\(String(repeating: "C", count: 101));Long code;true;false;;;false
            13000123300019;DATES;Backwards;true;false;2026-06-01;2026-01-01;false
            """
        let found = Self.problems(structures: structures, services: services).map { "\($0.file):\($0.line):\($0.column ?? "-")" }
        #expect(found == [
            "structures.csv:3:siret",            // check digit
            "structures.csv:4:name",             // empty
            "structures.csv:4:active",           // not a boolean
            "structures.csv:4:successor_siret",  // not a SIRET
            "structures.csv:5:siret",            // listed twice
            "structures.csv:6:-",                // cell count
            "services.csv:2:valid_from",         // no 30 February
            "services.csv:3:code",               // twice in the structure
            "services.csv:4:siret",              // not a SIRET (check digit)
            "services.csv:5:code",               // over 100 characters
            "services.csv:6:valid_to",           // ends before it starts
        ])
    }

    @Test func aServiceOfAnUnknownStructure() {
        let problems = Self.problems(structures: "\(Self.header)\n13000123300019;DRFiP;true;;false;false;false;true;false;\n",
                                     services: "\(Self.serviceHeader)\n11004401300016;X;Ailleurs;true;false;;;false\n")
        #expect(problems.map(\.why) == ["no structure of structures.csv has this SIRET"])
        #expect(problems.first?.value == "11004401300016")
    }

    @Test func aHeaderWithoutAColumnRefusesTheFile() {
        let problems = Self.problems(structures: "siret;name;active\n13000123300019;DRFiP;true\n", services: Self.serviceHeader)
        #expect(problems.map { $0.column ?? "" } == ["service_required", "engagement_required", "service_or_engagement",
                                                     "payment_status_managed", "moa_only"])
    }

    @Test func byteOrderMarkLineEndingsAndQuotes() throws {
        let structures = "\u{FEFF}name;siret;active;service_required;engagement_required;service_or_engagement;payment_status_managed;moa_only\r\n"
            + "\"Ville \"\"centre\"\";\r\nannexe\";21750001600019;true;false;false;false;true;false\r\n"
        let (read, _) = try DirectoryFiles.read(structures: Array(structures.utf8), services: Array(Self.serviceHeader.utf8))
        #expect(read.map(\.name) == ["Ville \"centre\";\r\nannexe"])
        #expect(read.first?.siret == "21750001600019")
    }

    @Test func textThatIsNotUTF8() {
        // A name written in Latin-1 (0xE9 for é): the cell is named.
        var structures = Array("\(Self.header)\n13000123300019;D".utf8)
        structures += [0xE9]
        structures += Array("partement;true;;false;false;false;true;false;\n".utf8)
        do {
            _ = try DirectoryFiles.read(structures: structures, services: Array(Self.serviceHeader.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map { "\($0.line):\($0.column ?? "-"):\($0.why)" } == ["2:name:not UTF-8 text"])
        }
    }
}
