/*
 * mime.c — see mime.h.
 */
#include "mail/mime.h"

#include "domain/strbuf.h"

#include "util/secure.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIME_LINE 76

static void put(struct strbuf *o, const char *s, size_t n)
{
    strbuf_add(o, s, n, 8192);
}

static void puts_(struct strbuf *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putf(struct strbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct strbuf *o, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        put(o, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static bool ascii_plain(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

/* The bytes of the UTF-8 character at p (at most n): a lead byte and at most three
 * continuation bytes; other bytes (invalid UTF-8) count one each. */
static size_t char_len(const unsigned char *p, size_t n)
{
    size_t c = 1;
    while (c < 4 && c < n && (p[c] & 0xc0) == 0x80)
        c++;
    return c;
}

/*
 * `n` bytes at `p` as RFC 2047 encoded words of whole UTF-8 characters: the
 * first after the `col` characters already on the line, each next one on a
 * folded line, so that no line is longer than MIME_LINE (RFC 2047, section 2:
 * 76, and an encoded word at most 75).  Returns the column after the last word.
 */
static size_t encoded_words(struct strbuf *o, const unsigned char *p, size_t n, size_t col)
{
    const size_t frame = 12; /* "=?UTF-8?B?" and "?=" */
    for (bool first = true; n > 0; first = false) {
        if (!first || col + frame + 4 > MIME_LINE) {
            puts_(o, "\r\n ");
            col = 1;
        }
        /* base64 writes 4 characters for every 3 bytes; at most 45 bytes (a word of 72) */
        size_t room = (MIME_LINE - col - frame) / 4 * 3, k = 0;
        if (room > 45)
            room = 45;
        while (k < n) {
            size_t c = char_len(p + k, n - k);
            if (k + c > room && k > 0)
                break;
            k += c;
        }
        char b64[96];
        secure_b64(p, k, b64, sizeof(b64));
        putf(o, "=?UTF-8?B?%s?=", b64);
        col += frame + strlen(b64);
        p += k;
        n -= k;
    }
    return col;
}

/* A header value: as it is when plain ASCII, else as RFC 2047 encoded words. */
static void header(struct strbuf *o, const char *name, const char *value)
{
    puts_(o, name);
    puts_(o, ": ");
    if (ascii_plain(value) && strlen(value) < 900)
        puts_(o, value);
    else
        encoded_words(o, (const unsigned char *)value, strlen(value), strlen(name) + 2);
    puts_(o, "\r\n");
}

/*
 * A mailbox header, "Name <address>" or an address: a name that is not plain
 * ASCII as encoded words and the address after it as it is, since an encoded
 * word inside an address is no address (RFC 2047, section 5).  Anything else
 * is encoded whole, as header() does.
 */
static void mailbox_header(struct strbuf *o, const char *name, const char *value)
{
    const char *lt = strrchr(value, '<');
    size_t vl = strlen(value);
    if ((ascii_plain(value) && vl < 900) || lt == NULL || !ascii_plain(lt) ||
        value[vl - 1] != '>' || strlen(lt) > 900) {
        header(o, name, value);
        return;
    }
    size_t pl = (size_t)(lt - value);
    while (pl > 0 && value[pl - 1] == ' ')
        pl--;
    puts_(o, name);
    puts_(o, ": ");
    size_t col = strlen(name) + 2;
    if (pl > 0) {
        col = encoded_words(o, (const unsigned char *)value, pl, col);
        puts_(o, col + 1 + strlen(lt) > MIME_LINE ? "\r\n " : " ");
    }
    puts_(o, lt);
    puts_(o, "\r\n");
}

/* A body in base64, MIME_LINE characters a line. */
static void base64_body(struct strbuf *o, const char *text)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n; i += 57) { /* 57 bytes → 76 characters */
        char line[MIME_LINE + 4];
        size_t k = n - i < 57 ? n - i : 57;
        secure_b64((const uint8_t *)text + i, k, line, sizeof(line));
        puts_(o, line);
        puts_(o, "\r\n");
    }
}

static void part(struct strbuf *o, const char *boundary, const char *type, const char *body)
{
    putf(o, "--%s\r\n", boundary);
    putf(o, "Content-Type: %s\r\n", type);
    puts_(o, "Content-Transfer-Encoding: base64\r\n\r\n");
    base64_body(o, body);
}

char *mime_message(const struct mime_in *m, size_t *len)
{
    struct strbuf o = {0};
    char date[64], boundary[48], alt[48], rnd[SECURE_TOKEN_TEXT];
    struct tm tm;
    time_t t = (time_t)m->date;
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    secure_token(rnd);
    snprintf(boundary, sizeof(boundary), "=_zt_mixed_%s", rnd);
    snprintf(alt, sizeof(alt), "=_zt_alt_%s", rnd);
    mailbox_header(&o, "From", m->from);
    header(&o, "To", m->to);
    if (m->reply_to != NULL)
        mailbox_header(&o, "Reply-To", m->reply_to);
    header(&o, "Subject", m->subject);
    header(&o, "Date", date);
    header(&o, "Message-ID", m->message_id);
    puts_(&o, "MIME-Version: 1.0\r\n");
    puts_(&o, "Auto-Submitted: auto-generated\r\n");
    if (m->ics != NULL)
        putf(&o, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
    else
        putf(&o, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", alt);
    if (m->ics != NULL)
        putf(&o, "--%s\r\nContent-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary,
             alt);
    part(&o, alt, "text/plain; charset=utf-8", m->text);
    part(&o, alt, "text/html; charset=utf-8", m->html);
    if (m->ics != NULL) {
        /* the invitation inside the alternatives is what calendar programs act on */
        char type[96];
        snprintf(type, sizeof(type), "text/calendar; charset=utf-8; method=%s", m->ics_method);
        part(&o, alt, type, m->ics);
    }
    putf(&o, "--%s--\r\n", alt);
    if (m->ics != NULL) {
        putf(&o, "--%s\r\n", boundary);
        putf(&o, "Content-Type: application/ics; name=\"invite.ics\"\r\n");
        puts_(&o, "Content-Disposition: attachment; filename=\"invite.ics\"\r\n");
        puts_(&o, "Content-Transfer-Encoding: base64\r\n\r\n");
        base64_body(&o, m->ics);
        putf(&o, "--%s--\r\n", boundary);
    }
    *len = o.len;
    return strbuf_take(&o);
}
