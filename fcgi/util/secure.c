/*
 * secure.c — see secure.h.
 */
#include "util/secure.h"

#include <sodium.h>
#include <string.h>

int secure_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

void secure_sha256(const void *data, size_t len, uint8_t out[SECURE_SHA256_BYTES])
{
    crypto_hash_sha256(out, data, len);
}

void secure_sha256_hex(const void *data, size_t len, char out[SECURE_SHA256_HEX])
{
    uint8_t d[SECURE_SHA256_BYTES];
    crypto_hash_sha256(d, data, len);
    sodium_bin2hex(out, SECURE_SHA256_HEX, d, sizeof(d));
}

bool secure_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

int secure_hex_decode(const char *hex, uint8_t *out, size_t n)
{
    size_t len = strlen(hex), got = 0;
    if (len != 2 * n)
        return -1;
    for (size_t i = 0; i < len; i++) /* sodium_hex2bin takes upper case too: the files must not */
        if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
            return -1;
    if (sodium_hex2bin(out, n, hex, len, NULL, &got, NULL) != 0 || got != n)
        return -1;
    return 0;
}

void secure_b64(const uint8_t *in, size_t n, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_ORIGINAL);
}

void secure_b64url(const uint8_t *in, size_t n, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secure_token_of(const uint8_t bytes[SECURE_TOKEN_BYTES], char out[SECURE_TOKEN_TEXT])
{
    sodium_bin2base64(out, SECURE_TOKEN_TEXT, bytes, SECURE_TOKEN_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secure_token(char out[SECURE_TOKEN_TEXT])
{
    uint8_t raw[SECURE_TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    secure_token_of(raw, out);
    sodium_memzero(raw, sizeof(raw));
}

void secure_wipe(void *p, size_t n)
{
    sodium_memzero(p, n);
}

void secure_random(void *out, size_t n)
{
    randombytes_buf(out, n);
}

void secure_derive(const void *key, size_t keylen, const char *msg, uint8_t *out, size_t n)
{
    crypto_generichash(out, n, (const unsigned char *)msg, strlen(msg), key, keylen);
}
