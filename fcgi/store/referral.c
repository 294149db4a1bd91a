/*
 * referral.c — see referral.h.
 */
#include "store/referral.h"

#include "store/erased.h"
#include "store/outbox.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REF_KEY_MAX 160
#define WITHDRAW_CONTEXT "zelftest withdrawal key of referral "

void referral_new_id(char id[TOKEN_LEN + 1])
{
    secure_token(id);
}

void referral_withdraw_key(const char *session_token, const char *id, char key[TOKEN_LEN + 1])
{
    char msg[sizeof(WITHDRAW_CONTEXT) + TOKEN_LEN];
    uint8_t raw[TOKEN_BYTES];
    snprintf(msg, sizeof(msg), "%s%s", WITHDRAW_CONTEXT, id);
    secure_derive(session_token, strlen(session_token), msg, raw, sizeof(raw));
    secure_token_of(raw, key);
}

enum store_err referral_create(struct store *s, const struct referral_in *in,
                               char id[TOKEN_LEN + 1], const char withdraw_key[TOKEN_LEN + 1],
                               const struct mail_rec *mails, size_t nmails)
{
    char k_sref[REF_KEY_MAX], k_ref[REF_KEY_MAX], k_slot[REF_KEY_MAX], k_inbox[REF_KEY_MAX],
        k_refs[REF_KEY_MAX], k_wd[REF_KEY_MAX], now[24], erase[24], wdh[SECURE_SHA256_HEX];
    secure_sha256_hex(withdraw_key, strlen(withdraw_key), wdh);
    snprintf(k_sref, sizeof(k_sref), "zt:sref:%s", in->session_hash);
    snprintf(k_ref, sizeof(k_ref), "zt:ref:%s", id);
    snprintf(k_slot, sizeof(k_slot), "zt:slot:%s", in->slot[0] ? in->slot : "-");
    snprintf(k_inbox, sizeof(k_inbox), "zt:net:%s:inbox", in->network);
    snprintf(k_refs, sizeof(k_refs), "zt:net:%s:refs", in->network);
    snprintf(k_wd, sizeof(k_wd), "zt:wd:%s", wdh);
    snprintf(now, sizeof(now), "%lld", (long long)in->now);
    snprintf(erase, sizeof(erase), "%lld", (long long)in->erase_at);
    const char *fields[] = {
        "id",
        id,
        "network",
        in->network,
        "status",
        "new",
        "created",
        now,
        "updated",
        now,
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
        "scan",
        in->scan,
        "consent",
        "1",
        "consent_version",
        in->consent_version,
        "agreement_version",
        in->agreement_version,
        "reason",
        in->reason,
        "seq",
        "0",
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
        "wdh",
        wdh,
        "note",
        "",
        "campaign",
        in->campaign,
        "g_sector",
        in->g_sector,
        "g_size",
        in->g_size,
        "g_province",
        in->g_province,
        "self",
        in->self_levels,
        "self_scores",
        in->self_scores,
        "retest",
        in->retest ? "1" : "0",
    };
    enum { NFIELDS = sizeof(fields) / sizeof(fields[0]), HEAD = 13 };
    const char *argv[HEAD + NFIELDS + 5 * OUTBOX_MAX_MAILS];
    size_t lens[HEAD + NFIELDS + 5 * OUTBOX_MAX_MAILS];
    char nf[12], dues[OUTBOX_MAX_MAILS][24];
    snprintf(nf, sizeof(nf), "%d", (int)NFIELDS);
    const char *head[HEAD] = {k_sref,         k_ref,       k_slot, k_inbox,  k_refs,
                              "zt:retention", k_wd,        id,     in->slot, now,
                              erase,          in->network, nf};
    int argc = 0;
    for (int i = 0; i < HEAD; i++) {
        argv[argc] = head[i];
        lens[argc++] = strlen(head[i]);
    }
    for (int i = 0; i < NFIELDS; i++) {
        argv[argc] = fields[i];
        lens[argc++] = strlen(fields[i]);
    }
    outbox_args(mails, nmails < OUTBOX_MAX_MAILS ? nmails : OUTBOX_MAX_MAILS, argv, lens, &argc,
                dues);
    redisReply *r = store_fcall(s, "zt_referral_create", 7, argc, argv, lens);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (store_elem_is_str(r, 0)) {
        const char *tag = r->element[0]->str;
        if (strcmp(tag, "created") == 0)
            rc = STORE_OK;
        else if (strcmp(tag, "full") == 0)
            rc = STORE_SLOT_FULL;
        else if (strcmp(tag, "gone") == 0)
            rc = STORE_SLOT_GONE;
        else if (strcmp(tag, "exists") == 0 && r->elements == 2 && store_elem_is_str(r, 1) &&
                 r->element[1]->len == TOKEN_LEN) {
            store_copy_str(r->element[1], id, TOKEN_LEN + 1);
            rc = STORE_EXISTS;
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

json_t *referral_get(struct store *s, const char *id, enum store_err *rc)
{
    char key[REF_KEY_MAX];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    const char *argv[] = {"HGETALL", key};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL) {
        *rc = STORE_UNAVAILABLE;
        return NULL;
    }
    json_t *o = NULL;
    *rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_ARRAY) {
        *rc = r->elements == 0 ? STORE_NOT_FOUND : STORE_OK;
        if (r->elements > 0 && (o = hash_json(r)) == NULL)
            *rc = STORE_ERROR;
    }
    freeReplyObject(r);
    return o;
}

json_t *referral_history(struct store *s, const char *id, enum store_err *rc)
{
    char key[REF_KEY_MAX];
    snprintf(key, sizeof(key), "zt:refnotes:%s", id);
    const char *argv[] = {"LRANGE", key, "0", "-1"};
    redisReply *r = store_cmd(s, 4, argv, NULL);
    if (r == NULL) {
        *rc = STORE_UNAVAILABLE;
        return NULL;
    }
    json_t *out = NULL;
    *rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_ARRAY) {
        out = json_array();
        for (size_t i = 0; i < r->elements; i++) {
            if (!store_elem_is_str(r, i))
                continue;
            json_t *e = json_loadb(r->element[i]->str, r->element[i]->len, 0, NULL);
            if (json_is_object(e))
                json_array_append_new(out, e);
            else
                json_decref(e);
        }
        *rc = STORE_OK;
    }
    freeReplyObject(r);
    return out;
}

