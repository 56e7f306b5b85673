import FacteurModel

/// Reads a UN/CEFACT Cross Industry Invoice D16B into the EN 16931 model, following the CEN/TC 434
/// CII syntax binding (EN 16931-3-3).
struct CIIReader {
    private func ram(_ local: StaticString) -> XMLName { CII.ram(local) }
    private func rsm(_ local: StaticString) -> XMLName { CII.rsm(local) }
    private func udt(_ local: StaticString) -> XMLName { CII.udt(local) }
    private func qdt(_ local: StaticString) -> XMLName { CII.qdt(local) }

    /// Reads the document into `invoice`, made for it by the caller.
    func read(_ root: Cursor, into invoice: inout Invoice) {
        invoice.elementPaths = root.paths

        if let context = root.child(rsm("ExchangedDocumentContext")) {
            let process = context.descendant(ram("BusinessProcessSpecifiedDocumentContextParameter"), ram("ID"))?.asText
            let guideline = context.descendant(ram("GuidelineSpecifiedDocumentContextParameter"), ram("ID"))?.asText
            if process != nil || guideline != nil {
                var control = ProcessControl()
                control.businessProcessType = process
                control.specificationIdentifier = guideline
                invoice.processControl = control
            }
        }
        if let document = root.child(rsm("ExchangedDocument")) {
            invoice.number = document.text(ram("ID"))
            invoice.typeCode = document.text(ram("TypeCode"))
            invoice.issueDate = document.descendant(ram("IssueDateTime"), udt("DateTimeString"))?.asFormattedDate
            invoice.notes = document.children(ram("IncludedNote")).map { element in
                var note = InvoiceNote(at: element.location)
                note.note = element.text(ram("Content"))
                note.subjectCode = element.text(ram("SubjectCode"))
                return note
            }
        }
        guard let transaction = root.child(rsm("SupplyChainTradeTransaction")) else {
            return
        }
        if let agreement = transaction.child(ram("ApplicableHeaderTradeAgreement")) {
            readAgreement(agreement, into: &invoice)
        }
        if let delivery = transaction.child(ram("ApplicableHeaderTradeDelivery")) {
            readDelivery(delivery, into: &invoice)
        }
        if let settlement = transaction.child(ram("ApplicableHeaderTradeSettlement")) {
            readSettlement(settlement, into: &invoice)
        }
        // Each line is read where it is kept: a line built apart and returned was copied whole (1 KB
        // and a reference count per term), and so was its item.
        let lineElements = transaction.children(ram("IncludedSupplyChainTradeLineItem"))
        invoice.lines.reserveCapacity(lineElements.count)
        for element in lineElements {
            invoice.lines.append(InvoiceLine(at: element.location))
            readLine(element, into: &invoice.lines[invoice.lines.count - 1])
        }
    }

    // MARK: - Header

