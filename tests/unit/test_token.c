/*
 * test_token.c — session tokens: shape, randomness, strict validation.
 */
#include "test_util.h"
#include "domain/token.h"

#include <string.h>

static void test_token_new_is_22_url_safe_chars(void **state)
{
    (void)state;
    char t[TOKEN_LEN + 1];
    assert_int_equal(token_new(t), 0);
    assert_int_equal(strlen(t), 22);
    assert_true(token_valid(t));
    assert_int_equal(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     22);
}

static void test_token_new_differs_each_time(void **state)
{
    (void)state;
    char a[TOKEN_LEN + 1], b[TOKEN_LEN + 1];
    for (int i = 0; i < 1000; i++) {
        token_new(a);
        token_new(b);
        assert_string_not_equal(a, b);
    }
}

static void test_token_b64url_matches_rfc4648_vectors(void **state)
{
    (void)state;
    char out[16];
    token_b64url((const unsigned char *)"f", 1, out);
    assert_string_equal(out, "Zg");
    token_b64url((const unsigned char *)"fo", 2, out);
    assert_string_equal(out, "Zm8");
    token_b64url((const unsigned char *)"foo", 3, out);
    assert_string_equal(out, "Zm9v");
    token_b64url((const unsigned char *)"foobar", 6, out);
    assert_string_equal(out, "Zm9vYmFy");
    const unsigned char hi[] = {0xfb, 0xff};
    token_b64url(hi, 2, out);
    assert_string_equal(out, "-_8"); /* url alphabet, not + and / */
}

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
        "../../../../etc/passwdA",
        "..%2F..%2F..%2Fetc%2FpA",
        "AAAAAAAAAAAAAAAAAAAA=A",
        "AAAAAAAAAAAAAAAAAAAAAB", /* non-canonical: trailing bits set */
        "AAAAAAAAAAAAAAAAAAAA A",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(token_valid(bad[i]));
    assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAA"));
    assert_true(token_valid("AAAAAAAAAAAAAAAAAAAAAQ"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_new_is_22_url_safe_chars),
        cmocka_unit_test(test_token_new_differs_each_time),
        cmocka_unit_test(test_token_b64url_matches_rfc4648_vectors),
        cmocka_unit_test(test_token_valid_rejects_wrong_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
