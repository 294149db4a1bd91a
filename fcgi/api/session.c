/*
 * api_session.c — a respondent's session:
 *   POST /api/v1/sessions                          start
 *   GET  /api/v1/sessions/{token}                  answers so far (resume)
 *   PUT  /api/v1/sessions/{token}/answers/{qid}    answer (again)
 *   GET  /api/v1/sessions/{token}/result           score and advice once complete
 */
#include "api/api.h"
#include "content/content.h"
#include "content/jfile.h"
#include "domain/result.h"
#include "domain/score.h"
#include "http/server.h"
#include "domain/calendar.h"
#include "store/counters.h"
#include "util/log.h"
#include "domain/province.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int api_session_create(struct req *r)
{
    json_t *body;
    int st = req_json(r, &body, true);
    if (st != 0)
        return st;
    int lang = LANG_NL;
    const char *campaign = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "lang") == 0) {
            lang = json_is_string(v) ? lang_parse(json_string_value(v)) : -1;
            if (lang < 0) {
                json_decref(body);
                return resp_error(r, 422, "invalid_field", "lang must be \"nl\" or \"en\".");
            }
        } else if (strcmp(key, "campaign") == 0) {
            if (!json_is_string(v) ||
                !jfile_is_id(json_string_value(v), SESSION_CAMPAIGN_MAX, true)) {
                json_decref(body);
                return resp_error(r, 422, "invalid_field",
                                  "campaign must be a campaign id (a-z, 0-9, - and _).");
            }
            campaign = json_string_value(v);
        } else {
            json_decref(body);
            return resp_error(r, 422, "invalid_field",
                              "Only \"lang\" and \"campaign\" can be given.");
        }
    }
    const struct qn *qn = content_qn(r->content);
    char token[TOKEN_LEN + 1];
    /* an unknown or finished campaign is no error: the test runs, nothing is counted for it */
    if (campaign != NULL && api_campaign_active(r, campaign) < 0)
        campaign = NULL;
    char day[12], camp[SESSION_CAMPAIGN_MAX + 1] = "";
    if (campaign != NULL)
        snprintf(camp, sizeof(camp), "%s", campaign);
    enum session_rc rc = session_create(&r->w->sessions, token, qn->version, (enum lang)lang, camp,
                                        r->w->cfg->session_ttl);
    json_decref(body); /* campaign pointed into it */
    if (rc != SESSION_OK)
        return api_session_error(r, rc);
    if (camp[0] != '\0') {
        calendar_day_text(calendar_nl_day((int64_t)time(NULL)), day, sizeof(day));
        if (counters_funnel(&r->w->durable, camp, day, "started") < 0)
            log_warn("funnel: 'started' not counted (durable Redis unavailable)");
    }
    resp_header(r, "Location: /api/v1/sessions/%s", token);
    return resp_json(r, 201,
                     json_pack("{s:s, s:I, s:s, s:I}", "session", token, "expires_in",
                               (json_int_t)r->w->cfg->session_ttl, "questionnaire_version",
                               qn->version, "total", (json_int_t)qn->nquestions));
}

