/*
 * test_mime.c — one e-mail as text: CRLF line ends and short lines, the
 * headers (UTF-8 as RFC 2047 encoded words, decoded back here), the
 * multipart structure with and without an invitation, and no header line
 * that a value could add.  The message is read back by a small reader of
 * its own below, not by the code that wrote it.
 */
#include "mail/mime.h"
#include "domain/calendar.h"
#include "test_util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- reading a message back ---------- */

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Base64 of `n` characters (CR and LF skipped) into a malloc'd text; fails the test on junk. */
static char *b64_decode(const char *s, size_t n, size_t *outlen)
{
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0, pad = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' || s[i] == '\n')
            continue;
        if (s[i] == '=') {
            pad++;
            continue;
        }
        int v = b64_value(s[i]);
        if (v < 0 || pad > 0)
            fail_msg("not base64 at %zu: '%.20s'", i, s + i);
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    assert_true(pad <= 2);
    out[o] = '\0';
    if (outlen != NULL)
        *outlen = o;
    return out;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t c = s[i] < 0x80             ? 1
                   : (s[i] & 0xe0) == 0xc0 ? 2
                   : (s[i] & 0xf0) == 0xe0 ? 3
                   : (s[i] & 0xf8) == 0xf0 ? 4
                                           : 0;
        if (c == 0 || i + c > n)
            return false;
        for (size_t k = 1; k < c; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
        i += c;
    }
    return true;
}

/* Every line ends in CRLF: no bare CR, no bare LF, and the text ends with a line end. */
static void expect_crlf_only(const char *m, size_t len)
{
    assert_int_equal(strlen(m), len);
    for (size_t i = 0; i < len; i++) {
        if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r'))
            fail_msg("bare LF at %zu: '%.40s'", i, m + (i > 20 ? i - 20 : 0));
        if (m[i] == '\r' && m[i + 1] != '\n')
            fail_msg("bare CR at %zu: '%.40s'", i, m + (i > 20 ? i - 20 : 0));
    }
    assert_true(len >= 2 && m[len - 2] == '\r' && m[len - 1] == '\n');
}

/* The longest line without its CRLF. */
static size_t longest_line(const char *s, size_t n)
{
    size_t longest = 0;
    for (size_t i = 0; i < n;) {
        const char *e = strstr(s + i, "\r\n");
        size_t l = e != NULL ? (size_t)(e - (s + i)) : n - i;
        if (l > longest)
            longest = l;
        i += l + 2;
    }
    return longest;
}

/* The header block (up to the blank line) and the body after it. */
static size_t header_block(const char *m)
{
    const char *e = strstr(m, "\r\n\r\n");
    assert_non_null(e);
    return (size_t)(e - m) + 2;
}

#define MAX_HEADERS 32

struct headers {
    size_t n;
    char name[MAX_HEADERS][64];
    char *value[MAX_HEADERS]; /* unfolded: CRLF before a continuation line removed */
};

/* The headers of `block` (n bytes, lines ending in CRLF), unfolded. */
static void headers_read(const char *block, size_t n, struct headers *h)
{
    memset(h, 0, sizeof(*h));
    for (size_t i = 0; i < n;) {
        const char *e = strstr(block + i, "\r\n");
        assert_non_null(e);
        size_t l = (size_t)(e - (block + i));
        const char *line = block + i;
        if (line[0] == ' ' || line[0] == '\t') {
            if (h->n == 0)
                fail_msg("a continuation line before any header: '%.*s'", (int)l, line);
            char **v = &h->value[h->n - 1];
            size_t vl = strlen(*v);
            *v = realloc(*v, vl + l + 1);
            assert_non_null(*v);
            memcpy(*v + vl, line, l);
            (*v)[vl + l] = '\0';
        } else {
            const char *colon = memchr(line, ':', l);
            if (colon == NULL || colon == line)
                fail_msg("not a header line: '%.*s'", (int)l, line);
            size_t nl = (size_t)(colon - line);
            assert_true(nl < sizeof(h->name[0]) && h->n < MAX_HEADERS);
            for (size_t k = 0; k < nl; k++)
                if (line[k] <= ' ' || line[k] >= 0x7f)
                    fail_msg("a header name with '%c': '%.*s'", line[k], (int)l, line);
            memcpy(h->name[h->n], line, nl);
            h->name[h->n][nl] = '\0';
            const char *v = colon + 1;
            if (*v == ' ')
                v++;
            h->value[h->n] = strndup(v, (size_t)(line + l - v));
            assert_non_null(h->value[h->n]);
            h->n++;
        }
        i += l + 2;
    }
}

