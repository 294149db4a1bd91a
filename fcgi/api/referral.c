/*
 * referral.c — from a result to a booked scan:
 *   the "referral" part of GET …/result (which network, how far, consent text)
 *   GET    /api/v1/networks/{id}/slots           a network's free scan slots
 *   POST   /api/v1/sessions/{token}/referral     ask for a scan (and book a slot)
 */
#include "api/api.h"

#include "domain/calendar.h"
#include "domain/locate.h"
#include "domain/postcode.h"
#include "domain/referral_form.h"
#include "domain/routing.h"
#include "domain/validate.h"
#include "store/counters.h"
#include "store/referral.h"
#include "util/log.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NEXT_SLOTS_MAX 5 /* free slots offered with a "slot full" answer */

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

json_t *api_referral_offer(struct req *r, const struct qn *qn, const struct answers *a,
                           const struct score *s, enum lang lang)
{
    const struct networks *nets = r->content->networks;
    struct location loc;
    struct routing rt;
    locate(r, a, &loc);
    routing_pick(nets, &loc, answers_role_option(qn, a, QN_ROLE_SECTOR), &rt);
    const struct network *nw = &nets->items[rt.network];
    char slots[128];
    snprintf(slots, sizeof(slots), "/api/v1/networks/%s/slots", nw->id);
    return json_pack("{s:b, s:s, s:o, s:s, s:{s:s, s:s}}", "offered", s->level == LEVEL_HIGH,
                     "located_by", locate_by_name(loc.by), "network",
                     api_network_json(nw, rt.distance_km, lang), "slots_url", slots, "consent",
                     "version", nets->consent_version, "text", nets->consent.s[lang]);
}

/* A network's free future slots as JSON, at most `max`. */
static json_t *free_slots(struct req *r, const char *network, size_t max, enum store_err *rc)
{
    size_t n;
    struct slot *sl = slot_list(&r->app->durable, network, (int64_t)time(NULL) + 1, &n, rc);
    if (*rc != STORE_OK)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < n && json_array_size(arr) < max; i++)
        if (sl[i].capacity > sl[i].booked)
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
    json_t *arr = free_slots(r, id, SLOT_LIST_MAX, &rc);
    if (arr == NULL)
        return api_store_fail(r, rc, E_UNKNOWN_NETWORK);
    return resp_json(r, 200, json_pack("{s:s, s:o}", "network", id, "slots", arr));
}

static json_t *withdraw_links(struct req *r, const char *key)
{
    const char *base = r->app->cfg->public_url;
    char api[400], page[400];
    snprintf(api, sizeof(api), "%s/api/v1/withdrawals/%s", base, key);
    snprintf(page, sizeof(page), "%s/withdraw.html#%s", base, key);
    return json_pack("{s:s, s:s}", "withdraw_url", api, "withdraw_page", page);
}

/* The 201 body, from a stored referral (also for an idempotent replay). */
static int created_response(struct req *r, const json_t *ref, const char *withdraw_key,
                            enum lang lang)
{
    const struct networks *nets = r->content->networks;
    int ni = network_find(nets, api_str(ref, "network"));
    if (ni < 0) {
        log_error("referral: its network is no longer in the registry");
        return api_fail(r, E_INTERNAL);
    }
    const struct network *nw = &nets->items[ni];
    struct location loc;
    locate_none(&loc);
    locate_pc4(r->content->pc4, postcode_parse(api_str(ref, "postcode")), &loc);
    int dist =
        loc.has_point ? (int)(routing_distance_km(loc.lat, loc.lon, nw->lat, nw->lon) + 0.5) : -1;
    json_t *slot = json_null();
    struct slot sl;
    if (api_str(ref, "slot")[0] != '\0' &&
        slot_get(&r->app->durable, api_str(ref, "slot"), &sl) == STORE_OK)
        slot = api_slot_json(&sl, false);
    json_t *out = json_pack("{s:s, s:s, s:o, s:o}", "referral", api_str(ref, "id"), "status",
                            api_str(ref, "status"), "network", api_network_json(nw, dist, lang),
                            "slot", slot);
    json_object_update_new(out, withdraw_links(r, withdraw_key));
    return resp_json(r, 201, out);
}

/* 409 for a slot that filled or went, with the next free ones. */
static int slot_refused(struct req *r, const char *network, enum api_err e)
{
    enum store_err rc;
    json_t *next = free_slots(r, network, NEXT_SLOTS_MAX, &rc);
    json_t *body = api_error_body(r, e, NULL);
    json_object_set_new(json_object_get(body, "error"), "next_slots",
                        next != NULL ? next : json_array());
    return resp_json(r, api_status(e), body);
}

static void count_funnel(struct req *r, const char *campaign, int64_t now, bool with_slot)
{
    char day[CALENDAR_DAY_TEXT];
    calendar_day_text(calendar_nl_day(now), day);
    if (counters_funnel(&r->app->durable, campaign, day, "referral") < 0 ||
        (with_slot && counters_funnel(&r->app->durable, campaign, day, "booked") < 0))
        log_warn("funnel: a referral was not counted (durable Redis unavailable)");
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
    struct location loc;
    struct routing rt;
    locate_none(&loc);
    locate_pc4(r->content->pc4, f.pc4, &loc);
    routing_pick(r->content->networks, &loc, answers_role_option(qn, &as.a, QN_ROLE_SECTOR), &rt);
    const struct network *nw = &r->content->networks->items[rt.network];

    char sh[SECURE_SHA256_HEX], fp[SECURE_SHA256_HEX], joined[1600];
    char id[TOKEN_LEN + 1], wkey[TOKEN_LEN + 1];
    secure_sha256_hex(as.token, strlen(as.token), sh);
    referral_form_fingerprint(&f, joined, sizeof(joined));
    secure_sha256_hex(joined, strlen(joined), fp);
    char *summary = f.share ? referral_form_summary(qn, &as.a, &s) : NULL;
    int64_t now = (int64_t)time(NULL);
    struct referral_in in = {
        .network = nw->id,
        .company = f.company,
        .contact_name = f.contact_name,
        .email = f.email,
        .phone = f.phone,
        .postcode = f.postcode,
        .slot = f.slot,
        .consent_version = r->content->networks->consent_version,
        .share_answers = f.share,
        .summary = summary != NULL ? summary : "",
        .lang = lang_name(lang),
        .session_hash = sh,
        .fingerprint = fp,
        .now = now,
        .erase_at = now + r->app->cfg->retention_max_days * 86400,
    };
    referral_new_id(id);
    referral_withdraw_key(as.token, id, wkey);
    enum store_err rc = referral_create(&r->app->durable, &in, id, wkey);
    bool with_slot = f.slot[0] != '\0';
    free(summary);
    secure_wipe(joined, sizeof(joined));
    json_decref(body); /* the form's strings pointed into it */
    if (rc == STORE_OK && as.campaign[0] != '\0')
        count_funnel(r, as.campaign, now, with_slot);
    if (rc == STORE_SLOT_FULL)
        return slot_refused(r, nw->id, E_SLOT_FULL);
    if (rc == STORE_SLOT_GONE)
        return slot_refused(r, nw->id, E_SLOT_UNAVAILABLE);
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
    /* a replay gets the same key again: it is derived from the session, never stored */
    referral_withdraw_key(as.token, id, wkey);
    st = created_response(r, ref, wkey, lang);
    json_decref(ref);
    return st;
}
