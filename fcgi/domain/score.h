/*
 * score.h — the urgency model (README.md, "The urgency model"): pure
 * arithmetic on a questionnaire and a set of answers, no I/O.
 */
#ifndef ZT_SCORE_H
#define ZT_SCORE_H

#include "domain/answers.h"
#include "domain/level.h"
#include "domain/qn.h"

#include <stdbool.h>

struct score {
    int principle[QN_PRINCIPLES]; /* 0..100, higher is safer */
    enum level principle_level[QN_PRINCIPLES];
    int safety;     /* weighted mean of the principle scores, 0..100 */
    int exposure;   /* exposure points from the profile */
    int factor_pct; /* exposure factor in percent (rounded, for display) */
    int urgency;    /* 0..100, higher is more urgent */
    enum level level;
    int critical; /* number of critical answers given */
};

/*
 * Computes the score.  Unanswered questions count as zero points; callers
 * only show a result for a complete set of answers.
 */
void score_compute(const struct qn *qn, const struct answers *a, struct score *out);

/* Level of a principle score under the questionnaire's thresholds. */
enum level score_principle_level(const struct qn_scoring *s, int score);

/* Level of an urgency under the questionnaire's thresholds. */
enum level score_urgency_level(const struct qn_scoring *s, int urgency);

#endif
