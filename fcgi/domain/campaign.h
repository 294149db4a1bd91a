/*
 * campaign.h — the campaign registry as the program holds it
 * (content/campaign_file.c loads questions/campaigns.json): pages of
 * chambers of commerce, trade associations, municipalities and networks
 * that embed the test.  Immutable once loaded.
 */
#ifndef ZT_CAMPAIGN_H
#define ZT_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAMPAIGN_MAX 256
#define CAMPAIGN_ID_MAX 64
#define CAMPAIGN_ORIGINS_MAX 16
#define CAMPAIGN_ORIGIN_MAX 200
#define CAMPAIGN_TOKENS_MAX 8
/*
 * The origins together, space-separated, go into one Content-Security-Policy
 * header (frame-ancestors); a campaign whose list is longer is refused at load.
 */
#define CAMPAIGN_FRAME_ANCESTORS_MAX 1024

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
    char *version;      /* the file's "version", NULL when it has none */
    uint8_t digest[32]; /* SHA-256 of the file: an unchanged file is not loaded again */
};

/* Index of the campaign with this id, or -1. */
int campaign_find(const struct campaigns *c, const char *id);

/* True when the campaign runs on the given (local) day. */
bool campaign_active(const struct campaign *c, int64_t day);

#endif
