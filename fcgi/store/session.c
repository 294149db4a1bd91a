/*
 * session.c — see session.h.
 */
#include "store/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEY_MAX (5 + TOKEN_LEN + 1)

static struct store_script create_script = {
    .src = "if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end\n"
           "redis.call('HSET', KEYS[1], unpack(ARGV, 2))\n"
           "redis.call('EXPIRE', KEYS[1], ARGV[1])\n"
           "return 1\n"};

/* The answered count is the hash's length less its metadata fields: v, l, t
 * always; c (campaign) and d (counted) when present. */
static struct store_script answer_script = {
    .src = "local m = redis.call('HMGET', KEYS[1], 'v', 'c', 'd')\n"
           "if not m[1] then return {0} end\n"
           "if m[1] ~= ARGV[1] then return {2, m[1]} end\n"
           "redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])\n"
           "redis.call('EXPIRE', KEYS[1], ARGV[4])\n"
           "local n = redis.call('HLEN', KEYS[1]) - 3\n"
           "if m[2] then n = n - 1 end\n"
           "if m[3] then n = n - 1 end\n"
           "return {1, n}\n"};

/* HSETNX alone would re-create an expired session as a hash without a TTL */
static struct store_script counted_script = {
    .src = "if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end\n"
           "return redis.call('HSETNX', KEYS[1], 'd', '1')\n"};

void session_scripts_init(void)
{
    store_script_init(&create_script);
    store_script_init(&answer_script);
    store_script_init(&counted_script);
}

static void key_of(char key[KEY_MAX], const char *token)
{
    snprintf(key, KEY_MAX, "zt:s:%s", token);
}

enum session_rc session_create(struct store *s, char token[TOKEN_LEN + 1], const char *version,
                               enum lang lang, const char *campaign, long ttl)
{
    char key[KEY_MAX], ttls[24], created[24];
    snprintf(ttls, sizeof(ttls), "%ld", ttl);
    snprintf(created, sizeof(created), "%lld", (long long)time(NULL));
    for (int attempt = 0; attempt < 3; attempt++) {
        if (token_new(token) < 0)
            return SESSION_ERROR;
        key_of(key, token);
        const char *argv[] = {key, ttls,    "v", version, "l", lang_name(lang),
                              "t", created, "c", campaign};
        int argc = campaign != NULL && campaign[0] != '\0' ? 10 : 8;
        redisReply *r = store_eval(s, &create_script, 1, argc, argv, NULL);
        if (r == NULL)
            return SESSION_UNAVAILABLE;
        long long ok = r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
        freeReplyObject(r);
        if (ok == 1)
            return SESSION_OK;
        if (ok != 0)
            return SESSION_ERROR;
        /* a 128-bit collision: astronomically unlikely, but never overwrite */
    }
    return SESSION_ERROR;
}

enum session_rc session_answer(struct store *s, const char *token, const char *version,
                               size_t question, const char *value, long ttl, long *answered,
                               char *other)
{
    char key[KEY_MAX], field[12], ttls[24];
    key_of(key, token);
    snprintf(field, sizeof(field), "%zu", question);
    snprintf(ttls, sizeof(ttls), "%ld", ttl);
    const char *argv[] = {key, version, field, value, ttls};
    redisReply *r = store_eval(s, &answer_script, 1, 5, argv, NULL);
    if (r == NULL)
        return SESSION_UNAVAILABLE;
    enum session_rc rc = SESSION_ERROR;
    if (r->type == REDIS_REPLY_ARRAY && r->elements >= 1 &&
        r->element[0]->type == REDIS_REPLY_INTEGER) {
        long long tag = r->element[0]->integer;
        if (tag == 0)
            rc = SESSION_NOT_FOUND;
        else if (tag == 1 && r->elements == 2 && r->element[1]->type == REDIS_REPLY_INTEGER) {
            *answered = (long)r->element[1]->integer;
            rc = SESSION_OK;
        } else if (tag == 2 && r->elements == 2 && r->element[1]->type == REDIS_REPLY_STRING &&
                   r->element[1]->len <= QN_VERSION_MAX) {
            memcpy(other, r->element[1]->str, r->element[1]->len);
            other[r->element[1]->len] = '\0';
            rc = SESSION_OTHER_VERSION;
        }
    }
    freeReplyObject(r);
    return rc;
}

