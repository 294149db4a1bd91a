/*
 * answers.c — see answers.h.
 */
#include "domain/answers.h"

#include "domain/postcode.h"

#include <stdio.h>
#include <string.h>

bool answers_has(const struct qn *qn, const struct answers *a, size_t qi)
{
    return qn->questions[qi].type == QN_POSTCODE ? a->postcode != 0 : a->sel[qi] != 0;
}

const char *answers_role_option(const struct qn *qn, const struct answers *a, enum qn_role role)
{
    int k = qn->role_question[role];
    if (k < 0 || qn->questions[k].type != QN_SINGLE || a->sel[k] == 0)
        return NULL;
    return qn->questions[k].options[__builtin_ctz(a->sel[k])].id;
}

size_t answers_count(const struct qn *qn, const struct answers *a)
{
    size_t n = 0;
    for (size_t k = 0; k < qn->nquestions; k++)
        n += answers_has(qn, a, k);
    return n;
}

void answers_encode(const struct qn *qn, const struct answers *a, size_t qi, char buf[8])
{
    if (qn->questions[qi].type == QN_POSTCODE && a->postcode == ANSWERS_POSTCODE_DECLINED)
        snprintf(buf, 8, "-");
    else if (qn->questions[qi].type == QN_POSTCODE)
        snprintf(buf, 8, "%04d", a->postcode);
    else
        snprintf(buf, 8, "%x", (unsigned)a->sel[qi]);
}

