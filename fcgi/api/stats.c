/*
 * stats.c — the anonymous statistics (public):
 *   GET
 * /api/v1/stats?by=sector|size|province|campaign&from=YYYY-MM-DD&to=YYYY-MM-DD[&version=][&lang=]
 *     [&set=2018|2024]
 *   GET /api/v1/stats.csv?…   the same as CSV
 * Counted per ISO week; groups under 10 respondents are suppressed (stats.h).
 * set=2018 (default): by the DTC's five basic principles; set=2024: by the
 * NCSC/DTC set of 2024, each respondent counted at completion with a level
 * per 2024 principle over the questions mapped to it (store/counters.h).
 */
#include "api/api.h"

#include "domain/calendar.h"
#include "domain/completion.h"
#include "domain/csv.h"
#include "domain/province.h"
#include "domain/suppress.h"
#include "store/counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATS_DEFAULT_DAYS 84 /* twelve weeks */
#define MAX_DAYS 731
#define MAX_WEEKS (MAX_DAYS / 7 + 2)
#define MAX_GROUPS (CAMPAIGN_MAX + 1)

struct groups {
    const char *key[MAX_GROUPS];
    const char *label[MAX_GROUPS];
    size_t n;
};

static void groups_of(struct req *r, const struct qn *qn, enum stats_by by, enum lang lang,
                      struct groups *g)
{
    g->n = 0;
    if (by == BY_SECTOR || by == BY_SIZE) {
        const struct qn_question *q =
            &qn->questions[qn->role_question[by == BY_SECTOR ? QN_ROLE_SECTOR : QN_ROLE_SIZE]];
        for (size_t i = 0; i < q->noptions; i++) {
            g->key[g->n] = q->options[i].id;
            g->label[g->n++] = q->options[i].label.s[lang];
        }
    } else if (by == BY_PROVINCE) {
        for (int i = 0; i < PROVINCE_COUNT; i++) {
            g->key[g->n] = provinces[i].code;
            g->label[g->n++] = provinces[i].name;
        }
        g->key[g->n] = COMPLETION_UNKNOWN;
        g->label[g->n++] = lang == LANG_NL ? "Onbekend" : "Unknown";
    } else {
        const struct campaigns *cs = r->content->campaigns;
        for (size_t i = 0; i < cs->n && g->n + 1 < MAX_GROUPS; i++) {
            g->key[g->n] = cs->items[i].id;
            g->label[g->n++] = cs->items[i].name;
        }
        g->key[g->n] = COMPLETION_NO_CAMPAIGN;
        g->label[g->n++] = lang == LANG_NL ? "Zonder campagne" : "No campaign";
    }
}

/* The principles of one view: the DTC's five, or the 2024 set's that have questions. */
#define VIEW_MAX (NCSC_COUNT > QN_PRINCIPLES ? NCSC_COUNT : QN_PRINCIPLES)
struct view {
    bool set2024;
    size_t n;
    const char *id[VIEW_MAX], *title[VIEW_MAX];
    int index[VIEW_MAX]; /* into stats_cell.level or .set2024 */
};

static void view_of(const struct qn *qn, bool set2024, enum lang lang, struct view *v)
{
    v->set2024 = set2024;
    v->n = 0;
    if (!set2024) {
        for (size_t p = 0; p < QN_PRINCIPLES; p++, v->n++) {
            v->id[v->n] = qn->principles[p].id;
            v->title[v->n] = qn->principles[p].title.s[lang];
            v->index[v->n] = (int)p;
        }
        return;
    }
    bool has[NCSC_COUNT] = {false};
    for (size_t k = 0; k < qn->nquestions; k++)
        if (qn->questions[k].principle >= 0)
            has[qn->questions[k].ncsc] = true;
    for (int g = 0; g < NCSC_COUNT; g++)
        if (has[g]) {
            v->id[v->n] = ncsc_name((enum ncsc)g);
            v->title[v->n] = qn->ncsc_title[g].s[lang];
            v->index[v->n++] = g;
        }
}

static long view_count(const struct view *v, const struct stats_cell *c, size_t i, int l)
{
    return v->set2024 ? c->set2024[v->index[i]][l] : c->level[v->index[i]][l];
}

static double fraction(long part, long whole)
{
    /* four decimals, so the fractions of a group add up to 1 within rounding */
    return (double)((part * 20000 / whole + 1) / 2) / 10000.0;
}

