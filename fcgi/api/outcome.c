/*
 * outcome.c — what the students found, and what the networks learn from it:
 *   POST /api/v1/network/referrals/{id}/outcome  the scan's outcome (bearer token):
 *        {"principles":{"<principle>":"ok|attention|urgent", … all five},
 *         "findings":["<finding id>", …], "report_sent":"YYYY-MM-DD"}
 *   GET  /api/v1/network/findings                the catalogue (bearer token)
 *   GET  /api/v1/stats/outcomes[.csv]?by=sector|size|province|network&from&to
 *        per group: observed levels per principle, the most frequent findings,
 *        and the calibration (the self-test's level against the students'),
 *        groups under 10 scans held back as in the self-test statistics
 */
#include "api/api.h"

#include "api/auth.h"
#include "domain/calendar.h"
#include "domain/completion.h"
#include "domain/csv.h"
#include "domain/finding.h"
#include "domain/outcome.h"
#include "domain/province.h"
#include "domain/suppress.h"
#include "domain/validate.h"
#include "mail/sender.h"
#include "store/counters.h"
#include "store/outcome.h"
#include "store/referral.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* the self-test's levels as the referral keeps them: the first letter of low, medium, high */
static const char self_letter[LEVEL_COUNT] = {'l', 'm', 'h'};

#define TOP_FINDINGS 10
#define STATS_DEFAULT_DAYS 364
#define MAX_DAYS 731
#define MAX_WEEKS (MAX_DAYS / 7 + 2)

/* ---------- recording an outcome ---------- */

static int refused(struct req *r, const char *field, const char *nl, const char *en)
{
    const char *msg = r->lang == LANG_EN ? en : nl;
    json_t *e = api_error_body(r, E_INVALID_FIELDS, msg);
    json_object_set_new(json_object_get(e, "error"), "fields", json_pack("{s:s}", field, msg));
    return resp_json(r, api_status(E_INVALID_FIELDS), e);
}

int api_network_outcome(struct req *r)
{
    const struct network *nw = auth_network(r);
    if (nw == NULL)
        return r->status;
    const char *id = r->param[0];
    if (!token_valid(id))
        return api_fail(r, E_UNKNOWN_REFERRAL);
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    const struct qn *qn = content_qn(r->content);
    const struct findings *cat = r->content->findings;
    int64_t now = (int64_t)time(NULL);
    struct outcome_form form;
    const char *bad;
    char msg[OUTCOME_MSG_MAX], msg_en[OUTCOME_MSG_MAX];
    if (outcome_form_check(body, qn, cat, calendar_nl_day(now), &form, &bad, msg, msg_en) < 0) {
        json_decref(body);
        return refused(r, bad, msg, msg_en);
    }
    const char *const *levels = form.level, *const *fids = form.finding;
    const char *pids[QN_PRINCIPLES];
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        pids[p] = qn->principles[p].id;
    size_t nf = form.nfindings;
    const char *sent_s = form.report_sent;
    /* stored with the referral: what was recorded, and when */
    json_t *oj = json_object(), *ojp = json_object(), *ojf = json_array();
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        json_object_set_new(ojp, pids[p], json_string(levels[p]));
    for (size_t i = 0; i < nf; i++)
        json_array_append_new(ojf, json_string(fids[i]));
    char recorded[CALENDAR_TIME_TEXT], week[CALENDAR_WEEK_TEXT];
    calendar_format_time(now, 0, recorded);
    calendar_iso_week(calendar_nl_day(now), week, NULL);
    json_object_set_new(oj, "principles", ojp);
    json_object_set_new(oj, "findings", ojf);
    json_object_set_new(oj, "report_sent", sent_s[0] ? json_string(sent_s) : json_null());
    json_object_set_new(oj, "recorded", json_string(recorded));
    char *ojs = json_dumps(oj, JSON_COMPACT);
    json_decref(oj);

    /* the owner's re-test invitation, when asked for and this is the first outcome */
    enum store_err rc;
    json_t *ref = referral_get(&r->app->durable, id, &rc);
    char rtk[TOKEN_LEN + 1] = "";
    struct mail_rec mails[OUTBOX_MAX_MAILS];
    size_t nmails = 0;
    if (ref != NULL && strcmp(api_str(ref, "network"), nw->id) == 0 &&
        strcmp(api_str(ref, "retest"), "1") == 0 && api_str(ref, "rtk")[0] == '\0') {
        struct mail_facts mf;
        struct slot sl;
        secure_token(rtk);
        if (api_mail_facts(r, ref, NULL, &sl, &mf) == 0) {
            mf.retest_key = rtk;
            nmails = compose_retest(&mf, now + r->app->cfg->retest_after_days * 86400L, mails);
        }
    }
    struct outcome_in in = {
        .id = id,
        .network = nw->id,
        .findings = fids,
        .nfindings = nf,
        .json = ojs != NULL ? ojs : "{}",
        .week = week,
        .retest_key = rtk,
        .retest_ttl = (r->app->cfg->retest_after_days + RETEST_VALID_DAYS) * 86400L,
        .now = now,
        .done_secs = r->app->cfg->retention_done_days * 86400L,
        .max_secs = r->app->cfg->retention_max_days * 86400L,
        .keep_secs = COUNTERS_KEEP_SECONDS,
    };
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        in.principle[p] = pids[p];
        in.level[p] = levels[p];
    }
    char status[16];
    bool made;
    rc = ref == NULL ? rc : outcome_record(&r->app->durable, &in, mails, nmails, status, &made);
    outbox_free(mails, nmails);
    free(ojs);
    json_decref(body);
    json_decref(ref);
    if (rc == STORE_OK && made)
        mail_wake();
    if (rc == STORE_CONFLICT)
        return api_fail(r, E_WRONG_STATUS);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    return api_network_referral_get(r);
}

