/*
 * session.c — a respondent's session:
 *   POST /api/v1/sessions                          start
 *   GET  /api/v1/sessions/{token}                  answers so far (resume)
 *   PUT  /api/v1/sessions/{token}/answers/{qid}    answer (again)
 *   GET  /api/v1/sessions/{token}/result           score and advice once complete
 *   PUT  /api/v1/sessions/{token}/lang             {"lang": "nl"|"en"}: the language switched to
 */
#include "api/api.h"

#include "domain/completion.h"
#include "domain/result.h"
#include "domain/validate.h"
#include "store/counters.h"
#include "store/outcome.h"
#include "util/log.h"
#include "util/metrics.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int api_session_create(struct req *r)
{
    json_t *body;
    int st = req_json(r, &body, true);
    if (st != 0)
        return st;
    int lang = r->lang;
    const char *campaign = NULL, *retest = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "lang") == 0)
            lang = json_is_string(v) ? lang_parse(json_string_value(v)) : -1;
        else if (strcmp(key, "campaign") == 0)
            campaign =
                json_is_string(v) && validate_id(json_string_value(v), SESSION_CAMPAIGN_MAX, true)
                    ? json_string_value(v)
                    : "";
        else if (strcmp(key, "retest") == 0)
            retest =
                json_is_string(v) && token_valid(json_string_value(v)) ? json_string_value(v) : "";
        else
            lang = -1;
        if (lang < 0 || (campaign != NULL && campaign[0] == '\0') ||
            (retest != NULL && retest[0] == '\0')) {
            json_decref(body);
            return api_fail(r, E_INVALID_SESSION_FIELD);
        }
    }
    r->lang = lang;
    const struct qn *qn = content_qn(r->content);
    char token[TOKEN_LEN + 1];
    /* an unknown or finished campaign is no error: the test runs, nothing is counted for it */
    char camp[SESSION_CAMPAIGN_MAX + 1] = "";
    if (campaign != NULL && api_campaign_active(r, campaign) >= 0)
        snprintf(camp, sizeof(camp), "%s", campaign);
    /* a re-test from an invitation: its baseline must still be there, and not used yet */
    char rtk[TOKEN_LEN + 1] = "";
    if (retest != NULL) {
        enum store_err rrc;
        json_t *base = outcome_retest_get(&r->app->durable, retest, &rrc);
        bool usable = base != NULL && api_str(base, "used")[0] == '\0';
        json_decref(base);
        if (!usable) {
            json_decref(body);
            return rrc == STORE_UNAVAILABLE ? api_fail(r, E_UNAVAILABLE)
                                            : api_fail(r, E_UNKNOWN_RETEST);
        }
        snprintf(rtk, sizeof(rtk), "%s", retest);
    }
    json_decref(body); /* campaign pointed into it */
    /* short until the first answer sets the full TTL: under volatile-ttl Redis
     * evicts a flood's empty sessions before a real respondent who paused */
    long ttl = r->app->cfg->session_empty_ttl < r->app->cfg->session_ttl
                   ? r->app->cfg->session_empty_ttl
                   : r->app->cfg->session_ttl;
    enum store_err rc =
        session_create(&r->app->sessions, token, qn->version, (enum lang)lang, camp, rtk, ttl);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SESSION);
    metrics_add(METRICS_SESSIONS_STARTED, 1);
    if (camp[0] != '\0') {
        char day[CALENDAR_DAY_TEXT];
        calendar_day_text(calendar_nl_day((int64_t)time(NULL)), day);
        if (counters_funnel(&r->app->durable, camp, day, "started") < 0)
            log_warn("funnel: 'started' not counted (durable Redis unavailable)");
    }
    resp_header(r, "Location: /api/v1/sessions/%s", token);
    return resp_json(r, 201,
                     json_pack("{s:s, s:I, s:s, s:I}", "session", token, "expires_in",
                               (json_int_t)ttl, "questionnaire_version", qn->version, "total",
                               (json_int_t)qn->nquestions));
}

int api_session_get(struct req *r)
{
    struct api_session as;
    if (api_session_open(r, &as) != 0)
        return r->status;
    const struct qn *qn = as.qn;
    json_t *ans = json_object();
    for (size_t k = 0; k < qn->nquestions; k++) {
        json_t *v = answers_to_json(qn, &as.a, k);
        if (v != NULL)
            json_object_set_new(ans, qn->questions[k].id, v);
    }
    size_t n = answers_count(qn, &as.a);
    json_t *out = json_pack("{s:o, s:I, s:I, s:b, s:s, s:s, s:I}", "answers", ans, "answered",
                            (json_int_t)n, "total", (json_int_t)qn->nquestions, "complete",
                            n == qn->nquestions, "lang", lang_name((enum lang)as.lang),
                            "questionnaire_version", qn->version, "expires_in", (json_int_t)as.ttl);
    if (as.campaign[0] != '\0')
        json_object_set_new(out, "campaign", json_string(as.campaign));
    return resp_json(r, 200, out);
}

