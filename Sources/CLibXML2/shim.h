#ifndef FACTEUR_CLIBXML2_SHIM_H
#define FACTEUR_CLIBXML2_SHIM_H

#include <stdint.h>
#include <string.h>

// Debian builds libxml2 with ICU, so libxml/encoding.h includes the system's <unicode/ucnv.h>.
// Swift's Foundation carries its own ICU headers, and a Swift module that imports both Foundation
// and this one fails with "'UErrorCode' has different definitions in different modules". Facteur
// never touches the ICU members of xmlCharEncodingHandler (it only passes pointers to libxml2),
// so the ICU part of that header is left out here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

// Hardened parsing for untrusted invoices.
//
// What the guard enforces, on top of the parse options below:
// - any document type declaration (<!DOCTYPE ...>) stops the parser the moment it is seen, before a
//   single entity or attribute-list declaration is read: no external entity, no entity bomb, no DTD
//   default attributes can ever reach the tree;
// - the element count and the nesting depth are capped while parsing, so that memory stays bounded
//   by (file size, element count) whatever the document looks like.
// The option set never contains NOENT, DTDLOAD, DTDATTR, DTDVALID or XINCLUDE and always contains
// NONET. It does contain HUGE: the guard above replaces libxml2's fixed limits, and without HUGE a
// text node is capped at 10,000,000 bytes, which would refuse an invoice carrying a legitimate
// 10 MB attachment (base64: 13.4 MB). The caller caps the input size before parsing.

/// The outcome of a failed parse: libxml2's error code, line and message (NUL-terminated, trimmed).
typedef struct facteur_parse_error {
    int code;
    int line;
    int column;
    char message[512];
} facteur_parse_error;

typedef struct facteur_guard {
    unsigned long elements;
    unsigned long max_elements;
    unsigned int depth;
    unsigned int max_depth;
    int refused_dtd;
    int too_many_elements;
    int too_deep;
    /// The first error libxml2 reported: the most useful one to a supplier (later ones often
    /// follow from it, like "premature end of data" after a tag mismatch).
    facteur_parse_error first_error;
    /// For `facteur_start_plain_element`: the root element, the number of open elements below it
    /// that declare namespaces, and the root's namespaces found so far by prefix (the parser's
    /// prefixes come from its dictionary: one pointer per prefix).
    xmlNodePtr root;
    unsigned int nested_declarations;
    const xmlChar *prefixes[8];
    xmlNsPtr namespaces[8];
    /// The slot of the last prefix looked up.
    int last;
} facteur_guard;

static void facteur_guard_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                                          const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    if (guard != NULL) guard->refused_dtd = 1;
    xmlStopParser(ctxt);
}

/// The namespace an element with this prefix is in while every namespace in scope is declared on
/// the root: the root's declaration of the prefix, looked up once per prefix. NULL when the root
/// does not declare it (or the cache is full): the caller leaves the element to libxml2.
static xmlNsPtr facteur_root_namespace(facteur_guard *guard, const xmlChar *prefix) {
    // Runs of elements share their prefix: the last answer first.
    if (guard->namespaces[guard->last] != NULL && guard->prefixes[guard->last] == prefix) return guard->namespaces[guard->last];
    for (int i = 0; i < 8; i++) {
        if (guard->namespaces[i] == NULL) {
            for (xmlNsPtr ns = guard->root->nsDef; ns != NULL; ns = ns->next) {
                int same = prefix == NULL ? ns->prefix == NULL
                                          : ns->prefix != NULL && strcmp((const char *)ns->prefix, (const char *)prefix) == 0;
                if (same && ns->href != NULL) {
                    guard->prefixes[i] = prefix;
                    guard->namespaces[i] = ns;
                    guard->last = i;
                    return ns;
                }
            }
            return NULL;
        }
        if (guard->prefixes[i] == prefix) {
            guard->last = i;
            return guard->namespaces[i];
        }
    }
    return NULL;
}

