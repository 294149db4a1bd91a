/*
 * lang.h — the two languages of the product; Dutch first.
 */
#ifndef ZT_LANG_H
#define ZT_LANG_H

enum lang { LANG_NL = 0, LANG_EN = 1, LANG_COUNT = 2 };

/* "nl" or "en"; borrowed static string. */
const char *lang_name(enum lang l);

/* Returns the language for exactly "nl" or "en", or -1. */
int lang_parse(const char *s);

/*
 * The language an Accept-Language header prefers among Dutch and English
 * ("en-GB,en;q=0.9,nl;q=0.8" → English), or `def` when it names neither
 * (or is NULL).  Tags are matched on their primary subtag.
 */
enum lang lang_from_accept(const char *header, enum lang def);

#endif
