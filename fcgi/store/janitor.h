/*
 * janitor.h — the background thread that keeps the privacy promises:
 * erases referrals whose retention time has come, and rewrites the durable
 * Redis's AOF after any erasure so the data is gone from disk too.
 */
#ifndef ZT_JANITOR_H
#define ZT_JANITOR_H

#include "util/config.h"

/* Starts the thread (its own Redis connection).  Returns 0 or -1. */
int janitor_start(const struct config *cfg);

/* Stops it and waits for it. */
void janitor_stop(void);

/* Asks for an AOF rewrite that starts after this call (after an erasure). */
void janitor_request_rewrite(void);

#endif
