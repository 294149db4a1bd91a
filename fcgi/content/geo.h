/*
 * geo.h — IP geolocation with libmaxminddb in a GeoIP2/GeoLite2 City
 * database (DB-IP's free "IP to City Lite" has the same layout).  The
 * address is looked up in memory and forgotten; it is never stored or logged.
 */
#ifndef ZT_GEO_H
#define ZT_GEO_H

#include "domain/locate.h"

#include <maxminddb.h>
#include <stdbool.h>
#include <stddef.h>

struct geo {
    MMDB_s mmdb;
};

/* What identifies the database file on disk: a reload reopens it only when this changed. */
struct geo_stamp {
    unsigned long long dev, ino, size;
    long long mtime_ns;
};

/* The stamp of the file at `path`; -1 when it cannot be read. */
int geo_stamp(const char *path, struct geo_stamp *out);

/* Opens the database (memory-mapped).  NULL with a message when it cannot. */
struct geo *geo_open(const char *path, char *err, size_t errlen);
void geo_close(struct geo *g);

/*
 * Fills `loc` from the database entry for `ip`: country (in_nl), province
 * (from the first subdivision), coordinate.  Returns 0 when the address is
 * in the database, -1 otherwise (loc->by stays LOCATED_NONE).  Thread-safe.
 */
int geo_lookup(const struct geo *g, const char *ip, struct location *loc);

#endif
