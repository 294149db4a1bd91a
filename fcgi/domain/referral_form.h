/*
 * referral_form.h — the form a respondent sends to ask for a scan: every
 * field checked with a message in the respondent's language, and what the
 * network may see of the result when the respondent shares it.  Pure, no I/O.
 */
#ifndef ZT_REFERRAL_FORM_H
#define ZT_REFERRAL_FORM_H

#include "domain/answers.h"
#include "domain/lang.h"
#include "domain/postcode.h"
#include "domain/qn.h"
#include "domain/score.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define REFERRAL_FIELD_CHARS 200 /* company, contact name: characters, not bytes */
#define REFERRAL_KEY_CHARS 40    /* an unknown field's name is echoed back up to this length */
#define REFERRAL_ID_CHARS 48     /* a scan type id or an agreement version */

/* The checked form.  The strings are borrowed from the JSON body checked. */
struct referral_form {
    const char *company, *contact_name, *email;
    const char *slot;             /* a slot id, or "" for "contact me" */
    const char *scan;             /* a scan type id, or "" (implied by the slot, or the only one) */
    const char *agreement;        /* the version of the scan type's agreement accepted, or "" */
    char phone[16];               /* "+31…", or "" */
    char postcode[POSTCODE_TEXT]; /* "1234" or "1234 AB" */
    int pc4;
    bool consent, share;
    bool retest; /* an invitation to take the test again after the scan */
};

/*
 * Checks every field of `body`.  Returns a new object of field → message
 * (empty when the form is fine; the caller owns it) and fills `f`.
 */
json_t *referral_form_check(const json_t *body, struct referral_form *f, enum lang lang);

/* Messages for what only the network's facts can tell (the caller checks those). */
enum referral_form_msg {
    REFERRAL_MSG_SLOT,            /* the slot does not exist (any more) */
    REFERRAL_MSG_SCAN,            /* no scan type chosen, or one this network does not run */
    REFERRAL_MSG_AGREEMENT,       /* the agreement was not accepted */
    REFERRAL_MSG_AGREEMENT_STALE, /* an older version of the agreement was accepted */
};

/* The message in `lang`. */
const char *referral_form_message(enum referral_form_msg m, enum lang lang);

/*
 * What identifies one request, for idempotency: the fields joined with a
 * separator no field can hold, into `buf`.  The caller hashes it.
 */
void referral_form_fingerprint(const struct referral_form *f, char *buf, size_t cap);

/*
 * What the network may see of the result when the respondent shares it:
 * urgency, levels, principle scores, critical answers and the answers, as
 * compact JSON text (caller frees), or NULL when out of memory.
 */
char *referral_form_summary(const struct qn *qn, const struct answers *a, const struct score *s);

#endif
