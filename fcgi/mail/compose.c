/*
 * compose.c — see compose.h.
 */
#include "mail/compose.h"

#include "domain/calendar.h"
#include "domain/postcode.h"
#include "domain/province.h"
#include "domain/template.h"
#include "mail/mime.h"
#include "util/log.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define URL_MAX 512
#define TEXT_MAX 512

static struct {
    bool on;
    char from[320];
    char public_url[256];
    char host[200]; /* for Message-IDs */
    int reminder_workdays;
    long reminder_lead;
} g;

void compose_init(const struct config *cfg)
{
    g.on = cfg->smtp_url[0] != '\0';
    snprintf(g.from, sizeof(g.from), "%s", cfg->mail_from);
    snprintf(g.public_url, sizeof(g.public_url), "%s", cfg->public_url);
    g.reminder_workdays = (int)cfg->mail_reminder_workdays;
    g.reminder_lead = cfg->mail_reminder_lead_seconds;
    const char *h = strstr(cfg->public_url, "://");
    h = h != NULL ? h + 3 : "";
    size_t n = strcspn(h, "/:");
    snprintf(g.host, sizeof(g.host), "%.*s", (int)(n > 0 ? n : 0), h);
    if (g.host[0] == '\0')
        snprintf(g.host, sizeof(g.host), "zelftest.invalid");
}

bool compose_on(void)
{
    return g.on;
}

/* ---------- the pieces ---------- */

static const char *text_of(const struct qn_text *t, enum lang l)
{
    return t->s[l];
}

/* "postcode 9712 (Groningen)": the area and its province, never the address */
static void area_of(const struct mail_facts *f, enum lang lang, char *buf, size_t cap)
{
    int pc4 = postcode_parse(f->postcode), used;
    const struct pc4_area *a = pc4 >= 0 && f->pc4 != NULL ? pc4_lookup(f->pc4, pc4, &used) : NULL;
    if (pc4 < 0)
        snprintf(buf, cap, "%s", lang == LANG_EN ? "area unknown" : "gebied onbekend");
    else if (a != NULL && a->province >= 0)
        snprintf(buf, cap, "postcode %04d (%s)", pc4, provinces[a->province].name);
    else
        snprintf(buf, cap, "postcode %04d", pc4);
}

/* The "when" sentence: the slot, or when the network will call. */
static char *when_text(const struct mail_facts *f, enum lang lang, bool for_network)
{
    char slot[CALENDAR_HUMAN_TEXT] = "", days[12];
    snprintf(days, sizeof(days), "%d", f->nw->contact_days);
    const char *place = "";
    if (f->slot != NULL) {
        calendar_human(f->slot->start, f->slot->minutes, lang, slot);
        place = strcmp(f->slot->place, "on-site") == 0
                    ? text_of(&f->texts->snippet[for_network ? SN_ON_SITE_NET : SN_ON_SITE], lang)
                    : f->slot->place;
    }
    enum mail_snippet sn = f->slot != NULL ? (for_network ? SN_NET_WHEN_SLOT : SN_WHEN_SLOT)
                                           : (for_network ? SN_NET_WHEN_CONTACT : SN_WHEN_CONTACT);
    struct template_var v[] = {
        {"slot", slot}, {"place", place}, {"network", f->nw->name}, {"days", days}};
    char bad[TEMPLATE_NAME_MAX + 1];
    return template_fill(text_of(&f->texts->snippet[sn], lang), v, 4, bad);
}

char *compose_invite(const struct mail_facts *f, enum ical_method method, size_t *len)
{
    if (f->slot == NULL)
        return NULL;
    enum lang lang = f->lang;
    char uid[TOKEN_LEN + 16], summary[300], description[1500];
    snprintf(uid, sizeof(uid), "%s@zelftest", f->ref_id);
    const char *scan = f->scan != NULL ? text_of(&f->scan->name, lang) : f->nw->name;
    snprintf(summary, sizeof(summary),
             lang == LANG_EN ? "Cybersecurity scan by students: %s"
                             : "Cyberscan door studenten: %s",
             scan);
    char withdraw[URL_MAX + 80] = "";
    if (f->withdraw_key != NULL)
        snprintf(withdraw, sizeof(withdraw),
                 lang == LANG_EN ? "\nChanged your mind? Withdraw your request: %s/withdraw.html#%s"
                                 : "\nToch niet? Trek je aanvraag in: %s/withdraw.html#%s",
                 g.public_url, f->withdraw_key);
    snprintf(description, sizeof(description),
             lang == LANG_EN
                 ? "%s visits %s for a cybersecurity scan by students.\n%s\nQuestions: %s, %s.%s"
                 : "%s komt bij %s langs voor een cyberscan door studenten.\n%s\nVragen: %s, "
                   "%s.%s",
             f->nw->name, f->company, f->scan != NULL ? text_of(&f->scan->prepare, lang) : "",
             f->nw->email, f->nw->phone, withdraw);
    const char *place = strcmp(f->slot->place, "on-site") == 0
                            ? text_of(&f->texts->snippet[SN_ON_SITE], lang)
                            : f->slot->place;
    struct ical_event ev = {
        .uid = uid,
        .sequence = f->seq,
        .stamp = f->now,
        .start = f->slot->start,
        .minutes = f->slot->minutes,
        .summary = summary,
        .description = description,
        .location = place,
        .organizer_name = f->nw->name,
        .organizer_email = f->nw->email,
        .attendee_email = method == ICAL_PUBLISH ? NULL : f->email,
        .method = method,
    };
    return ical_render(&ev, len);
}

