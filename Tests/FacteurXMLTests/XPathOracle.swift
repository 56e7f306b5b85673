import CLibXML2
import Foundation

/// An independent reading of an XML file with libxml2's own XPath engine, for checking the readers
/// against expressions written straight from the syntax bindings. Trusted test files only.
final class XPathOracle {
    private let document: xmlDocPtr
    private let context: xmlXPathContextPtr

    static let namespaces = [
        "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
        "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    ]

    init(path: String) throws {
        guard let document = xmlReadFile(path, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue)),
              let context = xmlXPathNewContext(document)
        else { throw CocoaError(.fileReadCorruptFile) }
        self.document = document
        self.context = context
        for (prefix, uri) in Self.namespaces {
            _ = xmlXPathRegisterNs(context, prefix, uri)
        }
    }

    deinit {
        xmlXPathFreeContext(context)
        xmlFreeDoc(document)
    }

    /// `string(expression)`: the string value of the first node, "" when there is none.
    func string(_ expression: String) -> String {
        guard let object = xmlXPathEvalExpression("string(\(expression))", context) else { return "" }
        defer { xmlXPathFreeObject(object) }
        return object.pointee.stringval.map { String(cString: $0) } ?? ""
    }

    /// Whether the expression selects at least one node.
    func exists(_ expression: String) -> Bool {
        count(expression) > 0
    }

    /// `count(expression)`.
    func count(_ expression: String) -> Int {
        guard let object = xmlXPathEvalExpression("count(\(expression))", context) else { return -1 }
        defer { xmlXPathFreeObject(object) }
        return Int(object.pointee.floatval)
    }
}
