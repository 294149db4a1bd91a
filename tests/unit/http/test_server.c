/*
 * test_server.c — the worker pool's start-up when memory runs out: the
 * pool must refuse to start and stop cleanly (it used to publish the
 * worker count before the array, and server_stop walked a NULL array).
 * calloc is wrapped at link time (-Wl,--wrap=calloc, see the Makefile).
 */
#include "http/server.h"
#include "test_util.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

static int fail_calloc; /* 1: the next calloc fails */

void *__wrap_calloc(size_t n, size_t size)
{
    if (fail_calloc) {
        fail_calloc = 0;
        return NULL;
    }
    return __real_calloc(n, size);
}

static void *never_started(int id, void *arg)
{
    (void)id;
    (void)arg;
    fail_msg("a worker started although the pool could not be made");
    return NULL;
}

static void no_handle(struct req *r, void *ctx)
{
    (void)r;
    (void)ctx;
}

static void no_stop(void *ctx)
{
    (void)ctx;
}

static void test_server_out_of_memory_at_start_stops_cleanly(void **state)
{
    (void)state;
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct server_config sc = {.socket_path = "/nonexistent/zt-test.sock", .workers = 8};
    struct server_hooks hooks = {never_started, no_handle, no_stop, NULL};
    fail_calloc = 1;
    assert_int_equal(server_start(&sc, sv[0], &hooks), -1);
    assert_int_equal(server_stop(&sc, sv[0], 0), 0); /* nothing to wait for, nothing to free */
    close(sv[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_out_of_memory_at_start_stops_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
