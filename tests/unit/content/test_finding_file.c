/*
 * test_finding_file.c — the catalogue of scan findings: the shipped file
 * loads and covers every principle and every 2024 principle; each kind of
 * bad entry is refused with a message naming it.
 */
#include "content/finding_file.h"
#include "content/jfile.h"
#include "util/secure.h"
#include "test_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SHIPPED "questions/findings.json"
#define FIXTURE "tests/data/findings-test.json"
/* the questionnaire the other content tests load; its principle ids are the shipped ones */
#define QN_FULL "tests/data/questionnaire-full.json"

static struct qn *qn_full;

static int setup(void **state)
{
    (void)state;
    char err[512];
    qn_full = qn_file_load(QN_FULL, err, sizeof(err));
    if (qn_full == NULL) {
        print_error("%s: %s\n", QN_FULL, err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    qn_file_free(qn_full);
    return 0;
}

static json_t *fixture(void)
{
    json_error_t je;
    json_t *j = json_load_file(FIXTURE, 0, &je);
    if (j == NULL)
        fail_msg("%s: %s", FIXTURE, je.text);
    return j;
}

static json_t *entry(json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "findings"), i);
}

static struct findings *parse(json_t *doc, const struct qn *qn, char *err, size_t errlen)
{
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    struct findings *f = finding_file_parse(text, strlen(text), qn, err, errlen);
    free(text);
    return f;
}

/* Refused, and the message holds `n1` (and `n2`). */
static void expect_refused(json_t *doc, const struct qn *qn, const char *n1, const char *n2)
{
    char err[512] = "";
    struct findings *f = parse(doc, qn, err, sizeof(err));
    if (f != NULL) {
        finding_file_free(f);
        fail_msg("accepted a bad catalogue (expected '%s')", n1);
    }
    print_message("  refused: %s\n", err);
    if (strstr(err, n1) == NULL || (n2 != NULL && strstr(err, n2) == NULL))
        fail_msg("message '%s' does not name '%s' / '%s'", err, n1, n2 ? n2 : "");
}

static void expect_accepted(json_t *doc)
{
    char err[512] = "";
    struct findings *f = parse(doc, qn_full, err, sizeof(err));
    if (f == NULL)
        fail_msg("refused: %s", err);
    finding_file_free(f);
}

/* `n` copies of the UTF-8 character `ch`. */
static json_t *repeated(const char *ch, size_t n)
{
    size_t w = strlen(ch);
    char *s = malloc(n * w + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * w, ch, w);
    s[n * w] = '\0';
    json_t *j = json_string(s);
    free(s);
    return j;
}

static void set_text(json_t *doc, size_t i, const char *key, const char *lang, json_t *v)
{
    json_object_set_new(json_object_get(entry(doc, i), key), lang, v);
}

static void check_shipped(const char *qn_path)
{
    char err[512];
    struct qn *qn = qn_file_load(qn_path, err, sizeof(err));
    if (qn == NULL)
        fail_msg("%s: %s", qn_path, err);
    struct findings *f = finding_file_load(SHIPPED, qn, err, sizeof(err));
    if (f == NULL)
        fail_msg("%s with %s: %s", SHIPPED, qn_path, err);
    assert_true(f->n >= 30 && f->n <= 50);
    size_t per_principle[QN_PRINCIPLES] = {0}, per_ncsc[NCSC2024_COUNT] = {0};
    for (size_t i = 0; i < f->n; i++) {
        assert_in_range(f->items[i].principle, 0, QN_PRINCIPLES - 1);
        assert_in_range(f->items[i].ncsc2024, 0, NCSC2024_COUNT - 1);
        per_principle[f->items[i].principle]++;
        per_ncsc[f->items[i].ncsc2024]++;
    }
    for (int p = 0; p < QN_PRINCIPLES; p++)
        if (per_principle[p] < 6)
            fail_msg("principle %s has %zu findings, fewer than 6", qn->principles[p].id,
                     per_principle[p]);
    for (int k = 0; k < NCSC2024_COUNT; k++)
        if (per_ncsc[k] == 0)
            fail_msg("no finding is mapped to the 2024 principle %s", ncsc2024_ids[k]);
    /* the findings the public accounts of student scans name, and the issue asks for */
    static const char *const named[] = {"guest-wifi-reaches-till", "nas-with-id-copies-online",
                                        "backups-never-restored",  "shared-admin-password",
                                        "no-mfa-on-mail",          "windows-end-of-life",
                                        "no-offboarding-list",     "macros-enabled"};
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
        if (findings_find(f, named[i]) < 0)
            fail_msg("%s has no finding '%s'", SHIPPED, named[i]);
    assert_int_equal(f->items[findings_find(f, "guest-wifi-reaches-till")].principle, 1);
    assert_string_equal(qn->principles[f->items[findings_find(f, "macros-enabled")].principle].id,
                        "malware");
    /* the digest is the file's, so an unchanged file is not loaded again */
    size_t len;
    char *buf = jfile_read(SHIPPED, &len, err, sizeof(err));
    assert_non_null(buf);
    uint8_t want[32];
    secure_sha256(buf, len, want);
    assert_memory_equal(f->digest, want, 32);
    free(buf);
    finding_file_free(f);
    qn_file_free(qn);
}

