/*
 * erased.c — see erased.h.
 */
#include "store/erased.h"

#include "util/afile.h"
#include "util/log.h"
#include "util/metrics.h"

#include <stdio.h>
#include <string.h>

static char g_path[1024]; /* set once at start, before any thread */

void erased_init(const char *path)
{
    snprintf(g_path, sizeof(g_path), "%s", path != NULL ? path : "");
}

const char *erased_why_name(enum erased_why why)
{
    return why == ERASED_NETWORK      ? "network"
           : why == ERASED_WITHDRAWAL ? "withdrawal"
                                      : "retention";
}

void erased_record(const char *id, enum erased_why why, int64_t now)
{
    if (g_path[0] == '\0')
        return;
    char line[128], err[300];
    snprintf(line, sizeof(line), "%.40s %lld %s\n", id, (long long)now, erased_why_name(why));
    if (afile_append(g_path, line, err, sizeof(err)) < 0) {
        metrics_add(METRICS_ERASURE_LOG_ERRORS, 1);
        log_error("erasure log: %s; a restore from an older backup would not erase this referral "
                  "again",
                  err);
        return;
    }
    metrics_add(METRICS_ERASURES_LOGGED, 1);
}
