import FacteurModel

/// Reads a UBL 2.1 `Invoice` or `CreditNote` into the EN 16931 model, following the CEN/TC 434
/// UBL syntax binding (EN 16931-3-2).
struct UBLReader {
    let isCreditNote: Bool

    private func cac(_ local: StaticString) -> XMLName { UBL.cac(local) }
    private func cbc(_ local: StaticString) -> XMLName { UBL.cbc(local) }

    /// Reads the document into `invoice`, made for it by the caller (an invoice built here and
    /// returned was copied whole on the way out: 3.6 KB and a reference count per term).
    func read(_ root: Cursor, into invoice: inout Invoice) {
        invoice.elementPaths = root.paths
        invoice.number = root.text(cbc("ID"))
        invoice.issueDate = root.child(cbc("IssueDate"))?.asXSDate
        invoice.typeCode = root.text(isCreditNote ? cbc("CreditNoteTypeCode") : cbc("InvoiceTypeCode"))
        invoice.currencyCode = root.text(cbc("DocumentCurrencyCode"))
        invoice.vatAccountingCurrencyCode = root.text(cbc("TaxCurrencyCode"))
        invoice.vatPointDate = root.child(cbc("TaxPointDate"))?.asXSDate
        invoice.vatPointDateCode = root.descendant(cac("InvoicePeriod"), cbc("DescriptionCode"))?.asText
        if isCreditNote {
            invoice.paymentDueDate = root.children(cac("PaymentMeans")).lazy
                .compactMap { $0.child(self.cbc("PaymentDueDate")) }.first?.asXSDate
        } else {
            invoice.paymentDueDate = root.child(cbc("DueDate"))?.asXSDate
        }
        invoice.buyerReference = root.text(cbc("BuyerReference"))
        invoice.contractReference = root.descendant(cac("ContractDocumentReference"), cbc("ID"))?.asText
        invoice.purchaseOrderReference = root.descendant(cac("OrderReference"), cbc("ID"))?.asText
        invoice.salesOrderReference = root.descendant(cac("OrderReference"), cbc("SalesOrderID"))?.asText
        invoice.receivingAdviceReference = root.descendant(cac("ReceiptDocumentReference"), cbc("ID"))?.asText
        invoice.despatchAdviceReference = root.descendant(cac("DespatchDocumentReference"), cbc("ID"))?.asText
        invoice.tenderOrLotReference = root.descendant(cac("OriginatorDocumentReference"), cbc("ID"))?.asText
        invoice.buyerAccountingReference = root.text(cbc("AccountingCost"))
        invoice.paymentTerms = root.descendant(cac("PaymentTerms"), cbc("Note"))?.asText

        // AdditionalDocumentReference carries BT-18 (type code 130), BT-11 on credit notes (type
        // code 50, UBL's CreditNote has no ProjectReference) and otherwise BG-24.
        for reference in root.children(cac("AdditionalDocumentReference")) {
            let typeCode = reference.child(cbc("DocumentTypeCode"))?.string.trimmingXMLSpace()
            if typeCode == "130" {
                if invoice.invoicedObjectIdentifier == nil {
                    invoice.invoicedObjectIdentifier = reference.child(cbc("ID"))?.asIdentifier()
                }
            } else if isCreditNote, typeCode == "50" {
                if invoice.projectReference == nil { invoice.projectReference = reference.text(cbc("ID")) }
            } else {
                invoice.supportingDocuments.append(supportingDocument(reference))
            }
        }
        if !isCreditNote {
            invoice.projectReference = root.descendant(cac("ProjectReference"), cbc("ID"))?.asText
        }

        invoice.notes = root.children(cbc("Note")).map { note in
            var result = InvoiceNote(at: note.location)
            result.note = note.asText
            return result
        }
        let profile = root.text(cbc("ProfileID"))
        let customization = root.text(cbc("CustomizationID"))
        if profile != nil || customization != nil {
            var control = ProcessControl()
            control.businessProcessType = profile
            control.specificationIdentifier = customization
            invoice.processControl = control
        }
        // Every BillingReference is a BG-3, even one without an invoice reference (BR-55 says so).
        invoice.precedingInvoices = root.children(cac("BillingReference")).map { billing in
            let document = billing.child(cac("InvoiceDocumentReference"))
            var reference = PrecedingInvoiceReference(at: document?.location ?? billing.location)
            reference.reference = document?.text(cbc("ID"))
            reference.issueDate = document?.child(cbc("IssueDate"))?.asXSDate
            return reference
        }

        var directDebit = DirectDebit()
        if let party = root.descendant(cac("AccountingSupplierParty"), cac("Party")) {
            invoice.seller = seller(party, creditorIdentifier: &directDebit.creditorIdentifier)
        }
        if let party = root.descendant(cac("AccountingCustomerParty"), cac("Party")) {
            invoice.buyer = buyer(party)
        }
        if let party = root.child(cac("PayeeParty")) {
            invoice.payee = payee(party, creditorIdentifier: &directDebit.creditorIdentifier)
        }
        if let party = root.child(cac("TaxRepresentativeParty")) {
            var representative = TaxRepresentative(at: party.location)
            representative.name = party.descendant(cac("PartyName"), cbc("Name"))?.asText
            representative.vatIdentifier = vatScheme(party)?.text(cbc("CompanyID"))
            representative.address = party.child(cac("PostalAddress")).map(address)
            invoice.taxRepresentative = representative
        }
        if let delivery = root.child(cac("Delivery")) {
            var information = DeliveryInformation(at: delivery.location)
            information.partyName = delivery.descendant(cac("DeliveryParty"), cac("PartyName"), cbc("Name"))?.asText
            information.locationIdentifier = delivery.descendant(cac("DeliveryLocation"), cbc("ID"))?.asIdentifier()
            information.actualDeliveryDate = delivery.child(cbc("ActualDeliveryDate"))?.asXSDate
            information.address = delivery.descendant(cac("DeliveryLocation"), cac("Address")).map(address)
            invoice.delivery = information
        }
        invoice.invoicingPeriod = root.child(cac("InvoicePeriod")).map(period)

        invoice.paymentInstructions = paymentInstructions(root, directDebit: &directDebit)

        (invoice.allowances, invoice.charges) = allowancesAndCharges(root) { element, result in
            result.taxCategories = self.taxCategories(element, self.cac("TaxCategory"))
            let category = self.vatCategory(element, self.cac("TaxCategory"))
            result.vatCategoryCode = category?.text(self.cbc("ID"))
            result.vatRate = category?.decimal(self.cbc("Percent"))
        }

        let taxTotals = root.children(cac("TaxTotal"))
        if let monetary = root.child(cac("LegalMonetaryTotal")) {
            var totals = DocumentTotals(at: monetary.location)
            totals.lineNetTotal = monetary.amount(cbc("LineExtensionAmount"))
            totals.allowanceTotal = monetary.amount(cbc("AllowanceTotalAmount"))
            totals.chargeTotal = monetary.amount(cbc("ChargeTotalAmount"))
            totals.totalWithoutVAT = monetary.amount(cbc("TaxExclusiveAmount"))
            totals.totalWithVAT = monetary.amount(cbc("TaxInclusiveAmount"))
            totals.paidAmount = monetary.amount(cbc("PrepaidAmount"))
            totals.roundingAmount = monetary.amount(cbc("PayableRoundingAmount"))
            totals.amountDue = monetary.amount(cbc("PayableAmount"))
            (totals.vatTotal, totals.vatTotalInAccountingCurrency) = vatTotals(
                taxTotals, currency: invoice.currencyCode?.value, accountingCurrency: invoice.vatAccountingCurrencyCode?.value)
            invoice.totals = totals
        }
        for taxTotal in taxTotals {
            let first = invoice.vatBreakdown.count
            defer {
                invoice.vatTotals.append(VATTotal(amount: taxTotal.amount(cbc("TaxAmount")),
                                                  breakdown: first..<invoice.vatBreakdown.count, at: taxTotal.location))
            }
            for subtotal in taxTotal.children(cac("TaxSubtotal")) {
                var breakdown = VATBreakdown(at: subtotal.location)
                breakdown.taxableAmount = subtotal.amount(cbc("TaxableAmount"))
                breakdown.taxAmount = subtotal.amount(cbc("TaxAmount"))
                if let category = vatCategory(subtotal, cac("TaxCategory")) {
                    breakdown.categoryCode = category.text(cbc("ID"))
                    breakdown.rate = category.decimal(cbc("Percent"))
                    breakdown.exemptionReason = category.text(cbc("TaxExemptionReason"))
                    breakdown.exemptionReasonCode = category.text(cbc("TaxExemptionReasonCode"))
                    breakdown.taxScheme = category.child(cac("TaxScheme"))?.child(cbc("ID"))?.string
                }
                invoice.vatBreakdown.append(breakdown)
            }
        }

        let lineName = isCreditNote ? cac("CreditNoteLine") : cac("InvoiceLine")
        // Each line is read where it is kept: a line built apart and returned was copied whole (1 KB
        // and a reference count per term), and so was its item.
        let lineElements = root.children(lineName)
        invoice.lines.reserveCapacity(lineElements.count)
        for element in lineElements {
            invoice.lines.append(InvoiceLine(at: element.location))
            readLine(element, into: &invoice.lines[invoice.lines.count - 1])
        }
    }