static void headers_free(struct headers *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->value[i]);
}

/* The one header called `name` (case-insensitive), or NULL when there is none; two fail. */
static const char *header_of(const struct headers *h, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < h->n; i++)
        if (strcasecmp(h->name[i], name) == 0) {
            if (v != NULL)
                fail_msg("header %s twice", name);
            v = h->value[i];
        }
    return v;
}

/*
 * An unfolded header value with its RFC 2047 encoded words decoded (only
 * =?UTF-8?B?…?= is written by mime.c; anything else fails).  Whitespace
 * between two encoded words goes, as the RFC says.  Each word must hold
 * whole UTF-8 characters when `whole` is set.  The caller frees.
 */
static char *rfc2047_decode(const char *v, bool whole)
{
    size_t n = strlen(v), o = 0;
    char *out = malloc(n + 1);
    assert_non_null(out);
    bool last_encoded = false;
    for (size_t i = 0; i < n;) {
        if (strncmp(v + i, "=?", 2) == 0) {
            if (strncasecmp(v + i, "=?UTF-8?B?", 10) != 0)
                fail_msg("an encoded word that is not =?UTF-8?B?: '%.30s'", v + i);
            const char *start = v + i + 10, *end = strstr(start, "?=");
            assert_non_null(end);
            size_t wl = (size_t)(end + 2 - (v + i));
            if (wl > 75)
                fail_msg("an encoded word of %zu characters (RFC 2047: at most 75)", wl);
            size_t dl;
            char *d = b64_decode(start, (size_t)(end - start), &dl);
            if (whole && !utf8_valid((const unsigned char *)d, dl))
                fail_msg("an encoded word splits a UTF-8 character: '%.*s'", (int)wl, v + i);
            memcpy(out + o, d, dl);
            o += dl;
            free(d);
            i += wl;
            last_encoded = true;
        } else if (v[i] == ' ' || v[i] == '\t') {
            size_t ws = strspn(v + i, " \t");
            if (!(last_encoded && strncmp(v + i + ws, "=?", 2) == 0)) {
                memcpy(out + o, v + i, ws);
                o += ws;
            }
            i += ws;
        } else {
            out[o++] = v[i++];
            last_encoded = false;
        }
    }
    out[o] = '\0';
    return out;
}

/* The value of parameter `param` of a Content-Type, e.g. boundary="…"; the caller frees. */
static char *param_of(const char *ct, const char *param)
{
    char key[40];
    snprintf(key, sizeof(key), "%s=", param);
    const char *p = strstr(ct, key);
    assert_non_null(p);
    p += strlen(key);
    size_t l = *p == '"' ? strcspn(++p, "\"") : strcspn(p, "; ");
    return strndup(p, l);
}

#define MAX_PARTS 8

/*
 * The parts of a multipart body: each from after its "--boundary" line to the
 * CRLF before the next (RFC 2046: that CRLF belongs to the delimiter); the
 * closing "--boundary--" must end the body, with or without a CRLF after it.
 */
