/*
 * referral.c — see referral.h.
 */
#include "store/referral.h"

#include "util/sha256.h"
#include "domain/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* KEYS: sref, ref, slot, inbox, refs, retention, wd
 * ARGV: id, slot id or "", now, erase_at, network, field, value, … */
static struct store_script create_script = {
    .src = "local existing = redis.call('GET', KEYS[1])\n"
           "if existing then return {'exists', existing} end\n"
           "if ARGV[2] ~= '' then\n"
           "  local s = redis.call('HMGET', KEYS[3], 'network', 'start', 'capacity', 'booked')\n"
           "  if not s[1] or s[1] ~= ARGV[5] or tonumber(s[2]) <= tonumber(ARGV[3]) then\n"
           "    return {'gone'}\n"
           "  end\n"
           "  if tonumber(s[4]) >= tonumber(s[3]) then return {'full'} end\n"
           "  redis.call('HINCRBY', KEYS[3], 'booked', 1)\n"
           "end\n"
           "redis.call('HSET', KEYS[2], unpack(ARGV, 6))\n"
           "if redis.call('EXISTS', KEYS[4]) == 0 then\n"
           "  redis.call('XGROUP', 'CREATE', KEYS[4], 'network', '0', 'MKSTREAM')\n"
           "end\n"
           "local entry = redis.call('XADD', KEYS[4], '*', 'ref', ARGV[1])\n"
           "redis.call('HSET', KEYS[2], 'entry', entry)\n"
           "redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])\n"
           "redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])\n"
           "redis.call('SET', KEYS[1], ARGV[1])\n"
           "redis.call('SET', KEYS[7], ARGV[1])\n"
           "return {'created', ARGV[1]}\n"};

/* KEYS: ref; ARGV: id, network or "" (any).  Keys reached from the referral are
 * named inside the script: fine on a single Redis, which is what this is. */
static struct store_script erase_script = {
    .src = "local f = redis.call('HMGET', KEYS[1], 'network', 'slot', 'sh', 'entry', 'wdh')\n"
           "if not f[1] then return 0 end\n"
           "if ARGV[2] ~= '' and f[1] ~= ARGV[2] then return 0 end\n"
           "if f[2] and f[2] ~= '' then\n"
           "  local sk = 'zt:slot:' .. f[2]\n"
           "  if tonumber(redis.call('HGET', sk, 'booked') or '0') > 0 then\n"
           "    redis.call('HINCRBY', sk, 'booked', -1)\n"
           "  end\n"
           "end\n"
           "local stream = 'zt:net:' .. f[1] .. ':inbox'\n"
           "if f[4] then\n"
           "  if redis.call('EXISTS', stream) == 1 then\n"
           "    redis.call('XACK', stream, 'network', f[4])\n"
           "    redis.call('XDEL', stream, f[4])\n"
           "  end\n"
           "end\n"
           "redis.call('ZREM', 'zt:net:' .. f[1] .. ':refs', ARGV[1])\n"
           "redis.call('ZREM', 'zt:retention', ARGV[1])\n"
           "if f[3] then redis.call('DEL', 'zt:sref:' .. f[3]) end\n"
           "if f[5] then redis.call('DEL', 'zt:wd:' .. f[5]) end\n"
           "redis.call('DEL', KEYS[1])\n"
           "return 1\n"};

/* KEYS: ref; ARGV: id, network, status, note, now, done_secs, max_secs */
static struct store_script status_script = {
    .src = "local f = redis.call('HMGET', KEYS[1], 'network', 'entry', 'created')\n"
           "if not f[1] or f[1] ~= ARGV[2] then return 0 end\n"
           "redis.call('HSET', KEYS[1], 'status', ARGV[3], 'note', ARGV[4], 'updated', ARGV[5])\n"
           "local stream = 'zt:net:' .. f[1] .. ':inbox'\n"
           "if f[2] and redis.call('EXISTS', stream) == 1 then\n"
           "  redis.call('XACK', stream, 'network', f[2])\n"
           "end\n"
           "local erase = tonumber(f[3]) + tonumber(ARGV[7])\n"
           "if ARGV[3] == 'done' or ARGV[3] == 'declined' then\n"
           "  erase = math.min(erase, tonumber(ARGV[5]) + tonumber(ARGV[6]))\n"
           "end\n"
           "redis.call('ZADD', 'zt:retention', erase, ARGV[1])\n"
           "return 1\n"};

