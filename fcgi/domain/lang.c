/*
 * lang.c — see lang.h.
 */
#include "domain/lang.h"

#include <string.h>

static const char *const names[LANG_COUNT] = {"nl", "en"};

const char *lang_name(enum lang l)
{
    return names[l];
}

int lang_parse(const char *s)
{
    for (int i = 0; i < LANG_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}
