import FacteurModel
import Testing

/// SIREN and SIRET checks on published numbers: INSEE's own examples and companies' registered
/// numbers, and La Poste's exception.
@Suite("French company numbers")
struct FrenchCompanyNumberTests {
    @Test(arguments: ["732829320", "552081317", "356000000"])
    func validSIRENs(_ siren: String) {
        #expect(FrenchCompanyNumber.sirenProblem(siren) == nil)
    }

    @Test func invalidSIRENs() {
        #expect(FrenchCompanyNumber.sirenProblem("123456789") == .checkDigit)
        #expect(FrenchCompanyNumber.sirenProblem("73282932") == .notDigits(expectedLength: 9))
        #expect(FrenchCompanyNumber.sirenProblem("7328293200") == .notDigits(expectedLength: 9))
        #expect(FrenchCompanyNumber.sirenProblem("73282932A") == .notDigits(expectedLength: 9))
        // Written as an invoice must carry it: no spaces.
        #expect(FrenchCompanyNumber.sirenProblem("732 829 320") == .notDigits(expectedLength: 9))
        #expect(FrenchCompanyNumber.sirenProblem(" 732829320") == .notDigits(expectedLength: 9))
        #expect(FrenchCompanyNumber.sirenProblem("") == .notDigits(expectedLength: 9))
        // Arabic-Indic digits are not digits here.
        #expect(FrenchCompanyNumber.sirenProblem("٧٣٢٨٢٩٣٢٠") == .notDigits(expectedLength: 9))
    }

    @Test(arguments: ["73282932000074", "55208131766522", "35600000000048", "35600000049837"])
    func validSIRETs(_ siret: String) {
        #expect(FrenchCompanyNumber.siretProblem(siret) == nil)
    }

    @Test func invalidSIRETs() {
        #expect(FrenchCompanyNumber.siretProblem("73282932000075") == .checkDigit)
        // La Poste: neither Luhn nor a digit sum that is a multiple of 5.
        #expect(FrenchCompanyNumber.siretProblem("35600000049838") == .checkDigit)
        // A digit sum that is a multiple of 5 is La Poste's exception only.
        #expect(FrenchCompanyNumber.siretProblem("12345678912345") == .checkDigit)
        #expect(FrenchCompanyNumber.siretProblem("3624679471379") == .notDigits(expectedLength: 14))
        #expect(FrenchCompanyNumber.siretProblem("732829320 00074") == .notDigits(expectedLength: 14))
    }

    @Test func aSIRETBelongsToItsSIREN() {
        #expect(FrenchCompanyNumber.siretProblem("73282932000074", ofSIREN: "732829320") == nil)
        #expect(FrenchCompanyNumber.siretProblem("73282932000074", ofSIREN: "552081317") == .otherCompany(siren: "552081317"))
        #expect(FrenchCompanyNumber.siretProblem("35600000049837", ofSIREN: "356000000") == nil)
        // A bad check digit is reported before the company.
        #expect(FrenchCompanyNumber.siretProblem("73282932000075", ofSIREN: "552081317") == .checkDigit)
    }

    @Test func messagesSayWhatIsExpected() {
        #expect("\(FrenchCompanyNumber.Problem.notDigits(expectedLength: 14))" == "expected exactly 14 digits")
        #expect("\(FrenchCompanyNumber.Problem.otherCompany(siren: "732829320"))" == "expected a SIRET starting with the SIREN 732829320")
    }
}
