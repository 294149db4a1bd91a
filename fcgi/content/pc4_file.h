/*
 * pc4_file.h — loading questions/postcodes.csv into the table of
 * domain/pc4.h.  Format: '#' comment lines, the header
 * "pc4,province,lat,lon", one line per area (9712,GR,53.2191,6.5680), and
 * last the trailer "# end: <number of areas> areas".  Every line ends in a
 * newline: a file cut short anywhere is refused, not half loaded.
 */
#ifndef ZT_PC4_FILE_H
#define ZT_PC4_FILE_H

#include "domain/pc4.h"

#include <stddef.h>

/* Parses the table (`arg` unused); NULL with a message naming the line when it is bad. */
void *pc4_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen);

struct pc4_table *pc4_file_load(const char *path, char *err, size_t errlen);

void pc4_file_free(struct pc4_table *t);

#endif
