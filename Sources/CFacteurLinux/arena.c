#include "CFacteurLinux.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Under AddressSanitizer the arena poisons what it hands back, so a pointer into a freed tree is
// still reported when it is used.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define POISON(address, size) ASAN_POISON_MEMORY_REGION(address, size)
#define UNPOISON(address, size) ASAN_UNPOISON_MEMORY_REGION(address, size)
#endif
#endif
#ifndef POISON
#define POISON(address, size) ((void)(address), (void)(size))
#define UNPOISON(address, size) ((void)(address), (void)(size))
#endif

// A per-thread bump allocator for libxml2's parse of one document (see the header).
//
// Blocks come from a few chunks; each block has a 16-byte header holding its size, for realloc.
// Whether a pointer is an arena block is decided by its address (inside one of the thread's
// chunks), never by a tag, so memory libxml2 obtained from malloc (before the hooks were
// installed, outside a scope, or too large for the arena) is always handed back to free.

enum {
    header_size = 16,
    largest_block = 16 * 1024,          // larger requests go to malloc, even inside a scope
    first_chunk = 128 * 1024,
    largest_retained = 4 * 1024 * 1024, // the largest chunk: what a thread keeps between documents
};

typedef struct chunk {
    struct chunk *next;
    size_t size;  // bytes of data
    size_t used;
    size_t padding;
    unsigned char data[];
} chunk;

typedef struct {
    chunk *chunks;  // newest first
    int depth;      // nesting of scopes; blocks come from the arena when > 0
    // The blocks too large for the arena that were allocated in the scope and not freed yet: the
    // end of the scope frees them, so that a document can be dropped without walking its tree.
    void **large;
    size_t large_count;
    size_t large_capacity;
} arena;

static __thread arena thread_arena;

// A thread that ends gives its chunks back.
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void release_chunks(void *unused) {
    (void)unused;
    chunk *c = thread_arena.chunks;
    while (c != NULL) {
        chunk *next = c->next;
        UNPOISON(c->data, c->size);
        free(c);
        c = next;
    }
    thread_arena.chunks = NULL;
    free(thread_arena.large);
    thread_arena.large = NULL;
    thread_arena.large_count = 0;
    thread_arena.large_capacity = 0;
}

static void make_exit_key(void) { pthread_key_create(&exit_key, release_chunks); }

/// Makes the thread's end give its arena back (called when the arena first gets memory; calling it
/// again changes nothing).
static void release_at_thread_exit(void) {
    pthread_once(&exit_key_once, make_exit_key);
    pthread_setspecific(exit_key, &thread_arena);  // any non-NULL value runs the destructor
}

static size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }

static chunk *owner(const void *pointer) {
    const unsigned char *p = pointer;
    for (chunk *c = thread_arena.chunks; c != NULL; c = c->next) {
        if (p >= c->data && p < c->data + c->size) return c;
    }
    return NULL;
}

static size_t block_size(const void *pointer) {
    size_t size;
    memcpy(&size, (const unsigned char *)pointer - header_size, sizeof size);
    return size;
}

static void *bump(size_t size) {
    size_t need = header_size + round16(size);
    chunk *c = thread_arena.chunks;
    if (c == NULL || c->size - c->used < need) {
        size_t capacity = c == NULL ? first_chunk : c->size * 2;
        if (capacity > largest_retained) capacity = largest_retained;
        chunk *fresh = malloc(sizeof(chunk) + capacity);
        if (fresh == NULL) return NULL;
        if (c == NULL) release_at_thread_exit();
        POISON(fresh->data, capacity);
        fresh->next = c;
        fresh->size = capacity;
        fresh->used = 0;
        thread_arena.chunks = fresh;
        c = fresh;
    }
    unsigned char *block = c->data + c->used + header_size;
    UNPOISON(block - header_size, need);
    memcpy(block - header_size, &size, sizeof size);
    c->used += need;
    return block;
}

