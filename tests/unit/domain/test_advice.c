/*
 * test_advice.c — the steps that follow from the answers, on tables of
 * answer profiles of the test questionnaire (tests/data/questionnaire-test.json):
 * one step per answer below the best, the version that fits the business
 * (employees "solo", it_support "supplier"), most points first, "don't
 * know" answers as questions for the IT supplier.  And two properties of
 * the shipped questionnaire's copy (tests/data/questionnaire-full.json): a
 * one-person business never gets staff advice, and a business without an
 * IT supplier never gets "ask your IT supplier".
 */
#include "domain/advice.h"
#include "domain/score.h"
#include "test_util.h"

#include <string.h>

#define MAX_EXPECT 4

struct expect {
    const char *question;
    int points_lost;
    const char *step; /* English */
    bool ask;
};

struct row {
    const char *name;
    const char *choices; /* p1q1..p5q1 as 9 letters (d = don't know), then the p5q2 set */
    const char *employees, *it_support;
    size_t principle;
    struct expect want[MAX_EXPECT];
    size_t nwant;
};

static const struct row rows[] = {
    {"best_answers_need_no_step",
     "aaaaaaaaa"
     "xy",
     "small",
     "self",
     0,
     {{0}},
     0},
    /* the same weak spot, two businesses: each gets its own version of the step */
    {"one_person_business_gets_the_solo_version",
     "baaaaaaaa"
     "xy",
     "solo",
     "self",
     0,
     {{"p1q1", 2, "step p1q1 b solo", false}},
     1},
    {"team_gets_the_team_version",
     "baaaaaaaa"
     "xy",
     "medium",
     "self",
     0,
     {{"p1q1", 2, "step p1q1 b team", false}},
     1},
    {"with_an_it_supplier_the_supplier_version",
     "abaaaaaaa"
     "xy",
     "small",
     "supplier",
     0,
     {{"p1q2", 2, "step p1q2 b leverancier", false}},
     1},
    {"without_an_it_supplier_no_supplier_version",
     "abaaaaaaa"
     "xy",
     "small",
     "self",
     0,
     {{"p1q2", 2, "step p1q2 b zelf", false}},
     1},
    /* a version's conditions must all hold: solo and supplier, else the next version */
    {"all_conditions_solo_and_supplier",
     "aaaaaacaa"
     "xy",
     "solo",
     "supplier",
     3,
     {{"p4q1", 4, "step p4q1 c solo leverancier", false}},
     1},
    {"all_conditions_solo_without_supplier",
     "aaaaaacaa"
     "xy",
     "solo",
     "self",
     3,
     {{"p4q1", 4, "step p4q1 c solo", false}},
     1},
    {"all_conditions_team_with_supplier",
     "aaaaaacaa"
     "xy",
     "large",
     "supplier",
     3,
     {{"p4q1", 4, "step p4q1 c team", false}},
     1},
    /* most points first: p1q2 loses 4, p1q1 loses 2 */
    {"most_points_first",
     "bcaaaaaaa"
     "xy",
     "small",
     "self",
     0,
     {{"p1q2", 4, "step p1q2 c zelf", false}, {"p1q1", 2, "step p1q1 b team", false}},
     2},
    /* equal points: in question order */
    {"equal_points_in_question_order",
     "aabbaaaaa"
     "xy",
     "small",
     "self",
     1,
     {{"p2q1", 2, "step p2q1 b", false}, {"p2q2", 2, "step p2q2 b", false}},
     2},
    /* "don't know" loses as much as the worst answer; its step is the question to ask */
    {"dont_know_scores_as_worst_and_asks",
     "aadbaaaaa"
     "xy",
     "small",
     "self",
     1,
     {{"p2q1", 4, "ask IT about p2q1", true}, {"p2q2", 2, "step p2q2 b", false}},
     2},
    /* multi: each scoring option not ticked is a step with its points */
    {"multi_one_option_missing",
     "aaaaaaaaa"
     "x",
     "small",
     "self",
     4,
     {{"p5q2", 2, "step p5q2 y", false}},
     1},
    {"multi_none_of_these",
     "aaaaaaaac"
     "n",
     "small",
     "self",
     4,
     {{"p5q1", 4, "step p5q1 c", false},
      {"p5q2", 2, "step p5q2 x", false},
      {"p5q2", 2, "step p5q2 y", false}},
     3},
};

