/*
 * test_qn_file.c — the questionnaire loader: a good file loads (steps with
 * their versions, "don't know" answers, level floors, the 2024 titles), and
 * each kind of bad file is refused with a message that names the bad entry.
 */
#include "content/jfile.h"
#include "test_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *fixture(void)
{
    json_error_t je;
    json_t *j = json_load_file(TEST_QN, 0, &je);
    if (j == NULL)
        fail_msg("%s: %s", TEST_QN, je.text);
    return j;
}

/* Parses `doc` (consumed) and expects a refusal whose message contains every needle. */
static void expect_refused(json_t *doc, const char *needle1, const char *needle2)
{
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    char err[512] = "";
    struct qn *qn = qn_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    if (qn != NULL) {
        qn_file_free(qn);
        fail_msg("accepted a bad questionnaire (expected '%s')", needle1);
    }
    print_message("  refused: %s\n", err);
    if (strstr(err, needle1) == NULL || (needle2 != NULL && strstr(err, needle2) == NULL))
        fail_msg("message '%s' does not name '%s'/'%s'", err, needle1, needle2 ? needle2 : "");
}

static json_t *question(json_t *doc, size_t p, size_t q)
{
    return json_array_get(
        json_object_get(json_array_get(json_object_get(doc, "principles"), p), "questions"), q);
}

static void test_qn_loads_the_test_file(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    assert_string_equal(qn->version, "test.1");
    assert_int_equal(qn->nquestions, 16);
    assert_int_equal(qn->exposure_max, 11);
    assert_int_equal(qn->role_question[QN_ROLE_POSTCODE], 15);
    assert_int_equal(qn_question_index(qn, "p3q1"), 4);
    assert_int_equal(qn_question_index(qn, "nope"), -1);
    assert_non_null(strstr(qn->public_json[LANG_NL], "\"lang\":\"nl\""));
    assert_non_null(strstr(qn->public_json[LANG_EN], "\"question p1q1\""));
    assert_non_null(strstr(qn->public_json[LANG_NL], "\"type\":\"postcode\""));
    qn_file_free(qn);
}

static void test_qn_loads_the_shipped_questionnaire(void **state)
{
    (void)state;
    char err[512] = "";
    struct qn *qn = qn_file_load("tests/data/questionnaire-full.json", err, sizeof(err));
    if (qn == NULL)
        fail_msg("tests/data/questionnaire-full.json: %s", err);
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        assert_in_range(qn->principles[p].count, 2, 4);
    qn_file_free(qn);
}

static void test_qn_rejects_duplicate_question_id(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(question(doc, 2, 1), "id", json_string("p1q2"));
    expect_refused(doc, "principles[2] (p3).questions[1] (p1q2)", "'p1q2' is used twice");
}

static void test_qn_rejects_option_without_points(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(json_array_get(json_object_get(question(doc, 1, 0), "options"), 1), "points");
    expect_refused(doc, "principles[1] (p2).questions[0] (p2q1).options[1] (b)", "points");
}

static json_t *option(json_t *doc, size_t p, size_t q, size_t o)
{
    return json_array_get(json_object_get(question(doc, p, q), "options"), o);
}

static void test_qn_loads_steps_versions_and_floors(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    const struct qn_option *b = &qn->questions[qn_question_index(qn, "p1q1")].options[1];
    assert_int_equal(b->advice.n, 2);
    assert_int_equal(b->advice.variant[0].nwhen, 1);
    assert_int_equal(b->advice.variant[0].when[0].question, qn_question_index(qn, "employees"));
    assert_int_equal(b->advice.variant[0].when[0].options, 1u << 0); /* solo */
    assert_int_equal(b->advice.variant[1].nwhen, 0);
    assert_string_equal(b->advice.variant[1].text.s[LANG_NL], "stap p1q1 b team");
    const struct qn_option *d = &qn->questions[qn_question_index(qn, "p2q1")].options[3];
    assert_true(d->unknown);
    assert_string_equal(d->ask.s[LANG_EN], "ask IT about p2q1");
    assert_int_equal(d->advice.n, 0);
    /* the best answer has no step */
    assert_int_equal(qn->questions[0].options[0].advice.n, 0);
    assert_int_equal(qn->scoring.nfloors, 2);
    assert_int_equal(qn->scoring.floor[1].principles, LEVEL_MEDIUM);
    assert_int_equal(qn->scoring.floor[1].count, 2);
    assert_int_equal(qn->scoring.floor[1].level, LEVEL_MEDIUM);
    assert_string_equal(qn->ncsc_title[NCSC_INCIDENTS].s[LANG_NL], "incidenten 2024");
    assert_int_equal(qn->questions[qn_question_index(qn, "p1q2")].ncsc, NCSC_INCIDENTS);
    assert_int_equal(qn->questions[qn_question_index(qn, "p1q1")].ncsc, NCSC_RISKS);
    /* a profile question without a role */
    assert_int_equal(qn->questions[qn_question_index(qn, "it_support")].role, QN_ROLE_NONE);
    assert_non_null(strstr(qn->public_json[LANG_NL], "\"plain_title\":\"gewone titel p1\""));
    qn_file_free(qn);
}