static size_t parts_of(const char *body, const char *boundary, char *parts[MAX_PARTS])
{
    char delim[100], close[100];
    snprintf(delim, sizeof(delim), "--%s\r\n", boundary);
    snprintf(close, sizeof(close), "\r\n--%s--", boundary);
    if (strncmp(body, delim, strlen(delim)) != 0)
        fail_msg("the body does not start with its boundary: '%.60s'", body);
    const char *end = strstr(body, close);
    assert_non_null(end);
    const char *after = end + strlen(close);
    if (strcmp(after, "") != 0 && strcmp(after, "\r\n") != 0)
        fail_msg("after the closing boundary: '%.60s'", after);
    size_t n = 0;
    char next[104];
    snprintf(next, sizeof(next), "\r\n--%s\r\n", boundary);
    const char *p = body + strlen(delim);
    while (p < end) {
        const char *q = strstr(p, next);
        if (q == NULL || q > end)
            q = end;
        assert_true(n < MAX_PARTS);
        parts[n++] = strndup(p, (size_t)(q - p));
        p = q == end ? end : q + strlen(next);
    }
    return n;
}

struct part {
    struct headers h;
    const char *content; /* inside `raw` */
    char *raw;
};

static void part_read(char *raw, struct part *pt)
{
    pt->raw = raw;
    size_t hl = header_block(raw);
    headers_read(raw, hl, &pt->h);
    pt->content = raw + hl + 2;
}

static void part_free(struct part *pt)
{
    headers_free(&pt->h);
    free(pt->raw);
}

/* A part's base64 content, decoded; it must be in lines of at most 76 characters. */
static char *part_text(const struct part *pt)
{
    const char *cte = header_of(&pt->h, "Content-Transfer-Encoding");
    assert_non_null(cte);
    assert_string_equal(cte, "base64");
    size_t n = strlen(pt->content);
    if (longest_line(pt->content, n) > 76)
        fail_msg("a base64 line of %zu characters", longest_line(pt->content, n));
    return b64_decode(pt->content, n, NULL);
}

/* ---------- messages ---------- */

static int64_t utc(int y, unsigned mo, unsigned d, int h, int mi, int s)
{
    return calendar_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static struct mime_in sample(void)
{
    struct mime_in m = {
        .from = "Zelftest cyberveiligheid <noreply@zelftest.example>",
        .to = "anna@bakkerij.example",
        .reply_to = "info@eccw-limburg.example",
        .subject = "Je aanvraag voor een cyberscan bij ECCW Limburg",
        .message_id = "<abcDEF0123456789abcdef@zelftest.example>",
        .date = utc(2026, 12, 11, 9, 0, 0),
        .text = "Beste Anna,\n\nJe aanvraag is binnen.\n",
        .html = "<p>Beste Anna,</p><p>Je aanvraag is binnen.</p>",
        .ics = NULL,
        .ics_method = NULL,
    };
    return m;
}

struct msg {
    char *raw;
    size_t len;
    struct headers h;
    const char *body;
};

/* Makes the message and checks what every message must be: CRLF, short lines, a header block. */
static void make(const struct mime_in *in, struct msg *m)
{
    m->raw = mime_message(in, &m->len);
    assert_non_null(m->raw);
    expect_crlf_only(m->raw, m->len);
    if (longest_line(m->raw, m->len) > 998)
        fail_msg("a line of %zu octets (RFC 5322: at most 998)", longest_line(m->raw, m->len));
    size_t hl = header_block(m->raw);
    headers_read(m->raw, hl, &m->h);
    m->body = m->raw + hl + 2;
    /* a header line with encoded words is at most 76 characters (RFC 2047, section 2) */
    for (size_t i = 0; i < hl;) {
        size_t l = (size_t)(strstr(m->raw + i, "\r\n") - (m->raw + i));
        if (l > 76 && memmem(m->raw + i, l, "=?", 2) != NULL)
            fail_msg("a header line of %zu characters with encoded words: '%.*s'", l, (int)l,
                     m->raw + i);
        i += l + 2;
    }
    /* the header block is ASCII: UTF-8 only inside encoded words */
    for (size_t i = 0; i < hl; i++)
        if ((unsigned char)m->raw[i] >= 0x7f ||
            ((unsigned char)m->raw[i] < ' ' && m->raw[i] != '\r' && m->raw[i] != '\n'))
            fail_msg("byte 0x%02x in the headers at %zu", (unsigned char)m->raw[i], i);
}

static void msg_free(struct msg *m)
{
    headers_free(&m->h);
    free(m->raw);
}

/* The only header names a message may have. */
static void expect_header_names(const struct msg *m, bool reply_to)
{
    static const char *const names[] = {
        "From",       "To",           "Reply-To",       "Subject",     "Date",
        "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"};
    for (size_t i = 0; i < m->h.n; i++) {
        size_t k = 0;
        while (k < sizeof(names) / sizeof(names[0]) && strcmp(names[k], m->h.name[i]) != 0)
            k++;
        if (k == sizeof(names) / sizeof(names[0]))
            fail_msg("a header '%s' that mime_message does not write", m->h.name[i]);
    }
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        bool want = reply_to || strcmp(names[k], "Reply-To") != 0;
        if ((header_of(&m->h, names[k]) != NULL) != want)
            fail_msg("header %s %s", names[k], want ? "missing" : "present");
    }
}

