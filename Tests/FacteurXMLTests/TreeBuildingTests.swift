import CLibXML2
import FacteurTestSupport
@testable import FacteurXML
import Foundation
import Testing

/// Facteur builds most elements itself during the parse (`facteur_start_plain_element`) and leaves
/// the others to libxml2. The tree must be the one libxml2 builds on its own: the same elements,
/// namespaces, attributes, text and line numbers, whatever the namespace declarations, prefixes and
/// references in attribute values. The oracle is libxml2's own tree of the same bytes. (Facteur
/// also keeps the white space next to CDATA that libxml2's NOBLANKS drops: `WhiteSpaceTests`.)
@Suite("Tree building")
struct TreeBuildingTests {
    /// Everything the readers and rules can see of an element, in document order.
    private struct Element: Equatable, CustomStringConvertible {
        var name: String
        var namespace: String?
        var prefix: String?
        var line: Int
        var attributes: [String]
        var text: String
        var children: Int

        var description: String {
            "\(prefix.map { "\($0):" } ?? "")\(name) {\(namespace ?? "-")} line \(line) \(attributes) '\(text)' \(children) children"
        }
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func elements(from first: xmlNodePtr?, into list: inout [Element]) {
        var child = first
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                var attributes: [String] = []
                var attribute = current.pointee.properties
                while let property = attribute {
                    let value = xmlNodeListGetString(current.pointee.doc, property.pointee.children, 1)
                    defer { facteur_xml_free(value) }
                    attributes.append("\(string(property.pointee.ns?.pointee.href) ?? ""):\(string(property.pointee.name) ?? "")=\(string(value) ?? "")")
                    attribute = property.pointee.next
                }
                var text = ""
                var inner = current.pointee.children
                var children = 0
                while let part = inner {
                    switch part.pointee.type {
                    case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: text += string(part.pointee.content) ?? ""
                    case XML_ELEMENT_NODE: children += 1
                    default: break
                    }
                    inner = part.pointee.next
                }
                list.append(Element(name: string(current.pointee.name) ?? "", namespace: string(current.pointee.ns?.pointee.href),
                                    prefix: string(current.pointee.ns?.pointee.prefix), line: Int(xmlGetLineNo(current)),
                                    attributes: attributes, text: text, children: children))
                elements(from: current.pointee.children, into: &list)
            }
            child = current.pointee.next
        }
    }

    /// Facteur's tree and libxml2's, element by element.
    private func compare(_ bytes: [UInt8], _ label: String) throws {
        try bytes.withUnsafeBytes { raw in
            try XMLParser.withDocument(raw) { root in
                var built: [Element] = []
                Self.elements(from: root.raw.pointee.doc.pointee.children, into: &built)
                // libxml2's own tree, with the options Facteur parses with (comments and processing
                // instructions, which Facteur leaves out, are not compared).
                let plain = raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) {
                    xmlReadMemory($0, Int32(raw.count), "oracle.xml", nil, facteur_safe_options())
                }
                let oracle = try #require(plain, "libxml2 did not parse \(label)")
                defer { xmlFreeDoc(oracle) }
                var expected: [Element] = []
                Self.elements(from: oracle.pointee.children, into: &expected)
                #expect(built.count == expected.count, "\(label): element count")
                for (mine, theirs) in zip(built, expected) where mine != theirs {
                    Issue.record("\(label): \(mine) built, \(theirs) expected")
                    break
                }
            }
        }
    }

    @Test func namespacesAttributesAndReferencesAsLibxml2BuildsThem() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <r xmlns="urn:default" xmlns:a="urn:A" xmlns:b="urn:B" a:on-root="1">
              <plain id="7" empty="">text &amp; more</plain>
              <a:x unit="C62" note="&lt;&#233;&quot;" xml:lang="fr">1<![CDATA[<2>]]>3</a:x>
              <b:y a:scheme="S">
                <a:deep><b:deeper kind='q'/></a:deep>
              </b:y>
              <inner xmlns:a="urn:A2"><a:z code="x"/><b:w/></inner>
              <a:after/>
              <nons xmlns=""><child attr="v"/></nons>
              <back/>
              <c:own xmlns:c="urn:C"><c:kid/><kid/></c:own>
              <tail a="1" b="2" c="3"/>
            </r>
            """
        try compare(Array(document.utf8), "crafted document")
    }

    @Test func lineNumbersBeyondSixtyFiveThousand() throws {
        let document = "<r xmlns:a=\"urn:A\">" + String(repeating: "\n", count: 70_000) + "<a:x code=\"1\">v</a:x><y/></r>"
        try compare(Array(document.utf8), "long document")
    }

    @Test func theOfficialExamplesAsLibxml2BuildsThem() throws {
        for file in try SharedFiles.en16931Examples() {
            try compare(Array(try Data(contentsOf: file)), file.lastPathComponent)
        }
    }
}
