/*
 * advice.h — the steps that follow from one respondent's answers.
 *
 * Per principle: every answer that is short of its question's best, most
 * points short first, each with the version of its step that fits the
 * business (questionnaire.json: a step's versions carry conditions on
 * other answers, such as "employees: solo", so a one-person business never
 * gets staff advice).  A "don't know" answer loses points like the worst
 * answer, and its step is the question to put to the IT supplier; those
 * are also collected over the whole test.  Pure, no I/O.
 */
#ifndef ZT_ADVICE_H
#define ZT_ADVICE_H

#include "domain/answers.h"
#include "domain/lang.h"
#include "domain/qn.h"

#include <stdbool.h>
#include <stddef.h>

struct advice_item {
    size_t question;  /* index in qn.questions */
    size_t option;    /* the chosen option (single), or the option not ticked (multi) */
    int points_lost;  /* what this answer is short of the question's best */
    bool ask;         /* a "don't know" answer: `text` is the question for the IT supplier */
    const char *text; /* borrowed from the questionnaire, valid while it is */
};

/* At most one item per option of each question of a principle. */
#define ADVICE_PRINCIPLE_MAX (QN_MAX_PRINCIPLE_QUESTIONS * QN_MAX_OPTIONS)

/* True when every condition of version `v` holds for the answers `a`. */
bool advice_variant_holds(const struct qn_variant *v, const struct answers *a);

/*
 * The text of step `st` for these answers in `lang`: its first version
 * whose conditions hold.  NULL for a step without versions.  Borrowed
 * from the questionnaire.
 */
const char *advice_step(const struct qn_step *st, const struct answers *a, enum lang lang);

/*
 * The answers of principle `p` that lose points, into out[] (at most
 * ADVICE_PRINCIPLE_MAX): most points lost first; equal points in the order
 * of the questions and options.  Returns the number of items.  Their
 * points_lost add up to the principle's best minus its points.
 */
size_t advice_improve(const struct qn *qn, const struct answers *a, size_t p, enum lang lang,
                      struct advice_item *out);

/*
 * The "don't know" answers of the whole test in question order, into out[]
 * (at most QN_MAX_QUESTIONS: one per question).  Returns their number.
 */
size_t advice_ask(const struct qn *qn, const struct answers *a, enum lang lang,
                  struct advice_item *out);

#endif