    private func readAgreement(_ agreement: Cursor, into invoice: inout Invoice) {
        invoice.buyerReference = agreement.text(ram("BuyerReference"))
        if let party = agreement.child(ram("SellerTradeParty")) {
            invoice.seller = seller(party)
        }
        if let party = agreement.child(ram("BuyerTradeParty")) {
            invoice.buyer = buyer(party)
        }
        if let party = agreement.child(ram("SellerTaxRepresentativeTradeParty")) {
            var representative = TaxRepresentative(at: party.location)
            representative.name = party.text(ram("Name"))
            representative.address = party.child(ram("PostalTradeAddress")).map(address)
            representative.vatIdentifier = taxRegistration(party, scheme: "VA")
            invoice.taxRepresentative = representative
        }
        invoice.salesOrderReference = agreement.descendant(ram("SellerOrderReferencedDocument"), ram("IssuerAssignedID"))?.asText
        invoice.purchaseOrderReference = agreement.descendant(ram("BuyerOrderReferencedDocument"), ram("IssuerAssignedID"))?.asText
        invoice.contractReference = agreement.descendant(ram("ContractReferencedDocument"), ram("IssuerAssignedID"))?.asText
        invoice.projectReference = agreement.descendant(ram("SpecifiedProcuringProject"), ram("ID"))?.asText

        // AdditionalReferencedDocument: type 50 is BT-17, type 130 is BT-18, the others BG-24.
        for reference in agreement.children(ram("AdditionalReferencedDocument")) {
            switch reference.child(ram("TypeCode"))?.string.trimmingXMLSpace() {
            case "50":
                if invoice.tenderOrLotReference == nil { invoice.tenderOrLotReference = reference.text(ram("IssuerAssignedID")) }
            case "130":
                if invoice.invoicedObjectIdentifier == nil, let id = reference.child(ram("IssuerAssignedID")) {
                    invoice.invoicedObjectIdentifier = Identifier(
                        id.string, scheme: reference.child(ram("ReferenceTypeCode"))?.string, at: id.location)
                }
            default:
                var document = SupportingDocument(at: reference.location)
                document.reference = reference.text(ram("IssuerAssignedID"))
                document.externalLocation = reference.text(ram("URIID"))
                document.description = reference.text(ram("Name"))
                if let object = reference.child(ram("AttachmentBinaryObject")) {
                    document.attachment = BinaryObject(
                        base64Bytes: object.node.withStringValueBytes { Array($0) }, mimeCode: object.node.attribute("mimeCode"),
                        filename: object.node.attribute("filename"), at: object.location)
                }
                invoice.supportingDocuments.append(document)
            }
        }
    }

    private func readDelivery(_ delivery: Cursor, into invoice: inout Invoice) {
        let shipTo = delivery.child(ram("ShipToTradeParty"))
        let event = delivery.descendant(ram("ActualDeliverySupplyChainEvent"), ram("OccurrenceDateTime"), udt("DateTimeString"))
        if shipTo != nil || event != nil {
            var information = DeliveryInformation(at: shipTo?.location ?? delivery.location)
            if let shipTo {
                information.partyName = shipTo.text(ram("Name"))
                information.locationIdentifier = partyIdentifiers(shipTo).first
                information.address = shipTo.child(ram("PostalTradeAddress")).map(address)
            }
            information.actualDeliveryDate = event?.asFormattedDate
            invoice.delivery = information
        }
        invoice.despatchAdviceReference = delivery.descendant(ram("DespatchAdviceReferencedDocument"), ram("IssuerAssignedID"))?.asText
        invoice.receivingAdviceReference = delivery.descendant(ram("ReceivingAdviceReferencedDocument"), ram("IssuerAssignedID"))?.asText
    }