    // MARK: - Groups

    /// The `cac:AllowanceCharge` children of `parent`, split by their charge indicator, with the
    /// terms common to both levels read here and the rest by `more`.
    private func allowancesAndCharges<Group: AllowanceChargeTerms>(
        _ parent: Cursor, _ more: (Cursor, inout Group) -> Void
    ) -> (allowances: [Group], charges: [Group]) {
        var allowances: [Group] = []
        var charges: [Group] = []
        for element in parent.children(cac("AllowanceCharge")) {
            var result = Group(at: element.location)
            result.amount = element.amount(cbc("Amount"))
            result.baseAmount = element.amount(cbc("BaseAmount"))
            result.percentage = element.decimal(cbc("MultiplierFactorNumeric"))
            result.reason = element.text(cbc("AllowanceChargeReason"))
            result.reasonCode = element.text(cbc("AllowanceChargeReasonCode"))
            more(element, &result)
            let indicator = element.child(cbc("ChargeIndicator"))
            result.chargeIndicator = indicator?.string
            if indicator?.isTrue ?? false { charges.append(result) } else { allowances.append(result) }
        }
        return (allowances, charges)
    }

    /// The first `name` child whose tax scheme is VAT: the syntax binding reads the VAT category
    /// codes (BT-95, BT-102, BT-118, BT-151) and rates only from `...[cac:TaxScheme/cbc:ID = 'VAT']`,
    /// compared as the official rules do (white space normalised, upper case).
    private func vatCategory(_ parent: Cursor, _ name: XMLName) -> Cursor? {
        parent.children(name).first(where: isVAT)
    }

