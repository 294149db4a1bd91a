/*
 * campaign.c — campaigns that embed the test:
 *   GET /embed/{campaign}                    the test, framable by the campaign's origins only
 *   GET /api/v1/campaigns/{id}               public facts the embedded page checks against
 *   GET /api/v1/campaigns/{id}/stats[.csv]   the funnel per day (the owner's token)
 */
#include "api/api.h"

#include "api/auth.h"
#include "domain/calendar.h"
#include "domain/csv.h"
#include "domain/validate.h"
#include "store/counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FUNNEL_DEFAULT_DAYS 30
#define FUNNEL_MAX_DAYS 366

#define CSP_BASE                                                                                   \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action "        \
    "'self'; "

/* Index of the campaign named by path parameter 0, or -1. */
static int campaign_param(struct req *r)
{
    const char *id = r->param[0];
    return validate_id(id, CAMPAIGN_ID_MAX, true) ? campaign_find(r->content->campaigns, id) : -1;
}

int api_embed(struct req *r)
{
    const struct campaigns *cs = r->content->campaigns;
    int ci = campaign_param(r);
    /* an unknown campaign gets the plain test, which only this site may frame */
    resp_header(r, "Content-Security-Policy: " CSP_BASE "frame-ancestors %s",
                ci >= 0 ? cs->items[ci].frame_ancestors : "'self'");
    resp_header(r, "Cache-Control: no-cache");
    return resp_static(r, 200, "text/html; charset=utf-8", r->content->embed_html,
                       r->content->embed_len);
}

static int find_campaign(struct req *r)
{
    int ci = campaign_param(r);
    if (ci < 0)
        api_fail(r, E_UNKNOWN_CAMPAIGN);
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

static int funnel(struct req *r, bool csv)
{
    int ci = find_campaign(r);
    if (ci < 0)
        return r->status;
    const struct campaign *c = &r->content->campaigns->items[ci];
    if (!auth_campaign(r, c))
        return r->status;
    int64_t from, to;
    if (api_date_range(r, FUNNEL_DEFAULT_DAYS, FUNNEL_MAX_DAYS, &from, &to) < 0)
        return r->status;
    size_t ndays = (size_t)(to - from + 1);
    char(*days)[CALENDAR_DAY_TEXT] = calloc(ndays, sizeof(*days));
    const char **dp = calloc(ndays, sizeof(*dp));
    long *counts = calloc(ndays * FUNNEL_STEPS, sizeof(*counts));
    int st;
    if (days == NULL || dp == NULL || counts == NULL) {
        st = api_fail(r, E_UNAVAILABLE);
        goto out;
    }
    for (size_t d = 0; d < ndays; d++) {
        calendar_day_text(from + (int64_t)d, days[d]);
        dp[d] = days[d];
    }
    if (counters_read_funnel(&r->app->durable, c->id, dp, ndays, counts) < 0) {
        st = api_fail(r, E_UNAVAILABLE);
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
            st = api_fail(r, E_UNAVAILABLE);
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
