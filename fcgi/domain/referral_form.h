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

/* The checked form.  The strings are borrowed from the JSON body checked. */
struct referral_form {
    const char *company, *contact_name, *email;
    const char *slot;             /* a slot id, or "" for "contact me" */
    char phone[16];               /* "+31…", or "" */
    char postcode[POSTCODE_TEXT]; /* "1234" or "1234 AB" */
    int pc4;
    bool consent, share;
};

/*
 * Checks every field of `body`.  Returns a new object of field → message
 * (empty when the form is fine; the caller owns it) and fills `f`.
 */
json_t *referral_form_check(const json_t *body, struct referral_form *f, enum lang lang);

/* The message for a slot that does not exist (any more), in `lang`. */
const char *referral_form_slot_message(enum lang lang);

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