static void test_qn_help_is_optional(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(question(doc, 0, 0), "help");
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    char err[512] = "";
    struct qn *qn = qn_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    if (qn == NULL)
        fail_msg("refused: %s", err);
    assert_null(qn->questions[0].help.s[LANG_NL]);
    assert_null(strstr(qn->public_json[LANG_NL], "{\"id\":\"p1q1\",\"type\":\"single\",\"text\""
                                                 ":\"vraag p1q1\",\"help\""));
    qn_file_free(qn);
}

static void test_qn_rejects_the_old_advice_per_level(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(json_array_get(json_object_get(doc, "principles"), 3), "advice",
                        json_object());
    expect_refused(doc, "principles[3] (p4)", "unknown field 'advice'");
}

static void test_qn_rejects_answer_below_best_without_step(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(option(doc, 1, 0, 1), "advice");
    expect_refused(doc, "principles[1] (p2).questions[0] (p2q1).options[1] (b)",
                   "'advice' is missing");
}

static void test_qn_rejects_step_on_the_best_answer(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(option(doc, 0, 0, 0), "advice",
                        json_pack("{s:s, s:s}", "nl", "x", "en", "x"));
    expect_refused(doc, "(p1q1).options[0] (a)", "the best answer has no 'advice'");
}

static void test_qn_rejects_step_without_english(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(json_object_get(option(doc, 0, 0, 2), "advice"), "en");
    expect_refused(doc, "(p1q1).options[2] (c).advice", "'en' is missing");
}

static void test_qn_rejects_version_without_dutch(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(json_array_get(json_object_get(option(doc, 0, 0, 1), "advice"), 0), "nl");
    expect_refused(doc, "(p1q1).options[1] (b).advice[0]", "'nl' is missing");
}

static void test_qn_rejects_condition_on_unknown_question(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(json_array_get(json_object_get(option(doc, 0, 0, 1), "advice"), 0), "when",
                        json_pack("{s:[s]}", "employes", "solo"));
    expect_refused(doc, "(p1q1).options[1] (b).advice[0]",
                   "question 'employes', which does not exist");
}

static void test_qn_rejects_condition_on_unknown_option(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(json_array_get(json_object_get(option(doc, 0, 0, 1), "advice"), 0), "when",
                        json_pack("{s:[s]}", "employees", "alone"));
    expect_refused(doc, "(p1q1).options[1] (b).advice[0]",
                   "an option that question 'employees' does not have");
}

static void test_qn_rejects_versions_without_a_default(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(json_array_get(json_object_get(option(doc, 0, 0, 1), "advice"), 1), "when",
                        json_pack("{s:[s]}", "employees", "small"));
    expect_refused(doc, "(p1q1).options[1] (b).advice[1]", "the last version has no 'when'");
}

static void test_qn_rejects_dont_know_without_question_for_it_supplier(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(option(doc, 1, 0, 3), "ask");
    expect_refused(doc, "(p2q1).options[3] (d)", "'ask' is missing");
}

static void test_qn_rejects_dont_know_scoring_above_the_worst(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(option(doc, 1, 0, 3), "points", json_integer(2));
    expect_refused(doc, "(p2q1).options[3] (d)", "scores as the worst answer");
}

static void test_qn_rejects_dont_know_with_advice(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(option(doc, 1, 0, 3), "advice",
                        json_pack("{s:s, s:s}", "nl", "x", "en", "x"));
    expect_refused(doc, "(p2q1).options[3] (d)", "instead of 'advice'");
}

static void test_qn_rejects_multi_option_without_step(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(option(doc, 4, 1, 0), "advice");
    expect_refused(doc, "(p5q2).options[0] (x)", "the step when this option is not ticked");
}

static void test_qn_rejects_principle_without_keep_up(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(json_array_get(json_object_get(doc, "principles"), 1), "keep_up");
    expect_refused(doc, "principles[1] (p2)", "'keep_up' is missing");
}

static void test_qn_rejects_floor_at_level_low(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_t *f = json_array_get(json_object_get(json_object_get(doc, "scoring"), "level_floors"), 0);
    json_object_set_new(f, "level", json_string("low"));
    expect_refused(doc, "scoring.level_floors[0].level", "'low' is not medium or high");
}

