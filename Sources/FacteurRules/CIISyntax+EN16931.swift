// The CII syntax rules (CII-SR), transcribed from the compiled CII artefact of the official rules
// (CEN/TC 434, Schematron version 1.3.15: ConnectingEurope/eInvoicing-EN16931, commit 8263f86c,
// cii/xslt/EN16931-CII-validation.xslt, pattern EN16931-CII-Syntax), context by context, in the
// artefact's order. Severities come from the 1.3.16 catalogue. `@` lines name a context (a path from
// the document root); each rule line is an id and its test. Transcribed so far: the document
// context, the document, its notes, the line, the line document and the line's product (up to
// CII-SR-103; 093..103 as the CII binding file lists them in that context); the rest of the
// pattern is still to transcribe.

extension CIISyntaxRules {
    static let table = """
        @ /rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext
        CII-SR-001 not(ram:SpecifiedTransactionID)
        CII-SR-002 not(ram:TestIndicator)
        CII-SR-003 count(ram:BusinessProcessSpecifiedDocumentContextParameter) <= 1
        CII-SR-006 not(ram:BIMSpecifiedDocumentContextParameter)
        CII-SR-007 not(ram:ScenarioSpecifiedDocumentContextParameter)
        CII-SR-008 not(ram:ApplicationSpecifiedDocumentContextParameter)
        CII-SR-009 count(ram:GuidelineSpecifiedDocumentContextParameter) = 1
        CII-SR-010 count(ram:GuidelineSpecifiedDocumentContextParameter/ram:ID) = 1
        CII-SR-011 not(ram:SubsetSpecifiedDocumentContextParameter)
        CII-SR-012 not(ram:MessageStandardSpecifiedDocumentContextParameter)
        @ /rsm:CrossIndustryInvoice/rsm:ExchangedDocument
        CII-SR-013 not(ram:Name)
        CII-SR-014 count(ram:TypeCode) = 1
        CII-SR-015 not(ram:IssueDateTime/udt:DateTime)
        CII-SR-016 not(ram:CopyIndicator)
        CII-SR-017 not(ram:Purpose)
        CII-SR-018 not(ram:ControlRequirementIndicator)
        CII-SR-019 not(ram:LanguageID)
        CII-SR-020 not(ram:PurposeCode)
        CII-SR-021 not(ram:RevisionDateTime)
        CII-SR-022 not(ram:VersionID)
        CII-SR-023 not(ram:GlobalID)
        CII-SR-024 not(ram:RevisionID)
        CII-SR-025 not(ram:PreviousRevisionID)
        CII-SR-026 not(ram:CategoryCode)
        CII-SR-027 not(ram:IncludedNote/ram:Subject)
        CII-SR-028 not(ram:IncludedNote/ram:ContentCode)
        CII-SR-032 not(ram:IncludedNote/ram:ID)
        CII-SR-033 not(ram:EffectiveSpecifiedPeriod)
        CII-SR-034 not(ram:IssuerTradeParty)
        @ /rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IncludedNote
        CII-SR-030 count(ram:Content) <= 1
        @ /rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem
        CII-SR-035 not(ram:DescriptionCode)
        CII-SR-036 not(ram:ParentLineID)
        CII-SR-037 not(ram:LineStatusCode)
        CII-SR-038 not(ram:LineStatusReasonCode)
        CII-SR-221 not(ram:IncludedSubordinateTradeLineItem)
        @ /rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:AssociatedDocumentLineDocument
        CII-SR-039 count(ram:IncludedNote) <= 1
        CII-SR-040 count(ram:IncludedNote/ram:Content) <= 1
        CII-SR-041 not(ram:IncludedNote/ram:SubjectCode)
        CII-SR-042 not(ram:IncludedNote/ram:ID)
        CII-SR-043 not(ram:IncludedNote/ram:Subject)
        CII-SR-044 not(ram:IncludedNote/ram:ContentCode)
        @ /rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct
        CII-SR-045 not(ram:ID)
        CII-SR-046 not(ram:GlobalID) or (ram:GlobalID/@schemeID)
        CII-SR-048 not(ram:ManufacturerAssignedID)
        CII-SR-049 not(ram:TradeName)
        CII-SR-050 not(ram:TypeCode)
        CII-SR-051 not(ram:NetWeightMeasure)
        CII-SR-052 not(ram:GrossWeightMeasure)
        CII-SR-053 not(ram:ProductGroupID)
        CII-SR-054 not(ram:EndItemTypeCode)
        CII-SR-055 not(ram:EndItemName)
        CII-SR-056 not(ram:AreaDensityMeasure)
        CII-SR-057 not(ram:UseDescription)
        CII-SR-058 not(ram:BrandName)
        CII-SR-059 not(ram:SubBrandName)
        CII-SR-060 not(ram:DrainedNetWeightMeasure)
        CII-SR-061 not(ram:VariableMeasureIndicator)
        CII-SR-062 not(ram:ColourCode)
        CII-SR-063 not(ram:ColourDescription)
        CII-SR-064 not(ram:Designation)
        CII-SR-065 not(ram:FormattedCancellationAnnouncedLaunchDateTime)
        CII-SR-066 not(ram:FormattedLatestProductDataChangeDateTime)
        CII-SR-067 not(ram:ApplicableProductCharacteristic/ram:ID)
        CII-SR-068 not(ram:ApplicableProductCharacteristic/ram:TypeCode)
        CII-SR-070 not(ram:ApplicableProductCharacteristic/ram:ValueMeasure)
        CII-SR-071 not(ram:ApplicableProductCharacteristic/ram:MeasurementMethodCode)
        CII-SR-073 not(ram:ApplicableProductCharacteristic/ram:ValueCode)
        CII-SR-074 not(ram:ApplicableProductCharacteristic/ram:ValueDateTime)
        CII-SR-075 not(ram:ApplicableProductCharacteristic/ram:ValueIndicator)
        CII-SR-076 not(ram:ApplicableProductCharacteristic/ram:ContentTypeCode)
        CII-SR-077 not(ram:ApplicableProductCharacteristic/ram:ValueSpecifiedBinaryFile)
        CII-SR-078 not(ram:ApplicableProductCharacteristic/ram:ApplicableProductCharacteristicCondition)
        CII-SR-079 not(ram:ApplicableProductCharacteristic/ram:ApplicableReferencedStandard)
        CII-SR-080 not(ram:ApplicableMaterialGoodsCharacteristic)
        CII-SR-081 not(ram:DesignatedProductClassification/ram:SystemID)
        CII-SR-082 not(ram:DesignatedProductClassification/ram:SystemName)
        CII-SR-083 not(ram:DesignatedProductClassification/ram:ClassName)
        CII-SR-084 not(ram:DesignatedProductClassification/ram:SubClassCode)
        CII-SR-085 not(ram:DesignatedProductClassification/ram:ClassProductCharacteristic)
        CII-SR-086 not(ram:DesignatedProductClassification/ram:ApplicableReferencedStandard)
        CII-SR-087 not(ram:IndividualTradeProductInstance)
        CII-SR-088 not(ram:CertificationEvidenceReferenceReferencedDocument)
        CII-SR-089 not(ram:InspectionReferenceReferencedDocument)
        CII-SR-090 not(ram:OriginTradeCountry) or (count(ram:OriginTradeCountry/ram:ID) = 1)
        CII-SR-091 not(ram:OriginTradeCountry/ram:Name)
        CII-SR-092 not(ram:OriginTradeCountry/ram:SubordinateTradeCountrySubDivision)
        CII-SR-093 not(ram:LinearSpatialDimension)
        CII-SR-094 not(ram:MinimumLinearSpatialDimension)
        CII-SR-095 not(ram:MaximumLinearSpatialDimension)
        CII-SR-096 not(ram:ManufacturerTradeParty)
        CII-SR-097 not(ram:PresentationSpecifiedBinaryFile)
        CII-SR-098 not(ram:MSDSReferenceReferencedDocument)
        CII-SR-099 not(ram:AdditionalReferenceReferencedDocument)
        CII-SR-100 not(ram:LegalRightsOwnerTradeParty)
        CII-SR-101 not(ram:BrandOwnerTradeParty)
        CII-SR-102 not(ram:IncludedReferencedProduct)
        CII-SR-103 not(ram:InformationNote)
        @ //ram:SpecifiedTradeSettlementPaymentMeans
        CII-SR-464 true()
        """
}
