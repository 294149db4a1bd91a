/*
 * referral.c — from a result to a booked scan:
 *   the "referral" part of GET …/result: which network and why, its scan
 *     types with what they involve, the consent text, and the request
 *     already made ("requested") once there is one
 *   GET  /api/v1/networks/{id}/slots                     a network's free scan slots
 *   POST /api/v1/sessions/{token}/referral               ask for a scan (and book a slot)
 *   GET  /api/v1/sessions/{token}/referral/calendar.ics  the booked slot for a calendar
 */
#include "api/api.h"

#include "domain/calendar.h"
#include "domain/completion.h"
#include "domain/province.h"
#include "domain/ical.h"
#include "domain/locate.h"
#include "domain/postcode.h"
#include "domain/referral_form.h"
#include "domain/routing.h"
#include "domain/validate.h"
#include "mail/sender.h"
#include "store/counters.h"
#include "store/referral.h"
#include "util/log.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NEXT_SLOTS_MAX 5 /* free slots offered with a "slot full" answer */
#define URL_MAX 400

/* ---------- what the respondent sees of networks and scans ---------- */

json_t *api_scan_json(const struct networks *nets, const struct scan_type *st, enum lang lang)
{
    const struct agreement *ag = network_agreement(nets, st);
    json_t *agreement = ag == NULL ? json_null()
                                   : json_pack("{s:s, s:s, s:s, s:s}", "version", ag->version,
                                               "title", ag->title.s[lang], "summary",
                                               ag->summary.s[lang], "text", ag->text.s[lang]);
    return json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:o}", "id", st->id, "name",
                     st->name.s[lang], "description", st->description.s[lang], "duration",
                     st->duration.s[lang], "price_eur", st->price_eur, "prepare",
                     st->prepare.s[lang], "supervision", st->supervision.s[lang], "agreement",
                     agreement);
}

/* The network of an offer: the respondent's view, and why it was chosen. */
static json_t *chosen_network(struct req *r, const struct routing *rt, const struct location *loc,
                              enum lang lang)
{
    const struct network *nw = &r->content->networks->items[rt->network];
    char why[400];
    routing_reason_text(rt->reason, lang, loc->province, rt->distance_km, why, sizeof(why));
    json_t *o = api_network_json(nw, rt->distance_km, lang);
    json_object_set_new(o, "reason", json_string(routing_reason_name(rt->reason)));
    json_object_set_new(o, "reason_text", json_string(why));
    json_object_set_new(o, "contact_days", json_integer(nw->contact_days));
    return o;
}

/* The respondent's location: the postcode answer, else the client address (in memory only). */
static void locate(struct req *r, const struct answers *a, struct location *loc)
{
    struct location by_ip;
    locate_none(&by_ip);
    if (a->postcode <= 0 || !locate_pc4(r->content->pc4, a->postcode, loc)) {
        const char *ip = req_env(r, "REMOTE_ADDR");
        if (r->content->geo != NULL && ip != NULL)
            geo_lookup(r->content->geo, ip, &by_ip);
    }
    locate_respondent(r->content->pc4, a->postcode, &by_ip, loc);
}

/* ---------- the request already made ---------- */

static void withdraw_links(struct req *r, json_t *o, const char *key)
{
    const char *base = r->app->cfg->public_url;
    char api[URL_MAX], page[URL_MAX];
    snprintf(api, sizeof(api), "%s/api/v1/withdrawals/%s", base, key);
    snprintf(page, sizeof(page), "%s/withdraw.html#%s", base, key);
    json_object_set_new(o, "withdraw_url", json_string(api));
    json_object_set_new(o, "withdraw_page", json_string(page));
}

/*
 * What the respondent may be shown of their own referral: status, network,
 * scan, slot, the withdrawal link and the calendar link.  `token` is the
 * session's (the withdrawal key is derived from it).
 */
