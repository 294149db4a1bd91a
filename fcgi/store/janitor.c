/*
 * janitor.c — see janitor.h.
 */
#include "store/janitor.h"

#include "store/referral.h"
#include "store/store.h"
#include "util/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

/* Referrals erased per round trip: one function call that blocks Redis for a few ms at most. */
#define JANITOR_BATCH 200
#define JANITOR_TICK_SECONDS 1

static pthread_t g_thread;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static bool g_stop, g_started;
static atomic_int g_rewrite; /* an erasure happened since the last rewrite started */
static const struct config *g_cfg;

void janitor_request_rewrite(void)
{
    atomic_store(&g_rewrite, 1);
    pthread_mutex_lock(&g_lock);
    pthread_cond_signal(&g_wake);
    pthread_mutex_unlock(&g_lock);
}

/* Erases everything that is due, a batch per round trip; returns how many. */
static long sweep(struct store *s)
{
    long total = 0, taken, erased;
    int64_t now = (int64_t)time(NULL);
    do {
        enum store_err rc = referral_sweep(s, now, JANITOR_BATCH, &taken, &erased);
        if (rc != STORE_OK) {
            log_warn("retention: sweep stopped: %s; trying again in %ld s", store_strerror(rc),
                     g_cfg->retention_sweep_seconds);
            break;
        }
        total += erased;
    } while (taken == JANITOR_BATCH);
    if (total > 0)
        log_info("retention: erased %ld referral(s)", total);
    return total;
}

/* Starts an AOF rewrite; true when one started (or was scheduled) after now. */
static bool rewrite(struct store *s)
{
    static const char *argv[] = {"BGREWRITEAOF"};
    redisReply *r = store_cmd(s, 1, argv, NULL);
    if (r == NULL)
        return false;
    /* "already in progress" began before the erasure: try again on the next tick */
    bool ok = r->type == REDIS_REPLY_STATUS;
    if (!ok && r->type == REDIS_REPLY_ERROR && strstr(r->str, "in progress") == NULL)
        log_warn("AOF rewrite refused: %s", r->str);
    freeReplyObject(r);
    return ok;
}

static void *janitor_main(void *arg)
{
    (void)arg;
    struct store s;
    store_init(&s, &g_cfg->redis_durable, (int)g_cfg->redis_timeout_ms, "durable");
    time_t next_sweep = 0;
    pthread_mutex_lock(&g_lock);
    while (!g_stop) {
        pthread_mutex_unlock(&g_lock);
        time_t now = time(NULL);
        if (now >= next_sweep) {
            if (sweep(&s) > 0)
                atomic_store(&g_rewrite, 1);
            next_sweep = now + g_cfg->retention_sweep_seconds;
        }
        if (atomic_exchange(&g_rewrite, 0) && !rewrite(&s))
            atomic_store(&g_rewrite, 1);
        pthread_mutex_lock(&g_lock);
        if (g_stop)
            break;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += JANITOR_TICK_SECONDS; /* pending rewrites are retried, sweeps come due */
        pthread_cond_timedwait(&g_wake, &g_lock, &until);
    }
    pthread_mutex_unlock(&g_lock);
    store_close(&s);
    return NULL;
}

int janitor_start(const struct config *cfg)
{
    g_cfg = cfg;
    g_stop = false;
    if (pthread_create(&g_thread, NULL, janitor_main, NULL) != 0)
        return -1;
    g_started = true;
    return 0;
}

void janitor_stop(void)
{
    if (!g_started)
        return;
    pthread_mutex_lock(&g_lock);
    g_stop = true;
    pthread_cond_signal(&g_wake);
    pthread_mutex_unlock(&g_lock);
    pthread_join(g_thread, NULL);
    g_started = false;
}
