import FacteurModel
import FacteurXML

/// Rules on the parties (seller, buyer, payee, tax representative, deliver-to), payment instructions
/// and references to other documents.
enum PartyRules {
    static let ubl: Set<String> = [
        "BR-09", "BR-11", "BR-17", "BR-18", "BR-19", "BR-20", "BR-56", "BR-57", "BR-62", "BR-63", "BR-CO-26",
        "BR-49", "BR-50", "BR-51", "BR-61", "BR-55", "BR-CO-09",
    ]
    static let cii: Set<String> = [
        "BR-09", "BR-11", "BR-17", "BR-18", "BR-19", "BR-20", "BR-56", "BR-57", "BR-62", "BR-63", "BR-CO-26",
        "BR-49", "BR-50", "BR-51", "BR-61", "BR-52", "BR-55", "BR-CO-09",
    ]

    static func check(_ invoice: Invoice, tree: XMLNode, into out: inout FindingCollector) {
        let syntax = invoice.syntax
        checkCountries(invoice, into: &out)
        if let payee = invoice.payee { checkPayee(payee, invoice, into: &out) }
        if let representative = invoice.taxRepresentative {
            let at = representative.location
            let named = syntax.isUBL ? XPath.hasValue(representative.name?.value) : representative.name != nil
            out.require(named, "BR-18", term: "BT-62", at: at, "the seller tax representative name (BT-62) is missing or empty")
            out.require(representative.address != nil, "BR-19", term: "BG-12", at: at,
                        "the seller tax representative postal address (BG-12) is missing")
            let country = representative.address?.countryCode?.value
            if syntax.isUBL {
                if representative.address != nil {
                    out.require(XPath.hasValue(country), "BR-20", term: "BT-69", at: representative.address?.location ?? at,
                                "the seller tax representative postal address has no country code (BT-69)")
                }
            } else {
                out.require(country != nil, "BR-20", term: "BT-69", at: representative.address?.location ?? at,
                            "the seller tax representative postal address has no country code (BT-69)")
            }
            let hasVAT = syntax.isUBL ? representative.vatIdentifier != nil : XPath.hasNormalizedValue(representative.vatIdentifier?.value)
            out.require(hasVAT, "BR-56", term: "BT-63", at: at, "the seller tax representative has no VAT identifier (BT-63)")
        }
        for (rule, term, address, what) in [("BR-62", "BT-34", invoice.seller?.electronicAddress, "seller"),
                                            ("BR-63", "BT-49", invoice.buyer?.electronicAddress, "buyer")] {
            guard let address else { continue }
            let hasScheme = syntax.isUBL ? address.scheme != nil : XPath.hasNormalizedValue(address.scheme)
            out.require(hasScheme, rule, term: term, at: address.location,
                        "the \(what) electronic address (\(term)) \(address.value) has no scheme identifier: expected an EAS code such as 0225 or 0009")
        }
        if syntax.isUBL {
            checkSupplierIdentifiedUBL(tree, invoice, into: &out)
        } else if let seller = invoice.seller {
            let identified = seller.vatIdentifier != nil || !seller.identifiers.isEmpty || seller.legalRegistrationIdentifier != nil
            out.require(identified, "BR-CO-26", term: "BT-29", at: seller.location,
                        "the seller has no identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31): expected at least one")
        }
        checkVATIdentifierPrefixes(invoice, into: &out)
        if let payment = invoice.paymentInstructions { checkPayment(payment, syntax: syntax, into: &out) }
        checkReferences(invoice, into: &out)
    }

    /// BR-CO-26 in UBL, on each `cac:AccountingSupplierParty` of the invoice, even one without its
    /// `cac:Party`: `exists(cac:Party/cac:PartyTaxScheme[cac:TaxScheme/normalize-space(upper-case(cbc:ID))
    /// ='VAT']/cbc:CompanyID) or exists(cac:Party/cac:PartyIdentification/cbc:ID[not(@schemeID = 'SEPA')])
    /// or exists(cac:Party/cac:PartyLegalEntity/cbc:CompanyID)`.
    private static func checkSupplierIdentifiedUBL(_ root: XMLNode, _ invoice: Invoice, into out: inout FindingCollector) {
        for supplier in root.childElements where supplier.hasLocalName("AccountingSupplierParty") && supplier.isInNamespace(TreePrefix.cac.uri) {
            var identified = false
            for party in supplier.childElements where party.hasLocalName("Party") && party.isInNamespace(TreePrefix.cac.uri) {
                for group in party.childElements where group.isInNamespace(TreePrefix.cac.uri) {
                    if group.hasLocalName("PartyTaxScheme") {
                        if XPath.hasVATScheme(group), group.hasChild("CompanyID", inNamespace: TreePrefix.cbc.uri) { identified = true }
                    } else if group.hasLocalName("PartyIdentification") {
                        if group.children("ID", inNamespace: TreePrefix.cbc.uri).contains(where: { $0.attribute("schemeID") != "SEPA" }) { identified = true }
                    } else if group.hasLocalName("PartyLegalEntity") {
                        if group.hasChild("CompanyID", inNamespace: TreePrefix.cbc.uri) { identified = true }
                    }
                }
            }
            out.require(identified, "BR-CO-26", term: "BT-29", at: invoice.seller.map { $0.location.resolved(in: invoice.elementPaths) } ?? supplier.location,
                        "the seller has no identifier (BT-29), legal registration identifier (BT-30) or VAT identifier (BT-31): expected at least one")
        }
    }

