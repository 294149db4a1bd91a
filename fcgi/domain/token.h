/*
 * token.h — opaque secrets: session tokens, referral ids, withdrawal keys.
 *
 * A token is 128 bits from getrandom(2), written as 22 characters of
 * unpadded base64url.  Tokens from outside are only accepted in exactly
 * that shape (canonical encoding included), so they never reach Redis or
 * a log line otherwise.
 */
#ifndef ZT_TOKEN_H
#define ZT_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_LEN 22
#define TOKEN_BYTES 16

/* Fills `out` with a new token and a NUL.  Returns 0, or -1 if the kernel gave no randomness. */
int token_new(char out[TOKEN_LEN + 1]);

/* True when `s` is exactly a canonical 22-character token. */
bool token_valid(const char *s);

/* Encodes `n` bytes as unpadded base64url into `out` (4*ceil(n/3) + 1 bytes is enough). */
void token_b64url(const unsigned char *in, size_t n, char *out);

#endif
