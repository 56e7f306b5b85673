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

/// The `length` bytes at `p`, fewer than eight, in one word, read as two overlapping halves so that
/// nothing past them is read: the first and last four bytes of 4 to 7, the first and last two of 2
/// or 3, the byte alone; the other bytes of the word are 0.
static inline uint64_t facteur_load_short(const unsigned char *p, size_t length) {
    if (length >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + length - 4, 4);
        return (uint64_t)a | ((uint64_t)b << 32);
    }
    if (length >= 2) {
        uint16_t a, b;
        memcpy(&a, p, 2);
        memcpy(&b, p + length - 2, 2);
        return (uint64_t)a | ((uint64_t)b << 16);
    }
    return length == 1 ? p[0] : 0;
}

/// The key of a local name, as `XMLNode.nameKey` computes it for a name written in code: a hash of
/// its bytes, read eight at a time, in the low 56 bits, the name's length (255 for 255 or more) in
/// the high 8, and never 0 (the low bit is set). The tree walks look every element up by this key,
/// several times per element: each element and attribute is given its key as it is built. (Keys
/// are compared, never trusted: a name is checked byte for byte once its key agrees.)
static inline intptr_t facteur_key_of_name(const xmlChar *name) {
    size_t length = strlen((const char *)name);
    uint64_t hash = 0xcbf29ce484222325ULL ^ (uint64_t)length;
    uint64_t word = 0;
    if (length >= 8) {
        size_t at = 0;
        for (; at + 8 < length; at += 8) {
            memcpy(&word, name + at, 8);
            hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
            hash ^= hash >> 29;
        }
        memcpy(&word, name + length - 8, 8);  // the last eight bytes, overlapping the word before
    } else {
        word = facteur_load_short(name, length);
    }
    hash = (hash ^ word) * 0x9E3779B97F4A7C15ULL;
    hash ^= hash >> 32;
    hash *= 0xD6E8FEB86659FD93ULL;
    hash ^= hash >> 32;
    return (intptr_t)((hash & 0x00FFFFFFFFFFFFFFULL) | ((uint64_t)(length < 255 ? length : 255) << 56) | 1);
}

/// Whether the eight bytes of `word` are all XML white space (space, tab, line feed, carriage
/// return): a byte is when it equals one of the four, tested on all eight bytes at once.
static inline int facteur_blank_word(uint64_t word) {
    const uint64_t low = 0x7F7F7F7F7F7F7F7FULL;
    uint64_t spaces = word ^ 0x2020202020202020ULL, tabs = word ^ 0x0909090909090909ULL;
    uint64_t feeds = word ^ 0x0A0A0A0A0A0A0A0AULL, returns = word ^ 0x0D0D0D0D0D0D0D0DULL;
    // 0x80 in each byte where the value is zero (exact: no carry crosses a byte).
    #define FACTEUR_ZERO_BYTES(v) (~((((v) & low) + low) | (v) | low))
    uint64_t blank = FACTEUR_ZERO_BYTES(spaces) | FACTEUR_ZERO_BYTES(tabs) | FACTEUR_ZERO_BYTES(feeds) | FACTEUR_ZERO_BYTES(returns);
    #undef FACTEUR_ZERO_BYTES
    return blank == 0x8080808080808080ULL;
}

/// Whether the `length` bytes at `text` are all XML white space, read eight at a time (a short
/// text as two overlapping halves padded with spaces; nothing is read past the text).
static inline int facteur_is_blank(const xmlChar *text, size_t length) {
    if (length >= 8) {
        uint64_t word;
        for (size_t at = 0; at + 8 < length; at += 8) {
            memcpy(&word, text + at, 8);
            if (!facteur_blank_word(word)) return 0;
        }
        memcpy(&word, text + length - 8, 8);
        return facteur_blank_word(word);
    }
    // The bytes of the word that the text does not fill count as spaces.
    uint64_t padding = length >= 4 ? 0 : length >= 2 ? 0x2020202000000000ULL : length == 1 ? 0x2020202020202000ULL : 0x2020202020202020ULL;
    return facteur_blank_word(facteur_load_short(text, length) | padding);
}

