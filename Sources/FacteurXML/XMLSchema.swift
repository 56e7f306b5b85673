import CLibXML2
import Glibc

/// An XML Schema compiled by libxml2: the receiver flows (CDAR, Chorus Pro `CPPStatut`) are checked
/// against their official XSD before use, and the tests check what Facteur writes the same way.
///
/// A compiled schema is only read once made: one may serve any number of validations, from any
/// thread (each validation has its own context).
public final class XMLSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    /// The XSD's path, for messages.
    public let path: String

    /// A complaint of the schema about a document: where, and what.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Compiles the XSD at `path` (and the XSDs it imports, beside it).
    public init(path: String) throws {
        XMLParser.prepare()
        guard access(path, R_OK) == 0 else {
            throw ReadError(.ioError, "cannot read the schema \(path): \(String(cString: strerror(errno)))")
        }
        // Nothing on stderr from this thread's loading of the files either (an unreadable include).
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        guard let parser = xmlSchemaNewParserCtxt(path) else {
            throw ReadError(.ioError, "cannot read the schema \(path)")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        // libxml2 reports schema parsing problems on stderr unless told where else.
        xmlSchemaSetParserStructuredErrors(parser, { _, _ in }, nil)
        guard let schema = xmlSchemaParse(parser) else {
            throw ReadError(.ioError, "cannot compile the schema \(path): missing, unreadable or not an XSD")
        }
        self.schema = schema
        self.path = path
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// The schema's complaints about the document in `bytes` (empty when it is valid). Read without
    /// network access, entity substitution or DTD loading: give it only documents `XMLParser`
    /// accepted, which refuses DTDs, entities and oversized input first.
    public func violations(in bytes: UnsafeRawBufferPointer, name: String = "input.xml") -> [Violation] {
        guard let base = bytes.baseAddress, bytes.count < Int(Int32.max) else {
            return [Violation(line: 0, message: "the document is empty or too large")]
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let document = xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), name, nil, options) else {
            return [Violation(line: 0, message: "the document cannot be read as XML")]
        }
        defer { xmlFreeDoc(document) }
        return validate { xmlSchemaValidateDoc($0, document) }
    }

    /// The schema's complaints about the file at `path` (empty when it is valid).
    public func violations(validatingFile path: String) -> [Violation] {
        validate { xmlSchemaValidateFile($0, path, 0) }
    }

    private func validate(_ run: (xmlSchemaValidCtxtPtr) -> Int32) -> [Violation] {
        guard let context = xmlSchemaNewValidCtxt(schema) else { return [Violation(line: 0, message: "cannot make a validation context")] }
        defer { xmlSchemaFreeValidCtxt(context) }
        final class Collected { var violations: [Violation] = [] }
        let collected = Collected()
        xmlSchemaSetValidStructuredErrors(context, { user, error in
            guard let user, let error else { return }
            let collected = Unmanaged<Collected>.fromOpaque(user).takeUnretainedValue()
            var message = error.pointee.message.map { String(cString: $0) } ?? "not valid"
            while message.last?.isWhitespace == true { message.removeLast() }
            collected.violations.append(Violation(line: Int(error.pointee.line), message: message))
        }, Unmanaged.passUnretained(collected).toOpaque())
        let status = withExtendedLifetime(collected) { run(context) }
        if status != 0, collected.violations.isEmpty { collected.violations.append(Violation(line: 0, message: "not valid (libxml2 status \(status))")) }
        return collected.violations
    }
}
