/*
 * routing.h — which regional network a respondent is offered: pure
 * functions, no I/O (README.md, "Routing to a network").
 */
#ifndef ZT_ROUTING_H
#define ZT_ROUTING_H

#include "domain/locate.h"
#include "domain/network.h"

#include <stdbool.h>

enum routing_reason {
    ROUTE_SECTOR_COVERAGE, /* specialised in the sector and covers the location */
    ROUTE_COVERAGE,        /* covers the location */
    ROUTE_NEAREST,         /* nearest in the Netherlands */
    ROUTE_FALLBACK,        /* national fallback */
};

struct routing {
    int network;     /* index into the registry */
    int distance_km; /* -1 when the location has no coordinate */
    enum routing_reason reason;
};

/* Picks the network for a location and (optional) sector option id. */
void routing_pick(const struct networks *n, const struct location *loc, const char *sector,
                  struct routing *out);

/* Great-circle distance in kilometres (haversine, earth radius 6371 km). */
double routing_distance_km(double lat1, double lon1, double lat2, double lon2);

const char *routing_reason_name(enum routing_reason r);

#endif
