/*
 * routing.c — see routing.h.  The order, most specific first:
 *   1. a network specialised in the respondent's sector that takes the location;
 *   2. a network whose coverage holds the location: a postcode range beats a
 *      province, then the nearer wins, then the registry order;
 *   3. a network whose accepted radius holds the location, the nearest;
 *   4. the national fallback (also for locations abroad or unknown).
 * "Takes the location" is 2 or 3.
 */
#include "domain/routing.h"

#include "domain/province.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double routing_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

static double distance(const struct network *nw, const struct location *loc)
{
    return loc->has_point ? routing_distance_km(loc->lat, loc->lon, nw->lat, nw->lon) : 0;
}

/* How a network takes the location: 3 postcode range, 2 province, 1 radius, 0 not. */
static int takes(const struct network *nw, const struct location *loc)
{
    if (loc->pc4 > 0)
        for (size_t i = 0; i < nw->nranges; i++)
            if (loc->pc4 >= nw->ranges[i].from && loc->pc4 <= nw->ranges[i].to)
                return 3;
    if (loc->province >= 0 && nw->province[loc->province])
        return 2;
    if (nw->accepts_within_km > 0 && loc->has_point && distance(nw, loc) <= nw->accepts_within_km)
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

/* The best network that takes the location, optionally only those of `sector`; -1 if none. */
static int best(const struct networks *n, const struct location *loc, const char *sector, int *how)
{
    int pick = -1;
    double best_d = 0;
    *how = 0;
    for (size_t i = 0; i < n->n; i++) {
        const struct network *nw = &n->items[i];
        if (nw->fallback || nw->disabled || (sector != NULL && !has_sector(nw, sector)))
            continue;
        int t = takes(nw, loc);
        double d = distance(nw, loc);
        if (t > *how || (t == *how && t > 0 && d < best_d)) {
            pick = (int)i;
            *how = t;
            best_d = d;
        }
    }
    return *how > 0 ? pick : -1;
}

/* The nearest regional networks of a location with a coordinate, nearest first. */
static void nearest(const struct networks *n, const struct location *loc, struct routing *out)
{
    out->nnearest = 0;
    if (!loc->has_point)
        return;
    for (size_t i = 0; i < n->n; i++) {
        if (n->items[i].fallback || n->items[i].disabled) /* a disabled one takes nobody */
            continue;
        int km = (int)lround(distance(&n->items[i], loc));
        size_t at = out->nnearest;
        while (at > 0 && out->nearest_km[at - 1] > km)
            at--;
        if (at >= ROUTING_NEAREST_MAX)
            continue;
        size_t last = out->nnearest < ROUTING_NEAREST_MAX ? out->nnearest : ROUTING_NEAREST_MAX - 1;
        for (size_t k = last; k > at; k--) {
            out->nearest[k] = out->nearest[k - 1];
            out->nearest_km[k] = out->nearest_km[k - 1];
        }
        out->nearest[at] = (int)i;
        out->nearest_km[at] = km;
        if (out->nnearest < ROUTING_NEAREST_MAX)
            out->nnearest++;
    }
}

void routing_pick(const struct networks *n, const struct location *loc, const char *sector,
                  struct routing *out)
{
    static const enum routing_reason by_how[] = {ROUTE_FALLBACK, ROUTE_RADIUS, ROUTE_PROVINCE,
                                                 ROUTE_POSTCODE};
    memset(out, 0, sizeof(*out));
    int pick = -1, how = 0;
    out->reason = ROUTE_FALLBACK;
    if (loc->by != LOCATED_NONE && loc->in_nl) {
        if (sector != NULL && (pick = best(n, loc, sector, &how)) >= 0)
            out->reason = ROUTE_SECTOR;
        else if ((pick = best(n, loc, NULL, &how)) >= 0)
            out->reason = by_how[how];
    }
    if (pick < 0) {
        pick = n->fallback;
        if (loc->by != LOCATED_NONE && loc->in_nl)
            nearest(n, loc, out);
    }
    out->network = pick;
    /* a distance to the national fallback (from abroad, say) would mean nothing */
    out->distance_km = out->reason != ROUTE_FALLBACK && loc->has_point
                           ? (int)lround(distance(&n->items[pick], loc))
                           : -1;
}

const char *routing_reason_name(enum routing_reason r)
{
    static const char *const names[ROUTE_COUNT] = {"sector", "postcode", "province", "radius",
                                                   "fallback"};
    return names[r];
}

void routing_reason_text(enum routing_reason r, enum lang lang, int province, int km, char *buf,
                         size_t cap)
{
    const char *pname = province >= 0 ? provinces[province].name : "";
    bool en = lang == LANG_EN;
    switch (r) {
    case ROUTE_SECTOR:
        snprintf(buf, cap,
                 en ? "This network specialises in your sector and works in your area."
                    : "Dit netwerk is gespecialiseerd in jouw sector en werkt in jouw gebied.");
        break;
    case ROUTE_POSTCODE:
        snprintf(buf, cap,
                 en ? "This network works in your postcode area."
                    : "Dit netwerk werkt in jouw postcodegebied.");
        break;
    case ROUTE_PROVINCE:
        snprintf(buf, cap,
                 en ? "This network works in the province of %s."
                    : "Dit netwerk werkt in de provincie %s.",
                 pname);
        break;
    case ROUTE_RADIUS:
        snprintf(buf, cap,
                 en ? "Your business lies outside this network's own area, but close enough "
                      "(%d km): it helps businesses that near too."
                    : "Je bedrijf ligt buiten het eigen gebied van dit netwerk, maar dichtbij "
                      "genoeg (%d km): het helpt ook bedrijven zo dichtbij.",
                 km);
        break;
    case ROUTE_FALLBACK:
    case ROUTE_COUNT:
        snprintf(buf, cap,
                 en ? "No regional network works in your area yet, so this national desk helps "
                      "you find a scan."
                    : "Er werkt nog geen regionaal netwerk in jouw gebied. Daarom helpt dit "
                      "landelijke loket je een scan te vinden.");
        break;
    }
}