// The tree Facteur reads: built from the parser's SAX2 events, not libxml2's DOM.
//
// libxml2's DOM gives every element a 120-byte node and every text its own node between them, and
// Facteur's walks read only a few fields of each. Here an element is a record of the fields the
// readers and rules read, the first cache line holding what a walk follows (name key, name,
// namespace, parent, first child, next sibling); the elements of a document are allocated in runs,
// in document order; the text is kept apart, in one buffer. Everything is allocated with
// libxml2's allocator, that is in Facteur's arena during a parse (`XMLParser`): dropping the tree
// frees nothing by itself, the end of the arena scope takes it whole.
//
// Text. An element's string value (XPath `string(.)`) is the text below it in document order. The
// official validation artefacts read documents with white-space-only text stripped: a run of text
// and CDATA between two tags that is all white space counts for nothing, and a run that holds
// anything else counts whole, its white space included (`  <![CDATA[x]]>` is "  x"). So the tree
// keeps one segment per run that holds something, in document order, and an element the range of
// segments below it: its string value is their concatenation. Comments and processing
// instructions are parsed (they must be well-formed) but not kept, and split no run.

typedef struct facteur_tree facteur_tree;

/// An attribute: local name, namespace (NULL for none), value as the parser gives it (references
/// replaced, white space normalised as XML requires), NUL-terminated.
typedef struct facteur_attribute {
    intptr_t key;
    const xmlChar *name;
    const xmlChar *uri;
    const xmlChar *value;
    size_t length;
    struct facteur_attribute *next;
} facteur_attribute;

typedef struct facteur_element {
    intptr_t key;                         // facteur_key_of_name(name)
    const xmlChar *name;                  // local name, from the parser's dictionary
    const xmlChar *uri;                   // namespace URI, from the dictionary; NULL for none
    struct facteur_element *parent;
    struct facteur_element *first_child;
    struct facteur_element *next;         // next sibling
    struct facteur_element *last_child;   // while building
    const xmlChar *prefix;                // as written; NULL for none
    facteur_attribute *attributes;        // in document order
    facteur_tree *tree;
    uint32_t line;                        // of the start tag
    uint32_t text_first;                  // segments [text_first, text_end) are the text below
    uint32_t text_end;
} facteur_element;

/// A run of text that holds more than white space: `length` bytes at `start` in the tree's text.
typedef struct facteur_segment {
    uint32_t start;
    uint32_t length;
} facteur_segment;

/// Namespace tests remembered for one document: element namespaces are compared with the URIs the
/// rules name (some seventy bytes each) thousands of times per invoice, while a document uses a
/// handful of namespaces, each one pointer from the parser's dictionary. An entry is a pair of
/// (URI asked, element URI) and its answer, checked with strcmp when first asked.
typedef struct facteur_ns_entry {
    const unsigned char *asked;
    const xmlChar *uri;
    int answer;
} facteur_ns_entry;

struct facteur_tree {
    facteur_element *root;
    /// The innermost element open while building.
    facteur_element *open;
    unsigned char *text;
    size_t text_length;
    size_t text_capacity;
    facteur_segment *segments;
    uint32_t segment_count;
    uint32_t segment_capacity;
    /// The current run (the text since the last tag): while it is all white space, its bytes wait
    /// past `text_length`, `pending` of them, and it has no segment; once it holds something else
    /// it is the last segment (`in_segment`).
    size_t pending;
    int in_segment;
    /// Elements are taken from a run of `left` records at `spare`.
    facteur_element *spare;
    size_t left;
    /// The last namespace test answered yes: most tests ask the namespace an element has.
    const unsigned char *last_asked;
    const xmlChar *last_uri;
    facteur_ns_entry ns_cache[32];
};

typedef struct facteur_guard {
    unsigned long elements;
    unsigned long max_elements;
    unsigned int depth;
    unsigned int max_depth;
    int refused_dtd;
    int too_many_elements;
    int too_deep;
    int out_of_memory;
    /// The first error libxml2 reported: the most useful one to a supplier (later ones often
    /// follow from it, like "premature end of data" after a tag mismatch).
    facteur_parse_error first_error;
    /// The tree being built (allocated when the document starts), and the parser's dictionary,
    /// which holds every name of the tree and outlives the parser (`facteur_drop_tree`).
    facteur_tree *tree;
    xmlDictPtr dict;
} facteur_guard;

static void facteur_guard_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
                                          const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    if (guard != NULL) guard->refused_dtd = 1;
    xmlStopParser(ctxt);
}