/* KEYS: slot, slots zset; ARGV: id, start, field, value, … */
static struct store_script slot_create_script = {
    .src = "if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end\n"
           "redis.call('HSET', KEYS[1], unpack(ARGV, 3))\n"
           "redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])\n"
           "return 1\n"};

/* KEYS: slot, slots zset; ARGV: id, network */
static struct store_script slot_delete_script = {
    .src = "local f = redis.call('HMGET', KEYS[1], 'network', 'booked')\n"
           "if not f[1] or f[1] ~= ARGV[2] then return 0 end\n"
           "if tonumber(f[2]) > 0 then return -1 end\n"
           "redis.call('DEL', KEYS[1])\n"
           "redis.call('ZREM', KEYS[2], ARGV[1])\n"
           "return 1\n"};

void referral_scripts_init(void)
{
    store_script_init(&create_script);
    store_script_init(&erase_script);
    store_script_init(&status_script);
    store_script_init(&slot_create_script);
    store_script_init(&slot_delete_script);
}

#define KEY_MAX 160

static enum ref_rc int_reply(redisReply *r, long long *v)
{
    if (r == NULL)
        return REF_UNAVAILABLE;
    enum ref_rc rc = REF_ERROR;
    if (r->type == REDIS_REPLY_INTEGER) {
        *v = r->integer;
        rc = REF_OK;
    }
    freeReplyObject(r);
    return rc;
}

enum ref_rc referral_create(struct store *s, const struct referral_in *in, char id[TOKEN_LEN + 1],
                            char withdraw_key[TOKEN_LEN + 1])
{
    char k_sref[KEY_MAX], k_ref[KEY_MAX], k_slot[KEY_MAX], k_inbox[KEY_MAX], k_refs[KEY_MAX],
        k_wd[KEY_MAX], now[24], erase[24], created[24], wdh[65];
    uint8_t d[32];
    if (token_new(id) < 0 || token_new(withdraw_key) < 0)
        return REF_ERROR;
    sha256(withdraw_key, TOKEN_LEN, d);
    sha256_hex(d, wdh);
    snprintf(k_sref, sizeof(k_sref), "zt:sref:%s", in->session_hash);
    snprintf(k_ref, sizeof(k_ref), "zt:ref:%s", id);
    snprintf(k_slot, sizeof(k_slot), "zt:slot:%s", in->slot[0] ? in->slot : "-");
    snprintf(k_inbox, sizeof(k_inbox), "zt:net:%s:inbox", in->network);
    snprintf(k_refs, sizeof(k_refs), "zt:net:%s:refs", in->network);
    snprintf(k_wd, sizeof(k_wd), "zt:wd:%s", wdh);
    snprintf(now, sizeof(now), "%lld", (long long)in->now);
    snprintf(erase, sizeof(erase), "%lld", (long long)in->erase_at);
    snprintf(created, sizeof(created), "%lld", (long long)in->now);
    const char *argv[] = {
        k_sref,
        k_ref,
        k_slot,
        k_inbox,
        k_refs,
        "zt:retention",
        k_wd,
        id,
        in->slot,
        now,
        erase,
        in->network,
        "id",
        id,
        "network",
        in->network,
        "status",
        "new",
        "created",
        created,
        "updated",
        created,
        "company",
        in->company,
        "contact_name",
        in->contact_name,
        "email",
        in->email,
        "phone",
        in->phone,
        "postcode",
        in->postcode,
        "slot",
        in->slot,
        "consent",
        "1",
        "consent_version",
        in->consent_version,
        "share_answers",
        in->share_answers ? "1" : "0",
        "summary",
        in->summary,
        "lang",
        in->lang,
        "sh",
        in->session_hash,
        "fp",
        in->fingerprint,
        "wkey",
        withdraw_key,
        "wdh",
        wdh,
        "note",
        "",
    };
    redisReply *r =
        store_eval(s, &create_script, 7, (int)(sizeof(argv) / sizeof(argv[0])), argv, NULL);
    if (r == NULL)
        return REF_UNAVAILABLE;
    enum ref_rc rc = REF_ERROR;
    if (r->type == REDIS_REPLY_ARRAY && r->elements >= 1 &&
        r->element[0]->type == REDIS_REPLY_STRING) {
        const char *tag = r->element[0]->str;
        if (strcmp(tag, "created") == 0)
            rc = REF_OK;
        else if (strcmp(tag, "full") == 0)
            rc = REF_SLOT_FULL;
        else if (strcmp(tag, "gone") == 0)
            rc = REF_SLOT_GONE;
        else if (strcmp(tag, "exists") == 0 && r->elements == 2 &&
                 r->element[1]->type == REDIS_REPLY_STRING && r->element[1]->len == TOKEN_LEN) {
            memcpy(id, r->element[1]->str, TOKEN_LEN + 1);
            withdraw_key[0] = '\0';
            rc = REF_EXISTS;
        }
    }
    freeReplyObject(r);
    return rc;
}

