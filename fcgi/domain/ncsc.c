/*
 * ncsc.c — see ncsc.h.
 */
#include "domain/ncsc.h"

#include <string.h>

static const char *const names[NCSC_COUNT] = {"risks", "behaviour", "protect", "access",
                                              "incidents"};

const char *ncsc_name(enum ncsc n)
{
    return names[n];
}

int ncsc_parse(const char *s)
{
    for (int i = 0; i < NCSC_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}
