/*
 * mailtext.h — the e-mails the program sends: their kinds, the texts they
 * are made from (content/mail_file.c loads questions/mail.json) and which
 * {placeholders} each may use.  Pure, no I/O.
 */
#ifndef ZT_MAILTEXT_H
#define ZT_MAILTEXT_H

#include "domain/qn.h"

#include <stdbool.h>
#include <stdint.h>

enum mail_kind {
    MAIL_CONFIRM,     /* to the respondent: the request is in (with an invitation for a slot) */
    MAIL_RESCHEDULED, /* to the respondent: the network moved the slot (updated invitation) */
    MAIL_CANCELLED,   /* to the respondent: the network cancelled the slot (METHOD:CANCEL) */
    MAIL_WITHDRAWN,   /* to the respondent: the withdrawal is done */
    MAIL_REMINDER,    /* to the respondent: two working days before the slot */
    MAIL_RETEST,      /* to the respondent: months after the scan, an invitation to test again */
    MAIL_NET_NEW,     /* to the network: a new referral */
    MAIL_NET_WITHDRAWN,
    MAIL_NET_CANCELLED, /* to the network: a booked slot of a referral was cancelled */
    MAIL_NET_DIGEST,    /* to the network: the day's events in one mail */
    MAIL_KINDS
};

enum mail_snippet {
    SN_WHEN_SLOT,
    SN_WHEN_CONTACT,
    SN_ON_SITE,
    SN_RESPONDENT_FOOTER,
    SN_NETWORK_FOOTER,
    SN_NET_WHEN_SLOT,
    SN_NET_WHEN_CONTACT,
    SN_ON_SITE_NET,
    SN_WITHDRAWN_FOOTER, /* the respondent's last mail: nothing left to withdraw */
    SN_LATER_FOOTER,     /* mail on the network's action: the link is in the confirmation */
    SN_RETEST_FOOTER,    /* the re-test invitation: why it came, how to decline */
    SNIPPETS
};

/* The lines of a network's daily digest. */
enum digest_line { DL_NEW, DL_WITHDRAWN, DL_CANCELLED, DIGEST_LINES };

struct mail_texts {
    char *version;
    struct qn_text subject[MAIL_KINDS], text[MAIL_KINDS];
    struct qn_text snippet[SNIPPETS];
    struct qn_text line[DIGEST_LINES];
    uint8_t digest[32]; /* SHA-256 of the file */
};

/* The names in the file, each list NULL-terminated. */
extern const char *const mail_kind_names[MAIL_KINDS + 1];
extern const char *const mail_snippet_names[SNIPPETS + 1];
extern const char *const digest_line_names[DIGEST_LINES + 1];

/* The same names, NULL-terminated (for checking a file's keys). */
const char *const *mail_kind_names_list(void);
const char *const *mail_snippet_names_list(void);
const char *const *digest_line_names_list(void);

/* The placeholders a message, snippet or digest line may use (NULL-terminated). */
const char *const *mail_kind_vars(enum mail_kind k);
const char *const *mail_snippet_vars(enum mail_snippet s);
const char *const *digest_line_vars(void);

/* True for the kinds that go to the respondent (the others go to the network). */
bool mail_to_respondent(enum mail_kind k);

/* The kind with this name, or -1. */
int mail_kind_parse(const char *name);

#endif
