/*
 * locate.h — where a respondent's business is, as far as the program can
 * tell: the postcode answer first (only its PC4 area), else an estimate
 * from the client address (content/geo.c, in memory only), else nothing.
 * Pure, no I/O.
 */
#ifndef ZT_LOCATE_H
#define ZT_LOCATE_H

#include "domain/pc4.h"

#include <stdbool.h>

enum located_by { LOCATED_NONE = 0, LOCATED_POSTCODE, LOCATED_IP };

struct location {
    enum located_by by;
    bool in_nl;     /* false: abroad or unknown country */
    int province;   /* index into provinces[], or -1 */
    int pc4;        /* 1000..9999, or 0 when not known */
    bool has_point; /* lat/lon known */
    double lat, lon;
};

/* An empty location: not located, no province. */
void locate_none(struct location *loc);

/*
 * Locates a PC4 area in the table.  Returns true and fills `loc` when the
 * area (or a neighbour of the same region, see pc4_lookup) is known; else
 * `loc` is left as it was.
 */
bool locate_pc4(const struct pc4_table *t, int pc4, struct location *loc);

/*
 * The respondent's location: the postcode answer (pc4 > 0) when the table
 * knows it, else `by_ip` (NULL when there was no address estimate).
 */
void locate_respondent(const struct pc4_table *t, int pc4, const struct location *by_ip,
                       struct location *out);

/* "none", "postcode" or "ip"; borrowed static string. */
const char *locate_by_name(enum located_by by);

#endif