/* ---------- the catalogue ---------- */

json_t *api_findings_json(const struct qn *qn, const struct findings *cat, enum lang lang)
{
    json_t *ps = json_array(), *fs = json_array();
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        json_array_append_new(ps, json_pack("{s:s, s:s}", "id", qn->principles[p].id, "title",
                                            qn->principles[p].title.s[lang]));
    for (size_t i = 0; i < cat->n; i++) {
        const struct finding *f = &cat->items[i];
        json_array_append_new(fs, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", f->id, "principle",
                                            qn->principles[f->principle].id, "ncsc_2024",
                                            ncsc2024_ids[f->ncsc2024], "title", f->title.s[lang],
                                            "explain", f->explain.s[lang]));
    }
    return json_pack("{s:s, s:o, s:o}", "version", cat->version, "principles", ps, "findings", fs);
}

int api_network_findings(struct req *r)
{
    const struct network *nw = auth_network(r);
    if (nw == NULL)
        return r->status;
    return resp_json(
        r, 200,
        api_findings_json(content_qn(r->content), r->content->findings, (enum lang)r->lang));
}

/* ---------- the outcome statistics ---------- */

enum { OB_SECTOR, OB_SIZE, OB_PROVINCE, OB_NETWORK, OB_COUNT };
static const char *const ob_names[OB_COUNT + 1] = {"sector", "size", "province", "network", NULL};

#define MAX_GROUPS 64

struct ogroups {
    const char *key[MAX_GROUPS];
    const char *label[MAX_GROUPS];
    size_t n;
};

