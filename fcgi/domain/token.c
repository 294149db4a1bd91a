/*
 * token.c — see token.h.
 */
#include "domain/token.h"

#include <stddef.h>

static int value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

bool token_valid(const char *s)
{
    size_t i = 0;
    for (; i < TOKEN_LEN; i++)
        if (s[i] == '\0' || value(s[i]) < 0)
            return false;
    /* 128 bits fill 21 characters and 2 bits of the last; the rest must be zero */
    return s[TOKEN_LEN] == '\0' && (value(s[TOKEN_LEN - 1]) & 15) == 0;
}