/* The id a pointer key (zt:sref:…, zt:wd:…) holds. */
static enum store_err id_at(struct store *s, const char *k, char id[TOKEN_LEN + 1])
{
    const char *argv[] = {"GET", k};
    redisReply *r = store_cmd(s, 2, argv, NULL);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_NOT_FOUND;
    if (r->type == REDIS_REPLY_STRING && r->len == TOKEN_LEN) {
        store_copy_str(r, id, TOKEN_LEN + 1);
        rc = STORE_OK;
    } else if (r->type != REDIS_REPLY_NIL)
        rc = STORE_ERROR;
    freeReplyObject(r);
    return rc;
}

enum store_err referral_by_withdraw_key(struct store *s, const char *key, char id[TOKEN_LEN + 1])
{
    char hex[SECURE_SHA256_HEX], k[REF_KEY_MAX];
    secure_sha256_hex(key, strlen(key), hex);
    snprintf(k, sizeof(k), "zt:wd:%s", hex);
    return id_at(s, k, id);
}

enum store_err referral_by_session(struct store *s, const char *session_hash,
                                   char id[TOKEN_LEN + 1])
{
    char k[REF_KEY_MAX];
    snprintf(k, sizeof(k), "zt:sref:%s", session_hash);
    return id_at(s, k, id);
}