/// Stops the parse for lack of memory.
static void facteur_tree_out_of_memory(xmlParserCtxtPtr ctxt, facteur_guard *guard) {
    guard->out_of_memory = 1;
    xmlStopParser(ctxt);
}

/// Ends the current run of text at a tag: a run that is all white space is dropped, and the text
/// after the tag starts a new run.
static inline void facteur_tree_close_run(facteur_tree *tree) {
    tree->pending = 0;
    tree->in_segment = 0;
}

/// The first `width` bytes and the last `width` bytes of `length` copied (`width` of 1, 2, 4 or 8
/// and at most `length`): two loads and two stores, which a constant `width` makes plain integer
/// moves once inlined; the two may overlap.
__attribute__((always_inline)) static inline void facteur_copy_ends(unsigned char *to, const unsigned char *from, size_t length, size_t width) {
    uint64_t head = 0, tail = 0;
    memcpy(&head, from, width);
    memcpy(&tail, from + length - width, width);
    memcpy(to, &head, width);
    memcpy(to + length - width, &tail, width);
}

/// `memcpy` for the short texts most runs are (values, indentation), without a call up to 16 bytes.
static inline void facteur_copy_short(unsigned char *to, const unsigned char *from, size_t length) {
    if (length > 16) memcpy(to, from, length);
    else if (length >= 8) facteur_copy_ends(to, from, length, 8);
    else if (length >= 4) facteur_copy_ends(to, from, length, 4);
    else if (length >= 2) facteur_copy_ends(to, from, length, 2);
    else if (length == 1) to[0] = from[0];
}

static void facteur_tree_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                               int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                               const xmlChar **attributes) {
    (void)nb_namespaces; (void)namespaces; (void)nb_defaulted;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    facteur_tree *tree = guard->tree;
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
    if (tree == NULL) {
        facteur_tree_out_of_memory(ctxt, guard);
        return;
    }
    if (tree->left == 0) {
        // Runs of 96 records (some 9 KB): a small invoice takes two or three.
        tree->spare = (facteur_element *)xmlMalloc(96 * sizeof(facteur_element));
        if (tree->spare == NULL) {
            facteur_tree_out_of_memory(ctxt, guard);
            return;
        }
        tree->left = 96;
    }
    facteur_element *element = tree->spare++;
    tree->left -= 1;
    facteur_tree_close_run(tree);
    facteur_element *parent = tree->open;
    if (prefix != NULL && uri == NULL) {
        // An undeclared prefix (libxml2 reports it, and goes on): the element is named by its
        // qualified name, in no namespace, as libxml2's own tree names it.
        const xmlChar *qualified = xmlDictQLookup(ctxt->dict, prefix, localname);
        if (qualified != NULL) localname = qualified;
        prefix = NULL;
    }
    element->key = facteur_key_of_name(localname);
    element->name = localname;
    element->uri = uri;
    element->parent = parent;
    element->first_child = NULL;
    element->next = NULL;
    element->last_child = NULL;
    element->prefix = prefix;
    element->attributes = NULL;
    element->tree = tree;
    element->line = ctxt->input != NULL && ctxt->input->line > 0 ? (uint32_t)ctxt->input->line : 0;
    element->text_first = tree->segment_count;
    element->text_end = tree->segment_count;
    if (parent == NULL) {
        tree->root = element;
    } else {
        if (parent->last_child == NULL) parent->first_child = element;
        else parent->last_child->next = element;
        parent->last_child = element;
    }
    facteur_attribute *previous = NULL;
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **attribute = attributes + 5 * i;
        size_t length = (size_t)(attribute[4] - attribute[3]);
        facteur_attribute *made = (facteur_attribute *)xmlMalloc(sizeof(facteur_attribute) + length + 1);
        if (made == NULL) {
            facteur_tree_out_of_memory(ctxt, guard);
            return;
        }
        xmlChar *value = (xmlChar *)(made + 1);
        memcpy(value, attribute[3], length);
        value[length] = 0;
        const xmlChar *name = attribute[0];
        if (attribute[1] != NULL && attribute[2] == NULL) {
            // An undeclared prefix, as for elements.
            const xmlChar *qualified = xmlDictQLookup(ctxt->dict, attribute[1], name);
            if (qualified != NULL) name = qualified;
        }
        made->key = facteur_key_of_name(name);
        made->name = name;
        made->uri = attribute[2];
        made->value = value;
        made->length = length;
        made->next = NULL;
        if (previous == NULL) element->attributes = made;
        else previous->next = made;
        previous = made;
    }
    tree->open = element;
}

