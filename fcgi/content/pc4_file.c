/*
 * pc4_file.c — see pc4_file.h.
 */
#include "content/pc4_file.h"

#include "content/jfile.h"
#include "domain/province.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PC4_LINE_MAX 128
#define PC4_MIN_AREAS 100 /* fewer: the table is not a table of the Netherlands */

/* "# end: 4740 areas"; -1 when the line is not a trailer. */
static long trailer_count(const char *row)
{
    char tail[16];
    long n;
    int used = 0;
    if (sscanf(row, "# end: %ld %15s%n", &n, tail, &used) != 2 || (size_t)used != strlen(row) ||
        strcmp(tail, "areas") != 0 || n < 0)
        return -1;
    return n;
}

void *pc4_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen)
{
    (void)arg;
    struct pc4_table *t = calloc(1, sizeof(*t));
    if (t == NULL) {
        snprintf(err, errlen, "postcodes: out of memory");
        return NULL;
    }
    secure_sha256(buf, len, t->digest);
    for (int i = 0; i <= PC4_MAX; i++)
        t->areas[i].province = -1;
    if (len == 0 || buf[len - 1] != '\n') {
        snprintf(err, errlen, "postcodes: the last line does not end in a newline (cut short?)");
        goto bad;
    }
    const char *line = buf, *end = buf + len;
    int lineno = 0;
    bool header = false;
    long trailer = -1;
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line)); /* never NULL: see above */
        size_t n = (size_t)(nl - line);
        char row[PC4_LINE_MAX];
        lineno++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n >= sizeof(row)) {
            snprintf(err, errlen, "postcodes line %d: too long", lineno);
            goto bad;
        }
        memcpy(row, line, n);
        row[n] = '\0';
        line = nl + 1;
        if (trailer >= 0 && n > 0) {
            snprintf(err, errlen, "postcodes line %d: text after the '# end' line", lineno);
            goto bad;
        }
        if (n > 0 && row[0] == '#' && header && (trailer = trailer_count(row)) >= 0)
            continue;
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
        int num = (int)strtol(pc, NULL, 10), pi = province_by_code(prov);
        if (pi < 0 || lat < NL_LAT_MIN || lat > NL_LAT_MAX || lon < NL_LON_MIN ||
            lon > NL_LON_MAX) {
            snprintf(err, errlen,
                     "postcodes line %d (%s): unknown province or a point outside the "
                     "Netherlands",
                     lineno, pc);
            goto bad;
        }
        if (t->areas[num].province >= 0) {
            snprintf(err, errlen, "postcodes line %d: %s appears twice", lineno, pc);
            goto bad;
        }
        t->areas[num].province = (int8_t)pi;
        t->areas[num].lat = (float)lat;
        t->areas[num].lon = (float)lon;
        t->n++;
    }
    if (trailer < 0) {
        snprintf(err, errlen, "postcodes: no '# end: <n> areas' line at the end (cut short?)");
        goto bad;
    }
    if ((size_t)trailer != t->n) {
        snprintf(err, errlen, "postcodes: %zu areas, but the '# end' line says %ld", t->n, trailer);
        goto bad;
    }
    if (t->n < PC4_MIN_AREAS) {
        snprintf(err, errlen, "postcodes: only %zu areas; the table looks incomplete", t->n);
        goto bad;
    }
    return t;
bad:
    free(t);
    return NULL;
}

struct pc4_table *pc4_file_load(const char *path, char *err, size_t errlen)
{
    return jfile_load(path, pc4_file_parse, NULL, err, errlen);
}

void pc4_file_free(struct pc4_table *t)
{
    free(t);
}
