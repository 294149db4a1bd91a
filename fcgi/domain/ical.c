/*
 * ical.c — see ical.h.
 */
#include "domain/ical.h"

#include "domain/strbuf.h"

#include "domain/calendar.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICAL_FOLD 75 /* octets per line before a fold (RFC 5545, 3.1) */

static void put(struct strbuf *o, const char *s, size_t n)
{
    strbuf_add(o, s, n, 2048);
}

/* One content line, folded: a fold goes before a byte that does not continue a UTF-8 sequence. */
static void line(struct strbuf *o, const char *text)
{
    size_t n = strlen(text), used = 0;
    for (size_t i = 0; i < n; i++) {
        bool starts = ((unsigned char)text[i] & 0xc0) != 0x80;
        size_t seq = 1;
        while (starts && i + seq < n && ((unsigned char)text[i + seq] & 0xc0) == 0x80)
            seq++;
        if (starts && used + seq > ICAL_FOLD) {
            put(o, "\r\n ", 3);
            used = 1;
        }
        put(o, text + i, 1);
        used++;
    }
    put(o, "\r\n", 2);
}

static void linef(struct strbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void linef(struct strbuf *o, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    line(o, buf);
}

/* NAME:escaped text (backslash, semicolon, comma and newline escaped, other controls dropped). */
static void text_prop(struct strbuf *o, const char *name, const char *value)
{
    size_t n = strlen(value);
    char *esc = malloc(strlen(name) + 2 * n + 2);
    if (esc == NULL) {
        o->failed = true;
        return;
    }
    size_t k = (size_t)sprintf(esc, "%s:", name);
    for (size_t i = 0; i < n; i++) {
        char c = value[i];
        if (c == '\\' || c == ';' || c == ',') {
            esc[k++] = '\\';
            esc[k++] = c;
        } else if (c == '\n') {
            esc[k++] = '\\';
            esc[k++] = 'n';
        } else if ((unsigned char)c >= 0x20 && c != 0x7f)
            esc[k++] = c;
    }
    esc[k] = '\0';
    line(o, esc);
    free(esc);
}

/* 20261208T090000, local time in Europe/Amsterdam */
static void local_stamp(int64_t t, char buf[32])
{
    int64_t local = t + (int64_t)calendar_nl_offset(t) * 60;
    int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400, secs = local - day * 86400;
    int64_t y;
    unsigned m, d;
    calendar_civil(day, &y, &m, &d);
    snprintf(buf, 32, "%04d%02u%02uT%02d%02d%02d", (int)(y % 10000), m % 100, d % 100,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* 20261202T101500Z */
static void utc_stamp(int64_t t, char buf[32])
{
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400, secs = t - day * 86400;
    int64_t y;
    unsigned m, d;
    calendar_civil(day, &y, &m, &d);
    snprintf(buf, 32, "%04d%02u%02uT%02d%02d%02dZ", (int)(y % 10000), m % 100, d % 100,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* The zone's rules since 1996 (EU summer time): enough for any event from now on. */
static void vtimezone(struct strbuf *o)
{
    static const char *const lines[] = {
        "BEGIN:VTIMEZONE",
        ("TZID:" CALENDAR_TZ), /* one element: parentheses for clang's -Wstring-concatenation */
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    };
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        line(o, lines[i]);
}

char *ical_render(const struct ical_event *e, size_t *len)
{
    static const char *const methods[] = {"PUBLISH", "REQUEST", "CANCEL"};
    struct strbuf o = {0};
    char start[32], end[32], stamp[32];
    local_stamp(e->start, start);
    local_stamp(e->start + (int64_t)e->minutes * 60, end);
    utc_stamp(e->stamp, stamp);
    line(&o, "BEGIN:VCALENDAR");
    line(&o, "VERSION:2.0");
    line(&o, "PRODID:-//Digital Trust Center//zelftest//NL");
    line(&o, "CALSCALE:GREGORIAN");
    linef(&o, "METHOD:%s", methods[e->method]);
    vtimezone(&o);
    line(&o, "BEGIN:VEVENT");
    linef(&o, "UID:%s", e->uid);
    linef(&o, "SEQUENCE:%d", e->sequence);
    linef(&o, "DTSTAMP:%s", stamp);
    linef(&o, "DTSTART;TZID=%s:%s", CALENDAR_TZ, start);
    linef(&o, "DTEND;TZID=%s:%s", CALENDAR_TZ, end);
    text_prop(&o, "SUMMARY", e->summary);
    text_prop(&o, "LOCATION", e->location);
    text_prop(&o, "DESCRIPTION", e->description);
    /* the CN is a quoted parameter value: quotes and controls cannot be in it */
    char cn[256];
    size_t k = 0;
    for (const char *p = e->organizer_name; *p != '\0' && k + 1 < sizeof(cn); p++)
        if (*p != '"' && (unsigned char)*p >= 0x20)
            cn[k++] = *p;
    cn[k] = '\0';
    linef(&o, "ORGANIZER;CN=\"%s\":mailto:%s", cn, e->organizer_email);
    if (e->attendee_email != NULL)
        linef(&o, "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:%s",
              e->attendee_email);
    linef(&o, "STATUS:%s", e->method == ICAL_CANCEL ? "CANCELLED" : "CONFIRMED");
    line(&o, "TRANSP:OPAQUE");
    line(&o, "END:VEVENT");
    line(&o, "END:VCALENDAR");
    *len = o.len;
    return strbuf_take(&o);
}
