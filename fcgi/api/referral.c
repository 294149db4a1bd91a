/*
 * api_referral.c — from a result to a booked scan:
 *   the "referral" part of GET …/result (which network, how far, consent text)
 *   GET    /api/v1/networks/{id}/slots           a network's free scan slots
 *   POST   /api/v1/sessions/{token}/referral     ask for a scan (and book a slot)
 *   GET    /api/v1/withdrawals/{key}             what the withdrawal link points to
 *   DELETE /api/v1/withdrawals/{key}             withdraw: erase the referral, free the slot
 */
#include "api/api.h"
#include "domain/calendar.h"
#include "content/content.h"
#include "store/counters.h"
#include "util/log.h"
#include "content/geo.h"
#include "domain/ipaddr.h"
#include "store/janitor.h"
#include "content/jfile.h"
#include "domain/postcode.h"
#include "store/referral.h"
#include "domain/result.h"
#include "domain/routing.h"
#include "domain/score.h"
#include "http/server.h"
#include "util/sha256.h"
#include "domain/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FIELD_MAX 200

/* A string field of a stored referral, "" when absent. */
static const char *rstr(const json_t *ref, const char *key)
{
    const char *v = json_string_value(json_object_get(ref, key));
    return v != NULL ? v : "";
}

/* ---------- locating and routing ---------- */

static void locate_pc4(const struct content *c, int pc4, struct location *loc)
{
    int used;
    const struct pc4_area *a = postcodes_lookup(c->postcodes, pc4, &used);
    if (a == NULL)
        return;
    loc->by = LOCATED_POSTCODE;
    loc->in_nl = true;
    loc->pc4 = pc4;
    loc->province = a->province;
    loc->has_point = true;
    loc->lat = a->lat;
    loc->lon = a->lon;
}

/* Postcode answer first; else the client's address (in memory only); else nothing. */
static void locate(struct req *r, const struct answers *a, struct location *loc)
{
    memset(loc, 0, sizeof(*loc));
    loc->province = -1;
    if (a->postcode > 0)
        locate_pc4(r->content, a->postcode, loc);
    if (loc->by != LOCATED_NONE || r->content->geo == NULL)
        return;
    char ip[IPADDR_STR_MAX];
    if (ipaddr_client(req_env(r, "REMOTE_ADDR"), req_env(r, "HTTP_X_FORWARDED_FOR"),
                      api_trusted_proxies(), ip) == 0)
        geo_lookup(r->content->geo, ip, loc);
    memset(ip, 0, sizeof(ip));
}

static const char *sector_of(const struct qn *qn, const struct answers *a)
{
    int k = qn->role_question[QN_ROLE_SECTOR];
    if (k < 0 || a->sel[k] == 0)
        return NULL;
    return qn->questions[k].options[__builtin_ctz(a->sel[k])].id;
}

static json_t *network_json(const struct network *nw, int distance_km, enum lang lang)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "id", nw->id, "name", nw->name,
                          "description", nw->description.s[lang], "place", nw->place, "contact",
                          "email", nw->email, "phone", nw->phone, "website", nw->website);
    json_object_set_new(o, "distance_km",
                        distance_km >= 0 ? json_integer(distance_km) : json_null());
    return o;
}

json_t *api_referral_offer(struct req *r, const struct qn *qn, const struct answers *a,
                           const struct score *s, enum lang lang)
{
    const struct networks *nets = r->content->networks;
    struct location loc;
    struct routing rt;
    locate(r, a, &loc);
    routing_pick(nets, &loc, sector_of(qn, a), &rt);
    const struct network *nw = &nets->items[rt.network];
    char slots[128];
    snprintf(slots, sizeof(slots), "/api/v1/networks/%s/slots", nw->id);
    return json_pack("{s:b, s:s, s:o, s:s, s:{s:s, s:s}}", "offered", s->level == LEVEL_HIGH,
                     "located_by", routing_located_by_name(loc.by), "network",
                     network_json(nw, rt.distance_km, lang), "slots_url", slots, "consent",
                     "version", nets->consent_version, "text", nets->consent.s[lang]);
}

/* ---------- public slots ---------- */