static void ogroups_of(struct req *r, int by, enum lang lang, struct ogroups *g)
{
    const struct qn *qn = content_qn(r->content);
    g->n = 0;
    if (by == OB_SECTOR || by == OB_SIZE) {
        const struct qn_question *q =
            &qn->questions[qn->role_question[by == OB_SECTOR ? QN_ROLE_SECTOR : QN_ROLE_SIZE]];
        for (size_t i = 0; i < q->noptions && g->n + 1 < MAX_GROUPS; i++) {
            g->key[g->n] = q->options[i].id;
            g->label[g->n++] = q->options[i].label.s[lang];
        }
    } else if (by == OB_PROVINCE) {
        for (int i = 0; i < PROVINCE_COUNT; i++) {
            g->key[g->n] = provinces[i].code;
            g->label[g->n++] = provinces[i].name;
        }
    } else {
        const struct networks *nets = r->content->networks;
        for (size_t i = 0; i < nets->n && g->n + 1 < MAX_GROUPS; i++) {
            g->key[g->n] = nets->items[i].id;
            g->label[g->n++] = nets->items[i].name;
        }
    }
    if (by != OB_NETWORK) {
        g->key[g->n] = COMPLETION_UNKNOWN;
        g->label[g->n++] = lang == LANG_NL ? "Onbekend" : "Unknown";
    }
}

static long field(const json_t *cell, const char *name)
{
    return (long)json_integer_value(json_object_get(cell, name));
}

/*
 * Which of the week × group cells (cells[w * ng + k], each with its count
 * "n") may be released: per week, a group of 1..9 is held back, and more
 * (suppress.h).  used[w * ng + k] is true for a released cell with a count.
 */
static void released_cells(json_t *const *cells, size_t nweeks, size_t ng, bool *used)
{
    for (size_t w = 0; w < nweeks; w++) {
        long n[MAX_GROUPS];
        bool held[MAX_GROUPS];
        for (size_t k = 0; k < ng; k++)
            n[k] = field(cells[w * ng + k], "n");
        suppress_week(n, ng, held);
        for (size_t k = 0; k < ng; k++)
            used[w * ng + k] = !held[k] && n[k] > 0;
    }
}

static void add_cell(struct outcome_sum *s, const json_t *cell, const struct qn *qn,
                     const struct findings *cat)
{
    char name[QN_ID_MAX + FINDING_ID_MAX + 16];
    s->n += field(cell, "n");
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        for (int o = 0; o < OUTCOME_OBSERVED; o++) {
            snprintf(name, sizeof(name), "%s:%s", qn->principles[p].id, outcome_observed[o]);
            s->level[p][o] += field(cell, name);
            for (int l = 0; l < LEVEL_COUNT; l++) {
                snprintf(name, sizeof(name), "c:%s:%c:%s", qn->principles[p].id, self_letter[l],
                         outcome_observed[o]);
                s->cal[p][l][o] += field(cell, name);
            }
        }
    for (size_t i = 0; i < cat->n && i < FINDINGS_MAX; i++) {
        snprintf(name, sizeof(name), "f:%s", cat->items[i].id);
        s->finding[i] += field(cell, name);
    }
}

/*
 * The calibration of one principle: per self-test level, the share the
 * students observed at each level.  A row of fewer than 10 scans is held
 * back, and one more if the held-back rows add up to fewer than 10, the
 * rule of the statistics (domain/suppress.h).
 */
static json_t *calibration_json(const struct outcome_sum *s, size_t p)
{
    long rows[LEVEL_COUNT];
    bool held[LEVEL_COUNT];
    outcome_calibration_rows(s, p, rows, held);
    json_t *out = json_object();
    for (int l = 0; l < LEVEL_COUNT; l++) {
        json_t *row;
        if (held[l] || rows[l] == 0)
            row = json_pack("{s:b}", "suppressed", true);
        else {
            row = json_pack("{s:b, s:I}", "suppressed", false, "scans", (json_int_t)rows[l]);
            for (int o = 0; o < OUTCOME_OBSERVED; o++)
                json_object_set_new(row, outcome_observed[o],
                                    json_real(outcome_share(s->cal[p][l][o], rows[l])));
        }
        json_object_set_new(out, level_name((enum level)l), row);
    }
    return out;
}

