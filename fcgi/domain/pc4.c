/*
 * pc4.c — see pc4.h.
 */
#include "domain/pc4.h"

const struct pc4_area *pc4_lookup(const struct pc4_table *t, int pc4, int *used)
{
    if (pc4 < PC4_MIN || pc4 > PC4_MAX)
        return NULL;
    /* the same first two digits: the hundred that holds pc4 */
    int lo = pc4 / 100 * 100, hi = lo + 99;
    for (int d = 0; d <= 99; d++) {
        if (pc4 - d >= lo && t->areas[pc4 - d].province >= 0) {
            *used = pc4 - d;
            return &t->areas[pc4 - d];
        }
        if (pc4 + d <= hi && t->areas[pc4 + d].province >= 0) {
            *used = pc4 + d;
            return &t->areas[pc4 + d];
        }
    }
    return NULL;
}
