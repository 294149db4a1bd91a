/*
 * test_score.c — the urgency model on tables of answer profiles.
 *
 * The test questionnaire (tests/data/questionnaire-test.json) has five
 * principles p1..p5 of two questions each; options a=4, b=2, c=0 points;
 * p1q2=c ("no backups") and p3q1=c ("no updates") are critical; p5q2 is a
 * multi question x=2, y=2, none=0 (max 4).  Profile exposure points:
 * employees solo 0 / small 1 / medium 2 / large 3, personal_data no 0 /
 * yes 2 / sensitive 4, it_dependence low 0 / medium 2 / high 4: max 11.
 * Thresholds: urgency medium from 30, high from 55; principle high below
 * 50, medium below 75; exposure factor 80%..120%.  Level floors: one
 * principle at high, or two at medium or worse, make the overall level at
 * least medium (the urgency is raised to 30).
 *
 * Expected values are worked out by hand with the rules in README.md.
 */
#include "domain/answers.h"
#include "domain/score.h"
#include "test_util.h"

#include <string.h>

struct row {
    const char *name;
    const char *choices; /* p1q1..p5q1 as 9 letters, then the p5q2 set: "xy", "x", "n" */
    const char *profile; /* employees, personal_data, it_dependence as option ids */
    int principle[5];
    int safety, exposure, urgency;
    enum level level;
    int critical;
};

static const struct row rows[] = {
    /* all best: nothing to worry about, whatever the exposure */
    {"all_best_high_exposure",
     "aaaaaaaaa"
     "xy",
     "large,sensitive,high",
     {100, 100, 100, 100, 100},
     100,
     11,
     0,
     LEVEL_LOW,
     0},
    /* all b: principles 50 (4 of 8 points), p5 = (2+4)/8 = 75; safety (4*50+75)/5 = 55;
     * W = 45; exposure 1+2+4 = 7; urgency = 45 * (80*11 + 40*7) / 1100 = 47.45 → 47 */
    {"all_middle_some_exposure",
     "bbbbbbbbb"
     "xy",
     "small,yes,high",
     {50, 50, 50, 50, 75},
     55,
     7,
     47,
     LEVEL_MEDIUM,
     0},
    /* same answers, no exposure: 45 * 0.8 = 36 → still medium */
    {"all_middle_no_exposure",
     "bbbbbbbbb"
     "xy",
     "solo,no,low",
     {50, 50, 50, 50, 75},
     55,
     0,
     36,
     LEVEL_MEDIUM,
     0},
    /* same answers, full exposure: 45 * 1.2 = 54 → medium, one below high */
    {"all_middle_full_exposure",
     "bbbbbbbbb"
     "xy",
     "large,sensitive,high",
     {50, 50, 50, 50, 75},
     55,
     11,
     54,
     LEVEL_MEDIUM,
     0},
    /* weak without critical answers: p1 = (0+2)/8 = 25, p3 = (2+0)/8 = 25, p2 = p4 = 0,
     * p5 = (0 + 0)/8 = 0; safety 50/5 = 10; W = 90; exposure 2+2+2 = 6:
     * 90 * (880 + 240) / 1100 = 91.6 → 92 */
    {"weak_exposed",
     "cbccbcccc"
     "n",
     "medium,yes,medium",
     {25, 0, 25, 0, 0},
     10,
     6,
     92,
     LEVEL_HIGH,
     0},
    /* weak, no exposure: 90 * 0.8 = 72 → high anyway */
    {"weak_unexposed",
     "cbccbcccc"
     "n",
     "solo,no,low",
     {25, 0, 25, 0, 0},
     10,
     0,
     72,
     LEVEL_HIGH,
     0},
    /* no backups at all (p1q2 = c) but otherwise perfect: p1 = 4/8 = 50, others 100;
     * safety 90; W = 10; urgency 10 * 0.8 = 8 → raised to 55 by the critical answer */
    {"no_backups_forces_high",
     "acaaaaaaa"
     "xy",
     "solo,no,low",
     {50, 100, 100, 100, 100},
     90,
     0,
     55,
     LEVEL_HIGH,
     1},
    /* never updates (p3q1 = c) with full exposure: p3 = 50, safety 90, 10 * 1.2 = 12 → 55 */
    {"no_updates_forces_high",
     "aaaacaaaa"
     "xy",
     "large,sensitive,high",
     {100, 100, 50, 100, 100},
     90,
     11,
     55,
     LEVEL_HIGH,
     1},
    /* everything worst and fully exposed: W = 100, 100 * 1.2 = 120, capped at 100 */
    {"worst_capped_at_100",
     "ccccccccc"
     "n",
     "large,sensitive,high",
     {0, 0, 0, 0, 0},
     0,
     11,
     100,
     LEVEL_HIGH,
     2},
    /* rounding: p5 with only x: (4 + 2)/8 = 75; all else a: safety (400+75)/5 = 95;
     * W = 5; exposure 3 → factor 80 + 40*3/11 = 90.9; 5 * 1000/1100 = 4.545 → 5 */
    {"rounding_half_up",
     "aaaaaaaaa"
     "x",
     "large,no,low",
     {100, 100, 100, 100, 75},
     95,
     3,
     5,
     LEVEL_LOW,
     0},
    /* medium threshold exactly: all b on p1..p4 and p5 "b" + none → p5 = 2/8 = 25;
     * safety (200+25)/5 = 45; W = 55; exposure 0 → 55*0.8 = 44 → medium */
    {"medium_band",
     "bbbbbbbbb"
     "n",
     "solo,no,low",
     {50, 50, 50, 50, 25},
     45,
     0,
     44,
     LEVEL_MEDIUM,
     0},
};

