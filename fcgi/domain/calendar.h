/*
 * calendar.h — dates as the Dutch users see them: local time in the
 * Netherlands from the system's time zone database (tzdata,
 * Europe/Amsterdam), civil dates, ISO weeks, RFC 3339 times.  No I/O but
 * libc's reading of tzdata.
 */
#ifndef ZT_CALENDAR_H
#define ZT_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#define CALENDAR_TZ "Europe/Amsterdam"
#define CALENDAR_DAY_TEXT 16  /* "YYYY-MM-DD" and a NUL, with room */
#define CALENDAR_WEEK_TEXT 16 /* "YYYY-Www" and a NUL, with room */
#define CALENDAR_TIME_TEXT 48 /* "YYYY-MM-DDTHH:MM:SS+HH:MM" and a NUL, with room */

/*
 * Makes CALENDAR_TZ the process's time zone.  Call once, before any thread
 * starts (setenv is not thread-safe).  Returns 0, or -1 when tzdata does
 * not know the zone (a machine without tzdata would silently use UTC).
 */
int calendar_init(void);

/* Offset of Europe/Amsterdam from UTC at a UNIX time, in minutes (60 or 120). */
int calendar_nl_offset(int64_t t);

/* Days since 1970-01-01 of the local (Amsterdam) date at a UNIX time. */
int64_t calendar_nl_day(int64_t t);

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
int64_t calendar_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The civil date of a day number. */
void calendar_civil(int64_t day, int64_t *y, unsigned *m, unsigned *d);

/* Weekday of a day number: 0 = Monday … 6 = Sunday. */
int calendar_weekday(int64_t day);

/* "YYYY-MM-DD" of a day number. */
void calendar_day_text(int64_t day, char buf[CALENDAR_DAY_TEXT]);

/* The ISO week of a day: "2026-W48"; also its Monday's day number (monday may be NULL). */
void calendar_iso_week(int64_t day, char buf[CALENDAR_WEEK_TEXT], int64_t *monday);

/*
 * The whole ISO weeks from the week of `from` to the week of `to` (days):
 * writes at most `max` week texts, sets the first Monday and the last
 * Sunday, returns the number of weeks written.
 */
size_t calendar_weeks(int64_t from, int64_t to, char (*weeks)[CALENDAR_WEEK_TEXT], size_t max,
                      int64_t *first_monday, int64_t *last_sunday);

/*
 * The same time of day `n` working days (Monday to Friday) before `t`, in
 * Amsterdam time: two working days before a Monday 09:00 is the Thursday
 * before, 09:00.
 */
int64_t calendar_workdays_before(int64_t t, int n);

#define CALENDAR_HUMAN_TEXT 96

/*
 * A slot as a person reads it, in Amsterdam time and the given language
 * (0 Dutch, 1 English): "dinsdag 8 december 2026, 09:00–12:00" /
 * "Tuesday 8 December 2026, 09:00–12:00".
 */
void calendar_human(int64_t start, int minutes, int lang, char buf[CALENDAR_HUMAN_TEXT]);

/* A UNIX time at an offset as RFC 3339: "2026-12-01T09:00:00+01:00", or "…Z" at offset 0. */
void calendar_format_time(int64_t epoch, int offset_min, char buf[CALENDAR_TIME_TEXT]);

#endif
