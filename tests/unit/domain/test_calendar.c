/*
 * test_calendar.c — Dutch local time (CET/CEST) and ISO weeks.
 */
#include "domain/calendar.h"
#include "test_util.h"
#include "domain/validate.h"

#include <string.h>

static int64_t at(const char *rfc3339)
{
    int64_t t;
    int off;
    assert_true(validate_datetime(rfc3339, &t, &off));
    return t;
}

static void test_calendar_summer_time_switches_at_01_utc(void **state)
{
    (void)state;
    assert_int_equal(calendar_nl_offset(at("2026-01-15T12:00:00Z")), 60);
    assert_int_equal(calendar_nl_offset(at("2026-07-15T12:00:00Z")), 120);
    /* 2026: summer time 29 March 01:00 UTC … 25 October 01:00 UTC */
    assert_int_equal(calendar_nl_offset(at("2026-03-29T00:59:59Z")), 60);
    assert_int_equal(calendar_nl_offset(at("2026-03-29T01:00:00Z")), 120);
    assert_int_equal(calendar_nl_offset(at("2026-10-25T00:59:59Z")), 120);
    assert_int_equal(calendar_nl_offset(at("2026-10-25T01:00:00Z")), 60);
    /* 2027: 28 March and 31 October */
    assert_int_equal(calendar_nl_offset(at("2027-03-28T01:00:00Z")), 120);
    assert_int_equal(calendar_nl_offset(at("2027-10-31T00:30:00Z")), 120);
    assert_int_equal(calendar_nl_offset(at("2027-10-31T01:30:00Z")), 60);
}

static void test_calendar_local_day_crosses_midnight(void **state)
{
    (void)state;
    char buf[16];
    /* 23:30 UTC on 22 November is already 23 November in Amsterdam */
    calendar_day_text(calendar_nl_day(at("2026-11-22T23:30:00Z")), buf);
    assert_string_equal(buf, "2026-11-23");
    calendar_day_text(calendar_nl_day(at("2026-06-30T22:30:00Z")), buf);
    assert_string_equal(buf, "2026-07-01");
    calendar_day_text(calendar_nl_day(at("2026-06-30T21:30:00Z")), buf);
    assert_string_equal(buf, "2026-06-30");
}

static void test_calendar_iso_weeks(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"2026-11-22", "2026-W47"}, {"2026-11-23", "2026-W48"}, {"2021-01-03", "2020-W53"},
        {"2021-01-04", "2021-W01"}, {"2024-12-30", "2025-W01"}, {"2026-01-01", "2026-W01"},
        {"2027-01-01", "2026-W53"}, {"2027-01-04", "2027-W01"},
    };
    char buf[16], mon[16];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t day, monday;
        assert_true(validate_date(cases[i][0], &day));
        calendar_iso_week(day, buf, &monday);
        if (strcmp(buf, cases[i][1]) != 0)
            fail_msg("%s: got %s, want %s", cases[i][0], buf, cases[i][1]);
        assert_true(monday <= day && day - monday < 7);
    }
    int64_t d;
    validate_date("2026-11-26", &d);
    int64_t monday;
    calendar_iso_week(d, buf, &monday);
    calendar_day_text(monday, mon);
    assert_string_equal(mon, "2026-11-23");
}

static void test_calendar_weeks_cover_whole_iso_weeks(void **state)
{
    (void)state;
    int64_t from, to, monday, sunday;
    char weeks[10][CALENDAR_WEEK_TEXT], a[CALENDAR_DAY_TEXT], b[CALENDAR_DAY_TEXT];
    assert_true(validate_date("2026-12-30", &from)); /* a Wednesday of 2026-W53 */
    assert_true(validate_date("2027-01-12", &to));   /* a Tuesday of 2027-W02 */
    size_t n = calendar_weeks(from, to, weeks, 10, &monday, &sunday);
    assert_int_equal(n, 3);
    assert_string_equal(weeks[0], "2026-W53");
    assert_string_equal(weeks[1], "2027-W01");
    assert_string_equal(weeks[2], "2027-W02");
    calendar_day_text(monday, a);
    calendar_day_text(sunday, b);
    assert_string_equal(a, "2026-12-28");
    assert_string_equal(b, "2027-01-17");
    /* at most `max` weeks, and the last Sunday follows what was written */
    assert_int_equal(calendar_weeks(from, to, weeks, 2, &monday, &sunday), 2);
    calendar_day_text(sunday, b);
    assert_string_equal(b, "2027-01-10");
}

static int setup(void **state)
{
    (void)state;
    return calendar_init(); /* the rules come from tzdata, as in the program */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_summer_time_switches_at_01_utc),
        cmocka_unit_test(test_calendar_local_day_crosses_midnight),
        cmocka_unit_test(test_calendar_iso_weeks),
        cmocka_unit_test(test_calendar_weeks_cover_whole_iso_weeks),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
