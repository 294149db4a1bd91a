/*
 * store.h — one Redis connection, owned by one worker thread.
 *
 * hiredis 0.14 facts this module is built around: the connect timeout does
 * not cover commands (so redisSetTimeout is set too), and a context is
 * dead after any error (so it is freed and re-opened on the next request).
 * While Redis is unreachable, new connection attempts are spaced out and
 * requests fail at once, so callers answer 503 quickly.
 */
#ifndef ZT_STORE_H
#define ZT_STORE_H

#include <hiredis/hiredis.h>
#include <stddef.h>
#include <stdint.h>

struct store {
    redisContext *c;
    char host[256]; /* unix socket path when port == 0 */
    int port;
    int timeout_ms;
    int64_t retry_at;  /* monotonic µs before which no new connection is tried */
    int64_t last_used; /* monotonic µs of the last command */
    char *unsent;      /* copy of the batch about to be written, for one resend (see store_reply) */
    size_t unsent_len;
    const char *name; /* "sessions" or "durable", for log lines */
};

/* A Lua script, run with EVALSHA (falling back to EVAL once after a Redis restart). */
struct store_script {
    const char *src;
    char sha[41]; /* filled by store_script_init */
};

/* Computes the script's SHA-1 id; call once at start-up. */
void store_script_init(struct store_script *sc);

/*
 * Parses "host:port", "unix:/path" or "/path".  Does not connect.
 * Returns 0, or -1 for an address that does not parse.
 */
int store_init(struct store *s, const char *addr, int timeout_ms, const char *name);

/* Drops the connection, if any. */
void store_close(struct store *s);

/* Connects if needed.  Returns 0, or -1 while Redis is unavailable. */
int store_ready(struct store *s);

/*
 * Runs one command given as an argument vector (binary safe; never a
 * formatted string built from input).  Returns the reply, which the caller
 * frees with freeReplyObject, or NULL when Redis is unavailable (the
 * connection is dropped).  A Redis error reply is returned as a reply.
 */
redisReply *store_cmd(struct store *s, int argc, const char **argv, const size_t *lens);

/* The same for a script: argv holds the keys first, then the arguments. */
redisReply *store_eval(struct store *s, const struct store_script *sc, int nkeys, int argc,
                       const char **argv, const size_t *lens);

/*
 * Pipelining: queue commands with store_append / store_append_eval, then
 * collect exactly as many replies with store_reply.  Returns -1 / NULL
 * when Redis is unavailable; after a NULL the remaining replies are gone.
 */
int store_append(struct store *s, int argc, const char **argv, const size_t *lens);
int store_append_eval(struct store *s, const struct store_script *sc, int nkeys, int argc,
                      const char **argv, const size_t *lens);
redisReply *store_reply(struct store *s);

/* Monotonic clock in microseconds. */
int64_t store_now_us(void);

#endif