/// The tree-building part of `xmlSAX2StartElementNs` for the common element: below the root, no
/// namespace declaration while every namespace in scope is the root's, and attributes without
/// prefix whose values hold no reference (`&amp;`, `&#233;`). For every element, libxml2 finds its
/// namespace by walking up to the element that declares it and comparing every declaration's prefix
/// there; here it is the root's declaration of the prefix, looked up once. Returns 0, having done
/// nothing, for any other element: `xmlSAX2StartElementNs` builds it. What is built is what libxml2
/// builds (without a DTD, an unprefixed attribute is never an ID or a reference).
static int facteur_start_plain_element(xmlParserCtxtPtr ctxt, facteur_guard *guard, const xmlChar *localname,
                                       const xmlChar *prefix, const xmlChar *uri, int nb_attributes,
                                       const xmlChar **attributes) {
    xmlNodePtr parent = ctxt->node;
    if (guard->root == NULL || guard->nested_declarations != 0 || parent == NULL || parent->type != XML_ELEMENT_NODE
        || ctxt->freeElems != NULL || ctxt->freeAttrs != NULL || ctxt->validate || !ctxt->dictNames
        || ctxt->replaceEntities || ctxt->html) {
        return 0;
    }
    for (int i = 0; i < nb_attributes; i++) {
        // A value with a reference was copied by the parser, and ends with a 0 instead of a quote.
        if (attributes[5 * i + 1] != NULL || *attributes[5 * i + 4] == 0) return 0;
    }
    xmlNsPtr ns = NULL;
    if (uri != NULL) {
        ns = facteur_root_namespace(guard, prefix);
        if (ns == NULL) return 0;
    } else if (prefix != NULL) {
        return 0;  // an undeclared prefix: libxml2 reports it
    }
    // What xmlNewDocNodeEatName builds (Facteur never registers a node callback).
    xmlNodePtr node = (xmlNodePtr)xmlMalloc(sizeof(xmlNode));
    if (node == NULL) return 0;
    memset(node, 0, sizeof(xmlNode));
    node->type = XML_ELEMENT_NODE;
    node->name = localname;
    node->doc = ctxt->myDoc;
    if (ctxt->linenumbers && ctxt->input != NULL) {
        node->line = (unsigned)ctxt->input->line < (unsigned)USHRT_MAX ? (unsigned short)ctxt->input->line : USHRT_MAX;
    }
    node->ns = ns;
    ctxt->nodemem = -1;
    if (nodePush(ctxt, node) < 0) {  // too deep: the parser has stopped, with its error
        xmlFreeNode(node);
        return 1;
    }
    // What xmlAddChild does for an element of the same document: link it last.
    node->parent = parent;
    if (parent->children == NULL) {
        parent->children = node;
    } else {
        parent->last->next = node;
        node->prev = parent->last;
    }
    parent->last = node;
    xmlAttrPtr previous = NULL;
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **attribute = attributes + 5 * i;
        // What xmlNewNsPropEatName (without a value: no ID to record) and xmlNewDocTextLen build.
        xmlAttrPtr property = (xmlAttrPtr)xmlMalloc(sizeof(xmlAttr));
        xmlNodePtr text = property == NULL ? NULL : (xmlNodePtr)xmlMalloc(sizeof(xmlNode));
        int length = (int)(attribute[4] - attribute[3]);
        xmlChar *content = text == NULL ? NULL : (xmlChar *)xmlMalloc((size_t)length + 1);
        if (content == NULL) {
            xmlErrMemory(ctxt, "building an element");
            xmlStopParser(ctxt);
            return 1;
        }
        memset(property, 0, sizeof(xmlAttr));
        property->type = XML_ATTRIBUTE_NODE;
        property->name = attribute[0];
        property->parent = node;
        property->doc = node->doc;
        if (previous == NULL) {
            node->properties = property;
        } else {
            previous->next = property;
            property->prev = previous;
        }
        previous = property;
        memcpy(content, attribute[3], (size_t)length);
        content[length] = 0;
        memset(text, 0, sizeof(xmlNode));
        text->type = XML_TEXT_NODE;
        text->name = xmlStringText;
        text->content = content;
        text->doc = node->doc;
        text->parent = (xmlNodePtr)property;
        property->children = text;
        property->last = text;
    }
    return 1;
}

static void facteur_guard_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                        const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                                        int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    if (guard != NULL) {
        guard->elements += 1;
        guard->depth += 1;
        if (guard->elements > guard->max_elements) {
            guard->too_many_elements = 1;
            xmlStopParser(ctxt);
            return;
        }
        if (guard->depth > guard->max_depth) {
            guard->too_deep = 1;
            xmlStopParser(ctxt);
            return;
        }
    }
    if (guard != NULL && nb_namespaces == 0 && nb_defaulted == 0
        && facteur_start_plain_element(ctxt, guard, localname, prefix, uri, nb_attributes, attributes)) {
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
    if (guard != NULL && ctxt->node != NULL) {
        if (guard->root == NULL) {
            guard->root = ctxt->node;
        } else if (ctxt->node != guard->root && ctxt->node->nsDef != NULL) {
            guard->nested_declarations += 1;
        }
    }
}

