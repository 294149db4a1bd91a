/*
 * content.h — the content files in force: the questionnaire (every version
 * loaded since start, newest first), the networks, the postcode areas, the
 * GeoIP database, the campaigns and the page served for /embed/.
 *
 * A snapshot is immutable.  SIGHUP builds a new one from the files and
 * swaps it in; a bad file keeps the old snapshot.  Parts that did not
 * change are shared with the previous snapshot, not loaded again.
 * Snapshots and their parts are reference counted: each worker holds the
 * snapshot it serves with (struct content_hold) and takes the new one at
 * its next request after a reload, so an old snapshot is freed once no
 * worker holds it.  At most one snapshot per worker plus the current one
 * is ever alive.
 */
#ifndef ZT_CONTENT_H
#define ZT_CONTENT_H

#include "content/geo.h"
#include "domain/campaign.h"
#include "domain/finding.h"
#include "domain/mailtext.h"
#include "domain/network.h"
#include "domain/pc4.h"
#include "domain/qn.h"
#include "util/config.h"

#include <stdbool.h>
#include <stddef.h>

struct content_part;

struct qn_node {
    struct qn *qn;
    const struct qn_node *older;
    struct content_part *older_part; /* holds `older` */
};

struct content {
    const struct qn_node *qns; /* the first is the current questionnaire */
    const struct networks *networks;
    const struct pc4_table *pc4;
    const struct geo *geo; /* NULL when ZELFTEST_GEOIP_DB is empty */
    const struct campaigns *campaigns;
    const char *embed_html; /* web/index.html, served for /embed/{campaign} with its own CSP */
    size_t embed_len;
    const struct mail_texts *mail;   /* the e-mails' texts */
    const struct findings *findings; /* the catalogue of scan findings */
    /* private to content.c */
    struct content_part *parts[8];
    long refs;
};

/* A thread's hold on a snapshot. */
struct content_hold {
    const struct content *c;
    unsigned long gen;
};

/* Room for a reload report: every file's path, version and digest. */
#define CONTENT_REPORT_MAX 2048
/* A report with what goes around it (the refusal's reason, a status line). */
#define CONTENT_REPORT_LINE_MAX (CONTENT_REPORT_MAX + 700)

/* Loads every content file.  Returns 0, or -1 with a message naming the file and entry. */
int content_load(const struct config *cfg, char *err, size_t errlen);

/*
 * Reloads (SIGHUP).  On success `report` says what was loaded (every file
 * and the questionnaire version); on failure the old content stays and
 * the reason is in `err`.  Refuses a questionnaire whose version is
 * already loaded with other contents: stored answers would change meaning.
 */
int content_reload(const struct config *cfg, char *report, size_t replen, char *err, size_t errlen);

/* The snapshot in force, for the main thread (which alone swaps snapshots). */
const struct content *content_current(void);

/*
 * The snapshot a worker serves with: the one it holds, or the current one
 * when a reload happened since.  Lock-free unless a reload happened.
 */
const struct content *content_hold_refresh(struct content_hold *h);

/* Lets go of a hold (a worker that stops). */
void content_hold_drop(struct content_hold *h);

/* The current questionnaire. */
const struct qn *content_qn(const struct content *c);

/* The questionnaire of a given version, or NULL when it is not loaded. */
const struct qn *content_qn_version(const struct content *c, const char *version);

/* Lets go of the current snapshot (at exit, after the workers stopped). */
void content_free_all(void);

#endif
