/*
 * ical.h — one booked scan as an iCalendar object (RFC 5545): a VEVENT in
 * Europe/Amsterdam time with its VTIMEZONE, for "Add to calendar" and for
 * the invitations the mail sends.  Pure, no I/O.
 */
#ifndef ZT_ICAL_H
#define ZT_ICAL_H

#include <stddef.h>
#include <stdint.h>

enum ical_method {
    ICAL_PUBLISH, /* a file to add to one's calendar */
    ICAL_REQUEST, /* an invitation (RFC 5546): added, or updated when SEQUENCE is higher */
    ICAL_CANCEL,  /* the event is off */
};

struct ical_event {
    const char *uid; /* stable per referral: every change updates the same event */
    int sequence;    /* raised on every change */
    int64_t stamp;   /* DTSTAMP: when this version was made (UNIX time) */
    int64_t start;   /* UNIX time */
    int minutes;
    const char *summary, *description, *location; /* UTF-8 text, escaped here */
    const char *organizer_name, *organizer_email;
    const char *attendee_email; /* ICAL_REQUEST/CANCEL: the respondent; else NULL */
    enum ical_method method;
};

/*
 * Renders the calendar with CRLF line ends and lines folded at 75 octets
 * (never inside a UTF-8 sequence).  Returns a malloc'd text (caller frees)
 * and its length, or NULL when out of memory.
 */
char *ical_render(const struct ical_event *e, size_t *len);

#endif