static void facteur_tree_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)localname; (void)prefix; (void)uri;
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    facteur_tree *tree = guard->tree;
    if (guard->depth > 0) guard->depth -= 1;
    if (tree == NULL || tree->open == NULL) return;
    facteur_tree_close_run(tree);
    tree->open->text_end = tree->segment_count;
    tree->open = tree->open->parent;
}

/// Text, CDATA and white space alike: appended to the current run.
static void facteur_tree_text(void *ctx, const xmlChar *ch, int len) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    facteur_tree *tree = guard->tree;
    if (tree == NULL || tree->open == NULL || len <= 0) return;
    size_t length = (size_t)len;
    size_t used = tree->text_length + tree->pending;
    if (used + length > tree->text_capacity) {
        size_t capacity = tree->text_capacity == 0 ? 4096 : tree->text_capacity;
        while (capacity < used + length) capacity *= 2;
        if (capacity > UINT32_MAX) {
            facteur_tree_out_of_memory(ctxt, guard);
            return;
        }
        unsigned char *grown = (unsigned char *)xmlRealloc(tree->text, capacity);
        if (grown == NULL) {
            facteur_tree_out_of_memory(ctxt, guard);
            return;
        }
        tree->text = grown;
        tree->text_capacity = capacity;
    }
    facteur_copy_short(tree->text + used, ch, length);
    if (tree->in_segment) {
        tree->text_length += length;
        tree->segments[tree->segment_count - 1].length += (uint32_t)length;
        return;
    }
    tree->pending += length;
    if (facteur_is_blank(ch, length)) return;
    // The run holds something: it becomes a segment, its white space so far included.
    if (tree->segment_count == tree->segment_capacity) {
        uint32_t capacity = tree->segment_capacity == 0 ? 256 : tree->segment_capacity * 2;
        facteur_segment *grown = (facteur_segment *)xmlRealloc(tree->segments, capacity * sizeof(facteur_segment));
        if (grown == NULL) {
            facteur_tree_out_of_memory(ctxt, guard);
            return;
        }
        tree->segments = grown;
        tree->segment_capacity = capacity;
    }
    facteur_segment *segment = &tree->segments[tree->segment_count++];
    segment->start = (uint32_t)tree->text_length;
    segment->length = (uint32_t)tree->pending;
    tree->text_length += tree->pending;
    tree->pending = 0;
    tree->in_segment = 1;
}

/// The document's start: the tree, and a hold on the parser's dictionary, where every name lives.
/// No libxml2 document record is made (Facteur reads no DOM). The parse options install libxml2's
/// own handlers for text; this runs after them.
static void facteur_start_document(void *ctx) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    facteur_guard *guard = (facteur_guard *)ctxt->_private;
    if (guard != NULL && guard->dict == NULL && ctxt->dict != NULL && xmlDictReference(ctxt->dict) == 0) {
        guard->dict = ctxt->dict;
    }
    if (ctxt->sax != NULL) {
        ctxt->sax->characters = facteur_tree_text;
        ctxt->sax->cdataBlock = facteur_tree_text;
        // The same handler: libxml2 then never asks whether white space is ignorable (which reads its DOM).
        ctxt->sax->ignorableWhitespace = facteur_tree_text;
    }
    if (guard != NULL && guard->tree == NULL) {
        guard->tree = (facteur_tree *)xmlMalloc(sizeof(facteur_tree));
        if (guard->tree == NULL) {
            facteur_tree_out_of_memory(ctxt, guard);
            return;
        }
        memset(guard->tree, 0, sizeof(facteur_tree));
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
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | XML_PARSE_HUGE;
#ifdef XML_PARSE_NO_XXE
    options |= XML_PARSE_NO_XXE;
#endif
    return options;
}

