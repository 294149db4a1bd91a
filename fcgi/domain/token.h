/*
 * token.h — the shape of opaque secrets: session tokens, referral ids,
 * withdrawal keys, slot ids.
 *
 * A token is 128 random bits written as 22 characters of unpadded
 * base64url (util/secure.h makes them).  Tokens from outside are only
 * accepted in exactly that shape (canonical encoding included), so they
 * never reach Redis or a log line otherwise.  Pure, no I/O.
 */
#ifndef ZT_TOKEN_H
#define ZT_TOKEN_H

#include <stdbool.h>

#define TOKEN_LEN 22
#define TOKEN_BYTES 16

/* True when `s` is exactly a canonical 22-character token. */
bool token_valid(const char *s);

#endif
