/*
 * store.c — see store.h.
 */
#include "store/store.h"

#include "util/clock.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/secure.h"

#include <hiredis/sds.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After a connection attempt that failed slowly (a timeout), the next one
 * waits this long, so a dead remote Redis does not cost every request the
 * connect timeout.  A fast refusal (nothing listening) is simply tried again
 * on the next request: cheap, and the service is back as soon as Redis is. */
#define RETRY_US 200000
#define SLOW_CONNECT_US 50000
/* A connection unused for this long is checked before use (see store_ready). */
#define IDLE_CHECK_US 100000
/* Arguments of one FCALL: the function, the key count, then keys and arguments. */
#define FCALL_MAX_ARGS 128
#define DIGEST_LEN 16

const char *store_strerror(enum store_err e)
{
    static const char *const text[] = {
        [STORE_OK] = "ok",
        [STORE_NOT_FOUND] = "not found",
        [STORE_UNAVAILABLE] = "Redis unavailable",
        [STORE_EXISTS] = "exists already",
        [STORE_OTHER_VERSION] = "another questionnaire version",
        [STORE_SLOT_FULL] = "slot full",
        [STORE_SLOT_GONE] = "slot gone",
        [STORE_SLOT_BOOKED] = "slot booked",
        [STORE_CONFLICT] = "changed meanwhile",
        [STORE_UNCHANGED] = "unchanged",
        [STORE_WITHDRAWN] = "withdrawn",
        [STORE_ERROR] = "unexpected reply from Redis",
    };
    return (unsigned)e < sizeof(text) / sizeof(text[0]) ? text[e] : "?";
}

/* ---------- the function library ---------- */

extern const char zt_lua_start[], zt_lua_end[];

static char *g_library; /* the text loaded into Redis; process lifetime */
static char g_digest[DIGEST_LEN + 1];