static int by_count_desc(const void *a, const void *b)
{
    const long *x = a, *y = b; /* {count, index} pairs */
    return x[0] != y[0] ? (x[0] < y[0] ? 1 : -1) : (x[1] > y[1]) - (x[1] < y[1]);
}

static json_t *sum_json(const struct outcome_sum *s, const struct qn *qn,
                        const struct findings *cat, enum lang lang)
{
    json_t *ps = json_object(), *cal = json_object(), *top = json_array();
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        json_t *lv = json_object();
        for (int o = 0; o < OUTCOME_OBSERVED; o++)
            json_object_set_new(lv, outcome_observed[o],
                                json_real(outcome_share(s->level[p][o], s->n)));
        json_object_set_new(ps, qn->principles[p].id, lv);
        json_object_set_new(cal, qn->principles[p].id, calibration_json(s, p));
    }
    long order[FINDINGS_MAX][2];
    size_t n = 0;
    for (size_t i = 0; i < cat->n && i < FINDINGS_MAX; i++)
        if (s->finding[i] > 0) {
            order[n][0] = s->finding[i];
            order[n++][1] = (long)i;
        }
    qsort(order, n, sizeof(order[0]), by_count_desc);
    for (size_t k = 0; k < n && k < TOP_FINDINGS; k++) {
        const struct finding *f = &cat->items[order[k][1]];
        json_array_append_new(top, json_pack("{s:s, s:s, s:s, s:f}", "id", f->id, "title",
                                             f->title.s[lang], "principle",
                                             qn->principles[f->principle].id, "share",
                                             outcome_share(order[k][0], s->n)));
    }
    return json_pack("{s:b, s:I, s:o, s:o, s:o}", "suppressed", false, "scans", (json_int_t)s->n,
                     "principles", ps, "findings", top, "calibration", cal);
}