    private func readSettlement(_ settlement: Cursor, into invoice: inout Invoice) {
        invoice.currencyCode = settlement.text(ram("InvoiceCurrencyCode"))
        invoice.vatAccountingCurrencyCode = settlement.text(ram("TaxCurrencyCode"))
        if let party = settlement.child(ram("PayeeTradeParty")) {
            var payee = Payee(at: party.location)
            payee.name = party.text(ram("Name"))
            payee.identifier = partyIdentifiers(party).first
            payee.legalRegistrationIdentifier = party.descendant(ram("SpecifiedLegalOrganization"), ram("ID"))?.asIdentifier()
            invoice.payee = payee
        }

        var directDebit = DirectDebit()
        directDebit.creditorIdentifier = settlement.text(ram("CreditorReferenceID"))
        let terms = settlement.children(ram("SpecifiedTradePaymentTerms"))
        for term in terms {
            if invoice.paymentTerms == nil { invoice.paymentTerms = term.text(ram("Description")) }
            if invoice.paymentDueDate == nil {
                invoice.paymentDueDate = term.descendant(ram("DueDateDateTime"), udt("DateTimeString"))?.asFormattedDate
            }
            if directDebit.mandateReference == nil { directDebit.mandateReference = term.text(ram("DirectDebitMandateID")) }
        }
        invoice.paymentInstructions = paymentInstructions(settlement, directDebit: &directDebit)

        let taxes = settlement.children(ram("ApplicableTradeTax"))
        for tax in taxes {
            var breakdown = VATBreakdown(at: tax.location)
            breakdown.taxAmount = tax.amount(ram("CalculatedAmount"))
            breakdown.taxableAmount = tax.amount(ram("BasisAmount"))
            breakdown.categoryCode = tax.text(ram("CategoryCode"))
            breakdown.rate = tax.decimal(ram("RateApplicablePercent"))
            breakdown.exemptionReason = tax.text(ram("ExemptionReason"))
            breakdown.exemptionReasonCode = tax.text(ram("ExemptionReasonCode"))
            breakdown.taxScheme = tax.child(ram("TypeCode"))?.string
            invoice.vatBreakdown.append(breakdown)
            if invoice.vatPointDateCode == nil { invoice.vatPointDateCode = tax.text(ram("DueDateTypeCode")) }
            if invoice.vatPointDate == nil {
                invoice.vatPointDate = tax.descendant(ram("TaxPointDate"), udt("DateString"))?.asFormattedDate
            }
        }
        if let period = settlement.child(ram("BillingSpecifiedPeriod")) {
            invoice.invoicingPeriod = self.period(period)
        }
        (invoice.allowances, invoice.charges) = allowancesAndCharges(settlement) { element, result in
            result.taxCategories = self.taxCategories(element, self.ram("CategoryTradeTax"))
            if let tax = self.vatTax(element, self.ram("CategoryTradeTax")) {
                result.vatCategoryCode = tax.text(self.ram("CategoryCode"))
                result.vatRate = tax.decimal(self.ram("RateApplicablePercent"))
            }
        }
        if let summation = settlement.child(ram("SpecifiedTradeSettlementHeaderMonetarySummation")) {
            var totals = DocumentTotals(at: summation.location)
            totals.lineNetTotal = summation.amount(ram("LineTotalAmount"))
            totals.chargeTotal = summation.amount(ram("ChargeTotalAmount"))
            totals.allowanceTotal = summation.amount(ram("AllowanceTotalAmount"))
            totals.totalWithoutVAT = summation.amount(ram("TaxBasisTotalAmount"))
            totals.roundingAmount = summation.amount(ram("RoundingAmount"))
            totals.totalWithVAT = summation.amount(ram("GrandTotalAmount"))
            totals.paidAmount = summation.amount(ram("TotalPrepaidAmount"))
            totals.amountDue = summation.amount(ram("DuePayableAmount"))
            // BT-110 is the TaxTotalAmount in the invoice currency, BT-111 the one in the VAT
            // accounting currency; an amount without currencyID counts as the invoice currency.
            let currency = invoice.currencyCode?.value
            let accountingCurrency = invoice.vatAccountingCurrencyCode?.value
            invoice.vatTotals = summation.children(ram("TaxTotalAmount")).map {
                VATTotal(amount: $0.asAmount, breakdown: 0..<invoice.vatBreakdown.count, at: $0.location)
            }
            for amount in invoice.vatTotalAmounts {
                if let accountingCurrency, amount.currency == accountingCurrency, accountingCurrency != currency {
                    if totals.vatTotalInAccountingCurrency == nil { totals.vatTotalInAccountingCurrency = amount }
                } else if totals.vatTotal == nil {
                    totals.vatTotal = amount
                }
            }
            invoice.totals = totals
        }
        invoice.precedingInvoices = settlement.children(ram("InvoiceReferencedDocument")).map { document in
            var reference = PrecedingInvoiceReference(at: document.location)
            reference.reference = document.text(ram("IssuerAssignedID"))
            reference.issueDate = document.descendant(ram("FormattedIssueDateTime"), qdt("DateTimeString"))?.asFormattedDate
            return reference
        }
        invoice.buyerAccountingReference = settlement.descendant(ram("ReceivableSpecifiedTradeAccountingAccount"), ram("ID"))?.asText
    }

