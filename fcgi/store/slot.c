/*
 * slot.c — see slot.h.
 */
#include "store/slot.h"

#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_KEY_MAX 160

enum store_err slot_create(struct store *s, struct slot *sl)
{
    char key[SLOT_KEY_MAX], zkey[SLOT_KEY_MAX], start[24], tz[12], minutes[12], cap[12];
    secure_token(sl->id);
    snprintf(key, sizeof(key), "zt:slot:%s", sl->id);
    snprintf(zkey, sizeof(zkey), "zt:net:%s:slots", sl->network);
    snprintf(start, sizeof(start), "%lld", (long long)sl->start);
    snprintf(tz, sizeof(tz), "%d", sl->tz_min);
    snprintf(minutes, sizeof(minutes), "%d", sl->minutes);
    snprintf(cap, sizeof(cap), "%d", sl->capacity);
    const char *argv[] = {key,        zkey, sl->id,   start,     "network", sl->network, "start",
                          start,      "tz", tz,       "minutes", minutes,   "place",     sl->place,
                          "capacity", cap,  "booked", "0",       "scan",    sl->scan};
    long long v = 0;
    enum store_err rc = store_int_reply(
        store_fcall(s, "zt_slot_create", 2, (int)(sizeof(argv) / sizeof(argv[0])), argv, NULL), &v);
    sl->booked = 0;
    return rc != STORE_OK ? rc : v == 1 ? STORE_OK : STORE_ERROR;
}

/* A number field of a slot hash: digits only, else 0 (the program wrote them). */
static long long number(const char *v)
{
    char *end;
    long long n = strtoll(v, &end, 10);
    return *end == '\0' ? n : 0;
}

static int slot_from_reply(const redisReply *r, const char *id, struct slot *sl)
{
    memset(sl, 0, sizeof(*sl));
    snprintf(sl->id, sizeof(sl->id), "%s", id);
    int have = 0;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
        if (!store_elem_is_str(r, i) || !store_elem_is_str(r, i + 1))
            continue;
        const char *f = r->element[i]->str, *v = r->element[i + 1]->str;
        if (strcmp(f, "network") == 0) {
            store_copy_str(r->element[i + 1], sl->network, sizeof(sl->network));
            have++;
        } else if (strcmp(f, "start") == 0)
            sl->start = number(v);
        else if (strcmp(f, "tz") == 0)
            sl->tz_min = (int)number(v);
        else if (strcmp(f, "minutes") == 0)
            sl->minutes = (int)number(v);
        else if (strcmp(f, "scan") == 0)
            store_copy_str(r->element[i + 1], sl->scan, sizeof(sl->scan));
        else if (strcmp(f, "place") == 0)
            store_copy_str(r->element[i + 1], sl->place, sizeof(sl->place));
        else if (strcmp(f, "capacity") == 0)
            sl->capacity = (int)number(v);
        else if (strcmp(f, "booked") == 0)
            sl->booked = (int)number(v);
    }
    return have ? 0 : -1;
}

enum store_err slot_get(struct store *s, const char *id, struct slot *out)
{
    char key[SLOT_KEY_MAX];
    snprintf(key, sizeof(key), "zt:slot:%s", id);
    const char *argv[] = {"HGETALL", key};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_NOT_FOUND;
    if (r->type == REDIS_REPLY_ARRAY && r->elements > 0 && slot_from_reply(r, id, out) == 0)
        rc = STORE_OK;
    freeReplyObject(r);
    return rc;
}

enum store_err slot_delete(struct store *s, const char *network, const char *id)
{
    char key[SLOT_KEY_MAX], zkey[SLOT_KEY_MAX];
    snprintf(key, sizeof(key), "zt:slot:%s", id);
    snprintf(zkey, sizeof(zkey), "zt:net:%s:slots", network);
    const char *argv[] = {key, zkey, id, network};
    long long v = 0;
    enum store_err rc = store_int_reply(store_fcall(s, "zt_slot_delete", 2, 4, argv, NULL), &v);
    if (rc != STORE_OK)
        return rc;
    return v == 1 ? STORE_OK : v == -1 ? STORE_SLOT_BOOKED : STORE_NOT_FOUND;
}

struct slot *slot_list(struct store *s, const char *network, int64_t from, size_t *n,
                       enum store_err *rc)
{
    char zkey[SLOT_KEY_MAX], froms[24], max[12];
    snprintf(zkey, sizeof(zkey), "zt:net:%s:slots", network);
    snprintf(froms, sizeof(froms), "%lld", (long long)from);
    snprintf(max, sizeof(max), "%d", SLOT_LIST_MAX);
    const char *argv[] = {"ZRANGEBYSCORE", zkey, froms, "+inf", "LIMIT", "0", max};
    *n = 0;
    redisReply *ids = store_cmd(s, 7, argv, NULL);
    if (ids == NULL) {
        *rc = STORE_UNAVAILABLE;
        return NULL;
    }
    struct slot *out = NULL;
    size_t asked = 0;
    *rc = STORE_ERROR;
    if (ids->type != REDIS_REPLY_ARRAY)
        goto done;
    out = calloc(ids->elements + 1, sizeof(*out));
    if (out == NULL)
        goto done;
    for (size_t i = 0; i < ids->elements; i++) {
        if (!store_elem_is_str(ids, i) || ids->element[i]->len != TOKEN_LEN)
            continue;
        char key[SLOT_KEY_MAX];
        snprintf(key, sizeof(key), "zt:slot:%s", ids->element[i]->str);
        const char *hv[] = {"HGETALL", key};
        if (store_append(s, 2, hv, NULL) < 0)
            goto unavailable;
        asked++;
    }
    for (size_t i = 0, k = 0; k < asked; i++) {
        if (!store_elem_is_str(ids, i) || ids->element[i]->len != TOKEN_LEN)
            continue;
        k++;
        redisReply *h = store_reply(s);
        if (h == NULL)
            goto unavailable;
        if (h->type == REDIS_REPLY_ARRAY && h->elements > 0 &&
            slot_from_reply(h, ids->element[i]->str, &out[*n]) == 0)
            (*n)++;
        freeReplyObject(h);
    }
    *rc = STORE_OK;
    goto done;
unavailable:
    *rc = STORE_UNAVAILABLE;
    free(out);
    out = NULL;
    *n = 0;
done:
    freeReplyObject(ids);
    return out;
}
