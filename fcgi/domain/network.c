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

int network_scan(const struct network *nw, const char *id)
{
    for (size_t i = 0; i < nw->nscans; i++)
        if (strcmp(nw->scans[i].id, id) == 0)
            return (int)i;
    return -1;
}

const struct agreement *network_agreement(const struct networks *n, const struct scan_type *st)
{
    return st->agreement >= 0 ? &n->agreements[st->agreement] : NULL;
}