static char *subject_of(const struct msg *m, bool whole)
{
    const char *s = header_of(&m->h, "Subject");
    assert_non_null(s);
    return rfc2047_decode(s, whole);
}

/* ---------- tests ---------- */

static void test_mime_headers(void **state)
{
    (void)state;
    struct mime_in in = sample();
    struct msg m;
    make(&in, &m);
    expect_header_names(&m, true);
    assert_string_equal(header_of(&m.h, "From"),
                        "Zelftest cyberveiligheid <noreply@zelftest.example>");
    assert_string_equal(header_of(&m.h, "To"), "anna@bakkerij.example");
    assert_string_equal(header_of(&m.h, "Reply-To"), "info@eccw-limburg.example");
    assert_string_equal(header_of(&m.h, "Subject"),
                        "Je aanvraag voor een cyberscan bij ECCW Limburg"); /* ASCII: as it is */
    assert_string_equal(header_of(&m.h, "Message-ID"), "<abcDEF0123456789abcdef@zelftest.example>");
    assert_string_equal(header_of(&m.h, "MIME-Version"), "1.0");
    assert_string_equal(header_of(&m.h, "Auto-Submitted"), "auto-generated");
    assert_string_equal(header_of(&m.h, "Date"), "Fri, 11 Dec 2026 09:00:00 +0000");
    msg_free(&m);

    in.reply_to = NULL;
    make(&in, &m);
    expect_header_names(&m, false);
    assert_null(strstr(m.raw, "Reply-To"));
    msg_free(&m);
}

static void test_mime_date_is_rfc5322(void **state)
{
    (void)state;
    static const struct {
        int y;
        unsigned mo, d;
        int h, mi, s;
        const char *want;
    } rows[] = {
        {2026, 1, 1, 0, 0, 0, "Thu, 01 Jan 2026 00:00:00 +0000"},
        {2026, 3, 29, 1, 0, 0, "Sun, 29 Mar 2026 01:00:00 +0000"},
        {2026, 7, 15, 23, 59, 59, "Wed, 15 Jul 2026 23:59:59 +0000"},
        {2028, 2, 29, 12, 30, 5, "Tue, 29 Feb 2028 12:30:05 +0000"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct mime_in in = sample();
        in.date = utc(rows[i].y, rows[i].mo, rows[i].d, rows[i].h, rows[i].mi, rows[i].s);
        struct msg m;
        make(&in, &m);
        assert_string_equal(header_of(&m.h, "Date"), rows[i].want);
        msg_free(&m);
    }
}

static void test_mime_utf8_subject_as_encoded_words(void **state)
{
    (void)state;
    static const char *const subjects[] = {
        "Moment afgezegd: Bakkerij Zoë",
        "Nieuw moment voor je cyberscan – vrijdag 11 december 2026, 10:00–13:00",
        "Ⅻ ✓ "
        "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"
        "🙂🙂🙂 end",    /* 4-byte characters */
        "a\xc3\xa9",           /* a short one */
        "\t tab and spaces  ", /* ASCII with a control character: encoded too */
    };
    for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
        struct mime_in in = sample();
        in.subject = subjects[i];
        struct msg m;
        make(&in, &m);
        assert_non_null(strstr(header_of(&m.h, "Subject"), "=?UTF-8?B?"));
        char *s = subject_of(&m, true);
        if (strcmp(s, subjects[i]) != 0)
            fail_msg("subject '%s' came back as '%s'", subjects[i], s);
        free(s);
        msg_free(&m);
    }
}