/* A flat HGETALL reply as a JSON object of strings. */
static json_t *hash_json(const redisReply *r)
{
    json_t *o = json_object();
    for (size_t i = 0; o != NULL && i + 1 < r->elements; i += 2) {
        const redisReply *f = r->element[i], *v = r->element[i + 1];
        if (f->type == REDIS_REPLY_STRING && v->type == REDIS_REPLY_STRING)
            json_object_set_new(o, f->str, json_stringn(v->str, v->len));
    }
    return o;
}

json_t *referral_get(struct store *s, const char *id, enum ref_rc *rc)
{
    char key[KEY_MAX];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    const char *argv[] = {"HGETALL", key};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL) {
        *rc = REF_UNAVAILABLE;
        return NULL;
    }
    json_t *o = NULL;
    *rc = REF_ERROR;
    if (r->type == REDIS_REPLY_ARRAY) {
        *rc = r->elements == 0 ? REF_NOT_FOUND : REF_OK;
        if (r->elements > 0 && (o = hash_json(r)) == NULL)
            *rc = REF_ERROR;
    }
    freeReplyObject(r);
    return o;
}

enum ref_rc referral_by_withdraw_key(struct store *s, const char *key, char id[TOKEN_LEN + 1])
{
    uint8_t d[32];
    char hex[65], k[KEY_MAX];
    sha256(key, strlen(key), d);
    sha256_hex(d, hex);
    snprintf(k, sizeof(k), "zt:wd:%s", hex);
    const char *argv[] = {"GET", k};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL)
        return REF_UNAVAILABLE;
    enum ref_rc rc = REF_NOT_FOUND;
    if (r->type == REDIS_REPLY_STRING && r->len == TOKEN_LEN) {
        memcpy(id, r->str, TOKEN_LEN + 1);
        rc = REF_OK;
    } else if (r->type != REDIS_REPLY_NIL)
        rc = REF_ERROR;
    freeReplyObject(r);
    return rc;
}

enum ref_rc referral_erase(struct store *s, const char *id, const char *network)
{
    char key[KEY_MAX];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    const char *argv[] = {key, id, network != NULL ? network : ""};
    long long v = 0;
    enum ref_rc rc = int_reply(store_eval(s, &erase_script, 1, 3, argv, NULL), &v);
    return rc != REF_OK ? rc : v == 1 ? REF_OK : REF_NOT_FOUND;
}

