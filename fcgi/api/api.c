/*
 * api.c — the route table, checked before any handler runs, and the
 * helpers the handlers share.
 */
#include "api/api.h"

#include "content/content.h"
#include "store/counters.h"
#include "store/referral.h"
#include "http/route.h"
#include "http/server.h"
#include "domain/token.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct route routes[] = {
    {M_GET, "/healthz", api_health},
    {M_GET, "/api/v1/version", api_version},
    {M_GET, "/api/v1/questionnaire", api_questionnaire},
    {M_POST, "/api/v1/sessions", api_session_create},
    {M_GET, "/api/v1/sessions/*", api_session_get},
    {M_PUT, "/api/v1/sessions/*/answers/*", api_session_answer},
    {M_GET, "/api/v1/sessions/*/result", api_session_result},
    {M_POST, "/api/v1/sessions/*/referral", api_referral_create},
    {M_GET, "/api/v1/networks/*/slots", api_network_slots_public},
    {M_GET, "/api/v1/withdrawals/*", api_withdrawal_get},
    {M_DELETE, "/api/v1/withdrawals/*", api_withdrawal_delete},
    {M_GET, "/api/v1/network", api_network_me},
    {M_GET, "/api/v1/network/referrals", api_network_referrals},
    {M_GET, "/api/v1/network/referrals.csv", api_network_referrals_csv},
    {M_GET, "/api/v1/network/referrals/*", api_network_referral_get},
    {M_DELETE, "/api/v1/network/referrals/*", api_network_referral_delete},
    {M_POST, "/api/v1/network/referrals/*/status", api_network_referral_status},
    {M_GET, "/api/v1/network/slots", api_network_slots},
    {M_POST, "/api/v1/network/slots", api_network_slot_create},
    {M_DELETE, "/api/v1/network/slots/*", api_network_slot_delete},
    {M_GET, "/embed/*", api_embed},
    {M_GET, "/api/v1/campaigns/*", api_campaign_get},
    {M_GET, "/api/v1/campaigns/*/stats", api_campaign_stats},
    {M_GET, "/api/v1/campaigns/*/stats.csv", api_campaign_stats_csv},
    {M_GET, "/api/v1/stats", api_stats},
    {M_GET, "/api/v1/stats.csv", api_stats_csv},
};

static struct cidr_list g_trusted;

const struct cidr_list *api_trusted_proxies(void)
{
    return &g_trusted;
}

int api_init(const struct config *cfg, char *err, size_t errlen)
{
    char e2[200];
    if (cidr_list_parse(cfg->trusted_proxies, &g_trusted, e2, sizeof(e2)) < 0) {
        snprintf(err, errlen, "ZELFTEST_TRUSTED_PROXIES: %s", e2);
        return -1;
    }
    session_scripts_init();
    referral_scripts_init();
    counters_scripts_init();
    return 0;
}

void api_free(void) {}

void api_dispatch(struct req *r)
{
    route_dispatch(r, routes, sizeof(routes) / sizeof(routes[0]));
}

int api_unavailable(struct req *r)
{
    resp_header(r, "Retry-After: 1");
    return resp_error(r, 503, "unavailable",
                      "The service is temporarily unavailable. Please try again in a moment.");
}

int api_token_param(struct req *r, size_t i, const char **token)
{
    if (i >= r->nparam || !token_valid(r->param[i]))
        return resp_error(r, 400, "bad_token", "The session token is not valid.");
    *token = r->param[i];
    return 0;
}

int api_session_error(struct req *r, enum session_rc rc)
{
    switch (rc) {
    case SESSION_NOT_FOUND:
        return resp_error(r, 404, "unknown_session",
                          "This session does not exist or has expired. Start the test again.");
    case SESSION_UNAVAILABLE: return api_unavailable(r);
    default: return resp_error(r, 500, "internal", "Something went wrong on our side.");
    }
}

const char *api_bearer(struct req *r)
{
    const char *h = req_env(r, "HTTP_AUTHORIZATION");
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    const char *t = h + 7;
    size_t n = strlen(t);
    if (n < 16 || n > 256)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (t[i] <= 0x20 || t[i] >= 0x7f)
            return NULL;
    return t;
}

int api_unauthorized(struct req *r, const char *realm, const char *message)
{
    resp_header(r, "WWW-Authenticate: Bearer realm=\"%s\"", realm);
    return resp_error(r, 401, "unauthorized", message);
}

int api_lang(struct req *r, int def)
{
    char buf[8];
    int got = req_query(r, "lang", buf, sizeof(buf));
    if (got == 0)
        return def;
    int l = got > 0 ? lang_parse(buf) : -1;
    if (l < 0) {
        resp_error(r, 400, "bad_lang", "lang must be nl or en.");
        return -1;
    }
    return l;
}

int api_version(struct req *r)
{
    const struct qn *qn = content_qn(r->content);
    return resp_json(
        r, 200,
        json_pack("{s:s, s:s}", "service", "zelftest", "questionnaire_version", qn->version));
}

int api_health(struct req *r)
{
    static const char *ping[] = {"PING"};
    struct store *stores[] = {&r->w->sessions, &r->w->durable};
    for (size_t i = 0; i < 2; i++) {
        redisReply *rep = store_cmd(stores[i], 1, ping, NULL);
        bool ok = rep != NULL && rep->type == REDIS_REPLY_STATUS;
        if (rep != NULL)
            freeReplyObject(rep);
        if (!ok) {
            resp_header(r, "Retry-After: 1");
            return resp_json(r, 503,
                             json_pack("{s:s, s:{s:s, s:s}}", "status", "unavailable", "error",
                                       "code", "unavailable", "message",
                                       i == 0 ? "The session store does not answer."
                                              : "The durable store does not answer."));
        }
    }
    return resp_json(r, 200,
                     json_pack("{s:s, s:{s:i, s:I}}", "status", "ok", "workers", "running",
                               server_workers_running(), "configured",
                               (json_int_t)r->w->cfg->workers));
}
