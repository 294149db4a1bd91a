/*
 * campaign.c — see campaign.h.
 */
#include "domain/campaign.h"

#include <string.h>

int campaign_find(const struct campaigns *reg, const char *id)
{
    for (size_t i = 0; i < reg->n; i++)
        if (strcmp(reg->items[i].id, id) == 0)
            return (int)i;
    return -1;
}

bool campaign_active(const struct campaign *c, int64_t day)
{
    return (c->start_day < 0 || day >= c->start_day) && (c->end_day < 0 || day <= c->end_day);
}