static void copy_str(char *dst, size_t cap, const redisReply *v)
{
    size_t n = v->len < cap - 1 ? v->len : cap - 1;
    memcpy(dst, v->str, n);
    dst[n] = '\0';
}

enum session_rc session_load(struct store *s, const char *token, struct session *out)
{
    char key[KEY_MAX];
    key_of(key, token);
    const char *hgetall[] = {"HGETALL", key};
    const char *ttl[] = {"TTL", key};
    memset(out, 0, sizeof(*out));
    if (store_append(s, 2, hgetall, NULL) < 0 || store_append(s, 2, ttl, NULL) < 0)
        return SESSION_UNAVAILABLE;
    redisReply *all = store_reply(s);
    if (all == NULL)
        return SESSION_UNAVAILABLE;
    redisReply *t = store_reply(s);
    if (t == NULL) {
        freeReplyObject(all);
        return SESSION_UNAVAILABLE;
    }
    long ttlv = t->type == REDIS_REPLY_INTEGER ? (long)t->integer : -2;
    freeReplyObject(t);
    if (all->type != REDIS_REPLY_ARRAY || all->elements % 2 != 0) {
        freeReplyObject(all);
        return SESSION_ERROR;
    }
    bool have_version = false;
    for (size_t i = 0; i + 1 < all->elements; i += 2) {
        const redisReply *f = all->element[i], *v = all->element[i + 1];
        if (f->type != REDIS_REPLY_STRING || v->type != REDIS_REPLY_STRING || f->len != 1)
            continue;
        switch (f->str[0]) {
        case 'v':
            if (v->len <= QN_VERSION_MAX) {
                copy_str(out->version, sizeof(out->version), v);
                have_version = true;
            }
            break;
        case 'l':
            out->lang = v->len == 2 && memcmp(v->str, "en", 2) == 0 ? LANG_EN : LANG_NL;
            break;
        case 'c': copy_str(out->campaign, sizeof(out->campaign), v); break;
        case 't': out->created = strtol(v->str, NULL, 10); break;
        case 'd': out->counted = true; break;
        }
    }
    if (!have_version) { /* an empty reply: no such session (or it just expired) */
        freeReplyObject(all);
        return SESSION_NOT_FOUND;
    }
    out->ttl = ttlv;
    out->fields = all;
    return SESSION_OK;
}

void session_answers(const struct session *ss, const struct qn *qn, struct answers *a)
{
    char field[12];
    memset(a, 0, sizeof(*a));
    for (size_t i = 0; i + 1 < ss->fields->elements; i += 2) {
        const redisReply *f = ss->fields->element[i], *v = ss->fields->element[i + 1];
        if (f->type != REDIS_REPLY_STRING || v->type != REDIS_REPLY_STRING || f->len == 0 ||
            f->len >= sizeof(field) || f->str[0] < '0' || f->str[0] > '9')
            continue;
        memcpy(field, f->str, f->len);
        field[f->len] = '\0';
        (void)answers_decode(qn, a, field, v->str, v->len);
    }
}

void session_release(struct session *ss)
{
    if (ss->fields != NULL)
        freeReplyObject(ss->fields);
    ss->fields = NULL;
}

enum session_rc session_mark_counted(struct store *s, const char *token, int *first)
{
    char key[KEY_MAX];
    key_of(key, token);
    const char *argv[] = {key};
    redisReply *r = store_eval(s, &counted_script, 1, 1, argv, NULL);
    if (r == NULL)
        return SESSION_UNAVAILABLE;
    enum session_rc rc = SESSION_ERROR;
    if (r->type == REDIS_REPLY_INTEGER) {
        *first = r->integer == 1;
        rc = r->integer < 0 ? SESSION_NOT_FOUND : SESSION_OK;
    }
    freeReplyObject(r);
    return rc;
}