    /// BR-09, BR-11, BR-57: country codes of the seller, buyer and deliver-to addresses. UBL checks
    /// them when the address is there; CII checks the seller's and buyer's on the invoice itself.
    private static func checkCountries(_ invoice: Invoice, into out: inout FindingCollector) {
        for (rule, term, party, address) in [("BR-09", "BT-40", "seller", invoice.seller?.address),
                                             ("BR-11", "BT-55", "buyer", invoice.buyer?.address)] {
            // Built only for a finding.
            func message() -> String { "the \(party) postal address has no country code (\(term)): expected an ISO 3166-1 alpha-2 code such as FR" }
            if invoice.syntax.isUBL {
                if let address { out.require(XPath.hasValue(address.countryCode?.value), rule, term: term, at: address.location, message()) }
            } else {
                out.require(XPath.hasNormalizedValue(address?.countryCode?.value), rule, term: term,
                            at: address?.location ?? invoice.location, message())
            }
        }
        if let address = invoice.delivery?.address {
            let given = invoice.syntax.isUBL ? address.countryCode != nil : XPath.hasNormalizedValue(address.countryCode?.value)
            out.require(given, "BR-57", term: "BT-80", at: address.location,
                        "the deliver-to address (BG-15) has no country code (BT-80)")
        }
    }

    /// BR-17: a payee different from the seller is named; as the official rule has it, a payee with
    /// the seller's name or identifiers fails too.
    private static func checkPayee(_ payee: Payee, _ invoice: Invoice, into out: inout FindingCollector) {
        let seller = invoice.seller
        let sellerName = invoice.syntax.isUBL ? seller?.tradingName?.value : seller?.name?.value
        let sameName = payee.name != nil && payee.name?.value == sellerName
        let sameIdentifier = payee.identifier.map { id in seller?.identifiers.contains { $0.value == id.value } ?? false } ?? false
        var sameLegal = false
        if invoice.syntax == .cii, let legal = payee.legalRegistrationIdentifier?.value {
            sameLegal = seller?.legalRegistrationIdentifier?.value == legal
        }
        out.require(payee.name != nil && !sameName && !sameIdentifier && !sameLegal, "BR-17", term: "BT-59", at: payee.location,
                    payee.name == nil ? "the payee (BG-10) has no name (BT-59): a payee other than the seller must be named"
                        : "the payee (BG-10) has the seller's name or identifier: give a payee only when it differs from the seller")
    }

    /// BR-CO-09: VAT identifiers start with an ISO 3166-1 alpha-2 country code (or EL for Greece).
    private static func checkVATIdentifierPrefixes(_ invoice: Invoice, into out: inout FindingCollector) {
        let identifiers = [invoice.seller?.vatIdentifier, invoice.buyer?.vatIdentifier, invoice.taxRepresentative?.vatIdentifier]
        for identifier in identifiers.compactMap({ $0 }) {
            let prefix = String(identifier.value.prefix(2))
            // UBL: `contains(' AD AE ... ', substring(ID, 1, 2))`, a substring of the list (so an empty or
            // one-letter prefix found in it passes); CII: the prefix as a whole code of its own list.
            let known = invoice.syntax.isUBL ? CountryCodes.vatPrefixSubstringsUBL.contains(prefix) : CountryCodes.vatPrefixes.contains(prefix)
            out.require(known, "BR-CO-09", term: "BT-31", at: identifier.location,
                        "the VAT identifier \(identifier.value) does not start with a country code: expected an ISO 3166-1 alpha-2 prefix such as FR (EL for Greece)")
        }
    }