static int stats(struct req *r, bool csv)
{
    char byname[16], version[QN_VERSION_MAX + 1];
    int got = req_query(r, "by", byname, sizeof(byname));
    int by = -1;
    for (int b = 0; got > 0 && b < BY_COUNT; b++)
        if (strcmp(stats_by_names[b], byname) == 0)
            by = b;
    if (by < 0)
        return api_fail(r, E_BAD_BY);
    const struct qn *qn = content_qn(r->content);
    got = req_query(r, "version", version, sizeof(version));
    if (got < 0 || (got > 0 && (qn = content_qn_version(r->content, version)) == NULL))
        return api_fail(r, E_BAD_VERSION);
    char setname[8];
    got = req_query(r, "set", setname, sizeof(setname));
    if (got < 0 || (got > 0 && strcmp(setname, "2018") != 0 && strcmp(setname, "2024") != 0))
        return api_fail(r, E_BAD_SET);
    bool set2024 = got > 0 && strcmp(setname, "2024") == 0;
    int lang = api_lang(r, LANG_NL);
    int64_t from, to;
    if (lang < 0 || api_date_range(r, STATS_DEFAULT_DAYS, MAX_DAYS, &from, &to) < 0)
        return r->status;
    struct view v;
    view_of(qn, set2024, (enum lang)lang, &v);

    /* whole ISO weeks: from the Monday of `from` to the Sunday of `to` */
    char weekbuf[MAX_WEEKS][CALENDAR_WEEK_TEXT];
    const char *weeks[MAX_WEEKS];
    int64_t first_monday, last_sunday;
    size_t nweeks = calendar_weeks(from, to, weekbuf, MAX_WEEKS, &first_monday, &last_sunday);
    for (size_t w = 0; w < nweeks; w++)
        weeks[w] = weekbuf[w];
    struct groups g;
    groups_of(r, qn, (enum stats_by)by, (enum lang)lang, &g);
    struct stats_cell *cells = calloc(nweeks * g.n, sizeof(*cells));
    struct stats_cell *out = calloc(g.n, sizeof(*out));
    int st;
    if (cells == NULL || out == NULL) {
        st = api_fail(r, E_UNAVAILABLE);
        goto done;
    }
    if (counters_read_stats(&r->app->durable, qn, (enum stats_by)by, g.key, g.n, weeks, nweeks,
                            cells) < 0) {
        st = api_fail(r, E_UNAVAILABLE);
        goto done;
    }
    suppress_aggregate(cells, nweeks, g.n, out);
    char fromtxt[CALENDAR_DAY_TEXT], totxt[CALENDAR_DAY_TEXT];
    calendar_day_text(first_monday, fromtxt);
    calendar_day_text(last_sunday, totxt);

    if (csv) {
        struct csv c;
        csv_init(&c, ',', 1);
        csv_field(&c, "by");
        csv_field(&c, "key");
        csv_field(&c, "label");
        csv_field(&c, "respondents");
        csv_field(&c, "suppressed");
        for (size_t p = 0; p < v.n; p++)
            for (int l = 0; l < LEVEL_COUNT; l++) {
                char h[QN_ID_MAX + 16];
                snprintf(h, sizeof(h), "%s_%s", v.id[p], level_name(l));
                csv_field(&c, h);
            }
        csv_row_end(&c);
        for (size_t k = 0; k < g.n; k++) {
            char num[32];
            csv_field(&c, stats_by_names[by]);
            csv_field(&c, g.key[k]);
            csv_field(&c, g.label[k]);
            snprintf(num, sizeof(num), "%ld", out[k].n);
            csv_field(&c, out[k].n > 0 ? num : "");
            csv_field(&c, out[k].n > 0 ? "false" : "true");
            for (size_t p = 0; p < v.n; p++)
                for (int l = 0; l < LEVEL_COUNT; l++) {
                    snprintf(num, sizeof(num), "%.4f",
                             out[k].n > 0 ? fraction(view_count(&v, &out[k], p, l), out[k].n) : 0);
                    csv_field(&c, out[k].n > 0 ? num : "");
                }
            csv_row_end(&c);
        }
        size_t len;
        char *body = csv_take(&c, &len);
        if (body == NULL) {
            st = api_fail(r, E_UNAVAILABLE);
            goto done;
        }
        resp_header(r,
                    "Content-Disposition: attachment; filename=\"zelftest-stats-%s%s-%s-%s.csv\"",
                    stats_by_names[by], set2024 ? "-2024" : "", fromtxt, totxt);
        st = resp_raw(r, 200, "text/csv; charset=utf-8", body, len);
        goto done;
    }
    json_t *arr = json_array();
    for (size_t k = 0; k < g.n; k++) {
        json_t *o = json_pack("{s:s, s:s}", "key", g.key[k], "label", g.label[k]);
        if (out[k].n == 0) {
            /* fewer than 10, or held back so nothing can be subtracted: no numbers at all */
            json_object_set_new(o, "suppressed", json_true());
        } else {
            json_t *ps = json_object();
            for (size_t p = 0; p < v.n; p++) {
                json_t *lv = json_object();
                for (int l = 0; l < LEVEL_COUNT; l++)
                    json_object_set_new(
                        lv, level_name(l),
                        json_real(fraction(view_count(&v, &out[k], p, l), out[k].n)));
                json_object_set_new(ps, v.id[p], lv);
            }
            json_object_set_new(o, "respondents", json_integer(out[k].n));
            json_object_set_new(o, "suppressed", json_false());
            json_object_set_new(o, "principles", ps);
        }
        json_array_append_new(arr, o);
    }
    json_t *principles = json_array();
    for (size_t p = 0; p < v.n; p++)
        json_array_append_new(principles,
                              json_pack("{s:s, s:s}", "id", v.id[p], "title", v.title[p]));
    resp_header(r, "Cache-Control: public, max-age=300");
    st = resp_json(r, 200,
                   json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o}", "by",
                             stats_by_names[by], "set", set2024 ? "2024" : "2018", "from", fromtxt,
                             "to", totxt, "questionnaire_version", qn->version, "weeks",
                             (int)nweeks, "min_group", SUPPRESS_MIN_GROUP, "principles", principles,
                             "groups", arr));
done:
    free(cells);
    free(out);
    return st;
}

int api_stats(struct req *r)
{
    return stats(r, false);
}

int api_stats_csv(struct req *r)
{
    return stats(r, true);
}