    /// Every `name` child as written: code, rate and tax scheme.
    private func taxCategories(_ parent: Cursor, _ name: XMLName) -> [TaxCategoryAsWritten] {
        parent.children(name).map {
            TaxCategoryAsWritten(code: $0.child(cbc("ID"))?.string, rate: $0.decimal(cbc("Percent")),
                                 scheme: $0.descendant(cac("TaxScheme"), cbc("ID"))?.string)
        }
    }

    /// Whether a TaxCategory or PartyTaxScheme belongs to the tax scheme VAT, compared as the
    /// official rules do (white space normalised, upper case).
    private func isVAT(_ element: Cursor) -> Bool {
        guard let scheme = element.node.child(cac("TaxScheme"))?.child(cbc("ID")) else { return false }
        return scheme.withStringValueBytes { VATSchemeName.matches($0, normalizingSpace: true) }
    }

    /// The party's PartyTaxScheme of the tax scheme VAT (BT-31, BT-48, BT-63 sit there).
    private func vatScheme(_ party: Cursor) -> Cursor? {
        party.children(cac("PartyTaxScheme")).first(where: isVAT)
    }

    /// BT-110 is the TaxTotal/TaxAmount in the invoice currency, BT-111 the one in the VAT accounting
    /// currency (BT-6). A TaxAmount without currencyID counts as the invoice currency.
    private func vatTotals(_ taxTotals: [Cursor], currency: String?, accountingCurrency: String?) -> (Amount?, Amount?) {
        var vatTotal: Amount?
        var accounting: Amount?
        for taxTotal in taxTotals {
            guard let amount = taxTotal.amount(cbc("TaxAmount")) else { continue }
            if let accountingCurrency, amount.currency == accountingCurrency, accountingCurrency != currency {
                if accounting == nil { accounting = amount }
            } else if vatTotal == nil {
                vatTotal = amount
            }
        }
        return (vatTotal, accounting)
    }

