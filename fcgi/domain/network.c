/*
 * network.c — see network.h.
 */
#include "domain/network.h"

#include <string.h>

int network_find(const struct networks *reg, const char *id)
{
    for (size_t i = 0; i < reg->n; i++)
        if (strcmp(reg->items[i].id, id) == 0)
            return (int)i;
    return -1;
}
