/*
 * secure.h — the program's only door to libsodium: hashes, constant-time
 * comparison, hex and base64url, randomness, keyed derivation.  Nothing
 * here is written by hand.  secure_init() runs once before threads start.
 */
#ifndef ZT_SECURE_H
#define ZT_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECURE_SHA256_BYTES 32
#define SECURE_SHA256_HEX (2 * SECURE_SHA256_BYTES + 1)

/* Initialises libsodium.  Returns 0, or -1 when it cannot (no randomness). */
int secure_init(void);

/* SHA-256 of `len` bytes. */
void secure_sha256(const void *data, size_t len, uint8_t out[SECURE_SHA256_BYTES]);

/* SHA-256 written as 64 lowercase hex digits and a NUL. */
void secure_sha256_hex(const void *data, size_t len, char out[SECURE_SHA256_HEX]);

/* Compares `n` bytes in time independent of their contents. */
bool secure_equal(const void *a, const void *b, size_t n);

/*
 * Decodes exactly 2*n lowercase hex digits into `out`.  Returns 0, or -1
 * for any other text (a wrong length, upper case, another character).
 */
int secure_hex_decode(const char *hex, uint8_t *out, size_t n);

/* Encodes `n` bytes as standard padded base64 (RFC 4648, 4) into `out` (cap ≥ 4*ceil(n/3)+1). */
void secure_b64(const uint8_t *in, size_t n, char *out, size_t cap);

/* Encodes `n` bytes as unpadded base64url into `out` (cap ≥ 4*ceil(n/3)+1). */
void secure_b64url(const uint8_t *in, size_t n, char *out, size_t cap);

#define SECURE_TOKEN_BYTES 16 /* 128 bits */
#define SECURE_TOKEN_TEXT 23  /* their unpadded base64url (22) and a NUL */

/* A new random token: 128 bits as 22 characters of unpadded base64url. */
void secure_token(char out[SECURE_TOKEN_TEXT]);

/* The token form of 16 given bytes (e.g. from secure_derive). */
void secure_token_of(const uint8_t bytes[SECURE_TOKEN_BYTES], char out[SECURE_TOKEN_TEXT]);

/* Overwrites `n` bytes with zeros in a way the compiler cannot leave out. */
void secure_wipe(void *p, size_t n);

/* Fills `out` with `n` random bytes. */
void secure_random(void *out, size_t n);

/*
 * A secret derived from another: `n` bytes of keyed BLAKE2b of `msg` under
 * `key` (16..64 bytes).  Who holds the key can derive it again; who sees
 * only the result (or its hash) learns nothing of the key.
 */
void secure_derive(const void *key, size_t keylen, const char *msg, uint8_t *out, size_t n);

#endif
