/*
 * geo.c — see geo.h.
 */
#include "content/geo.h"

#include "domain/province.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct geo *geo_open(const char *path, char *err, size_t errlen)
{
    struct geo *g = calloc(1, sizeof(*g));
    if (g == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    int rc = MMDB_open(path, MMDB_MODE_MMAP, &g->mmdb);
    if (rc != MMDB_SUCCESS) {
        snprintf(err, errlen, "%s: %s", path, MMDB_strerror(rc));
        free(g);
        return NULL;
    }
    if (strstr(g->mmdb.metadata.database_type, "City") == NULL) {
        snprintf(err, errlen, "%s: a %s database, not a City database", path,
                 g->mmdb.metadata.database_type);
        MMDB_close(&g->mmdb);
        free(g);
        return NULL;
    }
    return g;
}

int geo_stamp(const char *path, struct geo_stamp *out)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    out->dev = (unsigned long long)st.st_dev;
    out->ino = (unsigned long long)st.st_ino;
    out->size = (unsigned long long)st.st_size;
    out->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    return 0;
}

void geo_close(struct geo *g)
{
    if (g == NULL)
        return;
    MMDB_close(&g->mmdb);
    free(g);
}

/* MMDB strings are not NUL-terminated: copy with data_size. */
static bool get_string(MMDB_entry_s *e, char *out, size_t cap, const char *const *path)
{
    MMDB_entry_data_s d;
    if (MMDB_aget_value(e, &d, path) != MMDB_SUCCESS || !d.has_data ||
        d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size >= cap)
        return false;
    memcpy(out, d.utf8_string, d.data_size);
    out[d.data_size] = '\0';
    return true;
}

static bool get_double(MMDB_entry_s *e, double *out, const char *const *path)
{
    MMDB_entry_data_s d;
    if (MMDB_aget_value(e, &d, path) != MMDB_SUCCESS || !d.has_data ||
        d.type != MMDB_DATA_TYPE_DOUBLE)
        return false;
    *out = d.double_value;
    return true;
}

int geo_lookup(const struct geo *g, const char *ip, struct location *loc)
{
    int gai = 0, mmdb = 0;
    MMDB_lookup_result_s res = MMDB_lookup_string((MMDB_s *)&g->mmdb, ip, &gai, &mmdb);
    if (gai != 0 || mmdb != MMDB_SUCCESS || !res.found_entry)
        return -1;
    static const char *const country[] = {"country", "iso_code", NULL};
    static const char *const subdivision[] = {"subdivisions", "0", "iso_code", NULL};
    static const char *const lat[] = {"location", "latitude", NULL};
    static const char *const lon[] = {"location", "longitude", NULL};
    char cc[8] = "", sub[16] = "";
    if (!get_string(&res.entry, cc, sizeof(cc), country))
        return -1;
    memset(loc, 0, sizeof(*loc));
    loc->by = LOCATED_IP;
    loc->in_nl = strcmp(cc, "NL") == 0;
    loc->province = loc->in_nl && get_string(&res.entry, sub, sizeof(sub), subdivision)
                        ? province_by_code(sub)
                        : -1;
    loc->has_point =
        get_double(&res.entry, &loc->lat, lat) && get_double(&res.entry, &loc->lon, lon);
    return 0;
}
