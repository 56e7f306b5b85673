import FacteurModel

/// Lifecycle messages as CDAR documents (UN/CEFACT CrossDomainAcknowledgementAndResponse D22B),
/// the message of the French reform, as `../shared/specs/lifecycle.md` fixes them: one
/// `AcknowledgementDocument` per message, Facteur the sending platform (role WK), context
/// `REGULATED` with guideline `urn.cpro.gouv.fr:1p0:CDV:invoice`.
public struct LifecycleMessage: Sendable, Hashable {
    /// The message id, which is also the file name without `.cdar.xml`.
    public var id: String
    public var issuedAt: Instant
    /// The reform status code: 200, 203, 213, 501, …
    public var status: Int
    /// The invoice the message is about (for 501, the flow).
    public var invoice: InvoiceReference
    /// Who the message goes to: the seller, or the depositing connection when the seller is not known.
    public var recipient: Recipient
    /// One status block per reason (every cause of a rejection), in order.
    public var reasons: [Reason] = []
    /// Who decided the status: Facteur for its own (transmission phase); for the processing phase
    /// (BR-FR-CDV-07: the issuer is identified) the recipient for the statuses it sent, the seller
    /// for its completion.
    public var issuer: Issuer = .platform

    public enum Issuer: Sendable, Hashable {
        case platform
        /// The buyer, by SIRET (role BY).
        case buyer(siret: String)
        /// The seller, by SIREN (role SE).
        case seller(siren: String)
    }
    /// The recipient's free comment, in the first status block.
    public var comment: String?
    /// Amounts given with the status (212 carries the amount cashed with its VAT rate), in the first
    /// status block.
    public var amounts: [StatusRequest.Amount] = []

    public struct InvoiceReference: Sendable, Hashable {
        /// BT-1, as written (for a 501, the flow id).
        public var number: String
        /// BT-2.
        public var issueDate: CalendarDate?
        /// BT-3.
        public var typeCode: String?
        /// BT-30 with scheme 0002.
        public var sellerSIREN: String?
        /// The buyer's SIRET (the public recipient).
        public var buyerSIRET: String?
    }

    public enum Recipient: Sendable, Hashable {
        /// The seller: SIREN and electronic address (BT-34 and its scheme).
        case seller(siren: String?, address: String, scheme: String?)
        /// A connection of the platform (an operator depositing for suppliers).
        case connection(String)
    }

    public struct Reason: Sendable, Hashable {
        public var code: String?
        public var text: String?
    }

    public init(id: String, issuedAt: Instant, status: Int, invoice: InvoiceReference, recipient: Recipient, reasons: [Reason] = [],
                issuer: Issuer = .platform, comment: String? = nil, amounts: [StatusRequest.Amount] = []) {
        self.id = id
        self.issuedAt = issuedAt
        self.status = status
        self.invoice = invoice
        self.recipient = recipient
        self.reasons = reasons
        self.issuer = issuer
        self.comment = comment
        self.amounts = amounts
    }

    /// 305 (transmission phase) for the platform's own statuses, 23 (processing phase) for the others.
    public var typeCode: Int {
        [200, 201, 202, 203, 213, 501].contains(status) ? 305 : 23
    }

    /// The reform status names, as the ProcessCondition text.
    static let statusNames: [Int: String] = [
        200: "Déposée", 201: "Émise", 202: "Reçue", 203: "Mise à disposition", 204: "Prise en charge",
        205: "Approuvée", 206: "Approuvée partiellement", 207: "En litige", 208: "Suspendue", 209: "Complétée",
        210: "Refusée", 211: "Paiement transmis", 212: "Encaissée", 213: "Rejetée", 214: "Visée",
        221: "Erreur de routage", 501: "Irrecevable",
    ]

    /// The French invoice type codes (BR-FR-04, MDT-91): a rejected invoice's code outside them is
    /// left out of the message (the element is optional).
    static let frenchTypeCodes: Set<String> = ["380", "389", "393", "501", "386", "500", "384", "471", "472", "473", "261", "262",
                                               "381", "396", "502", "503"]

