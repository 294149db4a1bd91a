/*
 * store.c — see store.h.
 */
#include "store/store.h"

#include "util/log.h"

#include <hiredis/sds.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* After a connection attempt that failed slowly (a timeout), the next one
 * waits this long, so a dead remote Redis does not cost every request the
 * connect timeout.  A fast refusal (nothing listening) is simply tried again
 * on the next request: cheap, and the service is back as soon as Redis is. */
#define RETRY_US 200000
#define SLOW_CONNECT_US 50000

int64_t store_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---------- SHA-1, only to name Lua scripts the way Redis does ---------- */

static uint32_t rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
    for (int t = 16; t < 80; t++)
        w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t tmp = rol(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void store_script_init(struct store_script *sc)
{
    uint32_t h[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
    size_t len = strlen(sc->src), i = 0;
    unsigned char blk[64];
    for (; i + 64 <= len; i += 64)
        sha1_block(h, (const unsigned char *)sc->src + i);
    size_t rest = len - i;
    memset(blk, 0, sizeof(blk));
    memcpy(blk, sc->src + i, rest);
    blk[rest] = 0x80;
    if (rest >= 56) {
        sha1_block(h, blk);
        memset(blk, 0, sizeof(blk));
    }
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++)
        blk[63 - k] = (unsigned char)(bits >> (8 * k));
    sha1_block(h, blk);
    for (int k = 0; k < 5; k++)
        snprintf(sc->sha + 8 * k, 9, "%08x", h[k]);
}

/* ---------- connection ---------- */

int store_init(struct store *s, const char *addr, int timeout_ms, const char *name)
{
    memset(s, 0, sizeof(*s));
    s->timeout_ms = timeout_ms;
    s->name = name;
    const char *path = NULL;
    if (strncmp(addr, "unix:", 5) == 0)
        path = addr + 5;
    else if (addr[0] == '/')
        path = addr;
    if (path != NULL) {
        if (path[0] != '/' || strlen(path) >= sizeof(s->host))
            return -1;
        strcpy(s->host, path);
        return 0;
    }
    const char *colon = strrchr(addr, ':');
    if (colon == NULL || colon == addr || (size_t)(colon - addr) >= sizeof(s->host))
        return -1;
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (errno != 0 || *end != '\0' || port < 1 || port > 65535)
        return -1;
    memcpy(s->host, addr, (size_t)(colon - addr));
    s->host[colon - addr] = '\0';
    s->port = (int)port;
    return 0;
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
        store_close(s);
    }
}

/* A connection unused for this long is checked before use (see store_ready). */
#define IDLE_CHECK_US 100000

int store_ready(struct store *s)
{
    int64_t now = store_now_us();
    if (s->c != NULL && now - s->last_used > IDLE_CHECK_US) {
        /* An idle connection with something to read has been closed by the server
         * (a restart, a timeout): find out now rather than fail the request. */
        struct pollfd p = {.fd = s->c->fd, .events = POLLIN};
        if (poll(&p, 1, 0) != 0) {
            log_info("redis %s: idle connection was closed; reconnecting", s->name);
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
    redisContext *c = s->port == 0 ? redisConnectUnixWithTimeout(s->host, tv)
                                   : redisConnectWithTimeout(s->host, s->port, tv);
    if (c == NULL || c->err || redisSetTimeout(c, tv) != REDIS_OK) {
        log_warn("redis %s: cannot connect: %s", s->name, c != NULL ? c->errstr : "out of memory");
        if (c != NULL)
            redisFree(c);
        int64_t took = store_now_us() - now;
        s->retry_at = took > SLOW_CONNECT_US ? now + RETRY_US : 0;
        return -1;
    }
    s->c = c;
    s->retry_at = 0;
    s->last_used = now;
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
        store_close(s);
        if (store_ready(s) == 0 && redisAppendFormattedCommand(s->c, again, len) == REDIS_OK)
            rc = redisGetReply(s->c, &r);
        free(again);
        if (s->c == NULL) {
            return NULL;
        }
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

#define EVAL_MAX_ARGS 128

static int eval_argv(const char *cmd, const char *body, int nkeys, int argc, const char **argv,
                     const size_t *lens, const char **av, size_t *al, char *nk)
{
    if (argc + 3 > EVAL_MAX_ARGS) {
        log_error("script call with %d arguments: more than %d", argc, EVAL_MAX_ARGS - 3);
        return -1;
    }
    snprintf(nk, 12, "%d", nkeys);
    av[0] = cmd;
    av[1] = body;
    av[2] = nk;
    al[0] = strlen(cmd);
    al[1] = strlen(body);
    al[2] = strlen(nk);
    for (int i = 0; i < argc; i++) {
        av[3 + i] = argv[i];
        al[3 + i] = lens != NULL ? lens[i] : strlen(argv[i]);
    }
    return argc + 3;
}

int store_append_eval(struct store *s, const struct store_script *sc, int nkeys, int argc,
                      const char **argv, const size_t *lens)
{
    const char *av[EVAL_MAX_ARGS];
    size_t al[EVAL_MAX_ARGS];
    char nk[12];
    int n = eval_argv("EVALSHA", sc->sha, nkeys, argc, argv, lens, av, al, nk);
    if (n < 0)
        return -1;
    return store_append(s, n, av, al);
}

redisReply *store_eval(struct store *s, const struct store_script *sc, int nkeys, int argc,
                       const char **argv, const size_t *lens)
{
    if (store_append_eval(s, sc, nkeys, argc, argv, lens) < 0)
        return NULL;
    redisReply *r = store_reply(s);
    if (r != NULL && r->type == REDIS_REPLY_ERROR && strncmp(r->str, "NOSCRIPT", 8) == 0) {
        /* Redis restarted and forgot the script: send it once in full */
        freeReplyObject(r);
        const char *av[EVAL_MAX_ARGS];
        size_t al[EVAL_MAX_ARGS];
        char nk[12];
        int n = eval_argv("EVAL", sc->src, nkeys, argc, argv, lens, av, al, nk);
        r = store_cmd(s, n, av, al);
    }
    return r;
}
