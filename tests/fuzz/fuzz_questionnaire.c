/*
 * fuzz_questionnaire.c — the questionnaire loader on arbitrary bytes: it
 * must refuse or accept, never crash or leak.  A questionnaire it accepts
 * is then scored and turned into a result for answers taken from the same
 * bytes, so the steps, their versions and the lists built from them are
 * fuzzed too.
 */
#include "content/qn_file.h"
#include "domain/result.h"
#include "domain/score.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct qn *qn = qn_file_parse((const char *)data, size, NULL, err, sizeof(err));
    if (qn == NULL)
        return 0;
    struct answers a = {0};
    for (size_t k = 0; k < qn->nquestions; k++) {
        const struct qn_question *q = &qn->questions[k];
        uint8_t b = size > 0 ? data[k % size] : 0;
        if (q->type == QN_POSTCODE)
            a.postcode = 1000 + b;
        else if (q->type == QN_MULTI)
            a.sel[k] = (b | 1u) & ((1u << q->noptions) - 1);
        else
            a.sel[k] = 1u << (b % q->noptions);
    }
    struct score s;
    score_compute(qn, &a, &s);
    for (int l = 0; l < LANG_COUNT; l++)
        json_decref(result_json(qn, &a, &s, (enum lang)l));
    qn_file_free(qn);
    return 0;
}
