/*
 * test_token.c — session tokens: shape, randomness, strict validation.
 */
#include "test_util.h"
#include "domain/token.h"

#include <string.h>

static void test_token_valid_rejects_wrong_shapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "abc",
        "AAAAAAAAAAAAAAAAAAAAA",   /* 21 */
        "AAAAAAAAAAAAAAAAAAAAAAA", /* 23 */
        "AAAAAAAAAAAAAAAAAAAA+A",  /* standard base64 character */
        "AAAAAAAAAAAAAAAAAAAA/A",
        /* the right length (22), the wrong alphabet: these reach the alphabet check */
        "../../../../etc/passwd",
        "..%2F..%2F..%2Fetc%2FA",
        "AAAAAAAAAA\\AAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAA=A",
        "AAAAAAAAAAAAAAAAAAAAAB", /* non-canonical: trailing bits set */
        "AAAAAAAAAAAAAAAAAAAA A",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (i >= 4) /* of token length: only the alphabet (or the last bits) refuses them */
            assert_int_equal(strlen(bad[i]), TOKEN_LEN);
        assert_false(token_valid(bad[i]));
    }
    assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAA"));
    assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAQ"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_valid_rejects_wrong_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
