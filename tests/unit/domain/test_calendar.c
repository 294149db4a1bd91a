/*
 * test_calendar.c — Dutch local time (CET/CEST) and ISO weeks.
 */
#include "domain/calendar.h"
#include "test_util.h"
#include "domain/validate.h"

#include <stdio.h>
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

static void expect_workdays_before(const char *slot, int n, const char *want)
{
    int64_t got = calendar_workdays_before(at(slot), n);
    char buf[CALENDAR_TIME_TEXT];
    calendar_format_time(got, calendar_nl_offset(got), buf);
    if (strcmp(buf, want) != 0)
        fail_msg("%d working day(s) before %s: got %s, want %s", n, slot, buf, want);
}

static void test_calendar_workdays_before_skips_the_weekend(void **state)
{
    (void)state;
    /* Monday 14 December 2026 10:00 */
    expect_workdays_before("2026-12-14T10:00:00+01:00", 1, "2026-12-11T10:00:00+01:00");
    expect_workdays_before("2026-12-14T10:00:00+01:00", 2, "2026-12-10T10:00:00+01:00");
    expect_workdays_before("2026-12-14T10:00:00+01:00", 5, "2026-12-07T10:00:00+01:00");
    expect_workdays_before("2026-12-14T10:00:00+01:00", 10, "2026-11-30T10:00:00+01:00");
    /* midweek: no weekend in between */
    expect_workdays_before("2026-12-10T09:00:00+01:00", 2, "2026-12-08T09:00:00+01:00");
    /* a Tuesday: two working days back is the Friday before */
    expect_workdays_before("2026-12-15T09:00:00+01:00", 2, "2026-12-11T09:00:00+01:00");
    /* a slot on a Saturday or a Sunday counts from the Friday */
    expect_workdays_before("2026-12-12T10:00:00+01:00", 1, "2026-12-11T10:00:00+01:00");
    expect_workdays_before("2026-12-13T10:00:00+01:00", 2, "2026-12-10T10:00:00+01:00");
    /* the local day counts, not the UTC one: 00:30 on Monday is still Sunday in UTC */
    expect_workdays_before("2026-12-14T00:30:00+01:00", 1, "2026-12-11T00:30:00+01:00");
    expect_workdays_before("2026-12-13T23:30:00+01:00", 1, "2026-12-11T23:30:00+01:00");
    /* across the new year */
    expect_workdays_before("2027-01-04T09:00:00+01:00", 2, "2026-12-31T09:00:00+01:00");
}

static void test_calendar_workdays_before_keeps_wall_clock_across_dst(void **state)
{
    (void)state;
    /* summer time starts on Sunday 29 March 2026: 10:00 stays 10:00, the offset changes */
    expect_workdays_before("2026-03-30T10:00:00+02:00", 2, "2026-03-26T10:00:00+01:00");
    expect_workdays_before("2026-03-30T10:00:00+02:00", 1, "2026-03-27T10:00:00+01:00");
    expect_workdays_before("2026-03-30T00:30:00+02:00", 1, "2026-03-27T00:30:00+01:00");
    expect_workdays_before("2026-03-30T23:30:00+02:00", 1, "2026-03-27T23:30:00+01:00");
    /* and ends on Sunday 25 October 2026 */
    expect_workdays_before("2026-10-26T10:00:00+01:00", 2, "2026-10-22T10:00:00+02:00");
    expect_workdays_before("2026-10-26T23:30:00+01:00", 3, "2026-10-21T23:30:00+02:00");
    expect_workdays_before("2026-10-26T00:15:00+01:00", 1, "2026-10-23T00:15:00+02:00");
    /* in UTC the two answers differ by the hour that moved */
    assert_int_equal(at("2026-03-30T10:00:00+02:00") -
                         calendar_workdays_before(at("2026-03-30T10:00:00+02:00"), 2),
                     4 * 86400 - 3600);
}

static void test_calendar_workdays_before_zero_is_the_same_time(void **state)
{
    (void)state;
    static const char *const slots[] = {"2026-12-14T10:00:00+01:00", "2026-12-13T10:00:00+01:00",
                                        "2026-03-29T03:30:00+02:00", "2026-10-25T02:30:00+02:00",
                                        "2026-07-01T00:00:00+02:00"};
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
        assert_int_equal(calendar_workdays_before(at(slots[i]), 0), at(slots[i]));
    /* 02:30 comes twice on 25 October 2026: the second one is not moved to the first */
    assert_int_equal(calendar_workdays_before(at("2026-10-25T02:30:00+01:00"), 0),
                     at("2026-10-25T02:30:00+01:00"));
    assert_int_equal(calendar_workdays_before(at("2026-10-25T02:30:00+01:00"), -1),
                     at("2026-10-25T02:30:00+01:00"));
}

