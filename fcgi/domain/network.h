/*
 * network.h — the registry of regional cyber-resilience networks as the
 * program holds it (content/network_file.c loads questions/networks.json):
 * who they are, where they are, what they cover, and the SHA-256 hashes of
 * their API tokens.  Immutable once loaded.
 */
#ifndef ZT_NETWORK_H
#define ZT_NETWORK_H

#include "domain/province.h"
#include "domain/qn.h"

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
    bool disabled; /* "disabled": true — offered to nobody; its coordinators still read their
                      referrals */
    uint8_t tokens[NET_TOKENS_MAX][32];
    size_t ntokens;
};

struct networks {
    struct network items[NET_MAX];
    size_t n;
    int fallback;          /* index of the national fallback */
    char *version;         /* the file's "version", NULL when it has none */
    char *consent_version; /* version of the consent text shown with the referral form */
    struct qn_text consent;
    uint8_t digest[32];
};

/* Index of the network with this id, or -1. */
int network_find(const struct networks *n, const char *id);

#endif
