/*
 * level.h — the three levels used for urgency and per principle.
 * For both, "high" means: act now.
 */
#ifndef ZT_LEVEL_H
#define ZT_LEVEL_H

enum level { LEVEL_LOW = 0, LEVEL_MEDIUM = 1, LEVEL_HIGH = 2, LEVEL_COUNT = 3 };

/* "low", "medium" or "high"; borrowed static string. */
const char *level_name(enum level l);

/* Returns the level for its exact name, or -1. */
int level_parse(const char *s);

#endif