static void set_option(const struct qn *qn, struct answers *a, const char *qid, const char *oid)
{
    int k = qn_question_index(qn, qid);
    assert_true(k >= 0);
    int o = qn_option_index(qn, (size_t)k, oid);
    if (o < 0)
        fail_msg("question %s has no option %s", qid, oid);
    a->sel[k] = 1u << o;
}

static void fill(const struct qn *qn, const struct row *row, struct answers *a)
{
    memset(a, 0, sizeof(*a));
    static const char *const single[] = {"p1q1", "p1q2", "p2q1", "p2q2", "p3q1",
                                         "p3q2", "p4q1", "p4q2", "p5q1"};
    for (size_t i = 0; i < 9; i++) {
        char opt[2] = {row->choices[i], '\0'};
        set_option(qn, a, single[i], opt);
    }
    int m = qn_question_index(qn, "p5q2");
    for (const char *c = row->choices + 9; *c; c++)
        a->sel[m] |= 1u << qn_option_index(qn, (size_t)m,
                                           *c == 'x'   ? "x"
                                           : *c == 'y' ? "y"
                                                       : "none");
    set_option(qn, a, "sector", "retail");
    set_option(qn, a, "employees", row->employees);
    set_option(qn, a, "personal_data", "yes");
    set_option(qn, a, "it_dependence", "medium");
    set_option(qn, a, "it_support", row->it_support);
    a->postcode = 9712;
}

static void test_advice_follows_the_answers_and_the_profile(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        const struct row *row = &rows[r];
        struct answers a;
        fill(qn, row, &a);
        struct advice_item items[ADVICE_PRINCIPLE_MAX];
        size_t n = advice_improve(qn, &a, row->principle, LANG_EN, items);
        print_message("  %-44s %zu step(s)%s%s\n", row->name, n, n ? ", first: " : "",
                      n ? items[0].text : "");
        if (n != row->nwant)
            fail_msg("%s: %zu steps, expected %zu", row->name, n, row->nwant);
        int lost = 0;
        for (size_t i = 0; i < n; i++) {
            assert_string_equal(qn->questions[items[i].question].id, row->want[i].question);
            assert_int_equal(items[i].points_lost, row->want[i].points_lost);
            assert_string_equal(items[i].text, row->want[i].step);
            assert_int_equal(items[i].ask, row->want[i].ask);
            lost += items[i].points_lost;
        }
        /* the points lost add up to what the principle is short of its best */
        struct score s;
        score_compute(qn, &a, &s);
        assert_int_equal(lost, s.max_points[row->principle] - s.points[row->principle]);
    }
    qn_file_free(qn);
}

static void test_advice_steps_exist_in_both_languages(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    fill(qn, &rows[1], &a); /* solo, p1q1 = b */
    struct advice_item items[ADVICE_PRINCIPLE_MAX];
    assert_int_equal(advice_improve(qn, &a, 0, LANG_NL, items), 1);
    assert_string_equal(items[0].text, "stap p1q1 b solo");
    qn_file_free(qn);
}

static void test_advice_ask_lists_every_dont_know_in_question_order(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    struct row r = {"",
                    "aadaaaaaa"
                    "xy",
                    "small",
                    "self",
                    0,
                    {{0}},
                    0};
    fill(qn, &r, &a);
    set_option(qn, &a, "p3q2", "d");
    struct advice_item items[QN_MAX_QUESTIONS];
    size_t n = advice_ask(qn, &a, LANG_NL, items);
    assert_int_equal(n, 2);
    assert_string_equal(qn->questions[items[0].question].id, "p2q1");
    assert_string_equal(items[0].text, "vraag aan IT over p2q1");
    assert_string_equal(qn->questions[items[1].question].id, "p3q2");
    assert_true(items[0].ask && items[1].ask);
    /* none: an empty list */
    fill(qn, &rows[0], &a);
    assert_int_equal(advice_ask(qn, &a, LANG_NL, items), 0);
    qn_file_free(qn);
}

static void test_advice_keep_up_follows_the_profile(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    fill(qn, &rows[0], &a);
    assert_string_equal(advice_step(&qn->principles[0].keep_up, &a, LANG_EN), "p1 keep it up team");
    set_option(qn, &a, "employees", "solo");
    assert_string_equal(advice_step(&qn->principles[0].keep_up, &a, LANG_EN), "p1 keep it up solo");
    assert_string_equal(advice_step(&qn->principles[1].keep_up, &a, LANG_NL), "p2 volhouden");
    qn_file_free(qn);
}