/* The network's notice addresses, one per line. */
static void network_to(const struct network *nw, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (nw->nnotify == 0) {
        snprintf(buf, cap, "%s", nw->email);
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < nw->nnotify && n < cap; i++) {
        int w = snprintf(buf + n, cap - n, "%s%s", i ? "\n" : "", nw->notify[i]);
        if (w < 0 || (size_t)w >= cap - n) { /* cannot happen: 8 addresses of 254 fit */
            buf[n] = '\0';
            break;
        }
        n += (size_t)w;
    }
}

/*
 * One message: the kind's subject and text with `vars`, its footer, the
 * HTML made from it, an invitation when `ics` is set.  Fills `out`; 0 or -1.
 */
static int message(const struct mail_texts *t, enum mail_kind k, enum lang lang,
                   const struct template_var *vars, size_t nvars, const char *to,
                   const char *reply_to, const char *footer_withdraw, const char *network_name,
                   const char *ics, const char *ics_method, int64_t now, int64_t due,
                   struct mail_rec *out)
{
    char bad[TEMPLATE_NAME_MAX + 1] = "", bad2[TEMPLATE_NAME_MAX + 1] = "",
                                 bad3[TEMPLATE_NAME_MAX + 1] = "";
    char *subject = template_fill(text_of(&t->subject[k], lang), vars, nvars, bad);
    char *body = template_fill(text_of(&t->text[k], lang), vars, nvars, bad2);
    /* the footer's link: the withdrawal, or (a re-test invitation) how to decline it */
    const char *link = footer_withdraw != NULL ? footer_withdraw : "";
    struct template_var fv[] = {
        {"withdraw_url", link}, {"decline_url", link}, {"network", network_name}};
    char *footer =
        template_fill(text_of(&t->snippet[!mail_to_respondent(k)    ? SN_NETWORK_FOOTER
                                          : k == MAIL_RETEST        ? SN_RETEST_FOOTER
                                          : k == MAIL_WITHDRAWN     ? SN_WITHDRAWN_FOOTER
                                          : footer_withdraw == NULL ? SN_LATER_FOOTER
                                                                    : SN_RESPONDENT_FOOTER],
                              lang),
                      fv, 3, bad3);
    char *text = NULL, *html = NULL;
    int rc = -1;
    if (subject == NULL || body == NULL || footer == NULL) {
        log_error("mail %s: the text uses {%s}, which the program does not fill in",
                  mail_kind_names[k],
                  subject == NULL ? bad
                  : body == NULL  ? bad2
                                  : bad3);
        goto out;
    }
    size_t tl = strlen(body) + strlen(footer) + 3;
    if ((text = malloc(tl)) == NULL)
        goto out;
    snprintf(text, tl, "%s\n\n%s", body, footer);
    if ((html = template_html(text, lang_name(lang), subject)) == NULL)
        goto out;
    secure_token(out->mid);
    char message_id[TOKEN_LEN + 220];
    snprintf(message_id, sizeof(message_id), "<%s@%s>", out->mid, g.host);
    /* the To header lists the recipients; the envelope gets them from out->to */
    char to_header[1200];
    snprintf(to_header, sizeof(to_header), "%s", to);
    for (char *p = to_header; *p != '\0'; p++)
        if (*p == '\n')
            *p = ',';
    struct mime_in m = {.from = g.from,
                        .to = to_header,
                        .reply_to = reply_to,
                        .subject = subject,
                        .message_id = message_id,
                        .date = now,
                        .text = text,
                        .html = html,
                        .ics = ics,
                        .ics_method = ics_method};
    size_t len;
    out->body = mime_message(&m, &len);
    out->kind = mail_kind_names[k];
    out->to = strdup(to);
    out->due = due;
    rc = out->body != NULL && out->to != NULL ? 0 : -1;
    if (rc != 0)
        outbox_free(out, 1);
out:
    free(subject);
    free(body);
    free(footer);
    free(text);
    free(html);
    return rc;
}