int api_session_lang(struct req *r)
{
    const char *token;
    if (api_token_param(r, 0, &token) != 0)
        return r->status;
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    static const char *const known[] = {"lang", NULL};
    json_t *v = json_object_get(body, "lang");
    int lang = json_is_string(v) ? lang_parse(json_string_value(v)) : -1;
    bool extra = validate_unknown_key(body, known) != NULL;
    json_decref(body);
    if (lang < 0 || extra)
        return api_fail(r, E_BAD_LANG);
    r->lang = lang;
    enum store_err rc = session_set_lang(&r->app->sessions, token, (enum lang)lang);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SESSION);
    return resp_no_content(r);
}

/*
 * Validates the answer for question `qid` under `qn`; on success writes
 * its stored form.  Returns 0, 1 when `qn` has no such question (no
 * response set), or the status with the response set.
 */
static int parse_answer(struct req *r, const struct qn *qn, const char *qid, const json_t *body,
                        size_t *qi, char value[8])
{
    int k = qn_question_index(qn, qid);
    if (k < 0)
        return 1;
    struct answers a = {0};
    enum answers_problem p = answers_from_json(qn, (size_t)k, body, &a);
    if (p != ANSWERS_OK)
        return api_fail_msg(r, E_INVALID_ANSWER, answers_problem_text(p, (enum lang)r->lang));
    answers_encode(qn, &a, (size_t)k, value);
    *qi = (size_t)k;
    return 0;
}

/*
 * The questionnaire of the session's own version, when it is not `qn`:
 * NULL with the response set (404 no such session, 410 retired, or 404
 * when the version is `qn`'s after all).
 */
static const struct qn *session_qn(struct req *r, const char *version, const struct qn *qn)
{
    const struct qn *own = content_qn_version(r->content, version);
    if (own == NULL)
        api_fail(r, E_QUESTIONNAIRE_RETIRED);
    else if (own == qn)
        api_fail(r, E_UNKNOWN_QUESTION);
    return own == qn ? NULL : own;
}

int api_session_answer(struct req *r)
{
    const char *token;
    if (api_token_param(r, 0, &token) != 0)
        return r->status;
    const char *qid = r->param[1];
    if (!validate_id(qid, QN_ID_MAX, false))
        return api_fail(r, E_UNKNOWN_QUESTION);
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    /* The current questionnaire first: nearly every session uses it, and the write
     * checks the version atomically.  A session on an older version is answered
     * under its own version: the question may have changed or be gone since. */
    const struct qn *qn = content_qn(r->content);
    size_t qi = 0;
    char value[8], other[QN_VERSION_MAX + 1];
    long answered = 0;
    enum store_err rc = STORE_ERROR;
    for (int attempt = 0; attempt < 2; attempt++) {
        st = parse_answer(r, qn, qid, body, &qi, value);
        if (st == 1 && attempt == 0) {
            /* not a question of this version: perhaps of the session's own */
            rc = session_version(&r->app->sessions, token, other);
            if (rc != STORE_OK || strcmp(other, qn->version) == 0) {
                st = rc != STORE_OK ? api_store_fail(r, rc, E_UNKNOWN_SESSION)
                                    : api_fail(r, E_UNKNOWN_QUESTION);
                break;
            }
            if ((qn = session_qn(r, other, qn)) == NULL) {
                st = r->status;
                break;
            }
            continue;
        }
        if (st == 1)
            st = api_fail(r, E_UNKNOWN_QUESTION);
        if (st != 0)
            break;
        rc = session_answer(&r->app->sessions, token, qn->version, qi, value,
                            r->app->cfg->session_ttl, &answered, other);
        if (rc != STORE_OTHER_VERSION || attempt == 1)
            break;
        if ((qn = session_qn(r, other, qn)) == NULL) {
            st = r->status;
            break;
        }
    }
    json_decref(body);
    if (st != 0)
        return st;
    if (rc == STORE_OTHER_VERSION) /* the session changed version twice within this request */
        return api_fail(r, E_UNAVAILABLE);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SESSION);
    return resp_json(r, 200,
                     json_pack("{s:I, s:I, s:b}", "answered", (json_int_t)answered, "total",
                               (json_int_t)qn->nquestions, "complete",
                               (size_t)answered == qn->nquestions));
}

