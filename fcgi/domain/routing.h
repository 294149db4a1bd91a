/*
 * routing.h — which regional network a respondent is offered: pure
 * functions, no I/O (README.md, "Routing to a network").
 *
 * A network gets a respondent only inside what it declares: its coverage
 * (provinces, PC4 ranges) or, when it says so, a radius around it
 * (accepts_within_km).  Anyone else goes to the national fallback, whose
 * offer names the nearest regional networks, marked as outside their area.
 */
#ifndef ZT_ROUTING_H
#define ZT_ROUTING_H

#include "domain/lang.h"
#include "domain/locate.h"
#include "domain/network.h"

#include <stdbool.h>
#include <stddef.h>

#define ROUTING_NEAREST_MAX 3

enum routing_reason {
    ROUTE_SECTOR,   /* specialised in the respondent's sector, and takes the location */
    ROUTE_POSTCODE, /* covers the postcode area */
    ROUTE_PROVINCE, /* covers the province */
    ROUTE_RADIUS,   /* outside its coverage, but within the radius it accepts */
    ROUTE_FALLBACK, /* the national fallback: no regional network takes the location */
    ROUTE_COUNT
};

struct routing {
    int network;     /* index into the registry */
    int distance_km; /* -1 when the location has no coordinate (or for the fallback) */
    enum routing_reason reason;
    /* with the fallback: the nearest regional networks, nearest first */
    int nearest[ROUTING_NEAREST_MAX];
    int nearest_km[ROUTING_NEAREST_MAX];
    size_t nnearest;
};

/* Picks the network for a location and (optional) sector option id. */
void routing_pick(const struct networks *n, const struct location *loc, const char *sector,
                  struct routing *out);

/* Great-circle distance in kilometres (haversine, earth radius 6371 km). */
double routing_distance_km(double lat1, double lon1, double lat2, double lon2);

/* "sector", "postcode", "province", "radius" or "fallback". */
const char *routing_reason_name(enum routing_reason r);

/*
 * Why this network, for the respondent: one sentence in `lang` into buf
 * (province: the location's province index or -1; km: the distance).
 */
void routing_reason_text(enum routing_reason r, enum lang lang, int province, int km, char *buf,
                         size_t cap);

#endif
