/*
 * csv.h — writing CSV for spreadsheets, safely: every field quoted, and a
 * field a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a
 * leading apostrophe so it stays text (CSV injection).  Pure, no I/O.
 */
#ifndef ZT_CSV_H
#define ZT_CSV_H

#include <stddef.h>

struct csv {
    char *buf;
    size_t len, cap;
    char sep;
    int failed; /* out of memory */
    int fields; /* in the current row */
};

/* Starts a document; `bom` adds the UTF-8 byte order mark Excel needs. */
void csv_init(struct csv *c, char sep, int bom);

/* Appends one field to the current row. */
void csv_field(struct csv *c, const char *s);

/* Ends the current row with CRLF. */
void csv_row_end(struct csv *c);

/* Hands over the buffer (caller frees); NULL when memory ran out. */
char *csv_take(struct csv *c, size_t *len);

#endif
