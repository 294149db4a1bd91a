/*
 * test_result.c — the result document: every principle with its score,
 * level and the advice of its level, the critical answers, in the
 * respondent's language; and the groups a completed test is counted in.
 */
#include "domain/completion.h"
#include "domain/result.h"
#include "domain/score.h"
#include "test_util.h"

#include <string.h>

/* Answers every question of the test questionnaire with option `pick` (postcode 9712). */
static void answer_all(const struct qn *qn, struct answers *a, int pick)
{
    memset(a, 0, sizeof(*a));
    for (size_t k = 0; k < qn->nquestions; k++)
        if (qn->questions[k].type == QN_POSTCODE)
            a->postcode = 9712;
        else
            a->sel[k] = 1u << (pick < (int)qn->questions[k].noptions ? pick : 0);
}

static void test_result_lists_principles_advice_and_critical_answers(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    answer_all(qn, &a, 2); /* the worst option: critical answers among them */
    struct score s;
    score_compute(qn, &a, &s);
    json_t *r = result_json(qn, &a, &s, LANG_EN);
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "lang")), "en");
    assert_int_equal(json_integer_value(json_object_get(r, "urgency")), s.urgency);
    json_t *ps = json_object_get(r, "principles");
    assert_int_equal(json_array_size(ps), QN_PRINCIPLES);
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        json_t *o = json_array_get(ps, p);
        assert_string_equal(json_string_value(json_object_get(o, "id")), qn->principles[p].id);
        assert_string_equal(json_string_value(json_object_get(o, "title")),
                            qn->principles[p].title.s[LANG_EN]);
        const struct qn_advice *adv = &qn->principles[p].advice[s.principle_level[p]];
        json_t *items = json_object_get(o, "advice");
        assert_int_equal(json_array_size(items), adv->n[LANG_EN]);
        assert_string_equal(json_string_value(json_array_get(items, 0)), adv->items[LANG_EN][0]);
    }
    assert_true(s.critical > 0);
    json_t *crit = json_object_get(r, "critical");
    assert_int_equal(json_array_size(crit), (size_t)s.critical);
    json_decref(r);
    qn_file_free(qn);
}

static void test_completion_groups_never_hold_the_postcode(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    answer_all(qn, &a, 0);
    static struct pc4_table t;
    for (int i = 0; i <= PC4_MAX; i++)
        t.areas[i].province = -1;
    t.areas[9711].province = 0; /* Groningen */
    struct completion c;
    completion_of(qn, &a, &t, "kvk-week", 1796112000 /* 2026-12-01 */, &c);
    assert_string_equal(c.group[BY_PROVINCE], "GR");
    assert_string_equal(c.group[BY_CAMPAIGN], "kvk-week");
    assert_string_equal(c.week, "2026-W49");
    assert_string_equal(c.day, "2026-12-01");
    assert_non_null(c.group[BY_SECTOR]);
    for (int b = 0; b < BY_COUNT; b++)
        assert_null(strstr(c.group[b], "971"));
    a.postcode = ANSWERS_POSTCODE_DECLINED;
    completion_of(qn, &a, &t, "", 1796112000, &c);
    assert_string_equal(c.group[BY_PROVINCE], COMPLETION_UNKNOWN);
    assert_string_equal(c.group[BY_CAMPAIGN], COMPLETION_NO_CAMPAIGN);
    qn_file_free(qn);
}

static int setup(void **state)
{
    (void)state;
    return calendar_init();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result_lists_principles_advice_and_critical_answers),
        cmocka_unit_test(test_completion_groups_never_hold_the_postcode),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
