/*
 * outbox.h — e-mail waiting to be sent, in the durable Redis (keys in
 * store/zelftest.lua).  A mail is queued in the same function as the
 * referral, booking change or withdrawal that causes it, so a 201 means
 * the mail will go; it is deleted once delivered, or with its referral.
 */
#ifndef ZT_OUTBOX_H
#define ZT_OUTBOX_H

#include "domain/token.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define OUTBOX_DEAD_KEEP 1000         /* dead letters kept for the operator, newest */
#define OUTBOX_MAX_MAILS 8            /* mail records one write carries at most */
#define OUTBOX_DIGEST_FIELDS_MAX 1000 /* digest lines one digest mail holds at most */

/* One mail to queue.  `kind` "digest:<line>" is a line of the network's next digest. */
struct mail_rec {
    char mid[TOKEN_LEN + 1]; /* the Message-ID's local part, kept across retries */
    int64_t due;             /* UNIX time it may go */
    const char *kind;
    char *to;   /* addresses, one per line (malloc'd, owned by the record) */
    char *body; /* the whole RFC 5322 message (malloc'd, owned by the record) */
};

/* Frees the bodies of `n` records. */
void outbox_free(struct mail_rec *m, size_t n);

/*
 * Appends the records as FCALL arguments (mid, due, kind, to, body each) to
 * argv/lens from index *argc; `dues` holds the due times' text (n × 24 bytes).
 */
void outbox_args(const struct mail_rec *m, size_t n, const char **argv, size_t *lens, int *argc,
                 char (*dues)[24]);

/* A mail handed to a sender. */
struct mail_claim {
    char mid[TOKEN_LEN + 1];
    char *to, *body, *kind; /* malloc'd; free with outbox_claims_free */
    long attempts;
    int64_t first;
};

/* Takes up to `max` due mails for `lease` seconds.  Returns how many (0 on error, *rc set). */
size_t outbox_claim(struct store *s, int64_t now, long lease, size_t max, struct mail_claim *out,
                    enum store_err *rc);
void outbox_claims_free(struct mail_claim *c, size_t n);

/* Delivered: gone from the outbox. */
enum store_err outbox_done(struct store *s, const char *mid);

/* Not delivered this time: due again at `at`, `reason` kept (no address in it). */
enum store_err outbox_retry(struct store *s, const char *mid, int64_t at, const char *reason);

/* Undeliverable: a dead letter with its SMTP code and reason only. */
enum store_err outbox_dead(struct store *s, const char *mid, long code, const char *reason,
                           int64_t now);

struct outbox_stats {
    long waiting, due, dead;
    int64_t oldest; /* enqueue time of the oldest waiting mail, 0 when none */
};

enum store_err outbox_stats(struct store *s, int64_t now, struct outbox_stats *out);

/*
 * The lines of a network's next digest (fields and lines, a flat JSON
 * array; caller owns), empty when one went out on `day` already.
 */
json_t *outbox_digest_take(struct store *s, const char *network, const char *day,
                           enum store_err *rc);

/* Queues the digest mail, dropping exactly the fields it holds. */
enum store_err outbox_digest_commit(struct store *s, const char *network, const char *day,
                                    int64_t now, const json_t *fields, const struct mail_rec *m);

#endif
