/*
 * campaign_file.h — loading and validating questions/campaigns.json (format
 * in questions/README.md) into the registry of domain/campaign.h.
 */
#ifndef ZT_CAMPAIGN_FILE_H
#define ZT_CAMPAIGN_FILE_H

#include "domain/campaign.h"
#include "domain/network.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Parses and validates the registry; an owner network must exist in `nets`
 * (a const struct networks *, may be NULL to skip that check).  Returns a
 * new registry (caller frees with campaign_file_free) or NULL with a
 * message naming the bad entry.
 */
void *campaign_file_parse(const char *buf, size_t len, const void *nets, char *err, size_t errlen);

/* The same from a file. */
struct campaigns *campaign_file_load(const char *path, const struct networks *nets, char *err,
                                     size_t errlen);

void campaign_file_free(struct campaigns *c);

/* True for "https://host[:port]", or "http://localhost|127.0.0.1|[::1][:port]" (development). */
bool campaign_file_origin_valid(const char *origin);

#endif
