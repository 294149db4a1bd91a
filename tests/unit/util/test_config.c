/*
 * test_config.c — ZELFTEST_* variables: defaults, bounds, clear refusals.
 */
#include "util/config.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_config_defaults(void **state)
{
    (void)state;
    struct config c;
    char err[256];
    unsetenv("ZELFTEST_WORKERS");
    unsetenv("ZELFTEST_REDIS_DURABLE");
    setenv("ZELFTEST_REDIS", "unix:/tmp/r.sock", 1);
    assert_int_equal(config_load(&c, err, sizeof(err)), 0);
    assert_int_equal(c.workers, 16);
    assert_int_equal(c.session_ttl, 86400);
    assert_int_equal(c.socket_mode, 0660);
    /* the durable Redis defaults to the session Redis */
    assert_string_equal(c.redis_durable.host, "/tmp/r.sock");
    assert_int_equal(c.redis_durable.port, 0);
    unsetenv("ZELFTEST_REDIS");
}

static void test_config_redis_addresses(void **state)
{
    (void)state;
    struct config_addr a;
    assert_int_equal(config_parse_addr("127.0.0.1:6379", &a), 0);
    assert_string_equal(a.host, "127.0.0.1");
    assert_int_equal(a.port, 6379);
    assert_int_equal(config_parse_addr("[::1]:7000", &a), 0);
    assert_string_equal(a.host, "::1");
    assert_int_equal(a.port, 7000);
    assert_int_equal(config_parse_addr("redis-durable:6380", &a), 0);
    assert_string_equal(a.host, "redis-durable");
    assert_int_equal(config_parse_addr("unix:/run/zt/r.sock", &a), 0);
    assert_string_equal(a.host, "/run/zt/r.sock");
    assert_int_equal(a.port, 0);
    assert_int_equal(config_parse_addr("/run/r.sock", &a), 0);
    static const char *const bad[] = {
        "garbage",       "",        ":6379",   "host:",    "host:0", "host:65536", "host:63x79",
        "unix:relative", "ho st:1", "host:-1", "[::1:6379"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(config_parse_addr(bad[i], &a), -1);
}

/* Defect: a bad address was accepted and the program answered 503 forever. */
static void test_config_refuses_bad_redis_address_naming_it(void **state)
{
    (void)state;
    struct config c;
    char err[256];
    static const char *const vars[] = {"ZELFTEST_REDIS", "ZELFTEST_REDIS_DURABLE"};
    for (size_t i = 0; i < 2; i++) {
        setenv(vars[i], "garbage", 1);
        assert_int_equal(config_load(&c, err, sizeof(err)), -1);
        char want[128];
        snprintf(want, sizeof(want), "%s: 'garbage' is not host:port or unix:/path", vars[i]);
        assert_string_equal(err, want);
        unsetenv(vars[i]);
    }
}

static void test_config_refuses_out_of_bounds(void **state)
{
    (void)state;
    struct config c;
    char err[256];
    static const char *const bad[][2] = {
        {"ZELFTEST_WORKERS", "0"},
        {"ZELFTEST_WORKERS", "9999"},
        {"ZELFTEST_WORKERS", "8x"},
        {"ZELFTEST_WORKERS", ""},
        {"ZELFTEST_SESSION_TTL", "-5"},
        {"ZELFTEST_SOCKET_MODE", "0666"},
        {"ZELFTEST_SOCKET_MODE", "0777"},
        {"ZELFTEST_LOG_LEVEL", "loud"},
        {"ZELFTEST_REDIS_TIMEOUT_MS", "99999999999999999999"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        setenv(bad[i][0], bad[i][1], 1);
        assert_int_equal(config_load(&c, err, sizeof(err)), -1);
        assert_non_null(strstr(err, bad[i][0]));
        unsetenv(bad[i][0]);
    }
    setenv("ZELFTEST_WORKERS", "4", 1);
    assert_int_equal(config_load(&c, err, sizeof(err)), 0);
    assert_int_equal(c.workers, 4);
    unsetenv("ZELFTEST_WORKERS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_config_refuses_out_of_bounds),
        cmocka_unit_test(test_config_redis_addresses),
        cmocka_unit_test(test_config_refuses_bad_redis_address_naming_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