int api_network_slots_public(struct req *r)
{
    const char *id = r->param[0];
    int ni = jfile_is_id(id, NET_ID_MAX, true) ? networks_find(r->content->networks, id) : -1;
    if (ni < 0)
        return resp_error(r, 404, "unknown_network", "There is no network with this id.");
    size_t n;
    enum ref_rc rc;
    struct slot *sl = slot_list(&r->w->durable, id, (int64_t)time(NULL) + 1, &n, &rc);
    if (rc != REF_OK)
        return rc == REF_UNAVAILABLE ? api_unavailable(r)
                                     : resp_error(r, 500, "internal", "Internal error.");
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (sl[i].capacity > sl[i].booked)
            json_array_append_new(arr, slot_json(&sl[i], false));
    free(sl);
    return resp_json(r, 200, json_pack("{s:s, s:o}", "network", id, "slots", arr));
}

/* ---------- the referral form ---------- */

/* Messages the page shows at the field, in the respondent's language. */
static const char *const msg[][LANG_COUNT] = {
#define M_COMPANY 0
    {"Vul de naam van je bedrijf in (maximaal 200 tekens).",
     "Enter the name of your business (at most 200 characters)."},
#define M_NAME 1
    {"Vul je naam in (maximaal 200 tekens).", "Enter your name (at most 200 characters)."},
#define M_EMAIL 2
    {"Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.",
     "Enter a valid e-mail address, for example name@business.nl."},
#define M_PHONE 3
    {"Vul een Nederlands telefoonnummer in, bijvoorbeeld 06 12345678, of laat het leeg.",
     "Enter a Dutch phone number, for example 06 12345678, or leave it empty."},
#define M_POSTCODE 4
    {"Vul de postcode van je bedrijf in, bijvoorbeeld 1234 AB.",
     "Enter the postcode of your business, for example 1234 AB."},
#define M_CONSENT 5
    {"Geef toestemming om je gegevens met het netwerk te delen. Zonder toestemming kunnen we de "
     "scan niet aanvragen.",
     "Give your consent to share your details with the network. Without it we cannot request the "
     "scan."},
#define M_SHARE 6
    {"Kies of je je antwoorden wilt delen.", "Choose whether to share your answers."},
#define M_SLOT 7
    {"Dit moment bestaat niet (meer). Kies een ander moment.",
     "This time slot does not exist (any more). Choose another one."},
#define M_UNKNOWN 8
    {"Dit veld kennen we niet.", "This field is not known."},
};

struct form {
    const char *company, *contact_name, *email, *postcode_raw, *slot;
    char phone[16], postcode[16];
    int pc4;
    bool consent, share;
};

static void field_error(json_t *errs, const char *field, int m, enum lang lang)
{
    if (json_object_get(errs, field) == NULL)
        json_object_set_new(errs, field, json_string(msg[m][lang]));
}

static const char *str_field(const json_t *body, const char *key)
{
    return json_string_value(json_object_get(body, key));
}

