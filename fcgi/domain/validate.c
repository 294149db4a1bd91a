/*
 * validate.c — see validate.h.
 */
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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

static bool text_ok(const char *s, size_t max, bool multiline, bool allow_empty)
{
    size_t n = strlen(s);
    if (n > max)
        return false;
    bool visible = false;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            if (!(multiline && (*p == '\n' || *p == '\t' || *p == '\r')))
                return false;
        } else if (*p != ' ')
            visible = true;
    }
    return visible || (allow_empty && n == 0);
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

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil, re-derived: shift the year to start in March */
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
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
    *days = days_from_civil(y, (unsigned)m, (unsigned)d);
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

void format_datetime(int64_t epoch, int offset_min, char *buf, size_t cap)
{
    int64_t t = epoch + (int64_t)offset_min * 60;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    /* civil_from_days, the inverse of days_from_civil */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    int off = offset_min < 0 ? -offset_min : offset_min;
    if (offset_min == 0)
        snprintf(buf, cap, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
                 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    else
        snprintf(buf, cap, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", (long long)y, m, d,
                 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
                 offset_min < 0 ? '-' : '+', off / 60, off % 60);
}
