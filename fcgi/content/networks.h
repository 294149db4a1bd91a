/*
 * networks.h — the registry of regional cyber-resilience networks
 * (questions/networks.json): who they are, where they are, what they cover,
 * and the SHA-256 hashes of their API tokens.  Validated at start-up and on
 * SIGHUP like the questionnaire; immutable once loaded.
 */
#ifndef ZT_NETWORKS_H
#define ZT_NETWORKS_H

#include "domain/province.h"
#include "content/qn.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_MAX 64
#define NET_ID_MAX 64
#define NET_RANGES_MAX 64
#define NET_SECTORS_MAX 16
#define NET_TOKENS_MAX 16

struct pc_range {
    int from, to; /* inclusive PC4 numbers */
};

struct network {
    char *id;
    char *name;
    struct qn_text description;
    char *email, *phone, *website;
    char *place;
    double lat, lon;
    bool province[PROVINCE_COUNT];
    struct pc_range ranges[NET_RANGES_MAX];
    size_t nranges;
    char *sectors[NET_SECTORS_MAX];
    size_t nsectors;
    bool fallback;
    uint8_t tokens[NET_TOKENS_MAX][32];
    size_t ntokens;
};

struct networks {
    struct network items[NET_MAX];
    size_t n;
    int fallback;          /* index of the national fallback */
    char *consent_version; /* version of the consent text shown with the referral form */
    struct qn_text consent;
    uint8_t digest[32];
};

/*
 * Loads and validates the registry.  `qn` (may be NULL) is used to check
 * that every sector named is a sector option of the questionnaire.
 * Returns a new registry (caller frees with networks_free) or NULL with a
 * message naming the bad entry.
 */
struct networks *networks_load(const char *path, const struct qn *qn, char *err, size_t errlen);
struct networks *networks_parse(const char *buf, size_t len, const struct qn *qn, char *err,
                                size_t errlen);
void networks_free(struct networks *n);

/* Index of the network with this id, or -1. */
int networks_find(const struct networks *n, const char *id);

/*
 * The network an API token belongs to, or -1.  Every stored hash is
 * compared in constant time, whatever matches, so timing tells nothing.
 */
int networks_by_token(const struct networks *n, const char *token, size_t len);

#endif
