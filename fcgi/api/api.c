/*
 * api.c — the route table, checked before any handler runs; the request
 * entry the worker pool calls; the helpers the handlers share.
 */
#include "api/api.h"

#include "domain/calendar.h"
#include "domain/validate.h"
#include "http/route.h"
#include "store/session.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Statistics and funnels run from this date (the product's first data) up to today. */
#define API_FIRST_DATE "2024-01-01"

static const struct route routes[] = {
    {M_GET, "/healthz", api_health},
    {M_GET, "/api/v1/version", api_version},
    {M_GET, "/api/v1/questionnaire", api_questionnaire},
    {M_POST, "/api/v1/sessions", api_session_create},
    {M_GET, "/api/v1/sessions/*", api_session_get},
    {M_PUT, "/api/v1/sessions/*/answers/*", api_session_answer},
    {M_GET, "/api/v1/sessions/*/result", api_session_result},
    {M_PUT, "/api/v1/sessions/*/lang", api_session_lang},
    {M_POST, "/api/v1/sessions/*/referral", api_referral_create},
    {M_GET, "/api/v1/sessions/*/referral/calendar.ics", api_referral_calendar},
    {M_GET, "/api/v1/networks/*/slots", api_network_slots_public},
    {M_GET, "/api/v1/withdrawals/*", api_withdrawal_get},
    {M_DELETE, "/api/v1/withdrawals/*", api_withdrawal_delete},
    {M_GET, "/api/v1/network", api_network_me},
    {M_GET, "/api/v1/network/referrals", api_network_referrals},
    {M_GET, "/api/v1/network/referrals.csv", api_network_referrals_csv},
    {M_GET, "/api/v1/network/referrals/*", api_network_referral_get},
    {M_DELETE, "/api/v1/network/referrals/*", api_network_referral_delete},
    {M_POST, "/api/v1/network/referrals/*/status", api_network_referral_status},
    {M_PUT, "/api/v1/network/referrals/*/booking", api_network_booking_set},
    {M_POST, "/api/v1/network/referrals/*/outcome", api_network_outcome},
    {M_GET, "/api/v1/network/findings", api_network_findings},
    {M_GET, "/api/v1/stats/outcomes", api_stats_outcomes},
    {M_GET, "/api/v1/stats/outcomes.csv", api_stats_outcomes_csv},
    {M_GET, "/api/v1/stats/improvement", api_stats_improvement},
    {M_GET, "/api/v1/stats/summary", api_stats_summary},
    {M_DELETE, "/api/v1/retests/*", api_retest_decline},
    {M_DELETE, "/api/v1/network/referrals/*/booking", api_network_booking_cancel},
    {M_GET, "/api/v1/network/slots", api_network_slots},
    {M_POST, "/api/v1/network/slots", api_network_slot_create},
    {M_DELETE, "/api/v1/network/slots/*", api_network_slot_delete},
    {M_GET, "/embed/*", api_embed},
    {M_GET, "/api/v1/campaigns/*", api_campaign_get},
    {M_GET, "/api/v1/campaigns/*/stats", api_campaign_stats},
    {M_GET, "/api/v1/campaigns/*/stats.csv", api_campaign_stats_csv},
    {M_GET, "/api/v1/stats", api_stats},
    {M_GET, "/api/v1/stats.csv", api_stats_csv},
    {M_GET, "/metrics", api_metrics},
};
_Static_assert(sizeof(routes) / sizeof(routes[0]) < METRICS_ROUTE_NONE, "routes fit the metrics");

static const struct config *g_cfg;
static atomic_int g_running;
static time_t g_started;

int api_init(const struct config *cfg, char *err, size_t errlen)
{
    g_cfg = cfg;
    compose_init(cfg);
    g_started = time(NULL);
    return store_library_init(err, errlen);
}

void *api_worker_start(int id, void *arg)
{
    (void)id;
    (void)arg;
    struct app *a = calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    a->cfg = g_cfg;
    int timeout = (int)g_cfg->redis_timeout_ms;
    store_init(&a->sessions, &g_cfg->redis, timeout, "sessions");
    store_init(&a->durable, &g_cfg->redis_durable, timeout, "durable");
    atomic_fetch_add(&g_running, 1);
    return a;
}

void api_worker_stop(void *ctx)
{
    struct app *a = ctx;
    store_close(&a->sessions);
    store_close(&a->durable);
    content_hold_drop(&a->hold);
    atomic_fetch_sub(&g_running, 1);
    free(a);
}

int api_workers_running(void)
{
    return atomic_load(&g_running);
}

const struct route *api_routes(size_t *n)
{
    *n = sizeof(routes) / sizeof(routes[0]);
    return routes;
}

int64_t api_start_time(void)
{
    return (int64_t)g_started;
}

