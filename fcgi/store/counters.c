/*
 * counters.c — see counters.h.
 */
#include "store/counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const funnel_steps[FUNNEL_STEPS] = {"started", "completed", "high", "referral",
                                                "booked"};

#define COUNTER_KEY_MAX 200

static void stat_key(char *buf, const char *version, enum stats_by by, const char *group,
                     const char *week)
{
    snprintf(buf, COUNTER_KEY_MAX, "zt:st:%s:%s:%s:%s", version, stats_by_names[by], group, week);
}

static int ok_reply(redisReply *r)
{
    if (r == NULL)
        return -1;
    int rc = r->type == REDIS_REPLY_INTEGER ? 0 : -1;
    freeReplyObject(r);
    return rc;
}

int counters_completed(struct store *s, const struct qn *qn, const struct score *sc,
                       const struct completion *c, const char *campaign)
{
    char keys[5][COUNTER_KEY_MAX], fields[QN_PRINCIPLES + NCSC_COUNT][QN_ID_MAX + 24], keep[24];
    const char *argv[5 + 3 + QN_PRINCIPLES + NCSC_COUNT];
    for (int b = 0; b < BY_COUNT; b++) {
        stat_key(keys[b], qn->version, (enum stats_by)b, c->group[b], c->week);
        argv[b] = keys[b];
    }
    snprintf(keys[4], COUNTER_KEY_MAX, "zt:fn:%s:%s", campaign != NULL ? campaign : "-", c->day);
    argv[4] = keys[4];
    argv[5] = campaign != NULL ? "1" : "0";
    argv[6] = sc->level == LEVEL_HIGH ? "1" : "0";
    snprintf(keep, sizeof(keep), "%ld", COUNTERS_KEEP_SECONDS);
    argv[7] = keep;
    size_t nf = 0;
    for (size_t p = 0; p < QN_PRINCIPLES; p++, nf++)
        snprintf(fields[nf], sizeof(fields[nf]), "%s:%s", qn->principles[p].id,
                 level_name(sc->principle_level[p]));
    for (int g = 0; g < NCSC_COUNT; g++)
        if (sc->set2024_has[g]) {
            snprintf(fields[nf], sizeof(fields[nf]), "%s%s:%s", COUNTERS_2024_PREFIX,
                     ncsc_name((enum ncsc)g), level_name(sc->set2024_level[g]));
            nf++;
        }
    for (size_t f = 0; f < nf; f++)
        argv[8 + f] = fields[f];
    return ok_reply(store_fcall(s, "zt_count_completed", 5, (int)(8 + nf), argv, NULL));
}

int counters_funnel(struct store *s, const char *campaign, const char *day, const char *step)
{
    char key[COUNTER_KEY_MAX], keep[24];
    snprintf(key, sizeof(key), "zt:fn:%s:%s", campaign, day);
    snprintf(keep, sizeof(keep), "%ld", COUNTERS_KEEP_SECONDS);
    const char *argv[] = {key, step, keep};
    return ok_reply(store_fcall(s, "zt_count_funnel", 1, 3, argv, NULL));
}

int counters_summary(struct store *s, const char *week, const char *field)
{
    char key[COUNTER_KEY_MAX], keep[24];
    snprintf(key, sizeof(key), "zt:sum:%s", week);
    snprintf(keep, sizeof(keep), "%ld", COUNTERS_KEEP_SECONDS);
    const char *argv[] = {key, field, keep};
    return ok_reply(store_fcall(s, "zt_count_funnel", 1, 3, argv, NULL));
}