static void test_findings_shipped_catalogue_loads_and_covers_every_principle(void **state)
{
    (void)state;
    check_shipped("questions/questionnaire.json"); /* what the program loads */
    check_shipped(QN_FULL);                        /* what the other content tests load */
}

static void test_findings_fixture_maps_principles_to_indices(void **state)
{
    (void)state;
    char err[512];
    struct findings *f = finding_file_load(FIXTURE, qn_full, err, sizeof(err));
    if (f == NULL)
        fail_msg("%s", err);
    assert_int_equal(f->n, 4);
    assert_string_equal(f->version, "2026.1");
    int m = findings_find(f, "macros-enabled");
    assert_int_equal(m, 3);
    assert_string_equal(qn_full->principles[f->items[m].principle].id, "malware");
    assert_string_equal(ncsc2024_ids[f->items[m].ncsc2024], "protect");
    assert_string_equal(ncsc2024_ids[f->items[0].ncsc2024], "incidents");
    assert_string_equal(f->items[m].title.s[LANG_NL], "Macro's staan aan");
    assert_string_equal(f->items[m].explain.s[LANG_EN],
                        "A macro in an attachment can infect a PC.");
    assert_int_equal(findings_find(f, "macros"), -1);
    assert_int_equal(findings_find(f, ""), -1);
    finding_file_free(f);
}

static void test_findings_rejects_principle_not_in_questionnaire(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(entry(doc, 3), "principle", json_string("x"));
    expect_refused(doc, qn_full,
                   "findings[3] (macros-enabled).principle: 'x' is not a principle of the "
                   "questionnaire",
                   "inventory, settings, updates, access, malware");

    /* checked against the questionnaire given, not a list of its own */
    struct qn *other = load_test_qn(); /* principles p1..p5 */
    expect_refused(fixture(), other, "findings[0] (backups-never-restored).principle",
                   "'inventory' is not a principle of the questionnaire (p1, p2, p3, p4, p5)");
    qn_file_free(other);

    char err[128] = "";
    json_t *d = fixture();
    char *text = json_dumps(d, 0);
    json_decref(d);
    assert_null(finding_file_parse(text, strlen(text), NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "no questionnaire"));
    free(text);
}

static void test_findings_rejects_unknown_ncsc2024(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_object_set_new(entry(doc, 1), "ncsc_2024", json_string("protection"));
    expect_refused(doc, qn_full, "findings[1] (guest-wifi-reaches-till).ncsc_2024",
                   "'protection' is not one of risks, behaviour, protect, access, incidents");

    doc = fixture();
    json_object_set_new(entry(doc, 1), "ncsc_2024", json_string("settings")); /* a 2018 id */
    expect_refused(doc, qn_full, "(guest-wifi-reaches-till).ncsc_2024", "'settings' is not one of");

    doc = fixture();
    json_object_set_new(entry(doc, 1), "ncsc_2024", json_integer(2));
    expect_refused(doc, qn_full, "(guest-wifi-reaches-till)", "'ncsc_2024' must be a text");
}