enum store_err referral_erase(struct store *s, const char *id, const char *network, int64_t now,
                              int64_t tomb_until, const struct mail_rec *mails, size_t nmails)
{
    char key[REF_KEY_MAX], nows[24], tombs[24] = "", dues[OUTBOX_MAX_MAILS][24];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    if (tomb_until > 0)
        snprintf(tombs, sizeof(tombs), "%lld", (long long)tomb_until);
    const char *argv[5 + 5 * OUTBOX_MAX_MAILS] = {key, id, network != NULL ? network : "", nows,
                                                  tombs};
    size_t lens[5 + 5 * OUTBOX_MAX_MAILS];
    for (int i = 0; i < 5; i++)
        lens[i] = strlen(argv[i]);
    int argc = 5;
    outbox_args(mails, nmails < OUTBOX_MAX_MAILS ? nmails : OUTBOX_MAX_MAILS, argv, lens, &argc,
                dues);
    long long v = 0;
    enum store_err rc =
        store_int_reply(store_fcall(s, "zt_referral_erase", 1, argc, argv, lens), &v);
    if (rc == STORE_OK && v == 1)
        erased_record(id, network != NULL ? ERASED_NETWORK : ERASED_WITHDRAWAL, now);
    return rc != STORE_OK ? rc : v == 1 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err referral_booking_change(struct store *s, const char *id, const char *network,
                                       const char *slot, int seq, int64_t now,
                                       const struct mail_rec *mails, size_t nmails, int *new_seq)
{
    char key[REF_KEY_MAX], nows[24], seqs[24], dues[OUTBOX_MAX_MAILS][24];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(seqs, sizeof(seqs), "%d", seq);
    const char *argv[6 + 5 * OUTBOX_MAX_MAILS] = {key, id, network, slot, seqs, nows};
    size_t lens[6 + 5 * OUTBOX_MAX_MAILS];
    for (int i = 0; i < 6; i++)
        lens[i] = strlen(argv[i]);
    int argc = 6;
    outbox_args(mails, nmails < OUTBOX_MAX_MAILS ? nmails : OUTBOX_MAX_MAILS, argv, lens, &argc,
                dues);
    redisReply *r = store_fcall(s, "zt_booking_change", 1, argc, argv, lens);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (store_elem_is_str(r, 0)) {
        const char *tag = r->element[0]->str;
        if (strcmp(tag, "ok") == 0 && store_elem_is_str(r, 1)) {
            *new_seq = (int)strtol(r->element[1]->str, NULL, 10);
            rc = STORE_OK;
        } else if (strcmp(tag, "none") == 0)
            rc = STORE_NOT_FOUND;
        else if (strcmp(tag, "withdrawn") == 0)
            rc = STORE_WITHDRAWN;
        else if (strcmp(tag, "conflict") == 0)
            rc = STORE_CONFLICT;
        else if (strcmp(tag, "same") == 0 || strcmp(tag, "noslot") == 0)
            rc = STORE_UNCHANGED;
        else if (strcmp(tag, "gone") == 0)
            rc = STORE_SLOT_GONE;
        else if (strcmp(tag, "full") == 0)
            rc = STORE_SLOT_FULL;
    }
    freeReplyObject(r);
    return rc;
}

json_t *referral_set_status(struct store *s, const char *id, const char *network,
                            const char *status, const char *note, const char *author, int64_t now,
                            int64_t done_secs, int64_t max_secs, enum store_err *rc)
{
    char key[REF_KEY_MAX], nows[24], dones[24], maxs[24];
    snprintf(key, sizeof(key), "zt:ref:%s", id);
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(dones, sizeof(dones), "%lld", (long long)done_secs);
    snprintf(maxs, sizeof(maxs), "%lld", (long long)max_secs);
    const char *argv[] = {key, id, network, status, note, nows, dones, maxs, author};
    redisReply *r = store_fcall(s, "zt_referral_status", 1, 9, argv, NULL);
    if (r == NULL) {
        *rc = STORE_UNAVAILABLE;
        return NULL;
    }
    json_t *o = NULL;
    *rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_INTEGER && r->integer == 0)
        *rc = STORE_NOT_FOUND;
    else if (r->type == REDIS_REPLY_INTEGER && r->integer == -1)
        *rc = STORE_WITHDRAWN;
    else if (r->type == REDIS_REPLY_ARRAY && r->elements > 0 && (o = hash_json(r)) != NULL)
        *rc = STORE_OK;
    freeReplyObject(r);
    return o;
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
    for (size_t i = 0; i < entries->elements; i++)
        if (store_elem_is_str(entries->element[i], 0))
            json_object_set_new(pending, entries->element[i]->element[0]->str, json_true());
}

