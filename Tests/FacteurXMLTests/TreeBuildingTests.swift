import CLibXML2
import FacteurTestSupport
@testable import FacteurXML
import Foundation
import Testing

/// Facteur builds its own tree from the parser's events (`facteur_tree`) instead of libxml2's DOM.
/// It must hold what libxml2's DOM of the same bytes holds: the same elements, namespaces,
/// prefixes, attributes and line numbers, and the same string values, whatever the namespace
/// declarations, prefixes, references, CDATA and comments. The oracle is libxml2's own tree, read
/// as the official artefacts read a document: a run of text between two tags that is all white
/// space counts for nothing (comments and processing instructions, which Facteur does not keep,
/// split no run).
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

    /// Facteur's tree, through what `XMLNode` shows.
    private static func built(_ node: XMLNode, into list: inout [Element]) {
        var attributes: [String] = []
        var attribute = node.raw.pointee.attributes
        while let current = attribute {
            attributes.append("\(string(current.pointee.uri) ?? ""):\(string(current.pointee.name) ?? "")=\(string(current.pointee.value) ?? "")")
            attribute = current.pointee.next
        }
        list.append(Element(name: node.localName, namespace: node.namespaceURI, prefix: string(node.raw.pointee.prefix),
                            line: node.line, attributes: attributes, text: node.stringValue,
                            children: node.childElements.reduce(0) { count, _ in count + 1 }))
        for child in node.childElements { built(child, into: &list) }
    }

    /// The string value of a libxml2 element, runs of white space dropped.
    private static func stringValue(_ element: xmlNodePtr) -> String {
        var text: [UInt8] = []
        var run: [UInt8] = []
        func endRun() {
            if run.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { text += run }
            run = []
        }
        func visit(_ first: xmlNodePtr?) {
            var node = first
            while let current = node {
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content { run += Array(String(cString: content).utf8) }
                case XML_ELEMENT_NODE:
                    endRun()
                    visit(current.pointee.children)
                    endRun()
                default:
                    break
                }
                node = current.pointee.next
            }
        }
        visit(element.pointee.children)
        endRun()
        return String(decoding: text, as: UTF8.self)
    }

    /// libxml2's tree.
    private static func expected(from first: xmlNodePtr?, into list: inout [Element]) {
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
                var children = 0
                var inner = current.pointee.children
                while let part = inner {
                    if part.pointee.type == XML_ELEMENT_NODE { children += 1 }
                    inner = part.pointee.next
                }
                list.append(Element(name: string(current.pointee.name) ?? "", namespace: string(current.pointee.ns?.pointee.href),
                                    prefix: string(current.pointee.ns?.pointee.prefix), line: Int(xmlGetLineNo(current)),
                                    attributes: attributes, text: stringValue(current), children: children))
                expected(from: current.pointee.children, into: &list)
            }
            child = current.pointee.next
        }
    }

    /// Facteur's tree and libxml2's, element by element.
    private func compare(_ bytes: [UInt8], _ label: String) throws {
        try bytes.withUnsafeBytes { raw in
            try XMLParser.withDocument(raw) { root in
                var built: [Element] = []
                Self.built(root, into: &built)
                let plain = raw.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) {
                    xmlReadMemory($0, Int32(raw.count), "oracle.xml", nil, facteur_safe_options())
                }
                let oracle = try #require(plain, "libxml2 did not parse \(label)")
                defer { xmlFreeDoc(oracle) }
                var expected: [Element] = []
                Self.expected(from: oracle.pointee.children, into: &expected)
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
              <tail a="1" b="2" c="3" u:undeclared="4"/>
              <u:undeclared at="5"><u:kid/></u:undeclared>
              <mixed>one <b:em>two</b:em> three<!-- note --> four<?pi data?>  <![CDATA[ five ]]>
                <empty>   </empty>  <spaced>  <![CDATA[x]]></spaced></mixed>
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
