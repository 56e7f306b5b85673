/// Why a file could not be read as an invoice at all.
///
/// These are not findings: a document that is not well-formed XML, that declares a DTD, that is too
/// large or that is not an invoice never reaches the rules. Each code maps to the reason the French
/// reform gives for an unreadable ("irrecevable", status 501) flow.
public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Storage: String, Sendable {
            case ioError = "io-error"
            case notRegularFile = "not-regular-file"
            case empty = "empty"
            case tooLarge = "too-large"
            case malformedXML = "malformed-xml"
            case doctypeForbidden = "doctype-forbidden"
            case tooManyElements = "too-many-elements"
            case tooDeep = "too-deep"
            case unsupportedDocument = "unsupported-document"
            case schemaInvalid = "schema-invalid"
        }
        private let storage: Storage

        /// The file could not be opened or read (permissions, I/O error).
        public static let ioError = Code(storage: .ioError)
        /// A link, folder, device, socket or FIFO where a file was expected.
        public static let notRegularFile = Code(storage: .notRegularFile)
        /// The file has no content (or only white space).
        public static let empty = Code(storage: .empty)
        /// The file is over the size limit.
        public static let tooLarge = Code(storage: .tooLarge)
        /// Not well-formed XML: syntax error, truncated, wrong encoding, undefined entity.
        public static let malformedXML = Code(storage: .malformedXML)
        /// The document declares a DTD; invoices never need one and it is where entity attacks live.
        public static let doctypeForbidden = Code(storage: .doctypeForbidden)
        /// More elements than the limit allows.
        public static let tooManyElements = Code(storage: .tooManyElements)
        /// Elements nested deeper than the limit allows.
        public static let tooDeep = Code(storage: .tooDeep)
        /// Well-formed XML, but not a UBL 2.1 Invoice / CreditNote nor a CII D16B invoice.
        public static let unsupportedDocument = Code(storage: .unsupportedDocument)
        /// Not valid against the XSD of its kind (the receiver flows, which are checked against theirs).
        public static let schemaInvalid = Code(storage: .schemaInvalid)

        /// A stable, machine-readable name (`malformed-xml`, ...).
        public var description: String { storage.rawValue }

        /// The French reform's reason code for an unreadable flow (status 501), or `nil` when the
        /// cause is on the platform's side (I/O) and the supplier is not to blame.
        public var reformReason: String? {
            switch storage {
            case .ioError: return nil
            case .notRegularFile, .unsupportedDocument: return "IRR_TYPE_F"
            case .empty: return "IRR_VIDE_F"
            case .tooLarge: return "IRR_TAILLE_F"
            case .malformedXML, .doctypeForbidden, .tooManyElements, .tooDeep, .schemaInvalid: return "IRR_SYNTAX"
            }
        }
    }

    public var code: Code
    /// One line, for suppliers and operators: what was found, where, what is expected.
    public var message: String
    /// The 1-based line in the file where the problem was found, when known.
    public var line: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String { message }
}
