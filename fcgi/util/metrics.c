/*
 * metrics.c — see metrics.h.
 */
#include "util/metrics.h"

#include <stdatomic.h>
#include <string.h>

const int64_t metrics_bucket_us[METRICS_BUCKETS] = {
    250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000, 5000000,
};

static const int status_codes[METRICS_STATUSES] = {
    200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 405,
    409, 410, 413, 414, 415, 422, 429, 500, 502, 503, 504,
};

static atomic_uint_least64_t g_requests[METRICS_ROUTES_MAX][METRICS_STATUSES + 1];
static atomic_uint_least64_t g_buckets[METRICS_ROUTES_MAX][METRICS_BUCKETS + 1];
static atomic_uint_least64_t g_sum_us[METRICS_ROUTES_MAX];
static atomic_uint_least64_t g_redis[METRICS_REDIS_INSTANCES][METRICS_REDIS_EVENTS];
static atomic_uint_least64_t g_counters[METRICS_COUNTERS];

static void bump(atomic_uint_least64_t *c, uint64_t n)
{
    atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static uint64_t read1(atomic_uint_least64_t *c)
{
    return atomic_load_explicit(c, memory_order_relaxed);
}

void metrics_request(int route, int status, int64_t elapsed_us)
{
    if (route < 0 || route >= METRICS_ROUTES_MAX)
        route = METRICS_ROUTE_NONE;
    int si = METRICS_STATUS_OTHER;
    for (int i = 0; i < METRICS_STATUSES; i++)
        if (status_codes[i] == status) {
            si = i;
            break;
        }
    bump(&g_requests[route][si], 1);
    if (elapsed_us < 0)
        elapsed_us = 0;
    int b = 0;
    while (b < METRICS_BUCKETS && elapsed_us > metrics_bucket_us[b])
        b++;
    bump(&g_buckets[route][b], 1);
    bump(&g_sum_us[route], (uint64_t)elapsed_us);
}

void metrics_redis_event(const char *instance, enum metrics_redis_event ev)
{
    int i = instance == NULL                    ? -1
            : strcmp(instance, "sessions") == 0 ? METRICS_REDIS_SESSIONS
            : strcmp(instance, "durable") == 0  ? METRICS_REDIS_DURABLE
                                                : -1;
    if (i >= 0 && (unsigned)ev < METRICS_REDIS_EVENTS)
        bump(&g_redis[i][ev], 1);
}

void metrics_add(enum metrics_counter c, uint64_t n)
{
    if ((unsigned)c < METRICS_COUNTERS)
        bump(&g_counters[c], n);
}

int metrics_status_code(int i)
{
    return i >= 0 && i < METRICS_STATUSES ? status_codes[i] : 0;
}

uint64_t metrics_requests(int route, int status_index)
{
    if (route < 0 || route >= METRICS_ROUTES_MAX || status_index < 0 ||
        status_index > METRICS_STATUSES)
        return 0;
    return read1(&g_requests[route][status_index]);
}

void metrics_latency(int route, uint64_t counts[METRICS_BUCKETS + 1], uint64_t *sum_us)
{
    memset(counts, 0, sizeof(uint64_t) * (METRICS_BUCKETS + 1));
    *sum_us = 0;
    if (route < 0 || route >= METRICS_ROUTES_MAX)
        return;
    for (int b = 0; b <= METRICS_BUCKETS; b++)
        counts[b] = read1(&g_buckets[route][b]);
    *sum_us = read1(&g_sum_us[route]);
}

uint64_t metrics_redis(enum metrics_redis instance, enum metrics_redis_event ev)
{
    if ((unsigned)instance >= METRICS_REDIS_INSTANCES || (unsigned)ev >= METRICS_REDIS_EVENTS)
        return 0;
    return read1(&g_redis[instance][ev]);
}

uint64_t metrics_get(enum metrics_counter c)
{
    return (unsigned)c < METRICS_COUNTERS ? read1(&g_counters[c]) : 0;
}

const char *metrics_redis_name(enum metrics_redis instance)
{
    return instance == METRICS_REDIS_SESSIONS  ? "sessions"
           : instance == METRICS_REDIS_DURABLE ? "durable"
                                               : "?";
}
