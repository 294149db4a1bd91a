/*
 * province.h — the twelve Dutch provinces: two-letter code (as in ISO
 * 3166-2:NL without the "NL-"), official name and accepted aliases.
 */
#ifndef ZT_PROVINCE_H
#define ZT_PROVINCE_H

#define PROVINCE_COUNT 12

/* A box around the Netherlands: a coordinate outside it is a mistake in a content file. */
#define NL_LAT_MIN 50.7
#define NL_LAT_MAX 53.6
#define NL_LON_MIN 3.3
#define NL_LON_MAX 7.3

struct province {
    const char *code;  /* "GR" */
    const char *name;  /* "Groningen" */
    const char *alias; /* another accepted name, or NULL ("Friesland" for "Fryslân") */
};

extern const struct province provinces[PROVINCE_COUNT];

/* Index of the province with this code ("GR", or ISO "NL-GR"), or -1. */
int province_by_code(const char *code);

/* Index of the province with this name or alias (exact, case-sensitive), or -1. */
int province_by_name(const char *name);

#endif
