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

int answers_from_json(const struct qn *qn, size_t qi, const json_t *body, struct answers *a,
                      const char **msg)
{
    const struct qn_question *q = &qn->questions[qi];
    static const char *const keys[] = {"option", "options", "value"};
    const char *want = keys[q->type];
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (strcmp(key, want) != 0) {
            *msg = q->type == QN_SINGLE ? "Send the chosen option as {\"option\": \"<id>\"}."
                   : q->type == QN_MULTI
                       ? "Send the chosen options as {\"options\": [\"<id>\", …]}."
                       : "Send the postcode as {\"value\": \"1234 AB\"}.";
            return -1;
        }
    }
    v = json_object_get(body, want);
    if (q->type == QN_POSTCODE) {
        if (json_is_null(v)) {
            a->postcode = ANSWERS_POSTCODE_DECLINED;
            return 0;
        }
        int pc = json_is_string(v) ? postcode_parse(json_string_value(v)) : -1;
        if (pc < 0) {
            *msg = "Enter a Dutch postcode: four digits, optionally with the two letters "
                   "(1234 or 1234 AB).";
            return -1;
        }
        a->postcode = pc;
        return 0;
    }
    uint32_t sel = 0;
    if (q->type == QN_SINGLE) {
        int i = json_is_string(v) ? qn_option_index(qn, qi, json_string_value(v)) : -1;
        if (i < 0) {
            *msg = "That option does not belong to this question.";
            return -1;
        }
        sel = 1u << i;
    } else {
        if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > q->noptions) {
            *msg = "Choose at least one of this question's options.";
            return -1;
        }
        for (size_t k = 0; k < json_array_size(v); k++) {
            json_t *e = json_array_get(v, k);
            int i = json_is_string(e) ? qn_option_index(qn, qi, json_string_value(e)) : -1;
            if (i < 0) {
                *msg = "That option does not belong to this question.";
                return -1;
            }
            if (sel & (1u << i)) {
                *msg = "An option is given twice.";
                return -1;
            }
            sel |= 1u << i;
        }
        if (answers_check_selection(qn, qi, sel) < 0) {
            *msg = "\"None of these\" cannot be combined with other options.";
            return -1;
        }
    }
    a->sel[qi] = sel;
    return 0;
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
