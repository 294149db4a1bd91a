/*
 * routing.c — see routing.h.  The order, most specific first:
 *   1. a network specialised in the respondent's sector that covers the location;
 *   2. a network that covers the location;
 *   3. the nearest network by great-circle distance, within the Netherlands;
 *   4. the national fallback (also for locations abroad or unknown).
 * Among several candidates in 1 or 2, coverage by postcode range beats
 * coverage by province, then the nearer wins, then the registry order.
 */
#include "domain/routing.h"

#include <math.h>
#include <string.h>

double routing_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

/* 2: a postcode range holds the PC4; 1: its province is covered; 0: not covered. */
static int coverage(const struct network *nw, const struct location *loc)
{
    if (loc->pc4 > 0)
        for (size_t i = 0; i < nw->nranges; i++)
            if (loc->pc4 >= nw->ranges[i].from && loc->pc4 <= nw->ranges[i].to)
                return 2;
    if (loc->province >= 0 && nw->province[loc->province])
        return 1;
    return 0;
}

static bool has_sector(const struct network *nw, const char *sector)
{
    for (size_t i = 0; sector != NULL && i < nw->nsectors; i++)
        if (strcmp(nw->sectors[i], sector) == 0)
            return true;
    return false;
}

static double distance(const struct network *nw, const struct location *loc)
{
    return loc->has_point ? routing_distance_km(loc->lat, loc->lon, nw->lat, nw->lon) : 0;
}

/* Best covering network, optionally only those specialised in `sector`; -1 if none. */
static int best_covering(const struct networks *n, const struct location *loc, const char *sector)
{
    int best = -1, best_cov = 0;
    double best_d = 0;
    for (size_t i = 0; i < n->n; i++) {
        const struct network *nw = &n->items[i];
        if (nw->fallback || nw->disabled || (sector != NULL && !has_sector(nw, sector)))
            continue;
        int cov = coverage(nw, loc);
        if (cov == 0)
            continue;
        double d = distance(nw, loc);
        if (cov > best_cov || (cov == best_cov && d < best_d)) {
            best = (int)i;
            best_cov = cov;
            best_d = d;
        }
    }
    return best;
}

void routing_pick(const struct networks *n, const struct location *loc, const char *sector,
                  struct routing *out)
{
    int pick = -1;
    out->reason = ROUTE_FALLBACK;
    if (loc->by != LOCATED_NONE && loc->in_nl) {
        if (sector != NULL && (pick = best_covering(n, loc, sector)) >= 0)
            out->reason = ROUTE_SECTOR_COVERAGE;
        else if ((pick = best_covering(n, loc, NULL)) >= 0)
            out->reason = ROUTE_COVERAGE;
        else if (loc->has_point) {
            double best_d = 0;
            for (size_t i = 0; i < n->n; i++) {
                if (n->items[i].fallback || n->items[i].disabled)
                    continue;
                double d = distance(&n->items[i], loc);
                if (pick < 0 || d < best_d) {
                    pick = (int)i;
                    best_d = d;
                }
            }
            if (pick >= 0)
                out->reason = ROUTE_NEAREST;
        }
    }
    if (pick < 0)
        pick = n->fallback;
    out->network = pick;
    /* a distance to the national fallback (from abroad, say) would mean nothing */
    out->distance_km = out->reason != ROUTE_FALLBACK && loc->has_point
                           ? (int)lround(distance(&n->items[pick], loc))
                           : -1;
}

const char *routing_reason_name(enum routing_reason r)
{
    static const char *const names[] = {"sector_coverage", "coverage", "nearest", "fallback"};
    return names[r];
}
