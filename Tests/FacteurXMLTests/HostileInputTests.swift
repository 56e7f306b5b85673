import FacteurModel
import FacteurTestSupport
import FacteurXML
import Foundation
import Testing

/// Hostile input is normal input: each of these gets a `ReadError` with a clear one-line reason,
/// never a crash, a hang, a network access or a file read outside the document.
@Suite("Hostile input")
struct HostileInputTests {
    static func minimalUBL(sellerName: String = "Vendeur SA", extra: String = "") -> String {
        """
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
          xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
          xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:ID>F-2026-001</cbc:ID>
          <cbc:IssueDate>2026-09-01</cbc:IssueDate>
          <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
          \(extra)
          <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity>
            <cbc:RegistrationName>\(sellerName)</cbc:RegistrationName>
          </cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
          <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
        </Invoice>
        """
    }

    static func error(_ bytes: [UInt8], limits: XMLLimits = .default) -> ReadError? {
        do {
            _ = try InvoiceReader(limits: limits).read(bytes)
            return nil
        } catch let error as ReadError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    static func error(_ text: String, limits: XMLLimits = .default) -> ReadError? {
        error(Array(text.utf8), limits: limits)
    }

    static func expectOneLine(_ error: ReadError?, _ code: ReadError.Code, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(error.map { !$0.message.contains("\n") && !$0.message.isEmpty } == true, sourceLocation: sourceLocation)
    }

    @Test func minimalInvoiceIsReadable() throws {
        let invoice = try InvoiceReader().read(Array(Self.minimalUBL().utf8))
        #expect(invoice.number?.value == "F-2026-001")
        #expect(invoice.seller?.name?.value == "Vendeur SA")
    }

    @Test func emptyAndBlank() {
        Self.expectOneLine(Self.error([]), .empty)
        Self.expectOneLine(Self.error(" \n\t\r\n"), .empty)
    }

    @Test("not XML at all", arguments: [
        "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "PK\u{03}\u{04}\u{14}\u{00}",
        "Numéro;Date;Montant\nF-1;2026-09-01;120,00\n",
        "{\"invoice\": 1}",
        "<html><body><p>unclosed</body></html>",
    ])
    func notXML(text: String) {
        Self.expectOneLine(Self.error(text), .malformedXML)
    }

    @Test func binaryGarbage() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        Self.expectOneLine(Self.error(bytes), .malformedXML)
    }

    @Test func truncatedAtEveryTenthOfTheFile() throws {
        let url = SharedFiles.en16931.appendingPathComponent("examples/ubl/ubl-tc434-example1.xml")
        let bytes = try [UInt8](Data(contentsOf: url))
        for tenth in 1..<10 {
            let cut = Array(bytes.prefix(bytes.count * tenth / 10))
            let error = Self.error(cut)
            Self.expectOneLine(error, .malformedXML)
            #expect(error?.line != nil)
        }
    }

    @Test func externalEntityIsNeverRead() {
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            \(Self.minimalUBL(sellerName: "&xxe;"))
            """
        let error = Self.error(xxe)
        Self.expectOneLine(error, .doctypeForbidden)
        #expect(error?.line == 2)
        #expect(error.map { !$0.message.contains("root:") } == true)
    }

    @Test func externalDTDIsNeverFetched() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE Invoice SYSTEM "http://192.0.2.1/invoice.dtd">
            \(Self.minimalUBL())
            """
        Self.expectOneLine(Self.error(text), .doctypeForbidden)
    }

    @Test func billionLaughsIsRefusedAtOnce() {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "<!ENTITY lol\(level) \"\(previous)\">"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\(declarations)]>\n<lolz>&lol10;</lolz>"
        let clock = ContinuousClock()
        var error: ReadError?
        let elapsed = clock.measure { error = Self.error(text) }
        Self.expectOneLine(error, .doctypeForbidden)
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test func quadraticBlowupIsRefused() {
        let big = String(repeating: "x", count: 100_000)
        let refs = String(repeating: "&a;", count: 10_000)
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"\(big)\">]>\n<r>\(refs)</r>"
        Self.expectOneLine(Self.error(text), .doctypeForbidden)
    }

    @Test func undeclaredEntitiesAreErrors() {
        Self.expectOneLine(Self.error(Self.minimalUBL(sellerName: "&nbsp;")), .malformedXML)
        Self.expectOneLine(Self.error("<a b=\"&x;\"/>"), .malformedXML)
    }

    @Test func predefinedAndCharacterReferencesAreFine() throws {
        let invoice = try InvoiceReader().read(Array(Self.minimalUBL(sellerName: "Dupont &amp; Fils &#233;&#x20AC;").utf8))
        #expect(invoice.seller?.name?.value == "Dupont & Fils é€")
    }

    @Test func deepNestingIsCapped() {
        let depth = 100_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        Self.expectOneLine(Self.error(text), .tooDeep)
        // Within the limit, depth alone is not an error (the document is just not an invoice).
        let shallow = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        Self.expectOneLine(Self.error(shallow), .unsupportedDocument)
    }