    /// The document, as UTF-8 bytes.
    public var xml: [UInt8] {
        var x = XMLText()
        x.raw("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rsm:CrossDomainAcknowledgementAndResponse \
            xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100" \
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" \
            xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" \
            xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
              <rsm:ExchangedDocumentContext>
                <ram:BusinessProcessSpecifiedDocumentContextParameter>
                  <ram:ID>REGULATED</ram:ID>
                </ram:BusinessProcessSpecifiedDocumentContextParameter>
                <ram:GuidelineSpecifiedDocumentContextParameter>
                  <ram:ID>urn.cpro.gouv.fr:1p0:CDV:invoice</ram:ID>
                </ram:GuidelineSpecifiedDocumentContextParameter>
              </rsm:ExchangedDocumentContext>
              <rsm:ExchangedDocument>

            """)
        x.element("ram:ID", id, indent: 4)
        x.dateTime("ram:IssueDateTime", issuedAt, indent: 4)
        x.raw("""
                <ram:SenderTradeParty>
                  <ram:Name>Facteur</ram:Name>
                  <ram:RoleCode>WK</ram:RoleCode>
                </ram:SenderTradeParty>

            """)
        x.raw("    <ram:IssuerTradeParty>\n")
        switch issuer {
        case .platform:
            x.raw("      <ram:Name>Facteur</ram:Name>\n      <ram:RoleCode>WK</ram:RoleCode>\n")
        case .buyer(let siret):
            x.element("ram:GlobalID", siret, attribute: ("schemeID", "0009"), indent: 6)
            x.element("ram:RoleCode", "BY", indent: 6)
        case .seller(let siren):
            x.element("ram:GlobalID", siren, attribute: ("schemeID", "0002"), indent: 6)
            x.element("ram:RoleCode", "SE", indent: 6)
        }
        x.raw("    </ram:IssuerTradeParty>\n    <ram:RecipientTradeParty>\n")
        switch recipient {
        case .seller(let siren, let address, let scheme):
            if let siren { x.element("ram:GlobalID", siren, attribute: ("schemeID", "0002"), indent: 6) }
            x.element("ram:RoleCode", "SE", indent: 6)
            x.raw("      <ram:URIUniversalCommunication>\n")
            x.element("ram:URIID", address, attribute: scheme.map { ("schemeID", $0) }, indent: 8)
            x.raw("      </ram:URIUniversalCommunication>\n")
        case .connection(let name):
            x.element("ram:ID", name, indent: 6)
            x.element("ram:RoleCode", "WK", indent: 6)
        }
        x.raw("""
                </ram:RecipientTradeParty>
              </rsm:ExchangedDocument>
              <rsm:AcknowledgementDocument>

            """)
        x.element("ram:TypeCode", String(typeCode), indent: 4)
        x.dateTime("ram:IssueDateTime", issuedAt, indent: 4)
        x.raw("    <ram:ReferenceReferencedDocument>\n")
        x.element("ram:IssuerAssignedID", invoice.number, indent: 6)
        if let type = invoice.typeCode, Self.frenchTypeCodes.contains(type) {
            x.element("ram:TypeCode", type, indent: 6)
        }
        if let date = invoice.issueDate {
            x.raw("      <ram:FormattedIssueDateTime>\n")
            let format102 = zeroPadded(date.year, 4) + zeroPadded(date.month, 2) + zeroPadded(date.day, 2)
            x.element("qdt:DateTimeString", format102, attribute: ("format", "102"), indent: 8)
            x.raw("      </ram:FormattedIssueDateTime>\n")
        }
        x.element("ram:ProcessConditionCode", String(status), indent: 6)
        if let name = Self.statusNames[status] { x.element("ram:ProcessCondition", name, indent: 6) }
        if let siren = invoice.sellerSIREN {
            x.raw("      <ram:IssuerTradeParty>\n")
            x.element("ram:GlobalID", siren, attribute: ("schemeID", "0002"), indent: 8)
            x.element("ram:RoleCode", "SE", indent: 8)
            x.raw("      </ram:IssuerTradeParty>\n")
        }
        if let buyer = invoice.buyerSIRET {
            x.raw("      <ram:RecipientTradeParty>\n")
            x.element("ram:GlobalID", buyer, attribute: ("schemeID", "0009"), indent: 8)
            x.element("ram:RoleCode", "BY", indent: 8)
            x.raw("      </ram:RecipientTradeParty>\n")
        }
        var blocks = reasons
        if blocks.isEmpty, comment != nil || !amounts.isEmpty { blocks = [Reason(code: nil, text: nil)] }
        for (index, reason) in blocks.enumerated() {
            x.raw("      <ram:SpecifiedDocumentStatus>\n")
            if let code = reason.code { x.element("ram:ReasonCode", code, indent: 8) }
            if let text = reason.text { x.element("ram:Reason", text, indent: 8) }
            if index == 0, let comment { x.element("ram:Reason", comment, indent: 8) }
            x.element("ram:SequenceNumeric", String(index + 1), indent: 8)
            if index == 0 {
                for amount in amounts {
                    x.raw("        <ram:SpecifiedDocumentCharacteristic>\n")
                    x.element("ram:TypeCode", amount.type, indent: 10)
                    x.element("ram:ValueAmount", amount.value.description, indent: 10)
                    if let rate = amount.vatRate { x.element("ram:ValuePercent", rate.description, indent: 10) }
                    x.raw("        </ram:SpecifiedDocumentCharacteristic>\n")
                }
            }
            x.raw("      </ram:SpecifiedDocumentStatus>\n")
        }
        x.raw("""
                </ram:ReferenceReferencedDocument>
              </rsm:AcknowledgementDocument>
            </rsm:CrossDomainAcknowledgementAndResponse>

            """)
        return x.bytes
    }
}

/// XML text built by appending: escaped character data and attribute values, fixed indentation.
struct XMLText {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    mutating func raw(_ text: String) {
        bytes += text.utf8
    }

    /// `<name attr="value">text</name>` on its own line.
    mutating func element(_ name: String, _ text: String, attribute: (String, String)? = nil, indent: Int) {
        bytes += repeatElement(UInt8(ascii: " "), count: indent)
        bytes.append(UInt8(ascii: "<"))
        bytes += name.utf8
        if let (key, value) = attribute {
            bytes.append(UInt8(ascii: " "))
            bytes += key.utf8
            bytes += "=\"".utf8
            escape(value)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
        escape(text)
        bytes += "</".utf8
        bytes += name.utf8
        bytes += ">\n".utf8
    }

    mutating func dateTime(_ name: String, _ instant: Instant, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        raw("\(pad)<\(name)>\n")
        element("udt:DateTimeString", instant.format204, attribute: ("format", "204"), indent: indent + 2)
        raw("\(pad)</\(name)>\n")
    }

    /// Character data: `&`, `<`, `>`, `"` escaped, CR as `&#13;`; the characters XML 1.0 forbids (the
    /// other C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD, so that a message quoting a hostile
    /// invoice stays well formed. Byte by byte: every other byte of the UTF-8 text is copied.
    private mutating func escape(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): bytes += "&amp;".utf8
                case UInt8(ascii: "<"): bytes += "&lt;".utf8
                case UInt8(ascii: ">"): bytes += "&gt;".utf8
                case UInt8(ascii: "\""): bytes += "&quot;".utf8
                case 0x0D: bytes += "&#13;".utf8
                case 0x09, 0x0A: bytes.append(byte)
                case 0x00..<0x20: bytes += "\u{FFFD}".utf8
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    bytes += "\u{FFFD}".utf8
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
    }
}
