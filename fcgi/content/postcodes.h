/*
 * postcodes.h — the PC4 table (questions/postcodes.csv): every 4-digit
 * postcode area with its province and the coordinate of its centre.
 */
#ifndef ZT_POSTCODES_H
#define ZT_POSTCODES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pc4_area {
    int8_t province; /* index into provinces[], -1 when the area is not in the table */
    float lat, lon;
};

struct postcodes {
    struct pc4_area areas[10000]; /* indexed by the PC4 number */
    size_t n;                     /* areas in the table */
    uint8_t digest[32];
};

/* Loads the table; NULL with a message naming the line when it is bad. */
struct postcodes *postcodes_load(const char *path, char *err, size_t errlen);
struct postcodes *postcodes_parse(const char *buf, size_t len, char *err, size_t errlen);
void postcodes_free(struct postcodes *p);

/*
 * The area of a PC4.  A number that is not in the table (a new area, or a
 * gap) takes the nearest number in the table with the same first two
 * digits, which lies in the same region.  NULL when there is none.
 */
const struct pc4_area *postcodes_lookup(const struct postcodes *p, int pc4, int *used);

#endif
