/*
 * qn_file.c — see qn_file.h.
 */
#include "content/qn_file.h"

#include "content/jfile.h"
#include "domain/validate.h"
#include "util/secure.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHERE_MAX 200

static const char *const ncsc_2024_ids[] = {"risks",  "behaviour", "protect",
                                            "access", "incidents", NULL};
static const char *const text_keys[] = {"nl", "en", NULL};
static const char *const role_names[QN_ROLE_COUNT] = {
    "", "sector", "size", "personal_data", "it_dependence", "postcode"};

/* Location text for messages; cutting a very long one short is harmless. */
static void wfmt(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void wfmt(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
}

/* A step read once every question is known (its conditions may name later questions). */
struct pending_step {
    const json_t *j; /* borrowed from the document */
    struct qn_step *dst;
    int question; /* the question the step belongs to, -1 for a principle's keep_up */
    char where[WHERE_MAX + 40];
};

struct ctx {
    char *err;
    size_t errlen;
    struct pending_step *steps;
    size_t nsteps, capsteps;
};

static int defer_step(struct ctx *c, const json_t *j, struct qn_step *dst, int question,
                      const char *where)
{
    if (c->nsteps == c->capsteps) {
        size_t cap = c->capsteps ? 2 * c->capsteps : 64;
        struct pending_step *n = realloc(c->steps, cap * sizeof(*n));
        if (n == NULL) {
            snprintf(c->err, c->errlen, "%s: out of memory", where);
            return -1;
        }
        c->steps = n;
        c->capsteps = cap;
    }
    struct pending_step *p = &c->steps[c->nsteps++];
    p->j = j;
    p->dst = dst;
    p->question = question;
    wfmt(p->where, sizeof(p->where), "%s", where);
    return 0;
}

static int fail(struct ctx *c, const char *where, const char *fmt, const char *arg)
{
    char msg[256];
    snprintf(msg, sizeof(msg), fmt, arg);
    snprintf(c->err, c->errlen, "%s: %s", where, msg);
    return -1;
}

static bool in_list(const char *s, const char *const list[])
{
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* A level of a floor rule: medium or high (a floor at low would change nothing). */
static int floor_level(struct ctx *c, const json_t *fj, const char *key, const char *where,
                       enum level *out)
{
    char *v = NULL;
    if (jfile_str(fj, key, where, 16, true, &v, c->err, c->errlen) < 0)
        return -1;
    int l = level_parse(v);
    if (l != LEVEL_MEDIUM && l != LEVEL_HIGH) {
        char w[WHERE_MAX + 20];
        wfmt(w, sizeof(w), "%s.%s", where, key);
        fail(c, w, "'%s' is not medium or high", v);
        free(v);
        return -1;
    }
    free(v);
    *out = (enum level)l;
    return 0;
}

static int parse_floors(struct ctx *c, const json_t *sc, struct qn_scoring *s)
{
    json_t *arr;
    static const char *const keys[] = {"principles", "count", "level", NULL};
    if (jfile_array(sc, "level_floors", "scoring", 0, QN_MAX_FLOORS, false, &arr, c->err,
                    c->errlen) < 0)
        return -1;
    s->nfloors = arr != NULL ? json_array_size(arr) : 0;
    for (size_t i = 0; i < s->nfloors; i++) {
        json_t *fj = json_array_get(arr, i);
        char w[WHERE_MAX];
        long n;
        wfmt(w, sizeof(w), "scoring.level_floors[%zu]", i);
        if (!json_is_object(fj))
            return fail(c, w, "must be an object%s", "");
        if (jfile_keys(fj, w, keys, c->err, c->errlen) < 0 ||
            floor_level(c, fj, "principles", w, &s->floor[i].principles) < 0 ||
            jfile_int(fj, "count", w, 1, QN_PRINCIPLES, true, 0, &n, c->err, c->errlen) < 0 ||
            floor_level(c, fj, "level", w, &s->floor[i].level) < 0)
            return -1;
        s->floor[i].count = (int)n;
    }
    return 0;
}

static int parse_scoring(struct ctx *c, const json_t *root, struct qn_scoring *s)
{
    json_t *sc, *u, *p, *e;
    long a, b;
    static const char *const sc_keys[] = {"urgency_levels", "principle_levels",
                                          "exposure_factor_pct", "level_floors", NULL};
    static const char *const u_keys[] = {"medium_from", "high_from", NULL};
    static const char *const p_keys[] = {"high_below", "medium_below", NULL};
    static const char *const e_keys[] = {"min", "max", NULL};
    if (jfile_object(root, "scoring", "questionnaire", true, &sc, c->err, c->errlen) < 0 ||
        jfile_keys(sc, "scoring", sc_keys, c->err, c->errlen) < 0 ||
        jfile_object(sc, "urgency_levels", "scoring", true, &u, c->err, c->errlen) < 0 ||
        jfile_keys(u, "scoring.urgency_levels", u_keys, c->err, c->errlen) < 0 ||
        jfile_object(sc, "principle_levels", "scoring", true, &p, c->err, c->errlen) < 0 ||
        jfile_keys(p, "scoring.principle_levels", p_keys, c->err, c->errlen) < 0 ||
        jfile_object(sc, "exposure_factor_pct", "scoring", true, &e, c->err, c->errlen) < 0 ||
        jfile_keys(e, "scoring.exposure_factor_pct", e_keys, c->err, c->errlen) < 0)
        return -1;
    if (jfile_int(u, "medium_from", "scoring.urgency_levels", 1, 99, true, 0, &a, c->err,
                  c->errlen) < 0 ||
        jfile_int(u, "high_from", "scoring.urgency_levels", 2, 100, true, 0, &b, c->err,
                  c->errlen) < 0)
        return -1;
    if (a >= b)
        return fail(c, "scoring.urgency_levels", "medium_from must be below high_from%s", "");
    s->urgency_medium_from = (int)a;
    s->urgency_high_from = (int)b;
    if (jfile_int(p, "high_below", "scoring.principle_levels", 1, 99, true, 0, &a, c->err,
                  c->errlen) < 0 ||
        jfile_int(p, "medium_below", "scoring.principle_levels", 2, 100, true, 0, &b, c->err,
                  c->errlen) < 0)
        return -1;
    if (a >= b)
        return fail(c, "scoring.principle_levels", "high_below must be below medium_below%s", "");
    s->principle_high_below = (int)a;
    s->principle_medium_below = (int)b;
    if (jfile_int(e, "min", "scoring.exposure_factor_pct", 0, 200, true, 0, &a, c->err, c->errlen) <
            0 ||
        jfile_int(e, "max", "scoring.exposure_factor_pct", 0, 200, true, 0, &b, c->err, c->errlen) <
            0)
        return -1;
    if (a > b)
        return fail(c, "scoring.exposure_factor_pct", "min must not exceed max%s", "");
    s->exposure_min_pct = (int)a;
    s->exposure_max_pct = (int)b;
    return parse_floors(c, sc, s);
}

static int parse_options(struct ctx *c, const json_t *qj, const char *where, struct qn *qn,
                         struct qn_question *q)
{
    json_t *arr;
    if (jfile_array(qj, "options", where, 2, QN_MAX_OPTIONS, true, &arr, c->err, c->errlen) < 0)
        return -1;
    q->noptions = json_array_size(arr);
    q->options = calloc(q->noptions, sizeof(*q->options));
    if (q->options == NULL)
        return fail(c, where, "out of memory%s", "");
    static const char *const keys[] = {"id",      "label",  "points", "critical", "exclusive",
                                       "unknown", "advice", "ask",    NULL};
    int best = 0, sum = 0, worst_known = -1, unknowns = 0;
    for (size_t i = 0; i < q->noptions; i++) {
        struct qn_option *o = &q->options[i];
        json_t *oj = json_array_get(arr, i);
        char w[WHERE_MAX];
        wfmt(w, sizeof(w), "%s.options[%zu]", where, i);
        if (!json_is_object(oj))
            return fail(c, w, "must be an object%s", "");
        long pts;
        if (jfile_str(oj, "id", w, QN_ID_MAX, true, &o->id, c->err, c->errlen) < 0)
            return -1;
        wfmt(w, sizeof(w), "%s.options[%zu] (%s)", where, i, o->id);
        if (jfile_keys(oj, w, keys, c->err, c->errlen) < 0)
            return -1;
        if (!validate_id(o->id, QN_ID_MAX, false))
            return fail(c, w, "id '%s' may only use a-z, 0-9 and _", o->id);
        for (size_t j = 0; j < i; j++)
            if (strcmp(q->options[j].id, o->id) == 0)
                return fail(c, w, "option id '%s' is used twice", o->id);
        if (jfile_text(oj, "label", w, &o->label, c->err, c->errlen) < 0 ||
            jfile_int(oj, "points", w, 0, 10, true, 0, &pts, c->err, c->errlen) < 0 ||
            jfile_bool(oj, "critical", w, &o->critical, c->err, c->errlen) < 0 ||
            jfile_bool(oj, "exclusive", w, &o->exclusive, c->err, c->errlen) < 0 ||
            jfile_bool(oj, "unknown", w, &o->unknown, c->err, c->errlen) < 0)
            return -1;
        if (o->exclusive && q->type != QN_MULTI)
            return fail(c, w, "'exclusive' only applies to multi questions%s", "");
        if (o->critical && q->principle < 0)
            return fail(c, w, "profile options cannot be critical%s", "");
        if (o->unknown && (q->principle < 0 || q->type != QN_SINGLE))
            return fail(c, w, "'unknown' only applies to single questions of a principle%s", "");
        if (o->unknown && o->critical)
            return fail(c, w, "an 'unknown' option cannot be critical%s", "");
        if (o->unknown && ++unknowns > 1)
            return fail(c, w, "a question has at most one 'unknown' option%s", "");
        if (q->principle < 0 &&
            (json_object_get(oj, "advice") != NULL || json_object_get(oj, "ask") != NULL))
            return fail(c, w, "profile options have no 'advice' or 'ask'%s", "");
        if (o->unknown) {
            if (json_object_get(oj, "advice") != NULL)
                return fail(c, w,
                            "an 'unknown' option has 'ask' (the question for the IT "
                            "supplier) instead of 'advice'%s",
                            "");
            if (jfile_text(oj, "ask", w, &o->ask, c->err, c->errlen) < 0)
                return -1;
        } else if (json_object_get(oj, "ask") != NULL)
            return fail(c, w, "only an 'unknown' option has 'ask'%s", "");
        o->points = (int)pts;
        best = o->points > best ? o->points : best;
        sum += o->points;
        if (!o->unknown && (worst_known < 0 || o->points < worst_known))
            worst_known = o->points;
    }
    q->max_points = q->type == QN_MULTI ? sum : best;
    if (q->max_points == 0 && q->principle >= 0)
        return fail(c, where, "no option scores any points%s", "");
    if (q->principle < 0)
        return 0;
    /* which options carry a step, now that the best is known */
    for (size_t i = 0; i < q->noptions; i++) {
        struct qn_option *o = &q->options[i];
        json_t *adv = json_object_get(json_array_get(arr, i), "advice");
        char w[WHERE_MAX];
        wfmt(w, sizeof(w), "%s.options[%zu] (%s)", where, i, o->id);
        if (o->unknown) {
            if (o->points != worst_known)
                return fail(c, w,
                            "an 'unknown' option scores as the worst answer: give it the "
                            "points of the lowest other option%s",
                            "");
            continue;
        }
        bool needs = q->type == QN_MULTI ? o->points > 0 : o->points < q->max_points;
        if (needs && adv == NULL)
            return fail(c, w,
                        q->type == QN_MULTI
                            ? "'advice' is missing (the step when this option is not ticked)%s"
                            : "'advice' is missing (every answer below the best has a step)%s",
                        "");
        if (!needs && adv != NULL)
            return fail(c, w,
                        q->type == QN_MULTI
                            ? "an option without points loses nothing: it has no 'advice'%s"
                            : "the best answer has no 'advice' (it would never be shown)%s",
                        "");
        char aw[WHERE_MAX + 10];
        wfmt(aw, sizeof(aw), "%s.advice", w);
        if (needs && defer_step(c, adv, &o->advice, (int)(q - qn->questions), aw) < 0)
            return -1;
    }
    return 0;
}

static int parse_question(struct ctx *c, struct qn *qn, const json_t *qj, const char *where,
                          int principle)
{
    if (qn->nquestions >= QN_MAX_QUESTIONS)
        return fail(c, where, "more than the maximum of questions%s", "");
    struct qn_question *q = &qn->questions[qn->nquestions++];
    q->principle = principle;
    static const char *const pkeys[] = {"id", "type", "text", "help", "options", "ncsc_2024", NULL};
    static const char *const fkeys[] = {"id", "type", "role", "text", "help", "options", NULL};
    char *type = NULL, *role = NULL;
    char w[WHERE_MAX];
    int rc = -1;
    if (!json_is_object(qj))
        return fail(c, where, "must be an object%s", "");
    if (jfile_str(qj, "id", where, QN_ID_MAX, true, &q->id, c->err, c->errlen) < 0)
        goto out;
    wfmt(w, sizeof(w), "%s (%s)", where, q->id);
    if (jfile_keys(qj, w, principle >= 0 ? pkeys : fkeys, c->err, c->errlen) < 0)
        goto out;
    if (!validate_id(q->id, QN_ID_MAX, false)) {
        fail(c, w, "id '%s' may only use a-z, 0-9 and _", q->id);
        goto out;
    }
    for (size_t i = 0; i + 1 < qn->nquestions; i++)
        if (strcmp(qn->questions[i].id, q->id) == 0) {
            fail(c, w, "question id '%s' is used twice", q->id);
            goto out;
        }
    for (size_t i = 0; i < QN_PRINCIPLES && qn->principles[i].id != NULL; i++)
        if (strcmp(qn->principles[i].id, q->id) == 0) {
            fail(c, w, "id '%s' is already a principle's id", q->id);
            goto out;
        }
    if (jfile_str(qj, "type", w, 16, true, &type, c->err, c->errlen) < 0)
        goto out;
    if (strcmp(type, "single") == 0)
        q->type = QN_SINGLE;
    else if (strcmp(type, "multi") == 0)
        q->type = QN_MULTI;
    else if (strcmp(type, "postcode") == 0 && principle < 0)
        q->type = QN_POSTCODE;
    else {
        fail(c, w, "type '%s' is not single, multi or (profile only) postcode", type);
        goto out;
    }
    if (jfile_text(qj, "text", w, &q->text, c->err, c->errlen) < 0 ||
        (json_object_get(qj, "help") != NULL && /* optional: only where it helps */
         jfile_text(qj, "help", w, &q->help, c->err, c->errlen) < 0))
        goto out;
    if (principle >= 0) {
        if (jfile_str(qj, "ncsc_2024", w, QN_ID_MAX, false, &q->ncsc_2024, c->err, c->errlen) < 0)
            goto out;
        if (q->ncsc_2024 != NULL && !in_list(q->ncsc_2024, ncsc_2024_ids)) {
            fail(c, w, "ncsc_2024 '%s' is not one of risks, behaviour, protect, access, incidents",
                 q->ncsc_2024);
            goto out;
        }
    } else {
        if (jfile_str(qj, "role", w, QN_ID_MAX, false, &role, c->err, c->errlen) < 0)
            goto out;
        if (role == NULL) { /* a profile question without a role: only for advice conditions */
            if (q->type != QN_SINGLE) {
                fail(c, w, "a profile question without a role must be type single%s", "");
                goto out;
            }
            if (parse_options(c, qj, w, qn, q) < 0)
                goto out;
            rc = 0;
            goto out;
        }
        int r = QN_ROLE_SECTOR;
        while (r < QN_ROLE_COUNT && strcmp(role_names[r], role) != 0)
            r++;
        if (r == QN_ROLE_COUNT) {
            fail(c, w, "role '%s' is not sector, size, personal_data, it_dependence or postcode",
                 role);
            goto out;
        }
        if (qn->role_question[r] >= 0) {
            fail(c, w, "role '%s' is given to two questions", role);
            goto out;
        }
        if ((r == QN_ROLE_POSTCODE) != (q->type == QN_POSTCODE)) {
            fail(c, w, "role '%s' and type postcode go together", role);
            goto out;
        }
        if (r != QN_ROLE_POSTCODE && q->type != QN_SINGLE) {
            fail(c, w, "profile question with role '%s' must be type single", role);
            goto out;
        }
        q->role = (enum qn_role)r;
        qn->role_question[r] = (int)(qn->nquestions - 1);
    }
    if (q->type == QN_POSTCODE) {
        if (json_object_get(qj, "options") != NULL) {
            fail(c, w, "a postcode question has no options%s", "");
            goto out;
        }
    } else if (parse_options(c, qj, w, qn, q) < 0)
        goto out;
    rc = 0;
out:
    free(type);
    free(role);
    return rc;
}

/* ---------- advice steps ---------- */

/* One text {"nl", "en"} out of an object that may hold other keys (checked by the caller). */
static int step_text(struct ctx *c, const json_t *obj, const char *where, struct qn_text *out)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (jfile_str(obj, lang_name((enum lang)l), where, QN_TEXT_MAX, true, &out->s[l], c->err,
                      c->errlen) < 0)
            return -1;
    return 0;
}

/* The conditions of one version: {"<question id>": ["<option id>", …], …}. */
static int step_when(struct ctx *c, const struct qn *qn, const json_t *wj, const char *where,
                     int self, struct qn_variant *v)
{
    if (!json_is_object(wj) || json_object_size(wj) == 0 || json_object_size(wj) > QN_MAX_WHEN)
        return fail(c, where, "'when' must name 1 to 3 questions%s", "");
    const char *qid;
    json_t *opts;
    json_object_foreach((json_t *)wj, qid, opts)
    {
        int k = qn_question_index(qn, qid);
        if (k < 0)
            return fail(c, where, "'when' names question '%s', which does not exist", qid);
        if (k == self || qn->questions[k].type != QN_SINGLE)
            return fail(c, where, "'when' question '%s' must be another question of type single",
                        qid);
        if (!json_is_array(opts) || json_array_size(opts) == 0)
            return fail(c, where, "'when' of '%s' must be a list of its option ids", qid);
        struct qn_when *w = &v->when[v->nwhen++];
        w->question = k;
        w->options = 0;
        for (size_t i = 0; i < json_array_size(opts); i++) {
            json_t *o = json_array_get(opts, i);
            int oi = json_is_string(o) ? qn_option_index(qn, (size_t)k, json_string_value(o)) : -1;
            if (oi < 0)
                return fail(c, where, "'when' names an option that question '%s' does not have",
                            qid);
            w->options |= 1u << oi;
        }
    }
    return 0;
}

/*
 * A step: one text {"nl", "en"}, or a list of versions
 * [{"when": {…}, "nl", "en"}, …, {"nl", "en"}] whose last has no 'when'.
 */
static int parse_step(struct ctx *c, const struct qn *qn, const struct pending_step *ps)
{
    static const char *const vkeys[] = {"when", "nl", "en", NULL};
    const json_t *j = ps->j;
    struct qn_step *st = ps->dst;
    if (json_is_object(j)) {
        if (jfile_keys(j, ps->where, text_keys, c->err, c->errlen) < 0)
            return -1;
        st->n = 1;
        return step_text(c, j, ps->where, &st->variant[0].text);
    }
    if (!json_is_array(j) || json_array_size(j) == 0 || json_array_size(j) > QN_MAX_VARIANTS)
        return fail(c, ps->where, "must be a text {\"nl\", \"en\"} or a list of 1 to 4 versions%s",
                    "");
    size_t n = json_array_size(j);
    for (size_t i = 0; i < n; i++) {
        const json_t *vj = json_array_get(j, i);
        struct qn_variant *v = &st->variant[i];
        char w[WHERE_MAX + 60];
        wfmt(w, sizeof(w), "%s[%zu]", ps->where, i);
        if (!json_is_object(vj))
            return fail(c, w, "must be an object%s", "");
        if (jfile_keys(vj, w, vkeys, c->err, c->errlen) < 0)
            return -1;
        st->n = i + 1; /* texts read so far are freed with the questionnaire */
        const json_t *wj = json_object_get(vj, "when");
        if (i + 1 < n && wj == NULL)
            return fail(c, w, "only the last version may go without 'when'%s", "");
        if (i + 1 == n && wj != NULL)
            return fail(c, w, "the last version has no 'when': it is the one for everyone else%s",
                        "");
        if ((wj != NULL && step_when(c, qn, wj, w, ps->question, v) < 0) ||
            step_text(c, vj, w, &v->text) < 0)
            return -1;
    }
    return 0;
}

static void step_free(struct qn_step *st)
{
    for (size_t i = 0; i < st->n; i++)
        jfile_text_free(&st->variant[i].text);
}

/* The titles of the 2024 set: {"risks": {"nl", "en"}, …}, all five. */
static int parse_ncsc_titles(struct ctx *c, const json_t *root, struct qn *qn)
{
    json_t *t;
    if (jfile_object(root, "ncsc_2024", "questionnaire", true, &t, c->err, c->errlen) < 0 ||
        jfile_keys(t, "ncsc_2024", ncsc_2024_ids, c->err, c->errlen) < 0)
        return -1;
    for (int n = 0; n < NCSC_COUNT; n++)
        if (jfile_text(t, ncsc_name((enum ncsc)n), "ncsc_2024", &qn->ncsc_title[n], c->err,
                       c->errlen) < 0)
            return -1;
    return 0;
}

static int parse_principle(struct ctx *c, struct qn *qn, const json_t *pj, size_t pi)
{
    struct qn_principle *p = &qn->principles[pi];
    char where[WHERE_MAX];
    wfmt(where, sizeof(where), "principles[%zu]", pi);
    static const char *const keys[] = {"id",    "ncsc_2024", "weight",    "title", "plain_title",
                                       "intro", "keep_up",   "questions", NULL};
    if (!json_is_object(pj))
        return fail(c, where, "must be an object%s", "");
    long weight;
    if (jfile_str(pj, "id", where, QN_ID_MAX, true, &p->id, c->err, c->errlen) < 0)
        return -1;
    wfmt(where, sizeof(where), "principles[%zu] (%s)", pi, p->id);
    if (jfile_keys(pj, where, keys, c->err, c->errlen) < 0)
        return -1;
    if (!validate_id(p->id, QN_ID_MAX, false))
        return fail(c, where, "id '%s' may only use a-z, 0-9 and _", p->id);
    for (size_t i = 0; i < pi; i++)
        if (strcmp(qn->principles[i].id, p->id) == 0)
            return fail(c, where, "principle id '%s' is used twice", p->id);
    if (jfile_str(pj, "ncsc_2024", where, QN_ID_MAX, true, &p->ncsc_2024, c->err, c->errlen) < 0)
        return -1;
    if (!in_list(p->ncsc_2024, ncsc_2024_ids))
        return fail(c, where,
                    "ncsc_2024 '%s' is not one of risks, behaviour, protect, access, incidents",
                    p->ncsc_2024);
    p->ncsc = (enum ncsc)ncsc_parse(p->ncsc_2024);
    if (jfile_int(pj, "weight", where, 1, 10, false, 1, &weight, c->err, c->errlen) < 0 ||
        jfile_text(pj, "title", where, &p->title, c->err, c->errlen) < 0 ||
        jfile_text(pj, "plain_title", where, &p->plain_title, c->err, c->errlen) < 0 ||
        jfile_text(pj, "intro", where, &p->intro, c->err, c->errlen) < 0)
        return -1;
    p->weight = (int)weight;
    const json_t *keep = json_object_get(pj, "keep_up");
    char kw[WHERE_MAX + 10];
    wfmt(kw, sizeof(kw), "%s.keep_up", where);
    if (keep == NULL)
        return fail(c, where, "'keep_up' is missing (the step of a principle at level low)%s", "");
    if (defer_step(c, keep, &p->keep_up, -1, kw) < 0)
        return -1;
    json_t *qs;
    if (jfile_array(pj, "questions", where, 2, QN_MAX_PRINCIPLE_QUESTIONS, true, &qs, c->err,
                    c->errlen) < 0)
        return -1;
    p->first = qn->nquestions;
    p->count = json_array_size(qs);
    for (size_t i = 0; i < p->count; i++) {
        char w[WHERE_MAX + 20];
        wfmt(w, sizeof(w), "%s.questions[%zu]", where, i);
        if (parse_question(c, qn, json_array_get(qs, i), w, (int)pi) < 0)
            return -1;
        struct qn_question *q = &qn->questions[qn->nquestions - 1];
        if (q->ncsc_2024 == NULL && (q->ncsc_2024 = strdup(p->ncsc_2024)) == NULL)
            return fail(c, w, "out of memory%s", "");
        q->ncsc = (enum ncsc)ncsc_parse(q->ncsc_2024);
    }
    return 0;
}

/* ---------- the public JSON (GET /api/v1/questionnaire) ---------- */

static json_t *public_question(const struct qn_question *q, enum lang l)
{
    static const char *const types[] = {"single", "multi", "postcode"};
    json_t *o = json_pack("{s:s, s:s, s:s, s:s*}", "id", q->id, "type", types[q->type], "text",
                          q->text.s[l], "help", q->help.s[l]);
    if (o == NULL)
        return NULL;
    if (q->principle >= 0)
        json_object_set_new(o, "ncsc_2024", json_string(q->ncsc_2024));
    else if (q->role != QN_ROLE_NONE)
        json_object_set_new(o, "role", json_string(role_names[q->role]));
    if (q->type != QN_POSTCODE) {
        json_t *opts = json_array();
        for (size_t i = 0; i < q->noptions; i++) {
            const struct qn_option *op = &q->options[i];
            json_t *oj = json_pack("{s:s, s:s, s:i}", "id", op->id, "label", op->label.s[l],
                                   "points", op->points);
            if (op->exclusive)
                json_object_set_new(oj, "exclusive", json_true());
            if (op->unknown)
                json_object_set_new(oj, "unknown", json_true());
            json_array_append_new(opts, oj);
        }
        json_object_set_new(o, "options", opts);
    }
    return o;
}

static int build_public(struct qn *qn)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        json_t *root = json_pack("{s:s, s:s}", "version", qn->version, "lang", lang_name(l));
        json_t *ps = json_array(), *prof = json_array();
        if (root == NULL || ps == NULL || prof == NULL) {
            json_decref(root);
            json_decref(ps);
            json_decref(prof);
            return -1;
        }
        for (size_t i = 0; i < QN_PRINCIPLES; i++) {
            const struct qn_principle *p = &qn->principles[i];
            json_t *qs = json_array();
            for (size_t k = p->first; k < p->first + p->count; k++)
                json_array_append_new(qs, public_question(&qn->questions[k], (enum lang)l));
            json_array_append_new(ps, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "id", p->id,
                                                "ncsc_2024", p->ncsc_2024, "title", p->title.s[l],
                                                "plain_title", p->plain_title.s[l], "intro",
                                                p->intro.s[l], "questions", qs));
        }
        for (size_t k = 0; k < qn->nquestions; k++)
            if (qn->questions[k].principle < 0)
                json_array_append_new(prof, public_question(&qn->questions[k], (enum lang)l));
        json_object_set_new(root, "principles", ps);
        json_object_set_new(root, "profile", prof);
        json_object_set_new(root, "total", json_integer((json_int_t)qn->nquestions));
        qn->public_json[l] = json_dumps(root, JSON_COMPACT);
        json_decref(root);
        if (qn->public_json[l] == NULL)
            return -1;
        qn->public_len[l] = strlen(qn->public_json[l]);
    }
    return 0;
}

