/*
 * level.c — see level.h.
 */
#include "domain/level.h"

#include <string.h>

static const char *const names[LEVEL_COUNT] = {"low", "medium", "high"};

const char *level_name(enum level l)
{
    return names[l];
}

int level_parse(const char *s)
{
    for (int i = 0; i < LEVEL_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}
