#!/usr/bin/env python3
"""Writes the inputs of the fixture batches (directory/, inbox/, clock) from the hand-checked
invoices of Fixtures/routing. Each change is textual and named here, so that a reader can check
what every flow is meant to test. The expected outboxes are made by `facteur replay BATCH --update`
and checked by hand; tests replay them byte for byte.

    python3 Fixtures/batches/generate.py        (then: facteur replay Fixtures/batches/<name> --update)
"""
import gzip, io, os, shutil, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
CLOCK = "2026-09-20T09:00:00Z\n"


def source(name, syntax):
    with open(os.path.join(FIXTURES, "routing", f"{name}.{syntax}.xml"), encoding="utf-8") as f:
        return f.read()


def french(xml, syntax):
    """The routing fixtures, made to pass the French rules: payment notes PMT, PMD, AAB (BR-FR-05)
    and an attachment qualifier from the French list (BR-FR-17)."""
    xml = xml.replace("Procès-verbal de réception", "PJA")
    if syntax == "ubl":
        notes = "".join(f"  <cbc:Note>#{code}#{text}</cbc:Note>\n" for code, text in NOTES)
        return xml.replace("  <cbc:TaxPointDate>", notes + "  <cbc:TaxPointDate>", 1)
    notes = "".join(f"    <ram:IncludedNote>\n      <ram:Content>{text}</ram:Content>\n"
                    f"      <ram:SubjectCode>{code}</ram:SubjectCode>\n    </ram:IncludedNote>\n" for code, text in NOTES)
    return xml.replace("  </rsm:ExchangedDocument>", notes + "  </rsm:ExchangedDocument>", 1)


NOTES = [("PMT", "Indemnité forfaitaire pour frais de recouvrement : 40 euros."),
         ("PMD", "Pénalités de retard : trois fois le taux d'intérêt légal."),
         ("AAB", "Pas d'escompte pour paiement anticipé.")]


def invoice(number, syntax, name="routed", buyer=None, service=None, commitment=None, valid=True, edit=None):
    """A routing fixture with another number (BT-1), optionally another buyer (SIRET, its SIREN
    follows), service code (BT-10) and commitment number (BT-13)."""
    xml = source(name, syntax)
    if valid:
        xml = french(xml, syntax)
    xml = xml.replace(">FA-2026-000123<", f">{number}<")
    if buyer:
        xml = xml.replace("13000123300019", buyer).replace("130001233", buyer[:9])
    if service:
        xml = xml.replace(">SERVICE-ACHATS<", f">{service}<")
    if commitment:
        xml = xml.replace(">EJ-2026-0042<", f">{commitment}<")
    if edit:
        xml = edit(xml)
    return xml.encode("utf-8")


def reset(batch):
    folder = os.path.join(HERE, batch)
    for part in ("inbox", "directory", "directory-3", "connections.csv"):
        target = os.path.join(folder, part)
        if os.path.isdir(target):
            shutil.rmtree(target)
        elif os.path.exists(target):
            os.remove(target)
    shutil.copytree(os.path.join(FIXTURES, "directory"), os.path.join(folder, "directory"))
    with open(os.path.join(folder, "clock"), "w") as f:
        f.write(CLOCK)
    return folder


def put(folder, path, data):
    target = os.path.join(folder, "inbox", path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)


def all_accepted():
    """Every invoice accepted, to each kind of recipient: the portal mailbox, EDI connections, and
    a service excluded from EDI delivery (portal)."""
    b = reset("all-accepted")
    put(b, "emitter/SUP1/01-portal.ubl.xml", invoice("F-ACC-001", "ubl"))
    put(b, "emitter/SUP1/02-portal.cii.xml", invoice("F-ACC-002", "cii"))
    put(b, "emitter/SUP1/03-armees.ubl.xml", invoice("F-ACC-003", "ubl", buyer="11004401300016", service="SCA-PARIS"))
    put(b, "emitter/SUP1/04-paris.cii.xml", invoice("F-ACC-004", "cii", buyer="21750001600019", service="DFA"))
    put(b, "emitter/SUP1/05-eaux.ubl.xml", invoice("F-ACC-005", "ubl", buyer="26130008100013", service="EXPLOITATION"))
    put(b, "emitter/SUP1/06-eaux-agence.cii.xml", invoice("F-ACC-006", "cii", buyer="26130008100013", service="COMMUNICATION"))


