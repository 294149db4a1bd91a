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

#define WHERE_MAX 160

static const char *const ncsc_2024_ids[] = {"risks",  "behaviour", "protect",
                                            "access", "incidents", NULL};
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

struct ctx {
    char *err;
    size_t errlen;
};

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

static int parse_scoring(struct ctx *c, const json_t *root, struct qn_scoring *s)
{
    json_t *sc, *u, *p, *e;
    long a, b;
    static const char *const sc_keys[] = {"urgency_levels", "principle_levels",
                                          "exposure_factor_pct", NULL};
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
    return 0;
}

static int parse_options(struct ctx *c, const json_t *qj, const char *where, struct qn_question *q)
{
    json_t *arr;
    if (jfile_array(qj, "options", where, 2, QN_MAX_OPTIONS, true, &arr, c->err, c->errlen) < 0)
        return -1;
    q->noptions = json_array_size(arr);
    q->options = calloc(q->noptions, sizeof(*q->options));
    if (q->options == NULL)
        return fail(c, where, "out of memory%s", "");
    static const char *const keys[] = {"id", "label", "points", "critical", "exclusive", NULL};
    int best = 0, sum = 0;
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
            jfile_bool(oj, "exclusive", w, &o->exclusive, c->err, c->errlen) < 0)
            return -1;
        if (o->exclusive && q->type != QN_MULTI)
            return fail(c, w, "'exclusive' only applies to multi questions%s", "");
        if (o->critical && q->principle < 0)
            return fail(c, w, "profile options cannot be critical%s", "");
        o->points = (int)pts;
        best = o->points > best ? o->points : best;
        sum += o->points;
    }
    q->max_points = q->type == QN_MULTI ? sum : best;
    if (q->max_points == 0 && q->principle >= 0)
        return fail(c, where, "no option scores any points%s", "");
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
        jfile_text(qj, "help", w, &q->help, c->err, c->errlen) < 0)
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
        if (jfile_str(qj, "role", w, QN_ID_MAX, true, &role, c->err, c->errlen) < 0)
            goto out;
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
    } else if (parse_options(c, qj, w, q) < 0)
        goto out;
    rc = 0;
out:
    free(type);
    free(role);
    return rc;
}

static int parse_advice(struct ctx *c, const json_t *pj, const char *where, struct qn_principle *p)
{
    json_t *adv;
    static const char *const lvl_keys[] = {"low", "medium", "high", NULL};
    static const char *const langs[] = {"nl", "en", NULL};
    if (jfile_object(pj, "advice", where, true, &adv, c->err, c->errlen) < 0 ||
        jfile_keys(adv, where, lvl_keys, c->err, c->errlen) < 0)
        return -1;
    for (int l = 0; l < LEVEL_COUNT; l++) {
        json_t *lv;
        char w[WHERE_MAX + 40];
        wfmt(w, sizeof(w), "%s.advice", where);
        if (jfile_object(adv, level_name(l), w, true, &lv, c->err, c->errlen) < 0)
            return -1;
        wfmt(w, sizeof(w), "%s.advice.%s", where, level_name(l));
        if (jfile_keys(lv, w, langs, c->err, c->errlen) < 0)
            return -1;
        for (int g = 0; g < LANG_COUNT; g++) {
            json_t *items;
            if (jfile_array(lv, lang_name(g), w, 1, QN_MAX_ADVICE, true, &items, c->err,
                            c->errlen) < 0)
                return -1;
            for (size_t i = 0; i < json_array_size(items); i++) {
                json_t *it = json_array_get(items, i);
                if (!json_is_string(it) || json_string_length(it) == 0 ||
                    json_string_length(it) > QN_TEXT_MAX)
                    return fail(c, w, "advice items must be texts of 1 to 2000 bytes (%s)",
                                lang_name(g));
                p->advice[l].items[g][i] = strdup(json_string_value(it));
                if (p->advice[l].items[g][i] == NULL)
                    return fail(c, w, "out of memory%s", "");
                p->advice[l].n[g]++;
            }
        }
    }
    return 0;
}

static int parse_principle(struct ctx *c, struct qn *qn, const json_t *pj, size_t pi)
{
    struct qn_principle *p = &qn->principles[pi];
    char where[WHERE_MAX];
    wfmt(where, sizeof(where), "principles[%zu]", pi);
    static const char *const keys[] = {"id",    "ncsc_2024", "weight",    "title",
                                       "intro", "advice",    "questions", NULL};
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
    if (jfile_int(pj, "weight", where, 1, 10, false, 1, &weight, c->err, c->errlen) < 0 ||
        jfile_text(pj, "title", where, &p->title, c->err, c->errlen) < 0 ||
        jfile_text(pj, "intro", where, &p->intro, c->err, c->errlen) < 0 ||
        parse_advice(c, pj, where, p) < 0)
        return -1;
    p->weight = (int)weight;
    json_t *qs;
    if (jfile_array(pj, "questions", where, 2, 4, true, &qs, c->err, c->errlen) < 0)
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
    }
    return 0;
}

/* ---------- the public JSON (GET /api/v1/questionnaire) ---------- */

static json_t *public_question(const struct qn_question *q, enum lang l)
{
    static const char *const types[] = {"single", "multi", "postcode"};
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", q->id, "type", types[q->type], "text",
                          q->text.s[l], "help", q->help.s[l]);
    if (o == NULL)
        return NULL;
    if (q->role != QN_ROLE_NONE)
        json_object_set_new(o, "role", json_string(role_names[q->role]));
    else
        json_object_set_new(o, "ncsc_2024", json_string(q->ncsc_2024));
    if (q->type != QN_POSTCODE) {
        json_t *opts = json_array();
        for (size_t i = 0; i < q->noptions; i++) {
            const struct qn_option *op = &q->options[i];
            json_t *oj = json_pack("{s:s, s:s, s:i}", "id", op->id, "label", op->label.s[l],
                                   "points", op->points);
            if (op->exclusive)
                json_object_set_new(oj, "exclusive", json_true());
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
            json_array_append_new(ps, json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", p->id,
                                                "ncsc_2024", p->ncsc_2024, "title", p->title.s[l],
                                                "intro", p->intro.s[l], "questions", qs));
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
    struct ctx c = {err, errlen};
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
    static const char *const keys[] = {"version", "scoring", "principles", "profile", NULL};
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
    if (parse_scoring(&c, root, &qn->scoring) < 0 ||
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
    return qn;
bad:
    json_decref(root);
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
        jfile_text_free(&p->intro);
        for (int l = 0; l < LEVEL_COUNT; l++)
            for (int g = 0; g < LANG_COUNT; g++)
                for (size_t k = 0; k < p->advice[l].n[g]; k++)
                    free(p->advice[l].items[g][k]);
    }
    for (size_t k = 0; k < qn->nquestions; k++) {
        struct qn_question *q = &qn->questions[k];
        free(q->id);
        free(q->ncsc_2024);
        jfile_text_free(&q->text);
        jfile_text_free(&q->help);
        for (size_t i = 0; i < q->noptions; i++) {
            free(q->options[i].id);
            jfile_text_free(&q->options[i].label);
        }
        free(q->options);
    }
    for (int l = 0; l < LANG_COUNT; l++)
        free(qn->public_json[l]);
    free(qn->version);
    free(qn);
}