/* Checks every field; returns the object of field errors (empty when all fine). */
static json_t *check_form(const json_t *body, struct form *f, enum lang lang)
{
    json_t *errs = json_object();
    static const char *const known[] = {"company", "contact_name",  "email",
                                        "phone",   "postcode",      "slot",
                                        "consent", "share_answers", NULL};
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        size_t i = 0;
        while (known[i] != NULL && strcmp(known[i], key) != 0)
            i++;
        if (known[i] == NULL && strlen(key) <= 40 && validate_line(key, 40))
            field_error(errs, key, M_UNKNOWN, lang);
        else if (known[i] == NULL)
            field_error(errs, "_", M_UNKNOWN, lang);
    }
    memset(f, 0, sizeof(*f));
    f->company = str_field(body, "company");
    if (f->company == NULL || !validate_line(f->company, FIELD_MAX))
        field_error(errs, "company", M_COMPANY, lang);
    f->contact_name = str_field(body, "contact_name");
    if (f->contact_name == NULL || !validate_line(f->contact_name, FIELD_MAX))
        field_error(errs, "contact_name", M_NAME, lang);
    f->email = str_field(body, "email");
    if (f->email == NULL || !validate_email(f->email))
        field_error(errs, "email", M_EMAIL, lang);
    json_t *phone = json_object_get(body, "phone");
    if (phone != NULL && !json_is_null(phone) &&
        !(json_is_string(phone) && (json_string_length(phone) == 0 ||
                                    validate_phone_nl(json_string_value(phone), f->phone))))
        field_error(errs, "phone", M_PHONE, lang);
    f->postcode_raw = str_field(body, "postcode");
    f->pc4 = f->postcode_raw != NULL ? postcode_parse(f->postcode_raw) : -1;
    if (f->pc4 < 0)
        field_error(errs, "postcode", M_POSTCODE, lang);
    else if (strlen(f->postcode_raw) == 4)
        snprintf(f->postcode, sizeof(f->postcode), "%d", f->pc4);
    else {
        const char *l = f->postcode_raw + strlen(f->postcode_raw) - 2;
        snprintf(f->postcode, sizeof(f->postcode), "%d %c%c", f->pc4, l[0] & ~0x20, l[1] & ~0x20);
    }
    json_t *slot = json_object_get(body, "slot");
    f->slot = "";
    if (slot != NULL && !json_is_null(slot)) {
        if (!json_is_string(slot) || !token_valid(json_string_value(slot)))
            field_error(errs, "slot", M_SLOT, lang);
        else
            f->slot = json_string_value(slot);
    }
    json_t *consent = json_object_get(body, "consent");
    f->consent = json_is_true(consent);
    if (!f->consent)
        field_error(errs, "consent", M_CONSENT, lang);
    json_t *share = json_object_get(body, "share_answers");
    if (share != NULL && !json_is_boolean(share))
        field_error(errs, "share_answers", M_SHARE, lang);
    f->share = json_is_true(share);
    return errs;
}

static void hex_digest(const char *data, size_t len, char hex[65])
{
    uint8_t d[32];
    sha256(data, len, d);
    sha256_hex(d, hex);
}

