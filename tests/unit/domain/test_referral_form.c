/*
 * test_referral_form.c — the scan request form: each field's check, the
 * messages in both languages, text limits in characters (not bytes), the
 * characters that hide or turn text around, and the shared summary.
 */
#include "domain/referral_form.h"
#include "domain/validate.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static json_t *form(const char *company)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "company", company, "contact_name",
                     "Piet Tuinman", "email", "piet@garage.example", "phone", "050 1234567",
                     "postcode", "9712cp", "consent", 1);
}

/* The field errors of a form with this company name (caller frees); f's strings die with it. */
static json_t *check(const char *company, struct referral_form *f)
{
    json_t *body = form(company);
    json_t *errs = referral_form_check(body, f, LANG_NL);
    json_decref(body);
    return errs;
}

static char *repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[u * n] = '\0';
    return s;
}

static void test_referral_form_accepts_a_good_form(void **state)
{
    (void)state;
    struct referral_form f;
    json_t *errs = check("Garage Tuinman B.V.", &f);
    assert_int_equal(json_object_size(errs), 0);
    json_decref(errs);
    assert_string_equal(f.postcode, "9712 CP");
    assert_int_equal(f.pc4, 9712);
    assert_string_equal(f.phone, "+31501234567");
    assert_string_equal(f.slot, "");
    assert_true(f.consent);
    assert_false(f.share);
}

static void test_referral_form_limits_count_characters_not_bytes(void **state)
{
    (void)state;
    struct referral_form f;
    char *e200 = repeat("é", 200), *e201 = repeat("é", 201), *e101 = repeat("é", 101);
    assert_int_equal(strlen(e101), 202); /* over 200 bytes, but 101 characters */
    json_t *errs = check(e101, &f);
    assert_null(json_object_get(errs, "company"));
    json_decref(errs);
    errs = check(e200, &f);
    assert_null(json_object_get(errs, "company"));
    json_decref(errs);
    errs = check(e201, &f);
    assert_non_null(json_object_get(errs, "company"));
    json_decref(errs);
    free(e200);
    free(e201);
    free(e101);
}

static void test_referral_form_refuses_invisible_and_turning_text(void **state)
{
    (void)state;
    struct referral_form f;
    static const char *const bad[] = {
        "\u200b\u200b\u200b",           /* zero-width spaces only */
        " \u00a0\u2003 ",               /* spaces of every width only */
        "\u2060\ufeff",                 /* word joiner, BOM */
        "Bakkerij \u202eevil",          /* right-to-left override */
        "Bakkerij \u2066isolate\u2069", /* bidi isolates */
        "Bakkerij \xc2\x85 Jansen",     /* a C1 control (NEL) */
        "Bakkerij\tJansen",             /* a tab in a line */
        "",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *errs = check(bad[i], &f);
        assert_non_null(json_object_get(errs, "company"));
        json_decref(errs);
    }
    /* visible text with a zero-width joiner inside is a name (emoji and some scripts use it) */
    json_t *errs = check("Bakker\u200dij", &f);
    assert_null(json_object_get(errs, "company"));
    json_decref(errs);
}

static void test_referral_form_names_every_bad_field_in_the_language(void **state)
{
    (void)state;
    struct referral_form f;
    json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "company", "", "email",
                             "not-an-address", "phone", "12345", "postcode", "0123", "slot", "../x",
                             "consent", 0, "share_answers", "yes", "surprise", "x");
    json_t *errs = referral_form_check(body, &f, LANG_EN);
    static const char *const fields[] = {"company", "contact_name",  "email",
                                         "phone",   "postcode",      "slot",
                                         "consent", "share_answers", "surprise"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        const char *m = json_string_value(json_object_get(errs, fields[i]));
        assert_non_null(m);
        assert_true(strlen(m) > 10);
    }
    assert_non_null(strstr(json_string_value(json_object_get(errs, "email")), "e-mail address"));
    json_decref(errs);
    errs = referral_form_check(body, &f, LANG_NL);
    assert_non_null(strstr(json_string_value(json_object_get(errs, "email")), "e-mailadres"));
    json_decref(errs);
    json_decref(body);
}

static void test_referral_form_fingerprint_changes_with_any_field(void **state)
{
    (void)state;
    struct referral_form f;
    char a[600], b[600];
    json_t *body = form("Bakkerij"); /* the form's strings are borrowed from it */
    json_t *errs = referral_form_check(body, &f, LANG_NL);
    assert_int_equal(json_object_size(errs), 0);
    json_decref(errs);
    referral_form_fingerprint(&f, a, sizeof(a));
    f.share = true;
    referral_form_fingerprint(&f, b, sizeof(b));
    assert_string_not_equal(a, b);
    json_decref(body);
}

static void test_validate_utf8_chars_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(validate_utf8_chars("abc"), 3);
    assert_int_equal(validate_utf8_chars("é€😀"), 3);
    assert_int_equal(validate_utf8_chars(""), 0);
    assert_int_equal(validate_utf8_chars("\xc0\xaf"), -1);         /* overlong */
    assert_int_equal(validate_utf8_chars("\xed\xa0\x80"), -1);     /* a surrogate */
    assert_int_equal(validate_utf8_chars("\xf4\x90\x80\x80"), -1); /* past U+10FFFF */
    assert_int_equal(validate_utf8_chars("ab\xe2\x82"), -1);       /* cut short */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_referral_form_accepts_a_good_form),
        cmocka_unit_test(test_referral_form_limits_count_characters_not_bytes),
        cmocka_unit_test(test_referral_form_refuses_invisible_and_turning_text),
        cmocka_unit_test(test_referral_form_names_every_bad_field_in_the_language),
        cmocka_unit_test(test_referral_form_fingerprint_changes_with_any_field),
        cmocka_unit_test(test_validate_utf8_chars_counts_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