    private func seller(_ party: Cursor, creditorIdentifier: inout Text?) -> Seller {
        var seller = Seller(at: party.location)
        seller.electronicAddress = party.identifier(cbc("EndpointID"))
        for identification in party.children(cac("PartyIdentification")) {
            guard let id = identification.child(cbc("ID")) else { continue }
            // BT-90 (bank assigned creditor identifier) shares the element, with scheme SEPA.
            if id.node.attribute("schemeID")?.trimmingXMLSpace() == "SEPA" {
                if creditorIdentifier == nil { creditorIdentifier = id.asText }
            } else {
                seller.identifiers.append(id.asIdentifier())
            }
        }
        seller.tradingName = party.descendant(cac("PartyName"), cbc("Name"))?.asText
        seller.address = party.child(cac("PostalAddress")).map(address)
        for taxScheme in party.children(cac("PartyTaxScheme")) {
            if isVAT(taxScheme) {
                if seller.vatIdentifier == nil { seller.vatIdentifier = taxScheme.text(cbc("CompanyID")) }
            } else if seller.taxRegistrationIdentifier == nil {
                seller.taxRegistrationIdentifier = taxScheme.text(cbc("CompanyID"))
            }
        }
        if let legal = party.child(cac("PartyLegalEntity")) {
            seller.name = legal.text(cbc("RegistrationName"))
            seller.legalRegistrationIdentifier = legal.identifier(cbc("CompanyID"))
            seller.additionalLegalInformation = legal.text(cbc("CompanyLegalForm"))
        }
        seller.contact = party.child(cac("Contact")).map(contact)
        return seller
    }

    private func buyer(_ party: Cursor) -> Buyer {
        var buyer = Buyer(at: party.location)
        buyer.electronicAddress = party.identifier(cbc("EndpointID"))
        buyer.identifier = party.descendant(cac("PartyIdentification"), cbc("ID"))?.asIdentifier()
        buyer.tradingName = party.descendant(cac("PartyName"), cbc("Name"))?.asText
        buyer.address = party.child(cac("PostalAddress")).map(address)
        buyer.vatIdentifier = vatScheme(party)?.text(cbc("CompanyID"))
        if let legal = party.child(cac("PartyLegalEntity")) {
            buyer.name = legal.text(cbc("RegistrationName"))
            buyer.legalRegistrationIdentifier = legal.identifier(cbc("CompanyID"))
        }
        buyer.contact = party.child(cac("Contact")).map(contact)
        return buyer
    }

    private func payee(_ party: Cursor, creditorIdentifier: inout Text?) -> Payee {
        var payee = Payee(at: party.location)
        for identification in party.children(cac("PartyIdentification")) {
            guard let id = identification.child(cbc("ID")) else { continue }
            if id.node.attribute("schemeID")?.trimmingXMLSpace() == "SEPA" {
                // The payee's creditor identifier, when given, is the one that counts for BT-90.
                creditorIdentifier = id.asText
            } else if payee.identifier == nil {
                payee.identifier = id.asIdentifier()
            }
        }
        payee.name = party.descendant(cac("PartyName"), cbc("Name"))?.asText
        payee.legalRegistrationIdentifier = party.descendant(cac("PartyLegalEntity"), cbc("CompanyID"))?.asIdentifier()
        return payee
    }

