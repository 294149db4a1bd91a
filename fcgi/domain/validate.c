/*
 * validate.c — see validate.h.
 */
#include "domain/validate.h"

#include "domain/calendar.h"

#include <stdio.h>
#include <string.h>

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool validate_one_of(const char *s, const char *const list[])
{
    for (size_t i = 0; s != NULL && list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

const char *validate_unknown_key(const json_t *obj, const char *const known[])
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        (void)v;
        if (!validate_one_of(key, known))
            return key;
    }
    return NULL;
}

bool validate_id(const char *s, size_t maxlen, bool dash)
{
    size_t n = 0;
    for (; s[n] != '\0'; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-')))
            return false;
    }
    return n >= 1 && n <= maxlen;
}

bool validate_email(const char *s)
{
    size_t n = strlen(s);
    const char *at = strchr(s, '@');
    if (n > 254 || at == NULL || strchr(at + 1, '@') != NULL)
        return false;
    size_t local = (size_t)(at - s);
    if (local == 0 || local > 64 || s[0] == '.' || at[-1] == '.')
        return false;
    for (const char *p = s; p < at; p++) {
        if (!is_alnum(*p) && strchr(".!#$%&'*+/=?^_`{|}~-", *p) == NULL)
            return false;
        if (p[0] == '.' && p[1] == '.')
            return false;
    }
    /* domain: labels of [A-Za-z0-9-], no label starting or ending with '-', an alphabetic TLD */
    const char *d = at + 1;
    int labels = 0;
    while (*d != '\0') {
        size_t len = 0;
        bool alpha = true;
        while (d[len] != '\0' && d[len] != '.') {
            if (!is_alnum(d[len]) && d[len] != '-')
                return false;
            if (d[len] >= '0' && d[len] <= '9')
                alpha = false;
            len++;
        }
        if (len == 0 || len > 63 || d[0] == '-' || d[len - 1] == '-')
            return false;
        labels++;
        if (d[len] == '\0')
            return labels >= 2 && len >= 2 && alpha;
        d += len + 1;
    }
    return false;
}

bool validate_phone_nl(const char *s, char out[16])
{
    char digits[24];
    size_t n = 0;
    bool plus = false;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n + 1 >= sizeof(digits))
                return false;
            digits[n++] = *p;
        } else if (*p == '+' && p == s)
            plus = true;
        else if (strchr(" -.()", *p) == NULL)
            return false;
    }
    digits[n] = '\0';
    const char *national;
    if (plus && n == 11 && strncmp(digits, "31", 2) == 0)
        national = digits + 2;
    else if (!plus && n == 13 && strncmp(digits, "0031", 4) == 0)
        national = digits + 4;
    else if (!plus && n == 10 && digits[0] == '0')
        national = digits + 1;
    else
        return false;
    if (national[0] == '0')
        return false;
    memcpy(out, "+31", 3);
    memcpy(out + 3, national, 10); /* nine digits and the NUL */
    return true;
}

void validate_phone_nl_national(const char *e164, char out[20])
{
    size_t n = strlen(e164);
    if (n != 12 || strncmp(e164, "+31", 3) != 0 || strspn(e164 + 3, "0123456789") != 9) {
        snprintf(out, 20, "%s", e164);
        return;
    }
    const char *d = e164 + 3;
    /* the areas with a two-digit code (after the 0), mobile and the non-geographic 8x/9x */
    static const char *const two[] = {"10", "13", "15", "20", "23", "24", "26", "30", "33",
                                      "35", "36", "38", "40", "43", "45", "46", "50", "53",
                                      "55", "58", "70", "71", "72", "73", "74", "75", "76",
                                      "77", "78", "79", "85", "87", "88", "91", "97", NULL};
    size_t area = 3;
    if (d[0] == '6')
        area = 1;
    for (size_t i = 0; area == 3 && two[i] != NULL; i++)
        if (strncmp(d, two[i], 2) == 0)
            area = 2;
    snprintf(out, 20, "0%.*s %s", (int)area, d, d + area);
}

/* Decodes one UTF-8 sequence at *p; returns the code point and advances, or -1 (invalid). */
static long next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    long cp;
    int n;
    if (s[0] < 0x80) {
        *p = s + 1;
        return s[0];
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        cp = s[0] & 0x1f;
        n = 1;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        cp = s[0] & 0x0f;
        n = 2;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        cp = s[0] & 0x07;
        n = 3;
    } else
        return -1;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    /* overlong forms, surrogates, beyond U+10FFFF */
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return -1;
    *p = s + n + 1;
    return cp;
}

long validate_utf8_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p != '\0') {
        if (next_cp(&p) < 0)
            return -1;
        n++;
    }
    return n;
}

/* Characters that show nothing: spaces of every width, and the zero-width ones. */
static bool blank(long cp)
{
    return cp == ' ' || cp == 0xa0 || cp == 0xad || cp == 0x034f || cp == 0x115f || cp == 0x1160 ||
           cp == 0x180e || (cp >= 0x2000 && cp <= 0x200f) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202f || (cp >= 0x205f && cp <= 0x2064) || cp == 0x3000 || cp == 0x3164 ||
           cp == 0xfeff || cp == 0xffa0;
}

static bool text_ok(const char *s, size_t max, bool multiline, bool allow_empty)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;
    bool visible = false;
    while (*p != '\0') {
        long cp = next_cp(&p);
        if (cp < 0 || ++chars > max)
            return false;
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
            if (!(multiline && (cp == '\n' || cp == '\t' || cp == '\r')))
                return false;
        } else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            return false; /* bidi overrides and isolates turn a text around on screen */
        else if (!blank(cp))
            visible = true;
    }
    return visible || (allow_empty && chars == 0);
}

bool validate_line(const char *s, size_t max)
{
    return text_ok(s, max, false, false);
}

bool validate_note(const char *s, size_t max)
{
    return text_ok(s, max, true, true);
}

bool validate_https_url(const char *s)
{
    size_t n = strlen(s);
    if (n > 200 || strncmp(s, "https://", 8) != 0 || n == 8)
        return false;
    for (const char *p = s + 8; *p != '\0'; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("\"'<>\\`", *p))
            return false;
    return is_alnum(s[8]);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool civil_ok(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

bool validate_date(const char *s, int64_t *days)
{
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
        !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || !civil_ok(y, m, d))
        return false;
    *days = calendar_days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

bool validate_datetime(const char *s, int64_t *epoch, int *offset_min)
{
    int64_t days;
    int hh, mm, ss, oh = 0, om = 0;
    size_t n = strlen(s);
    char date[11];
    if (n != 20 && n != 25)
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!validate_date(date, &days) || s[10] != 'T' || !digits(s + 11, 2, &hh) || s[13] != ':' ||
        !digits(s + 14, 2, &mm) || s[16] != ':' || !digits(s + 17, 2, &ss) || hh > 23 || mm > 59 ||
        ss > 59)
        return false;
    int sign = 0;
    if (n == 20) {
        if (s[19] != 'Z')
            return false;
    } else {
        if ((s[19] != '+' && s[19] != '-') || !digits(s + 20, 2, &oh) || s[22] != ':' ||
            !digits(s + 23, 2, &om) || oh > 14 || om > 59)
            return false;
        sign = s[19] == '+' ? 1 : -1;
    }
    *offset_min = sign * (oh * 60 + om);
    *epoch = days * 86400 + hh * 3600 + mm * 60 + ss - (int64_t)*offset_min * 60;
    return true;
}
