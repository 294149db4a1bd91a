/*
 * score.c — see score.h.  Integer arithmetic only, rounding halves up, so
 * that a reader can redo a score by hand with the rules in README.md.
 */
#include "domain/score.h"

/* round(num / den) for num >= 0, den > 0, halves up */
static long div_round(long num, long den)
{
    return (2 * num + den) / (2 * den);
}

static int question_points(const struct qn_question *q, uint32_t sel, int *critical)
{
    int pts = 0;
    for (size_t i = 0; i < q->noptions; i++)
        if (sel & (1u << i)) {
            pts += q->options[i].points;
            *critical += q->options[i].critical;
        }
    return pts; /* a multi question's max_points is the sum of all its options: no cap needed */
}

enum level score_principle_level(const struct qn_scoring *s, int score)
{
    if (score < s->principle_high_below)
        return LEVEL_HIGH;
    if (score < s->principle_medium_below)
        return LEVEL_MEDIUM;
    return LEVEL_LOW;
}

enum level score_urgency_level(const struct qn_scoring *s, int urgency)
{
    if (urgency >= s->urgency_high_from)
        return LEVEL_HIGH;
    if (urgency >= s->urgency_medium_from)
        return LEVEL_MEDIUM;
    return LEVEL_LOW;
}

enum level score_floor(const struct qn_scoring *s, const enum level levels[QN_PRINCIPLES])
{
    enum level floor = LEVEL_LOW;
    for (size_t f = 0; f < s->nfloors; f++) {
        int n = 0;
        for (size_t p = 0; p < QN_PRINCIPLES; p++)
            n += levels[p] >= s->floor[f].principles; /* at that level or worse */
        if (n >= s->floor[f].count && s->floor[f].level > floor)
            floor = s->floor[f].level;
    }
    return floor;
}

void score_compute(const struct qn *qn, const struct answers *a, struct score *out)
{
    const struct qn_scoring *s = &qn->scoring;
    long wsum = 0, wtotal = 0;
    long got24[NCSC_COUNT] = {0}, max24[NCSC_COUNT] = {0};
    out->critical = 0;
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        const struct qn_principle *pr = &qn->principles[p];
        long got = 0, max = 0;
        for (size_t k = pr->first; k < pr->first + pr->count; k++) {
            int pts = question_points(&qn->questions[k], a->sel[k], &out->critical);
            got += pts;
            max += qn->questions[k].max_points;
            got24[qn->questions[k].ncsc] += pts;
            max24[qn->questions[k].ncsc] += qn->questions[k].max_points;
        }
        out->points[p] = (int)got;
        out->max_points[p] = (int)max;
        out->principle[p] = (int)div_round(100 * got, max);
        out->principle_level[p] = score_principle_level(s, out->principle[p]);
        wsum += (long)pr->weight * out->principle[p];
        wtotal += pr->weight;
    }
    out->safety = (int)div_round(wsum, wtotal);
    for (int n = 0; n < NCSC_COUNT; n++) {
        out->set2024_has[n] = max24[n] > 0;
        out->set2024[n] = max24[n] > 0 ? (int)div_round(100 * got24[n], max24[n]) : 0;
        out->set2024_level[n] = score_principle_level(s, out->set2024[n]);
    }

    int ignored = 0;
    out->exposure = 0;
    for (size_t k = 0; k < qn->nquestions; k++)
        if (qn->questions[k].principle < 0 && qn->questions[k].type != QN_POSTCODE)
            out->exposure += question_points(&qn->questions[k], a->sel[k], &ignored);

    /* factor = min + (max - min) * exposure / exposure_max, in percent */
    long emax = qn->exposure_max;
    long fnum = (long)s->exposure_min_pct * emax +
                (long)(s->exposure_max_pct - s->exposure_min_pct) * out->exposure;
    out->factor_pct = (int)div_round(fnum, emax);
    long urgency = div_round((long)(100 - out->safety) * fnum, 100 * emax);
    if (urgency > 100)
        urgency = 100;
    out->urgency_model = (int)urgency;
    out->raised = SCORE_RAISED_NONE;
    if (out->critical > 0 && urgency < s->urgency_high_from) {
        urgency = s->urgency_high_from;
        out->raised = SCORE_RAISED_CRITICAL;
    }
    /* the headline never says less than the bars: the level floors */
    enum level floor = score_floor(s, out->principle_level);
    long least = floor == LEVEL_HIGH     ? s->urgency_high_from
                 : floor == LEVEL_MEDIUM ? s->urgency_medium_from
                                         : 0;
    if (urgency < least) {
        urgency = least;
        out->raised = SCORE_RAISED_PRINCIPLES;
    }
    out->urgency = (int)urgency;
    out->level = score_urgency_level(s, out->urgency);
}