    private func address(_ element: Cursor) -> PostalAddress {
        var address = PostalAddress(at: element.location)
        address.line1 = element.text(cbc("StreetName"))
        address.line2 = element.text(cbc("AdditionalStreetName"))
        address.line3 = element.descendant(cac("AddressLine"), cbc("Line"))?.asText
        address.city = element.text(cbc("CityName"))
        address.postCode = element.text(cbc("PostalZone"))
        address.countrySubdivision = element.text(cbc("CountrySubentity"))
        address.countryCode = element.descendant(cac("Country"), cbc("IdentificationCode"))?.asText
        return address
    }

    private func contact(_ element: Cursor) -> Contact {
        var contact = Contact(at: element.location)
        contact.point = element.text(cbc("Name"))
        contact.telephone = element.text(cbc("Telephone"))
        contact.email = element.text(cbc("ElectronicMail"))
        return contact
    }

    private func period(_ element: Cursor) -> Period {
        var period = Period(at: element.location)
        period.startDate = element.child(cbc("StartDate"))?.asXSDate
        period.endDate = element.child(cbc("EndDate"))?.asXSDate
        return period
    }

    private func supportingDocument(_ reference: Cursor) -> SupportingDocument {
        var document = SupportingDocument(at: reference.location)
        document.reference = reference.text(cbc("ID"))
        document.description = reference.text(cbc("DocumentDescription"))
        if let attachment = reference.child(cac("Attachment")) {
            document.externalLocation = attachment.descendant(cac("ExternalReference"), cbc("URI"))?.asText
            if let object = attachment.child(cbc("EmbeddedDocumentBinaryObject")) {
                document.attachment = BinaryObject(
                    base64Bytes: object.node.withStringValueBytes { Array($0) }, mimeCode: object.node.attribute("mimeCode"),
                    filename: object.node.attribute("filename"), at: object.location)
            }
        }
        return document
    }

    /// BG-16 is one group in EN 16931 but UBL repeats `PaymentMeans`, one per account: the first
    /// gives BT-81…BT-83, every one may add a credit transfer account (BG-17).
    private func paymentInstructions(_ root: Cursor, directDebit: inout DirectDebit) -> PaymentInstructions? {
        let means = root.children(cac("PaymentMeans"))
        var instructions = PaymentInstructions(at: means.first?.location ?? root.location)
        if let first = means.first {
            if let code = first.child(cbc("PaymentMeansCode")) {
                instructions.meansTypeCode = code.asText
                if let name = code.node.attribute("name") {
                    instructions.meansText = Text(name, at: code.location)
                }
            }
            instructions.remittanceInformation = first.text(cbc("PaymentID"))
        }
        for mean in means {
            var entry = PaymentMeansEntry(at: mean.location)
            entry.typeCode = mean.text(cbc("PaymentMeansCode"))
            entry.hasPayeeAccount = mean.child(cac("PayeeFinancialAccount")) != nil
            entry.payeeAccountIdentifier = mean.descendant(cac("PayeeFinancialAccount"), cbc("ID"))?.asText
            instructions.means.append(entry)
            if let account = mean.child(cac("PayeeFinancialAccount")) {
                var transfer = CreditTransfer(at: account.location)
                transfer.accountIdentifier = account.text(cbc("ID"))
                transfer.accountName = account.text(cbc("Name"))
                transfer.serviceProviderIdentifier = account.descendant(cac("FinancialInstitutionBranch"), cbc("ID"))?.asText
                instructions.creditTransfers.append(transfer)
            }
            if instructions.card == nil, let card = mean.child(cac("CardAccount")) {
                var result = PaymentCard(at: card.location)
                result.primaryAccountNumber = card.text(cbc("PrimaryAccountNumberID"))
                result.holderName = card.text(cbc("HolderName"))
                instructions.card = result
            }
            if let mandate = mean.child(cac("PaymentMandate")) {
                if directDebit.mandateReference == nil { directDebit.mandateReference = mandate.text(cbc("ID")) }
                if directDebit.debitedAccount == nil {
                    directDebit.debitedAccount = mandate.descendant(cac("PayerFinancialAccount"), cbc("ID"))?.asText
                }
            }
        }
        if !directDebit.isEmpty { instructions.directDebit = directDebit }
        return means.isEmpty && directDebit.isEmpty ? nil : instructions
    }

