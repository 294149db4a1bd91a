/*
 * test_answers.c — answer bodies, their validation and their stored form.
 */
#include "domain/answers.h"
#include "test_util.h"

#include <jansson.h>
#include <string.h>

/* 0 when accepted, else -1 with the Dutch and English message checked to exist. */
static int from(const struct qn *qn, const char *qid, const char *body, struct answers *a,
                const char **msg)
{
    json_t *j = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(j);
    enum answers_problem p = answers_from_json(qn, (size_t)qn_question_index(qn, qid), j, a);
    json_decref(j);
    if (p == ANSWERS_OK)
        return 0;
    assert_true(strlen(answers_problem_text(p, LANG_NL)) > 10);
    *msg = answers_problem_text(p, LANG_EN);
    return -1;
}

static void test_answers_accepts_valid_bodies(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a = {0};
    const char *msg;
    assert_int_equal(from(qn, "p1q1", "{\"option\":\"b\"}", &a, &msg), 0);
    assert_int_equal(a.sel[0], 2);
    assert_int_equal(from(qn, "p5q2", "{\"options\":[\"y\",\"x\"]}", &a, &msg), 0);
    assert_int_equal(a.sel[9], 3);
    assert_int_equal(from(qn, "p5q2", "{\"options\":[\"none\"]}", &a, &msg), 0);
    assert_int_equal(a.sel[9], 4);
    assert_int_equal(from(qn, "postcode", "{\"value\":\"6211 AB\"}", &a, &msg), 0);
    assert_int_equal(a.postcode, 6211);
    qn_file_free(qn);
}

static void test_answers_rejects_invalid_bodies(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    static const struct {
        const char *qid, *body;
    } bad[] = {
        {"p1q1", "{\"option\":\"z\"}"},             /* not an option of the question */
        {"p1q1", "{\"option\":\"x\"}"},             /* an option of another question */
        {"p1q1", "{\"option\":1}"},                 /* wrong type */
        {"p1q1", "{}"},                             /* nothing */
        {"p1q1", "{\"option\":\"a\",\"x\":1}"},     /* extra field */
        {"p1q1", "{\"options\":[\"a\"]}"},          /* multi form for a single question */
        {"p5q2", "{\"options\":[]}"},               /* none chosen */
        {"p5q2", "{\"options\":[\"x\",\"x\"]}"},    /* twice */
        {"p5q2", "{\"options\":[\"x\",\"none\"]}"}, /* exclusive combined */
        {"p5q2", "{\"option\":\"x\"}"},             /* single form for multi */
        {"postcode", "{\"value\":\"123\"}"},
        {"postcode", "{\"value\":\"12345\"}"},
        {"postcode", "{\"value\":\"AB1234\"}"},
        {"postcode", "{\"value\":1234}"},
        {"postcode", "{\"option\":\"1234\"}"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct answers a = {0};
        const char *msg = NULL;
        if (from(qn, bad[i].qid, bad[i].body, &a, &msg) != -1)
            fail_msg("accepted %s for %s", bad[i].body, bad[i].qid);
        assert_non_null(msg);
        assert_int_equal(answers_count(qn, &a), 0);
    }
    qn_file_free(qn);
}

static void test_answers_stored_form_round_trips(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a = {0}, b = {0};
    a.sel[0] = 4;
    a.sel[9] = 3;
    a.postcode = 9712;
    char buf[8], field[24];
    for (size_t k = 0; k < qn->nquestions; k++) {
        if (!answers_has(qn, &a, k))
            continue;
        answers_encode(qn, &a, k, buf);
        snprintf(field, sizeof(field), "%zu", k);
        assert_int_equal(answers_decode(qn, &b, field, buf, strlen(buf)), 0);
    }
    assert_memory_equal(&a, &b, sizeof(a));
    assert_int_equal(answers_count(qn, &b), 3);
    qn_file_free(qn);
}

static void test_answers_decode_ignores_foreign_fields(void **state)
{
    (void)state;
    struct qn *qn = load_test_qn();
    struct answers a = {0};
    assert_int_equal(answers_decode(qn, &a, "99", "1", 1), -1); /* no such question */
    assert_int_equal(answers_decode(qn, &a, "0", "3", 1), -1);  /* two options on a single */
    assert_int_equal(answers_decode(qn, &a, "0", "8", 1), -1);  /* option out of range */
    assert_int_equal(answers_decode(qn, &a, "9", "5", 1), -1);  /* exclusive combined */
    assert_int_equal(answers_decode(qn, &a, "14", "0123", 4), -1);
    assert_int_equal(answers_decode(qn, &a, "x", "1", 1), -1);
    assert_int_equal(answers_count(qn, &a), 0);
    qn_file_free(qn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_accepts_valid_bodies),
        cmocka_unit_test(test_answers_rejects_invalid_bodies),
        cmocka_unit_test(test_answers_stored_form_round_trips),
        cmocka_unit_test(test_answers_decode_ignores_foreign_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
