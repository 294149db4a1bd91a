/*
 * calendar.c — see calendar.h.
 */
#include "domain/calendar.h"

#include "domain/validate.h"

#include <stdio.h>

static int64_t floordiv(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Weekday of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
static int weekday(int64_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);
}

static void civil(int64_t day, int64_t *y, unsigned *m, unsigned *d)
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

/* Day number of the last Sunday of a month. */
static int64_t last_sunday(int64_t y, unsigned m)
{
    int64_t last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    return last - ((weekday(last) + 1) % 7);
}

int calendar_nl_offset(int64_t t)
{
    int64_t y;
    unsigned m, d;
    civil(floordiv(t, 86400), &y, &m, &d);
    /* summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last of October */
    int64_t start = last_sunday(y, 3) * 86400 + 3600, end = last_sunday(y, 10) * 86400 + 3600;
    return t >= start && t < end ? 120 : 60;
}

int64_t calendar_nl_day(int64_t t)
{
    return floordiv(t + (int64_t)calendar_nl_offset(t) * 60, 86400);
}

void calendar_day_text(int64_t day, char *buf, size_t cap)
{
    int64_t y;
    unsigned m, d;
    civil(day, &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02u-%02u", (long long)y, m, d);
}

void calendar_iso_week(int64_t day, char *buf, size_t cap, int64_t *monday)
{
    int64_t mon = day - weekday(day);
    int64_t thursday = mon + 3; /* the ISO year is the year of the week's Thursday */
    int64_t y;
    unsigned m, d;
    civil(thursday, &y, &m, &d);
    int64_t jan1 = days_from_civil(y, 1, 1);
    int week = (int)((thursday - jan1) / 7) + 1;
    snprintf(buf, cap, "%04lld-W%02d", (long long)y, week);
    if (monday != NULL)
        *monday = mon;
}