int counters_read_summary(struct store *s, const char *const *weeks, size_t nweeks, long *counts)
{
    for (size_t w = 0; w < nweeks; w++) {
        char key[COUNTER_KEY_MAX];
        snprintf(key, sizeof(key), "zt:sum:%s", weeks[w]);
        const char *argv[] = {"HMGET", key, "completed", "high", "requested", "done"};
        if (store_append(s, 6, argv, NULL) < 0)
            return -1;
    }
    for (size_t w = 0; w < nweeks; w++) {
        redisReply *r = store_reply(s);
        if (r == NULL)
            return -1;
        for (size_t k = 0; k < 4; k++)
            counts[w * 4 + k] = store_elem_is_str(r, k) ? strtol(r->element[k]->str, NULL, 10) : 0;
        freeReplyObject(r);
    }
    return 0;
}

/* Reads one HGETALL reply of a statistics hash into a cell. */
static void cell_from(const redisReply *r, const struct qn *qn, struct stats_cell *c)
{
    memset(c, 0, sizeof(*c));
    if (r->type != REDIS_REPLY_ARRAY)
        return;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
        if (!store_elem_is_str(r, i) || !store_elem_is_str(r, i + 1))
            continue;
        const char *f = r->element[i]->str, *v = r->element[i + 1]->str;
        long count = strtol(v, NULL, 10);
        if (strcmp(f, "n") == 0) {
            c->n = count;
            continue;
        }
        const char *colon = strrchr(f, ':');
        if (colon == NULL)
            continue;
        int l = level_parse(colon + 1);
        size_t plen = strlen(COUNTERS_2024_PREFIX);
        if (l >= 0 && strncmp(f, COUNTERS_2024_PREFIX, plen) == 0) {
            /* "2024:<id>:<level>": the id is between the prefix and the last colon */
            char id[QN_ID_MAX + 1];
            size_t idlen = (size_t)(colon - f) - plen;
            if (idlen == 0 || idlen > QN_ID_MAX)
                continue;
            memcpy(id, f + plen, idlen);
            id[idlen] = '\0';
            int g = ncsc_parse(id);
            if (g >= 0)
                c->set2024[g][l] = count;
            continue;
        }
        for (size_t p = 0; l >= 0 && p < QN_PRINCIPLES; p++)
            if (strlen(qn->principles[p].id) == (size_t)(colon - f) &&
                strncmp(qn->principles[p].id, f, (size_t)(colon - f)) == 0)
                c->level[p][l] = count;
    }
}

int counters_read_stats(struct store *s, const struct qn *qn, enum stats_by by,
                        const char *const *groups, size_t ngroups, const char *const *weeks,
                        size_t nweeks, struct stats_cell *cells)
{
    for (size_t w = 0; w < nweeks; w++)
        for (size_t g = 0; g < ngroups; g++) {
            char key[COUNTER_KEY_MAX];
            stat_key(key, qn->version, by, groups[g], weeks[w]);
            const char *argv[] = {"HGETALL", key};
            if (store_append(s, 2, argv, NULL) < 0)
                return -1;
        }
    for (size_t i = 0; i < nweeks * ngroups; i++) {
        redisReply *r = store_reply(s);
        if (r == NULL)
            return -1;
        cell_from(r, qn, &cells[i]);
        freeReplyObject(r);
    }
    return 0;
}

int counters_read_funnel(struct store *s, const char *campaign, const char *const *days,
                         size_t ndays, long *counts)
{
    for (size_t d = 0; d < ndays; d++) {
        char key[COUNTER_KEY_MAX];
        snprintf(key, sizeof(key), "zt:fn:%s:%s", campaign, days[d]);
        const char *argv[] = {
            "HMGET",        key, funnel_steps[0], funnel_steps[1], funnel_steps[2], funnel_steps[3],
            funnel_steps[4]};
        if (store_append(s, 7, argv, NULL) < 0)
            return -1;
    }
    for (size_t d = 0; d < ndays; d++) {
        redisReply *r = store_reply(s);
        if (r == NULL)
            return -1;
        for (size_t k = 0; k < FUNNEL_STEPS; k++)
            counts[d * FUNNEL_STEPS + k] =
                store_elem_is_str(r, k) ? strtol(r->element[k]->str, NULL, 10) : 0;
        freeReplyObject(r);
    }
    return 0;
}