def mixed():
    """One flow per reason of a platform rejection (lifecycle.md), and accepted flows between them."""
    b = reset("mixed-rejections")
    put(b, "emitter/SUP1/01-accepted.ubl.xml", invoice("F-MIX-001", "ubl"))
    # REJ_SEMAN: the French payment notes are missing (BR-FR-05).
    put(b, "emitter/SUP1/02-rej-seman.ubl.xml", invoice("F-MIX-002", "ubl", valid=False))
    # MONTANTTOTAL_ERR: the amount due (BT-115) does not follow from the totals (BR-CO-16).
    put(b, "emitter/SUP1/03-montanttotal.ubl.xml", invoice("F-MIX-003", "ubl",
        edit=lambda x: x.replace('<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="EUR">1', 1)))
    # CALCUL_ERR: the sum of line net amounts (BT-106) is not the sum of the lines (BR-CO-10).
    put(b, "emitter/SUP1/04-calcul.cii.xml", invoice("F-MIX-004", "cii",
        edit=lambda x: x.replace("<ram:LineTotalAmount>", "<ram:LineTotalAmount>1", 1)))
    # REJ_COH: the seller's SIRET is not of its SIREN (B2G-11).
    put(b, "emitter/SUP1/05-rej-coh.ubl.xml", invoice("F-MIX-005", "ubl", name="b2g-11-seller-siret-of-another-siren"))
    # DEST_INC: the recipient is not in the directory (B2G-02).
    put(b, "emitter/SUP1/06-dest-inc.cii.xml", invoice("F-MIX-006", "cii", name="b2g-02-recipient-unknown"))
    # REJ_CONT_B2G: the service code is unknown (B2G-04).
    put(b, "emitter/SUP1/07-rej-cont-b2g.ubl.xml", invoice("F-MIX-007", "ubl", name="b2g-04-service-unknown"))
    # REJ_ASS_PJ: an attachment's file name is longer than 50 characters.
    put(b, "emitter/SUP1/08-rej-ass-pj.ubl.xml", invoice("F-MIX-008", "ubl",
        edit=lambda x: x.replace('filename="pv-reception.pdf"', 'filename="' + "proces-verbal-" * 4 + 'reception.pdf"')))
    # DOUBLON: the number of the first flow again (other bytes).
    put(b, "emitter/SUP1/09-doublon.cii.xml", invoice("F-MIX-001", "cii"))
    # Several causes at once: unknown recipient and missing notes: every reason listed.
    put(b, "emitter/SUP1/10-several.ubl.xml", invoice("F-MIX-010", "ubl", name="b2g-02-recipient-unknown", valid=False))
    put(b, "emitter/SUP1/11-accepted.cii.xml", invoice("F-MIX-011", "cii", buyer="11004401300016", service="SCA-PARIS"))


def duplicates():
    """Uniqueness across rounds: a number accepted once is DOUBLON afterwards, in either syntax and
    from another connection; a number the platform rejected may be deposited again."""
    b = reset("duplicates")
    put(b, "1/emitter/SUP1/a.ubl.xml", invoice("F-DUP-001", "ubl"))
    put(b, "1/emitter/SUP1/b.ubl.xml", invoice("F-DUP-002", "ubl", name="b2g-02-recipient-unknown"))
    put(b, "2/emitter/SUP1/a-again.cii.xml", invoice("F-DUP-001", "cii"))
    put(b, "2/emitter/SUP2/a-elsewhere.ubl.xml", invoice("F-DUP-001", "ubl", edit=lambda x: x.replace("2026-MAPA-042.", "2026-MAPA-042 (copie).", 1)))
    put(b, "2/emitter/SUP1/b-corrected.ubl.xml", invoice("F-DUP-002", "ubl"))
    # Same number, other year of issue: another invoice.
    put(b, "2/emitter/SUP1/c-next-year.ubl.xml", invoice("F-DUP-001", "ubl", edit=lambda x: x.replace(
        "<cbc:IssueDate>2026-09-15</cbc:IssueDate>", "<cbc:IssueDate>2027-01-05</cbc:IssueDate>", 1).replace(
        "<cbc:DueDate>2026-10-15</cbc:DueDate>", "<cbc:DueDate>2027-02-05</cbc:DueDate>", 1)))


