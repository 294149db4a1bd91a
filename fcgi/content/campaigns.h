/*
 * campaigns.h — the campaign registry (questions/campaigns.json): pages of
 * chambers of commerce, trade associations, municipalities and networks
 * that embed the test.  Validated at start-up and on SIGHUP; immutable.
 */
#ifndef ZT_CAMPAIGNS_H
#define ZT_CAMPAIGNS_H

#include "content/networks.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAMPAIGN_MAX 256
#define CAMPAIGN_ID_MAX 64
#define CAMPAIGN_ORIGINS_MAX 16
#define CAMPAIGN_ORIGIN_MAX 200
#define CAMPAIGN_TOKENS_MAX 8

struct campaign {
    char *id;
    char *name;
    char *owner_network; /* a network id, or NULL */
    char *owner_org;     /* an organisation's name, or NULL */
    char *origins[CAMPAIGN_ORIGINS_MAX];
    size_t norigins;
    int64_t start_day, end_day; /* days since 1970-01-01, inclusive; -1 when open */
    uint8_t tokens[CAMPAIGN_TOKENS_MAX][32];
    size_t ntokens;
    char *frame_ancestors; /* the origins, space-separated, for the CSP */
};

struct campaigns {
    struct campaign items[CAMPAIGN_MAX];
    size_t n;
    uint8_t digest[32];
};

/*
 * Loads and validates the registry; an owner network must exist in `nets`.
 * NULL with a message naming the bad entry.  A missing file is an empty
 * registry only when `optional`.
 */
struct campaigns *campaigns_load(const char *path, const struct networks *nets, char *err,
                                 size_t errlen);
struct campaigns *campaigns_parse(const char *buf, size_t len, const struct networks *nets,
                                  char *err, size_t errlen);
void campaigns_free(struct campaigns *c);

/* Index of the campaign with this id, or -1. */
int campaigns_find(const struct campaigns *c, const char *id);

/* True when the campaign runs on the given (local) day. */
bool campaign_active(const struct campaign *c, int64_t day);

/* True when `origin` ("https://host[:port]") may embed the campaign. */
bool campaign_origin_allowed(const struct campaign *c, const char *origin);

/*
 * True when the token is the campaign's own or its owner network's; every
 * stored hash is compared in constant time.
 */
bool campaign_token_ok(const struct campaign *c, const struct networks *nets, const char *token,
                       size_t len);

/* True for "https://host[:port]", or "http://localhost|127.0.0.1|[::1][:port]" (development). */
bool campaign_origin_valid(const char *origin);

#endif