/// Records a large block allocated in the scope; false when memory is short (the caller frees it).
static int track(void *pointer) {
    arena *a = &thread_arena;
    if (a->large == NULL) release_at_thread_exit();
    if (a->large_count == a->large_capacity) {
        size_t capacity = a->large_capacity == 0 ? 16 : a->large_capacity * 2;
        void **grown = realloc(a->large, capacity * sizeof(void *));
        if (grown == NULL) return 0;
        a->large = grown;
        a->large_capacity = capacity;
    }
    a->large[a->large_count++] = pointer;
    return 1;
}

/// The slot of `pointer` among the tracked large blocks, or -1.
static long tracked(const void *pointer) {
    for (size_t i = thread_arena.large_count; i > 0; i--) {
        if (thread_arena.large[i - 1] == pointer) return (long)(i - 1);
    }
    return -1;
}

static void *large_malloc(size_t size) {
    void *block = malloc(size);
    if (block != NULL && !track(block)) {
        free(block);
        return NULL;
    }
    return block;
}

void *facteur_arena_malloc(size_t size) {
    if (thread_arena.depth > 0) return size <= largest_block ? bump(size) : large_malloc(size);
    return malloc(size);
}

void facteur_arena_free(void *pointer) {
    if (pointer == NULL) return;
    chunk *c = owner(pointer);
    if (c == NULL) {
        if (thread_arena.large_count > 0) {
            long slot = tracked(pointer);
            if (slot >= 0) thread_arena.large[slot] = thread_arena.large[--thread_arena.large_count];
        }
        free(pointer);
        return;
    }
    // The newest block is given back at once (libxml2 frees many temporary buffers right after
    // allocating them); any other arena block waits for the end of the scope.
    unsigned char *end = (unsigned char *)pointer + round16(block_size(pointer));
    if (c == thread_arena.chunks && end == c->data + c->used) {
        size_t size = header_size + round16(block_size(pointer));
        c->used -= size;
        POISON(c->data + c->used, size);
    }
}

void *facteur_arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return facteur_arena_malloc(size);
    chunk *c = owner(pointer);
    if (c == NULL) {
        long slot = thread_arena.large_count > 0 ? tracked(pointer) : -1;
        void *moved = realloc(pointer, size);
        if (moved != NULL && slot >= 0) thread_arena.large[slot] = moved;
        return moved;
    }
    size_t old = block_size(pointer);
    // The newest block grows in place while its chunk has room.
    unsigned char *end = (unsigned char *)pointer + round16(old);
    if (c == thread_arena.chunks && end == c->data + c->used && size <= largest_block
        && (size_t)(c->data + c->size - (unsigned char *)pointer) >= round16(size)) {
        UNPOISON(pointer, round16(size));
        c->used += round16(size) - round16(old);
        memcpy((unsigned char *)pointer - header_size, &size, sizeof size);
        return pointer;
    }
    void *moved = facteur_arena_malloc(size);
    if (moved == NULL) return NULL;
    memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

char *facteur_arena_strdup(const char *text) {
    size_t length = strlen(text) + 1;
    char *copy = facteur_arena_malloc(length);
    if (copy != NULL) memcpy(copy, text, length);
    return copy;
}

void facteur_arena_begin(void) {
    thread_arena.depth += 1;
}

void facteur_arena_end(void) {
    if (thread_arena.depth == 0 || --thread_arena.depth > 0) return;
    for (size_t i = 0; i < thread_arena.large_count; i++) free(thread_arena.large[i]);
    thread_arena.large_count = 0;
    chunk *newest = thread_arena.chunks;
    if (newest == NULL) return;
    // Keep the newest (largest) chunk, emptied; the older ones go back to malloc.
    chunk *older = newest->next;
    while (older != NULL) {
        chunk *next = older->next;
        UNPOISON(older->data, older->size);
        free(older);
        older = next;
    }
    newest->next = NULL;
    newest->used = 0;
    POISON(newest->data, newest->size);
}