/* What the network may see of the result when the respondent shares it. */
static char *summary_text(const struct qn *qn, const struct answers *a, const struct score *s)
{
    json_t *ps = json_array(), *crit = json_array(), *ans = json_object();
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        json_array_append_new(ps, json_pack("{s:s, s:i, s:s}", "id", qn->principles[p].id, "score",
                                            s->principle[p], "level",
                                            level_name(s->principle_level[p])));
    for (size_t k = 0; k < qn->nquestions; k++) {
        json_t *v = answers_to_json(qn, a, k);
        if (v != NULL)
            json_object_set_new(ans, qn->questions[k].id, v);
        for (size_t i = 0; i < qn->questions[k].noptions; i++)
            if ((a->sel[k] & (1u << i)) && qn->questions[k].options[i].critical)
                json_array_append_new(crit, json_string(qn->questions[k].id));
    }
    json_t *o = json_pack("{s:i, s:s, s:i, s:o, s:o, s:o, s:s}", "urgency", s->urgency, "level",
                          level_name(s->level), "safety", s->safety, "principles", ps, "critical",
                          crit, "answers", ans, "questionnaire_version", qn->version);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

static json_t *withdraw_links(struct req *r, const char *key)
{
    const char *base = r->w->cfg->public_url;
    char api[400], page[400];
    snprintf(api, sizeof(api), "%s/api/v1/withdrawals/%s", base, key);
    snprintf(page, sizeof(page), "%s/withdraw.html#%s", base, key);
    return json_pack("{s:s, s:s}", "withdraw_url", api, "withdraw_page", page);
}

/* The 201 body, from a stored referral (also for an idempotent replay). */
static int created_response(struct req *r, const json_t *ref, enum lang lang)
{
    const struct networks *nets = r->content->networks;
    const char *nid = json_string_value(json_object_get(ref, "network"));
    int ni = nid != NULL ? networks_find(nets, nid) : -1;
    if (ni < 0)
        return resp_error(r, 500, "internal", "The network of this referral is no longer known.");
    const struct network *nw = &nets->items[ni];
    int pc4 = postcode_parse(json_string_value(json_object_get(ref, "postcode")));
    struct location loc = {.province = -1};
    locate_pc4(r->content, pc4, &loc);
    int dist =
        loc.has_point ? (int)(routing_distance_km(loc.lat, loc.lon, nw->lat, nw->lon) + 0.5) : -1;
    json_t *slot = json_null();
    const char *sid = json_string_value(json_object_get(ref, "slot"));
    struct slot sl;
    if (sid != NULL && sid[0] != '\0' && slot_get(&r->w->durable, sid, &sl) == REF_OK)
        slot = slot_json(&sl, false);
    json_t *out =
        json_pack("{s:s, s:s, s:o, s:o}", "referral", json_string_value(json_object_get(ref, "id")),
                  "status", json_string_value(json_object_get(ref, "status")), "network",
                  network_json(nw, dist, lang), "slot", slot);
    json_object_update_new(out, withdraw_links(r, json_string_value(json_object_get(ref, "wkey"))));
    return resp_json(r, 201, out);
}

static int next_slots_error(struct req *r, const char *network, int status, const char *code,
                            const char *message)
{
    size_t n;
    enum ref_rc rc;
    struct slot *sl = slot_list(&r->w->durable, network, (int64_t)time(NULL) + 1, &n, &rc);
    json_t *next = json_array();
    for (size_t i = 0; sl != NULL && i < n && json_array_size(next) < 5; i++)
        if (sl[i].capacity > sl[i].booked)
            json_array_append_new(next, slot_json(&sl[i], false));
    free(sl);
    return resp_json(r, status,
                     json_pack("{s:{s:s, s:s, s:o}}", "error", "code", code, "message", message,
                               "next_slots", next));
}

int api_referral_create(struct req *r)
{
    struct api_session as;
    if (api_session_open(r, &as) != 0)
        return r->status;
    const struct qn *qn = as.qn;
    const struct answers *a = &as.a;
    const char *token = as.token, *campaign = as.campaign;
    int lang = as.lang;
    if (answers_count(qn, a) < qn->nquestions)
        return resp_error(r, 409, "incomplete", "Finish the test before asking for a scan.");
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    struct form f;
    json_t *errs = check_form(body, &f, (enum lang)lang);
    if (json_object_size(errs) > 0) {
        const char *first = json_string_value(json_object_iter_value(json_object_iter(errs)));
        json_t *e = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "invalid_fields", "message",
                              first, "fields", errs);
        json_decref(body);
        return resp_json(r, 422, e);
    }
    json_decref(errs);

    struct score s;
    score_compute(qn, a, &s);
    /* the business's own postcode decides the network: it is where the students go */
    struct location loc = {.province = -1};
    struct routing rt;
    locate_pc4(r->content, f.pc4, &loc);
    routing_pick(r->content->networks, &loc, sector_of(qn, a), &rt);
    const struct network *nw = &r->content->networks->items[rt.network];

    char sh[65], fp[65], joined[1200], id[TOKEN_LEN + 1], wkey[TOKEN_LEN + 1];
    hex_digest(token, strlen(token), sh);
    snprintf(joined, sizeof(joined), "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d", f.company,
             f.contact_name, f.email, f.phone, f.postcode, f.slot, f.share);
    hex_digest(joined, strlen(joined), fp);
    char *summary = f.share ? summary_text(qn, a, &s) : NULL;
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
        .lang = lang_name((enum lang)lang),
        .session_hash = sh,
        .fingerprint = fp,
        .now = now,
        .erase_at = now + r->w->cfg->retention_max_days * 86400,
    };
    enum ref_rc rc = referral_create(&r->w->durable, &in, id, wkey);
    bool with_slot = f.slot[0] != '\0';
    free(summary);
    memset(joined, 0, sizeof(joined));
    json_decref(body); /* the form's strings pointed into it */
    if (rc == REF_OK && campaign[0] != '\0') {
        char day[12];
        calendar_day_text(calendar_nl_day(now), day, sizeof(day));
        if (counters_funnel(&r->w->durable, campaign, day, "referral") < 0 ||
            (with_slot && counters_funnel(&r->w->durable, campaign, day, "booked") < 0))
            log_warn("funnel: a referral was not counted (durable Redis unavailable)");
    }
    switch (rc) {
    case REF_OK:
    case REF_EXISTS: {
        enum ref_rc grc;
        json_t *ref = referral_get(&r->w->durable, id, &grc);
        if (ref == NULL)
            return grc == REF_UNAVAILABLE ? api_unavailable(r)
                                          : resp_error(r, 500, "internal", "Internal error.");
        if (rc == REF_EXISTS && strcmp(rstr(ref, "fp"), fp) != 0) {
            json_decref(ref);
            return resp_error(
                r, 409, "referral_exists",
                lang == LANG_NL ? "Je hebt al een scan aangevraagd. Wil je iets wijzigen? Trek de "
                                  "aanvraag dan eerst in met de link uit je bevestiging."
                                : "You already asked for a scan. To change it, first withdraw "
                                  "it with the link in your confirmation.");
        }
        st = created_response(r, ref, (enum lang)lang);
        json_decref(ref);
        return st;
    }
    case REF_SLOT_FULL:
        return next_slots_error(r, nw->id, 409, "slot_full",
                                lang == LANG_NL
                                    ? "Dit moment is net vol geraakt. Kies een ander moment."
                                    : "This time slot has just filled up. Choose another one.");
    case REF_SLOT_GONE:
        return next_slots_error(r, nw->id, 409, "slot_unavailable", msg[M_SLOT][lang]);
    case REF_UNAVAILABLE: return api_unavailable(r);
    default: return resp_error(r, 500, "internal", "Internal error.");
    }
}

