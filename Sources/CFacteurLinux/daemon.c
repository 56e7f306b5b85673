// What a well-behaved daemon needs from Linux: signals turned into flags, and the sd_notify
// protocol (a datagram to $NOTIFY_SOCKET), without libsystemd.
#define _GNU_SOURCE
#include "CFacteurLinux.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested = 0;
static volatile sig_atomic_t reload_requested = 0;

static void on_signal(int number) {
    if (number == SIGHUP) reload_requested = 1; else stop_requested = 1;
}

void facteur_signals_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    // Interrupted calls resume: the flags are looked at between groups and while idle.
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    // A parent may have started us with them blocked (a mask is inherited across exec): unblock them,
    // in this thread and so in the threads it starts.
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGTERM);
    sigaddset(&handled, SIGINT);
    sigaddset(&handled, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &handled, NULL);
}

int facteur_stop_requested(void) { return stop_requested != 0; }

int facteur_take_reload_request(void) {
    int requested = reload_requested != 0;
    reload_requested = 0;
    return requested;
}

int facteur_wait(int watch, int milliseconds) {
    // In slices, so that a signal arriving just before poll() is seen within 50 ms.
    while (milliseconds > 0) {
        if (stop_requested || reload_requested) return -1;
        int slice = milliseconds < 50 ? milliseconds : 50;
        struct pollfd entry = {watch, POLLIN, 0};
        int ready = poll(&entry, watch >= 0 ? 1 : 0, slice);
        if (ready > 0 && (entry.revents & POLLIN)) {
            char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
            while (read(watch, events, sizeof events) > 0) {}
            return 1;
        }
        if (ready < 0 && errno != EINTR) return 0;
        if (ready == 0) milliseconds -= slice;
    }
    return (stop_requested || reload_requested) ? -1 : 0;
}

int facteur_watch_open(void) { return inotify_init1(IN_NONBLOCK | IN_CLOEXEC); }

int facteur_watch_add(int watch, const char *path) {
    return inotify_add_watch(watch, path, IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB | IN_ONLYDIR);
}

int facteur_notify(const char *message) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (path == NULL || path[0] == 0) return 0;
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    size_t length = strlen(path);
    if (length >= sizeof address.sun_path) return -1;
    memcpy(address.sun_path, path, length);
    // "@name" is a socket of the abstract namespace: its first byte is a nul.
    if (path[0] == '@') address.sun_path[0] = 0;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length);
    ssize_t sent = sendto(fd, message, strlen(message), MSG_NOSIGNAL, (struct sockaddr *)&address, size);
    int saved = errno;
    close(fd);
    errno = saved;
    return sent < 0 ? -1 : 0;
}
