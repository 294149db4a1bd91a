/*
 * suppress.h — anonymous statistics: counters per ISO week, released only in
 * groups of at least SUPPRESS_MIN_GROUP respondents.  Pure, no I/O.
 *
 * Suppression works per week and per dimension, before anything is summed:
 *   - a group with 1..9 respondents in a week is held back for that week;
 *   - if the groups held back in a week add up to fewer than 10, the
 *     smallest other groups of that week are held back too, until they do
 *     (otherwise a total from another query would let someone subtract
 *     their way to the small group).
 * A group's figure for a range is the sum of its released weeks, so any
 * two queries differ by whole released cells of at least 10 respondents.
 */
#ifndef ZT_SUPPRESS_H
#define ZT_SUPPRESS_H

#include "domain/level.h"
#include "domain/ncsc.h"
#include "domain/qn.h"

#include <stdbool.h>
#include <stddef.h>

#define SUPPRESS_MIN_GROUP 10

struct stats_cell {
    long n;
    long level[QN_PRINCIPLES][LEVEL_COUNT];
    long set2024[NCSC_COUNT][LEVEL_COUNT]; /* the same respondents by the 2024 set */
};

/* Marks the groups of one week that must be held back (n[] per group). */
void suppress_week(const long *n, size_t ngroups, bool *held);

/*
 * Sums the released cells of `nweeks` weeks × `ngroups` groups (row-major:
 * cells[w * ngroups + g]) into out[g]; out[g].n == 0 means "suppressed".
 */
void suppress_aggregate(const struct stats_cell *cells, size_t nweeks, size_t ngroups,
                        struct stats_cell *out);

#endif
