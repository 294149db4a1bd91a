/*
 * csv.c — see csv.h.
 */
#include "domain/csv.h"

#include <stdlib.h>
#include <string.h>

static void put(struct csv *c, const char *s, size_t n)
{
    if (c->failed)
        return;
    if (c->len + n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        while (cap < c->len + n + 1)
            cap *= 2;
        char *p = realloc(c->buf, cap);
        if (p == NULL) {
            c->failed = 1;
            return;
        }
        c->buf = p;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    c->buf[c->len] = '\0';
}

void csv_init(struct csv *c, char sep, int bom)
{
    memset(c, 0, sizeof(*c));
    c->sep = sep;
    if (bom)
        put(c, "\xef\xbb\xbf", 3);
}

void csv_field(struct csv *c, const char *s)
{
    if (s == NULL)
        s = "";
    if (c->fields++ > 0)
        put(c, &c->sep, 1);
    put(c, "\"", 1);
    if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
        put(c, "'", 1);
    for (const char *p = s; *p != '\0'; p++) {
        put(c, p, 1);
        if (*p == '"')
            put(c, "\"", 1); /* a quote inside a field is doubled */
    }
    put(c, "\"", 1);
}

void csv_row_end(struct csv *c)
{
    put(c, "\r\n", 2);
    c->fields = 0;
}

char *csv_take(struct csv *c, size_t *len)
{
    if (c->failed) {
        free(c->buf);
        c->buf = NULL;
        return NULL;
    }
    if (c->buf == NULL)
        put(c, "", 0);
    *len = c->len;
    char *b = c->buf;
    c->buf = NULL;
    return b;
}
