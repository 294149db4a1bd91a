/*
 * server.c — see server.h.
 */
#include "http/server.h"

#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <fcgiapp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define LISTEN_BACKLOG 1024
#define ACCEPT_BACKOFF_FIRST_MS 5
#define ACCEPT_BACKOFF_MAX_MS 500
#define ACCEPT_REPORT_US 5000000 /* at most one log line per 5 s about failing accepts */
#define STOP_POLL_MS 20

struct worker {
    int id;
    pthread_t thread;
    int listen_fd;
    const struct server_hooks *hooks;
    atomic_int in_accept; /* 1 while waiting for a connection (safe to interrupt) */
    atomic_int running;
};

static struct worker *g_workers;
static size_t g_nworkers;
static struct server_hooks g_hooks;
static atomic_int g_stopping;

int server_listen(const struct server_config *cfg)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(cfg->socket_path) >= sizeof(sa.sun_path)) {
        log_error("ZELFTEST_SOCKET: path too long");
        return -1;
    }
    strcpy(sa.sun_path, cfg->socket_path);
    struct stat st;
    if (lstat(cfg->socket_path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            log_error("%s exists and is not a socket; not touching it", cfg->socket_path);
            return -1;
        }
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            close(probe);
            log_error("%s: another instance is listening there", cfg->socket_path);
            return -1;
        }
        if (probe >= 0)
            close(probe);
        unlink(cfg->socket_path); /* stale, from a crashed run */
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        log_error("socket: %s", strerror(errno));
        return -1;
    }
    /* create it closed to everyone, then open it exactly as far as configured */
    mode_t old = umask(0777);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    if (rc < 0) {
        log_error("bind %s: %s", cfg->socket_path, strerror(errno));
        close(fd);
        return -1;
    }
    if (cfg->socket_group != NULL && cfg->socket_group[0] != '\0') {
        struct group *g = getgrnam(cfg->socket_group);
        if (g == NULL || chown(cfg->socket_path, (uid_t)-1, g->gr_gid) < 0) {
            log_error("ZELFTEST_SOCKET_GROUP '%s': %s", cfg->socket_group,
                      g == NULL ? "no such group" : strerror(errno));
            close(fd);
            unlink(cfg->socket_path);
            return -1;
        }
    }
    if (chmod(cfg->socket_path, (mode_t)cfg->socket_mode) < 0 || listen(fd, LISTEN_BACKLOG) < 0) {
        log_error("socket %s: %s", cfg->socket_path, strerror(errno));
        close(fd);
        unlink(cfg->socket_path);
        return -1;
    }
    return fd;
}

