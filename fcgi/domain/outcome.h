/*
 * outcome.h — a scan's outcome as a student team records it, and the
 * arithmetic of what the networks learn from it: the form's checks, the sums
 * of released counter cells, shares, and the calibration of the self-test
 * (per self-test level, what the students observed), held back like every
 * statistic (domain/suppress.h).
 */
#ifndef ZELFTEST_DOMAIN_OUTCOME_H
#define ZELFTEST_DOMAIN_OUTCOME_H

#include "domain/finding.h"
#include "domain/level.h"
#include "domain/qn.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define OUTCOME_OBSERVED 3 /* ok, attention, urgent */
#define OUTCOME_MSG_MAX 300

/* "ok", "attention", "urgent", NULL */
extern const char *const outcome_observed[OUTCOME_OBSERVED + 1];

struct outcome_form {
    const char *level[QN_PRINCIPLES];  /* per principle, in the questionnaire's order (borrowed from
                                          the body) */
    const char *finding[FINDINGS_MAX]; /* the catalogue's ids, each once */
    size_t nfindings;
    const char *report_sent; /* "YYYY-MM-DD" (borrowed) or "" */
};

/*
 * Checks {"principles":{<id>:"ok|attention|urgent", … every principle},
 * "findings":[<catalogue id>, …], "report_sent":"YYYY-MM-DD"|null} against
 * the questionnaire and the catalogue; `today` is the Dutch day number (a
 * report cannot be sent after tomorrow).  0 with *f filled, or -1 with the
 * field in *field ("_" for an unknown key) and the message in nl and en,
 * naming the principle or finding that is wrong.
 */
int outcome_form_check(const json_t *body, const struct qn *qn, const struct findings *cat,
                       int64_t today, struct outcome_form *f, const char **field,
                       char nl[OUTCOME_MSG_MAX], char en[OUTCOME_MSG_MAX]);

/* What a group adds up to over its released weeks. */
struct outcome_sum {
    long n; /* scans */
    long level[QN_PRINCIPLES][OUTCOME_OBSERVED];
    long cal[QN_PRINCIPLES][LEVEL_COUNT][OUTCOME_OBSERVED]; /* self-test level × observed */
    long finding[FINDINGS_MAX];
};

void outcome_sum_add(struct outcome_sum *to, const struct outcome_sum *from);

/* part / whole rounded half up to four decimals; 0 for an empty whole */
double outcome_share(long part, long whole);

/*
 * The calibration of principle p: rows[l] the scans whose self-test said
 * level l, held[l] when that row is held back (under 10, or the extra row
 * that keeps the held-back ones from being worked out).
 */
void outcome_calibration_rows(const struct outcome_sum *s, size_t p, long rows[LEVEL_COUNT],
                              bool held[LEVEL_COUNT]);

#endif
