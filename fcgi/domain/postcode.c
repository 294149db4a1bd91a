/*
 * postcode.c — see postcode.h.
 */
#include "domain/postcode.h"

#include <stdio.h>
#include <string.h>

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

int postcode_parse(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 6 && n != 7)
        return -1;
    if (s[0] < '1' || s[0] > '9')
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (n == 4)
        return v;
    const char *l = s + 4;
    if (n == 7) {
        if (*l != ' ')
            return -1;
        l++;
    }
    char a = upper(l[0]), b = upper(l[1]);
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
        return -1;
    if (a == 'S' && (b == 'A' || b == 'D' || b == 'S'))
        return -1;
    return v;
}

void postcode_format(const char *valid, char out[POSTCODE_TEXT])
{
    size_t n = strlen(valid);
    if (n == 4) {
        snprintf(out, POSTCODE_TEXT, "%.4s", valid);
        return;
    }
    const char *l = valid + n - 2;
    snprintf(out, POSTCODE_TEXT, "%.4s %c%c", valid, upper(l[0]), upper(l[1]));
}
