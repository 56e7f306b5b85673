#define _GNU_SOURCE
#include "CFacteurLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int facteur_syncfs(int fd) {
    return syncfs(fd);
}

int facteur_rename_noreplace(const char *from, const char *to) {
    // renameat2 came with glibc 2.28; the system call itself is older. Filesystems that lack the
    // flag answer EINVAL: fall back to link + unlink, which never replaces either.
    int result = renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
    if (result == 0 || errno != EINVAL) return result;
    if (link(from, to) != 0) return -1;
    return unlink(from);
}