static json_t *requested_json(struct req *r, const json_t *ref, const char *token, enum lang lang)
{
    const struct networks *nets = r->content->networks;
    int ni = network_find(nets, api_str(ref, "network"));
    if (ni < 0)
        return NULL;
    const struct network *nw = &nets->items[ni];
    int si = network_scan(nw, api_str(ref, "scan"));
    json_t *slot = json_null();
    struct slot sl;
    bool booked = api_str(ref, "slot")[0] != '\0' &&
                  slot_get(&r->app->durable, api_str(ref, "slot"), &sl) == STORE_OK;
    if (booked)
        slot = api_slot_json(&sl, false);
    char created[CALENDAR_TIME_TEXT], cal[URL_MAX], key[TOKEN_LEN + 1];
    calendar_format_time(strtoll(api_str(ref, "created"), NULL, 10), 0, created);
    snprintf(cal, sizeof(cal), "%s/api/v1/sessions/%s/referral/calendar.ics",
             r->app->cfg->public_url, token);
    json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "referral", api_str(ref, "id"),
                          "status", api_str(ref, "status"), "created", created, "network",
                          api_network_json(nw, -1, lang), "scan",
                          si >= 0 ? api_scan_json(nets, &nw->scans[si], lang) : json_null(), "slot",
                          slot, "calendar_url", booked ? json_string(cal) : json_null());
    referral_withdraw_key(token, api_str(ref, "id"), key);
    withdraw_links(r, o, key);
    json_object_set_new(o, "retention",
                        json_pack("{s:I, s:I}", "done_days",
                                  (json_int_t)r->app->cfg->retention_done_days, "max_days",
                                  (json_int_t)r->app->cfg->retention_max_days));
    json_object_set_new(o, "share_answers",
                        json_boolean(strcmp(api_str(ref, "share_answers"), "1") == 0));
    json_object_set_new(o, "mailed", json_boolean(compose_on())); /* a confirmation went out */
    return o;
}

/* The session's referral, or NULL (none, or Redis unavailable: the offer shows then). */
static json_t *session_referral(struct req *r, const char *token)
{
    char sh[SECURE_SHA256_HEX], id[TOKEN_LEN + 1];
    secure_sha256_hex(token, strlen(token), sh);
    if (referral_by_session(&r->app->durable, sh, id) != STORE_OK)
        return NULL;
    enum store_err rc;
    return referral_get(&r->app->durable, id, &rc);
}

json_t *api_referral_offer(struct req *r, const struct api_session *as, const struct score *s)
{
    const struct networks *nets = r->content->networks;
    enum lang lang = (enum lang)as->lang;
    struct location loc;
    struct routing rt;
    locate(r, &as->a, &loc);
    routing_pick(nets, &loc, answers_role_option(as->qn, &as->a, QN_ROLE_SECTOR), &rt);
    const struct network *nw = &nets->items[rt.network];
    char slots[128];
    snprintf(slots, sizeof(slots), "/api/v1/networks/%s/slots", nw->id);
    json_t *scans = json_array(), *near = json_array();
    for (size_t i = 0; i < nw->nscans; i++)
        json_array_append_new(scans, api_scan_json(nets, &nw->scans[i], lang));
    for (size_t i = 0; i < rt.nnearest; i++) {
        json_t *o = api_network_json(&nets->items[rt.nearest[i]], rt.nearest_km[i], lang);
        json_object_set_new(o, "outside_area", json_true());
        json_array_append_new(near, o);
    }
    json_t *out =
        json_pack("{s:b, s:s, s:o, s:o, s:o, s:s, s:{s:s, s:s, s:s}}", "offered",
                  s->level == LEVEL_HIGH, "located_by", locate_by_name(loc.by), "network",
                  chosen_network(r, &rt, &loc, lang), "nearest", near, "scans", scans, "slots_url",
                  slots, "consent", "version", nets->consent_version, "summary",
                  nets->consent_summary.s[lang], "text", nets->consent.s[lang]);
    json_t *ref = session_referral(r, as->token);
    json_t *req = ref != NULL ? requested_json(r, ref, as->token, lang) : NULL;
    if (req != NULL)
        json_object_set_new(out, "requested", req);
    json_decref(ref);
    return out;
}

/* ---------- public slots ---------- */

