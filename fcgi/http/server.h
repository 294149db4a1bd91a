/*
 * server.h — the listening socket and the fixed pool of worker threads.
 *
 * Each worker accepts FastCGI connections itself (FCGX_Accept_r on the
 * shared socket) and serves one request at a time, with a context of its
 * own that the application makes (its Redis connections: no lock is held
 * while a request is handled).  The server knows nothing of the
 * application but these hooks.
 */
#ifndef ZT_SERVER_H
#define ZT_SERVER_H

#include "http/req.h"

struct server_hooks {
    /* Makes worker `id`'s context (called on the worker's thread); NULL stops the worker. */
    void *(*worker_start)(int id, void *arg);
    /* Answers one request: sets r's response (r->app, r->content are the hook's to set). */
    void (*handle)(struct req *r, void *worker_ctx);
    /* Frees a worker's context (on its thread, as it stops). */
    void (*worker_stop)(void *worker_ctx);
    void *arg;
};

struct server_config {
    const char *socket_path;
    const char *socket_group; /* "" or NULL: leave the group */
    long socket_mode;
    long workers;
};

/*
 * Creates the unix socket with the configured mode and group, refusing to
 * take over a path where another instance still listens.  Returns the
 * listening descriptor or -1 (logged).
 */
int server_listen(const struct server_config *sc);

/* Starts the workers.  Returns 0, or -1 (logged; server_stop cleans up). */
int server_start(const struct server_config *sc, int listen_fd, const struct server_hooks *hooks);

/*
 * Stops accepting, lets in-flight requests finish (up to `grace_ms`), joins
 * the workers and removes the socket.  Returns the number of workers still
 * busy after the grace period (0 when all stopped).
 */
int server_stop(const struct server_config *sc, int listen_fd, int grace_ms);

#endif
