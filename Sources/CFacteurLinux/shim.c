#include "CFacteurLinux.h"

#include <malloc.h>

int facteur_keep_heap(int mmap_threshold, int trim_threshold) {
    int ok = mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    ok &= mallopt(M_TRIM_THRESHOLD, trim_threshold);
    return ok;
}
