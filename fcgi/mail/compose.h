/*
 * compose.h — the e-mails about a referral, made from the texts in
 * questions/mail.json: for the respondent (in their language, the network
 * as Reply-To, an invitation when a slot is booked, how to withdraw) and
 * for the network (company, area, scan type, slot and a dashboard link;
 * never answers or contact details).  The messages are made when the event
 * happens and queued in the same Redis function, so a 201 means they go.
 */
#ifndef ZT_COMPOSE_H
#define ZT_COMPOSE_H

#include "domain/ical.h"
#include "domain/lang.h"
#include "domain/mailtext.h"
#include "domain/network.h"
#include "domain/pc4.h"
#include "store/outbox.h"
#include "store/slot.h"
#include "util/config.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Reads the mail settings once (before threads start). */
void compose_init(const struct config *cfg);

/* True when mail is on (ZELFTEST_SMTP_URL set); else nothing is queued. */
bool compose_on(void);

/* What the mails about one referral say. */
struct mail_facts {
    const struct mail_texts *texts;
    const struct network *nw;
    const struct scan_type *scan; /* or NULL */
    const struct slot *slot;      /* the booked slot, or NULL */
    const char *ref_id, *company, *contact_name, *email, *postcode;
    const struct pc4_table *pc4; /* for the province of the postcode (NULL: none) */
    enum lang lang;              /* the respondent's */
    const char *withdraw_key;    /* for the respondent's links */
    const char *retest_key;      /* a re-test invitation's key, or NULL */
    int seq;                     /* the booking's sequence (calendar invitations) */
    int64_t now;
};

/*
 * The mails of an event into out[] (room for OUTBOX_MAX_MAILS); returns
 * how many (0 when mail is off).  The caller frees them with outbox_free.
 *   a new referral:   confirmation (with an invitation for a slot), the
 *                     reminder (due two working days before), the network's notice
 *   a withdrawal:     the respondent's confirmation, the network's notice
 *   a booking moved:  the updated invitation and a new reminder
 *   a booking cancelled: the cancellation (METHOD:CANCEL), the network's notice
 */
size_t compose_referral(const struct mail_facts *f, struct mail_rec *out);
size_t compose_withdrawal(const struct mail_facts *f, struct mail_rec *out);
size_t compose_rescheduled(const struct mail_facts *f, struct mail_rec *out);
size_t compose_cancelled(const struct mail_facts *f, struct mail_rec *out);

/* The re-test invitation (f->retest_key set), due at `due`; 0 or 1 mails. */
size_t compose_retest(const struct mail_facts *f, int64_t due, struct mail_rec *out);

/* A network's digest of `lines` (a JSON array of field, line pairs); 0 or 1 mails. */
size_t compose_digest(const struct mail_texts *t, const struct network *nw, const json_t *lines,
                      int64_t now, struct mail_rec *out);

/*
 * The booked slot as an iCalendar object with the referral's UID (the same
 * in every invitation and in calendar.ics).  Returns malloc'd text or NULL.
 */
char *compose_invite(const struct mail_facts *f, enum ical_method method, size_t *len);

#endif
