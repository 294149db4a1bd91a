/*
 * route.h — the route table: method + path pattern → handler, checked
 * before anything else runs.  An unknown path is 404, a known path with
 * another method 405 (with an Allow header).
 */
#ifndef ZT_ROUTE_H
#define ZT_ROUTE_H

#include "http/req.h"

typedef int (*route_handler)(struct req *r);

struct route {
    int method;          /* one M_* bit; GET routes also answer HEAD */
    const char *pattern; /* "/api/v1/sessions/{*}": a lone * is one variable segment */
    route_handler handler;
};

/*
 * Finds the route for r's method and path, fills r->param and r->route,
 * and runs it.  Returns the response status (the response is set).
 */
int route_dispatch(struct req *r, const struct route *table, size_t n);

/* The route pattern for the log ("-" when none matched). */
const char *route_name(const struct req *r);

#endif
