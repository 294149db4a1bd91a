/*
 * store.h — one Redis connection, owned by one thread, and the store
 * layer's error codes.
 *
 * hiredis 0.14 facts this module is built around: the connect timeout does
 * not cover commands (so redisSetTimeout is set too), and a context is
 * dead after any error (so it is freed and re-opened on the next request).
 * While Redis is unreachable, new connection attempts are spaced out and
 * requests fail at once, so callers answer 503 quickly.
 *
 * The atomic writes are Redis Functions in store/zelftest.lua, compiled
 * into the program.  When a connection opens, store_ready checks that
 * Redis holds exactly this library (a digest of its text) and loads it
 * with FUNCTION LOAD REPLACE when it does not.
 */
#ifndef ZT_STORE_H
#define ZT_STORE_H

#include "domain/token.h"
#include "util/config.h"
#include "util/secure.h"

#include <hiredis/hiredis.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

_Static_assert(TOKEN_LEN + 1 == SECURE_TOKEN_TEXT && TOKEN_BYTES == SECURE_TOKEN_BYTES,
               "a token is what util/secure.c makes");

/* What a store operation can end in; api/error.c maps these to HTTP. */
enum store_err {
    STORE_OK = 0,
    STORE_NOT_FOUND,     /* no such session, referral, slot (or another network's) */
    STORE_UNAVAILABLE,   /* Redis down, timed out, or out of memory */
    STORE_EXISTS,        /* this session already has a referral */
    STORE_OTHER_VERSION, /* the session uses another questionnaire version */
    STORE_SLOT_FULL,
    STORE_SLOT_GONE,   /* no such slot, another network's, or in the past */
    STORE_SLOT_BOOKED, /* a booked slot cannot be deleted */
    STORE_CONFLICT,    /* changed meanwhile: read it again */
    STORE_UNCHANGED,   /* nothing to do: it is that way already */
    STORE_WITHDRAWN,   /* the referral was withdrawn: only its tombstone is left */
    STORE_ERROR,       /* Redis answered something unexpected */
};

/* A short English description, for log lines. */
const char *store_strerror(enum store_err e);

struct store {
    redisContext *c;
    struct config_addr addr;
    int timeout_ms;
    int64_t retry_at;  /* monotonic µs before which no new connection is tried */
    int64_t last_used; /* monotonic µs of the last command */
    char *unsent;      /* copy of the batch about to be written, for one resend (see store_reply) */
    size_t unsent_len;
    const char *name;   /* "sessions" or "durable", for log lines and metrics */
    bool was_connected; /* a connection was open before: the next one is a reconnect */
};

/*
 * Prepares the function library (its text and digest); call once at
 * start-up, before any connection.  Returns 0, or -1 with a message.
 */
int store_library_init(char *err, size_t errlen);

/* The library's digest (16 hex digits), as Redis reports it once loaded. */
const char *store_library_digest(void);

/* Sets up `s` for `addr`; does not connect. */
void store_init(struct store *s, const struct config_addr *addr, int timeout_ms, const char *name);

/* Drops the connection, if any. */
void store_close(struct store *s);

/* Connects (and loads the library) if needed.  Returns 0, or -1 while Redis is unavailable. */
int store_ready(struct store *s);

/*
 * Runs one command given as an argument vector (binary safe; never a
 * formatted string built from input).  Returns the reply, which the caller
 * frees with freeReplyObject, or NULL when Redis is unavailable (the
 * connection is dropped).  A Redis error reply is returned as a reply.
 */
redisReply *store_cmd(struct store *s, int argc, const char **argv, const size_t *lens);

/* FCALL of a library function: argv holds `nkeys` keys first, then the arguments.
 * NULL also when Redis refuses writes for now (OOM under noeviction, an AOF it
 * cannot write): callers answer 503, and the connection stays. */
redisReply *store_fcall(struct store *s, const char *fn, int nkeys, int argc, const char **argv,
                        const size_t *lens);

/*
 * Pipelining: queue commands with store_append / store_append_fcall, then
 * collect exactly as many replies with store_reply.  Returns -1 / NULL
 * when Redis is unavailable; after a NULL the remaining replies are gone.
 */
int store_append(struct store *s, int argc, const char **argv, const size_t *lens);
int store_append_fcall(struct store *s, const char *fn, int nkeys, int argc, const char **argv,
                       const size_t *lens);
redisReply *store_reply(struct store *s);

/* ---- reading replies: type checks in one place ---- */

/* An integer reply; STORE_OK with *v, STORE_UNAVAILABLE for NULL, else STORE_ERROR.  Frees r. */
enum store_err store_int_reply(redisReply *r, long long *v);

/* True when element i of an array reply exists and is a string (bulk or status). */
bool store_elem_is_str(const redisReply *r, size_t i);

/* True when element i of an array reply exists and is an integer. */
bool store_elem_is_int(const redisReply *r, size_t i);

/* Copies a string reply into buf (cut to cap-1 bytes); "" for anything else. */
void store_copy_str(const redisReply *r, char *buf, size_t cap);

#endif
