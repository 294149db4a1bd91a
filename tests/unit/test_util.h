/*
 * test_util.h — shared bits of the unit tests (run from the repository root).
 */
#ifndef ZT_TEST_UTIL_H
#define ZT_TEST_UTIL_H

#include "content/qn_file.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#define TEST_QN "tests/data/questionnaire-test.json"

/* Loads the test questionnaire or fails the test. */
static inline struct qn *load_test_qn(void)
{
    char err[512] = "";
    struct qn *qn = qn_file_load(TEST_QN, err, sizeof(err));
    if (qn == NULL)
        fail_msg("cannot load %s: %s", TEST_QN, err);
    return qn;
}

#endif