int api_session_open(struct req *r, struct api_session *out)
{
    memset(out, 0, sizeof(*out));
    if (api_token_param(r, 0, &out->token) != 0)
        return r->status;
    struct session ss;
    enum session_rc rc = session_load(&r->w->sessions, out->token, &ss);
    if (rc != SESSION_OK)
        return api_session_error(r, rc);
    out->lang = api_lang(r, (int)ss.lang);
    out->qn = out->lang < 0 ? NULL : content_qn_version(r->content, ss.version);
    if (out->qn != NULL) {
        session_answers(&ss, out->qn, &out->a);
        snprintf(out->campaign, sizeof(out->campaign), "%s", ss.campaign);
        out->counted = ss.counted;
        out->ttl = ss.ttl > 0 ? ss.ttl : 0;
    }
    session_release(&ss);
    if (out->lang < 0)
        return r->status;
    if (out->qn == NULL)
        return resp_error(
            r, 410, "questionnaire_retired",
            "The questionnaire of this session has been replaced. Please start again.");
    return 0;
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

/* Validates the answer for question `qid` under `qn`; on success writes the stored form. */
static int parse_answer(struct req *r, const struct qn *qn, const char *qid, const json_t *body,
                        size_t *qi, char value[8])
{
    int k = qn_question_index(qn, qid);
    if (k < 0)
        return resp_error(r, 404, "unknown_question", "This question does not exist.");
    struct answers a = {0};
    const char *msg;
    if (answers_from_json(qn, (size_t)k, body, &a, &msg) < 0)
        return resp_error(r, 422, "invalid_answer", msg);
    answers_encode(qn, &a, (size_t)k, value);
    *qi = (size_t)k;
    return 0;
}

int api_session_answer(struct req *r)
{
    const char *token;
    if (api_token_param(r, 0, &token) != 0)
        return r->status;
    const char *qid = r->param[1];
    if (!jfile_is_id(qid, QN_ID_MAX, false))
        return resp_error(r, 404, "unknown_question", "This question does not exist.");
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    const struct qn *qn = content_qn(r->content);
    size_t qi = 0;
    char value[8];
    long answered = 0;
    char other[QN_VERSION_MAX + 1];
    enum session_rc rc = SESSION_ERROR;
    /* Validated against the current questionnaire first; a session on an older
     * version says so without writing, and is validated again against its own. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if (parse_answer(r, qn, qid, body, &qi, value) != 0) {
            json_decref(body);
            return r->status;
        }
        rc = session_answer(&r->w->sessions, token, qn->version, qi, value, r->w->cfg->session_ttl,
                            &answered, other);
        if (rc != SESSION_OTHER_VERSION)
            break;
        if ((qn = content_qn_version(r->content, other)) == NULL) {
            json_decref(body);
            return resp_error(r, 410, "questionnaire_retired",
                              "The questionnaire of this session has been replaced. Please start "
                              "again.");
        }
    }
    json_decref(body);
    if (rc != SESSION_OK)
        return api_session_error(r, rc);
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
static void count_completion(struct req *r, const char *token, const struct qn *qn,
                             const struct answers *a, const struct score *s, const char *campaign)
{
    int first = 0;
    if (session_mark_counted(&r->w->sessions, token, &first) != SESSION_OK || !first)
        return;
    const char *group[BY_COUNT];
    int ks = qn->role_question[QN_ROLE_SECTOR], kz = qn->role_question[QN_ROLE_SIZE];
    group[BY_SECTOR] =
        a->sel[ks] ? qn->questions[ks].options[__builtin_ctz(a->sel[ks])].id : "unknown";
    group[BY_SIZE] =
        a->sel[kz] ? qn->questions[kz].options[__builtin_ctz(a->sel[kz])].id : "unknown";
    /* the province, never the postcode */
    int used;
    const struct pc4_area *area =
        a->postcode > 0 ? postcodes_lookup(r->content->postcodes, a->postcode, &used) : NULL;
    group[BY_PROVINCE] = area != NULL ? provinces[area->province].code : "unknown";
    group[BY_CAMPAIGN] = campaign[0] != '\0' ? campaign : "none";
    int64_t day = calendar_nl_day((int64_t)time(NULL));
    char week[12], daytxt[12];
    calendar_iso_week(day, week, sizeof(week), NULL);
    calendar_day_text(day, daytxt, sizeof(daytxt));
    if (counters_completed(&r->w->durable, qn, s, group, week,
                           campaign[0] != '\0' ? campaign : NULL, daytxt) < 0)
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
        char msg[120];
        snprintf(msg, sizeof(msg), "Answer every question first (%zu of %zu answered).", n,
                 qn->nquestions);
        return resp_json(r, 409,
                         json_pack("{s:{s:s, s:s, s:o}}", "error", "code", "incomplete", "message",
                                   msg, "missing", missing));
    }
    struct score s;
    score_compute(qn, &as.a, &s);
    if (!as.counted)
        count_completion(r, as.token, qn, &as.a, &s, as.campaign);
    json_t *out = result_json(qn, &as.a, &s, (enum lang)as.lang);
    if (out == NULL)
        return resp_error(r, 500, "internal", "Something went wrong on our side.");
    json_object_set_new(out, "referral", api_referral_offer(r, qn, &as.a, &s, (enum lang)as.lang));
    return resp_json(r, 200, out);
}