enum ref_rc referral_set_status(struct store *s, const char *id, const char *network,
                                const char *status, const char *note, int64_t now,
                                int64_t done_secs, int64_t max_secs)
{
    char key[KEY_MAX], nows[24], dones[24], maxs[24];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(dones, sizeof(dones), "%lld", (long long)done_secs);
    snprintf(maxs, sizeof(maxs), "%lld", (long long)max_secs);
    const char *argv[] = {key, id, network, status, note, nows, dones, maxs};
    long long v = 0;
    enum ref_rc rc = int_reply(store_eval(s, &status_script, 1, 8, argv, NULL), &v);
    return rc != REF_OK ? rc : v == 1 ? REF_OK : REF_NOT_FOUND;
}

/* Collects the stream entry ids of an XREADGROUP reply into `pending`. */
static void collect_entries(const redisReply *r, json_t *pending)
{
    /* [[stream, [[id, [field, value…]], …]]] */
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 1)
        return;
    const redisReply *st = r->element[0];
    if (st->type != REDIS_REPLY_ARRAY || st->elements < 2 ||
        st->element[1]->type != REDIS_REPLY_ARRAY)
        return;
    const redisReply *entries = st->element[1];
    for (size_t i = 0; i < entries->elements; i++) {
        const redisReply *e = entries->element[i];
        if (e->type == REDIS_REPLY_ARRAY && e->elements >= 1 &&
            e->element[0]->type == REDIS_REPLY_STRING)
            json_object_set_new(pending, e->element[0]->str, json_true());
    }
}

json_t *referral_list(struct store *s, const char *network, size_t limit, enum ref_rc *rc)
{
    char inbox[KEY_MAX], refs[KEY_MAX], stop[24];
    snprintf(inbox, sizeof(inbox), "zt:net:%s:inbox", network);
    snprintf(refs, sizeof(refs), "zt:net:%s:refs", network);
    snprintf(stop, sizeof(stop), "%zu", limit > 0 ? limit - 1 : 0);
    /* '>' hands new entries to the group (they stay pending until acknowledged),
     * '0' lists everything still pending: together, every unacknowledged referral */
    const char *readnew[] = {"XREADGROUP", "GROUP",   "network", "web", "COUNT",
                             "100000",     "STREAMS", inbox,     ">"};
    const char *readpending[] = {"XREADGROUP", "GROUP",   "network", "web", "COUNT",
                                 "100000",     "STREAMS", inbox,     "0"};
    const char *range[] = {"ZREVRANGE", refs, "0", stop};
    *rc = REF_UNAVAILABLE;
    if (store_append(s, 9, readnew, NULL) < 0 || store_append(s, 9, readpending, NULL) < 0 ||
        store_append(s, 4, range, NULL) < 0)
        return NULL;
    redisReply *r1 = store_reply(s), *r2 = r1 ? store_reply(s) : NULL,
               *r3 = r2 ? store_reply(s) : NULL;
    json_t *pending = json_object(), *out = NULL;
    if (r3 == NULL)
        goto done;
    collect_entries(r2, pending); /* an error reply (NOGROUP: no referral yet) lists nothing */
    *rc = REF_ERROR;
    if (r3->type != REDIS_REPLY_ARRAY)
        goto done;
    for (size_t i = 0; i < r3->elements; i++) {
        char key[KEY_MAX];
        snprintf(key, sizeof(key), "zt:ref:%s", r3->element[i]->str);
        const char *argv[] = {"HGETALL", key};
        if (store_append(s, 2, argv, NULL) < 0) {
            *rc = REF_UNAVAILABLE;
            goto done;
        }
    }
    out = json_array();
    for (size_t i = 0; i < r3->elements; i++) {
        redisReply *h = store_reply(s);
        if (h == NULL) {
            json_decref(out);
            out = NULL;
            *rc = REF_UNAVAILABLE;
            goto done;
        }
        if (h->type == REDIS_REPLY_ARRAY && h->elements > 0) {
            json_t *o = hash_json(h);
            const char *entry = json_string_value(json_object_get(o, "entry"));
            json_object_set_new(
                o, "acknowledged",
                json_boolean(entry == NULL || json_object_get(pending, entry) == NULL));
            json_array_append_new(out, o);
        }
        freeReplyObject(h);
    }
    *rc = REF_OK;
done:
    if (r1)
        freeReplyObject(r1);
    if (r2)
        freeReplyObject(r2);
    if (r3)
        freeReplyObject(r3);
    json_decref(pending);
    return out;
}

