/*
 * strbuf.c — see strbuf.h.
 */
#include "domain/strbuf.h"

#include <stdlib.h>
#include <string.h>

void strbuf_add(struct strbuf *b, const char *s, size_t n, size_t first)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : (first > 0 ? first : 64);
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (p == NULL) {
            b->failed = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

char *strbuf_take(struct strbuf *b)
{
    if (!b->failed && b->s == NULL)
        strbuf_add(b, "", 0, 1);
    if (b->failed) {
        free(b->s);
        b->s = NULL;
        return NULL;
    }
    char *s = b->s;
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}