int store_library_init(char *err, size_t errlen)
{
    size_t len = (size_t)(zt_lua_end - zt_lua_start);
    char hex[SECURE_SHA256_HEX];
    secure_sha256_hex(zt_lua_start, len, hex);
    memcpy(g_digest, hex, DIGEST_LEN);
    g_digest[DIGEST_LEN] = '\0';
    /* a function that names this text's digest, so a connection can tell whether
     * Redis holds exactly this library without reading it back */
    static const char fmt[] = "\nredis.register_function{function_name='zt_library_digest', "
                              "callback=function() return '%s' end, flags={'no-writes'}}\n";
    size_t cap = len + sizeof(fmt) + DIGEST_LEN;
    free(g_library);
    g_library = malloc(cap);
    if (g_library == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(g_library, zt_lua_start, len);
    snprintf(g_library + len, cap - len, fmt, g_digest);
    if (strncmp(g_library, "#!lua name=zelftest\n", 20) != 0) {
        snprintf(err, errlen, "store/zelftest.lua does not start with '#!lua name=zelftest'");
        return -1;
    }
    return 0;
}

const char *store_library_digest(void)
{
    return g_digest;
}

/* ---------- connection ---------- */

void store_init(struct store *s, const struct config_addr *addr, int timeout_ms, const char *name)
{
    memset(s, 0, sizeof(*s));
    s->addr = *addr;
    s->timeout_ms = timeout_ms;
    s->name = name;
}

void store_close(struct store *s)
{
    if (s->c != NULL) {
        redisFree(s->c);
        s->c = NULL;
    }
    free(s->unsent);
    s->unsent = NULL;
    s->unsent_len = 0;
}

/* Drops a broken connection; the next request opens a new one. */
static void drop(struct store *s)
{
    if (s->c != NULL) {
        log_warn("redis %s: connection lost: %s", s->name, s->c->errstr[0] ? s->c->errstr : "?");
        metrics_redis_event(s->name, METRICS_REDIS_LOST);
        store_close(s);
    }
}

/* Makes sure Redis holds this program's library.  0, or -1 (logged). */
static int check_library(struct store *s, redisContext *c)
{
    static const char *digest[] = {"FCALL_RO", "zt_library_digest", "0"};
    redisReply *r = redisCommandArgv(c, 3, digest, NULL);
    if (r == NULL)
        return -1;
    bool same = r->type == REDIS_REPLY_STRING && strcmp(r->str, g_digest) == 0;
    freeReplyObject(r);
    if (same)
        return 0;
    const char *load[] = {"FUNCTION", "LOAD", "REPLACE", g_library};
    r = redisCommandArgv(c, 4, load, NULL);
    if (r == NULL)
        return -1;
    int rc = r->type == REDIS_REPLY_STRING ? 0 : -1;
    if (rc == 0)
        log_info("redis %s: function library zelftest %s loaded", s->name, g_digest);
    else
        log_error("redis %s: FUNCTION LOAD refused: %s", s->name,
                  r->type == REDIS_REPLY_ERROR ? r->str : "unexpected reply");
    freeReplyObject(r);
    return rc;
}

int store_ready(struct store *s)
{
    int64_t now = clock_now_us();
    if (s->c != NULL && now - s->last_used > IDLE_CHECK_US) {
        /* An idle connection with something to read has been closed by the server
         * (a restart, a timeout): find out now rather than fail the request. */
        struct pollfd p = {.fd = s->c->fd, .events = POLLIN};
        if (poll(&p, 1, 0) != 0) {
            log_info("redis %s: idle connection was closed; reconnecting", s->name);
            metrics_redis_event(s->name, METRICS_REDIS_LOST);
            store_close(s);
        }
    }
    if (s->c != NULL) {
        s->last_used = now;
        return 0;
    }
    if (now < s->retry_at)
        return -1;
    struct timeval tv = {s->timeout_ms / 1000, (s->timeout_ms % 1000) * 1000};
    redisContext *c = s->addr.port == 0 ? redisConnectUnixWithTimeout(s->addr.host, tv)
                                        : redisConnectWithTimeout(s->addr.host, s->addr.port, tv);
    if (c == NULL || c->err || redisSetTimeout(c, tv) != REDIS_OK || check_library(s, c) < 0) {
        log_warn("redis %s: cannot connect: %s", s->name,
                 c == NULL ? "out of memory"
                 : c->err  ? c->errstr
                           : "function library not loaded");
        if (c != NULL)
            redisFree(c);
        metrics_redis_event(s->name, METRICS_REDIS_CONNECT_ERROR);
        int64_t took = clock_now_us() - now;
        s->retry_at = took > SLOW_CONNECT_US ? now + RETRY_US : 0;
        return -1;
    }
    s->c = c;
    s->retry_at = 0;
    s->last_used = now;
    metrics_redis_event(s->name, METRICS_REDIS_CONNECT);
    if (s->was_connected)
        metrics_redis_event(s->name, METRICS_REDIS_RECONNECT);
    s->was_connected = true;
    return 0;
}

/*
 * The first reply of a batch writes the batch.  If that write fails with
 * EPIPE, Redis closed the connection (it restarted) before reading a byte of
 * it, so nothing was executed: reconnect and send the same bytes once more,
 * instead of failing the request.  Any other error is final.
 */
redisReply *store_reply(struct store *s)
{
    void *r = NULL;
    if (s->c == NULL)
        return NULL;
    size_t pending = s->c->obuf != NULL ? sdslen(s->c->obuf) : 0;
    free(s->unsent);
    s->unsent = pending > 0 ? malloc(pending) : NULL;
    s->unsent_len = s->unsent != NULL ? pending : 0;
    if (s->unsent != NULL)
        memcpy(s->unsent, s->c->obuf, pending);
    int rc = redisGetReply(s->c, &r);
    int err = errno;
    if (rc != REDIS_OK && s->c->err == REDIS_ERR_IO && err == EPIPE && s->unsent != NULL) {
        char *again = s->unsent;
        size_t len = s->unsent_len;
        s->unsent = NULL;
        log_info("redis %s: connection closed by the server; reconnecting and resending", s->name);
        metrics_redis_event(s->name, METRICS_REDIS_LOST);
        store_close(s);
        if (store_ready(s) == 0 && redisAppendFormattedCommand(s->c, again, len) == REDIS_OK)
            rc = redisGetReply(s->c, &r);
        free(again);
        if (s->c == NULL)
            return NULL;
    }
    free(s->unsent);
    s->unsent = NULL;
    if (rc != REDIS_OK || r == NULL) {
        drop(s);
        return NULL;
    }
    return r;
}

int store_append(struct store *s, int argc, const char **argv, const size_t *lens)
{
    if (store_ready(s) < 0)
        return -1;
    if (redisAppendCommandArgv(s->c, argc, argv, lens) != REDIS_OK) {
        drop(s);
        return -1;
    }
    return 0;
}

redisReply *store_cmd(struct store *s, int argc, const char **argv, const size_t *lens)
{
    if (store_append(s, argc, argv, lens) < 0)
        return NULL;
    return store_reply(s);
}

int store_append_fcall(struct store *s, const char *fn, int nkeys, int argc, const char **argv,
                       const size_t *lens)
{
    const char *av[FCALL_MAX_ARGS];
    size_t al[FCALL_MAX_ARGS];
    char nk[12];
    if (argc + 3 > FCALL_MAX_ARGS || nkeys > argc) {
        log_error("FCALL %s with %d arguments: more than %d", fn, argc, FCALL_MAX_ARGS - 3);
        return -1;
    }
    snprintf(nk, sizeof(nk), "%d", nkeys);
    av[0] = "FCALL";
    av[1] = fn;
    av[2] = nk;
    al[0] = 5;
    al[1] = strlen(fn);
    al[2] = strlen(nk);
    for (int i = 0; i < argc; i++) {
        av[3 + i] = argv[i];
        al[3 + i] = lens != NULL ? lens[i] : strlen(argv[i]);
    }
    return store_append(s, argc + 3, av, al);
}

redisReply *store_fcall(struct store *s, const char *fn, int nkeys, int argc, const char **argv,
                        const size_t *lens)
{
    if (store_append_fcall(s, fn, nkeys, argc, argv, lens) < 0)
        return NULL;
    redisReply *r = store_reply(s);
    if (r != NULL && r->type == REDIS_REPLY_ERROR) {
        /* e.g. a FUNCTION FLUSH by an operator: the next connection loads the library again */
        log_warn("redis %s: FCALL %s: %s", s->name, fn, r->str);
        metrics_redis_event(s->name, METRICS_REDIS_ERROR_REPLY);
    }
    if (r != NULL && r->type == REDIS_REPLY_ERROR && strstr(r->str, "Function not found"))
        store_close(s);
    /* Redis cannot take a write now: out of memory under noeviction, or the AOF
     * cannot be written (a full disk).  The client may try again (503): it
     * passes by itself once memory or disk space is back. */
    if (r != NULL && r->type == REDIS_REPLY_ERROR &&
        (strncmp(r->str, "OOM", 3) == 0 || strncmp(r->str, "MISCONF", 7) == 0 ||
         strstr(r->str, "AOF") != NULL)) {
        freeReplyObject(r);
        return NULL;
    }
    return r;
}

/* ---------- replies ---------- */

enum store_err store_int_reply(redisReply *r, long long *v)
{
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_INTEGER) {
        *v = r->integer;
        rc = STORE_OK;
    }
    freeReplyObject(r);
    return rc;
}

bool store_elem_is_str(const redisReply *r, size_t i)
{
    return r->type == REDIS_REPLY_ARRAY && i < r->elements &&
           (r->element[i]->type == REDIS_REPLY_STRING || r->element[i]->type == REDIS_REPLY_STATUS);
}

bool store_elem_is_int(const redisReply *r, size_t i)
{
    return r->type == REDIS_REPLY_ARRAY && i < r->elements &&
           r->element[i]->type == REDIS_REPLY_INTEGER;
}

void store_copy_str(const redisReply *r, char *buf, size_t cap)
{
    size_t n = 0;
    if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) {
        n = r->len < cap - 1 ? r->len : cap - 1;
        memcpy(buf, r->str, n);
    }
    buf[n] = '\0';
}
