/*
 * api_campaign.c — campaigns that embed the test:
 *   GET /embed/{campaign}                    the test, framable by the campaign's origins only
 *   GET /api/v1/campaigns/{id}               public facts the embedded page checks against
 *   GET /api/v1/campaigns/{id}/stats[.csv]   the funnel per day (the owner's token)
 */
#include "api/api.h"
#include "domain/calendar.h"
#include "content/campaigns.h"
#include "content/content.h"
#include "store/counters.h"
#include "domain/csv.h"
#include "content/jfile.h"
#include "http/server.h"
#include "domain/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CSP_BASE                                                                                   \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action "        \
    "'self'; "

int api_campaign_active(struct req *r, const char *id)
{
    const struct campaigns *cs = r->content->campaigns;
    int ci = jfile_is_id(id, CAMPAIGN_ID_MAX, true) ? campaigns_find(cs, id) : -1;
    if (ci < 0 || !campaign_active(&cs->items[ci], calendar_nl_day((int64_t)time(NULL))))
        return -1;
    return ci;
}

int api_embed(struct req *r)
{
    const struct campaigns *cs = r->content->campaigns;
    const char *id = r->param[0];
    int ci = jfile_is_id(id, CAMPAIGN_ID_MAX, true) ? campaigns_find(cs, id) : -1;
    /* an unknown campaign gets the plain test, which only this site may frame */
    resp_header(r, "Content-Security-Policy: " CSP_BASE "frame-ancestors %s",
                ci >= 0 ? cs->items[ci].frame_ancestors : "'self'");
    resp_header(r, "Cache-Control: no-cache");
    return resp_static(r, 200, "text/html; charset=utf-8", r->content->embed_html,
                       r->content->embed_len);
}

static int find_campaign(struct req *r)
{
    const struct campaigns *cs = r->content->campaigns;
    const char *id = r->param[0];
    int ci = jfile_is_id(id, CAMPAIGN_ID_MAX, true) ? campaigns_find(cs, id) : -1;
    if (ci < 0)
        resp_error(r, 404, "unknown_campaign", "There is no campaign with this id.");
    return ci;
}

int api_campaign_get(struct req *r)
{
    int ci = find_campaign(r);
    if (ci < 0)
        return r->status;
    const struct campaign *c = &r->content->campaigns->items[ci];
    json_t *origins = json_array();
    for (size_t i = 0; i < c->norigins; i++)
        json_array_append_new(origins, json_string(c->origins[i]));
    json_t *owner = c->owner_network != NULL ? json_pack("{s:s}", "network", c->owner_network)
                                             : json_pack("{s:s}", "organisation", c->owner_org);
    resp_header(r, "Cache-Control: public, max-age=60");
    return resp_json(r, 200,
                     json_pack("{s:s, s:s, s:o, s:o, s:b}", "id", c->id, "name", c->name, "owner",
                               owner, "origins", origins, "active",
                               campaign_active(c, calendar_nl_day((int64_t)time(NULL)))));
}

/* ?from&to as day numbers (defaults: the last 30 days); -1 with 400 set when bad. */
int api_date_range(struct req *r, int64_t default_days, int64_t max_days, int64_t *from,
                   int64_t *to)
{
    char buf[16];
    int64_t today = calendar_nl_day((int64_t)time(NULL)), earliest;
    validate_date("2024-01-01", &earliest);
    *to = today;
    int got = req_query(r, "to", buf, sizeof(buf));
    if (got < 0 || (got > 0 && !validate_date(buf, to))) {
        resp_error(r, 400, "bad_date", "to must be a date YYYY-MM-DD.");
        return -1;
    }
    *from = *to - default_days + 1;
    got = req_query(r, "from", buf, sizeof(buf));
    if (got < 0 || (got > 0 && !validate_date(buf, from))) {
        resp_error(r, 400, "bad_date", "from must be a date YYYY-MM-DD.");
        return -1;
    }
    if (*from > *to) {
        resp_error(r, 400, "bad_range", "from lies after to.");
        return -1;
    }
    if (*from < earliest || *to > today) {
        resp_error(r, 400, "bad_range", "Dates run from 2024-01-01 up to today.");
        return -1;
    }
    if (*to - *from + 1 > max_days) {
        char msg[80];
        snprintf(msg, sizeof(msg), "A range may span at most %lld days.", (long long)max_days);
        resp_error(r, 400, "bad_range", msg);
        return -1;
    }
    return 0;
}

