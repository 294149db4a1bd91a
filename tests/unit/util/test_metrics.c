/*
 * test_metrics.c — the counters behind /metrics: statuses and latency
 * buckets land where Prometheus expects them, out-of-range input is
 * counted safely, Redis events per instance.
 */
#include "util/metrics.h"
#include "test_util.h"

static void test_metrics_latency_buckets_are_upper_bounds(void **state)
{
    (void)state;
    uint64_t c[METRICS_BUCKETS + 1], sum;
    metrics_request(0, 200, 250);     /* exactly the first bound: first bucket (le) */
    metrics_request(0, 200, 251);     /* just above: second */
    metrics_request(0, 200, 0);       /* first */
    metrics_request(0, 200, -5);      /* a clock step back counts as 0 */
    metrics_request(0, 200, 9999999); /* beyond the last bound: +Inf */
    metrics_latency(0, c, &sum);
    assert_int_equal(c[0], 3);
    assert_int_equal(c[1], 1);
    assert_int_equal(c[METRICS_BUCKETS], 1);
    assert_int_equal(sum, 250 + 251 + 9999999);
    assert_int_equal(metrics_requests(0, 0), 5); /* status index 0 is 200 */
    assert_int_equal(metrics_status_code(0), 200);
}

static void test_metrics_unknown_status_and_route_are_counted_apart(void **state)
{
    (void)state;
    metrics_request(1, 418, 10);
    metrics_request(-3, 404, 10);
    metrics_request(5000, 404, 10);
    assert_int_equal(metrics_requests(1, METRICS_STATUS_OTHER), 1);
    int i404 = -1;
    for (int i = 0; i < METRICS_STATUSES; i++)
        if (metrics_status_code(i) == 404)
            i404 = i;
    assert_true(i404 >= 0);
    assert_int_equal(metrics_requests(METRICS_ROUTE_NONE, i404), 2);
    assert_int_equal(metrics_requests(METRICS_ROUTES_MAX, 0), 0); /* out of range reads 0 */
}

static void test_metrics_redis_events_per_instance(void **state)
{
    (void)state;
    metrics_redis_event("sessions", METRICS_REDIS_CONNECT);
    metrics_redis_event("durable", METRICS_REDIS_LOST);
    metrics_redis_event("durable", METRICS_REDIS_LOST);
    metrics_redis_event("other", METRICS_REDIS_LOST); /* not an instance: ignored */
    metrics_redis_event(NULL, METRICS_REDIS_LOST);
    assert_int_equal(metrics_redis(METRICS_REDIS_SESSIONS, METRICS_REDIS_CONNECT), 1);
    assert_int_equal(metrics_redis(METRICS_REDIS_SESSIONS, METRICS_REDIS_LOST), 0);
    assert_int_equal(metrics_redis(METRICS_REDIS_DURABLE, METRICS_REDIS_LOST), 2);
    assert_string_equal(metrics_redis_name(METRICS_REDIS_DURABLE), "durable");
    metrics_add(METRICS_SESSIONS_STARTED, 3);
    assert_int_equal(metrics_get(METRICS_SESSIONS_STARTED), 3);
    assert_int_equal(metrics_get(METRICS_COUNTERS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_latency_buckets_are_upper_bounds),
        cmocka_unit_test(test_metrics_unknown_status_and_route_are_counted_apart),
        cmocka_unit_test(test_metrics_redis_events_per_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