static void facteur_guard_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                                      const xmlChar *uri) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    if (guard != NULL && guard->depth > 0) guard->depth -= 1;
    // The element closing is `ctxt->node` until xmlSAX2EndElementNs pops it.
    if (guard != NULL && ctxt->node != NULL && ctxt->node != guard->root && ctxt->node->nsDef != NULL
        && guard->nested_declarations > 0) {
        guard->nested_declarations -= 1;
    }
    if (ctxt->record_info || ctxt->validate) {
        xmlSAX2EndElementNs(ctx, localname, prefix, uri);
        return;
    }
    // What xmlSAX2EndElementNs does without node positions to record and without validation.
    ctxt->nodemem = -1;
    nodePop(ctxt);
}

/// White space libxml2 finds ignorable (NOBLANKS: between elements, not alone in a leaf) is dropped,
/// except next to CDATA: XPath sees `  <![CDATA[x]]>` as one text, white space included. The
/// official artefacts strip white-space-only text, so what is dropped here is what they ignore.
static void facteur_ignorable_whitespace(void *ctx, const xmlChar *ch, int len) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    xmlNodePtr node = ctxt->node;
    int after_cdata = node != NULL && node->last != NULL && node->last->type == XML_CDATA_SECTION_NODE;
    int before_cdata = ctxt->input != NULL && ctxt->input->cur != NULL && ctxt->input->end != NULL
        && ctxt->input->end - ctxt->input->cur >= 9 && ctxt->input->cur[1] == '!'
        && memcmp(ctxt->input->cur, "<![CDATA[", 9) == 0;
    if (after_cdata || before_cdata) xmlSAX2Characters(ctx, ch, len);
}

/// The parse options install libxml2's own handler for ignorable white space; the document's start,
/// which comes after them, installs Facteur's.
static void facteur_start_document(void *ctx) {
    xmlSAX2StartDocument(ctx);
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    if (ctxt->sax != NULL && ctxt->sax->ignorableWhitespace != ctxt->sax->characters) {
        ctxt->sax->ignorableWhitespace = facteur_ignorable_whitespace;
    }
}

static void facteur_silent_structured_error(void *user_data, xmlErrorPtr error) {
    (void)user_data; (void)error;
}

static void facteur_copy_error(facteur_parse_error *to, const xmlError *from) {
    to->code = from->code;
    to->line = from->line;
    to->column = from->int2;
    to->message[0] = '\0';
    if (from->message != NULL) {
        strncpy(to->message, from->message, sizeof(to->message) - 1);
        to->message[sizeof(to->message) - 1] = '\0';
        size_t n = strlen(to->message);
        while (n > 0 && (to->message[n - 1] == '\n' || to->message[n - 1] == ' ')) {
            to->message[--n] = '\0';
        }
    }
}

static void facteur_record_first_error(void *user_data, xmlErrorPtr error) {
    facteur_guard *guard = (facteur_guard *)user_data;
    if (guard == NULL || error == NULL || error->level < XML_ERR_ERROR) return;
    if (guard->first_error.code == 0) facteur_copy_error(&guard->first_error, error);
}

static inline int facteur_safe_options(void) {
    // NOBLANKS drops the white space between elements (indentation), which halves the nodes of a
    // pretty-printed invoice; white space inside a leaf element (<cbc:Note> </cbc:Note>) is kept.
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES
                | XML_PARSE_COMPACT | XML_PARSE_HUGE | XML_PARSE_NOBLANKS;
#ifdef XML_PARSE_NO_XXE
    options |= XML_PARSE_NO_XXE;
#endif
    return options;
}


