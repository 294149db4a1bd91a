/*
 * sha256.h — SHA-256 (FIPS 180-4), for API token hashes and file digests.
 */
#ifndef ZT_SHA256_H
#define ZT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t total;
    uint8_t buf[64];
    size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[32]);

/* One-shot digest. */
void sha256(const void *data, size_t len, uint8_t out[32]);

/* Writes 64 lowercase hex digits and a NUL to `hex`. */
void sha256_hex(const uint8_t digest[32], char hex[65]);

/* Compares two digests in time independent of where they differ; 1 if equal. */
int sha256_equal(const uint8_t a[32], const uint8_t b[32]);

#endif
