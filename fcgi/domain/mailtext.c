/*
 * mailtext.c — see mailtext.h.
 */
#include "domain/mailtext.h"

#include <string.h>

const char *const mail_kind_names[MAIL_KINDS + 1] = {
    "confirm",     "rescheduled",       "cancelled",         "withdrawn",      "reminder", "retest",
    "network_new", "network_withdrawn", "network_cancelled", "network_digest", NULL};

const char *const mail_snippet_names[SNIPPETS + 1] = {
    "when_slot",        "when_contact",  "on_site",          "respondent_footer",
    "network_footer",   "net_when_slot", "net_when_contact", "on_site_net",
    "withdrawn_footer", "later_footer",  "retest_footer",    NULL};

const char *const digest_line_names[DIGEST_LINES + 1] = {"new", "withdrawn", "cancelled", NULL};

const char *const *mail_kind_names_list(void)
{
    return mail_kind_names;
}

const char *const *mail_snippet_names_list(void)
{
    return mail_snippet_names;
}

const char *const *digest_line_names_list(void)
{
    return digest_line_names;
}

static const char *const respondent_vars[] = {
    "name", "network", "network_email", "network_phone", "network_website", "scan",
    "when", "prepare", "days",          "site_url",      "retest_url",      NULL};
static const char *const network_vars[] = {"network", "company", "area",          "scan",
                                           "when",    "days",    "dashboard_url", NULL};
static const char *const digest_vars[] = {"network", "lines", "dashboard_url", NULL};
static const char *const line_vars[] = {"company", "area", "scan", "when", NULL};
static const char *const when_vars[] = {"slot", "place", "network", "days", NULL};
static const char *const footer_vars[] = {"withdraw_url", "network", NULL};
static const char *const retest_footer_vars[] = {"decline_url", "network", NULL};
static const char *const no_vars[] = {NULL};

const char *const *mail_kind_vars(enum mail_kind k)
{
    return k == MAIL_NET_DIGEST    ? digest_vars
           : mail_to_respondent(k) ? respondent_vars
                                   : network_vars;
}

const char *const *mail_snippet_vars(enum mail_snippet s)
{
    switch (s) {
    case SN_WHEN_SLOT:
    case SN_WHEN_CONTACT:
    case SN_NET_WHEN_SLOT:
    case SN_NET_WHEN_CONTACT: return when_vars;
    case SN_RESPONDENT_FOOTER:
    case SN_WITHDRAWN_FOOTER:
    case SN_LATER_FOOTER: return footer_vars;
    case SN_RETEST_FOOTER: return retest_footer_vars;
    default: return no_vars;
    }
}

const char *const *digest_line_vars(void)
{
    return line_vars;
}

bool mail_to_respondent(enum mail_kind k)
{
    return k <= MAIL_RETEST;
}

int mail_kind_parse(const char *name)
{
    for (int k = 0; k < MAIL_KINDS; k++)
        if (strcmp(mail_kind_names[k], name) == 0)
            return k;
    return -1;
}