static void test_findings_rejects_missing_and_unknown_fields(void **state)
{
    (void)state;
    static const char *const fields[] = {"principle", "ncsc_2024", "title", "explain"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        json_t *doc = fixture();
        json_object_del(entry(doc, 3), fields[i]);
        char want[64];
        snprintf(want, sizeof(want), "'%s' is missing", fields[i]);
        expect_refused(doc, qn_full, "findings[3] (macros-enabled)", want);
    }
    json_t *doc = fixture();
    json_object_del(entry(doc, 2), "id");
    expect_refused(doc, qn_full, "findings[2]", "'id' is missing");

    doc = fixture();
    json_object_set_new(entry(doc, 2), "severity", json_string("high"));
    expect_refused(doc, qn_full, "findings[2] (shared-admin-password)", "unknown field 'severity'");

    doc = fixture();
    json_object_del(json_object_get(entry(doc, 3), "title"), "en");
    expect_refused(doc, qn_full, "findings[3] (macros-enabled).title", "'en' is missing");

    doc = fixture();
    set_text(doc, 3, "explain", "de", json_string("Makros sind aktiv."));
    expect_refused(doc, qn_full, "findings[3] (macros-enabled).explain", "unknown field 'de'");

    doc = fixture();
    json_object_set_new(entry(doc, 3), "title", json_string("Macro's staan aan"));
    expect_refused(doc, qn_full, "findings[3] (macros-enabled)", "'title' must be an object");

    doc = fixture();
    json_object_set_new(doc, "finding", json_array());
    expect_refused(doc, qn_full, "findings file", "unknown field 'finding'");

    doc = fixture();
    json_object_del(doc, "version");
    expect_refused(doc, qn_full, "findings file", "'version' is missing");

    doc = fixture();
    json_object_set_new(doc, "_note", json_string("editors' notes are fine"));
    expect_accepted(doc);
}

static void test_findings_rejects_empty_and_blank_texts(void **state)
{
    (void)state;
    json_t *doc = fixture();
    set_text(doc, 3, "explain", "nl", json_string(""));
    expect_refused(doc, qn_full, "findings[3] (macros-enabled).explain", "'nl' must be a text");

    doc = fixture();
    set_text(doc, 3, "title", "en", json_string("   \xe2\x80\x8b ")); /* spaces, a zero-width one */
    expect_refused(doc, qn_full, "findings[3] (macros-enabled).title.en", "nothing visible");

    doc = fixture();
    set_text(doc, 0, "title", "nl", json_string("Back-ups\nnooit teruggezet"));
    expect_refused(doc, qn_full, "findings[0] (backups-never-restored).title.nl", "line break");

    doc = fixture();
    /* U+202E turns the text around on screen */
    set_text(doc, 0, "explain", "en", json_string("A back-up \xe2\x80\xae counts."));
    expect_refused(doc, qn_full, "findings[0] (backups-never-restored).explain.en",
                   "text-direction mark");

    doc = fixture();
    set_text(doc, 0, "explain", "nl", json_string("Een back-up\ttelt."));
    expect_refused(doc, qn_full, "findings[0] (backups-never-restored).explain.nl",
                   "control character");

    doc = fixture();
    set_text(doc, 1, "title", "en", json_integer(7));
    expect_refused(doc, qn_full, "findings[1] (guest-wifi-reaches-till).title",
                   "'en' must be a text");
}

static void test_findings_limits_texts_in_code_points(void **state)
{
    (void)state;
    /* 80 characters of two bytes each are 160 bytes, and fine */
    json_t *doc = fixture();
    set_text(doc, 2, "title", "nl", repeated("\xc3\xa9", FINDING_TITLE_CHARS));
    expect_accepted(doc);

    doc = fixture();
    set_text(doc, 2, "title", "nl", repeated("\xc3\xa9", FINDING_TITLE_CHARS + 1));
    expect_refused(doc, qn_full, "findings[2] (shared-admin-password).title.nl",
                   "81 characters, at most 80");

    doc = fixture();
    set_text(doc, 2, "explain", "en", repeated("a", FINDING_EXPLAIN_CHARS));
    expect_accepted(doc);

    doc = fixture();
    set_text(doc, 2, "explain", "en", repeated("\xe2\x82\xac", FINDING_EXPLAIN_CHARS + 1));
    expect_refused(doc, qn_full, "findings[2] (shared-admin-password).explain.en",
                   "301 characters, at most 300");
}

