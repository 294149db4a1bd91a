/*
 * answers.h — one respondent's answers, and their compact form in Redis.
 *
 * In the session hash an answer is stored under the question's index
 * (decimal) as the lowercase hex bit mask of the chosen options; a postcode
 * answer as its four digits ("-" when the respondent preferred not to say).
 * Pure functions, no I/O.
 */
#ifndef ZT_ANSWERS_H
#define ZT_ANSWERS_H

#include "domain/qn.h"

#include <stdbool.h>
#include <stdint.h>

/* The respondent chose not to give a postcode ({"value": null}); stored as "-". */
#define ANSWERS_POSTCODE_DECLINED (-1)

struct answers {
    uint32_t sel[QN_MAX_QUESTIONS]; /* bit i: option i chosen; 0: not answered */
    int postcode;                   /* 1000..9999; ANSWERS_POSTCODE_DECLINED; 0 when not answered */
};

/* True when question qi has an answer. */
bool answers_has(const struct qn *qn, const struct answers *a, size_t qi);

/*
 * The id of the chosen option of the single-choice question with profile
 * role `role` (e.g. the sector), or NULL when it is not answered.
 * Borrowed from the questionnaire.
 */
const char *answers_role_option(const struct qn *qn, const struct answers *a, enum qn_role role);

/* Number of answered questions. */
size_t answers_count(const struct qn *qn, const struct answers *a);

/* Writes the stored form of question qi's answer into buf (at least 8 bytes). */
void answers_encode(const struct qn *qn, const struct answers *a, size_t qi, char buf[8]);

/*
 * Reads one stored field (`field` = the question index, `value` its stored
 * form) into `a`.  Returns 0, or -1 when the field or value does not fit
 * this questionnaire (the caller ignores such a field).
 */
int answers_decode(const struct qn *qn, struct answers *a, const char *field, const char *value,
                   size_t vlen);

/*
 * Checks a selection for question qi: single = exactly one option, multi =
 * at least one and an exclusive option alone.  Returns 0 or -1.
 */
int answers_check_selection(const struct qn *qn, size_t qi, uint32_t sel);

#include <jansson.h>

/* Why an answer was refused. */
enum answers_problem {
    ANSWERS_OK = 0,
    ANSWERS_SHAPE_SINGLE,  /* not {"option": "<id>"} */
    ANSWERS_SHAPE_MULTI,   /* not {"options": [...]} */
    ANSWERS_SHAPE_VALUE,   /* not {"value": ...} */
    ANSWERS_BAD_POSTCODE,  /* not a Dutch postcode */
    ANSWERS_NOT_AN_OPTION, /* an option of another question, or none */
    ANSWERS_NONE_CHOSEN,   /* a multi question with no option */
    ANSWERS_TWICE,         /* an option given twice */
    ANSWERS_EXCLUSIVE,     /* "none of these" with other options */
};

/*
 * Reads the body of PUT …/answers/{question} for question qi into `a`:
 * {"option": id} (single), {"options": [ids]} (multi) or {"value": "1234 AB"}
 * (postcode; {"value": null} means "I would rather not say").  Returns
 * ANSWERS_OK, or why it was refused.
 */
enum answers_problem answers_from_json(const struct qn *qn, size_t qi, const json_t *body,
                                       struct answers *a);

/* The respondent's message for a problem, in `lang`. */
const char *answers_problem_text(enum answers_problem p, enum lang lang);

/* The answer to question qi as JSON (an option id, a list of them, or the postcode), or NULL. */
json_t *answers_to_json(const struct qn *qn, const struct answers *a, size_t qi);
#endif