static int outcome_stats(struct req *r, bool csv)
{
    char byname[16];
    int got = req_query(r, "by", byname, sizeof(byname));
    int by = -1;
    for (int b = 0; got > 0 && b < OB_COUNT; b++)
        if (strcmp(ob_names[b], byname) == 0)
            by = b;
    if (by < 0)
        return api_fail_msg(r, E_BAD_BY,
                            r->lang == LANG_EN ? "by must be sector, size, province or network."
                                               : "by moet sector, size, province of network zijn.");
    int lang = api_lang(r, LANG_NL);
    int64_t from, to;
    if (lang < 0 || api_date_range(r, STATS_DEFAULT_DAYS, MAX_DAYS, &from, &to) < 0)
        return r->status;
    const struct qn *qn = content_qn(r->content);
    const struct findings *cat = r->content->findings;
    char weekbuf[MAX_WEEKS][CALENDAR_WEEK_TEXT];
    const char *weeks[MAX_WEEKS];
    int64_t first_monday, last_sunday;
    size_t nweeks = calendar_weeks(from, to, weekbuf, MAX_WEEKS, &first_monday, &last_sunday);
    for (size_t w = 0; w < nweeks; w++)
        weeks[w] = weekbuf[w];
    struct ogroups g;
    ogroups_of(r, by, (enum lang)lang, &g);
    json_t **cells = calloc(nweeks * g.n, sizeof(*cells));
    struct outcome_sum *sums = calloc(g.n + 1, sizeof(*sums));
    bool *used = calloc(nweeks * g.n + 1, sizeof(*used));
    int st;
    if (cells == NULL || sums == NULL || used == NULL ||
        outcome_read(&r->app->durable, ob_names[by], g.key, g.n, weeks, nweeks, cells) < 0) {
        st = api_fail(r, E_UNAVAILABLE);
        goto done;
    }
    /* each week on its own: a group of 1..9 scans that week is held back, and more (suppress.h) */
    released_cells(cells, nweeks, g.n, used);
    for (size_t c = 0; c < nweeks * g.n; c++)
        if (used[c])
            add_cell(&sums[c % g.n], cells[c], qn, cat);
    struct outcome_sum *all = &sums[g.n];
    for (size_t k = 0; k < g.n; k++)
        outcome_sum_add(all, &sums[k]);
    char fromtxt[CALENDAR_DAY_TEXT], totxt[CALENDAR_DAY_TEXT];
    calendar_day_text(first_monday, fromtxt);
    calendar_day_text(last_sunday, totxt);
    if (csv) {
        struct csv c;
        char h[QN_ID_MAX + FINDING_ID_MAX + 32], num[32];
        csv_init(&c, ',', 1);
        for (const char *const *k =
                 (const char *const[]){"by", "key", "label", "scans", "suppressed", NULL};
             *k != NULL; k++)
            csv_field(&c, *k);
        for (size_t p = 0; p < QN_PRINCIPLES; p++)
            for (int o = 0; o < OUTCOME_OBSERVED; o++) {
                snprintf(h, sizeof(h), "%s_%s", qn->principles[p].id, outcome_observed[o]);
                csv_field(&c, h);
            }
        for (size_t i = 0; i < cat->n; i++) {
            snprintf(h, sizeof(h), "finding_%s", cat->items[i].id);
            csv_field(&c, h);
        }
        csv_row_end(&c);
        for (size_t k = 0; k <= g.n; k++) {
            const struct outcome_sum *s = &sums[k];
            csv_field(&c, ob_names[by]);
            csv_field(&c, k < g.n ? g.key[k] : "all");
            csv_field(&c, k < g.n ? g.label[k] : (lang == LANG_EN ? "All" : "Alle"));
            snprintf(num, sizeof(num), "%ld", s->n);
            csv_field(&c, s->n > 0 ? num : "");
            csv_field(&c, s->n > 0 ? "false" : "true");
            for (size_t p = 0; p < QN_PRINCIPLES; p++)
                for (int o = 0; o < OUTCOME_OBSERVED; o++) {
                    snprintf(num, sizeof(num), "%.4f", outcome_share(s->level[p][o], s->n));
                    csv_field(&c, s->n > 0 ? num : "");
                }
            for (size_t i = 0; i < cat->n; i++) {
                snprintf(num, sizeof(num), "%.4f", outcome_share(s->finding[i], s->n));
                csv_field(&c, s->n > 0 ? num : "");
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
                    "Content-Disposition: attachment; filename=\"zelftest-outcomes-%s-%s-%s.csv\"",
                    ob_names[by], fromtxt, totxt);
        st = resp_raw(r, 200, "text/csv; charset=utf-8", body, len);
        goto done;
    }
    json_t *arr = json_array();
    for (size_t k = 0; k < g.n; k++) {
        json_t *o = sums[k].n > 0 ? sum_json(&sums[k], qn, cat, (enum lang)lang)
                                  : json_pack("{s:b}", "suppressed", true);
        json_object_set_new(o, "key", json_string(g.key[k]));
        json_object_set_new(o, "label", json_string(g.label[k]));
        json_array_append_new(arr, o);
    }
    json_t *principles = json_array();
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        json_array_append_new(principles, json_pack("{s:s, s:s}", "id", qn->principles[p].id,
                                                    "title", qn->principles[p].title.s[lang]));
    json_t *allj = all->n > 0 ? sum_json(all, qn, cat, (enum lang)lang)
                              : json_pack("{s:b}", "suppressed", true);
    resp_header(r, "Cache-Control: public, max-age=300");
    st = resp_json(r, 200,
                   json_pack("{s:s, s:s, s:s, s:i, s:i, s:[sss], s:o, s:o, s:o}", "by",
                             ob_names[by], "from", fromtxt, "to", totxt, "weeks", (int)nweeks,
                             "min_group", SUPPRESS_MIN_GROUP, "levels", outcome_observed[0],
                             outcome_observed[1], outcome_observed[2], "principles", principles,
                             "groups", arr, "all", allj));
done:
    for (size_t i = 0; cells != NULL && i < nweeks * g.n; i++)
        json_decref(cells[i]);
    free(cells);
    free(sums);
    free(used);
    return st;
}

int api_stats_outcomes(struct req *r)
{
    return outcome_stats(r, false);
}

int api_stats_outcomes_csv(struct req *r)
{
    return outcome_stats(r, true);
}

/* ---------- re-tests ---------- */

/* DELETE /api/v1/retests/{key}: the owner declines the invitation; its baseline is gone. */
int api_retest_decline(struct req *r)
{
    const char *key = r->param[0];
    if (!token_valid(key))
        return api_fail(r, E_UNKNOWN_RETEST);
    enum store_err rc;
    json_t *base = outcome_retest_get(&r->app->durable, key, &rc);
    if (base == NULL)
        return api_store_fail(r, rc, E_UNKNOWN_RETEST);
    json_decref(base);
    if ((rc = outcome_retest_drop(&r->app->durable, key)) != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_RETEST);
    return resp_no_content(r);
}

/*
 * GET /api/v1/stats/improvement?by=network|sector|province&from&to: per
 * group the re-tests and the mean change per principle (points, one
 * decimal), groups under 10 re-tests held back as everywhere.
 */
int api_stats_improvement(struct req *r)
{
    char byname[16];
    int got = req_query(r, "by", byname, sizeof(byname));
    int by = -1;
    static const int allowed[] = {OB_NETWORK, OB_SECTOR, OB_PROVINCE};
    for (size_t b = 0; got > 0 && b < 3; b++)
        if (strcmp(ob_names[allowed[b]], byname) == 0)
            by = allowed[b];
    if (by < 0)
        return api_fail_msg(r, E_BAD_BY,
                            r->lang == LANG_EN ? "by must be network, sector or province."
                                               : "by moet network, sector of province zijn.");
    int lang = api_lang(r, LANG_NL);
    int64_t from, to;
    if (lang < 0 || api_date_range(r, STATS_DEFAULT_DAYS, MAX_DAYS, &from, &to) < 0)
        return r->status;
    const struct qn *qn = content_qn(r->content);
    char weekbuf[MAX_WEEKS][CALENDAR_WEEK_TEXT];
    const char *weeks[MAX_WEEKS];
    int64_t first_monday, last_sunday;
    size_t nweeks = calendar_weeks(from, to, weekbuf, MAX_WEEKS, &first_monday, &last_sunday);
    for (size_t w = 0; w < nweeks; w++)
        weeks[w] = weekbuf[w];
    struct ogroups g;
    ogroups_of(r, by, (enum lang)lang, &g);
    json_t **cells = calloc(nweeks * g.n, sizeof(*cells));
    long(*sum)[QN_PRINCIPLES + 1] = calloc(g.n + 1, sizeof(*sum)); /* [0]: n, then the changes */
    bool *used = calloc(nweeks * g.n + 1, sizeof(*used));
    int st = 0;
    if (cells == NULL || sum == NULL || used == NULL ||
        outcome_read_improvement(&r->app->durable, ob_names[by], g.key, g.n, weeks, nweeks, cells) <
            0) {
        st = api_fail(r, E_UNAVAILABLE);
        goto done;
    }
    released_cells(cells, nweeks, g.n, used);
    for (size_t c = 0; c < nweeks * g.n; c++) {
        if (!used[c])
            continue;
        size_t k = c % g.n;
        long n = field(cells[c], "n");
        sum[k][0] += n;
        sum[g.n][0] += n;
        for (size_t p = 0; p < QN_PRINCIPLES; p++) {
            long d = field(cells[c], qn->principles[p].id);
            sum[k][1 + p] += d;
            sum[g.n][1 + p] += d;
        }
    }
    json_t *arr = json_array();
    for (size_t k = 0; k <= g.n; k++) {
        json_t *o;
        if (sum[k][0] == 0)
            o = json_pack("{s:b}", "suppressed", true);
        else {
            json_t *ps = json_object();
            for (size_t p = 0; p < QN_PRINCIPLES; p++) {
                /* one decimal, rounded half away from zero */
                long t = sum[k][1 + p] * 20 / sum[k][0];
                json_object_set_new(ps, qn->principles[p].id,
                                    json_real((double)((t + (t >= 0 ? 1 : -1)) / 2) / 10.0));
            }
            o = json_pack("{s:b, s:I, s:o}", "suppressed", false, "retests", (json_int_t)sum[k][0],
                          "mean_change", ps);
        }
        if (k < g.n) {
            json_object_set_new(o, "key", json_string(g.key[k]));
            json_object_set_new(o, "label", json_string(g.label[k]));
            json_array_append_new(arr, o);
        } else {
            json_t *principles = json_array();
            for (size_t p = 0; p < QN_PRINCIPLES; p++)
                json_array_append_new(principles,
                                      json_pack("{s:s, s:s}", "id", qn->principles[p].id, "title",
                                                qn->principles[p].title.s[lang]));
            char fromtxt[CALENDAR_DAY_TEXT], totxt[CALENDAR_DAY_TEXT];
            calendar_day_text(first_monday, fromtxt);
            calendar_day_text(last_sunday, totxt);
            resp_header(r, "Cache-Control: public, max-age=300");
            st = resp_json(r, 200,
                           json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "by", ob_names[by],
                                     "from", fromtxt, "to", totxt, "min_group", SUPPRESS_MIN_GROUP,
                                     "principles", principles, "groups", arr, "all", o));
        }
    }
done:
    for (size_t i = 0; cells != NULL && i < nweeks * g.n; i++)
        json_decref(cells[i]);
    free(cells);
    free(sum);
    free(used);
    return st;
}