/* One request: parse, let the application answer, write, free. */
static void handle(void *ctx, FCGX_Request *fx)
{
    struct req r;
    int st = req_start(&r, fx);
    if (st == 414)
        resp_error(&r, 414, "uri_too_long", "The address is too long.");
    else if (st == 404)
        resp_error(&r, 404, "not_found", "There is nothing at this address.");
    else if (st != 0)
        resp_error(&r, 400, "bad_request", "The request could not be read.");
    else
        g_hooks.handle(&r, ctx);
    req_finish(&r);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    FCGX_Request fx;
    /* FCGI_FAIL_ACCEPT_ON_INTR: a signal during accept() ends the wait, so shutdown is prompt */
    if (FCGX_InitRequest(&fx, w->listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
        log_error("worker %d: cannot initialise a request", w->id);
        atomic_store(&w->running, 0);
        return NULL;
    }
    void *ctx = g_hooks.worker_start(w->id, g_hooks.arg);
    if (ctx == NULL) {
        log_error("worker %d: cannot start (out of memory)", w->id);
        FCGX_Free(&fx, 1);
        atomic_store(&w->running, 0);
        return NULL;
    }
    long backoff_ms = 0;
    int64_t last_log = 0;
    unsigned long failures = 0;
    while (!atomic_load(&g_stopping)) {
        atomic_store(&w->in_accept, 1);
        if (atomic_load(&g_stopping)) /* the stop may have come just before in_accept was set */
            break;
        int rc = FCGX_Accept_r(&fx);
        atomic_store(&w->in_accept, 0);
        if (rc < 0) {
            if (atomic_load(&g_stopping))
                break;
            /* Out of descriptors, a signal, a broken connection: none of these ends
             * the worker.  Back off a little so a persistent error does not spin. */
            int err = errno;
            failures++;
            int64_t now = clock_now_us();
            if (now - last_log > ACCEPT_REPORT_US) {
                log_warn(
                    "worker %d: accept failed (%s), %lu time(s) since the last report; retrying",
                    w->id, strerror(err), failures);
                last_log = now;
                failures = 0;
            }
            backoff_ms = backoff_ms == 0                          ? ACCEPT_BACKOFF_FIRST_MS
                         : backoff_ms * 2 > ACCEPT_BACKOFF_MAX_MS ? ACCEPT_BACKOFF_MAX_MS
                                                                  : backoff_ms * 2;
            clock_sleep_ms(backoff_ms);
            continue;
        }
        backoff_ms = 0;
        handle(ctx, &fx);
        FCGX_Finish_r(&fx);
    }
    FCGX_Finish_r(&fx);
    FCGX_Free(&fx, 1);
    g_hooks.worker_stop(ctx);
    atomic_store(&w->running, 0);
    return NULL;
}

static void on_kick(int sig)
{
    (void)sig; /* only interrupts a blocking accept() */
}

int server_start(const struct server_config *cfg, int listen_fd, const struct server_hooks *hooks)
{
    struct sigaction sa = {.sa_handler = on_kick}; /* no SA_RESTART: accept() returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    g_hooks = *hooks;
    /* the count is published only with the array it counts: server_stop walks both */
    struct worker *ws = calloc((size_t)cfg->workers, sizeof(*ws));
    if (ws == NULL) {
        log_error("out of memory for %ld workers", cfg->workers);
        return -1;
    }
    g_workers = ws;
    for (size_t i = 0; i < (size_t)cfg->workers; i++) {
        struct worker *w = &g_workers[i];
        w->id = (int)i;
        w->listen_fd = listen_fd;
        w->hooks = &g_hooks;
        atomic_store(&w->running, 1);
        g_nworkers = i + 1;
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            log_error("cannot start worker %zu", i);
            atomic_store(&w->running, 0);
            g_nworkers = i;
            return -1;
        }
    }
    return 0;
}

int server_stop(const struct server_config *cfg, int listen_fd, int grace_ms)
{
    atomic_store(&g_stopping, 1);
    FCGX_ShutdownPending();
    /* new connections are refused from here; nginx answers 502 for those */
    unlink(cfg->socket_path);
    shutdown(listen_fd, SHUT_RDWR);
    int64_t deadline = clock_now_us() + (int64_t)grace_ms * 1000;
    for (;;) {
        size_t alive = 0;
        for (size_t i = 0; i < g_nworkers; i++) {
            if (!atomic_load(&g_workers[i].running))
                continue;
            alive++;
            /* only a worker waiting in accept() is interrupted; a busy one finishes its request */
            if (atomic_load(&g_workers[i].in_accept))
                pthread_kill(g_workers[i].thread, SIGUSR1);
        }
        if (alive == 0 || clock_now_us() > deadline)
            break;
        clock_sleep_ms(STOP_POLL_MS);
    }
    int busy = 0;
    for (size_t i = 0; i < g_nworkers; i++)
        if (atomic_load(&g_workers[i].running)) {
            log_warn("worker %zu still busy after %d ms", i, grace_ms);
            busy++;
        }
    if (busy > 0)
        return busy; /* the process exits with them; their memory stays valid until then */
    for (size_t i = 0; i < g_nworkers; i++)
        pthread_join(g_workers[i].thread, NULL);
    close(listen_fd);
    free(g_workers);
    g_workers = NULL;
    g_nworkers = 0;
    return 0;
}
