/*
 * pc4.h — the table of 4-digit postcode areas (content/pc4_file.c loads
 * questions/postcodes.csv): every PC4 area with its province and the
 * coordinate of its centre.  Pure lookups, no I/O.
 */
#ifndef ZT_PC4_H
#define ZT_PC4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PC4_MIN 1000
#define PC4_MAX 9999

struct pc4_area {
    int8_t province; /* index into provinces[], -1 when the area is not in the table */
    float lat, lon;
};

struct pc4_table {
    struct pc4_area areas[PC4_MAX + 1]; /* indexed by the PC4 number */
    size_t n;                           /* areas in the table */
    uint8_t digest[32];                 /* SHA-256 of the file */
};

/*
 * The area of a PC4.  A number that is not in the table (a new area, or a
 * gap) takes the nearest number in the table with the same first two
 * digits, which lies in the same region; *used gets the number taken.
 * NULL when there is none.
 */
const struct pc4_area *pc4_lookup(const struct pc4_table *t, int pc4, int *used);

#endif
