/*
 * test_config.c — ZELFTEST_* variables: defaults, bounds, clear refusals.
 */
#include "util/config.h"
#include "test_util.h"

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
    assert_string_equal(c.redis_durable, "unix:/tmp/r.sock"); /* defaults to the session Redis */
    unsetenv("ZELFTEST_REDIS");
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
