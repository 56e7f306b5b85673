#define _GNU_SOURCE
#include "CFacteurLinux.h"

#include <unistd.h>

int facteur_syncfs(int fd) {
    return syncfs(fd);
}