/* ---------- the respondent's and the network's mails about one referral ---------- */

struct built {
    char withdraw[URL_MAX], dashboard[URL_MAX], site[URL_MAX], days[12], area[TEXT_MAX];
    char retest[URL_MAX], decline[URL_MAX];
    char *when, *net_when;
    char to_network[1200];
};

static int build(const struct mail_facts *f, struct built *b)
{
    memset(b, 0, sizeof(*b));
    snprintf(b->withdraw, sizeof(b->withdraw), "%s/withdraw.html#%s", g.public_url,
             f->withdraw_key != NULL ? f->withdraw_key : "");
    snprintf(b->dashboard, sizeof(b->dashboard), "%s/network.html#/referral/%s", g.public_url,
             f->ref_id);
    snprintf(b->site, sizeof(b->site), "%s/", g.public_url);
    if (f->retest_key != NULL) {
        snprintf(b->retest, sizeof(b->retest), "%s/#retest=%s", g.public_url, f->retest_key);
        snprintf(b->decline, sizeof(b->decline), "%s/#retest-decline=%s", g.public_url,
                 f->retest_key);
    }
    snprintf(b->days, sizeof(b->days), "%d", f->nw->contact_days);
    network_to(f->nw, b->to_network, sizeof(b->to_network));
    b->when = when_text(f, f->lang, false);
    b->net_when = when_text(f, (enum lang)f->nw->notify_lang, true);
    return b->when != NULL && b->net_when != NULL ? 0 : -1;
}

static void unbuild(struct built *b)
{
    free(b->when);
    free(b->net_when);
}

static int respondent(const struct mail_facts *f, struct built *b, enum mail_kind k,
                      const char *ics, const char *method, int64_t due, struct mail_rec *out)
{
    enum lang l = f->lang;
    struct template_var v[] = {
        {"name", f->contact_name},
        {"network", f->nw->name},
        {"network_email", f->nw->email},
        {"network_phone", f->nw->phone},
        {"network_website", f->nw->website},
        {"scan", f->scan != NULL ? text_of(&f->scan->name, l) : ""},
        {"when", b->when},
        {"prepare", f->scan != NULL ? text_of(&f->scan->prepare, l) : ""},
        {"days", b->days},
        {"site_url", b->site},
        {"retest_url", b->retest},
    };
    return message(f->texts, k, l, v, sizeof(v) / sizeof(v[0]), f->email, f->nw->email,
                   k == MAIL_RETEST          ? b->decline
                   : f->withdraw_key != NULL ? b->withdraw
                                             : NULL,
                   f->nw->name, ics, method, f->now, due, out);
}

/* The network's notice, or its digest line when it asked for a daily digest. */
static int network(const struct mail_facts *f, struct built *b, enum mail_kind k,
                   enum digest_line dl, struct mail_rec *out)
{
    enum lang l = (enum lang)f->nw->notify_lang;
    area_of(f, l, b->area, sizeof(b->area));
    struct template_var v[] = {
        {"network", f->nw->name},
        {"company", f->company},
        {"area", b->area},
        {"scan", f->scan != NULL ? text_of(&f->scan->name, l) : "–"},
        {"when", b->net_when},
        {"days", b->days},
        {"dashboard_url", b->dashboard},
    };
    if (f->nw->digest) {
        char bad[TEMPLATE_NAME_MAX + 1];
        secure_token(out->mid);
        out->body = template_fill(text_of(&f->texts->line[dl], l), v + 1, 4, bad);
        out->kind = dl == DL_NEW         ? "digest:new"
                    : dl == DL_WITHDRAWN ? "digest:withdrawn"
                                         : "digest:cancelled";
        out->to = strdup("");
        out->due = f->now;
        if (out->body != NULL && out->to != NULL)
            return 0;
        outbox_free(out, 1);
        return -1;
    }
    return message(f->texts, k, l, v, sizeof(v) / sizeof(v[0]), b->to_network, NULL, NULL,
                   f->nw->name, NULL, NULL, f->now, f->now, out);
}

/* The reminder, when the slot is far enough ahead for it. */
static size_t reminder(const struct mail_facts *f, struct built *b, struct mail_rec *out)
{
    if (f->slot == NULL || (g.reminder_workdays <= 0 && g.reminder_lead <= 0))
        return 0;
    int64_t due = g.reminder_lead > 0
                      ? f->slot->start - g.reminder_lead
                      : calendar_workdays_before(f->slot->start, g.reminder_workdays);
    if (due <= f->now)
        return 0;
    return respondent(f, b, MAIL_REMINDER, NULL, NULL, due, out) == 0 ? 1 : 0;
}