/*
 * GET /api/v1/stats/summary?from&to: the headline — respondents, the share
 * at high urgency, scans requested, scans done.  A figure under 10 is not
 * shown (null), as no group under 10 is anywhere.
 */
int api_stats_summary(struct req *r)
{
    int lang = api_lang(r, LANG_NL);
    int64_t from, to;
    if (lang < 0 || api_date_range(r, 84, MAX_DAYS, &from, &to) < 0)
        return r->status;
    char weekbuf[MAX_WEEKS][CALENDAR_WEEK_TEXT];
    const char *weeks[MAX_WEEKS];
    int64_t first_monday, last_sunday;
    size_t nweeks = calendar_weeks(from, to, weekbuf, MAX_WEEKS, &first_monday, &last_sunday);
    for (size_t w = 0; w < nweeks; w++)
        weeks[w] = weekbuf[w];
    long counts[MAX_WEEKS * 4], total[4] = {0};
    if (counters_read_summary(&r->app->durable, weeks, nweeks, counts) < 0)
        return api_fail(r, E_UNAVAILABLE);
    for (size_t w = 0; w < nweeks; w++)
        for (size_t k = 0; k < 4; k++)
            total[k] += counts[w * 4 + k];
    char fromtxt[CALENDAR_DAY_TEXT], totxt[CALENDAR_DAY_TEXT];
    calendar_day_text(first_monday, fromtxt);
    calendar_day_text(last_sunday, totxt);
    json_t *shown[4];
    for (size_t k = 0; k < 4; k++)
        shown[k] = total[k] >= SUPPRESS_MIN_GROUP ? json_integer(total[k]) : json_null();
    json_t *high = total[0] >= SUPPRESS_MIN_GROUP && total[1] >= SUPPRESS_MIN_GROUP
                       ? json_real(outcome_share(total[1], total[0]))
                       : json_null();
    json_decref(shown[1]);
    resp_header(r, "Cache-Control: public, max-age=300");
    return resp_json(r, 200,
                     json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:o}", "from", fromtxt, "to", totxt,
                               "min_group", SUPPRESS_MIN_GROUP, "respondents", shown[0],
                               "high_share", high, "scans_requested", shown[2], "scans_done",
                               shown[3]));
}
