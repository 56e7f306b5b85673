import CLibXML2
import Foundation

/// An XML Schema compiled by libxml2, to check the documents Facteur writes (CDAR messages) against
/// the official XSDs of `../shared/schemas`.
public final class SchemaValidator {
    private let schema: xmlSchemaPtr

    public init(path: String) throws {
        guard let parser = xmlSchemaNewParserCtxt(path) else { throw CocoaError(.fileReadUnknown) }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser) else { throw CocoaError(.fileReadCorruptFile) }
        self.schema = schema
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// The schema's complaints about the file (empty when it is valid).
    public func errors(validating path: String) -> [String] {
        guard let context = xmlSchemaNewValidCtxt(schema) else { return ["cannot make a validation context"] }
        defer { xmlSchemaFreeValidCtxt(context) }
        final class Collected { var messages: [String] = [] }
        let collected = Collected()
        let box = Unmanaged.passUnretained(collected).toOpaque()
        xmlSchemaSetValidStructuredErrors(context, { user, error in
            guard let user, let error else { return }
            let collected = Unmanaged<Collected>.fromOpaque(user).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? "?"
            collected.messages.append("line \(error.pointee.line): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }, box)
        let status = xmlSchemaValidateFile(context, path, 0)
        if status != 0, collected.messages.isEmpty { collected.messages.append("not valid (status \(status))") }
        return collected.messages
    }
}
