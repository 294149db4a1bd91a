/*
 * strbuf.h — a growing string: appends that remember an allocation failure,
 * so a builder (a template, an iCalendar object, a MIME message) checks once
 * at the end instead of after every piece.
 */
#ifndef ZELFTEST_DOMAIN_STRBUF_H
#define ZELFTEST_DOMAIN_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
    char *s; /* NUL-terminated once anything was added */
    size_t len, cap;
    bool failed; /* an allocation failed: later appends do nothing */
};

/* Appends n bytes of s; the first allocation is at least `first` bytes. */
void strbuf_add(struct strbuf *b, const char *s, size_t n, size_t first);

/* The string (the caller frees it), "" for nothing added; NULL after a failure, everything freed.
 */
char *strbuf_take(struct strbuf *b);

#endif
