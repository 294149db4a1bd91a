/*
 * fuzz_findings.c — the findings catalogue, checked against the shipped
 * questionnaire so that entries get past the principle check and reach
 * the texts.
 */
#include "content/finding_file.h"
#include "content/qn_file.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct qn *qn;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    if (qn == NULL &&
        (qn = qn_file_load("questions/questionnaire.json", err, sizeof(err))) == NULL) {
        fprintf(stderr, "fuzz_findings: %s\n", err);
        abort();
    }
    struct findings *f = finding_file_parse((const char *)data, size, qn, err, sizeof(err));
    finding_file_free(f);
    return 0;
}