    /// BG-16: the first payment means gives BT-81/BT-82; each may add a credit transfer account.
    private func paymentInstructions(_ settlement: Cursor, directDebit: inout DirectDebit) -> PaymentInstructions? {
        let means = settlement.children(ram("SpecifiedTradeSettlementPaymentMeans"))
        let remittance = settlement.text(ram("PaymentReference"))
        var instructions = PaymentInstructions(at: means.first?.location ?? settlement.location)
        instructions.remittanceInformation = remittance
        if let first = means.first {
            instructions.meansTypeCode = first.text(ram("TypeCode"))
            instructions.meansText = first.text(ram("Information"))
        }
        for mean in means {
            let account = mean.child(ram("PayeePartyCreditorFinancialAccount"))
            var entry = PaymentMeansEntry(at: mean.location)
            entry.typeCode = mean.text(ram("TypeCode"))
            entry.hasPayeeAccount = account != nil
            entry.payeeAccountIdentifier = account?.text(ram("IBANID")) ?? account?.text(ram("ProprietaryID"))
            instructions.means.append(entry)
            let institution = mean.child(ram("PayeeSpecifiedCreditorFinancialInstitution"))
            if account != nil || institution != nil {
                var transfer = CreditTransfer(at: account?.location ?? institution!.location)
                transfer.accountIdentifier = account?.text(ram("IBANID")) ?? account?.text(ram("ProprietaryID"))
                transfer.accountName = account?.text(ram("AccountName"))
                transfer.serviceProviderIdentifier = institution?.text(ram("BICID"))
                instructions.creditTransfers.append(transfer)
            }
            if instructions.card == nil, let card = mean.child(ram("ApplicableTradeSettlementFinancialCard")) {
                var result = PaymentCard(at: card.location)
                result.primaryAccountNumber = card.text(ram("ID"))
                result.holderName = card.text(ram("CardholderName"))
                instructions.card = result
            }
            if directDebit.debitedAccount == nil {
                directDebit.debitedAccount = mean.descendant(ram("PayerPartyDebtorFinancialAccount"), ram("IBANID"))?.asText
            }
        }
        if !directDebit.isEmpty { instructions.directDebit = directDebit }
        return means.isEmpty && remittance == nil && directDebit.isEmpty ? nil : instructions
    }

    /// Every `name` child as written: code, rate and tax type.
    private func taxCategories(_ parent: Cursor, _ name: XMLName) -> [TaxCategoryAsWritten] {
        parent.children(name).map {
            TaxCategoryAsWritten(code: $0.child(ram("CategoryCode"))?.string, rate: $0.decimal(ram("RateApplicablePercent")),
                                 scheme: $0.child(ram("TypeCode"))?.string)
        }
    }

    /// The first `name` child with tax type VAT: the binding reads the VAT category codes of
    /// allowances, charges and lines (BT-95, BT-102, BT-151) from `...[upper-case(ram:TypeCode) = 'VAT']`.
    private func vatTax(_ parent: Cursor, _ name: XMLName) -> Cursor? {
        parent.children(name).first { tax in
            tax.node.child(ram("TypeCode"))?.withStringValueBytes { VATSchemeName.matches($0, normalizingSpace: false) } ?? false
        }
    }

    // MARK: - Parties

    /// `ram:ID` (no scheme) and `ram:GlobalID` (with `schemeID`), in document order.
    private func partyIdentifiers(_ party: Cursor) -> [Identifier] {
        party.children(ram("ID")).map { $0.asIdentifier() } + party.children(ram("GlobalID")).map { $0.asIdentifier() }
    }

    private func taxRegistration(_ party: Cursor, scheme: String) -> Text? {
        for registration in party.children(ram("SpecifiedTaxRegistration")) {
            if let id = registration.child(ram("ID")), id.node.attribute("schemeID")?.trimmingXMLSpace() == Substring(scheme) {
                return id.asText
            }
        }
        return nil
    }