/* A network's free future slots as JSON, at most `max` (of scan type `scan` unless NULL). */
static json_t *free_slots(struct req *r, const char *network, const char *scan, size_t max,
                          enum store_err *rc)
{
    size_t n;
    struct slot *sl = slot_list(&r->app->durable, network, (int64_t)time(NULL) + 1, &n, rc);
    if (*rc != STORE_OK)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < n && json_array_size(arr) < max; i++)
        if (sl[i].capacity > sl[i].booked && (scan == NULL || strcmp(sl[i].scan, scan) == 0))
            json_array_append_new(arr, api_slot_json(&sl[i], false));
    free(sl);
    return arr;
}

int api_network_slots_public(struct req *r)
{
    const char *id = r->param[0];
    int ni = validate_id(id, NET_ID_MAX, true) ? network_find(r->content->networks, id) : -1;
    if (ni < 0)
        return api_fail(r, E_UNKNOWN_NETWORK);
    enum store_err rc;
    json_t *arr = free_slots(r, id, NULL, SLOT_LIST_MAX, &rc);
    if (arr == NULL)
        return api_store_fail(r, rc, E_UNKNOWN_NETWORK);
    return resp_json(r, 200, json_pack("{s:s, s:o}", "network", id, "slots", arr));
}

/* ---------- the referral form ---------- */

/* 409 for a slot that filled or went, with the next free ones of the same scan type. */
static int slot_refused(struct req *r, const char *network, const char *scan, enum api_err e)
{
    enum store_err rc;
    json_t *next = free_slots(r, network, scan[0] != '\0' ? scan : NULL, NEXT_SLOTS_MAX, &rc);
    json_t *body = api_error_body(r, e, NULL);
    json_object_set_new(json_object_get(body, "error"), "next_slots",
                        next != NULL ? next : json_array());
    return resp_json(r, api_status(e), body);
}

/* 422 naming one field. */
static int field_refused(struct req *r, const char *field, const char *message)
{
    json_t *e = api_error_body(r, E_INVALID_FIELDS, message);
    json_object_set_new(json_object_get(e, "error"), "fields", json_pack("{s:s}", field, message));
    return resp_json(r, api_status(E_INVALID_FIELDS), e);
}

static void count_funnel(struct req *r, const char *campaign, int64_t now, bool with_slot)
{
    char day[CALENDAR_DAY_TEXT];
    calendar_day_text(calendar_nl_day(now), day);
    if (counters_funnel(&r->app->durable, campaign, day, "referral") < 0 ||
        (with_slot && counters_funnel(&r->app->durable, campaign, day, "booked") < 0))
        log_warn("funnel: a referral was not counted (durable Redis unavailable)");
}

/*
 * The scan type the form asks for at network `nw`: the slot's, the one
 * named, or the network's only one.  Sets *scan (borrowed; "" for a network
 * without scan types) and fills *sl with the chosen slot, or answers
 * 409/422 and returns the status.
 */
static int choose_scan(struct req *r, const struct network *nw, const struct referral_form *f,
                       enum lang lang, const char **scan, struct slot *sl)
{
    *scan = f->scan;
    if (f->slot[0] != '\0') {
        enum store_err rc = slot_get(&r->app->durable, f->slot, sl);
        if (rc == STORE_NOT_FOUND || (rc == STORE_OK && strcmp(sl->network, nw->id) != 0))
            return slot_refused(r, nw->id, f->scan, E_SLOT_UNAVAILABLE);
        if (rc != STORE_OK)
            return api_store_fail(r, rc, E_UNKNOWN_SLOT);
        if (f->scan[0] != '\0' && strcmp(f->scan, sl->scan) != 0)
            return field_refused(r, "scan", referral_form_message(REFERRAL_MSG_SCAN, lang));
        int si = network_scan(nw, sl->scan);
        *scan = si >= 0 ? nw->scans[si].id : "";
    } else if (f->scan[0] == '\0' && nw->nscans == 1)
        *scan = nw->scans[0].id;
    if ((*scan)[0] == '\0' && nw->nscans > 0)
        return field_refused(r, "scan", referral_form_message(REFERRAL_MSG_SCAN, lang));
    if ((*scan)[0] != '\0' && network_scan(nw, *scan) < 0)
        return field_refused(r, "scan", referral_form_message(REFERRAL_MSG_SCAN, lang));
    return 0;
}