/* ---------- properties of the shipped questionnaire (its copy in tests/data) ---------- */

static struct qn *load_full(void)
{
    char err[512] = "";
    struct qn *qn = qn_file_load("tests/data/questionnaire-full.json", err, sizeof(err));
    if (qn == NULL)
        fail_msg("tests/data/questionnaire-full.json: %s", err);
    return qn;
}

static const char *contains_any(const char *text, const char *const words[])
{
    for (size_t i = 0; words[i] != NULL; i++)
        if (strcasestr(text, words[i]) != NULL)
            return words[i];
    return NULL;
}

/*
 * How many of the steps shown for every answer of every principle question
 * (and each principle's keep_up), under the profile employees = `size`,
 * it_support = `support`, contain one of `words`, in either language;
 * with `must_not`, the first one fails the test.
 */
static size_t steps_saying(const char *size, const char *support, const char *const words[],
                           bool must_not)
{
    struct qn *qn = load_full();
    struct answers a = {0};
    for (size_t k = 0; k < qn->nquestions; k++)
        if (qn->questions[k].principle < 0 && qn->questions[k].type == QN_SINGLE)
            a.sel[k] = 1; /* the first option; the two under test are set below */
    set_option(qn, &a, "employees", size);
    set_option(qn, &a, "it_support", support);
    size_t checked = 0, saying = 0;
    for (size_t k = 0; k < qn->nquestions; k++) {
        const struct qn_question *q = &qn->questions[k];
        for (size_t i = 0; q->principle >= 0 && i < q->noptions; i++)
            for (int l = 0; l < LANG_COUNT; l++) {
                const char *t = advice_step(&q->options[i].advice, &a, (enum lang)l);
                const char *w = t != NULL ? contains_any(t, words) : NULL;
                if (w != NULL && must_not)
                    fail_msg("employees=%s, it_support=%s, %s=%s: the step says '%s': %s", size,
                             support, q->id, q->options[i].id, w, t);
                checked += t != NULL;
                saying += w != NULL;
            }
    }
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *t = advice_step(&qn->principles[p].keep_up, &a, (enum lang)l);
            assert_non_null(t);
            const char *w = contains_any(t, words);
            if (w != NULL && must_not)
                fail_msg("employees=%s, it_support=%s: keep_up of %s says '%s': %s", size, support,
                         qn->principles[p].id, w, t);
            saying += w != NULL;
        }
    print_message("  employees=%s it_support=%s: %zu steps, %zu with such words\n", size, support,
                  checked, saying);
    assert_true(checked > 20);
    qn_file_free(qn);
    return saying;
}

static const char *const staff[] = {"medewerker", "personeel", "team",     "collega",
                                    "iedereen",   "vertrek",   "staff",    "employee",
                                    "colleague",  "everyone",  "leavers'", NULL};
static const char *const it_supplier[] = {"IT-leverancier", "IT supplier", NULL};

static void test_advice_one_person_business_never_gets_staff_advice(void **state)
{
    (void)state;
    static const char *const support[] = {"self", "supplier", "nobody"};
    for (size_t i = 0; i < 3; i++)
        steps_saying("solo", support[i], staff, true);
    /* and the words are really there for a team: the versions differ */
    assert_true(steps_saying("2_9", "self", staff, false) >= 5);
}

static void test_advice_without_it_supplier_never_sends_to_one(void **state)
{
    (void)state;
    static const char *const size[] = {"solo", "2_9", "50_249"};
    for (size_t i = 0; i < 3; i++) {
        steps_saying(size[i], "self", it_supplier, true);
        steps_saying(size[i], "nobody", it_supplier, true);
    }
    assert_true(steps_saying("2_9", "supplier", it_supplier, false) >= 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_advice_follows_the_answers_and_the_profile),
        cmocka_unit_test(test_advice_steps_exist_in_both_languages),
        cmocka_unit_test(test_advice_ask_lists_every_dont_know_in_question_order),
        cmocka_unit_test(test_advice_keep_up_follows_the_profile),
        cmocka_unit_test(test_advice_one_person_business_never_gets_staff_advice),
        cmocka_unit_test(test_advice_without_it_supplier_never_sends_to_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