    private static func checkPayment(_ payment: PaymentInstructions, syntax: Syntax, into out: inout FindingCollector) {
        for entry in payment.means {
            out.require(entry.typeCode != nil, "BR-49", term: "BT-81", at: entry.location,
                        "the payment instructions (BG-16) have no payment means type code (BT-81): expected a UNTDID 4461 code such as 30 or 58")
            guard syntax.isUBL else {
                // CII (compiled artefact 1.3.15): both rules on each payee account of a means coded
                // exactly 30 or 58, which must have an IBAN or a proprietary identifier element.
                if let code = entry.typeCode?.value, code == "30" || code == "58", entry.hasPayeeAccount {
                    for rule in ["BR-50", "BR-61"] {
                        out.require(entry.payeeAccountIdentifier != nil, rule, term: "BT-84", at: entry.location,
                                    "the credit transfer (payment means \(code)) has a payee account without identifier (BT-84): expected ram:IBANID or ram:ProprietaryID")
                    }
                }
                continue
            }
            // BR-50 selects the element by its code as written, BR-61 by its normalised code.
            if let code = entry.typeCode?.value, code == "30" || code == "58", entry.hasPayeeAccount {
                out.require(XPath.hasValue(entry.payeeAccountIdentifier?.value), "BR-50", term: "BT-84", at: entry.location,
                            "the credit transfer (BG-17) has no payment account identifier (BT-84)")
            }
            let normalized = entry.typeCode.map { XPath.normalizeSpace($0.value) } ?? ""
            if normalized == "30" || normalized == "58" {
                out.require(entry.payeeAccountIdentifier != nil, "BR-61", term: "BT-84", at: entry.location,
                            "the payment means is a credit transfer (code \(normalized)) but has no payment account identifier (BT-84)")
            }
        }
        if let card = payment.card {
            let length = card.primaryAccountNumber?.value.count ?? 0
            if syntax.isUBL {
                out.require((4...6).contains(length), "BR-51", term: "BT-87", at: card.location,
                            "the payment card primary account number (BT-87) has \(length) characters: give only its last 4 to 6 digits")
            } else {
                out.require(length <= 10, "BR-51", term: "BT-87", at: card.location,
                            "the payment card primary account number (BT-87) has \(length) characters: never give a full card number (at most the first 6 and last 4 digits)")
            }
        }
    }

    /// BR-52 in CII (supporting documents have a reference; UBL's is checked on the tree, with the
    /// UBL syntax rules) and BR-55 (preceding invoices have a reference).
    private static func checkReferences(_ invoice: Invoice, into out: inout FindingCollector) {
        let syntax = invoice.syntax
        var references: [(String?, SourceLocation)] = []
        if syntax == .cii {
            // CII checks every AdditionalReferencedDocument, whatever its type and level.
            references = invoice.supportingDocuments.map { ($0.reference?.value, $0.location) }
            references += [invoice.tenderOrLotReference].compactMap { $0 }.map { ($0.value, $0.location) }
            references += [invoice.invoicedObjectIdentifier].compactMap { $0 }.map { ($0.value, $0.location) }
            references += invoice.lines.compactMap(\.objectIdentifier).map { ($0.value, $0.location) }
        }
        for (reference, location) in references {
            out.require(XPath.present(reference, in: syntax), "BR-52", term: "BT-122", at: location,
                        "the additional supporting document (BG-24) has no reference (BT-122)")
        }
        for preceding in invoice.precedingInvoices {
            let given = syntax.isUBL ? preceding.reference != nil : XPath.hasNormalizedValue(preceding.reference?.value)
            out.require(given, "BR-55", term: "BT-25", at: preceding.location,
                        "the preceding invoice reference (BG-3) does not give the preceding invoice number (BT-25)")
        }
    }
}

/// Country codes for VAT identifier prefixes (BR-CO-09): ISO 3166-1 alpha-2, with EL for Greece,
/// XI for Northern Ireland and 1A for Kosovo, as the official rules list them. The two syntaxes list
/// them differently (UBL 1.3.16 has SS and not AN) and test them differently.
enum CountryCodes {
    /// The UBL list as one string, as the UBL rule searches it.
    static let vatPrefixListUBL: String = " " + """
        1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
        BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG
        EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN
        HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK
        LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF
        NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
        SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
        UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW
        """.split(whereSeparator: \.isWhitespace).joined(separator: " ") + " "

    /// Every substring of at most two characters of the UBL list (the empty one too): the prefix is
    /// one of them exactly when the list string contains it, found by hashing instead of a search.
    static let vatPrefixSubstringsUBL: Set<String> = {
        let characters = Array(vatPrefixListUBL)
        var substrings: Set<String> = [""]
        for start in characters.indices {
            substrings.insert(String(characters[start]))
            if start + 1 < characters.count { substrings.insert(String(characters[start...(start + 1)])) }
        }
        return substrings
    }()

    /// The CII list, codes matched whole.
    static let vatPrefixes: Set<String> = Set("""
        1A AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BL BJ BM BN BO BQ BR BS BT BV
        BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET
        FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN
        IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF
        MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH
        PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SX SY SZ TC
        TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
