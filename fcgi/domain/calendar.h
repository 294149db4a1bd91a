/*
 * calendar.h — dates as the Dutch users see them: local time in the
 * Netherlands (CET/CEST by the EU rule) and ISO weeks.  Pure, no I/O.
 */
#ifndef ZT_CALENDAR_H
#define ZT_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

/* Offset of Europe/Amsterdam from UTC at a UNIX time, in minutes (60 or 120). */
int calendar_nl_offset(int64_t t);

/* Days since 1970-01-01 of the local (Amsterdam) date at a UNIX time. */
int64_t calendar_nl_day(int64_t t);

/* "YYYY-MM-DD" of a day number (buf ≥ 11 bytes). */
void calendar_day_text(int64_t day, char *buf, size_t cap);

/* The ISO week of a day: "2026-W48" (buf ≥ 9 bytes); also its Monday's day number. */
void calendar_iso_week(int64_t day, char *buf, size_t cap, int64_t *monday);

#endif