def unreadable():
    """Flows that cannot be read: each gets its report (IRRECEVABLE) and a 501 with its IRR_ reason."""
    b = reset("unreadable")
    put(b, "emitter/SUP1/01-empty.xml", b"")
    put(b, "emitter/SUP1/02-truncated.xml", invoice("F-IRR-002", "ubl")[:2000])
    put(b, "emitter/SUP1/03-not-xml.txt", "Bonjour, veuillez trouver ci-joint notre facture.\n".encode())
    put(b, "emitter/SUP1/04-entity-bomb.xml", b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<Invoice>&lol2;</Invoice>\n')
    put(b, "emitter/SUP1/05-external-entity.xml", b'<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Invoice>&x;</Invoice>\n')
    put(b, "emitter/SUP1/06-not-an-invoice.xml", b'<?xml version="1.0"?>\n<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>\n')
    put(b, "emitter/SUP1/07-facturx.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr(zipfile.ZipInfo("invoice.xml", (2026, 9, 20, 9, 0, 0)), invoice("F-IRR-008", "ubl"))
    put(b, "emitter/SUP1/08-batch.zip", zipped.getvalue())
    put(b, "emitter/SUP1/09-batch.tar.gz", gzip.compress(invoice("F-IRR-009", "ubl"), mtime=0))
    put(b, "emitter/SUP1/10-latin1.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice>Facture é</Invoice>\n'.encode("latin-1"))
    put(b, "emitter/SUP1/11 nom bizarre été.xml", invoice("F-IRR-011", "ubl"))


def repeated():
    """The same bytes twice on one connection: the second is a repeated flow, never processed; the
    same bytes on another connection are processed (and rejected as DOUBLON)."""
    b = reset("repeated-bytes")
    same = invoice("F-REP-001", "ubl")
    put(b, "1/emitter/SUP1/invoice.xml", same)
    put(b, "2/emitter/SUP1/invoice.xml", same)
    put(b, "2/emitter/SUP1/invoice-copy.xml", same)
    put(b, "2/emitter/SUP2/invoice.xml", same)
    # A rejected flow's bytes may come again (they are judged again).
    rejected = invoice("F-REP-002", "ubl", name="b2g-02-recipient-unknown")
    put(b, "1/emitter/SUP1/rejected.xml", rejected)
    put(b, "2/emitter/SUP1/rejected.xml", rejected)


def connections():
    """Two connections and the default one (files put directly in inbox/emitter/): each answered
    in its own outbox folder, flows taken in order of connection then name."""
    b = reset("two-connections")
    put(b, "emitter/direct.ubl.xml", invoice("F-CON-001", "ubl"))
    put(b, "emitter/OPERATOR-A/z-last.cii.xml", invoice("F-CON-002", "cii", buyer="21750001600019", service="DFA"))
    put(b, "emitter/OPERATOR-A/a-first.ubl.xml", invoice("F-CON-003", "ubl", name="b2g-03-recipient-inactive"))
    put(b, "emitter/OPERATOR-B/invoice.ubl.xml", invoice("F-CON-004", "ubl", buyer="26130008100013", service="EXPLOITATION"))
    put(b, "emitter/OPERATOR-B/.writing.xml", b"<partial")
    put(b, "emitter/OPERATOR-B/upload.xml.part", b"<partial")


def cpp_statut(lines):
    """A Chorus Pro CPPStatut with one CPPFactureStatutUnitaire per (number, status id, extra
    elements of DonneesStatut) for the seller of the routing fixtures (SIRET 41234567000019)."""
    units = ""
    for index, (number, status, extra) in enumerate(lines, 1):
        units += f"""    <CPPFactureStatutUnitaire NumOrdre="{index}">
      <Fournisseur>
        <TypeIdentifiant>1</TypeIdentifiant>
        <Identifiant>41234567000019</Identifiant>
        <RaisonSociale>Fournisseur des fixtures</RaisonSociale>
      </Fournisseur>
      <Debiteur>
        <TypeIdentifiant>1</TypeIdentifiant>
        <Identifiant>11004401300016</Identifiant>
      </Debiteur>
      <DonneesStatut>
        <IdStatut>{status}</IdStatut>
{extra.get("before", "")}        <Horodatage>2026-09-20T08:00:00Z</Horodatage>
        <IdFacture>{number}</IdFacture>
        <DateFacture>2026-09-15</DateFacture>
{extra.get("after", "")}      </DonneesStatut>
    </CPPFactureStatutUnitaire>
"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<CPPStatut Version="1.19">
  <Enveloppe>
    <EnveloppeUnitaire NumOrdre="1">
      <Parametres>
        <ParametreIndiv NumOrdre="0001"><Code>APPLI</Code><Valeurparametre>RECIPIENT</Valeurparametre></ParametreIndiv>
        <ParametreIndiv NumOrdre="0002"><Code>SYNTA</Code><Valeurparametre>IN_DP_E2_CPP_STATUT</Valeurparametre></ParametreIndiv>
      </Parametres>
      <Partenaires>
        <Recepteur><Id>FACTEUR</Id></Recepteur>
        <Emetteur><Id>RECIPNT</Id></Emetteur>
      </Partenaires>
    </EnveloppeUnitaire>
  </Enveloppe>
  <CPPFactureStatuts compteur="{len(lines)}">
{units}  </CPPFactureStatuts>
</CPPStatut>
""".encode("utf-8")


def comment(text):
    return {"before": f"        <Commentaire>{text}</Commentaire>\n"}


def cdar(lines):
    """A CDAR from a recipient, one AcknowledgementDocument per (number, status code, status blocks
    as XML) for the seller of the routing fixtures (SIREN 412345670)."""
    documents = ""
    for number, status, blocks in lines:
        documents += f"""  <rsm:AcknowledgementDocument>
    <ram:TypeCode>23</ram:TypeCode>
    <ram:ReferenceReferencedDocument>
      <ram:IssuerAssignedID>{number}</ram:IssuerAssignedID>
      <ram:FormattedIssueDateTime>
        <qdt:DateTimeString format="102">20260915</qdt:DateTimeString>
      </ram:FormattedIssueDateTime>
      <ram:ProcessConditionCode>{status}</ram:ProcessConditionCode>
      <ram:IssuerTradeParty>
        <ram:GlobalID schemeID="0002">412345670</ram:GlobalID>
        <ram:RoleCode>SE</ram:RoleCode>
      </ram:IssuerTradeParty>
{blocks}    </ram:ReferenceReferencedDocument>
  </rsm:AcknowledgementDocument>
"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossDomainAcknowledgementAndResponse xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter>
      <ram:ID>urn.cpro.gouv.fr:1p0:CDV:invoice</ram:ID>
    </ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>PARIS-STATUTS-0001</ram:ID>
    <ram:SenderTradeParty>
      <ram:GlobalID schemeID="0009">21750001600019</ram:GlobalID>
      <ram:RoleCode>BY</ram:RoleCode>
    </ram:SenderTradeParty>
    <ram:RecipientTradeParty>
      <ram:Name>Facteur</ram:Name>
      <ram:RoleCode>WK</ram:RoleCode>
    </ram:RecipientTradeParty>
  </rsm:ExchangedDocument>
{documents}</rsm:CrossDomainAcknowledgementAndResponse>
""".encode("utf-8")


def status_block(reason=None, text=None, amount=None):
    block = "      <ram:SpecifiedDocumentStatus>\n"
    if reason:
        block += f"        <ram:ReasonCode>{reason}</ram:ReasonCode>\n"
    if text:
        block += f"        <ram:Reason>{text}</ram:Reason>\n"
    block += "        <ram:SequenceNumeric>1</ram:SequenceNumeric>\n"
    if amount:
        block += ("        <ram:SpecifiedDocumentCharacteristic>\n          <ram:TypeCode>MEN</ram:TypeCode>\n"
                  f"          <ram:ValueAmount>{amount[0]}</ram:ValueAmount>\n          <ram:ValuePercent>{amount[1]}</ram:ValuePercent>\n"
                  "        </ram:SpecifiedDocumentCharacteristic>\n")
    return block + "      </ram:SpecifiedDocumentStatus>\n"


def statuses():
    """Statuses sent back by recipients, in three rounds: the invoices (1), CPPStatut and CDAR status
    flows with accepted and refused lines (2), then the way to payment and a repeated flow (3)."""
    b = reset("receiver-statuses")
    put(b, "1/emitter/SUP1/01-armees.ubl.xml", invoice("F-ST-001", "ubl", buyer="11004401300016", service="SCA-PARIS"))
    put(b, "1/emitter/SUP1/02-armees.cii.xml", invoice("F-ST-002", "cii", buyer="11004401300016", service="SCA-PARIS"))
    put(b, "1/emitter/SUP1/03-paris.cii.xml", invoice("F-ST-003", "cii", buyer="21750001600019", service="DFA"))
    put(b, "1/emitter/SUP1/04-paris.ubl.xml", invoice("F-ST-004", "ubl", buyer="21750001600019", service="DFA"))
    put(b, "1/emitter/SUP1/05-portal.ubl.xml", invoice("F-ST-005", "ubl"))
    put(b, "2/receiver/CNX-CHORUS-ARMEES/statuts-1.xml", cpp_statut([
        ("F-ST-001", "07", {}),                                      # SERVICE_FAIT
        ("F-ST-002", "05", comment("Prestation non conforme au bon de commande.")),  # REJETEE, comment required
        ("F-ST-003", "07", {}),                                      # CONNEXION_ERR: Paris's invoice
        ("F-ST-999", "07", {}),                                      # FACTURE_INC
        ("F-ST-001", "08", {"after": "        <IdMandatDP>M-2026-0042</IdMandatDP>\n"}),  # MANDATEE, mandate number
        ("F-ST-002", "07", {}),                                      # TRANSITION_ERR: refused is closed
        ("F-ST-001", "06", {}),                                      # MOTIF_ABSENT: a suspension needs a comment
        ("F-ST-001", "03", {}),                                      # STATUT_RESERVE: the platform's own
    ]))
    put(b, "2/receiver/CNX-PARIS/statuts-1.cdar.xml", cdar([
        ("F-ST-003", 208, status_block("JUSTIF_ABS", "Attestation de service fait manquante")),  # SUSPENDUE
        ("F-ST-004", 204, ""),                                         # SERVICE_FAIT
        ("F-ST-004", 210, status_block("PAS_UN_MOTIF")),               # MOTIF_INC
        ("F-ST-004", 207, status_block("PU_ERR", "Prix de la ligne 1")),  # informative: in dispute
        ("F-ST-004", 212, status_block(amount=("1200.00", "20.00"))),  # informative: cashed, amount and rate
        ("F-ST-003", 204, ""),                                         # TRANSITION_ERR: suspended
        ("F-ST-001", 204, ""),                                         # CONNEXION_ERR: an invoice of the Armées
        ("F-ST-004", 208, ""),                                         # MOTIF_ABSENT: a suspension needs a reason
        ("F-ST-004", 212, status_block(text="encaissée")),             # MONTANT_ABSENT: no amount cashed
        ("F-ST-004", 207, status_block("PU_ERR", "é" * 2001)),         # COMMENTAIRE_LONG: over 2,000 characters
        ("F-ST-004", 221, ""),                                         # A_RECYCLER (ROUTAGE_ERR)
    ]))
    put(b, "2/receiver/CNX-EAUX/broken.xml", cpp_statut([("F-ST-005", "99", {})]))  # not valid: IdStatut 99
    put(b, "3/receiver/CNX-CHORUS-ARMEES/statuts-2.xml", cpp_statut([
        ("F-ST-001", "10", {}),                                      # COMPTABILISEE (09 skipped)
        ("F-ST-001", "09", {}),                                      # TRANSITION_ERR: backwards
        ("F-ST-001", "11", {}),                                      # MISE_EN_PAIEMENT
        ("F-ST-001", "04", comment("Erreur de service")),           # TRANSITION_ERR: paid
        ("F-ST-001", "13", {}),                                      # STATUT_INC
    ]))
    # Before round 3 the Ministère des Armées changes SIRET (inactive, its successor named): it may
    # still send statuses for the invoices it received.
    shutil.copytree(os.path.join(FIXTURES, "directory"), os.path.join(b, "directory-3"))
    path = os.path.join(b, "directory-3", "structures.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    old = "11004401300016;Ministère des Armées, service du commissariat;true;;"
    assert old in text
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, "11004401300016;Ministère des Armées, service du commissariat;false;11004401300024;"))
    # SUP1 wants the statuses in Chorus Pro's format too.
    with open(os.path.join(b, "connections.csv"), "w", encoding="utf-8") as f:
        f.write("connection;cppstatut;comment\nSUP1;true;its software reads CPPStatut\n")
    # The same bytes as round 2's flow of the Ville de Paris: a repeated flow.
    with open(os.path.join(b, "inbox", "2/receiver/CNX-PARIS/statuts-1.cdar.xml"), "rb") as f:
        put(b, "3/receiver/CNX-PARIS/statuts-1-again.cdar.xml", f.read())


def supplier_actions():
    """What a supplier does after its recipient's status, in three rounds: the invoices (1); the
    recipients send F-SA-001 and F-SA-004 back for recycling, suspend F-SA-002, refuse F-SA-003 (2);
    the supplier recycles F-SA-001 to another recipient, completes F-SA-002, replaces F-SA-003 with
    F-SA-013, and three deposits are duplicates: a refused number again, an invoice that waits for
    nothing, and a recycle from a connection that did not deposit the invoice; another connection's
    replacement of F-SA-003 is accepted without the link (3)."""
    b = reset("supplier-actions")
    put(b, "1/emitter/SUP1/01-paris.cii.xml", invoice("F-SA-001", "cii", buyer="21750001600019", service="DFA"))
    put(b, "1/emitter/SUP1/02-armees.ubl.xml", invoice("F-SA-002", "ubl", buyer="11004401300016", service="SCA-PARIS"))
    put(b, "1/emitter/SUP1/03-armees.cii.xml", invoice("F-SA-003", "cii", buyer="11004401300016", service="SCA-PARIS"))
    put(b, "1/emitter/SUP1/04-paris.ubl.xml", invoice("F-SA-004", "ubl", buyer="21750001600019", service="DFA"))
    put(b, "1/emitter/SUP1/05-portal.ubl.xml", invoice("F-SA-005", "ubl"))
    put(b, "2/receiver/CNX-PARIS/statuts.cdar.xml", cdar([("F-SA-001", 221, ""), ("F-SA-004", 221, "")]))
    put(b, "2/receiver/CNX-CHORUS-ARMEES/statuts.xml", cpp_statut([
        ("F-SA-002", "06", comment("Bon de livraison manquant")),
        ("F-SA-003", "05", comment("Commande annulée")),
    ]))
    # Recycled: the same number, routed to the Syndicat des eaux instead of the Ville de Paris.
    put(b, "3/emitter/SUP1/10-recycle.cii.xml", invoice("F-SA-001", "cii", buyer="26130008100013", service="EXPLOITATION"))
    # Completed: the same number, with the missing delivery note mentioned.
    put(b, "3/emitter/SUP1/11-complete.ubl.xml", invoice("F-SA-002", "ubl", buyer="11004401300016", service="SCA-PARIS",
        edit=lambda x: x.replace("Pas d'escompte pour paiement anticipé.", "Pas d'escompte pour paiement anticipé. Bon de livraison BL-5512 joint.")))
    # Replacement: a new number whose preceding invoice reference (BT-25) is the refused F-SA-003.
    put(b, "3/emitter/SUP1/12-replace.ubl.xml", invoice("F-SA-013", "ubl", buyer="11004401300016", service="SCA-PARIS",
        edit=lambda x: x.replace(">FA-2026-000099<", ">F-SA-003<")))
    # Duplicates: the refused number again; an invoice delivered and waiting for nothing.
    put(b, "3/emitter/SUP1/14-refused-again.cii.xml", invoice("F-SA-003", "cii", buyer="11004401300016", service="SCA-PARIS",
        edit=lambda x: x.replace("Pas d'escompte", "Toujours pas d'escompte")))
    put(b, "3/emitter/SUP1/15-delivered-again.ubl.xml", invoice("F-SA-005", "ubl", edit=lambda x: x.replace("Pas d'escompte", "Aucun escompte")))
    # A replacement of the refused F-SA-003 from another connection: accepted, not linked (a warning says why).
    put(b, "3/emitter/SUP2/14-not-my-replacement.ubl.xml", invoice("F-SA-023", "ubl", buyer="11004401300016", service="SCA-PARIS",
        edit=lambda x: x.replace(">FA-2026-000099<", ">F-SA-003<")))
    # A recycle of F-SA-004 from another connection than the one that deposited it.
    put(b, "3/emitter/SUP2/13-not-mine.ubl.xml", invoice("F-SA-004", "ubl", buyer="26130008100013", service="EXPLOITATION"))


# lifecycle.md, "Transitions": the states a recipient acts from, the Chorus Pro status that brings an
# invoice there (COMPLETEE: suspended, then completed by its supplier), and the statuses it may then
# send (forward only, or back to the supplier: 04 A_RECYCLER, 05 REJETEE, 06 SUSPENDUE).
TRANSITIONS = {
    "MAD": (None, ["04", "05", "06", "07", "08", "09", "10", "11"]),
    "SF": ("07", ["04", "05", "06", "08", "09", "10", "11"]),
    "MAN": ("08", ["04", "05", "06", "09", "10", "11"]),
    "MADC": ("09", ["04", "05", "06", "10", "11"]),
    "COMPTA": ("10", ["04", "05", "06", "11"]),
    "COMPLETEE": ("06", ["04", "05", "06", "07", "08", "09", "10", "11"]),
}


def transitions():
    """Every transition a recipient may make, one invoice each (F-TR-<from>-<to>), in four rounds:
    the invoices (1); the statuses that bring each to its starting state (2); the completions of the
    suspended ones (3); the transitions themselves, all accepted (4)."""
    b = reset("lifecycle-transitions")
    needs_comment = {"04", "05", "06"}
    setup, last = [], []
    for start, (via, targets) in TRANSITIONS.items():
        for target in targets:
            number = f"F-TR-{start}-{target}"
            put(b, f"1/emitter/SUP1/{number}.ubl.xml", invoice(number, "ubl", buyer="11004401300016", service="SCA-PARIS"))
            if via:
                setup.append((number, via, comment("Pièce manquante") if via in needs_comment else {}))
            if start == "COMPLETEE":
                put(b, f"3/emitter/SUP1/{number}.ubl.xml", invoice(number, "ubl", buyer="11004401300016", service="SCA-PARIS",
                    edit=lambda x: x.replace("Pas d'escompte", "Pièce jointe. Pas d'escompte")))
            last.append((number, target, comment("Motif du destinataire") if target in needs_comment else {}))
    put(b, "2/receiver/CNX-CHORUS-ARMEES/setup.xml", cpp_statut(setup))
    put(b, "4/receiver/CNX-CHORUS-ARMEES/transitions.xml", cpp_statut(last))


if __name__ == "__main__":
    for make in (all_accepted, mixed, duplicates, unreadable, repeated, connections, statuses, supplier_actions, transitions):
        make()
