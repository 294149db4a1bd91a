/*
 * test_route.c — the route table: exact matches, variables, 404 and 405.
 */
#include "http/req.h"
#include "http/route.h"
#include "test_util.h"

#include <string.h>

static int h_list(struct req *r)
{
    return resp_json(r, 200, json_string("list"));
}
static int h_one(struct req *r)
{
    return resp_json(r, 200, json_string(r->param[0]));
}
static int h_answer(struct req *r)
{
    return resp_json(r, 200, json_pack("[s,s]", r->param[0], r->param[1]));
}
static int h_create(struct req *r)
{
    return resp_json(r, 201, json_null());
}

static const struct route table[] = {
    {M_GET, "/things", h_list},
    {M_POST, "/things", h_create},
    {M_GET, "/things/*", h_one},
    {M_PUT, "/things/*/answers/*", h_answer},
};

static int run(const char *method_name, int method, const char *uri, struct req *r)
{
    memset(r, 0, sizeof(*r));
    r->method = method;
    r->method_name = method_name;
    int st = req_set_uri(r, uri);
    if (st != 0)
        return st;
    return route_dispatch(r, table, sizeof(table) / sizeof(table[0]));
}

static void done(struct req *r)
{
    json_decref(r->out);
}

static void test_route_matches_exact_and_variables(void **state)
{
    (void)state;
    struct req r;
    assert_int_equal(run("GET", M_GET, "/things", &r), 200);
    assert_string_equal(json_string_value(r.out), "list");
    done(&r);
    assert_int_equal(run("GET", M_GET, "/things/abc?x=1", &r), 200);
    assert_string_equal(json_string_value(r.out), "abc");
    assert_string_equal(r.query, "x=1");
    done(&r);
    assert_int_equal(run("PUT", M_PUT, "/things/t1/answers/q2", &r), 200);
    assert_string_equal(json_string_value(json_array_get(r.out, 0)), "t1");
    assert_string_equal(json_string_value(json_array_get(r.out, 1)), "q2");
    assert_string_equal(route_name(&r), "/things/*/answers/*");
    done(&r);
    assert_int_equal(run("HEAD", M_HEAD, "/things", &r), 200); /* HEAD follows GET */
    done(&r);
}

static void test_route_unknown_path_is_404(void **state)
{
    (void)state;
    struct req r;
    static const char *const paths[] = {"/",
                                        "/thing",
                                        "/things/",
                                        "/things/a/b",
                                        "/things/a/answers",
                                        "//things",
                                        "/things/a/answers/b/c"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        assert_int_equal(run("GET", M_GET, paths[i], &r), 404);
        assert_string_equal(route_name(&r), "-");
        done(&r);
    }
}

static void test_route_wrong_method_is_405_with_allow(void **state)
{
    (void)state;
    struct req r;
    assert_int_equal(run("DELETE", M_DELETE, "/things", &r), 405);
    assert_non_null(strstr(r.headers, "Allow: GET, HEAD, POST\r\n"));
    done(&r);
    assert_int_equal(run("GET", M_GET, "/things/a/answers/b", &r), 405);
    assert_non_null(strstr(r.headers, "Allow: PUT\r\n"));
    done(&r);
}

static void test_route_rejects_overlong_uri(void **state)
{
    (void)state;
    struct req r;
    char uri[REQ_PATH_MAX + 10];
    memset(uri, 'a', sizeof(uri) - 1);
    uri[0] = '/';
    uri[sizeof(uri) - 1] = '\0';
    assert_int_equal(run("GET", M_GET, uri, &r), 414);
    assert_int_equal(run("GET", M_GET, "/a/b/c/d/e/f/g/h/i/j/k/l", &r), 404);
    assert_int_equal(run("GET", M_GET, "relative", &r), 400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_matches_exact_and_variables),
        cmocka_unit_test(test_route_unknown_path_is_404),
        cmocka_unit_test(test_route_wrong_method_is_405_with_allow),
        cmocka_unit_test(test_route_rejects_overlong_uri),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
