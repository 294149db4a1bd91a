/*
 * locate.c — see locate.h.
 */
#include "domain/locate.h"

#include <string.h>

void locate_none(struct location *loc)
{
    memset(loc, 0, sizeof(*loc));
    loc->province = -1;
}

bool locate_pc4(const struct pc4_table *t, int pc4, struct location *loc)
{
    int used;
    const struct pc4_area *a = pc4_lookup(t, pc4, &used);
    if (a == NULL)
        return false;
    loc->by = LOCATED_POSTCODE;
    loc->in_nl = true;
    loc->pc4 = pc4;
    loc->province = a->province;
    loc->has_point = true;
    loc->lat = a->lat;
    loc->lon = a->lon;
    return true;
}

void locate_respondent(const struct pc4_table *t, int pc4, const struct location *by_ip,
                       struct location *out)
{
    locate_none(out);
    if (pc4 > 0 && locate_pc4(t, pc4, out))
        return;
    if (by_ip != NULL && by_ip->by == LOCATED_IP)
        *out = *by_ip;
}

const char *locate_by_name(enum located_by by)
{
    static const char *const names[] = {"none", "postcode", "ip"};
    return names[by];
}