    private func readLine(_ element: Cursor, into line: inout InvoiceLine) {
        line.identifier = element.text(cbc("ID"))
        line.note = element.text(cbc("Note"))
        for reference in element.children(cac("DocumentReference"))
        where reference.child(cbc("DocumentTypeCode"))?.string.trimmingXMLSpace() == "130" {
            line.objectIdentifier = reference.child(cbc("ID"))?.asIdentifier()
            break
        }
        line.quantity = element.quantity(isCreditNote ? cbc("CreditedQuantity") : cbc("InvoicedQuantity"))
        line.netAmount = element.amount(cbc("LineExtensionAmount"))
        line.orderLineReference = element.descendant(cac("OrderLineReference"), cbc("LineID"))?.asText
        line.buyerAccountingReference = element.text(cbc("AccountingCost"))
        line.period = element.child(cac("InvoicePeriod")).map(period)
        (line.allowances, line.charges) = allowancesAndCharges(element) { _, _ in }
        if let priceElement = element.child(cac("Price")) {
            var price = PriceDetails(at: priceElement.location)
            price.netPrice = priceElement.amount(cbc("PriceAmount"))
            price.baseQuantity = priceElement.quantity(cbc("BaseQuantity"))
            if let discount = priceElement.child(cac("AllowanceCharge")) {
                price.discount = discount.amount(cbc("Amount"))
                price.grossPrice = discount.amount(cbc("BaseAmount"))
            }
            line.price = price
        }
        if let itemElement = element.child(cac("Item")) {
            line.item = ItemInformation(at: itemElement.location)
            readItem(itemElement, into: &line.item!)
            line.taxCategories = taxCategories(itemElement, cac("ClassifiedTaxCategory"))
            if let category = vatCategory(itemElement, cac("ClassifiedTaxCategory")) {
                var vat = LineVATInformation(at: category.location)
                vat.categoryCode = category.text(cbc("ID"))
                vat.rate = category.decimal(cbc("Percent"))
                line.vat = vat
            }
        }
    }

    private func readItem(_ itemElement: Cursor, into item: inout ItemInformation) {
        item.name = itemElement.text(cbc("Name"))
        item.description = itemElement.text(cbc("Description"))
        item.sellerIdentifier = itemElement.descendant(cac("SellersItemIdentification"), cbc("ID"))?.asText
        item.buyerIdentifier = itemElement.descendant(cac("BuyersItemIdentification"), cbc("ID"))?.asText
        item.standardIdentifier = itemElement.descendant(cac("StandardItemIdentification"), cbc("ID"))?.asIdentifier()
        item.classifications = itemElement.children(cac("CommodityClassification")).compactMap {
            $0.child(self.cbc("ItemClassificationCode"))?.asIdentifier(scheme: "listID", version: "listVersionID")
        }
        item.countryOfOrigin = itemElement.descendant(cac("OriginCountry"), cbc("IdentificationCode"))?.asText
        item.attributes = itemElement.children(cac("AdditionalItemProperty")).map { property in
            var attribute = ItemAttribute(at: property.location)
            attribute.name = property.text(self.cbc("Name"))
            attribute.value = property.text(self.cbc("Value"))
            return attribute
        }
    }
}