static int parse_uint(const char *s, size_t len, int base, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    if (len == 0 || len > 8)
        return -1;
    for (size_t i = 0; i < len; i++) {
        int d;
        if (s[i] >= '0' && s[i] <= '9')
            d = s[i] - '0';
        else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
            d = s[i] - 'a' + 10;
        else
            return -1;
        v = v * (unsigned long)base + (unsigned long)d;
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

int answers_decode(const struct qn *qn, struct answers *a, const char *field, const char *value,
                   size_t vlen)
{
    unsigned long qi, v;
    if (parse_uint(field, strlen(field), 10, qn->nquestions - 1, &qi) < 0)
        return -1;
    const struct qn_question *q = &qn->questions[qi];
    if (q->type == QN_POSTCODE) {
        if (vlen == 1 && value[0] == '-') {
            a->postcode = ANSWERS_POSTCODE_DECLINED;
            return 0;
        }
        if (vlen != 4 || parse_uint(value, vlen, 10, 9999, &v) < 0 || v < 1000)
            return -1;
        a->postcode = (int)v;
        return 0;
    }
    if (parse_uint(value, vlen, 16, 0xffffffffUL, &v) < 0 ||
        answers_check_selection(qn, qi, (uint32_t)v) < 0)
        return -1;
    a->sel[qi] = (uint32_t)v;
    return 0;
}

int answers_check_selection(const struct qn *qn, size_t qi, uint32_t sel)
{
    const struct qn_question *q = &qn->questions[qi];
    if (sel == 0 || q->type == QN_POSTCODE)
        return -1;
    if (q->noptions < 32 && (sel >> q->noptions) != 0)
        return -1;
    int n = __builtin_popcount(sel);
    if (q->type == QN_SINGLE)
        return n == 1 ? 0 : -1;
    for (size_t i = 0; i < q->noptions; i++)
        if ((sel & (1u << i)) && q->options[i].exclusive && n > 1)
            return -1;
    return 0;
}

static const char *const problems[][LANG_COUNT] = {
    [ANSWERS_OK] = {"", ""},
    [ANSWERS_SHAPE_SINGLE] = {"Stuur het gekozen antwoord als {\"option\": \"<id>\"}.",
                              "Send the chosen option as {\"option\": \"<id>\"}."},
    [ANSWERS_SHAPE_MULTI] = {"Stuur de gekozen antwoorden als {\"options\": [\"<id>\", …]}.",
                             "Send the chosen options as {\"options\": [\"<id>\", …]}."},
    [ANSWERS_SHAPE_VALUE] = {"Stuur de postcode als {\"value\": \"1234 AB\"}.",
                             "Send the postcode as {\"value\": \"1234 AB\"}."},
    [ANSWERS_BAD_POSTCODE] = {"Vul een Nederlandse postcode in: vier cijfers, eventueel met de "
                              "twee letters (1234 of 1234 AB).",
                              "Enter a Dutch postcode: four digits, optionally with the two "
                              "letters (1234 or 1234 AB)."},
    [ANSWERS_NOT_AN_OPTION] = {"Dat antwoord hoort niet bij deze vraag.",
                               "That option does not belong to this question."},
    [ANSWERS_NONE_CHOSEN] = {"Kies minstens een van de antwoorden van deze vraag.",
                             "Choose at least one of this question's options."},
    [ANSWERS_TWICE] = {"Een antwoord staat er twee keer in.", "An option is given twice."},
    [ANSWERS_EXCLUSIVE] = {"\"Geen van deze\" kan niet samen met andere antwoorden.",
                           "\"None of these\" cannot be combined with other options."},
};

const char *answers_problem_text(enum answers_problem p, enum lang lang)
{
    return problems[p][lang];
}

enum answers_problem answers_from_json(const struct qn *qn, size_t qi, const json_t *body,
                                       struct answers *a)
{
    const struct qn_question *q = &qn->questions[qi];
    static const char *const keys[] = {"option", "options", "value"};
    static const enum answers_problem shape[] = {ANSWERS_SHAPE_SINGLE, ANSWERS_SHAPE_MULTI,
                                                 ANSWERS_SHAPE_VALUE};
    const char *want = keys[q->type];
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (strcmp(key, want) != 0)
            return shape[q->type];
    }
    v = json_object_get(body, want);
    if (q->type == QN_POSTCODE) {
        if (json_is_null(v)) {
            a->postcode = ANSWERS_POSTCODE_DECLINED;
            return ANSWERS_OK;
        }
        int pc = json_is_string(v) ? postcode_parse(json_string_value(v)) : -1;
        if (pc < 0)
            return v == NULL ? ANSWERS_SHAPE_VALUE : ANSWERS_BAD_POSTCODE;
        a->postcode = pc;
        return ANSWERS_OK;
    }
    uint32_t sel = 0;
    if (q->type == QN_SINGLE) {
        int i = json_is_string(v) ? qn_option_index(qn, qi, json_string_value(v)) : -1;
        if (i < 0)
            return v == NULL ? ANSWERS_SHAPE_SINGLE : ANSWERS_NOT_AN_OPTION;
        sel = 1u << i;
    } else {
        if (!json_is_array(v))
            return ANSWERS_SHAPE_MULTI;
        if (json_array_size(v) == 0 || json_array_size(v) > q->noptions)
            return ANSWERS_NONE_CHOSEN;
        for (size_t k = 0; k < json_array_size(v); k++) {
            json_t *e = json_array_get(v, k);
            int i = json_is_string(e) ? qn_option_index(qn, qi, json_string_value(e)) : -1;
            if (i < 0)
                return ANSWERS_NOT_AN_OPTION;
            if (sel & (1u << i))
                return ANSWERS_TWICE;
            sel |= 1u << i;
        }
        if (answers_check_selection(qn, qi, sel) < 0)
            return ANSWERS_EXCLUSIVE;
    }
    a->sel[qi] = sel;
    return ANSWERS_OK;
}

json_t *answers_to_json(const struct qn *qn, const struct answers *a, size_t qi)
{
    const struct qn_question *q = &qn->questions[qi];
    if (q->type == QN_POSTCODE) {
        char buf[8];
        if (a->postcode == 0)
            return NULL;
        if (a->postcode == ANSWERS_POSTCODE_DECLINED)
            return json_null();
        snprintf(buf, sizeof(buf), "%04d", a->postcode);
        return json_string(buf);
    }
    if (a->sel[qi] == 0)
        return NULL;
    if (q->type == QN_SINGLE)
        return json_string(q->options[__builtin_ctz(a->sel[qi])].id);
    json_t *arr = json_array();
    for (size_t i = 0; i < q->noptions; i++)
        if (a->sel[qi] & (1u << i))
            json_array_append_new(arr, json_string(q->options[i].id));
    return arr;
}
