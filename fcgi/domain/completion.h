/*
 * completion.h — what a completed test adds to the anonymous statistics:
 * the group it falls in for each dimension (sector, size, province,
 * campaign) and the day and ISO week it counts for.  Never the postcode,
 * only its province.  Pure, no I/O.
 */
#ifndef ZT_COMPLETION_H
#define ZT_COMPLETION_H

#include "domain/answers.h"
#include "domain/calendar.h"
#include "domain/pc4.h"
#include "domain/qn.h"

#include <stdint.h>

/* Dimensions of the statistics, in the order of the API's "by". */
enum stats_by { BY_SECTOR, BY_SIZE, BY_PROVINCE, BY_CAMPAIGN, BY_COUNT };

extern const char *const stats_by_names[BY_COUNT];

/* The group of a respondent without an answer for that dimension. */
#define COMPLETION_UNKNOWN "unknown"
#define COMPLETION_NO_CAMPAIGN "none"

struct completion {
    const char *group[BY_COUNT]; /* borrowed: from the questionnaire, provinces[] or `campaign` */
    char week[CALENDAR_WEEK_TEXT];
    char day[CALENDAR_DAY_TEXT];
};

/*
 * The groups of a completed test at UNIX time `now`.  `campaign` is the
 * session's campaign id ("" for none) and must outlive `out`.
 */
void completion_of(const struct qn *qn, const struct answers *a, const struct pc4_table *pc4,
                   const char *campaign, int64_t now, struct completion *out);

#endif
