#ifndef FACTEUR_CFACTEURLINUX_H
#define FACTEUR_CFACTEURLINUX_H

// glibc and Linux calls that Swift's Glibc module does not expose, under a facteur_ prefix.

/// Heap policy for a process that handles file after file: freed memory is kept for the next file
/// instead of being returned to the kernel and faulted in again. `mmap_threshold` and
/// `trim_threshold` are in bytes. Returns 0 when glibc refused either setting.
int facteur_keep_heap(int mmap_threshold, int trim_threshold);

#endif
