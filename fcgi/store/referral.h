/*
 * referral.h — referrals and scan slots in the durable Redis (AOF with
 * appendfsync always: a 201 is on disk before it is sent).
 *
 * Keys (all under zt:):
 *   ref:<id>            hash: the referral, the only place personal data lives
 *   sref:<sha256(session token)>  → referral id (one referral per session; idempotency)
 *   wd:<sha256(withdraw key)>     → referral id
 *   net:<network>:refs  zset of referral ids by creation time
 *   net:<network>:inbox stream, one entry per referral, read through the consumer
 *                       group "network": unacknowledged until its status is set
 *   net:<network>:slots zset of slot ids by start time
 *   slot:<id>           hash: network, start, tz, minutes, place, capacity, booked
 *   retention           zset of referral ids by the time they must be erased
 * Every write is one Lua script, so it is atomic and all-or-nothing.
 */
#ifndef ZT_REFERRAL_H
#define ZT_REFERRAL_H

#include "store/store.h"
#include "domain/token.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define SLOT_PLACE_MAX 200

enum ref_rc {
    REF_OK = 0,
    REF_NOT_FOUND,
    REF_UNAVAILABLE,
    REF_EXISTS, /* this session already has a referral */
    REF_SLOT_FULL,
    REF_SLOT_GONE,   /* no such slot, another network's, or in the past */
    REF_SLOT_BOOKED, /* a booked slot cannot be deleted */
    REF_ERROR,
};

struct slot {
    char id[TOKEN_LEN + 1];
    char network[65];
    int64_t start;
    int tz_min; /* the offset the start was given in, for showing it back */
    int minutes;
    char place[SLOT_PLACE_MAX + 1];
    int capacity, booked;
};

/* The fields of a new referral (all validated by the caller). */
struct referral_in {
    const char *network;
    const char *company, *contact_name, *email, *phone, *postcode;
    const char *slot; /* slot id or "" */
    const char *consent_version;
    bool share_answers;
    const char *summary; /* JSON text of the shared result, or "" */
    const char *lang;
    const char *session_hash; /* hex sha256 of the session token */
    const char *fingerprint;  /* hex sha256 of the request's fields */
    int64_t now, erase_at;
};

void referral_scripts_init(void);

/*
 * Creates the referral and books its slot in one atomic step.  On REF_OK
 * `id` and `withdraw_key` hold the new referral's; on REF_EXISTS `id`
 * holds the existing one (compare fingerprints with referral_get).
 */
enum ref_rc referral_create(struct store *s, const struct referral_in *in, char id[TOKEN_LEN + 1],
                            char withdraw_key[TOKEN_LEN + 1]);

/* The referral's fields as a JSON object of strings (caller owns), or NULL with *rc set. */
json_t *referral_get(struct store *s, const char *id, enum ref_rc *rc);

/* The referral id for a withdrawal key, or REF_NOT_FOUND. */
enum ref_rc referral_by_withdraw_key(struct store *s, const char *key, char id[TOKEN_LEN + 1]);

/*
 * Erases a referral and everything that points to it, and frees its slot.
 * `network` limits it to that network's referrals (NULL: any).
 */
enum ref_rc referral_erase(struct store *s, const char *id, const char *network);

/* Sets status and note, acknowledges the stream entry, moves the erasure date. */
enum ref_rc referral_set_status(struct store *s, const char *id, const char *network,
                                const char *status, const char *note, int64_t now,
                                int64_t done_secs, int64_t max_secs);

/*
 * A network's referrals, newest first (at most `limit`), each as a JSON
 * object of its fields plus "acknowledged": unacknowledged ones are those
 * still pending in the network's stream.  Returns a new array or NULL.
 */
json_t *referral_list(struct store *s, const char *network, size_t limit, enum ref_rc *rc);

/* Referral ids whose erasure time has come (at most `max`), as a new array, or NULL. */
json_t *referral_due(struct store *s, int64_t now, size_t max, enum ref_rc *rc);

/* ---- slots ---- */

enum ref_rc slot_create(struct store *s, struct slot *sl); /* fills sl->id */
enum ref_rc slot_get(struct store *s, const char *id, struct slot *out);
enum ref_rc slot_delete(struct store *s, const char *network, const char *id);

/*
 * A network's slots ordered by start; `from` limits to those starting at or
 * after it.  Returns a malloc'd array (caller frees) and its length.
 */
struct slot *slot_list(struct store *s, const char *network, int64_t from, size_t *n,
                       enum ref_rc *rc);

/* {"id","start","minutes","place","remaining"} (+ capacity and booked when `full`). */
json_t *slot_json(const struct slot *sl, bool full);

#endif