static void fill(const struct qn *qn, const struct row *row, struct answers *a)
{
    memset(a, 0, sizeof(*a));
    static const char *const single[] = {"p1q1", "p1q2", "p2q1", "p2q2", "p3q1",
                                         "p3q2", "p4q1", "p4q2", "p5q1"};
    for (size_t i = 0; i < 9; i++) {
        int k = qn_question_index(qn, single[i]);
        char opt[2] = {row->choices[i], '\0'};
        assert_true(k >= 0);
        a->sel[k] = 1u << qn_option_index(qn, (size_t)k, opt);
    }
    int m = qn_question_index(qn, "p5q2");
    for (const char *c = row->choices + 9; *c; c++) {
        const char *id = *c == 'x' ? "x" : *c == 'y' ? "y" : "none";
        a->sel[m] |= 1u << qn_option_index(qn, (size_t)m, id);
    }
    char prof[64];
    strcpy(prof, row->profile);
    static const char *const qs[] = {"employees", "personal_data", "it_dependence"};
    char *save = NULL, *tok = strtok_r(prof, ",", &save);
    for (size_t i = 0; i < 3; i++, tok = strtok_r(NULL, ",", &save)) {
        int k = qn_question_index(qn, qs[i]);
        int o = qn_option_index(qn, (size_t)k, tok);
        assert_true(o >= 0);
        a->sel[k] = 1u << o;
    }
    a->sel[qn_question_index(qn, "sector")] = 1;
    a->sel[qn_question_index(qn, "it_support")] = 1; /* no exposure points */
    a->postcode = 9712;
}

static void test_score_table(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const struct row *row = &rows[i];
        struct answers a;
        struct score s;
        fill(qn, row, &a);
        assert_int_equal(answers_count(qn, &a), qn->nquestions);
        score_compute(qn, &a, &s);
        print_message("  %-28s safety %3d exposure %2d urgency %3d %s\n", row->name, s.safety,
                      s.exposure, s.urgency, level_name(s.level));
        for (int p = 0; p < 5; p++)
            assert_int_equal(s.principle[p], row->principle[p]);
        assert_int_equal(s.safety, row->safety);
        assert_int_equal(s.exposure, row->exposure);
        assert_int_equal(s.urgency, row->urgency);
        assert_int_equal(s.level, row->level);
        assert_int_equal(s.critical, row->critical);
    }
    qn_file_free(qn);
}

/* What raises the urgency above the arithmetic: critical answers, and the level floors. */
struct raise_row {
    struct row r;
    int urgency_model;
    enum score_raised raised;
};