    @Test func elementCountIsCapped() {
        let text = "<r>" + String(repeating: "<e/>", count: 5_000) + "</r>"
        Self.expectOneLine(Self.error(text, limits: XMLLimits(maxElements: 1_000)), .tooManyElements)
        Self.expectOneLine(Self.error(text), .unsupportedDocument)
    }

    @Test func sizeIsCappedBeforeParsing() {
        let text = Self.minimalUBL()
        Self.expectOneLine(Self.error(text, limits: XMLLimits(maxBytes: 100)), .tooLarge)
    }

    @Test func aLargeAttachmentWithinTheLimitIsRead() throws {
        // 15 MB of base64 (an 11 MB attachment): over libxml2's default 10 MB text-node cap, which
        // the hardened parser replaces with its own limits.
        let base64 = String(repeating: "QUJD", count: 15_000_000 / 4)
        let extra = """
            <cac:AdditionalDocumentReference><cbc:ID>PJ-1</cbc:ID><cac:Attachment>
            <cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="pj.pdf">\(base64)</cbc:EmbeddedDocumentBinaryObject>
            </cac:Attachment></cac:AdditionalDocumentReference>
            """
        let invoice = try InvoiceReader().read(Array(Self.minimalUBL(extra: extra).utf8))
        #expect(invoice.supportingDocuments.first?.attachment?.base64.utf8.count == 15_000_000)
    }

    @Test func wrongEncodings() {
        // Latin-1 bytes in a document declared (or defaulting to) UTF-8.
        var latin1 = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        latin1 += Array(Self.minimalUBL(sellerName: "Soci\u{E9}t\u{E9}").unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        Self.expectOneLine(Self.error(latin1), .malformedXML)
        // An encoding nobody knows.
        Self.expectOneLine(Self.error("<?xml version=\"1.0\" encoding=\"x-klingon\"?>\n<a/>"), .malformedXML)
        // A NUL byte in the middle.
        var withNUL = Array(Self.minimalUBL().utf8)
        withNUL.insert(0, at: 200)
        Self.expectOneLine(Self.error(withNUL), .malformedXML)
    }

    @Test func declaredEncodingsAreHonoured() throws {
        // The same invoice in ISO-8859-1 and in UTF-16 with a byte-order mark reads the same.
        let body = Self.minimalUBL(sellerName: "Société Générale")
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".utf8)
            + body.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        #expect(try InvoiceReader().read(latin1).seller?.name?.value == "Société Générale")
        let units = Array(("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + body).utf16)
        let utf16: [UInt8] = [0xFF, 0xFE] + units.flatMap { (unit: UInt16) -> [UInt8] in
            [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        #expect(try InvoiceReader().read(utf16).seller?.name?.value == "Société Générale")
    }

    @Test("well-formed XML that is not an invoice", arguments: [
        ("<Invoice/>", "without namespace"),
        ("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>", "Order-2"),
        ("<rsm:CrossDomainAcknowledgementAndResponse xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100\"/>",
         "CrossDomainAcknowledgementAndResponse"),
        ("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", "'html'"),
    ])
    func unsupported(text: String, mentioned: String) {
        let error = Self.error(text)
        Self.expectOneLine(error, .unsupportedDocument)
        #expect(error?.message.contains(mentioned) == true, "\(error?.message ?? "")")
        #expect(error?.code.reformReason == "IRR_TYPE_F")
    }

    @Test func invalidValuesAreKeptForTheRules() throws {
        // A document that parses is read whatever its values: the rules, not the reader, judge them.
        let extra = "<cbc:DueDate>2026-02-30</cbc:DueDate>"
        let text = Self.minimalUBL(extra: extra).replacingOccurrences(of: "120.00", with: "12O,00")
        let invoice = try InvoiceReader().read(Array(text.utf8))
        #expect(invoice.paymentDueDate?.lexical == "2026-02-30")
        #expect(invoice.paymentDueDate?.value == nil)
        #expect(invoice.totals?.amountDue?.lexical == "12O,00")
        #expect(invoice.totals?.amountDue?.value == nil)
    }

    @Test func chargeIndicatorsAreBooleans() throws {
        // xs:boolean: "1" and " true " are true, "0" and "false" false; anything else is not a charge.
        let extra = ["1", " true ", "0", "false"].map { indicator in
            """
            <cac:AllowanceCharge><cbc:ChargeIndicator>\(indicator)</cbc:ChargeIndicator>
            <cbc:AllowanceChargeReason>\(indicator)</cbc:AllowanceChargeReason>
            <cbc:Amount currencyID="EUR">1.00</cbc:Amount></cac:AllowanceCharge>
            """
        }.joined()
        let text = Self.minimalUBL().replacingOccurrences(of: "<cac:LegalMonetaryTotal>", with: extra + "<cac:LegalMonetaryTotal>")
        let invoice = try InvoiceReader().read(Array(text.utf8))
        #expect(invoice.charges.map { $0.reason?.value } == ["1", " true "])
        #expect(invoice.allowances.map { $0.reason?.value } == ["0", "false"])
    }
}