/* ---------- entry points ---------- */

void *qn_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen)
{
    (void)arg;
    struct ctx c = {err, errlen, NULL, 0, 0};
    struct qn *qn = calloc(1, sizeof(*qn));
    if (qn == NULL) {
        snprintf(err, errlen, "questionnaire: out of memory");
        return NULL;
    }
    for (int r = 0; r < QN_ROLE_COUNT; r++)
        qn->role_question[r] = -1;
    secure_sha256(buf, len, qn->digest);
    json_t *root = jfile_parse("questionnaire", buf, len, err, errlen);
    if (root == NULL)
        goto bad;
    static const char *const keys[] = {"version",    "scoring", "ncsc_2024",
                                       "principles", "profile", NULL};
    json_t *ps, *prof;
    if (jfile_keys(root, "questionnaire", keys, err, errlen) < 0 ||
        jfile_str(root, "version", "questionnaire", QN_VERSION_MAX, true, &qn->version, err,
                  errlen) < 0)
        goto bad;
    for (const char *v = qn->version; *v != '\0'; v++)
        if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'z') || *v == '.' || *v == '-')) {
            fail(&c, "questionnaire", "version '%s' may only use a-z, 0-9, '.' and '-'",
                 qn->version);
            goto bad;
        }
    if (parse_scoring(&c, root, &qn->scoring) < 0 || parse_ncsc_titles(&c, root, qn) < 0 ||
        jfile_array(root, "principles", "questionnaire", QN_PRINCIPLES, QN_PRINCIPLES, true, &ps,
                    err, errlen) < 0)
        goto bad;
    for (size_t i = 0; i < QN_PRINCIPLES; i++)
        if (parse_principle(&c, qn, json_array_get(ps, i), i) < 0)
            goto bad;
    if (jfile_array(root, "profile", "questionnaire", 1, 10, true, &prof, err, errlen) < 0)
        goto bad;
    for (size_t i = 0; i < json_array_size(prof); i++) {
        char w[WHERE_MAX];
        wfmt(w, sizeof(w), "profile[%zu]", i);
        if (parse_question(&c, qn, json_array_get(prof, i), w, -1) < 0)
            goto bad;
    }
    for (int r = QN_ROLE_SECTOR; r < QN_ROLE_COUNT; r++)
        if (qn->role_question[r] < 0) {
            fail(&c, "profile", "no question has role '%s'", role_names[r]);
            goto bad;
        }
    /* every question is known now: the steps, whose conditions name questions */
    for (size_t i = 0; i < c.nsteps; i++)
        if (parse_step(&c, qn, &c.steps[i]) < 0)
            goto bad;
    for (size_t k = 0; k < qn->nquestions; k++)
        if (qn->questions[k].principle < 0 && qn->questions[k].type != QN_POSTCODE)
            qn->exposure_max += qn->questions[k].max_points;
    if (qn->exposure_max == 0) {
        fail(&c, "profile", "no profile option has exposure points%s", "");
        goto bad;
    }
    if (build_public(qn) < 0) {
        fail(&c, "questionnaire", "out of memory%s", "");
        goto bad;
    }
    json_decref(root);
    free(c.steps);
    return qn;