static void test_calendar_workdays_before_every_hour_of_2026(void **state)
{
    (void)state;
    /* for every hour of the year and 1..5 days: a working day, the same local time,
     * and exactly n - 1 working days between it and the slot's day */
    for (int64_t t = at("2026-01-01T00:00:00Z"); t < at("2027-01-01T00:00:00Z"); t += 3600) {
        int64_t day = calendar_nl_day(t);
        int64_t tod = t + calendar_nl_offset(t) * 60 - day * 86400;
        for (int n = 1; n <= 5; n++) {
            int64_t r = calendar_workdays_before(t, n);
            int64_t rday = calendar_nl_day(r);
            int64_t rtod = r + calendar_nl_offset(r) * 60 - rday * 86400;
            int between = 0;
            for (int64_t d = rday + 1; d < day; d++)
                between += calendar_weekday(d) < 5;
            if (calendar_weekday(rday) >= 5 || rtod != tod || between != n - 1 || rday >= day)
                fail_msg("%d before %lld: day %lld (weekday %d), time %lld vs %lld, %d between", n,
                         (long long)t, (long long)rday, calendar_weekday(rday), (long long)rtod,
                         (long long)tod, between);
        }
    }
}

static void expect_human(const char *start, int minutes, int lang, const char *want)
{
    char buf[CALENDAR_HUMAN_TEXT];
    calendar_human(at(start), minutes, lang, buf);
    if (strcmp(buf, want) != 0)
        fail_msg("%s + %d min (%d): got '%s', want '%s'", start, minutes, lang, buf, want);
}

static void test_calendar_human_in_dutch_and_english(void **state)
{
    (void)state;
    expect_human("2026-12-11T10:00:00+01:00", 180, 0, "vrijdag 11 december 2026, 10:00–13:00");
    expect_human("2026-12-11T10:00:00+01:00", 180, 1, "Friday 11 December 2026, 10:00–13:00");
    expect_human("2026-12-08T09:00:00+01:00", 180, 0, "dinsdag 8 december 2026, 09:00–12:00");
    expect_human("2026-12-08T09:00:00+01:00", 180, 1, "Tuesday 8 December 2026, 09:00–12:00");
    /* summer time: the time as on the clock in Amsterdam */
    expect_human("2026-07-07T07:00:00Z", 150, 0, "dinsdag 7 juli 2026, 09:00–11:30");
    expect_human("2026-07-07T07:00:00Z", 150, 1, "Tuesday 7 July 2026, 09:00–11:30");
    /* the local date, not the UTC one */
    expect_human("2026-06-30T22:30:00Z", 60, 0, "woensdag 1 juli 2026, 00:30–01:30");
    /* a slot over the switch to summer time ends on the new clock */
    expect_human("2026-03-29T01:30:00+01:00", 120, 0, "zondag 29 maart 2026, 01:30–04:30");
    expect_human("2026-10-25T01:30:00+02:00", 120, 1, "Sunday 25 October 2026, 01:30–02:30");
    /* any language other than English is Dutch */
    expect_human("2026-12-11T10:00:00+01:00", 30, 2, "vrijdag 11 december 2026, 10:00–10:30");
}

static void test_calendar_human_names_every_month_and_day(void **state)
{
    (void)state;
    static const char *const nl[] = {"januari",   "februari", "maart",    "april",
                                     "mei",       "juni",     "juli",     "augustus",
                                     "september", "oktober",  "november", "december"};
    static const char *const en[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
    static const char *const dnl[] = {"maandag", "dinsdag",  "woensdag", "donderdag",
                                      "vrijdag", "zaterdag", "zondag"};
    static const char *const den[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                      "Friday", "Saturday", "Sunday"};
    for (unsigned m = 1; m <= 12; m++) {
        int64_t day = calendar_days_from_civil(2027, m, 15);
        int64_t t = day * 86400 + 10 * 3600; /* 10:00 UTC: 11:00 or 12:00 in Amsterdam */
        int wd = calendar_weekday(day);
        char buf[CALENDAR_HUMAN_TEXT], want[CALENDAR_HUMAN_TEXT];
        int h = 10 + calendar_nl_offset(t) / 60;
        calendar_human(t, 60, 0, buf);
        snprintf(want, sizeof(want), "%s 15 %s 2027, %02d:00–%02d:00", dnl[wd], nl[m - 1], h,
                 h + 1);
        assert_string_equal(buf, want);
        calendar_human(t, 60, 1, buf);
        snprintf(want, sizeof(want), "%s 15 %s 2027, %02d:00–%02d:00", den[wd], en[m - 1], h,
                 h + 1);
        assert_string_equal(buf, want);
    }
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
        cmocka_unit_test(test_calendar_workdays_before_skips_the_weekend),
        cmocka_unit_test(test_calendar_workdays_before_keeps_wall_clock_across_dst),
        cmocka_unit_test(test_calendar_workdays_before_zero_is_the_same_time),
        cmocka_unit_test(test_calendar_workdays_before_every_hour_of_2026),
        cmocka_unit_test(test_calendar_human_in_dutch_and_english),
        cmocka_unit_test(test_calendar_human_names_every_month_and_day),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