static void test_findings_rejects_bad_and_duplicate_ids(void **state)
{
    (void)state;
    static const char *const bad[] = {"Macros-enabled", "macros_enabled", "macros enabled",
                                      "macros.enabled", "macro's",        "macros-\xc3\xa9"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *doc = fixture();
        json_object_set_new(entry(doc, 3), "id", json_string(bad[i]));
        expect_refused(doc, qn_full, "findings[3]", "may only use a-z, 0-9 and -");
    }
    json_t *doc = fixture();
    json_object_set_new(entry(doc, 3), "id", json_string(""));
    expect_refused(doc, qn_full, "findings[3]", "'id' must be a text of 1 to 40 bytes");

    doc = fixture();
    json_object_set_new(entry(doc, 3), "id", repeated("a", FINDING_ID_MAX + 1));
    expect_refused(doc, qn_full, "findings[3]", "'id' must be a text of 1 to 40 bytes");

    doc = fixture();
    json_object_set_new(entry(doc, 3), "id", repeated("a", FINDING_ID_MAX));
    expect_accepted(doc);

    doc = fixture();
    json_object_set_new(entry(doc, 2), "id", json_string("guest-wifi-reaches-till"));
    expect_refused(doc, qn_full, "findings[2] (guest-wifi-reaches-till)",
                   "used twice (also findings[1])");

    doc = fixture();
    set_text(doc, 3, "title", "en", json_string("Guest Wi-Fi reaches the till"));
    expect_refused(doc, qn_full, "findings[3] (macros-enabled)",
                   "title.en is also the title of findings[1] (guest-wifi-reaches-till)");
}

static void test_findings_rejects_bad_lists(void **state)
{
    (void)state;
    json_t *doc = fixture();
    json_array_set_new(json_object_get(doc, "findings"), 1, json_string("guest-wifi"));
    expect_refused(doc, qn_full, "findings[1]", "must be an object");

    doc = fixture();
    json_object_set_new(doc, "findings", json_array());
    expect_refused(doc, qn_full, "findings file", "'findings' must be a list of 1 to 100");

    doc = fixture();
    json_object_set_new(doc, "findings", json_object());
    expect_refused(doc, qn_full, "findings file", "'findings' must be a list of 1 to 100");

    /* FINDINGS_MAX distinct findings are fine, one more is refused */
    doc = fixture();
    json_t *arr = json_object_get(doc, "findings"), *proto = json_deep_copy(entry(doc, 0));
    json_array_clear(arr);
    for (int i = 0; i <= FINDINGS_MAX; i++) {
        char id[24], title[32];
        snprintf(id, sizeof(id), "finding-%d", i);
        snprintf(title, sizeof(title), "Bevinding %d", i);
        json_t *e = json_deep_copy(proto);
        json_object_set_new(e, "id", json_string(id));
        json_object_set_new(json_object_get(e, "title"), "nl", json_string(title));
        snprintf(title, sizeof(title), "Finding %d", i);
        json_object_set_new(json_object_get(e, "title"), "en", json_string(title));
        json_array_append_new(arr, e);
    }
    json_decref(proto);
    json_t *ok = json_deep_copy(doc);
    json_array_remove(json_object_get(ok, "findings"), FINDINGS_MAX);
    expect_accepted(ok);
    expect_refused(doc, qn_full, "findings file", "'findings' must be a list of 1 to 100");
}

static void test_findings_rejects_what_is_not_strict_json(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"[]", "the top level must be an object"},
        {"{\"version\": \"1\", \"findings\": [", "findings:1:"},
        {"{\"version\": \"1\", \"version\": \"2\", \"findings\": []}", "duplicate"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[512] = "";
        assert_null(
            finding_file_parse(cases[i].text, strlen(cases[i].text), qn_full, err, sizeof(err)));
        print_message("  refused: %s\n", err);
        if (strstr(err, cases[i].want) == NULL)
            fail_msg("'%s' does not say '%s'", err, cases[i].want);
    }
    static const char nul[] = "{\"version\": \"1\",\0 \"findings\": []}";
    char err[512] = "";
    assert_null(finding_file_parse(nul, sizeof(nul) - 1, qn_full, err, sizeof(err)));
    assert_non_null(strstr(err, "NUL byte"));
    assert_null(finding_file_load("tests/data/no-such-findings.json", qn_full, err, sizeof(err)));
    assert_non_null(strstr(err, "no-such-findings.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_findings_shipped_catalogue_loads_and_covers_every_principle),
        cmocka_unit_test(test_findings_fixture_maps_principles_to_indices),
        cmocka_unit_test(test_findings_rejects_principle_not_in_questionnaire),
        cmocka_unit_test(test_findings_rejects_unknown_ncsc2024),
        cmocka_unit_test(test_findings_rejects_missing_and_unknown_fields),
        cmocka_unit_test(test_findings_rejects_empty_and_blank_texts),
        cmocka_unit_test(test_findings_limits_texts_in_code_points),
        cmocka_unit_test(test_findings_rejects_bad_and_duplicate_ids),
        cmocka_unit_test(test_findings_rejects_bad_lists),
        cmocka_unit_test(test_findings_rejects_what_is_not_strict_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
