/*
 * mime.h — one e-mail as RFC 5322/2045 text: UTF-8 headers as RFC 2047
 * encoded words, a text/plain body with its text/html alternative, and an
 * optional text/calendar invitation (RFC 6047), all base64 in lines of 76.
 */
#ifndef ZT_MIME_H
#define ZT_MIME_H

#include <stddef.h>
#include <stdint.h>

struct mime_in {
    const char *from;       /* "Name <address>" or an address */
    const char *to;         /* addresses, comma-separated */
    const char *reply_to;   /* or NULL */
    const char *subject;    /* UTF-8 */
    const char *message_id; /* "<…@…>" */
    int64_t date;           /* UNIX time */
    const char *text;       /* UTF-8 */
    const char *html;       /* UTF-8 */
    const char *ics;        /* an iCalendar object, or NULL */
    const char *ics_method; /* "REQUEST" or "CANCEL" with ics */
};

/* Returns the message with CRLF line ends (malloc'd, caller frees), or NULL when out of memory. */
char *mime_message(const struct mime_in *m, size_t *len);

#endif