json_t *referral_due(struct store *s, int64_t now, size_t max, enum ref_rc *rc)
{
    char nows[24], maxs[24];
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(maxs, sizeof(maxs), "%zu", max);
    const char *argv[] = {"ZRANGEBYSCORE", "zt:retention", "-inf", nows, "LIMIT", "0", maxs};
    redisReply *r = store_cmd(s, 7, argv, NULL);
    if (r == NULL) {
        *rc = REF_UNAVAILABLE;
        return NULL;
    }
    json_t *out = NULL;
    *rc = REF_ERROR;
    if (r->type == REDIS_REPLY_ARRAY) {
        out = json_array();
        for (size_t i = 0; i < r->elements; i++)
            if (r->element[i]->type == REDIS_REPLY_STRING)
                json_array_append_new(out, json_string(r->element[i]->str));
        *rc = REF_OK;
    }
    freeReplyObject(r);
    return out;
}

/* ---------- slots ---------- */

enum ref_rc slot_create(struct store *s, struct slot *sl)
{
    char key[KEY_MAX], zkey[KEY_MAX], start[24], tz[12], minutes[12], cap[12];
    if (token_new(sl->id) < 0)
        return REF_ERROR;
    snprintf(key, sizeof(key), "zt:slot:%s", sl->id);
    snprintf(zkey, sizeof(zkey), "zt:net:%s:slots", sl->network);
    snprintf(start, sizeof(start), "%lld", (long long)sl->start);
    snprintf(tz, sizeof(tz), "%d", sl->tz_min);
    snprintf(minutes, sizeof(minutes), "%d", sl->minutes);
    snprintf(cap, sizeof(cap), "%d", sl->capacity);
    const char *argv[] = {key,     zkey,      sl->id,     start, "network", sl->network,
                          "start", start,     "tz",       tz,    "minutes", minutes,
                          "place", sl->place, "capacity", cap,   "booked",  "0"};
    long long v = 0;
    enum ref_rc rc = int_reply(store_eval(s, &slot_create_script, 2, 18, argv, NULL), &v);
    sl->booked = 0;
    return rc != REF_OK ? rc : v == 1 ? REF_OK : REF_ERROR;
}

static int slot_from_reply(const redisReply *r, const char *id, struct slot *sl)
{
    memset(sl, 0, sizeof(*sl));
    snprintf(sl->id, sizeof(sl->id), "%s", id);
    int have = 0;
    for (size_t i = 0; i + 1 < r->elements; i += 2) {
        const char *f = r->element[i]->str, *v = r->element[i + 1]->str;
        if (f == NULL || v == NULL)
            continue;
        if (strcmp(f, "network") == 0) {
            snprintf(sl->network, sizeof(sl->network), "%s", v);
            have++;
        } else if (strcmp(f, "start") == 0)
            sl->start = strtoll(v, NULL, 10);
        else if (strcmp(f, "tz") == 0)
            sl->tz_min = atoi(v);
        else if (strcmp(f, "minutes") == 0)
            sl->minutes = atoi(v);
        else if (strcmp(f, "place") == 0)
            snprintf(sl->place, sizeof(sl->place), "%s", v);
        else if (strcmp(f, "capacity") == 0)
            sl->capacity = atoi(v);
        else if (strcmp(f, "booked") == 0)
            sl->booked = atoi(v);
    }
    return have ? 0 : -1;
}