/// Parses `size` bytes at `buffer` under the guard (which must not be NULL). Returns 1 when the
/// document is well-formed and its tree built (the guard's `tree`, whose `root` a well-formed
/// document has), 0 with `error` and the guard's flags describing why. Either way `facteur_drop_tree` releases what the parse holds. Never prints
/// anything. (`url` names the document in libxml2's error records.)
static inline int facteur_parse_memory(const char *buffer, int size, const char *url,
                                       facteur_guard *guard, facteur_parse_error *error) {
    memset(error, 0, sizeof(*error));
    xmlSetStructuredErrorFunc(guard, facteur_record_first_error);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        xmlSetStructuredErrorFunc(NULL, facteur_silent_structured_error);
        error->code = XML_ERR_NO_MEMORY;
        strncpy(error->message, "out of memory creating the parser", sizeof(error->message) - 1);
        return 0;
    }
    ctxt->_private = guard;
    ctxt->sax->internalSubset = facteur_guard_internal_subset;
    ctxt->sax->startElementNs = facteur_tree_start;
    ctxt->sax->endElementNs = facteur_tree_end;
    // Comments and processing instructions are parsed (and must be well-formed) but not kept: no
    // rule reads them, and an element's string value leaves them out.
    ctxt->sax->comment = NULL;
    ctxt->sax->processingInstruction = NULL;
    ctxt->sax->startDocument = facteur_start_document;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buffer, size, url, NULL, facteur_safe_options());
    if (doc != NULL) xmlFreeDoc(doc);  // none: no document record is made
    int stopped = guard->refused_dtd || guard->too_many_elements || guard->too_deep || guard->out_of_memory;
    int built = ctxt->wellFormed && !stopped;
    if (!built) {
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
    return built;
}

/// Drops a tree built inside an arena scope (`facteur_arena_begin`) without walking it: the end of
/// the scope takes every block the parse allocated. Only the dictionary is released here, since it
/// holds a mutex libxml2 allocates with malloc itself.
static inline void facteur_drop_tree(facteur_guard *guard) {
    if (guard->dict != NULL) {
        xmlDictFree(guard->dict);
        guard->dict = NULL;
    }
}

/// Whether `element` is in the namespace `uri` (a NUL-terminated string that lives as long as the
/// program: the rules' static strings). An empty `uri` asks for no namespace.
static inline int facteur_in_namespace(const facteur_element *element, const unsigned char *uri) {
    const xmlChar *own = element->uri;
    if (own == NULL) return uri[0] == 0;
    facteur_tree *tree = element->tree;
    if (tree->last_asked == uri && tree->last_uri == own) return 1;
    facteur_ns_entry *entry = &tree->ns_cache[(((uintptr_t)uri >> 3) ^ ((uintptr_t)own >> 4)) & 31];
    int answer;
    if (entry->asked == uri && entry->uri == own) {
        answer = entry->answer;
    } else {
        answer = strcmp((const char *)own, (const char *)uri) == 0;
        entry->asked = uri;
        entry->uri = own;
        entry->answer = answer;
    }
    if (answer) {
        tree->last_asked = uri;
        tree->last_uri = own;
    }
    return answer;
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
__attribute__((always_inline)) static inline int facteur_same_name(const facteur_element *node, const unsigned char *name, size_t length) {
    if (length >= 255) return strcmp((const char *)node->name, (const char *)name) == 0;
    return facteur_same_bytes(node->name, name, length);
}

/// Whether the local name of `node` is `name` (`length` bytes, NUL-terminated), namespace aside:
/// the length kept in the element's name key settles most other names, then `facteur_same_name`.
__attribute__((always_inline)) static inline int facteur_has_name(const facteur_element *node, const unsigned char *name, size_t length) {
    uintptr_t wanted = length < 255 ? (uintptr_t)length : 255;
    return ((uintptr_t)node->key >> 56) == wanted && facteur_same_name(node, name, length);
}

/// Whether `node` is named `name` (`length` bytes, NUL-terminated) in the namespace `uri` (as
/// `facteur_in_namespace` tests it): `facteur_has_name`, then the namespace. `XMLNode.matches` and
/// the child lookup below.
__attribute__((always_inline)) static inline int facteur_is_named(const facteur_element *node, const unsigned char *name, size_t length, const unsigned char *uri) {
    return facteur_has_name(node, name, length) && facteur_in_namespace(node, uri);
}

/// The first child element of `parent` that `facteur_is_named`, or NULL. The readers look up some
/// two hundred and fifty children per invoice.
static inline facteur_element *facteur_find_child(const facteur_element *parent, const unsigned char *name, size_t length,
                                                  const unsigned char *uri) {
    for (facteur_element *node = parent->first_child; node != NULL; node = node->next) {
        if (facteur_is_named(node, name, length, uri)) return node;
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
