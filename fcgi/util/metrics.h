/*
 * metrics.h — the program's own counters for /metrics (api/metrics.c
 * renders them in Prometheus' text format): requests by route and status,
 * their latency, Redis errors and reconnects per instance, sessions
 * started and completed, reloads.  Every counter is a relaxed atomic:
 * counting never takes a lock and never fails.  They start at zero with
 * the process (Prometheus counters may reset on a restart).
 */
#ifndef ZT_METRICS_H
#define ZT_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_ROUTES_MAX 64 /* route indexes 0..62; METRICS_ROUTE_NONE for no route */
#define METRICS_ROUTE_NONE (METRICS_ROUTES_MAX - 1)

/* The statuses counted one by one; any other is counted as METRICS_STATUS_OTHER. */
#define METRICS_STATUSES 22
#define METRICS_STATUS_OTHER METRICS_STATUSES

/* Latency histogram bucket bounds, in microseconds (the last bucket is +Inf). */
#define METRICS_BUCKETS 12
extern const int64_t metrics_bucket_us[METRICS_BUCKETS];

enum metrics_redis {
    METRICS_REDIS_SESSIONS,
    METRICS_REDIS_DURABLE,
    METRICS_REDIS_INSTANCES,
};

enum metrics_redis_event {
    METRICS_REDIS_CONNECT,       /* a connection opened (the first or a reconnect) */
    METRICS_REDIS_RECONNECT,     /* a connection opened after an earlier one was lost */
    METRICS_REDIS_CONNECT_ERROR, /* an attempt to connect failed */
    METRICS_REDIS_LOST,          /* a connection broke during a command */
    METRICS_REDIS_ERROR_REPLY,   /* Redis answered an error (a FCALL refused) */
    METRICS_REDIS_EVENTS,
};

enum metrics_counter {
    METRICS_SESSIONS_STARTED,
    METRICS_SESSIONS_COMPLETED,
    METRICS_RELOADS_OK,
    METRICS_RELOADS_REFUSED,
    METRICS_ERASURES_LOGGED,    /* ids written to the erasure log */
    METRICS_ERASURE_LOG_ERRORS, /* ids that could not be written there */
    METRICS_COUNTERS,
};

/* Counts one answered request: route index (or METRICS_ROUTE_NONE), status, time taken. */
void metrics_request(int route, int status, int64_t elapsed_us);

/* Counts a Redis event of the named instance ("sessions" or "durable"; others are ignored). */
void metrics_redis_event(const char *instance, enum metrics_redis_event ev);

/* Adds `n` to a counter. */
void metrics_add(enum metrics_counter c, uint64_t n);

/* ---- reading (for rendering) ---- */

/* The status code counted at index i (0..METRICS_STATUSES-1). */
int metrics_status_code(int i);

/* Requests of a route with the status at index i (METRICS_STATUS_OTHER included). */
uint64_t metrics_requests(int route, int status_index);

/* A route's histogram: counts per bucket (not cumulative; index METRICS_BUCKETS is +Inf), sum in
 * µs. */
void metrics_latency(int route, uint64_t counts[METRICS_BUCKETS + 1], uint64_t *sum_us);

uint64_t metrics_redis(enum metrics_redis instance, enum metrics_redis_event ev);
uint64_t metrics_get(enum metrics_counter c);

/* The instance's name as a label value. */
const char *metrics_redis_name(enum metrics_redis instance);

#endif
