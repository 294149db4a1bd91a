/*
 * score.h — the urgency model (README.md, "The urgency model"): pure
 * arithmetic on a questionnaire and a set of answers, no I/O.
 */
#ifndef ZT_SCORE_H
#define ZT_SCORE_H

#include "domain/answers.h"
#include "domain/level.h"
#include "domain/ncsc.h"
#include "domain/qn.h"

#include <stdbool.h>

/* Why the urgency is higher than the arithmetic gives. */
enum score_raised {
    SCORE_RAISED_NONE = 0,
    SCORE_RAISED_CRITICAL,  /* a critical answer: at least the high threshold */
    SCORE_RAISED_PRINCIPLES /* a level floor: the bars say more than the mean */
};

struct score {
    int principle[QN_PRINCIPLES]; /* 0..100, higher is safer */
    enum level principle_level[QN_PRINCIPLES];
    int points[QN_PRINCIPLES], max_points[QN_PRINCIPLES]; /* what the score is made of */
    /* the same for the principles of the 2024 set, over the questions mapped to each
     * (set2024_has: the questionnaire has questions for it) */
    int set2024[NCSC_COUNT];
    enum level set2024_level[NCSC_COUNT];
    bool set2024_has[NCSC_COUNT];
    int safety;        /* weighted mean of the principle scores, 0..100 */
    int exposure;      /* exposure points from the profile */
    int factor_pct;    /* exposure factor in percent (rounded, for display) */
    int urgency_model; /* the arithmetic alone, before critical answers and floors */
    int urgency;       /* 0..100, higher is more urgent */
    enum level level;
    enum score_raised raised;
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

/*
 * The overall level the principles' levels demand at least (the
 * questionnaire's level floors): LEVEL_LOW when no floor applies.
 */
enum level score_floor(const struct qn_scoring *s, const enum level levels[QN_PRINCIPLES]);

#endif