static const struct raise_row raise_rows[] = {
    /* p1 = (2+2)/8 = 50 (medium), the rest 100: safety (50+400)/5 = 90, W = 10, 10 * 0.8 = 8;
     * one medium bar is not enough to lift the headline */
    {{"one_medium_bar_stays_low",
      "bbaaaaaaa"
      "xy",
      "solo,no,low",
      {50, 100, 100, 100, 100},
      90,
      0,
      8,
      LEVEL_LOW,
      0},
     8,
     SCORE_RAISED_NONE},
    /* p1 = p2 = 50 (medium): safety 80, W = 20, 20 * 0.8 = 16 → low by the arithmetic, but two
     * bars say medium: raised to the medium threshold, 30 */
    {{"two_medium_bars_raise_to_medium",
      "bbbbaaaaa"
      "xy",
      "solo,no,low",
      {50, 50, 100, 100, 100},
      80,
      0,
      30,
      LEVEL_MEDIUM,
      0},
     16,
     SCORE_RAISED_PRINCIPLES},
    /* p2 = (2+0)/8 = 25 (high), no critical answer: safety 85, W = 15, 15 * 0.8 = 12 → 30 */
    {{"one_high_bar_raises_to_medium",
      "aabcaaaaa"
      "xy",
      "solo,no,low",
      {100, 25, 100, 100, 100},
      85,
      0,
      30,
      LEVEL_MEDIUM,
      0},
     12,
     SCORE_RAISED_PRINCIPLES},
    /* two medium bars but the arithmetic is above the floor already: nothing raised */
    {{"floor_below_the_arithmetic_changes_nothing",
      "bbbbbbbbb"
      "xy",
      "small,yes,high",
      {50, 50, 50, 50, 75},
      55,
      7,
      47,
      LEVEL_MEDIUM,
      0},
     47,
     SCORE_RAISED_NONE},
    /* no backups (critical): 8 by the arithmetic, raised to 55 by the critical answer */
    {{"critical_answer_raises_to_high",
      "acaaaaaaa"
      "xy",
      "solo,no,low",
      {50, 100, 100, 100, 100},
      90,
      0,
      55,
      LEVEL_HIGH,
      1},
     8,
     SCORE_RAISED_CRITICAL},
};

static void test_score_raised_by_critical_answers_and_floors(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    for (size_t i = 0; i < sizeof(raise_rows) / sizeof(raise_rows[0]); i++) {
        const struct raise_row *rr = &raise_rows[i];
        struct answers a;
        struct score s;
        fill(qn, &rr->r, &a);
        score_compute(qn, &a, &s);
        print_message("  %-44s model %3d urgency %3d %s\n", rr->r.name, s.urgency_model, s.urgency,
                      level_name(s.level));
        for (int p = 0; p < 5; p++)
            assert_int_equal(s.principle[p], rr->r.principle[p]);
        assert_int_equal(s.safety, rr->r.safety);
        assert_int_equal(s.urgency_model, rr->urgency_model);
        assert_int_equal(s.urgency, rr->r.urgency);
        assert_int_equal(s.level, rr->r.level);
        assert_int_equal(s.raised, rr->raised);
        assert_int_equal(s.critical, rr->r.critical);
        /* the headline never says less than the bars */
        int medium_or_worse = 0, high = 0;
        for (int p = 0; p < 5; p++) {
            medium_or_worse += s.principle_level[p] >= LEVEL_MEDIUM;
            high += s.principle_level[p] == LEVEL_HIGH;
        }
        if (high >= 1 || medium_or_worse >= 2)
            assert_true(s.level >= LEVEL_MEDIUM);
    }
    qn_file_free(qn);
}

#define L LEVEL_LOW
#define M LEVEL_MEDIUM
#define H LEVEL_HIGH

static void test_score_floor_rule_table(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn(); /* the rule as the test file writes it */
    static const struct {
        const char *name;
        enum level levels[5];
        enum level want;
    } rows2[] = {
        {"all_low", {L, L, L, L, L}, L},
        {"one_medium", {L, L, M, L, L}, L},
        {"two_medium", {M, L, L, L, M}, M},
        {"one_high", {L, L, L, H, L}, M},
        {"high_counts_as_medium_too", {L, H, L, L, L}, M},
        {"all_high_is_a_floor_of_medium", {H, H, H, H, H}, M},
    };
    for (size_t i = 0; i < sizeof(rows2) / sizeof(rows2[0]); i++) {
        print_message("  %s\n", rows2[i].name);
        assert_int_equal(score_floor(&qn->scoring, rows2[i].levels), rows2[i].want);
    }
    /* another rule: three at high make the whole high; "or worse" counts high for medium */
    struct qn_scoring sc = {
        .nfloors = 2, .floor = {{LEVEL_HIGH, 3, LEVEL_HIGH}, {LEVEL_MEDIUM, 4, LEVEL_MEDIUM}}};
    enum level two_high[5] = {H, H, M, L, L}, three_high[5] = {H, H, H, L, L};
    enum level four_mixed[5] = {H, M, M, H, L};
    assert_int_equal(score_floor(&sc, two_high), L);
    assert_int_equal(score_floor(&sc, three_high), H);
    assert_int_equal(score_floor(&sc, four_mixed), M);
    /* no rules: no floor */
    struct qn_scoring none = {.nfloors = 0};
    assert_int_equal(score_floor(&none, three_high), L);
    qn_file_free(qn);
}

