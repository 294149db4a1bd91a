/*
 * fuzz_answer.c — an answer body as it arrives (JSON text, with the
 * strictness the API uses) for every question of the test questionnaire,
 * and the stored form read back.
 */
#include "content/qn_file.h"
#include "domain/answers.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct qn *qn;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (qn == NULL) {
        char err[512];
        const char *path = getenv("ZELFTEST_FUZZ_QN");
        qn = qn_file_load(path != NULL ? path : "tests/data/questionnaire-test.json", err,
                          sizeof(err));
        if (qn == NULL) {
            fprintf(stderr, "fuzz_answer: %s\n", err);
            abort();
        }
    }
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (body != NULL && json_is_object(body)) {
        for (size_t k = 0; k < qn->nquestions; k++) {
            struct answers a;
            memset(&a, 0, sizeof(a));
            if (answers_from_json(qn, k, body, &a) == ANSWERS_OK) {
                char buf[8], field[24];
                struct answers b;
                memset(&b, 0, sizeof(b));
                answers_encode(qn, &a, k, buf);
                snprintf(field, sizeof(field), "%zu", k);
                if (answers_decode(qn, &b, field, buf, strlen(buf)) != 0 ||
                    memcmp(&a, &b, sizeof(a)) != 0)
                    abort(); /* what was accepted must read back the same */
                json_decref(answers_to_json(qn, &a, k));
            }
        }
    }
    json_decref(body);
    /* the raw bytes as a stored field value */
    struct answers c;
    memset(&c, 0, sizeof(c));
    char *v = malloc(size + 1);
    if (v != NULL) {
        memcpy(v, data, size);
        v[size] = '\0';
        for (size_t k = 0; k < qn->nquestions; k++) {
            char field[24];
            snprintf(field, sizeof(field), "%zu", k);
            (void)answers_decode(qn, &c, field, v, size);
        }
        free(v);
    }
    return 0;
}
