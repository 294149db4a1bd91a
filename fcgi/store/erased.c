/*
 * erased.c — see erased.h.
 */
#include "store/erased.h"

#include "util/afile.h"
#include "util/log.h"
#include "util/metrics.h"

#include <stdio.h>
#include <stdlib.h>
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

void erased_record_many(const char *const *ids, size_t n, enum erased_why why, int64_t now)
{
    if (g_path[0] == '\0' || n == 0)
        return;
    enum { LINE_MAX_LEN = 80 };
    char *buf = malloc(n * LINE_MAX_LEN + 1), err[300];
    if (buf == NULL) {
        metrics_add(METRICS_ERASURE_LOG_ERRORS, n);
        log_error("erasure log: out of memory; %zu erased referral(s) not logged", n);
        return;
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, LINE_MAX_LEN + 1, "%.40s %lld %s\n", ids[i],
                                (long long)now, erased_why_name(why));
    if (afile_append(g_path, buf, err, sizeof(err)) < 0) {
        metrics_add(METRICS_ERASURE_LOG_ERRORS, n);
        log_error("erasure log: %s; a restore from an older backup would not erase %zu "
                  "referral(s) again",
                  err, n);
    } else
        metrics_add(METRICS_ERASURES_LOGGED, n);
    free(buf);
}

void erased_record(const char *id, enum erased_why why, int64_t now)
{
    erased_record_many(&id, 1, why, now);
}
