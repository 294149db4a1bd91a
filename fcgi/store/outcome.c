/*
 * outcome.c — see outcome.h.
 */
#include "store/outcome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTCOME_KEY_MAX 200
#define HEAD 21

enum store_err outcome_record(struct store *s, const struct outcome_in *in,
                              const struct mail_rec *mails, size_t nmails, char status[16],
                              bool *retest)
{
    char key[OUTCOME_KEY_MAX], now[24], keep[24], done[24], max[24], ttl[24], nf[24];
    char dues[OUTBOX_MAX_MAILS][24];
    snprintf(key, sizeof(key), "zt:ref:%s", in->id);
    snprintf(now, sizeof(now), "%lld", (long long)in->now);
    snprintf(keep, sizeof(keep), "%lld", (long long)in->keep_secs);
    snprintf(done, sizeof(done), "%lld", (long long)in->done_secs);
    snprintf(max, sizeof(max), "%lld", (long long)in->max_secs);
    snprintf(ttl, sizeof(ttl), "%ld", in->retest_ttl);
    size_t n = in->nfindings < OUTCOME_FINDINGS_MAX ? in->nfindings : OUTCOME_FINDINGS_MAX;
    snprintf(nf, sizeof(nf), "%zu", n);
    size_t cap = HEAD + 2 * QN_PRINCIPLES + n + 5 * OUTBOX_MAX_MAILS + 2;
    const char **argv = calloc(cap, sizeof(*argv));
    size_t *lens = calloc(cap, sizeof(*lens));
    *retest = false;
    status[0] = '\0';
    if (argv == NULL || lens == NULL) {
        free(argv);
        free(lens);
        return STORE_UNAVAILABLE;
    }
    const char *head[] = {key,  in->id, in->network,    now, in->week, in->json, keep,
                          done, max,    in->retest_key, ttl, nf};
    int argc = 0;
    for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
        argv[argc++] = head[i];
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        argv[argc++] = in->principle[p];
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        argv[argc++] = in->level[p];
    for (size_t i = 0; i < n; i++)
        argv[argc++] = in->findings[i];
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    outbox_args(mails, nmails < OUTBOX_MAX_MAILS ? nmails : OUTBOX_MAX_MAILS, argv, lens, &argc,
                dues);
    redisReply *r = store_fcall(s, "zt_outcome", 1, argc, argv, lens);
    free(argv);
    free(lens);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (store_elem_is_str(r, 0)) {
        const char *tag = r->element[0]->str;
        if (strcmp(tag, "ok") == 0) {
            rc = STORE_OK;
            *retest = r->elements > 1 && store_elem_is_str(r, 1) && r->element[1]->len > 0;
        } else if (strcmp(tag, "none") == 0)
            rc = STORE_NOT_FOUND;
        else if (strcmp(tag, "withdrawn") == 0)
            rc = STORE_WITHDRAWN;
        else if (strcmp(tag, "status") == 0) {
            rc = STORE_CONFLICT;
            if (r->elements > 1 && store_elem_is_str(r, 1))
                store_copy_str(r->element[1], status, 16);
        }
    }
    freeReplyObject(r);
    return rc;
}

static int read_cells(struct store *s, const char *prefix, const char *by,
                      const char *const *groups, size_t ngroups, const char *const *weeks,
                      size_t nweeks, json_t **out)
{
    for (size_t i = 0; i < nweeks * ngroups; i++)
        out[i] = NULL;
    for (size_t w = 0; w < nweeks; w++)
        for (size_t g = 0; g < ngroups; g++) {
            char key[OUTCOME_KEY_MAX];
            snprintf(key, sizeof(key), "%s:%s:%s:%s", prefix, by, groups[g], weeks[w]);
            const char *argv[] = {"HGETALL", key};
            if (store_append(s, 2, argv, NULL) < 0)
                return -1;
        }
    int rc = 0;
    for (size_t i = 0; i < nweeks * ngroups; i++) {
        redisReply *r = store_reply(s);
        if (r == NULL) {
            rc = -1;
            break;
        }
        json_t *o = json_object();
        for (size_t k = 0; r->type == REDIS_REPLY_ARRAY && k + 1 < r->elements; k += 2)
            if (store_elem_is_str(r, k) && store_elem_is_str(r, k + 1))
                json_object_set_new(o, r->element[k]->str,
                                    json_integer(strtoll(r->element[k + 1]->str, NULL, 10)));
        out[i] = o;
        freeReplyObject(r);
    }
    if (rc < 0)
        for (size_t i = 0; i < nweeks * ngroups; i++) {
            json_decref(out[i]);
            out[i] = NULL;
        }
    return rc;
}

int outcome_read(struct store *s, const char *by, const char *const *groups, size_t ngroups,
                 const char *const *weeks, size_t nweeks, json_t **out)
{
    return read_cells(s, "zt:so", by, groups, ngroups, weeks, nweeks, out);
}

json_t *outcome_retest_get(struct store *s, const char *key, enum store_err *rc)
{
    char k[OUTCOME_KEY_MAX];
    snprintf(k, sizeof(k), "zt:retest:%s", key);
    const char *argv[] = {"HGETALL", k};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL) {
        *rc = STORE_UNAVAILABLE;
        return NULL;
    }
    json_t *o = NULL;
    *rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_ARRAY) {
        *rc = r->elements == 0 ? STORE_NOT_FOUND : STORE_OK;
        if (r->elements > 0) {
            o = json_object();
            for (size_t i = 0; i + 1 < r->elements; i += 2)
                if (store_elem_is_str(r, i) && store_elem_is_str(r, i + 1))
                    json_object_set_new(
                        o, r->element[i]->str,
                        json_stringn(r->element[i + 1]->str, r->element[i + 1]->len));
        }
    }
    freeReplyObject(r);
    return o;
}

int outcome_retest_count(struct store *s, const char *key, const char *week,
                         const char *const principle[QN_PRINCIPLES], const int score[QN_PRINCIPLES])
{
    char k[OUTCOME_KEY_MAX], keep[24], sc[QN_PRINCIPLES][12];
    snprintf(k, sizeof(k), "zt:retest:%s", key);
    snprintf(keep, sizeof(keep), "%ld", 3 * 366 * 86400L);
    const char *argv[3 + 2 * QN_PRINCIPLES] = {k, week, keep};
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        snprintf(sc[p], sizeof(sc[p]), "%d", score[p]);
        argv[3 + p] = principle[p];
        argv[3 + QN_PRINCIPLES + p] = sc[p];
    }
    long long v = 0;
    if (store_int_reply(store_fcall(s, "zt_retest_count", 1, 3 + 2 * QN_PRINCIPLES, argv, NULL),
                        &v) != STORE_OK)
        return -1;
    return (int)v;
}

/*
 * The improvement counters of `ngroups` groups × `nweeks` weeks (as
 * outcome_read, over the zt:si keys).
 */
int outcome_read_improvement(struct store *s, const char *by, const char *const *groups,
                             size_t ngroups, const char *const *weeks, size_t nweeks, json_t **out)
{
    return read_cells(s, "zt:si", by, groups, ngroups, weeks, nweeks, out);
}

enum store_err outcome_retest_drop(struct store *s, const char *key)
{
    char k[OUTCOME_KEY_MAX];
    snprintf(k, sizeof(k), "zt:retest:%s", key);
    const char *argv[] = {"DEL", k};
    long long v;
    return store_int_reply(store_cmd(s, 2, argv, NULL), &v);
}
