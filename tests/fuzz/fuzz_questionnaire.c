/*
 * fuzz_questionnaire.c — the questionnaire loader on arbitrary bytes: it
 * must refuse or accept, never crash or leak.
 */
#include "content/qn_file.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct qn *qn = qn_file_parse((const char *)data, size, NULL, err, sizeof(err));
    qn_file_free(qn);
    return 0;
}
