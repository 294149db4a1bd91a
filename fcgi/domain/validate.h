/*
 * validate.h — field validators for input from outside (referral forms,
 * network API bodies) and for the content files.  Pure, no I/O.  Each
 * returns true when the value is acceptable.
 */
#ifndef ZT_VALIDATE_H
#define ZT_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when `s` is one of the NULL-terminated `list`. */
bool validate_one_of(const char *s, const char *const list[]);

/*
 * The first key of `obj` that is not in the NULL-terminated `known` list,
 * or NULL when every key is known (a body's typo is refused, not ignored).
 * Borrowed from `obj`.
 */
const char *validate_unknown_key(const json_t *obj, const char *const known[]);

/* An identifier of 1..maxlen characters from [a-z0-9_], and '-' when `dash`. */
bool validate_id(const char *s, size_t maxlen, bool dash);

/* An e-mail address of a usual shape: local@domain.tld, ASCII, at most 254 bytes. */
bool validate_email(const char *s);

/*
 * A Dutch phone number: 10 digits starting with 0, or +31 / 0031 and 9
 * digits; spaces, dashes, dots and parentheses allowed between digits.
 * Writes the normalised form, "+31" and the 9 digits after the leading 0
 * (e.g. "+31501234567"), to `out` (16 bytes) when valid.
 */
bool validate_phone_nl(const char *s, char out[16]);

/*
 * A normalised number (+31 and nine digits) written the Dutch way, with a
 * space after the area code: "06 12345678", "050 1234567", "0513 123456".
 * Never starts with + or a formula sign, and the space keeps spreadsheets
 * from reading it as a number (which would drop the leading 0).  Anything
 * else is copied as it is (cut at 19 bytes).
 */
void validate_phone_nl_national(const char *e164, char out[20]);

/* The most bytes a text of `chars` code points can take in UTF-8. */
#define VALIDATE_UTF8_BYTES(chars) (4 * (chars))

/*
 * A line of text a person typed: valid UTF-8 of at most `max` characters
 * (code points, not bytes), no control characters (C0, DEL, C1), no bidi
 * overrides or isolates (U+202A–U+202E, U+2066–U+2069), and something
 * visible left after removing spaces and invisible characters (U+200B and
 * friends).
 */
bool validate_line(const char *s, size_t max);

/* Free text (a note): like validate_line, but newlines and tabs allowed; may be empty. */
bool validate_note(const char *s, size_t max);

/* Number of code points of valid UTF-8, or -1 for invalid UTF-8. */
long validate_utf8_chars(const char *s);

/* "https://host[/…]" of at most 200 bytes, no spaces or quotes. */
bool validate_https_url(const char *s);

/*
 * RFC 3339 date-time with seconds and an explicit offset:
 * "2026-12-01T09:00:00+01:00" or "…Z".  On success sets the UNIX time and
 * the offset in minutes.
 */
bool validate_datetime(const char *s, int64_t *epoch, int *offset_min);

/* "YYYY-MM-DD" → days since 1970-01-01; false for anything else or an impossible date. */
bool validate_date(const char *s, int64_t *days);

#endif
