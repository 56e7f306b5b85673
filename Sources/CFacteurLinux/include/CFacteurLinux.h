#ifndef FACTEUR_CFACTEURLINUX_H
#define FACTEUR_CFACTEURLINUX_H

#include <stddef.h>
#include <stdint.h>

// glibc and Linux calls that Swift's Glibc module does not expose, under a facteur_ prefix.

/// Heap policy for a process that handles file after file: freed memory is kept for the next file
/// instead of being returned to the kernel and faulted in again. `mmap_threshold` and
/// `trim_threshold` are in bytes. Returns 0 when glibc refused either setting.
int facteur_keep_heap(int mmap_threshold, int trim_threshold);

/// libxml2's allocator, installed with `xmlMemSetup`: inside a scope (`facteur_arena_begin` …
/// `facteur_arena_end`, per thread), small blocks come from a bump arena that the end of the
/// scope empties at once, instead of one malloc and one free per node; outside a scope, and for
/// large blocks, these are malloc, free, realloc and strdup. Freeing an arena block does nothing
/// (the newest is given back at once). The large blocks allocated in a scope and still held at its
/// end are freed then, so a document need not be freed node by node: the end of its scope takes
/// everything its parse allocated. Nothing allocated in a scope may be used after its end.
void *facteur_arena_malloc(size_t size);
void facteur_arena_free(void *pointer);
void *facteur_arena_realloc(void *pointer, size_t size);
char *facteur_arena_strdup(const char *text);
void facteur_arena_begin(void);
void facteur_arena_end(void);

/// syncfs(2): flushes the whole filesystem holding `fd` (one flush for a group of outputs).
int facteur_syncfs(int fd);

/// SIGTERM and SIGINT ask the daemon to stop, SIGHUP to reload: the handlers only set flags.
void facteur_signals_install(void);
int facteur_stop_requested(void);
/// Whether a reload was asked since the last call.
int facteur_take_reload_request(void);
/// Waits up to `milliseconds` for an event of the inotify descriptor `watch` (-1: none, a plain
/// sleep), a stop or a reload request. Returns 1 when woken by file events (read and dropped),
/// 0 when the time passed, -1 when a stop or a reload was asked.
int facteur_wait(int watch, int milliseconds);
/// An inotify descriptor (non-blocking, closed on exec), or -1 with errno.
int facteur_watch_open(void);
/// Watches the folder `path` for files arriving (created, moved in, closed after writing, touched).
/// Returns the watch descriptor (the same one for a folder already watched), or -1 with errno.
int facteur_watch_add(int watch, const char *path);
/// The sd_notify protocol: sends `message` ("READY=1", "WATCHDOG=1", …) to $NOTIFY_SOCKET; 0 when
/// sent or when there is no such socket (not run by systemd), -1 on an error (errno).
int facteur_notify(const char *message);

/// SHA-256 of `length` bytes at `data`, into `digest`.
void facteur_sha256(const void *data, size_t length, uint8_t digest[32]);
/// The same without the processor's SHA extensions (for the tests, which compare the two).
void facteur_sha256_portable(const void *data, size_t length, uint8_t digest[32]);
/// Whether facteur_sha256 uses the processor's SHA extensions.
int facteur_sha256_accelerated(void);

#endif