/*
 * The statistics count a test once, when its result is first shown: the
 * session is marked first (so a retry cannot count twice), then the
 * anonymous counters go up.  A failure here never blocks the result.
 */
/*
 * A re-test's change per principle against the first result ("Voer updates
 * uit: 33 → 83"), or null when the baseline is gone.
 */
static json_t *retest_json(struct req *r, const struct api_session *as, const struct score *s)
{
    enum store_err rc;
    json_t *base = outcome_retest_get(&r->app->durable, as->retest, &rc);
    if (base == NULL)
        return json_null();
    int before[QN_PRINCIPLES], n = 0;
    for (const char *p = api_str(base, "scores"); *p != '\0' && n < QN_PRINCIPLES;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        before[n++] = (int)v;
        p = *end == ',' ? end + 1 : end;
    }
    json_t *out = json_null();
    if (n == QN_PRINCIPLES) {
        json_t *ps = json_array();
        for (size_t p = 0; p < QN_PRINCIPLES; p++)
            json_array_append_new(
                ps, json_pack("{s:s, s:s, s:i, s:i, s:i}", "id", as->qn->principles[p].id, "title",
                              as->qn->principles[p].title.s[as->lang], "before", before[p], "after",
                              s->principle[p], "change", s->principle[p] - before[p]));
        int ni = network_find(r->content->networks, api_str(base, "network"));
        char since[CALENDAR_TIME_TEXT];
        calendar_format_time(strtoll(api_str(base, "created"), NULL, 10), 0, since);
        out =
            json_pack("{s:o, s:s, s:s}", "principles", ps, "network",
                      ni >= 0 ? r->content->networks->items[ni].name : "", "first_outcome", since);
    }
    json_decref(base);
    return out;
}

static void count_completion(struct req *r, const struct api_session *as, const struct score *s)
{
    int first = 0;
    if (session_mark_counted(&r->app->sessions, as->token, &first) != STORE_OK || !first)
        return;
    if (as->retest[0] != '\0') {
        /* a re-test: its change against the first result, counted once for the network */
        char week[CALENDAR_WEEK_TEXT];
        const char *pids[QN_PRINCIPLES];
        for (size_t p = 0; p < QN_PRINCIPLES; p++)
            pids[p] = as->qn->principles[p].id;
        calendar_iso_week(calendar_nl_day((int64_t)time(NULL)), week, NULL);
        if (outcome_retest_count(&r->app->durable, as->retest, week, pids, s->principle) < 0)
            log_warn("statistics: a re-test was not counted (durable Redis unavailable)");
    }
    metrics_add(METRICS_SESSIONS_COMPLETED, 1);
    struct completion c;
    completion_of(as->qn, &as->a, r->content->pc4, as->campaign, (int64_t)time(NULL), &c);
    if (counters_completed(&r->app->durable, as->qn, s, &c,
                           as->campaign[0] != '\0' ? as->campaign : NULL) < 0 ||
        counters_summary(&r->app->durable, c.week, "completed") < 0 ||
        (s->level == LEVEL_HIGH && counters_summary(&r->app->durable, c.week, "high") < 0))
        log_warn("statistics: a completion was not counted (durable Redis unavailable)");
}

int api_session_result(struct req *r)
{
    struct api_session as;
    if (api_session_open(r, &as) != 0)
        return r->status;
    const struct qn *qn = as.qn;
    size_t n = answers_count(qn, &as.a);
    if (n < qn->nquestions) {
        json_t *missing = json_array();
        for (size_t k = 0; k < qn->nquestions; k++)
            if (!answers_has(qn, &as.a, k))
                json_array_append_new(missing, json_string(qn->questions[k].id));
        char msg[160];
        snprintf(msg, sizeof(msg),
                 as.lang == LANG_EN ? "Answer every question first (%zu of %zu answered)."
                                    : "Beantwoord eerst alle vragen (%zu van %zu beantwoord).",
                 n, qn->nquestions);
        json_t *e = api_error_body(r, E_INCOMPLETE_RESULT, msg);
        json_object_set_new(json_object_get(e, "error"), "missing", missing);
        return resp_json(r, api_status(E_INCOMPLETE_RESULT), e);
    }
    struct score s;
    score_compute(qn, &as.a, &s);
    if (!as.counted)
        count_completion(r, &as, &s);
    json_t *out = result_json(qn, &as.a, &s, (enum lang)as.lang);
    if (out == NULL)
        return api_fail(r, E_INTERNAL);
    json_object_set_new(out, "referral", api_referral_offer(r, &as, &s));
    if (as.retest[0] != '\0')
        json_object_set_new(out, "retest", retest_json(r, &as, &s));
    return resp_json(r, 200, out);
}
