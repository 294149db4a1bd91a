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
#define NET_SCANS_MAX 4
#define NET_SCAN_ID_MAX 48
#define NET_AGREEMENTS_MAX 16
#define NET_RADIUS_MAX_KM 150
#define NET_CONTACT_DAYS_DEFAULT 5 /* working days within which a network contacts a business */
#define NET_NOTIFY_MAX 4           /* addresses a network's notices go to */

struct pc_range {
    int from, to; /* inclusive PC4 numbers */
};

/* The agreement between the network, its school and the business (questions/README.md). */
struct agreement {
    char *id;
    char *version; /* stored with each referral that accepted it */
    struct qn_text title, summary, text;
};

/* A kind of scan a network's students run: what an owner needs to know to say yes. */
struct scan_type {
    char *id;
    struct qn_text name, description, duration, prepare, supervision;
    int price_eur; /* 0: free */
    int agreement; /* index into networks.agreements, or -1 */
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
    int accepts_within_km; /* also takes businesses this far outside its coverage; 0: none */
    int contact_days;      /* contacts a business within this many working days */
    struct scan_type scans[NET_SCANS_MAX];
    size_t nscans; /* at least one, but for the national fallback */
    /* where its notices go: these addresses (none listed: its contact e-mail), in one
     * daily digest when `digest`, in its language (0 Dutch, 1 English) */
    char *notify[NET_NOTIFY_MAX];
    size_t nnotify;
    bool digest;
    int notify_lang;
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
    struct qn_text consent, consent_summary;
    struct agreement agreements[NET_AGREEMENTS_MAX];
    size_t nagreements;
    uint8_t digest[32];
};

/* Index of the network with this id, or -1. */
int network_find(const struct networks *n, const char *id);

/* Index of the network's scan type with this id, or -1. */
int network_scan(const struct network *nw, const char *id);

/* The agreement of a scan type, or NULL when it has none. */
const struct agreement *network_agreement(const struct networks *n, const struct scan_type *st);

#endif
