/*
 * postcodes.c — see postcodes.h.  Format: '#' comment lines, the header
 * "pc4,province,lat,lon", then one line per area: 9712,GR,53.2191,6.5680.
 */
#include "content/postcodes.h"

#include "content/jfile.h"
#include "domain/province.h"
#include "util/sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct postcodes *postcodes_parse(const char *buf, size_t len, char *err, size_t errlen)
{
    struct postcodes *p = calloc(1, sizeof(*p));
    if (p == NULL) {
        snprintf(err, errlen, "postcodes: out of memory");
        return NULL;
    }
    sha256(buf, len, p->digest);
    for (int i = 0; i < 10000; i++)
        p->areas[i].province = -1;
    const char *line = buf, *end = buf + len;
    int lineno = 0;
    bool header = false;
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
        char row[128];
        lineno++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n >= sizeof(row)) {
            snprintf(err, errlen, "postcodes line %d: too long", lineno);
            goto bad;
        }
        memcpy(row, line, n);
        row[n] = '\0';
        line = nl != NULL ? nl + 1 : end;
        if (n == 0 || row[0] == '#')
            continue;
        if (!header) {
            if (strcmp(row, "pc4,province,lat,lon") != 0) {
                snprintf(err, errlen, "postcodes line %d: expected the header pc4,province,lat,lon",
                         lineno);
                goto bad;
            }
            header = true;
            continue;
        }
        char pc[8], prov[4];
        double lat, lon;
        int used = 0;
        if (sscanf(row, "%4[0-9],%2[A-Z],%lf,%lf%n", pc, prov, &lat, &lon, &used) != 4 ||
            (size_t)used != n || strlen(pc) != 4 || pc[0] == '0') {
            snprintf(err, errlen, "postcodes line %d: '%s' is not pc4,province,lat,lon", lineno,
                     row);
            goto bad;
        }
        int num = atoi(pc), pi = province_by_code(prov);
        if (pi < 0 || lat < 50.7 || lat > 53.6 || lon < 3.3 || lon > 7.3) {
            snprintf(err, errlen,
                     "postcodes line %d (%s): unknown province or a point outside the "
                     "Netherlands",
                     lineno, pc);
            goto bad;
        }
        if (p->areas[num].province >= 0) {
            snprintf(err, errlen, "postcodes line %d: %s appears twice", lineno, pc);
            goto bad;
        }
        p->areas[num].province = (int8_t)pi;
        p->areas[num].lat = (float)lat;
        p->areas[num].lon = (float)lon;
        p->n++;
    }
    if (p->n < 100) {
        snprintf(err, errlen, "postcodes: only %zu areas; the table looks incomplete", p->n);
        goto bad;
    }
    return p;
bad:
    free(p);
    return NULL;
}

struct postcodes *postcodes_load(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = jfile_read(path, &len, err, errlen);
    if (buf == NULL)
        return NULL;
    struct postcodes *p = postcodes_parse(buf, len, err, errlen);
    free(buf);
    return p;
}

void postcodes_free(struct postcodes *p)
{
    free(p);
}

const struct pc4_area *postcodes_lookup(const struct postcodes *p, int pc4, int *used)
{
    if (pc4 < 1000 || pc4 > 9999)
        return NULL;
    int lo = pc4 / 100 * 100, hi = lo + 99;
    for (int d = 0; d <= 99; d++) {
        if (pc4 - d >= lo && p->areas[pc4 - d].province >= 0) {
            *used = pc4 - d;
            return &p->areas[pc4 - d];
        }
        if (pc4 + d <= hi && p->areas[pc4 + d].province >= 0) {
            *used = pc4 + d;
            return &p->areas[pc4 + d];
        }
    }
    return NULL;
}