static void test_mime_long_subject_folds_into_short_lines(void **state)
{
    (void)state;
    /* 600 characters of 1, 2 and 3 bytes: many encoded words, each on a folded line */
    char subject[2000] = "";
    for (int i = 0; i < 200; i++)
        strcat(subject, "aé–");
    struct mime_in in = sample();
    in.subject = subject;
    struct msg m;
    make(&in, &m);
    char *s = subject_of(&m, true);
    assert_string_equal(s, subject);
    free(s);
    /* and a long ASCII subject: one line, still within 998 */
    char ascii[900];
    memset(ascii, 'x', sizeof(ascii) - 1);
    ascii[sizeof(ascii) - 1] = '\0';
    in.subject = ascii;
    msg_free(&m);
    make(&in, &m);
    s = subject_of(&m, true);
    assert_string_equal(s, ascii);
    free(s);
    msg_free(&m);
}

static void expect_alternatives(const char *body, const char *boundary, const struct mime_in *in,
                                const char *method)
{
    char *raw[MAX_PARTS];
    size_t n = parts_of(body, boundary, raw);
    assert_int_equal(n, method != NULL ? 3 : 2);
    struct part p[MAX_PARTS];
    for (size_t i = 0; i < n; i++)
        part_read(raw[i], &p[i]);
    assert_string_equal(header_of(&p[0].h, "Content-Type"), "text/plain; charset=utf-8");
    assert_string_equal(header_of(&p[1].h, "Content-Type"), "text/html; charset=utf-8");
    char *t = part_text(&p[0]), *h = part_text(&p[1]);
    assert_string_equal(t, in->text);
    assert_string_equal(h, in->html);
    free(t);
    free(h);
    if (method != NULL) {
        char want[80];
        snprintf(want, sizeof(want), "text/calendar; charset=utf-8; method=%s", method);
        assert_string_equal(header_of(&p[2].h, "Content-Type"), want);
        char *ics = part_text(&p[2]);
        assert_string_equal(ics, in->ics);
        free(ics);
    }
    for (size_t i = 0; i < n; i++)
        part_free(&p[i]);
}

static void test_mime_alternatives_without_invitation(void **state)
{
    (void)state;
    struct mime_in in = sample();
    struct msg m;
    make(&in, &m);
    const char *ct = header_of(&m.h, "Content-Type");
    assert_non_null(ct);
    assert_true(strncmp(ct, "multipart/alternative; boundary=", 32) == 0);
    char *b = param_of(ct, "boundary");
    expect_alternatives(m.body, b, &in, NULL);
    assert_null(strstr(m.raw, "text/calendar"));
    assert_null(strstr(m.raw, "method="));
    assert_null(strstr(m.raw, "invite.ics"));
    free(b);
    msg_free(&m);
}

static const char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
                          "UID:ref@zelftest\r\nSUMMARY:Cyberscan door studenten: Basisscan\r\n"
                          "END:VEVENT\r\nEND:VCALENDAR\r\n";