static size_t done(struct built *b, struct mail_rec *out, size_t n, bool ok)
{
    unbuild(b);
    if (!ok) {
        outbox_free(out, n);
        log_error("mail: a message could not be made (out of memory or a text error)");
        return 0;
    }
    return n;
}

/* Mail on and the facts built for `n` records: true; else nothing to send. */
static bool begin(const struct mail_facts *f, struct built *b, struct mail_rec *out, size_t n)
{
    if (!g.on)
        return false;
    memset(out, 0, n * sizeof(*out));
    if (build(f, b) < 0) {
        done(b, out, 0, false);
        return false;
    }
    return true;
}

size_t compose_referral(const struct mail_facts *f, struct mail_rec *out)
{
    struct built b;
    if (!begin(f, &b, out, 3))
        return 0;
    size_t len, n = 0;
    char *ics = compose_invite(f, ICAL_REQUEST, &len);
    bool ok = respondent(f, &b, MAIL_CONFIRM, ics, "REQUEST", f->now, &out[n]) == 0;
    free(ics);
    n += ok;
    if (ok)
        n += reminder(f, &b, &out[n]);
    ok = ok && network(f, &b, MAIL_NET_NEW, DL_NEW, &out[n]) == 0;
    n += ok;
    return done(&b, out, n, ok);
}

size_t compose_withdrawal(const struct mail_facts *f, struct mail_rec *out)
{
    struct built b;
    if (!begin(f, &b, out, 2))
        return 0;
    bool ok = respondent(f, &b, MAIL_WITHDRAWN, NULL, NULL, f->now, &out[0]) == 0 &&
              network(f, &b, MAIL_NET_WITHDRAWN, DL_WITHDRAWN, &out[1]) == 0;
    return done(&b, out, ok ? 2 : (out[0].body != NULL), ok);
}

size_t compose_rescheduled(const struct mail_facts *f, struct mail_rec *out)
{
    struct built b;
    if (!begin(f, &b, out, 2))
        return 0;
    size_t len, n = 0;
    char *ics = compose_invite(f, ICAL_REQUEST, &len);
    bool ok =
        ics != NULL && respondent(f, &b, MAIL_RESCHEDULED, ics, "REQUEST", f->now, &out[0]) == 0;
    free(ics);
    n += ok;
    if (ok)
        n += reminder(f, &b, &out[n]);
    return done(&b, out, n, ok);
}

size_t compose_cancelled(const struct mail_facts *f, struct mail_rec *out)
{
    struct built b;
    if (!begin(f, &b, out, 2))
        return 0;
    size_t len;
    char *ics = compose_invite(f, ICAL_CANCEL, &len);
    bool ok = ics != NULL && respondent(f, &b, MAIL_CANCELLED, ics, "CANCEL", f->now, &out[0]) == 0;
    free(ics);
    ok = ok && network(f, &b, MAIL_NET_CANCELLED, DL_CANCELLED, &out[1]) == 0;
    return done(&b, out, ok ? 2 : (out[0].body != NULL), ok);
}

size_t compose_retest(const struct mail_facts *f, int64_t due, struct mail_rec *out)
{
    struct built b;
    if (!g.on || f->retest_key == NULL)
        return 0;
    memset(out, 0, sizeof(*out));
    if (build(f, &b) < 0)
        return done(&b, out, 0, false);
    bool ok = respondent(f, &b, MAIL_RETEST, NULL, NULL, due, out) == 0;
    return done(&b, out, ok ? 1 : 0, ok);
}

size_t compose_digest(const struct mail_texts *t, const struct network *nw, const json_t *lines,
                      int64_t now, struct mail_rec *out)
{
    if (!g.on || json_array_size(lines) < 2)
        return 0;
    memset(out, 0, sizeof(*out));
    size_t cap = 64, len = 0;
    for (size_t i = 1; i < json_array_size(lines); i += 2)
        cap += strlen(json_string_value(json_array_get(lines, i))) + 4;
    char *all = malloc(cap);
    if (all == NULL)
        return 0;
    all[0] = '\0';
    for (size_t i = 1; i < json_array_size(lines); i += 2)
        len += (size_t)snprintf(all + len, cap - len, "- %s\n",
                                json_string_value(json_array_get(lines, i)));
    char dashboard[URL_MAX], to[1200];
    snprintf(dashboard, sizeof(dashboard), "%s/network.html", g.public_url);
    network_to(nw, to, sizeof(to));
    struct template_var v[] = {{"network", nw->name}, {"lines", all}, {"dashboard_url", dashboard}};
    int rc = message(t, MAIL_NET_DIGEST, (enum lang)nw->notify_lang, v, 3, to, NULL, NULL, nw->name,
                     NULL, NULL, now, now, out);
    free(all);
    if (rc != 0)
        outbox_free(out, 1);
    return rc == 0 ? 1 : 0;
}
