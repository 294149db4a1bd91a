/*
 * counters.h — the anonymous counters in the durable Redis: statistics per
 * ISO week and the campaigns' funnels per day.  Only counts: never an
 * answer, a postcode, an address or a token.
 *
 *   zt:st:<version>:<by>:<group>:<week>  hash: n, <principle>:<level>, 2024:<principle>:<level>
 *                                        → count (2024: the principles of the NCSC/DTC 2024 set,
 *                                        each respondent's level over the questions mapped to it)
 *   zt:fn:<campaign>:<YYYY-MM-DD>        hash: started, completed, high, referral, booked
 */
#ifndef ZT_COUNTERS_H
#define ZT_COUNTERS_H

#include "domain/completion.h"
#include "domain/level.h"
#include "domain/qn.h"
#include "domain/score.h"
#include "domain/suppress.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

#define COUNTERS_2024_PREFIX "2024:" /* fields of the 2024 set; no principle id has a colon */
#define COUNTERS_KEEP_SECONDS (3 * 366 * 86400L) /* statistics and funnels: three years */

/*
 * Counts one completed test: the group of each dimension gets n+1 and +1
 * on each principle's level in its week, for the DTC's five and for the
 * 2024 set; the campaign's funnel (if
 * `campaign` is not NULL) gets completed+1, and high+1 when the level is
 * high.  One round trip.  Returns 0 or -1 (Redis unavailable).
 */
int counters_completed(struct store *s, const struct qn *qn, const struct score *sc,
                       const struct completion *c, const char *campaign);

/*
 * The national headline per ISO week: zt:sum:<week> hash of completed,
 * high (completed at level high), requested (scans), done (scans with an
 * outcome).  Adds 1 to `field`.
 */
int counters_summary(struct store *s, const char *week, const char *field);

/* Reads the headline hashes of `nweeks` weeks (counts[w * 4 + k], k in the order above).  0 or -1.
 */
int counters_read_summary(struct store *s, const char *const *weeks, size_t nweeks, long *counts);

/* Adds 1 to a funnel step ("started", "referral", "booked") of a campaign's day. */
int counters_funnel(struct store *s, const char *campaign, const char *day, const char *step);

/*
 * Reads the cells of `ngroups` groups × `nweeks` weeks of one dimension
 * (cells[w * ngroups + g]).  Returns 0 or -1.
 */
int counters_read_stats(struct store *s, const struct qn *qn, enum stats_by by,
                        const char *const *groups, size_t ngroups, const char *const *weeks,
                        size_t nweeks, struct stats_cell *cells);

/* Funnel steps in API order. */
#define FUNNEL_STEPS 5
extern const char *const funnel_steps[FUNNEL_STEPS];

/* Reads a campaign's funnel for `ndays` days (counts[d * FUNNEL_STEPS + step]).  0 or -1. */
int counters_read_funnel(struct store *s, const char *campaign, const char *const *days,
                         size_t ndays, long *counts);

#endif