json_t *referral_list(struct store *s, const char *network, size_t limit, enum store_err *rc)
{
    char inbox[REF_KEY_MAX], refs[REF_KEY_MAX], stop[24], count[24];
    snprintf(inbox, sizeof(inbox), "zt:net:%s:inbox", network);
    snprintf(refs, sizeof(refs), "zt:net:%s:refs", network);
    snprintf(stop, sizeof(stop), "%zu", limit > 0 ? limit - 1 : 0);
    snprintf(count, sizeof(count), "%d", REFERRAL_INBOX_READ_MAX);
    /* '>' hands new entries to the group (they stay pending until acknowledged),
     * '0' lists everything still pending: together, every unacknowledged referral */
    const char *readnew[] = {"XREADGROUP", "GROUP",   "network", "web", "COUNT",
                             count,        "STREAMS", inbox,     ">"};
    const char *readpending[] = {"XREADGROUP", "GROUP",   "network", "web", "COUNT",
                                 count,        "STREAMS", inbox,     "0"};
    const char *range[] = {"ZREVRANGE", refs, "0", stop};
    *rc = STORE_UNAVAILABLE;
    if (store_append(s, 9, readnew, NULL) < 0 || store_append(s, 9, readpending, NULL) < 0 ||
        store_append(s, 4, range, NULL) < 0)
        return NULL;
    redisReply *r1 = store_reply(s), *r2 = r1 ? store_reply(s) : NULL,
               *r3 = r2 ? store_reply(s) : NULL;
    json_t *pending = json_object(), *out = NULL;
    if (r3 == NULL)
        goto done;
    collect_entries(r2, pending); /* an error reply (NOGROUP: no referral yet) lists nothing */
    *rc = STORE_ERROR;
    if (r3->type != REDIS_REPLY_ARRAY)
        goto done;
    size_t asked = 0;
    for (size_t i = 0; i < r3->elements; i++) {
        if (r3->element[i]->type != REDIS_REPLY_STRING)
            continue;
        char key[REF_KEY_MAX];
        snprintf(key, sizeof(key), "zt:ref:%s", r3->element[i]->str);
        const char *argv[] = {"HGETALL", key};
        if (store_append(s, 2, argv, NULL) < 0) {
            *rc = STORE_UNAVAILABLE;
            goto done;
        }
        asked++;
    }
    out = json_array();
    for (size_t i = 0; i < asked; i++) {
        redisReply *h = store_reply(s);
        if (h == NULL) {
            json_decref(out);
            out = NULL;
            *rc = STORE_UNAVAILABLE;
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
    *rc = STORE_OK;
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

enum store_err referral_counts(struct store *s, const char *network, long long *total,
                               long long *unacknowledged)
{
    char inbox[REF_KEY_MAX], refs[REF_KEY_MAX];
    snprintf(inbox, sizeof(inbox), "zt:net:%s:inbox", network);
    snprintf(refs, sizeof(refs), "zt:net:%s:refs", network);
    const char *card[] = {"ZCARD", refs};
    const char *pending[] = {"XPENDING", inbox, "network"};
    if (store_append(s, 2, card, NULL) < 0 || store_append(s, 3, pending, NULL) < 0)
        return STORE_UNAVAILABLE;
    redisReply *r1 = store_reply(s), *r2 = r1 ? store_reply(s) : NULL;
    enum store_err rc = STORE_UNAVAILABLE;
    if (r2 == NULL)
        goto done;
    rc = STORE_ERROR;
    if (r1->type != REDIS_REPLY_INTEGER)
        goto done;
    *total = r1->integer;
    /* [count, first id, last id, consumers]; NOGROUP before the first referral: none */
    if (r2->type == REDIS_REPLY_ERROR)
        *unacknowledged = 0;
    else if (store_elem_is_int(r2, 0))
        *unacknowledged = r2->element[0]->integer;
    else
        goto done;
    rc = STORE_OK;
done:
    if (r1)
        freeReplyObject(r1);
    if (r2)
        freeReplyObject(r2);
    return rc;
}

enum store_err referral_sweep(struct store *s, int64_t now, size_t batch, long *taken, long *erased)
{
    char nows[24], batchs[24];
    if (batch > REFERRAL_SWEEP_BATCH_MAX)
        batch = REFERRAL_SWEEP_BATCH_MAX;
    snprintf(nows, sizeof(nows), "%lld", (long long)now);
    snprintf(batchs, sizeof(batchs), "%zu", batch);
    const char *argv[] = {"zt:retention", nows, batchs, "ids"};
    redisReply *r = store_fcall(s, "zt_retention_sweep", 1, 4, argv, NULL);
    if (r == NULL)
        return STORE_UNAVAILABLE;
    enum store_err rc = STORE_ERROR;
    if (r->type == REDIS_REPLY_ARRAY && r->elements >= 2 && store_elem_is_int(r, 0) &&
        store_elem_is_int(r, 1) && r->elements == 2 + (size_t)r->element[1]->integer) {
        *taken = (long)r->element[0]->integer;
        *erased = (long)r->element[1]->integer;
        /* one write and one flush for the whole batch */
        const char *ids[REFERRAL_SWEEP_BATCH_MAX];
        size_t n = 0;
        for (size_t i = 2; i < r->elements && n < REFERRAL_SWEEP_BATCH_MAX; i++)
            if (store_elem_is_str(r, i))
                ids[n++] = r->element[i]->str;
        erased_record_many(ids, n, ERASED_RETENTION, now);
        rc = STORE_OK;
    }
    freeReplyObject(r);
    return rc;
}
