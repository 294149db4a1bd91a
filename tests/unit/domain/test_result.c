/*
 * test_result.c — the result document: every principle with its score, the
 * points it is made of, its steps and why ("improve"), a keep-up step at
 * level low; the critical answers with their step; the list for the IT
 * supplier; the 2024 set; in the respondent's language.  And the groups a
 * completed test is counted in.
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
    /* the arithmetic alone says high here: nothing raised it */
    assert_int_equal(json_integer_value(json_object_get(r, "urgency_model")), s.urgency);
    assert_true(json_is_null(json_object_get(r, "urgency_raised_by")));
    json_t *ps = json_object_get(r, "principles");
    assert_int_equal(json_array_size(ps), QN_PRINCIPLES);
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        json_t *o = json_array_get(ps, p);
        assert_string_equal(json_string_value(json_object_get(o, "id")), qn->principles[p].id);
        assert_string_equal(json_string_value(json_object_get(o, "title")),
                            qn->principles[p].title.s[LANG_EN]);
        assert_string_equal(json_string_value(json_object_get(o, "plain_title")),
                            qn->principles[p].plain_title.s[LANG_EN]);
        assert_int_equal(json_integer_value(json_object_get(o, "points")), s.points[p]);
        assert_int_equal(json_integer_value(json_object_get(o, "max_points")), s.max_points[p]);
        /* every question of the principle is at its worst: one step each, none for keeping up */
        json_t *improve = json_object_get(o, "improve"), *advice = json_object_get(o, "advice");
        assert_true(json_array_size(improve) >= qn->principles[p].count);
        assert_int_equal(json_array_size(advice), json_array_size(improve));
        assert_true(json_is_null(json_object_get(o, "keep_up"))); /* not at level low */
        for (size_t i = 0; i < json_array_size(improve); i++)
            assert_string_equal(
                json_string_value(json_array_get(advice, i)),
                json_string_value(json_object_get(json_array_get(improve, i), "step")));
    }
    /* p1: both questions at c (4 points short each), in question order */
    json_t *imp = json_object_get(json_array_get(ps, 0), "improve");
    assert_string_equal(json_string_value(json_object_get(json_array_get(imp, 0), "question_id")),
                        "p1q1");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(imp, 0), "points_lost")), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(imp, 1), "step")),
                        "step p1q2 c zelf");
    /* the critical answers carry the step that deals with them */
    assert_true(s.critical > 0);
    json_t *crit = json_object_get(r, "critical");
    assert_int_equal(json_array_size(crit), (size_t)s.critical);
    assert_string_equal(json_string_value(json_object_get(json_array_get(crit, 0), "question")),
                        "p1q2");
    assert_string_equal(json_string_value(json_object_get(json_array_get(crit, 0), "step")),
                        "step p1q2 c zelf");
    assert_int_equal(json_array_size(json_object_get(r, "ask_it_supplier")), 0);
    json_decref(r);
    qn_file_free(qn);
}

static void test_result_dont_know_goes_to_the_list_for_the_it_supplier(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    answer_all(qn, &a, 0);
    a.sel[qn_question_index(qn, "p2q1")] = 1u << 3; /* d: don't know */
    a.sel[qn_question_index(qn, "p3q2")] = 1u << 3;
    struct score s;
    score_compute(qn, &a, &s);
    assert_int_equal(s.principle[1], 50); /* scores as the worst answer: 4 of 8 */
    json_t *r = result_json(qn, &a, &s, LANG_NL);
    json_t *ask = json_object_get(r, "ask_it_supplier");
    assert_int_equal(json_array_size(ask), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ask, 0), "question_id")),
                        "p2q1");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ask, 0), "text")),
                        "vraag aan IT over p2q1");
    /* in "improve" (it costs points), not among the principle's own steps */
    json_t *p2 = json_array_get(json_object_get(r, "principles"), 1);
    json_t *imp = json_array_get(json_object_get(p2, "improve"), 0);
    assert_true(json_is_true(json_object_get(imp, "ask")));
    assert_int_equal(json_integer_value(json_object_get(imp, "points_lost")), 4);
    assert_int_equal(json_array_size(json_object_get(p2, "advice")), 0);
    json_decref(r);
    qn_file_free(qn);
}

static void test_result_low_principle_gets_one_keep_up_step(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    answer_all(qn, &a, 0);                    /* the best everywhere; employees "solo" */
    a.sel[qn_question_index(qn, "p5q2")] = 3; /* x and y: the multi question's best */
    struct score s;
    score_compute(qn, &a, &s);
    json_t *r = result_json(qn, &a, &s, LANG_NL);
    json_t *ps = json_object_get(r, "principles");
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        json_t *o = json_array_get(ps, p);
        assert_string_equal(json_string_value(json_object_get(o, "level")), "low");
        assert_int_equal(json_array_size(json_object_get(o, "improve")), 0);
        assert_int_equal(json_array_size(json_object_get(o, "advice")), 1);
    }
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(json_array_get(ps, 0), "advice"), 0)),
        "p1 volhouden solo");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ps, 0), "keep_up")),
                        "p1 volhouden solo");
    assert_true(json_is_null(json_object_get(r, "urgency_raised_by")));
    json_decref(r);
    qn_file_free(qn);
}

static void test_result_names_the_2024_principles(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    answer_all(qn, &a, 1); /* b everywhere: every question half its points */
    struct score s;
    score_compute(qn, &a, &s);
    json_t *r = result_json(qn, &a, &s, LANG_NL);
    json_t *p1 = json_array_get(json_object_get(r, "principles"), 0);
    assert_string_equal(json_string_value(json_object_get(p1, "ncsc_2024_title")), "risico's 2024");
    /* p1's questions: p1q1 under its principle's "risks", p1q2 under "incidents" */
    json_t *titles = json_object_get(p1, "ncsc_2024_titles");
    assert_int_equal(json_array_size(titles), 2);
    assert_string_equal(json_string_value(json_array_get(titles, 1)), "incidenten 2024");
    /* the scores by the 2024 set, over the questions mapped to each */
    json_t *set = json_object_get(r, "set_2024");
    assert_int_equal(json_array_size(set), NCSC_COUNT);
    for (size_t i = 0; i < json_array_size(set); i++) {
        json_t *o = json_array_get(set, i);
        const char *id = json_string_value(json_object_get(o, "id"));
        /* p5q2 "b" is y: 2 of 4, like every other question */
        assert_int_equal(json_integer_value(json_object_get(o, "score")), 50);
        assert_string_equal(json_string_value(json_object_get(o, "level")), "medium");
        assert_non_null(id);
    }
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
        cmocka_unit_test(test_result_dont_know_goes_to_the_list_for_the_it_supplier),
        cmocka_unit_test(test_result_low_principle_gets_one_keep_up_step),
        cmocka_unit_test(test_result_names_the_2024_principles),
        cmocka_unit_test(test_completion_groups_never_hold_the_postcode),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