/// Parses `size` bytes at `buffer` under the guard (which must not be NULL). Returns the document, or NULL with `error` and
/// the guard's flags describing why. Never prints anything.
static inline xmlDocPtr facteur_parse_memory(const char *buffer, int size, const char *url,
                                             facteur_guard *guard, facteur_parse_error *error) {
    memset(error, 0, sizeof(*error));
    xmlSetStructuredErrorFunc(guard, facteur_record_first_error);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        xmlSetStructuredErrorFunc(NULL, facteur_silent_structured_error);
        error->code = XML_ERR_NO_MEMORY;
        strncpy(error->message, "out of memory creating the parser", sizeof(error->message) - 1);
        return NULL;
    }
    ctxt->_private = guard;
    ctxt->sax->internalSubset = facteur_guard_internal_subset;
    ctxt->sax->startElementNs = facteur_guard_start_element;
    ctxt->sax->endElementNs = facteur_guard_end_element;
    // Comments and processing instructions are parsed (and must be well-formed) but not kept: no
    // rule reads them, and an element's string value leaves them out.
    ctxt->sax->comment = NULL;
    ctxt->sax->processingInstruction = NULL;
    ctxt->sax->startDocument = facteur_start_document;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buffer, size, url, NULL, facteur_safe_options());
    int stopped = guard->refused_dtd || guard->too_many_elements || guard->too_deep;
    if (doc == NULL || !ctxt->wellFormed || stopped) {
        if (doc != NULL) { xmlFreeDoc(doc); doc = NULL; }
        xmlErrorPtr last = xmlCtxtGetLastError(ctxt);
        if (guard->first_error.code != 0) {
            *error = guard->first_error;
        } else if (last != NULL && last->code != 0) {
            facteur_copy_error(error, last);
        } else {
            error->code = ctxt->errNo;
            error->line = ctxt->input != NULL ? ctxt->input->line : 0;
        }
    }
    xmlSetStructuredErrorFunc(NULL, facteur_silent_structured_error);
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/// Namespace tests remembered for one document: element namespaces are compared with the URIs the
/// rules name (some seventy bytes each) thousands of times per invoice, while a document has a
/// handful of namespace declarations. An entry is a (URI, declaration) pair and its answer, checked
/// with strcmp when it was first asked; the cache hangs off the document (`_private`), is allocated
/// with it and freed with it, and is only an accelerator: a miss asks strcmp.
typedef struct facteur_ns_entry {
    const unsigned char *uri;
    const xmlNs *ns;
    int answer;
} facteur_ns_entry;

typedef struct facteur_ns_cache {
    facteur_ns_entry entries[32];
} facteur_ns_cache;

/// Gives `doc` its namespace cache (nothing happens when memory is short: every test then asks strcmp).
static inline void facteur_attach_ns_cache(xmlDocPtr doc) {
    facteur_ns_cache *cache = (facteur_ns_cache *)xmlMalloc(sizeof(facteur_ns_cache));
    if (cache != NULL) memset(cache, 0, sizeof(*cache));
    doc->_private = cache;
}

/// Drops a document parsed inside an arena scope (`facteur_arena_begin`) without walking its tree:
/// the end of the scope takes every block the parse allocated. Only the dictionary is released
/// here, since it holds a mutex libxml2 allocates with malloc itself.
static inline void facteur_drop_document(xmlDocPtr doc) {
    doc->_private = NULL;
    if (doc->dict != NULL) {
        xmlDictFree(doc->dict);
        doc->dict = NULL;
    }
}

/// Whether `node` is in the namespace `uri` (a NUL-terminated string that lives as long as the
/// program: the rules' static strings). An empty `uri` asks for no namespace.
static inline int facteur_in_namespace(const xmlNode *node, const unsigned char *uri) {
    xmlNs *ns = node->ns;
    if (ns == NULL || ns->href == NULL) return uri[0] == 0;
    // The namespace keeps, in its `_private` field (libxml2 leaves it to the application), the last
    // URI it was found to be: most tests ask a namespace the URI it has, and end here.
    if (ns->_private == (const void *)uri) return 1;
    facteur_ns_cache *cache = node->doc != NULL ? (facteur_ns_cache *)node->doc->_private : NULL;
    if (cache == NULL) return strcmp((const char *)ns->href, (const char *)uri) == 0;
    facteur_ns_entry *entry = &cache->entries[(((uintptr_t)uri >> 3) ^ ((uintptr_t)ns >> 5)) & 31];
    if (entry->uri == uri && entry->ns == ns) {
        if (entry->answer) ns->_private = (void *)uri;
        return entry->answer;
    }
    int answer = strcmp((const char *)ns->href, (const char *)uri) == 0;
    entry->uri = uri;
    entry->ns = ns;
    entry->answer = answer;
    if (answer) ns->_private = (void *)uri;
    return answer;
}