enum ref_rc slot_get(struct store *s, const char *id, struct slot *out)
{
    char key[KEY_MAX];
    snprintf(key, sizeof(key), "zt:slot:%s", id);
    const char *argv[] = {"HGETALL", key};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL)
        return REF_UNAVAILABLE;
    enum ref_rc rc = REF_NOT_FOUND;
    if (r->type == REDIS_REPLY_ARRAY && r->elements > 0 && slot_from_reply(r, id, out) == 0)
        rc = REF_OK;
    freeReplyObject(r);
    return rc;
}

enum ref_rc slot_delete(struct store *s, const char *network, const char *id)
{
    char key[KEY_MAX], zkey[KEY_MAX];
    snprintf(key, sizeof(key), "zt:slot:%s", id);
    snprintf(zkey, sizeof(zkey), "zt:net:%s:slots", network);
    const char *argv[] = {key, zkey, id, network};
    long long v = 0;
    enum ref_rc rc = int_reply(store_eval(s, &slot_delete_script, 2, 4, argv, NULL), &v);
    if (rc != REF_OK)
        return rc;
    return v == 1 ? REF_OK : v == -1 ? REF_SLOT_BOOKED : REF_NOT_FOUND;
}

struct slot *slot_list(struct store *s, const char *network, int64_t from, size_t *n,
                       enum ref_rc *rc)
{
    char zkey[KEY_MAX], froms[24];
    snprintf(zkey, sizeof(zkey), "zt:net:%s:slots", network);
    snprintf(froms, sizeof(froms), "%lld", (long long)from);
    const char *argv[] = {"ZRANGEBYSCORE", zkey, froms, "+inf", "LIMIT", "0", "500"};
    *n = 0;
    redisReply *ids = store_cmd(s, 7, argv, NULL);
    if (ids == NULL) {
        *rc = REF_UNAVAILABLE;
        return NULL;
    }
    struct slot *out = NULL;
    *rc = REF_ERROR;
    if (ids->type != REDIS_REPLY_ARRAY)
        goto done;
    out = calloc(ids->elements + 1, sizeof(*out));
    if (out == NULL)
        goto done;
    for (size_t i = 0; i < ids->elements; i++) {
        char key[KEY_MAX];
        snprintf(key, sizeof(key), "zt:slot:%s", ids->element[i]->str);
        const char *hv[] = {"HGETALL", key};
        if (store_append(s, 2, hv, NULL) < 0) {
            *rc = REF_UNAVAILABLE;
            free(out);
            out = NULL;
            goto done;
        }
    }
    for (size_t i = 0; i < ids->elements; i++) {
        redisReply *h = store_reply(s);
        if (h == NULL) {
            *rc = REF_UNAVAILABLE;
            free(out);
            out = NULL;
            goto done;
        }
        if (h->type == REDIS_REPLY_ARRAY && h->elements > 0 &&
            slot_from_reply(h, ids->element[i]->str, &out[*n]) == 0)
            (*n)++;
        freeReplyObject(h);
    }
    *rc = REF_OK;
done:
    freeReplyObject(ids);
    return out;
}

json_t *slot_json(const struct slot *sl, bool full)
{
    char start[40];
    format_datetime(sl->start, sl->tz_min, start, sizeof(start));
    int remaining = sl->capacity - sl->booked;
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:s, s:i}", "id", sl->id, "start", start, "minutes", sl->minutes,
                  "place", sl->place, "remaining", remaining > 0 ? remaining : 0);
    if (o != NULL && full) {
        json_object_set_new(o, "capacity", json_integer(sl->capacity));
        json_object_set_new(o, "booked", json_integer(sl->booked));
    }
    return o;
}
