/*
 * server.h — the listening socket and the fixed pool of worker threads.
 *
 * Each worker accepts FastCGI connections itself (FCGX_Accept_r on the
 * shared socket) and owns its Redis connections, so no lock is held while
 * a request is handled.
 */
#ifndef ZT_SERVER_H
#define ZT_SERVER_H

#include "util/config.h"
#include "store/store.h"

#include <fcgiapp.h>
#include <pthread.h>
#include <stdatomic.h>

struct worker {
    int id;
    pthread_t thread;
    int listen_fd;
    const struct config *cfg;
    struct store sessions; /* per worker: never shared between threads */
    struct store durable;
    atomic_int in_accept; /* 1 while waiting for a connection (safe to interrupt) */
    atomic_int running;
};

/*
 * Creates the unix socket at cfg->socket_path with cfg->socket_mode and
 * group, refusing to take over a path where another instance still
 * listens.  Returns the listening descriptor or -1 (logged).
 */
int server_listen(const struct config *cfg);

/* Starts cfg->workers workers.  Returns 0, or -1 (logged). */
int server_start(const struct config *cfg, int listen_fd);

/*
 * Stops accepting, lets in-flight requests finish (up to `grace_ms`), joins
 * the workers and removes the socket.  Returns the number of workers still
 * busy after the grace period (0 when all stopped).
 */
int server_stop(const struct config *cfg, int listen_fd, int grace_ms);

/* Number of workers currently in their accept/serve loop (for /healthz). */
int server_workers_running(void);

/* Handles one accepted request (also used by the fuzz and bench harnesses). */
void server_handle(struct worker *w, FCGX_Request *fx);

#endif