static void expect_invitation(const char *method)
{
    struct mime_in in = sample();
    in.ics = ics;
    in.ics_method = method;
    struct msg m;
    make(&in, &m);
    const char *ct = header_of(&m.h, "Content-Type");
    assert_true(strncmp(ct, "multipart/mixed; boundary=", 26) == 0);
    char *mixed = param_of(ct, "boundary");
    char *raw[MAX_PARTS];
    assert_int_equal(parts_of(m.body, mixed, raw), 2);
    struct part alt, att;
    part_read(raw[0], &alt);
    part_read(raw[1], &att);
    /* the alternatives, the invitation among them (what calendar programs act on) */
    const char *act = header_of(&alt.h, "Content-Type");
    assert_true(strncmp(act, "multipart/alternative; boundary=", 32) == 0);
    char *ab = param_of(act, "boundary");
    assert_string_not_equal(ab, mixed);
    expect_alternatives(alt.content, ab, &in, method);
    /* and the same invitation as a file to open */
    assert_string_equal(header_of(&att.h, "Content-Type"), "application/ics; name=\"invite.ics\"");
    assert_string_equal(header_of(&att.h, "Content-Disposition"),
                        "attachment; filename=\"invite.ics\"");
    char *file = part_text(&att);
    assert_string_equal(file, ics);
    free(file);
    free(ab);
    free(mixed);
    part_free(&alt);
    part_free(&att);
    msg_free(&m);
}

static void test_mime_invitation_request(void **state)
{
    (void)state;
    expect_invitation("REQUEST");
}

static void test_mime_invitation_cancel(void **state)
{
    (void)state;
    expect_invitation("CANCEL");
}

static void test_mime_long_bodies_in_short_base64_lines(void **state)
{
    (void)state;
    /* 100 000 bytes with bare LFs, CRs, UTF-8 and a boundary-like line in the text */
    size_t n = 100000;
    char *text = malloc(n + 1);
    assert_non_null(text);
    static const char piece[] = "regel één\n\r--=_zt_alt_x\r\n–\n";
    for (size_t i = 0; i < n; i++)
        text[i] = piece[i % (sizeof(piece) - 1)];
    text[n] = '\0';
    struct mime_in in = sample();
    in.text = text;
    in.html = text;
    in.ics = text;
    in.ics_method = "REQUEST";
    struct msg m;
    make(&in, &m);
    char *b = param_of(header_of(&m.h, "Content-Type"), "boundary"), *raw[MAX_PARTS];
    assert_int_equal(parts_of(m.body, b, raw), 2);
    struct part alt, att;
    part_read(raw[0], &alt);
    part_read(raw[1], &att);
    char *ab = param_of(header_of(&alt.h, "Content-Type"), "boundary");
    expect_alternatives(alt.content, ab, &in, "REQUEST"); /* ≤ 76 a line, decodes back */
    char *file = part_text(&att);
    assert_string_equal(file, text);
    free(file);
    free(ab);
    free(b);
    part_free(&alt);
    part_free(&att);
    msg_free(&m);
    free(text);
}

static void test_mime_non_ascii_name_keeps_its_address(void **state)
{
    (void)state;
    static const char *const boxes[] = {
        "Zelftest – Cyberveiligheid <noreply@zelftest.example>",
        "Cyberwerf ’s-Gravenhage <info@cyberwerf.example>",
        "Zoë <z@e.example>",
        "Naam met een heel lange naam, één die over meer dan één regel gaat want zo lang is "
        "hij — echt waar <een.heel.lang.adres.van.iemand@een-lang-domein.example>",
    };
    for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
        struct mime_in in = sample();
        in.from = boxes[i];
        in.reply_to = boxes[i];
        struct msg m;
        make(&in, &m);
        const char *addr = strrchr(boxes[i], '<');
        const char *const fields[] = {"From", "Reply-To"};
        for (size_t f = 0; f < 2; f++) {
            const char *v = header_of(&m.h, fields[f]);
            /* the address after the last encoded word, as it is */
            const char *last = v, *q;
            while ((q = strstr(last, "?=")) != NULL)
                last = q + 2;
            if (strstr(last, addr) == NULL)
                fail_msg("%s: '%s' is not after the encoded name in '%s'", fields[f], addr, v);
            assert_true(strncmp(v, "=?UTF-8?B?", 10) == 0);
            char *d = rfc2047_decode(v, true);
            assert_string_equal(d, boxes[i]);
            free(d);
        }
        msg_free(&m);
    }
}

