/*
 * test_sha256.c — FIPS 180-4 test vectors and the constant-time compare.
 */
#include "util/sha256.h"
#include "test_util.h"

#include <string.h>

static void hex_of(const char *msg, size_t len, char hex[65])
{
    uint8_t d[32];
    sha256(msg, len, d);
    sha256_hex(d, hex);
}

static void test_sha256_known_vectors(void **state)
{
    (void)state;
    char hex[65];
    hex_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    hex_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hex_of(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_million_a_in_odd_chunks(void **state)
{
    (void)state;
    struct sha256 s;
    char chunk[997];
    memset(chunk, 'a', sizeof(chunk));
    sha256_init(&s);
    size_t left = 1000000;
    while (left > 0) {
        size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
        sha256_update(&s, chunk, n);
        left -= n;
    }
    uint8_t d[32];
    char hex[65];
    sha256_final(&s, d);
    sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_equal_compares_every_byte(void **state)
{
    (void)state;
    uint8_t a[32], b[32];
    sha256("x", 1, a);
    memcpy(b, a, 32);
    assert_true(sha256_equal(a, b));
    b[31] ^= 1;
    assert_false(sha256_equal(a, b));
    b[31] ^= 1;
    b[0] ^= 0x80;
    assert_false(sha256_equal(a, b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_known_vectors),
        cmocka_unit_test(test_sha256_million_a_in_odd_chunks),
        cmocka_unit_test(test_sha256_equal_compares_every_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