void api_handle(struct req *r, void *ctx)
{
    struct app *a = ctx;
    r->app = a;
    r->content = content_hold_refresh(&a->hold);
    /* the language of error messages until a session says otherwise */
    char q[8];
    int l = req_query(r, "lang", q, sizeof(q)) > 0 ? lang_parse(q) : -1;
    r->lang = l >= 0 ? l : (int)lang_from_accept(req_env(r, "HTTP_ACCEPT_LANGUAGE"), LANG_NL);
    int64_t t0 = clock_now_us();
    int st = route_dispatch(r, routes, sizeof(routes) / sizeof(routes[0]));
    metrics_request(r->route != NULL ? (int)(r->route - routes) : METRICS_ROUTE_NONE, st,
                    clock_now_us() - t0);
}

/* ---------- shared by the handlers ---------- */

int api_lang(struct req *r, int def)
{
    char buf[8];
    int got = req_query(r, "lang", buf, sizeof(buf));
    if (got == 0)
        return def;
    int l = got > 0 ? lang_parse(buf) : -1;
    if (l < 0) {
        api_fail(r, E_BAD_LANG);
        return -1;
    }
    return l;
}

int api_token_param(struct req *r, size_t i, const char **token)
{
    if (i >= r->nparam || !token_valid(r->param[i]))
        return api_fail(r, E_BAD_TOKEN);
    *token = r->param[i];
    return 0;
}

int api_session_open(struct req *r, struct api_session *out)
{
    memset(out, 0, sizeof(*out));
    if (api_token_param(r, 0, &out->token) != 0)
        return r->status;
    struct session ss;
    enum store_err rc = session_load(&r->app->sessions, out->token, &ss);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SESSION);
    out->lang = api_lang(r, (int)ss.lang);
    r->lang = out->lang >= 0 ? out->lang : (int)ss.lang;
    out->qn = out->lang < 0 ? NULL : content_qn_version(r->content, ss.version);
    if (out->qn != NULL) {
        session_answers(&ss, out->qn, &out->a);
        snprintf(out->campaign, sizeof(out->campaign), "%s", ss.campaign);
        out->counted = ss.counted;
        snprintf(out->retest, sizeof(out->retest), "%s", ss.retest);
        out->ttl = ss.ttl > 0 ? ss.ttl : 0;
    }
    session_release(&ss);
    if (out->lang < 0)
        return r->status;
    if (out->qn == NULL)
        return api_fail(r, E_QUESTIONNAIRE_RETIRED);
    return 0;
}

int api_campaign_active(struct req *r, const char *id)
{
    const struct campaigns *cs = r->content->campaigns;
    int ci = validate_id(id, CAMPAIGN_ID_MAX, true) ? campaign_find(cs, id) : -1;
    if (ci < 0 || !campaign_active(&cs->items[ci], calendar_nl_day((int64_t)time(NULL))))
        return -1;
    return ci;
}

int api_date_range(struct req *r, int64_t default_days, int64_t max_days, int64_t *from,
                   int64_t *to)
{
    char buf[16];
    int64_t today = calendar_nl_day((int64_t)time(NULL)), earliest;
    validate_date(API_FIRST_DATE, &earliest);
    *to = today;
    int got = req_query(r, "to", buf, sizeof(buf));
    if (got < 0 || (got > 0 && !validate_date(buf, to))) {
        api_fail(r, E_BAD_DATE);
        return -1;
    }
    *from = *to - default_days + 1;
    got = req_query(r, "from", buf, sizeof(buf));
    if (got < 0 || (got > 0 && !validate_date(buf, from))) {
        api_fail(r, E_BAD_DATE);
        return -1;
    }
    if (*from > *to || *from < earliest || *to > today || *to - *from + 1 > max_days) {
        char msg[200];
        snprintf(msg, sizeof(msg),
                 r->lang == LANG_EN
                     ? "Dates run from " API_FIRST_DATE " up to today, from not after to, and a "
                       "range spans at most %lld days."
                     : "Datums lopen van " API_FIRST_DATE " tot vandaag, from niet na to, en een "
                       "periode is hoogstens %lld dagen.",
                 (long long)max_days);
        api_fail_msg(r, E_BAD_RANGE, msg);
        return -1;
    }
    return 0;
}

json_t *api_slot_json(const struct slot *sl, bool full)
{
    char start[CALENDAR_TIME_TEXT];
    calendar_format_time(sl->start, sl->tz_min, start);
    int remaining = sl->capacity - sl->booked;
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:s, s:i}", "id", sl->id, "start", start, "minutes", sl->minutes,
                  "place", sl->place, "remaining", remaining > 0 ? remaining : 0);
    if (o != NULL)
        json_object_set_new(o, "scan", json_string(sl->scan));
    if (o != NULL && full) {
        json_object_set_new(o, "capacity", json_integer(sl->capacity));
        json_object_set_new(o, "booked", json_integer(sl->booked));
    }
    return o;
}

const char *api_str(const json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v != NULL ? v : "";
}

json_t *api_network_json(const struct network *nw, int distance_km, enum lang lang)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "id", nw->id, "name", nw->name,
                          "description", nw->description.s[lang], "place", nw->place, "contact",
                          "email", nw->email, "phone", nw->phone, "website", nw->website);
    json_object_set_new(o, "distance_km",
                        distance_km >= 0 ? json_integer(distance_km) : json_null());
    return o;
}