    private func seller(_ party: Cursor) -> Seller {
        var seller = Seller(at: party.location)
        seller.identifiers = partyIdentifiers(party)
        seller.name = party.text(ram("Name"))
        seller.additionalLegalInformation = party.text(ram("Description"))
        if let legal = party.child(ram("SpecifiedLegalOrganization")) {
            seller.legalRegistrationIdentifier = legal.identifier(ram("ID"))
            seller.tradingName = legal.text(ram("TradingBusinessName"))
        }
        seller.contact = party.child(ram("DefinedTradeContact")).map(contact)
        seller.address = party.child(ram("PostalTradeAddress")).map(address)
        seller.electronicAddress = party.descendant(ram("URIUniversalCommunication"), ram("URIID"))?.asIdentifier()
        seller.vatIdentifier = taxRegistration(party, scheme: "VA")
        seller.taxRegistrationIdentifier = taxRegistration(party, scheme: "FC")
        return seller
    }

    private func buyer(_ party: Cursor) -> Buyer {
        var buyer = Buyer(at: party.location)
        buyer.identifier = partyIdentifiers(party).first
        buyer.name = party.text(ram("Name"))
        if let legal = party.child(ram("SpecifiedLegalOrganization")) {
            buyer.legalRegistrationIdentifier = legal.identifier(ram("ID"))
            buyer.tradingName = legal.text(ram("TradingBusinessName"))
        }
        buyer.contact = party.child(ram("DefinedTradeContact")).map(contact)
        buyer.address = party.child(ram("PostalTradeAddress")).map(address)
        buyer.electronicAddress = party.descendant(ram("URIUniversalCommunication"), ram("URIID"))?.asIdentifier()
        buyer.vatIdentifier = taxRegistration(party, scheme: "VA")
        return buyer
    }

    private func address(_ element: Cursor) -> PostalAddress {
        var address = PostalAddress(at: element.location)
        address.postCode = element.text(ram("PostcodeCode"))
        address.line1 = element.text(ram("LineOne"))
        address.line2 = element.text(ram("LineTwo"))
        address.line3 = element.text(ram("LineThree"))
        address.city = element.text(ram("CityName"))
        address.countryCode = element.text(ram("CountryID"))
        address.countrySubdivision = element.text(ram("CountrySubDivisionName"))
        return address
    }

    private func contact(_ element: Cursor) -> Contact {
        var contact = Contact(at: element.location)
        contact.point = element.text(ram("PersonName")) ?? element.text(ram("DepartmentName"))
        contact.telephone = element.descendant(ram("TelephoneUniversalCommunication"), ram("CompleteNumber"))?.asText
        contact.email = element.descendant(ram("EmailURIUniversalCommunication"), ram("URIID"))?.asText
        return contact
    }

    private func period(_ element: Cursor) -> Period {
        var period = Period(at: element.location)
        period.startDate = element.descendant(ram("StartDateTime"), udt("DateTimeString"))?.asFormattedDate
        period.endDate = element.descendant(ram("EndDateTime"), udt("DateTimeString"))?.asFormattedDate
        return period
    }

    /// The `ram:SpecifiedTradeAllowanceCharge` children of `parent`, split by their charge
    /// indicator, with the terms common to both levels read here and the rest by `more`.
    private func allowancesAndCharges<Group: AllowanceChargeTerms>(
        _ parent: Cursor, _ more: (Cursor, inout Group) -> Void
    ) -> (allowances: [Group], charges: [Group]) {
        var allowances: [Group] = []
        var charges: [Group] = []
        for element in parent.children(ram("SpecifiedTradeAllowanceCharge")) {
            var result = Group(at: element.location)
            result.amount = element.amount(ram("ActualAmount"))
            result.baseAmount = element.amount(ram("BasisAmount"))
            result.percentage = element.decimal(ram("CalculationPercent"))
            result.reason = element.text(ram("Reason"))
            result.reasonCode = element.text(ram("ReasonCode"))
            more(element, &result)
            let indicator = element.descendant(ram("ChargeIndicator"), udt("Indicator"))
            result.chargeIndicator = indicator?.string
            if indicator?.isTrue ?? false { charges.append(result) } else { allowances.append(result) }
        }
        return (allowances, charges)
    }

