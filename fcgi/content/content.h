/*
 * content.h — the content files in force: questionnaire (every version
 * loaded since start, newest first) and, as later modules add them, the
 * networks, postcode areas and campaigns.
 *
 * A snapshot is immutable.  SIGHUP builds a new one from the files and
 * swaps it in atomically; a bad file keeps the old snapshot.  Snapshots
 * are kept until exit, so a worker may use the one it took for as long as
 * its request runs, and sessions can keep the version they started with.
 */
#ifndef ZT_CONTENT_H
#define ZT_CONTENT_H

#include "content/campaigns.h"
#include "util/config.h"
#include "content/geo.h"
#include "content/networks.h"
#include "content/postcodes.h"
#include "content/qn.h"

#include <stdbool.h>
#include <stddef.h>

struct qn_node {
    struct qn *qn;
    const struct qn_node *older;
};

struct content {
    const struct qn_node *qns; /* the first is the current questionnaire */
    const struct networks *networks;
    const struct postcodes *postcodes;
    const struct geo *geo; /* NULL when ZELFTEST_GEOIP_DB is empty */
    const struct campaigns *campaigns;
    char *embed_html; /* web/index.html, served for /embed/{campaign} with its own CSP */
    size_t embed_len;
    const struct content *prev;
    /* which parts were loaded for this snapshot (the others are shared with prev) */
    bool owns_qn, owns_networks, owns_postcodes, owns_geo, owns_campaigns;
};

/* Loads every content file.  Returns 0, or -1 with a message naming the file and entry. */
int content_load(const struct config *cfg, char *err, size_t errlen);

/* Reloads (SIGHUP); on failure the old content stays and the reason is in `err`. */
int content_reload(const struct config *cfg, char *err, size_t errlen);

/* The snapshot in force; borrowed, valid until content_free_all. */
const struct content *content_current(void);

/* The current questionnaire. */
const struct qn *content_qn(const struct content *c);

/* The questionnaire of a given version, or NULL when it is no longer loaded. */
const struct qn *content_qn_version(const struct content *c, const char *version);

/* Frees every snapshot (at exit, after the workers stopped). */
void content_free_all(void);

#endif
