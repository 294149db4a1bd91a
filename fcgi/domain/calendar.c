/*
 * calendar.c — see calendar.h.
 */
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t floordiv(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int calendar_init(void)
{
    if (setenv("TZ", ":" CALENDAR_TZ, 1) != 0)
        return -1;
    tzset();
    /* a summer and a winter day: +02:00 and +01:00, or the zone is not there */
    return calendar_nl_offset(1782864000) == 120 && calendar_nl_offset(1767225600) == 60 ? 0 : -1;
}

int calendar_nl_offset(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (localtime_r(&tt, &tm) == NULL)
        return 60;
    return (int)(tm.tm_gmtoff / 60);
}

int64_t calendar_nl_day(int64_t t)
{
    return floordiv(t + (int64_t)calendar_nl_offset(t) * 60, 86400);
}

int64_t calendar_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* shift the year to start in March, so the leap day is the year's last */
    y -= m <= 2;
    const int64_t era = floordiv(y, 400);
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void calendar_civil(int64_t day, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = day + 719468;
    int64_t era = floordiv(z, 146097);
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int calendar_weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
}

void calendar_day_text(int64_t day, char buf[CALENDAR_DAY_TEXT])
{
    int64_t y;
    unsigned m, d;
    calendar_civil(day, &y, &m, &d);
    snprintf(buf, CALENDAR_DAY_TEXT, "%04d-%02u-%02u", (int)(y % 10000), m % 100, d % 100);
}

void calendar_iso_week(int64_t day, char buf[CALENDAR_WEEK_TEXT], int64_t *monday)
{
    int64_t mon = day - calendar_weekday(day);
    int64_t thursday = mon + 3; /* the ISO year is the year of the week's Thursday */
    int64_t y;
    unsigned m, d;
    calendar_civil(thursday, &y, &m, &d);
    int64_t jan1 = calendar_days_from_civil(y, 1, 1);
    int week = (int)((thursday - jan1) / 7) + 1;
    snprintf(buf, CALENDAR_WEEK_TEXT, "%04d-W%02d", (int)(y % 10000), week % 100);
    if (monday != NULL)
        *monday = mon;
}

size_t calendar_weeks(int64_t from, int64_t to, char (*weeks)[CALENDAR_WEEK_TEXT], size_t max,
                      int64_t *first_monday, int64_t *last_sunday)
{
    int64_t first = from - calendar_weekday(from), last = to - calendar_weekday(to);
    size_t n = 0;
    for (int64_t d = first; d <= last && n < max; d += 7)
        calendar_iso_week(d, weeks[n++], NULL);
    *first_monday = first;
    *last_sunday = first + (int64_t)n * 7 - 1;
    return n;
}

int64_t calendar_workdays_before(int64_t t, int n)
{
    /* the same time: t itself, also in the hour that comes twice when summer time ends */
    if (n <= 0)
        return t;
    int64_t local = t + (int64_t)calendar_nl_offset(t) * 60;
    int64_t day = floordiv(local, 86400), secs = local - day * 86400;
    while (n > 0) {
        day--;
        if (calendar_weekday(day) < 5)
            n--;
    }
    /* the wall-clock time on that day, back to UTC at that day's own offset */
    int64_t guess = day * 86400 + secs - (int64_t)calendar_nl_offset(day * 86400) * 60;
    return day * 86400 + secs - (int64_t)calendar_nl_offset(guess) * 60;
}

void calendar_human(int64_t start, int minutes, int lang, char buf[CALENDAR_HUMAN_TEXT])
{
    static const char *const days[2][7] = {
        {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"},
        {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}};
    static const char *const months[2][12] = {
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
         "oktober", "november", "december"},
        {"January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"}};
    int l = lang == 1;
    int64_t a = start + (int64_t)calendar_nl_offset(start) * 60;
    int64_t e = start + (int64_t)minutes * 60;
    e += (int64_t)calendar_nl_offset(e) * 60;
    int64_t day = floordiv(a, 86400), y;
    unsigned m, d;
    calendar_civil(day, &y, &m, &d);
    int as = (int)(a - day * 86400), es = (int)(e - floordiv(e, 86400) * 86400);
    snprintf(buf, CALENDAR_HUMAN_TEXT, "%s %u %s %d, %02d:%02d\u2013%02d:%02d",
             days[l][calendar_weekday(day)], d, months[l][(m - 1) % 12], (int)(y % 10000),
             as / 3600, as / 60 % 60, es / 3600, es / 60 % 60);
}

void calendar_format_time(int64_t epoch, int offset_min, char buf[CALENDAR_TIME_TEXT])
{
    int64_t t = epoch + (int64_t)offset_min * 60;
    int64_t day = floordiv(t, 86400), secs = t - day * 86400, y;
    unsigned m, d;
    calendar_civil(day, &y, &m, &d);
    int off = abs(offset_min);
    if (offset_min == 0)
        snprintf(buf, CALENDAR_TIME_TEXT, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
                 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    else
        snprintf(buf, CALENDAR_TIME_TEXT, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                 (long long)y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
                 offset_min < 0 ? '-' : '+', off / 60, off % 60);
}
