/*
 * test_validate.c — field validators: e-mail, Dutch phone numbers, text,
 * URLs, dates and times.
 */
#include "test_util.h"
#include "domain/calendar.h"
#include "domain/validate.h"

#include <string.h>

static void test_validate_email(void **state)
{
    (void)state;
    static const char *const good[] = {"jan@bakkerij.nl", "j.de.vries+scan@example.co.uk",
                                       "info@xn--bcher-kva.example", "a@b.nl"};
    static const char *const bad[] = {
        "",           "jan",       "jan@",       "@bakkerij.nl", "jan@bakkerij",
        "jan@@b.nl",  "jan @b.nl", "jan@b .nl",  ".jan@b.nl",    "jan.@b.nl",
        "ja..n@b.nl", "jan@-b.nl", "jan@b-.nl",  "jan@b.n1",     "jan@b..nl",
        "jan@b.nl.",  "jän@b.nl",  "jan@b.nl\n", "=cmd@b.nl\"x"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (!validate_email(good[i]))
            fail_msg("refused %s", good[i]);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (validate_email(bad[i]))
            fail_msg("accepted %s", bad[i]);
    char longlocal[80];
    memset(longlocal, 'a', 65);
    strcpy(longlocal + 65, "@b.nl");
    assert_false(validate_email(longlocal));
}

static void test_validate_phone_nl(void **state)
{
    (void)state;
    static const char *const good[][2] = {
        {"0612345678", "+31612345678"},    {"06-12345678", "+31612345678"},
        {"06 1234 5678", "+31612345678"},  {"+31 6 12345678", "+31612345678"},
        {"0031612345678", "+31612345678"}, {"050 123 4567", "+31501234567"},
        {"(050) 1234567", "+31501234567"}, {"+31 (0)6", ""},
    };
    char out[16];
    for (size_t i = 0; i < 7; i++) {
        if (!validate_phone_nl(good[i][0], out))
            fail_msg("refused %s", good[i][0]);
        assert_string_equal(out, good[i][1]);
    }
    static const char *const bad[] = {"",
                                      "061234567",
                                      "06123456789",
                                      "6123456789",
                                      "+32612345678",
                                      "+310612345678",
                                      "06-1234567a",
                                      "06+12345678",
                                      "0012345678",
                                      "+31 (0)6 12345678",
                                      "06\n12345678"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (validate_phone_nl(bad[i], out))
            fail_msg("accepted %s", bad[i]);
}

static void test_validate_line_and_note(void **state)
{
    (void)state;
    assert_true(validate_line("Bakkerij De Vries B.V.", 200));
    assert_true(validate_line("Café ‘t Hoekje", 200));
    assert_false(validate_line("", 200));
    assert_false(validate_line("   ", 200));
    assert_false(validate_line("a\nb", 200));
    assert_false(validate_line("a\tb", 200));
    assert_false(validate_line("abc", 2));
    assert_true(validate_note("", 10));
    assert_true(validate_note("line one\nline two", 100));
    assert_false(validate_note("bell\a", 100));
}

static void test_validate_https_url(void **state)
{
    (void)state;
    assert_true(validate_https_url("https://noord.example.org/"));
    assert_false(validate_https_url("http://noord.example.org/"));
    assert_false(validate_https_url("https://"));
    assert_false(validate_https_url("https://a b"));
    assert_false(validate_https_url("https://x/\"onmouseover"));
    assert_false(validate_https_url("javascript:alert(1)"));
}

static void test_validate_datetime_round_trip(void **state)
{
    (void)state;
    int64_t t;
    int off;
    char buf[CALENDAR_TIME_TEXT];
    assert_true(validate_datetime("2026-12-01T09:00:00+01:00", &t, &off));
    assert_int_equal(t, 1796112000); /* 08:00 UTC */
    assert_int_equal(off, 60);
    calendar_format_time(t, off, buf);
    assert_string_equal(buf, "2026-12-01T09:00:00+01:00");
    assert_true(validate_datetime("2026-06-01T09:30:15Z", &t, &off));
    calendar_format_time(t, 120, buf);
    assert_string_equal(buf, "2026-06-01T11:30:15+02:00");
    assert_true(validate_datetime("2028-02-29T00:00:00-05:30", &t, &off));
    assert_int_equal(off, -330);
    calendar_format_time(t, off, buf);
    assert_string_equal(buf, "2028-02-29T00:00:00-05:30");
    calendar_format_time(0, 0, buf);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    static const char *const bad[] = {"2026-12-01",
                                      "2026-12-01T09:00:00",
                                      "2026-12-01 09:00:00Z",
                                      "2026-13-01T09:00:00Z",
                                      "2026-02-29T09:00:00Z",
                                      "2026-12-01T24:00:00Z",
                                      "2026-12-01T09:60:00Z",
                                      "2026-12-01T09:00:00+1:00",
                                      "2026-12-01T09:00:00+15:00",
                                      "2026-12-01T09:00:00.5Z",
                                      "1969-12-31T23:59:59Z"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (validate_datetime(bad[i], &t, &off))
            fail_msg("accepted %s", bad[i]);
}

static void test_validate_date(void **state)
{
    (void)state;
    int64_t d;
    assert_true(validate_date("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(validate_date("2026-11-22", &d));
    assert_int_equal(d, 20779);
    assert_true(validate_date("2000-02-29", &d));
    assert_false(validate_date("1900-02-29", &d));
    assert_false(validate_date("2026-11-31", &d));
    assert_false(validate_date("2026-1-01", &d));
    assert_false(validate_date("2026-11-22x", &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_email),
        cmocka_unit_test(test_validate_phone_nl),
        cmocka_unit_test(test_validate_line_and_note),
        cmocka_unit_test(test_validate_https_url),
        cmocka_unit_test(test_validate_datetime_round_trip),
        cmocka_unit_test(test_validate_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
