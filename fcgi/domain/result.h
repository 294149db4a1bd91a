/*
 * result.h — the result of a completed test as JSON: urgency and level
 * (and what raised them), per principle its score, the points it is made
 * of, the steps that follow from the answers and why the score is what it
 * is ("improve"), a keep-up step at level low, the critical answers with their step, the questions
 * for the IT supplier, and the same scores in the 2024 NCSC/DTC set.
 */
#ifndef ZT_RESULT_H
#define ZT_RESULT_H

#include "domain/answers.h"
#include "domain/qn.h"
#include "domain/score.h"

#include <jansson.h>

/* Returns a new JSON object (caller owns it) or NULL when out of memory. */
json_t *result_json(const struct qn *qn, const struct answers *a, const struct score *s,
                    enum lang lang);

#endif
