/*
 * test_outcome.c — a scan's outcome: the form's checks (every principle with
 * a level the students know, findings from the catalogue once each, a report
 * date not in the future; each refusal naming what is wrong, in Dutch and in
 * English), and the arithmetic of the statistics: shares rounded half up, sums
 * of groups, and the calibration rows held back under 10.
 */
#include "content/finding_file.h"
#include "content/qn_file.h"
#include "domain/outcome.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct qn *qn;
static struct findings *cat;
static json_t *body; /* the last check's: the form's strings point into it until the next */
static const int64_t today = 20000; /* a Dutch day number: 2024-10-04 */

static int setup(void **state)
{
    (void)state;
    char err[300];
    qn = qn_file_load("tests/data/questionnaire-test.json", err, sizeof(err));
    if (qn == NULL)
        fail_msg("%s", err);
    cat = finding_file_load("tests/data/findings-p.json", qn, err, sizeof(err));
    if (cat == NULL)
        fail_msg("%s", err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(body);
    finding_file_free(cat);
    qn_file_free(qn);
    return 0;
}

/* checks `text`; returns the result, the field and the messages in *field, nl, en */
static int check(const char *text, struct outcome_form *f, const char **field, char *nl, char *en)
{
    json_error_t e;
    json_decref(body);
    body = json_loads(text, 0, &e);
    if (body == NULL)
        fail_msg("test JSON: %s", e.text);
    *field = NULL;
    nl[0] = en[0] = '\0';
    return outcome_form_check(body, qn, cat, today, f, field, nl, en);
}

#define ALL5 "\"p1\":\"ok\",\"p2\":\"attention\",\"p3\":\"urgent\",\"p4\":\"ok\",\"p5\":\"ok\""

static void test_outcome_form_accepts_a_whole_outcome(void **state)
{
    (void)state;
    struct outcome_form f;
    const char *field;
    char nl[OUTCOME_MSG_MAX], en[OUTCOME_MSG_MAX];
    int rc0 = check("{\"principles\":{" ALL5 "},\"findings\":[\"macros-enabled\","
                    "\"shared-admin-password\"],\"report_sent\":\"2024-10-04\"}",
                    &f, &field, nl, en);
    if (rc0 != 0)
        fail_msg("refused: %s %s", field, nl);
    assert_string_equal(f.level[0], "ok");
    assert_string_equal(f.level[1], "attention");
    assert_string_equal(f.level[2], "urgent");
    assert_int_equal(f.nfindings, 2);
    assert_string_equal(f.finding[0], "macros-enabled");
    assert_string_equal(f.finding[1], "shared-admin-password");
    assert_string_equal(f.report_sent, "2024-10-04");
    /* findings and the report date may be left out; null is no date */
    assert_int_equal(check("{\"principles\":{" ALL5 "},\"report_sent\":null}", &f, &field, nl, en),
                     0);
    assert_int_equal(f.nfindings, 0);
    assert_string_equal(f.report_sent, "");
}

static void refused(const char *text, const char *want_field, const char *nl_part,
                    const char *en_part)
{
    struct outcome_form f;
    const char *field;
    char nl[OUTCOME_MSG_MAX], en[OUTCOME_MSG_MAX];
    assert_int_equal(check(text, &f, &field, nl, en), -1);
    assert_non_null(field);
    if (strcmp(field, want_field) != 0)
        fail_msg("%s: field %s, not %s", text, field, want_field);
    if (strstr(nl, nl_part) == NULL)
        fail_msg("%s: '%s' does not say '%s'", text, nl, nl_part);
    if (strstr(en, en_part) == NULL)
        fail_msg("%s: '%s' does not say '%s'", text, en, en_part);
}

static void test_outcome_form_refuses_by_name(void **state)
{
    (void)state;
    refused("{\"principles\":{" ALL5 "},\"extra\":1}", "_", "Alleen principles", "Only principles");
    refused("[]", "_", "Alleen", "Only");
    refused("{\"findings\":[]}", "principles", "per basisprincipe", "each basic principle");
    refused("{\"principles\":{" ALL5 ",\"p9\":\"ok\"}}", "principles", "principles.p9 is geen",
            "principles.p9 is not a basic principle");
    /* a principle missing, a level that is not one of the three */
    refused("{\"principles\":{\"p1\":\"ok\",\"p2\":\"ok\",\"p3\":\"ok\",\"p4\":\"ok\"}}",
            "principles", "principles.p5 moet ok, attention of urgent", "principles.p5 must be");
    refused("{\"principles\":{\"p1\":\"fine\",\"p2\":\"ok\",\"p3\":\"ok\",\"p4\":\"ok\",\"p5\":"
            "\"ok\"}}",
            "principles", "principles.p1 moet", "principles.p1 must");
    refused("{\"principles\":{\"p1\":1,\"p2\":\"ok\",\"p3\":\"ok\",\"p4\":\"ok\",\"p5\":\"ok\"}}",
            "principles", "principles.p1 moet", "principles.p1 must");
    /* a name that is no id is not echoed */
    refused("{\"principles\":{" ALL5 ",\"<b>x</b>\":\"ok\"}}", "principles", "principles.? is geen",
            "principles.? is not");
    refused("{\"principles\":{" ALL5 "},\"findings\":\"macros-enabled\"}", "findings",
            "een lijst van bevindingen", "a list of findings");
    refused("{\"principles\":{" ALL5 "},\"findings\":[\"macros-enabled\",\"no-such-thing\"]}",
            "findings", "findings[1] (no-such-thing) is geen bevinding uit de catalogus.",
            "findings[1] (no-such-thing) is not a finding of the catalogue.");
    refused("{\"principles\":{" ALL5 "},\"findings\":[\"macros-enabled\",\"macros-enabled\"]}",
            "findings", "findings[1] (macros-enabled) staat er twee keer in.",
            "findings[1] (macros-enabled) is given twice.");
    refused("{\"principles\":{" ALL5 "},\"findings\":[7]}", "findings", "findings[0] is geen",
            "findings[0] is not");
    /* more findings than the catalogue holds */
    refused("{\"principles\":{" ALL5 "},\"findings\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "findings",
            "een lijst", "a list");
    refused("{\"principles\":{" ALL5 "},\"report_sent\":\"4-10-2024\"}", "report_sent",
            "JJJJ-MM-DD", "YYYY-MM-DD");
    refused("{\"principles\":{" ALL5 "},\"report_sent\":\"2024-10-06\"}", "report_sent",
            "niet in de toekomst", "not in the future");
    refused("{\"principles\":{" ALL5 "},\"report_sent\":20241004}", "report_sent", "JJJJ-MM-DD",
            "YYYY-MM-DD");
}

static void test_outcome_form_report_tomorrow_is_allowed(void **state)
{
    (void)state;
    struct outcome_form f;
    const char *field;
    char nl[OUTCOME_MSG_MAX], en[OUTCOME_MSG_MAX];
    /* a day's slack for a report sent late in the evening elsewhere */
    assert_int_equal(
        check("{\"principles\":{" ALL5 "},\"report_sent\":\"2024-10-05\"}", &f, &field, nl, en), 0);
}

static void test_outcome_share_rounds_half_up_to_four_decimals(void **state)
{
    (void)state;
    assert_true(outcome_share(1, 3) == 0.3333);
    assert_true(outcome_share(2, 3) == 0.6667);
    assert_true(outcome_share(1, 8) == 0.125);
    assert_true(outcome_share(1, 20000) == 0.0001); /* 0.00005 rounds up */
    assert_true(outcome_share(1, 20001) == 0.0);
    assert_true(outcome_share(12, 12) == 1.0);
    assert_true(outcome_share(5, 0) == 0.0);
}

static void test_outcome_sums_add_every_count(void **state)
{
    (void)state;
    struct outcome_sum a = {0}, b = {0};
    a.n = 3;
    a.level[0][1] = 2;
    a.cal[4][2][0] = 1;
    a.finding[3] = 2;
    b.n = 10;
    b.level[0][1] = 5;
    b.cal[4][2][0] = 4;
    b.finding[3] = 1;
    b.finding[0] = 7;
    outcome_sum_add(&a, &b);
    assert_int_equal(a.n, 13);
    assert_int_equal(a.level[0][1], 7);
    assert_int_equal(a.cal[4][2][0], 5);
    assert_int_equal(a.finding[3], 3);
    assert_int_equal(a.finding[0], 7);
    assert_int_equal(b.n, 10); /* the added one is left as it was */
}

static void test_outcome_calibration_rows_and_their_suppression(void **state)
{
    (void)state;
    struct outcome_sum s = {0};
    long rows[LEVEL_COUNT];
    bool held[LEVEL_COUNT];
    /* principle 2: self-test low 12 (students: 7 ok, 5 attention), medium 10, high 3 */
    s.cal[2][LEVEL_LOW][0] = 7;
    s.cal[2][LEVEL_LOW][1] = 5;
    s.cal[2][LEVEL_MEDIUM][1] = 6;
    s.cal[2][LEVEL_MEDIUM][2] = 4;
    s.cal[2][LEVEL_HIGH][2] = 3;
    outcome_calibration_rows(&s, 2, rows, held);
    assert_int_equal(rows[LEVEL_LOW], 12);
    assert_int_equal(rows[LEVEL_MEDIUM], 10);
    assert_int_equal(rows[LEVEL_HIGH], 3);
    /* 3 is held back, and with it the smallest other row, so 3 cannot be worked out from a total */
    assert_true(held[LEVEL_HIGH]);
    assert_true(held[LEVEL_MEDIUM]);
    assert_false(held[LEVEL_LOW]);
    assert_true(outcome_share(s.cal[2][LEVEL_LOW][1], rows[LEVEL_LOW]) == 0.4167);
    /* with every row at 10 or more nothing is held back; another principle is untouched */
    s.cal[2][LEVEL_HIGH][0] = 7;
    outcome_calibration_rows(&s, 2, rows, held);
    assert_false(held[LEVEL_LOW] || held[LEVEL_MEDIUM] || held[LEVEL_HIGH]);
    outcome_calibration_rows(&s, 0, rows, held);
    assert_int_equal(rows[LEVEL_LOW] + rows[LEVEL_MEDIUM] + rows[LEVEL_HIGH], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcome_form_accepts_a_whole_outcome),
        cmocka_unit_test(test_outcome_form_refuses_by_name),
        cmocka_unit_test(test_outcome_form_report_tomorrow_is_allowed),
        cmocka_unit_test(test_outcome_share_rounds_half_up_to_four_decimals),
        cmocka_unit_test(test_outcome_sums_add_every_count),
        cmocka_unit_test(test_outcome_calibration_rows_and_their_suppression),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
