/*
 * session.c — see session.h.
 */
#include "store/session.h"

#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SESSION_KEY_MAX (sizeof("zt:s:") + TOKEN_LEN)
#define CREATE_ATTEMPTS 3

static void key_of(char key[SESSION_KEY_MAX], const char *token)
{
    snprintf(key, SESSION_KEY_MAX, "zt:s:%s", token);
}

enum store_err session_create(struct store *s, char token[TOKEN_LEN + 1], const char *version,
                              enum lang lang, const char *campaign, const char *retest, long ttl)
{
    char key[SESSION_KEY_MAX], ttls[24], created[24];
    snprintf(ttls, sizeof(ttls), "%ld", ttl);
    snprintf(created, sizeof(created), "%lld", (long long)time(NULL));
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        secure_token(token);
        key_of(key, token);
        const char *argv[12] = {key, ttls, "v", version, "l", lang_name(lang), "t", created};
        int argc = 8;
        if (campaign != NULL && campaign[0] != '\0') {
            argv[argc++] = "c";
            argv[argc++] = campaign;
        }
        if (retest != NULL && retest[0] != '\0') {
            argv[argc++] = "r";
            argv[argc++] = retest;
        }
        long long ok = -1;
        enum store_err rc =
            store_int_reply(store_fcall(s, "zt_session_create", 1, argc, argv, NULL), &ok);
        if (rc != STORE_OK || ok == 1)
            return rc;
        if (ok != 0)
            return STORE_ERROR;
        /* a 128-bit collision: astronomically unlikely, but never overwrite */
    }
    return STORE_ERROR;
}

enum store_err session_answer(struct store *s, const char *token, const char *version,
                              size_t question, const char *value, long ttl, long *answered,
                              char *other)
{
    char key[SESSION_KEY_MAX], field[12], ttls[24];
    key_of(key, token);
    snprintf(field, sizeof(field), "%zu", question);
    snprintf(ttls, sizeof(ttls), "%ld", ttl);
    const char *argv[] = {key, version, field, value, ttls};
    redisReply *r = store_fcall(s, "zt_session_answer", 1, 5, argv, NULL);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (store_elem_is_int(r, 0)) {
        long long tag = r->element[0]->integer;
        if (tag == 0 && r->elements == 1)
            rc = STORE_NOT_FOUND;
        else if (tag == 1 && r->elements == 2 && store_elem_is_int(r, 1)) {
            *answered = (long)r->element[1]->integer;
            rc = STORE_OK;
        } else if (tag == 2 && r->elements == 2 && store_elem_is_str(r, 1) &&
                   r->element[1]->len <= QN_VERSION_MAX) {
            store_copy_str(r->element[1], other, QN_VERSION_MAX + 1);
            rc = STORE_OTHER_VERSION;
        }
    }
    freeReplyObject(r);
    return rc;
}

enum store_err session_version(struct store *s, const char *token, char *version)
{
    char key[SESSION_KEY_MAX];
    key_of(key, token);
    const char *argv[] = {"HGET", key, "v"};
    redisReply *r = store_cmd(s, 3, argv, NULL);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_NIL)
        rc = STORE_NOT_FOUND;
    else if (r->type == REDIS_REPLY_STRING && r->len <= QN_VERSION_MAX) {
        store_copy_str(r, version, QN_VERSION_MAX + 1);
        rc = STORE_OK;
    }
    freeReplyObject(r);
    return rc;
}

enum store_err session_load(struct store *s, const char *token, struct session *out)
{
    char key[SESSION_KEY_MAX];
    key_of(key, token);
    const char *hgetall[] = {"HGETALL", key};
    const char *ttl[] = {"TTL", key};
    memset(out, 0, sizeof(*out));
    if (store_append(s, 2, hgetall, NULL) < 0 || store_append(s, 2, ttl, NULL) < 0)
        return STORE_UNAVAILABLE;
    redisReply *all = store_reply(s);
    if (all == NULL)
        return STORE_UNAVAILABLE;
    redisReply *t = store_reply(s);
    if (t == NULL) {
        freeReplyObject(all);
        return STORE_UNAVAILABLE;
    }
    long ttlv = t->type == REDIS_REPLY_INTEGER ? (long)t->integer : -2;
    freeReplyObject(t);
    if (all->type != REDIS_REPLY_ARRAY || all->elements % 2 != 0) {
        freeReplyObject(all);
        return STORE_ERROR;
    }
    bool have_version = false;
    for (size_t i = 0; i + 1 < all->elements; i += 2) {
        const redisReply *f = all->element[i], *v = all->element[i + 1];
        if (f->type != REDIS_REPLY_STRING || v->type != REDIS_REPLY_STRING || f->len != 1)
            continue;
        switch (f->str[0]) {
        case 'v':
            if (v->len <= QN_VERSION_MAX) {
                store_copy_str(v, out->version, sizeof(out->version));
                have_version = true;
            }
            break;
        case 'l':
            out->lang = v->len == 2 && memcmp(v->str, "en", 2) == 0 ? LANG_EN : LANG_NL;
            break;
        case 'c': store_copy_str(v, out->campaign, sizeof(out->campaign)); break;
        case 't': out->created = strtol(v->str, NULL, 10); break;
        case 'd': out->counted = true; break;
        case 'r':
            if (v->len == TOKEN_LEN)
                store_copy_str(v, out->retest, sizeof(out->retest));
            break;
        }
    }
    if (!have_version) { /* an empty reply: no such session (or it just expired) */
        freeReplyObject(all);
        return STORE_NOT_FOUND;
    }
    out->ttl = ttlv;
    out->fields = all;
    return STORE_OK;
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

enum store_err session_set_lang(struct store *s, const char *token, enum lang lang)
{
    char key[SESSION_KEY_MAX];
    key_of(key, token);
    const char *argv[] = {key, lang_name(lang)};
    long long v = 0;
    enum store_err rc = store_int_reply(store_fcall(s, "zt_session_lang", 1, 2, argv, NULL), &v);
    return rc != STORE_OK ? rc : v == 1 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err session_mark_counted(struct store *s, const char *token, int *first)
{
    char key[SESSION_KEY_MAX];
    key_of(key, token);
    const char *argv[] = {key};
    long long v = 0;
    enum store_err rc =
        store_int_reply(store_fcall(s, "zt_session_mark_counted", 1, 1, argv, NULL), &v);
    if (rc != STORE_OK)
        return rc;
    *first = v == 1;
    return v < 0 ? STORE_NOT_FOUND : STORE_OK;
}
