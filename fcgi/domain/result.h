/*
 * result.h — the result of a completed test as JSON: urgency, level, per
 * principle score and advice, and the critical answers that forced "high".
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
