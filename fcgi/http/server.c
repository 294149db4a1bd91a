/*
 * server.c — see server.h.
 */
#include "http/server.h"

#include "api/api.h"
#include "content/content.h"
#include "util/log.h"
#include "http/req.h"
#include "http/route.h"

#include <errno.h>
#include <fcgiapp.h>
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

static struct worker *g_workers;
static size_t g_nworkers;
static atomic_int g_stopping;
static atomic_int g_running;

int server_workers_running(void)
{
    return atomic_load(&g_running);
}

int server_listen(const struct config *cfg)
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
    if (cfg->socket_group[0] != '\0') {
        struct group *g = getgrnam(cfg->socket_group);
        if (g == NULL || chown(cfg->socket_path, (uid_t)-1, g->gr_gid) < 0) {
            log_error("ZELFTEST_SOCKET_GROUP '%s': %s", cfg->socket_group,
                      g == NULL ? "no such group" : strerror(errno));
            close(fd);
            unlink(cfg->socket_path);
            return -1;
        }
    }
    if (chmod(cfg->socket_path, (mode_t)cfg->socket_mode) < 0 || listen(fd, 1024) < 0) {
        log_error("socket %s: %s", cfg->socket_path, strerror(errno));
        close(fd);
        unlink(cfg->socket_path);
        return -1;
    }
    return fd;
}

void server_handle(struct worker *w, FCGX_Request *fx)
{
    struct req r;
    int64_t t0 = store_now_us();
    int st = req_start(&r, fx, w);
    r.start_us = t0;
    r.content = content_current();
    if (st == 414)
        resp_error(&r, 414, "uri_too_long", "The address is too long.");
    else if (st == 404)
        resp_error(&r, 404, "not_found", "There is nothing at this address.");
    else if (st != 0)
        resp_error(&r, 400, "bad_request", "The request could not be read.");
    else
        api_dispatch(&r);
    req_finish(&r);
    log_request(r.method_name, route_name(&r), r.status, store_now_us() - t0);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
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
    atomic_fetch_add(&g_running, 1);
    log_buffer_thread();
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
            int64_t now = store_now_us();
            if (now - last_log > 5000000) {
                log_warn(
                    "worker %d: accept failed (%s), %lu time(s) since the last report; retrying",
                    w->id, strerror(err), failures);
                last_log = now;
                failures = 0;
            }
            backoff_ms = backoff_ms == 0 ? 5 : (backoff_ms * 2 > 500 ? 500 : backoff_ms * 2);
            sleep_ms(backoff_ms);
            continue;
        }
        backoff_ms = 0;
        server_handle(w, &fx);
        FCGX_Finish_r(&fx);
    }
    FCGX_Finish_r(&fx);
    FCGX_Free(&fx, 1);
    store_close(&w->sessions);
    store_close(&w->durable);
    atomic_fetch_sub(&g_running, 1);
    atomic_store(&w->running, 0);
    return NULL;
}

static void on_kick(int sig)
{
    (void)sig; /* only interrupts a blocking accept() */
}

int server_start(const struct config *cfg, int listen_fd)
{
    struct sigaction sa = {.sa_handler = on_kick}; /* no SA_RESTART: accept() returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    g_nworkers = (size_t)cfg->workers;
    g_workers = calloc(g_nworkers, sizeof(*g_workers));
    if (g_workers == NULL) {
        log_error("out of memory");
        return -1;
    }
    for (size_t i = 0; i < g_nworkers; i++) {
        struct worker *w = &g_workers[i];
        w->id = (int)i;
        w->listen_fd = listen_fd;
        w->cfg = cfg;
        store_init(&w->sessions, cfg->redis, (int)cfg->redis_timeout_ms, "sessions");
        store_init(&w->durable, cfg->redis_durable, (int)cfg->redis_timeout_ms, "durable");
        atomic_store(&w->running, 1);
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            log_error("cannot start worker %zu", i);
            atomic_store(&w->running, 0);
            g_nworkers = i;
            return -1;
        }
    }
    return 0;
}

int server_stop(const struct config *cfg, int listen_fd, int grace_ms)
{
    atomic_store(&g_stopping, 1);
    FCGX_ShutdownPending();
    /* new connections are refused from here; nginx answers 502 for those */
    unlink(cfg->socket_path);
    shutdown(listen_fd, SHUT_RDWR);
    int64_t deadline = store_now_us() + (int64_t)grace_ms * 1000;
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
        if (alive == 0 || store_now_us() > deadline)
            break;
        sleep_ms(20);
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
    return 0;
}