/// The key of an element's local name, as `XMLNode.nameKey` computes it for a name written in code:
/// FNV-1a of its bytes in the low 56 bits, the name's length (255 for 255 or more) in the high 8,
/// and never 0 (the low bit is set). The tree walks look every element up by this key, several
/// times per element: it is computed on first use and kept in the element's `_private` field, which
/// libxml2 leaves to the application and Facteur uses for nothing else.
static inline intptr_t facteur_key_of_name(const xmlChar *name) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    const unsigned char *byte = name;
    for (; *byte != 0; byte++) {
        hash = (hash ^ *byte) * 0x100000001b3ULL;
    }
    uint64_t length = (uint64_t)(byte - name);
    return (intptr_t)((hash & 0x00FFFFFFFFFFFFFFULL) | ((length < 255 ? length : 255) << 56) | 1);
}

/// `facteur_key_of_name` of an element's local name, kept by the element.
static inline intptr_t facteur_name_key(xmlNode *node) {
    if (node->_private != NULL) return (intptr_t)node->_private;
    intptr_t key = facteur_key_of_name(node->name);
    node->_private = (void *)key;
    return key;
}

/// Whether the first `width` bytes, and the last `width` bytes, of `a` and `b` (`length` bytes
/// each, `width` of 1, 2, 4 or 8 and at most `length`) are the same: two loads each, which a
/// constant `width` makes plain integer loads once inlined.
__attribute__((always_inline)) static inline int facteur_same_ends(const unsigned char *a, const unsigned char *b, size_t length, size_t width) {
    uint64_t a0 = 0, b0 = 0, a1 = 0, b1 = 0;
    memcpy(&a0, a, width);
    memcpy(&b0, b, width);
    memcpy(&a1, a + length - width, width);
    memcpy(&b1, b + length - width, width);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/// Whether the `length` bytes at `a` and at `b` are the same, for two names already known to have
/// that length: read a word at a time, the last word overlapping the one before, so that nothing is
/// read past either name. Inlined, it takes no call and few branches, where strcmp took both (about
/// a thousand comparisons per invoice, most of them of equal names).
__attribute__((always_inline)) static inline int facteur_same_bytes(const unsigned char *a, const unsigned char *b, size_t length) {
    if (length >= 8) {
        // The words between the first and the last; those two are compared together.
        for (size_t at = 8; at + 8 < length; at += 8) {
            if (!facteur_same_ends(a + at, b + at, 8, 8)) return 0;
        }
        return facteur_same_ends(a, b, length, 8);
    }
    if (length >= 4) return facteur_same_ends(a, b, length, 4);
    if (length >= 2) return facteur_same_ends(a, b, length, 2);
    return length == 0 || a[0] == b[0];
}

/// Whether the local name of `node`, known to be as long as `name` (`length` bytes, NUL-terminated:
/// their name keys agree), is `name`. A name of 255 bytes or more, whose key keeps 255 for its
/// length, is compared whole.
__attribute__((always_inline)) static inline int facteur_same_name(xmlNodePtr node, const unsigned char *name, size_t length) {
    if (length >= 255) return strcmp((const char *)node->name, (const char *)name) == 0;
    return facteur_same_bytes(node->name, name, length);
}

/// Whether the local name of `node` is `name` (`length` bytes, NUL-terminated), namespace aside:
/// the length kept in the element's name key settles most other names, then `facteur_same_name`.
__attribute__((always_inline)) static inline int facteur_has_name(xmlNodePtr node, const unsigned char *name, size_t length) {
    uintptr_t wanted = length < 255 ? (uintptr_t)length : 255;
    return ((uintptr_t)facteur_name_key(node) >> 56) == wanted && facteur_same_name(node, name, length);
}

/// Whether `node` is named `name` (`length` bytes, NUL-terminated) in the namespace `uri` (as
/// `facteur_in_namespace` tests it): `facteur_has_name`, then the namespace. `XMLNode.matches` and
/// the child lookup below.
__attribute__((always_inline)) static inline int facteur_is_named(xmlNodePtr node, const unsigned char *name, size_t length, const unsigned char *uri) {
    return facteur_has_name(node, name, length) && facteur_in_namespace(node, uri);
}

/// The first child element of `parent` that `facteur_is_named`, or NULL. The readers look up some
/// two hundred and fifty children per invoice.
static inline xmlNodePtr facteur_find_child(xmlNodePtr parent, const unsigned char *name, size_t length,
                                            const unsigned char *uri) {
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && facteur_is_named(node, name, length, uri)) return node;
    }
    return NULL;
}

/// The runtime libxml2 version, as digits (`20914` for 2.9.14): `xmlParserVersion` is a macro.
static inline const char *facteur_libxml_version(void) {
    return xmlParserVersion;
}

/// `xmlFree` is a global function-pointer variable, which Swift 6 refuses to call directly.
static inline void facteur_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