bad:
    json_decref(root);
    free(c.steps);
    qn_file_free(qn);
    return NULL;
}

struct qn *qn_file_load(const char *path, char *err, size_t errlen)
{
    return jfile_load(path, qn_file_parse, NULL, err, errlen);
}

void qn_file_free(struct qn *qn)
{
    if (qn == NULL)
        return;
    for (size_t i = 0; i < QN_PRINCIPLES; i++) {
        struct qn_principle *p = &qn->principles[i];
        free(p->id);
        free(p->ncsc_2024);
        jfile_text_free(&p->title);
        jfile_text_free(&p->plain_title);
        jfile_text_free(&p->intro);
        step_free(&p->keep_up);
    }
    for (int n = 0; n < NCSC_COUNT; n++)
        jfile_text_free(&qn->ncsc_title[n]);
    for (size_t k = 0; k < qn->nquestions; k++) {
        struct qn_question *q = &qn->questions[k];
        free(q->id);
        free(q->ncsc_2024);
        jfile_text_free(&q->text);
        jfile_text_free(&q->help);
        for (size_t i = 0; i < q->noptions; i++) {
            free(q->options[i].id);
            jfile_text_free(&q->options[i].label);
            jfile_text_free(&q->options[i].ask);
            step_free(&q->options[i].advice);
        }
        free(q->options);
    }
    for (int l = 0; l < LANG_COUNT; l++)
        free(qn->public_json[l]);
    free(qn->version);
    free(qn);
}
