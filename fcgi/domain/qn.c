/*
 * qn.c — see qn.h.
 */
#include "domain/qn.h"

#include <string.h>

int qn_principle_index(const struct qn *qn, const char *id)
{
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        if (strcmp(qn->principles[p].id, id) == 0)
            return (int)p;
    return -1;
}

int qn_question_index(const struct qn *qn, const char *id)
{
    for (size_t k = 0; k < qn->nquestions; k++)
        if (strcmp(qn->questions[k].id, id) == 0)
            return (int)k;
    return -1;
}

int qn_option_index(const struct qn *qn, size_t qi, const char *id)
{
    const struct qn_question *q = &qn->questions[qi];
    for (size_t i = 0; i < q->noptions; i++)
        if (strcmp(q->options[i].id, id) == 0)
            return (int)i;
    return -1;
}
