/*
 * finding.c — see finding.h.
 */
#include "domain/finding.h"

#include <string.h>

const char *const ncsc2024_ids[NCSC2024_COUNT + 1] = {"risks",  "behaviour", "protect",
                                                      "access", "incidents", NULL};

int findings_find(const struct findings *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i].id, id) == 0)
            return (int)i;
    return -1;
}