/* ---------- withdrawal ---------- */

static int withdraw_lookup(struct req *r, char id[TOKEN_LEN + 1])
{
    if (!token_valid(r->param[0]))
        return resp_error(r, 400, "bad_token", "The withdrawal link is not valid.");
    enum ref_rc rc = referral_by_withdraw_key(&r->w->durable, r->param[0], id);
    if (rc == REF_UNAVAILABLE)
        return api_unavailable(r);
    if (rc != REF_OK)
        return resp_error(r, 404, "unknown_referral",
                          "There is no request for a scan behind this link (any more).");
    return 0;
}

int api_withdrawal_get(struct req *r)
{
    char id[TOKEN_LEN + 1];
    if (withdraw_lookup(r, id) != 0)
        return r->status;
    enum ref_rc rc;
    json_t *ref = referral_get(&r->w->durable, id, &rc);
    if (ref == NULL)
        return rc == REF_UNAVAILABLE
                   ? api_unavailable(r)
                   : resp_error(r, 404, "unknown_referral",
                                "There is no request for a scan behind this link.");
    int lang = api_lang(r, strcmp(rstr(ref, "lang"), "en") == 0 ? LANG_EN : LANG_NL);
    const char *nid = json_string_value(json_object_get(ref, "network"));
    int ni = networks_find(r->content->networks, nid ? nid : "");
    json_t *slot = json_null();
    struct slot sl;
    const char *sid = json_string_value(json_object_get(ref, "slot"));
    if (sid != NULL && sid[0] && slot_get(&r->w->durable, sid, &sl) == REF_OK)
        slot = slot_json(&sl, false);
    char created[40];
    format_datetime(strtoll(rstr(ref, "created"), NULL, 10), 0, created, sizeof(created));
    json_t *out = json_pack(
        "{s:s, s:s, s:s, s:o, s:o}", "created", created, "status", rstr(ref, "status"), "company",
        rstr(ref, "company"), "slot", slot, "network",
        ni >= 0 && lang >= 0 ? network_json(&r->content->networks->items[ni], -1, (enum lang)lang)
                             : json_null());
    json_decref(ref);
    return resp_json(r, 200, out);
}

int api_withdrawal_delete(struct req *r)
{
    char id[TOKEN_LEN + 1];
    if (withdraw_lookup(r, id) != 0)
        return r->status;
    enum ref_rc rc = referral_erase(&r->w->durable, id, NULL);
    if (rc == REF_UNAVAILABLE)
        return api_unavailable(r);
    if (rc != REF_OK)
        return resp_error(r, 404, "unknown_referral",
                          "There is no request for a scan behind this link.");
    janitor_request_rewrite();
    r->status = 204;
    return 204;
}
