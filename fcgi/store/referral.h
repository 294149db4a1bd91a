/*
 * referral.h — referrals in the durable Redis (AOF with appendfsync
 * always: a 201 is on disk before it is sent).  The keys are listed in
 * store/zelftest.lua; every write is one function there, atomic and
 * all-or-nothing.
 */
#ifndef ZT_REFERRAL_H
#define ZT_REFERRAL_H

#include "domain/token.h"
#include "store/outbox.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The dashboard's list: at most this many referrals (newest first). */
#define REFERRAL_LIST_MAX 10000
/* Inbox entries read per XREADGROUP when listing. */
#define REFERRAL_INBOX_READ_MAX 100000
/* A withdrawn referral's tombstone (no personal data) is kept this long. */
#define TOMBSTONE_DAYS 30

/* The fields of a new referral (all validated by the caller). */
struct referral_in {
    const char *network;
    const char *company, *contact_name, *email, *phone, *postcode;
    const char *slot; /* slot id or "" */
    const char *scan; /* scan type id, or "" (the national fallback has none) */
    const char *consent_version;
    const char *agreement_version; /* of the scan type's agreement, or "" */
    const char *reason;            /* why this network (routing_reason_name) */
    bool share_answers;
    bool retest;          /* invite to a re-test after the outcome */
    const char *summary;  /* JSON text of the shared result, or "" */
    const char *campaign; /* the session's campaign id, or "" */
    /* for the anonymous outcome statistics only (never shown unless the answers are
     * shared): the groups (sector and size option ids, province code) and the
     * self-test's level per principle, one letter each (l, m, h) */
    const char *g_sector, *g_size, *g_province, *self_levels;
    const char *self_scores; /* the self-test's score per principle, comma-separated */
    const char *lang;
    const char *session_hash; /* hex sha256 of the session token */
    const char *fingerprint;  /* hex sha256 of the request's fields */
    int64_t now, erase_at;
};

/*
 * The withdrawal key of a referral, derived from the session's token: the
 * respondent (who holds the token) can always be shown it again, while
 * Redis and its backups hold only its hash.
 */
void referral_withdraw_key(const char *session_token, const char *id, char key[TOKEN_LEN + 1]);

/*
 * Creates the referral and books its slot in one atomic step; `id` is the
 * new referral's id (made by the caller, see referral_withdraw_key).  On
 * STORE_EXISTS `id` is overwritten with the existing referral's (compare
 * fingerprints with referral_get).
 */
enum store_err referral_create(struct store *s, const struct referral_in *in,
                               char id[TOKEN_LEN + 1], const char withdraw_key[TOKEN_LEN + 1],
                               const struct mail_rec *mails, size_t nmails);

/* A new referral id. */
void referral_new_id(char id[TOKEN_LEN + 1]);

/* The referral's fields as a JSON object of strings (caller owns), or NULL with *rc set. */
json_t *referral_get(struct store *s, const char *id, enum store_err *rc);

/* Its history, oldest first: objects of at (UNIX time), by, status?, text?  NULL with *rc set. */
json_t *referral_history(struct store *s, const char *id, enum store_err *rc);

/* The referral id of a session (by the hex SHA-256 of its token), or STORE_NOT_FOUND. */
enum store_err referral_by_session(struct store *s, const char *session_hash,
                                   char id[TOKEN_LEN + 1]);

/* The referral id for a withdrawal key, or STORE_NOT_FOUND. */
enum store_err referral_by_withdraw_key(struct store *s, const char *key, char id[TOKEN_LEN + 1]);

/*
 * Erases a referral and everything that points to it (its waiting mail
 * too), frees its slot, and queues `mails` (the respondent's confirmation;
 * the network's notice only when the network knew of the referral).
 * `network` limits it to that network's referrals (NULL: any).  With
 * `tomb_until` > 0 a tombstone stays until then (a withdrawal: the network
 * sees that it was withdrawn and when, nothing personal).
 */
enum store_err referral_erase(struct store *s, const char *id, const char *network, int64_t now,
                              int64_t tomb_until, const struct mail_rec *mails, size_t nmails);

/*
 * Moves the referral's booking to `slot`, or cancels it (`slot` ""), when
 * its sequence is still `seq` (else STORE_CONFLICT: read it again), with
 * the mails that tell about it (its waiting reminder is dropped).  Sets
 * *new_seq.  STORE_UNCHANGED: already on that slot (or none to cancel).
 */
enum store_err referral_booking_change(struct store *s, const char *id, const char *network,
                                       const char *slot, int seq, int64_t now,
                                       const struct mail_rec *mails, size_t nmails, int *new_seq);

/*
 * Sets status ("" keeps it) and adds a note ("" none) by `author` (a label,
 * may be ""), each an entry of the referral's history; acknowledges the
 * inbox entry, moves the erasure date.  STORE_WITHDRAWN for a tombstone.  Returns the referral as
 * set (a JSON object of strings, caller owns; read in the same atomic step, so a sweep cannot come
 * between), or NULL with *rc set (STORE_NOT_FOUND: not this network's).
 */
json_t *referral_set_status(struct store *s, const char *id, const char *network,
                            const char *status, const char *note, const char *author, int64_t now,
                            int64_t done_secs, int64_t max_secs, enum store_err *rc);

/*
 * A network's referrals, newest first (at most `limit`), each as a JSON
 * object of its fields plus "acknowledged": unacknowledged ones are those
 * still pending in the network's stream.  Returns a new array or NULL.
 */
json_t *referral_list(struct store *s, const char *network, size_t limit, enum store_err *rc);

/*
 * The exact counts behind a list that may be cut at its limit: every
 * referral the network holds (tombstones included) and those not yet
 * acknowledged (pending in the inbox stream's group).
 */
enum store_err referral_counts(struct store *s, const char *network, long long *total,
                               long long *unacknowledged);

#define REFERRAL_SWEEP_BATCH_MAX 1000

/*
 * Erases up to `batch` (at most REFERRAL_SWEEP_BATCH_MAX) referrals whose
 * erasure time has come (one atomic step) and writes their ids to the
 * erasure log (store/erased.h).  *taken is how many were due in this batch
 * (fewer than `batch`: nothing more is due), *erased how many of those
 * still existed.
 */
enum store_err referral_sweep(struct store *s, int64_t now, size_t batch, long *taken,
                              long *erased);

#endif
