import FacteurModel

/// A status told in Chorus Pro's own format (`CPPStatut` with one `CPPFactureStatutUnitaire`, schema
/// `CPPStatutPivot_V1_19.xsd`), for the emitter connections that want it beside the CDAR message
/// (their software speaks Chorus Pro's pivot, not the reform's CDAR).
struct ChorusStatusMessage {
    /// The emitter connection it goes to (the `Recepteur`).
    var connection: String
    var issuedAt: Instant
    var state: LifecycleState
    var invoiceNumber: String
    var issueDate: CalendarDate?
    /// The supplier: its SIRET (or, failing one, its SIREN) and name.
    var sellerId: String
    var sellerName: String?
    var recipientSIRET: String
    var serviceCode: String?
    var comment: String?
    var mandate: String?

    /// A partner id of the envelope: 3 to 8 characters (the schema's bounds).
    static func partnerId(_ name: String) -> String {
        let cut = String(name.prefix(8))
        return cut.count >= 3 ? cut : cut + String(repeating: "_", count: 3 - cut.count)
    }

    var xml: [UInt8] {
        var x = XMLText()
        x.raw("""
            <?xml version="1.0" encoding="UTF-8"?>
            <CPPStatut Version="1.19">
              <Enveloppe>
                <EnveloppeUnitaire NumOrdre="1">
                  <Parametres>
                    <ParametreIndiv NumOrdre="0001">
                      <Code>APPLI</Code>
                      <Valeurparametre>FACTEUR</Valeurparametre>
                    </ParametreIndiv>
                    <ParametreIndiv NumOrdre="0002">
                      <Code>SYNTA</Code>
                      <Valeurparametre>IN_DP_E2_CPP_STATUT</Valeurparametre>
                    </ParametreIndiv>
                  </Parametres>
                  <Partenaires>
                    <Recepteur>

            """)
        x.element("Id", Self.partnerId(connection), indent: 10)
        x.element("Libelle", connection, indent: 10)
        x.raw("""
                    </Recepteur>
                    <Emetteur>
                      <Id>FACTEUR</Id>
                    </Emetteur>
                  </Partenaires>
                </EnveloppeUnitaire>
              </Enveloppe>
              <CPPFactureStatuts compteur="1">
                <CPPFactureStatutUnitaire NumOrdre="1">
                  <Fournisseur>
                    <TypeIdentifiant>1</TypeIdentifiant>

            """)
        x.element("Identifiant", sellerId, indent: 8)
        x.element("RaisonSociale", sellerName ?? "", indent: 8)
        x.raw("      </Fournisseur>\n      <Debiteur>\n        <TypeIdentifiant>1</TypeIdentifiant>\n")
        x.element("Identifiant", recipientSIRET, indent: 8)
        if let serviceCode { x.element("CodeService", serviceCode, indent: 8) }
        x.raw("      </Debiteur>\n      <DonneesStatut>\n")
        x.element("IdStatut", zeroPadded(state.chorusId, 2), indent: 8)
        if let comment { x.element("Commentaire", comment, indent: 8) }
        x.element("Horodatage", issuedAt.description, indent: 8)
        x.element("IdFacture", invoiceNumber, indent: 8)
        if let date = issueDate { x.element("DateFacture", date.description, indent: 8) }
        if let mandate { x.element("IdMandatDP", mandate, indent: 8) }
        x.raw("""
                  </DonneesStatut>
                </CPPFactureStatutUnitaire>
              </CPPFactureStatuts>
            </CPPStatut>

            """)
        return x.bytes
    }
}