    // MARK: - Lines

    private func readLine(_ element: Cursor, into line: inout InvoiceLine) {
        if let document = element.child(ram("AssociatedDocumentLineDocument")) {
            line.identifier = document.text(ram("LineID"))
            line.note = document.descendant(ram("IncludedNote"), ram("Content"))?.asText
        }
        if let product = element.child(ram("SpecifiedTradeProduct")) {
            line.item = ItemInformation(at: product.location)
            readItem(product, into: &line.item!)
        }
        if let agreement = element.child(ram("SpecifiedLineTradeAgreement")) {
            line.orderLineReference = agreement.descendant(ram("BuyerOrderReferencedDocument"), ram("LineID"))?.asText
            let gross = agreement.child(ram("GrossPriceProductTradePrice"))
            let net = agreement.child(ram("NetPriceProductTradePrice"))
            if gross != nil || net != nil {
                var price = PriceDetails(at: net?.location ?? gross!.location)
                price.netPrice = net?.amount(ram("ChargeAmount"))
                price.grossPrice = gross?.amount(ram("ChargeAmount"))
                price.discount = gross?.descendant(ram("AppliedTradeAllowanceCharge"), ram("ActualAmount"))?.asAmount
                price.baseQuantity = net?.quantity(ram("BasisQuantity")) ?? gross?.quantity(ram("BasisQuantity"))
                line.price = price
            }
        }
        line.quantity = element.descendant(ram("SpecifiedLineTradeDelivery"), ram("BilledQuantity"))?.asQuantity
        if let settlement = element.child(ram("SpecifiedLineTradeSettlement")) {
            line.taxCategories = taxCategories(settlement, ram("ApplicableTradeTax"))
            if let tax = vatTax(settlement, ram("ApplicableTradeTax")) {
                var vat = LineVATInformation(at: tax.location)
                vat.categoryCode = tax.text(ram("CategoryCode"))
                vat.rate = tax.decimal(ram("RateApplicablePercent"))
                line.vat = vat
            }
            line.period = settlement.child(ram("BillingSpecifiedPeriod")).map(period)
            (line.allowances, line.charges) = allowancesAndCharges(settlement) { _, _ in }
            line.netAmount = settlement.descendant(ram("SpecifiedTradeSettlementLineMonetarySummation"), ram("LineTotalAmount"))?.asAmount
            for reference in settlement.children(ram("AdditionalReferencedDocument"))
            where reference.child(ram("TypeCode"))?.string.trimmingXMLSpace() == "130" {
                if let id = reference.child(ram("IssuerAssignedID")) {
                    line.objectIdentifier = Identifier(
                        id.string, scheme: reference.child(ram("ReferenceTypeCode"))?.string, at: id.location)
                }
                break
            }
            line.buyerAccountingReference = settlement.descendant(ram("ReceivableSpecifiedTradeAccountingAccount"), ram("ID"))?.asText
        }
    }

    private func readItem(_ product: Cursor, into item: inout ItemInformation) {
        item.standardIdentifier = product.identifier(ram("GlobalID"))
        item.sellerIdentifier = product.text(ram("SellerAssignedID"))
        item.buyerIdentifier = product.text(ram("BuyerAssignedID"))
        item.name = product.text(ram("Name"))
        item.description = product.text(ram("Description"))
        item.attributes = product.children(ram("ApplicableProductCharacteristic")).map { characteristic in
            var attribute = ItemAttribute(at: characteristic.location)
            attribute.name = characteristic.text(self.ram("Description"))
            attribute.value = characteristic.text(self.ram("Value"))
            return attribute
        }
        item.classifications = product.children(ram("DesignatedProductClassification")).compactMap {
            $0.child(self.ram("ClassCode"))?.asIdentifier(scheme: "listID", version: "listVersionID")
        }
        item.countryOfOrigin = product.descendant(ram("OriginTradeCountry"), ram("ID"))?.asText
    }
}
