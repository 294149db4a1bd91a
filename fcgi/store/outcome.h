/*
 * outcome.h — a scan's outcome in the durable Redis: recorded with its
 * referral and counted in the anonymous outcome statistics in the same
 * function (zt_outcome in store/zelftest.lua); the counters read back per
 * group and ISO week.  The counters hold counts only: never an id, a name
 * or an address.
 *
 *   zt:so:<by>:<group>:<week>  hash: n, <principle>:<level>, f:<finding>,
 *                              c:<principle>:<self-test level>:<observed level>
 *   zt:retest:<key>            a re-test's baseline: the self-test's scores and groups
 */
#ifndef ZT_OUTCOME_H
#define ZT_OUTCOME_H

#include "domain/qn.h"
#include "store/outbox.h"
#include "store/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define OUTCOME_FINDINGS_MAX 100
/* A re-test invitation stays usable this long after it is sent. */
#define RETEST_VALID_DAYS 60

struct outcome_in {
    const char *id, *network;
    const char *principle[QN_PRINCIPLES]; /* ids, in the questionnaire's order */
    const char *level[QN_PRINCIPLES];     /* ok, attention, urgent */
    const char *const *findings;
    size_t nfindings;
    const char *json;       /* the outcome as stored with the referral */
    const char *week;       /* ISO week it counts in */
    const char *retest_key; /* a fresh key for the re-test, or "" */
    long retest_ttl;
    int64_t now, done_secs, max_secs, keep_secs;
};

/*
 * Records and counts it.  STORE_NOT_FOUND: not this network's; STORE_WITHDRAWN;
 * STORE_CONFLICT: the referral is not scheduled or done (its status in
 * `status`, 16 bytes).  *retest: the re-test record was made (and `mails`
 * queued).
 */
enum store_err outcome_record(struct store *s, const struct outcome_in *in,
                              const struct mail_rec *mails, size_t nmails, char status[16],
                              bool *retest);

/*
 * The counters of `ngroups` groups × `nweeks` weeks of one dimension
 * ("sector", "size", "province", "network") as JSON objects of integers
 * (out[w * ngroups + g], caller decrefs each).  0 or -1.
 */
int outcome_read(struct store *s, const char *by, const char *const *groups, size_t ngroups,
                 const char *const *weeks, size_t nweeks, json_t **out);

/* The re-test counters (zt:si, fields n and <principle> → sum of changes), as outcome_read. */
int outcome_read_improvement(struct store *s, const char *by, const char *const *groups,
                             size_t ngroups, const char *const *weeks, size_t nweeks, json_t **out);

/* A re-test's baseline (fields of zt:retest:<key>) as a JSON object of strings, or NULL. */
json_t *outcome_retest_get(struct store *s, const char *key, enum store_err *rc);

/*
 * Counts a completed re-test once (its change per principle against the
 * baseline, in the original's groups): 1 counted, 0 gone or counted before.
 */
int outcome_retest_count(struct store *s, const char *key, const char *week,
                         const char *const principle[QN_PRINCIPLES],
                         const int score[QN_PRINCIPLES]);

/* Forgets a re-test (declined, or counted). */
enum store_err outcome_retest_drop(struct store *s, const char *key);

#endif
