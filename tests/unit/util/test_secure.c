/*
 * test_secure.c — the libsodium wrappers: the FIPS 180-4 and RFC 4648 test
 * vectors that proved the hand-written code they replace, hex decoding,
 * tokens and derivation.
 */
#include "test_util.h"
#include "util/secure.h"

#include <string.h>

static void test_secure_sha256_known_vectors(void **state)
{
    (void)state;
    char hex[SECURE_SHA256_HEX];
    secure_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    secure_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    secure_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    static char million[1000000];
    memset(million, 'a', sizeof(million));
    secure_sha256_hex(million, sizeof(million), hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_secure_equal_compares_every_byte(void **state)
{
    (void)state;
    uint8_t a[32], b[32];
    secure_sha256("x", 1, a);
    memcpy(b, a, 32);
    assert_true(secure_equal(a, b, 32));
    b[31] ^= 1;
    assert_false(secure_equal(a, b, 32));
    b[31] ^= 1;
    b[0] ^= 0x80;
    assert_false(secure_equal(a, b, 32));
}

static void test_secure_hex_decode_is_strict(void **state)
{
    (void)state;
    uint8_t out[4];
    assert_int_equal(secure_hex_decode("00ff7a10", out, 4), 0);
    assert_int_equal(out[1], 0xff);
    assert_int_equal(out[2], 0x7a);
    static const char *const bad[] = {"00ff7a1",  "00ff7a100", "00FF7a10", "00ff7a1g",
                                      "00ff 7a1", "0xff7a10",  ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(secure_hex_decode(bad[i], out, 4), -1);
}

static void test_secure_b64url_matches_rfc4648_vectors(void **state)
{
    (void)state;
    char out[16];
    secure_b64url((const uint8_t *)"f", 1, out, sizeof(out));
    assert_string_equal(out, "Zg");
    secure_b64url((const uint8_t *)"fo", 2, out, sizeof(out));
    assert_string_equal(out, "Zm8");
    secure_b64url((const uint8_t *)"foo", 3, out, sizeof(out));
    assert_string_equal(out, "Zm9v");
    secure_b64url((const uint8_t *)"foobar", 6, out, sizeof(out));
    assert_string_equal(out, "Zm9vYmFy");
    const uint8_t hi[] = {0xfb, 0xff};
    secure_b64url(hi, 2, out, sizeof(out));
    assert_string_equal(out, "-_8"); /* url alphabet, not + and / */
}

static void test_secure_tokens_are_22_url_safe_chars_and_differ(void **state)
{
    (void)state;
    char a[SECURE_TOKEN_TEXT], b[SECURE_TOKEN_TEXT];
    for (int i = 0; i < 1000; i++) {
        secure_token(a);
        secure_token(b);
        assert_int_equal(strlen(a), 22);
        assert_int_equal(
            strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 22);
        assert_string_not_equal(a, b);
    }
}

static void test_secure_derive_is_stable_and_keyed(void **state)
{
    (void)state;
    uint8_t x[16], y[16], z[16];
    secure_derive("AAAAAAAAAAAAAAAAAAAAAA", 22, "withdraw 1", x, 16);
    secure_derive("AAAAAAAAAAAAAAAAAAAAAA", 22, "withdraw 1", y, 16);
    assert_memory_equal(x, y, 16);
    secure_derive("AAAAAAAAAAAAAAAAAAAAAQ", 22, "withdraw 1", z, 16);
    assert_memory_not_equal(x, z, 16);
    secure_derive("AAAAAAAAAAAAAAAAAAAAAA", 22, "withdraw 2", z, 16);
    assert_memory_not_equal(x, z, 16);
}

static int setup(void **state)
{
    (void)state;
    return secure_init();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secure_sha256_known_vectors),
        cmocka_unit_test(test_secure_equal_compares_every_byte),
        cmocka_unit_test(test_secure_hex_decode_is_strict),
        cmocka_unit_test(test_secure_b64url_matches_rfc4648_vectors),
        cmocka_unit_test(test_secure_tokens_are_22_url_safe_chars_and_differ),
        cmocka_unit_test(test_secure_derive_is_stable_and_keyed),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
