/*
 * suppress.c — see suppress.h.
 */
#include "domain/suppress.h"

#include <stdlib.h>
#include <string.h>

void suppress_week(const long *n, size_t ngroups, bool *held)
{
    long held_sum = 0;
    for (size_t g = 0; g < ngroups; g++) {
        held[g] = n[g] > 0 && n[g] < SUPPRESS_MIN_GROUP;
        held_sum += held[g] ? n[g] : 0;
    }
    /* complementary suppression: never leave a held-back total of 1..9 */
    while (held_sum > 0 && held_sum < SUPPRESS_MIN_GROUP) {
        size_t pick = ngroups;
        for (size_t g = 0; g < ngroups; g++)
            if (!held[g] && n[g] > 0 && (pick == ngroups || n[g] < n[pick]))
                pick = g;
        if (pick == ngroups)
            break; /* nothing left to hold back: the whole week is held back already */
        held[pick] = true;
        held_sum += n[pick];
    }
}

void suppress_aggregate(const struct stats_cell *cells, size_t nweeks, size_t ngroups,
                        struct stats_cell *out)
{
    memset(out, 0, ngroups * sizeof(*out));
    long *n = calloc(ngroups + 1, sizeof(*n));
    bool *held = calloc(ngroups + 1, sizeof(*held));
    if (n == NULL || held == NULL) {
        free(n);
        free(held);
        return; /* all suppressed: the safe answer */
    }
    for (size_t w = 0; w < nweeks; w++) {
        const struct stats_cell *row = &cells[w * ngroups];
        for (size_t g = 0; g < ngroups; g++)
            n[g] = row[g].n;
        suppress_week(n, ngroups, held);
        for (size_t g = 0; g < ngroups; g++) {
            if (held[g] || row[g].n == 0)
                continue;
            out[g].n += row[g].n;
            for (size_t p = 0; p < QN_PRINCIPLES; p++)
                for (int l = 0; l < LEVEL_COUNT; l++)
                    out[g].level[p][l] += row[g].level[p][l];
            for (int p = 0; p < NCSC_COUNT; p++)
                for (int l = 0; l < LEVEL_COUNT; l++)
                    out[g].set2024[p][l] += row[g].set2024[p][l];
        }
    }
    free(n);
    free(held);
}