int api_referral_create(struct req *r)
{
    struct api_session as;
    if (api_session_open(r, &as) != 0)
        return r->status;
    const struct qn *qn = as.qn;
    enum lang lang = (enum lang)as.lang;
    if (answers_count(qn, &as.a) < qn->nquestions)
        return api_fail(r, E_INCOMPLETE_REFERRAL);
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    struct referral_form f;
    json_t *errs = referral_form_check(body, &f, lang);
    if (json_object_size(errs) > 0) {
        const char *first = json_string_value(json_object_iter_value(json_object_iter(errs)));
        json_t *e = api_error_body(r, E_INVALID_FIELDS, first);
        json_object_set_new(json_object_get(e, "error"), "fields", errs);
        json_decref(body);
        return resp_json(r, api_status(E_INVALID_FIELDS), e);
    }
    json_decref(errs);

    struct score s;
    score_compute(qn, &as.a, &s);
    /* the business's own postcode decides the network: it is where the students go */
    const struct networks *nets = r->content->networks;
    struct location loc;
    struct routing rt;
    locate_none(&loc);
    locate_pc4(r->content->pc4, f.pc4, &loc);
    routing_pick(nets, &loc, answers_role_option(qn, &as.a, QN_ROLE_SECTOR), &rt);
    const struct network *nw = &nets->items[rt.network];
    const char *scan;
    struct slot sl;
    if ((st = choose_scan(r, nw, &f, lang, &scan, &sl)) != 0) {
        json_decref(body);
        return st;
    }
    const struct agreement *ag =
        scan[0] != '\0' ? network_agreement(nets, &nw->scans[network_scan(nw, scan)]) : NULL;
    if (ag != NULL && strcmp(f.agreement, ag->version) != 0) {
        /* f's strings point into body: decide the message before letting it go */
        enum referral_form_msg m =
            f.agreement[0] == '\0' ? REFERRAL_MSG_AGREEMENT : REFERRAL_MSG_AGREEMENT_STALE;
        json_decref(body);
        return field_refused(r, "agreement", referral_form_message(m, lang));
    }

    char sh[SECURE_SHA256_HEX], fp[SECURE_SHA256_HEX], joined[1600];
    char id[TOKEN_LEN + 1], wkey[TOKEN_LEN + 1];
    secure_sha256_hex(as.token, strlen(as.token), sh);
    referral_form_fingerprint(&f, joined, sizeof(joined));
    secure_sha256_hex(joined, strlen(joined), fp);
    char *summary = f.share ? referral_form_summary(qn, &as.a, &s) : NULL;
    int64_t now = (int64_t)time(NULL);
    /* for the anonymous outcome statistics: the groups and the self-test's levels */
    struct completion grp;
    completion_of(qn, &as.a, r->content->pc4, as.campaign, now, &grp);
    char self[QN_PRINCIPLES + 1];
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        self[p] = level_name(s.principle_level[p])[0];
    self[QN_PRINCIPLES] = '\0';
    char scores[QN_PRINCIPLES * 4 + 1];
    size_t sl_len = 0;
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        sl_len += (size_t)snprintf(scores + sl_len, sizeof(scores) - sl_len, "%s%d", p ? "," : "",
                                   s.principle[p]);
    const char *province = COMPLETION_UNKNOWN;
    int used;
    const struct pc4_area *area = pc4_lookup(r->content->pc4, f.pc4, &used);
    if (area != NULL && area->province >= 0)
        province = provinces[area->province].code;
    struct referral_in in = {
        .network = nw->id,
        .company = f.company,
        .contact_name = f.contact_name,
        .email = f.email,
        .phone = f.phone,
        .postcode = f.postcode,
        .slot = f.slot,
        .scan = scan,
        .consent_version = nets->consent_version,
        .agreement_version = ag != NULL ? ag->version : "",
        .reason = routing_reason_name(rt.reason),
        .share_answers = f.share,
        .retest = f.retest,
        .summary = summary != NULL ? summary : "",
        .campaign = as.campaign,
        .g_sector = grp.group[BY_SECTOR],
        .g_size = grp.group[BY_SIZE],
        .g_province = province,
        .self_levels = self,
        .self_scores = scores,
        .lang = lang_name(lang),
        .session_hash = sh,
        .fingerprint = fp,
        .now = now,
        .erase_at = now + r->app->cfg->retention_max_days * 86400,
    };
    referral_new_id(id);
    referral_withdraw_key(as.token, id, wkey);
    /* its mails go into the same atomic step: a 201 means they will be sent */
    int si = scan[0] != '\0' ? network_scan(nw, scan) : -1;
    struct mail_facts mf = {
        .texts = r->content->mail,
        .nw = nw,
        .scan = si >= 0 ? &nw->scans[si] : NULL,
        .slot = f.slot[0] != '\0' ? &sl : NULL,
        .ref_id = id,
        .company = f.company,
        .contact_name = f.contact_name,
        .email = f.email,
        .postcode = f.postcode,
        .pc4 = r->content->pc4,
        .lang = lang,
        .withdraw_key = wkey,
        .seq = 0,
        .now = now,
    };
    struct mail_rec mails[OUTBOX_MAX_MAILS];
    size_t nmails = mf.texts != NULL ? compose_referral(&mf, mails) : 0;
    enum store_err rc = referral_create(&r->app->durable, &in, id, wkey, mails, nmails);
    outbox_free(mails, nmails);
    if (rc == STORE_OK && nmails > 0)
        mail_wake();
    bool with_slot = f.slot[0] != '\0';
    char scan_copy[NET_SCAN_ID_MAX + 1];
    snprintf(scan_copy, sizeof(scan_copy), "%s", scan);
    free(summary);
    secure_wipe(joined, sizeof(joined));
    json_decref(body); /* the form's strings pointed into it */
    if (rc == STORE_OK && as.campaign[0] != '\0')
        count_funnel(r, as.campaign, now, with_slot);
    if (rc == STORE_OK && counters_summary(&r->app->durable, grp.week, "requested") < 0)
        log_warn("statistics: a scan request was not counted (durable Redis unavailable)");
    if (rc == STORE_SLOT_FULL)
        return slot_refused(r, nw->id, scan_copy, E_SLOT_FULL);
    if (rc == STORE_SLOT_GONE)
        return slot_refused(r, nw->id, scan_copy, E_SLOT_UNAVAILABLE);
    if (rc != STORE_OK && rc != STORE_EXISTS)
        return api_store_fail(r, rc, E_UNKNOWN_SESSION);
    enum store_err grc;
    json_t *ref = referral_get(&r->app->durable, id, &grc);
    if (ref == NULL)
        return api_store_fail(r, grc, E_UNKNOWN_REFERRAL);
    if (rc == STORE_EXISTS && strcmp(api_str(ref, "fp"), fp) != 0) {
        json_decref(ref);
        return api_fail(r, E_REFERRAL_EXISTS);
    }
    /* a replay gets the same links again: the key is derived from the session, never stored */
    json_t *out = requested_json(r, ref, as.token, lang);
    json_decref(ref);
    if (out == NULL) {
        log_error("referral: its network is no longer in the registry");
        return api_fail(r, E_INTERNAL);
    }
    return resp_json(r, 201, out);
}

/* ---------- the booked slot in a calendar ---------- */

int api_referral_calendar(struct req *r)
{
    struct api_session as;
    if (api_session_open(r, &as) != 0)
        return r->status;
    enum lang lang = (enum lang)as.lang;
    json_t *ref = session_referral(r, as.token);
    if (ref == NULL)
        return api_fail(r, E_NO_BOOKED_SLOT);
    /* the same invitation as the e-mails carry (same UID), published rather than sent */
    char key[TOKEN_LEN + 1];
    referral_withdraw_key(as.token, api_str(ref, "id"), key);
    struct mail_facts mf;
    struct slot booked;
    if (api_mail_facts(r, ref, key, &booked, &mf) != 0 || mf.slot == NULL) {
        json_decref(ref);
        return api_fail(r, E_NO_BOOKED_SLOT);
    }
    mf.lang = lang;
    size_t len;
    char *ics = compose_invite(&mf, ICAL_PUBLISH, &len);
    json_decref(ref);
    if (ics == NULL)
        return api_fail(r, E_UNAVAILABLE);
    resp_header(r, "Content-Disposition: attachment; filename=\"cyberscan.ics\"");
    return resp_raw(r, 200, "text/calendar; charset=utf-8", ics, len);
}