static int funnel(struct req *r, bool csv)
{
    int ci = find_campaign(r);
    if (ci < 0)
        return r->status;
    const struct campaign *c = &r->content->campaigns->items[ci];
    const char *t = api_bearer(r);
    if (t == NULL || !campaign_token_ok(c, r->content->networks, t, strlen(t)))
        return api_unauthorized(
            r, "zelftest-campaign",
            "Use the campaign owner's API token (Authorization: Bearer <token>).");
    int64_t from, to;
    if (api_date_range(r, 30, 366, &from, &to) < 0)
        return r->status;
    size_t ndays = (size_t)(to - from + 1);
    char(*days)[11] = calloc(ndays, sizeof(*days));
    const char **dp = calloc(ndays, sizeof(*dp));
    long *counts = calloc(ndays * FUNNEL_STEPS, sizeof(*counts));
    int st;
    if (days == NULL || dp == NULL || counts == NULL) {
        st = resp_error(r, 503, "unavailable", "Out of memory.");
        goto out;
    }
    for (size_t d = 0; d < ndays; d++) {
        calendar_day_text(from + (int64_t)d, days[d], sizeof(days[d]));
        dp[d] = days[d];
    }
    if (counters_read_funnel(&r->w->durable, c->id, dp, ndays, counts) < 0) {
        st = api_unavailable(r);
        goto out;
    }
    if (csv) {
        struct csv out;
        csv_init(&out, ',', 1);
        csv_field(&out, "date");
        for (int k = 0; k < FUNNEL_STEPS; k++)
            csv_field(&out, funnel_steps[k]);
        csv_row_end(&out);
        for (size_t d = 0; d < ndays; d++) {
            csv_field(&out, days[d]);
            for (int k = 0; k < FUNNEL_STEPS; k++) {
                char n[24];
                snprintf(n, sizeof(n), "%ld", counts[d * FUNNEL_STEPS + k]);
                csv_field(&out, n);
            }
            csv_row_end(&out);
        }
        size_t len;
        char *body = csv_take(&out, &len);
        if (body == NULL) {
            st = resp_error(r, 503, "unavailable", "Out of memory.");
            goto out;
        }
        resp_header(r, "Content-Disposition: attachment; filename=\"funnel-%s.csv\"", c->id);
        st = resp_raw(r, 200, "text/csv; charset=utf-8", body, len);
        goto out;
    }
    json_t *arr = json_array(), *totals = json_object();
    long sum[FUNNEL_STEPS] = {0};
    for (size_t d = 0; d < ndays; d++) {
        json_t *day = json_pack("{s:s}", "date", days[d]);
        for (int k = 0; k < FUNNEL_STEPS; k++) {
            json_object_set_new(day, funnel_steps[k], json_integer(counts[d * FUNNEL_STEPS + k]));
            sum[k] += counts[d * FUNNEL_STEPS + k];
        }
        json_array_append_new(arr, day);
    }
    for (int k = 0; k < FUNNEL_STEPS; k++)
        json_object_set_new(totals, funnel_steps[k], json_integer(sum[k]));
    st =
        resp_json(r, 200,
                  json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "campaign", c->id, "name", c->name,
                            "from", days[0], "to", days[ndays - 1], "days", arr, "totals", totals));
out:
    free(days);
    free(dp);
    free(counts);
    return st;
}

int api_campaign_stats(struct req *r)
{
    return funnel(r, false);
}

int api_campaign_stats_csv(struct req *r)
{
    return funnel(r, true);
}
