/*
 * outbox.c — see outbox.h.
 */
#include "store/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBOX_KEY_MAX 160

void outbox_free(struct mail_rec *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].body);
        free(m[i].to);
        m[i].body = NULL;
        m[i].to = NULL;
    }
}

void outbox_args(const struct mail_rec *m, size_t n, const char **argv, size_t *lens, int *argc,
                 char (*dues)[24])
{
    for (size_t i = 0; i < n; i++) {
        snprintf(dues[i], 24, "%lld", (long long)m[i].due);
        const char *v[] = {m[i].mid, dues[i], m[i].kind, m[i].to, m[i].body};
        for (size_t k = 0; k < 5; k++) {
            argv[*argc] = v[k];
            lens[*argc] = strlen(v[k]);
            (*argc)++;
        }
    }
}

static char *dup_str(const redisReply *r)
{
    char *s = malloc(r->len + 1);
    if (s != NULL) {
        memcpy(s, r->str, r->len);
        s[r->len] = '\0';
    }
    return s;
}

size_t outbox_claim(struct store *s, int64_t now, long lease, size_t max, struct mail_claim *out,
                    enum store_err *rc)
{
    char nows[24], leases[24], maxs[24];
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(leases, sizeof(leases), "%ld", lease);
    snprintf(maxs, sizeof(maxs), "%zu", max);
    const char *argv[] = {"zt:mail:due", nows, leases, maxs};
    redisReply *r = store_fcall(s, "zt_mail_claim", 1, 4, argv, NULL);
    *rc = r == NULL ? STORE_UNAVAILABLE : STORE_ERROR;
    if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements % 6 != 0) {
        if (r != NULL)
            freeReplyObject(r);
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i + 5 < r->elements && n < max; i += 6) {
        bool ok = true;
        for (size_t k = 0; k < 6; k++)
            ok &= store_elem_is_str(r, i + k);
        if (!ok || r->element[i]->len != TOKEN_LEN)
            continue;
        struct mail_claim *c = &out[n];
        store_copy_str(r->element[i], c->mid, sizeof(c->mid));
        c->to = dup_str(r->element[i + 1]);
        c->body = dup_str(r->element[i + 2]);
        c->kind = dup_str(r->element[i + 3]);
        c->attempts = strtol(r->element[i + 4]->str, NULL, 10);
        c->first = strtoll(r->element[i + 5]->str, NULL, 10);
        if (c->to == NULL || c->body == NULL || c->kind == NULL) {
            outbox_claims_free(c, 1);
            continue;
        }
        n++;
    }
    freeReplyObject(r);
    *rc = STORE_OK;
    return n;
}

void outbox_claims_free(struct mail_claim *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].to);
        free(c[i].body);
        free(c[i].kind);
        c[i].to = c[i].body = c[i].kind = NULL;
    }
}

enum store_err outbox_done(struct store *s, const char *mid)
{
    const char *argv[] = {"zt:mail:due", mid};
    long long v;
    return store_int_reply(store_fcall(s, "zt_mail_done", 1, 2, argv, NULL), &v);
}

enum store_err outbox_retry(struct store *s, const char *mid, int64_t at, const char *reason)
{
    char ats[24];
    snprintf(ats, sizeof(ats), "%lld", (long long)at);
    const char *argv[] = {"zt:mail:due", mid, ats, reason};
    long long v;
    return store_int_reply(store_fcall(s, "zt_mail_retry", 1, 4, argv, NULL), &v);
}

enum store_err outbox_dead(struct store *s, const char *mid, long code, const char *reason,
                           int64_t now)
{
    char codes[24], nows[24], keep[24];
    snprintf(codes, sizeof(codes), "%ld", code);
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(keep, sizeof(keep), "%d", OUTBOX_DEAD_KEEP);
    const char *argv[] = {"zt:mail:due", mid, codes, reason, nows, keep};
    long long v;
    return store_int_reply(store_fcall(s, "zt_mail_dead", 1, 6, argv, NULL), &v);
}

enum store_err outbox_stats(struct store *s, int64_t now, struct outbox_stats *out)
{
    char nows[24];
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    const char *argv[] = {"zt:mail:due", nows};
    redisReply *r = store_fcall(s, "zt_mail_stats", 1, 2, argv, NULL);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 4 && store_elem_is_int(r, 0) &&
        store_elem_is_int(r, 1) && store_elem_is_int(r, 2) && store_elem_is_int(r, 3)) {
        out->waiting = (long)r->element[0]->integer;
        out->due = (long)r->element[1]->integer;
        out->oldest = (int64_t)r->element[2]->integer;
        out->dead = (long)r->element[3]->integer;
        rc = STORE_OK;
    }
    freeReplyObject(r);
    return rc;
}

json_t *outbox_digest_take(struct store *s, const char *network, const char *day,
                           enum store_err *rc)
{
    char k1[OUTBOX_KEY_MAX], k2[OUTBOX_KEY_MAX];
    snprintf(k1, sizeof(k1), "zt:digest:%s", network);
    snprintf(k2, sizeof(k2), "zt:digest:sent:%s", network);
    const char *argv[] = {k1, k2, day};
    redisReply *r = store_fcall(s, "zt_digest_take", 2, 3, argv, NULL);
    *rc = r == NULL ? STORE_UNAVAILABLE : STORE_ERROR;
    if (r == NULL)
        return NULL;
    json_t *out = NULL;
    if (r->type == REDIS_REPLY_ARRAY) {
        out = json_array();
        for (size_t i = 0; i < r->elements; i++)
            if (store_elem_is_str(r, i))
                json_array_append_new(out, json_stringn(r->element[i]->str, r->element[i]->len));
        *rc = STORE_OK;
    }
    freeReplyObject(r);
    return out;
}

enum store_err outbox_digest_commit(struct store *s, const char *network, const char *day,
                                    int64_t now, const json_t *fields, const struct mail_rec *m)
{
    char k1[OUTBOX_KEY_MAX], k2[OUTBOX_KEY_MAX], nows[24], nf[24], dues[1][24];
    size_t n = json_array_size(fields);
    if (n > OUTBOX_DIGEST_FIELDS_MAX)
        n = OUTBOX_DIGEST_FIELDS_MAX;
    snprintf(k1, sizeof(k1), "zt:digest:%s", network);
    snprintf(k2, sizeof(k2), "zt:digest:sent:%s", network);
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(nf, sizeof(nf), "%zu", n);
    const char **argv = calloc(n + 16, sizeof(*argv));
    size_t *lens = calloc(n + 16, sizeof(*lens));
    if (argv == NULL || lens == NULL) {
        free(argv);
        free(lens);
        return STORE_UNAVAILABLE;
    }
    int argc = 0;
    const char *head[] = {k1, k2, day, nows, network, nf};
    for (size_t i = 0; i < 6; i++) {
        argv[argc] = head[i];
        lens[argc++] = strlen(head[i]);
    }
    for (size_t i = 0; i < n; i++) {
        argv[argc] = json_string_value(json_array_get(fields, i));
        lens[argc] = strlen(argv[argc]);
        argc++;
    }
    outbox_args(m, 1, argv, lens, &argc, dues);
    long long v;
    enum store_err rc =
        store_int_reply(store_fcall(s, "zt_digest_commit", 2, argc, argv, lens), &v);
    free(argv);
    free(lens);
    return rc;
}