static void test_mime_values_cannot_add_header_lines(void **state)
{
    (void)state;
    static const char *const evil[] = {
        "Hallo\r\nBcc: victim@example.org",
        "Hallo\nBcc: victim@example.org",
        "Hallo\rBcc: victim@example.org",
        "Hallo\r\n\r\n<html>a body of our own</html>",
        "Hallo\r\n Bcc: folded@example.org",
        "Hallo\r\nBcc: victim@example.org <noreply@zelftest.example>",
        "Zoë\r\nBcc: victim@example.org <noreply@zelftest.example>",
        "Zoë <noreply@zelftest.example\r\nBcc: victim@example.org>",
    };
    for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
        for (int field = 0; field < 5; field++) {
            struct mime_in in = sample();
            const char *which[] = {"subject", "to", "reply_to", "from", "message_id"};
            switch (field) {
            case 0: in.subject = evil[i]; break;
            case 1: in.to = evil[i]; break;
            case 2: in.reply_to = evil[i]; break;
            case 3: in.from = evil[i]; break;
            default: in.message_id = evil[i];
            }
            struct msg m;
            make(&in, &m); /* CRLF only, every header line a header or a continuation */
            expect_header_names(&m, true);
            assert_null(strstr(m.raw, "\nBcc"));
            assert_null(strstr(m.raw, "\r\n\r\n<html>"));
            /* the body is still the one given */
            char *b = param_of(header_of(&m.h, "Content-Type"), "boundary");
            expect_alternatives(m.body, b, &in, NULL);
            free(b);
            if (field == 0) {
                char *s = subject_of(&m, true);
                if (strcmp(s, evil[i]) != 0)
                    fail_msg("%s: '%s' came back as '%s'", which[field], evil[i], s);
                free(s);
            }
            msg_free(&m);
        }
    }
}

static void test_mime_invalid_utf8_in_a_header_is_encoded_as_it_is(void **state)
{
    (void)state;
    /* the subject is made from validated UTF-8, but mime_message must not trust that:
     * a run of continuation bytes once overran the 96 bytes for one encoded word and
     * libsodium aborted the process */
    char run[301], mixed[200];
    memset(run, 0x80, 300);
    run[300] = '\0';
    snprintf(mixed, sizeof(mixed), "%s",
             "ok \xc3 \xff\xfe \xe2\x80 \xf0\x9f\x99\x82\x82\x82 end\xc3");
    const char *const subjects[] = {run, mixed, "\xbf", "\xf8\x88\x80\x80\x80"};
    for (size_t i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
        struct mime_in in = sample();
        in.subject = subjects[i];
        struct msg m;
        make(&in, &m);
        char *s = subject_of(&m, false);
        assert_string_equal(s, subjects[i]); /* the same bytes back */
        free(s);
        msg_free(&m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mime_headers),
        cmocka_unit_test(test_mime_date_is_rfc5322),
        cmocka_unit_test(test_mime_utf8_subject_as_encoded_words),
        cmocka_unit_test(test_mime_long_subject_folds_into_short_lines),
        cmocka_unit_test(test_mime_alternatives_without_invitation),
        cmocka_unit_test(test_mime_invitation_request),
        cmocka_unit_test(test_mime_invitation_cancel),
        cmocka_unit_test(test_mime_long_bodies_in_short_base64_lines),
        cmocka_unit_test(test_mime_non_ascii_name_keeps_its_address),
        cmocka_unit_test(test_mime_values_cannot_add_header_lines),
        cmocka_unit_test(test_mime_invalid_utf8_in_a_header_is_encoded_as_it_is),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