static void test_qn_rejects_missing_2024_title(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(json_object_get(doc, "ncsc_2024"), "incidents");
    expect_refused(doc, "ncsc_2024", "'incidents' is missing");
}

static void test_qn_rejects_missing_english_text(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_del(json_object_get(question(doc, 0, 1), "help"), "en");
    expect_refused(doc, "(p1q2).help", "'en' is missing");
}

static void test_qn_rejects_empty_dutch_label(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_t *opt = json_array_get(json_object_get(question(doc, 4, 0), "options"), 0);
    json_object_set_new(json_object_get(opt, "label"), "nl", json_string(""));
    expect_refused(doc, "(p5q1).options[0] (a).label", "'nl'");
}

static void test_qn_rejects_unknown_field(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(question(doc, 0, 0), "pionts", json_integer(3));
    expect_refused(doc, "(p1q1)", "unknown field 'pionts'");
}

static void test_qn_rejects_four_principles(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_array_remove(json_object_get(doc, "principles"), 4);
    expect_refused(doc, "principles", "list of 5 to 5");
}

static void test_qn_rejects_question_scoring_nothing(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_t *opts = json_object_get(question(doc, 1, 1), "options");
    for (size_t i = 0; i < json_array_size(opts); i++)
        json_object_set_new(json_array_get(opts, i), "points", json_integer(0));
    expect_refused(doc, "(p2q2)", "no option scores any points");
}

static void test_qn_rejects_missing_postcode_role(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_array_remove(json_object_get(doc, "profile"), 5);
    expect_refused(doc, "profile", "no question has role 'postcode'");
}

static void test_qn_rejects_duplicate_json_keys(void **state)
{
    (void)state;
    const char *text = "{\"version\":\"a\",\"version\":\"b\"}";
    char err[256];
    assert_null(qn_file_parse(text, strlen(text), NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "duplicate"));
}

static void test_qn_rejects_thresholds_in_wrong_order(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_t *u = json_object_get(json_object_get(doc, "scoring"), "urgency_levels");
    json_object_set_new(u, "medium_from", json_integer(60));
    expect_refused(doc, "scoring.urgency_levels", "medium_from must be below high_from");
}

static void test_qn_rejects_exclusive_on_single(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(json_array_get(json_object_get(question(doc, 0, 0), "options"), 2),
                        "exclusive", json_true());
    expect_refused(doc, "(p1q1).options[2] (c)", "exclusive");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qn_loads_the_test_file),
        cmocka_unit_test(test_qn_loads_the_shipped_questionnaire),
        cmocka_unit_test(test_qn_rejects_duplicate_question_id),
        cmocka_unit_test(test_qn_rejects_option_without_points),
        cmocka_unit_test(test_qn_loads_steps_versions_and_floors),
        cmocka_unit_test(test_qn_help_is_optional),
        cmocka_unit_test(test_qn_rejects_the_old_advice_per_level),
        cmocka_unit_test(test_qn_rejects_answer_below_best_without_step),
        cmocka_unit_test(test_qn_rejects_step_on_the_best_answer),
        cmocka_unit_test(test_qn_rejects_step_without_english),
        cmocka_unit_test(test_qn_rejects_version_without_dutch),
        cmocka_unit_test(test_qn_rejects_condition_on_unknown_question),
        cmocka_unit_test(test_qn_rejects_condition_on_unknown_option),
        cmocka_unit_test(test_qn_rejects_versions_without_a_default),
        cmocka_unit_test(test_qn_rejects_dont_know_without_question_for_it_supplier),
        cmocka_unit_test(test_qn_rejects_dont_know_scoring_above_the_worst),
        cmocka_unit_test(test_qn_rejects_dont_know_with_advice),
        cmocka_unit_test(test_qn_rejects_multi_option_without_step),
        cmocka_unit_test(test_qn_rejects_principle_without_keep_up),
        cmocka_unit_test(test_qn_rejects_floor_at_level_low),
        cmocka_unit_test(test_qn_rejects_missing_2024_title),
        cmocka_unit_test(test_qn_rejects_missing_english_text),
        cmocka_unit_test(test_qn_rejects_empty_dutch_label),
        cmocka_unit_test(test_qn_rejects_unknown_field),
        cmocka_unit_test(test_qn_rejects_four_principles),
        cmocka_unit_test(test_qn_rejects_question_scoring_nothing),
        cmocka_unit_test(test_qn_rejects_missing_postcode_role),
        cmocka_unit_test(test_qn_rejects_duplicate_json_keys),
        cmocka_unit_test(test_qn_rejects_thresholds_in_wrong_order),
        cmocka_unit_test(test_qn_rejects_exclusive_on_single),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