#undef L
#undef M
#undef H

static void test_score_points_and_the_2024_set(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a;
    struct score s;
    fill(qn, &rows[1], &a); /* all b, p5q2 x and y */
    score_compute(qn, &a, &s);
    /* p1: 2 + 2 of 4 + 4 */
    assert_int_equal(s.points[0], 4);
    assert_int_equal(s.max_points[0], 8);
    assert_int_equal(s.points[4], 6);
    /* by the 2024 set: p1q1 risks 2/4, p1q2 incidents 2/4, p2+p3 protect 8/16, p4 access 4/8,
     * p5 behaviour 6/8 */
    assert_true(s.set2024_has[NCSC_RISKS] && s.set2024_has[NCSC_INCIDENTS]);
    assert_int_equal(s.set2024[NCSC_RISKS], 50);
    assert_int_equal(s.set2024[NCSC_INCIDENTS], 50);
    assert_int_equal(s.set2024[NCSC_PROTECT], 50);
    assert_int_equal(s.set2024[NCSC_ACCESS], 50);
    assert_int_equal(s.set2024[NCSC_BEHAVIOUR], 75);
    assert_int_equal(s.set2024_level[NCSC_BEHAVIOUR], LEVEL_LOW);
    qn_file_free(qn);
}

static void test_score_principle_levels_follow_thresholds(void **state)
{
    (void)state;
    struct qn_scoring sc = {.principle_high_below = 50, .principle_medium_below = 75};
    assert_int_equal(score_principle_level(&sc, 0), LEVEL_HIGH);
    assert_int_equal(score_principle_level(&sc, 49), LEVEL_HIGH);
    assert_int_equal(score_principle_level(&sc, 50), LEVEL_MEDIUM);
    assert_int_equal(score_principle_level(&sc, 74), LEVEL_MEDIUM);
    assert_int_equal(score_principle_level(&sc, 75), LEVEL_LOW);
    assert_int_equal(score_principle_level(&sc, 100), LEVEL_LOW);
}

static void test_score_urgency_levels_follow_thresholds(void **state)
{
    (void)state;
    struct qn_scoring sc = {.urgency_medium_from = 30, .urgency_high_from = 55};
    assert_int_equal(score_urgency_level(&sc, 29), LEVEL_LOW);
    assert_int_equal(score_urgency_level(&sc, 30), LEVEL_MEDIUM);
    assert_int_equal(score_urgency_level(&sc, 54), LEVEL_MEDIUM);
    assert_int_equal(score_urgency_level(&sc, 55), LEVEL_HIGH);
}

static void test_score_multi_question_full_marks_are_all_its_options(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    int m = qn_question_index(qn, "p5q2");
    const struct qn_question *q = &qn->questions[m];
    int sum = 0;
    for (size_t i = 0; i < q->noptions; i++)
        sum += q->options[i].points;
    assert_int_equal(q->max_points, sum);
    /* every scoring option chosen: the question's full marks, the principle's 100 */
    struct answers a = {0};
    const struct qn_principle *p5 = &qn->principles[4];
    for (size_t k = p5->first; k < p5->first + p5->count; k++) {
        const struct qn_question *qk = &qn->questions[k];
        for (size_t i = 0; i < qk->noptions; i++)
            if (qk->options[i].points > 0 &&
                (qk->type == QN_MULTI || a.sel[k] == 0 || qk->options[i].points == qk->max_points))
                a.sel[k] = qk->type == QN_MULTI ? a.sel[k] | 1u << i : 1u << i;
    }
    struct score s;
    score_compute(qn, &a, &s);
    assert_int_equal(s.principle[4], 100);
    /* one scoring option less: less than full marks */
    a.sel[m] &= a.sel[m] - 1;
    score_compute(qn, &a, &s);
    assert_true(s.principle[4] < 100);
    qn_file_free(qn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_table),
        cmocka_unit_test(test_score_raised_by_critical_answers_and_floors),
        cmocka_unit_test(test_score_floor_rule_table),
        cmocka_unit_test(test_score_points_and_the_2024_set),
        cmocka_unit_test(test_score_principle_levels_follow_thresholds),
        cmocka_unit_test(test_score_urgency_levels_follow_thresholds),
        cmocka_unit_test(test_score_multi_question_full_marks_are_all_its_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
