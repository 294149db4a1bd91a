/*
 * test_req.c — the request/response plumbing: URI splitting, query
 * parameters, and what a response turns into (req_render), including the
 * cases that used to go wrong: a header that does not fit, and an error
 * set after a raw body.
 */
#include "http/req.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static void start(struct req *r, const char *uri)
{
    memset(r, 0, sizeof(*r));
    r->method = M_GET;
    r->method_name = "GET";
    assert_int_equal(req_set_uri(r, uri), 0);
}

static void test_req_splits_path_query_and_segments(void **state)
{
    (void)state;
    struct req r;
    start(&r, "/api/v1/sessions/abc?lang=en&x=1#frag");
    assert_string_equal(r.path, "/api/v1/sessions/abc");
    assert_string_equal(r.query, "lang=en&x=1");
    assert_int_equal(r.nseg, 4);
    assert_string_equal(r.seg[3], "abc");
    start(&r, "/a//b/");
    assert_int_equal(r.nseg, 4);
    assert_string_equal(r.seg[1], "");
    assert_string_equal(r.seg[3], "");
    memset(&r, 0, sizeof(r));
    assert_int_equal(req_set_uri(&r, "no-slash"), 400);
    assert_int_equal(req_set_uri(&r, NULL), 400);
    assert_int_equal(req_set_uri(&r, "/1/2/3/4/5/6/7/8/9/10/11"), 404);
    char longer[REQ_PATH_MAX + 2];
    memset(longer, 'a', sizeof(longer));
    longer[0] = '/';
    longer[sizeof(longer) - 1] = '\0';
    assert_int_equal(req_set_uri(&r, longer), 414);
}

static void test_req_query_is_exact_and_bounded(void **state)
{
    (void)state;
    struct req r;
    char v[8];
    start(&r, "/x?langx=nl&lang=en&from=2026-01-01&bad=a%20b&empty=");
    assert_int_equal(req_query(&r, "lang", v, sizeof(v)), 1);
    assert_string_equal(v, "en");                              /* not langx's */
    assert_int_equal(req_query(&r, "from", v, sizeof(v)), -1); /* longer than the buffer */
    assert_int_equal(req_query(&r, "bad", v, sizeof(v)), -1);  /* '%' is not plain */
    assert_int_equal(req_query(&r, "empty", v, sizeof(v)), 1);
    assert_string_equal(v, "");
    assert_int_equal(req_query(&r, "missing", v, sizeof(v)), 0);
    assert_int_equal(req_query(&r, "lan", v, sizeof(v)), 0);
}

/* Renders r and returns the head; *body gets a copy of the body (caller frees). */
static char *render(struct req *r, char **body)
{
    static char head[REQ_HEADERS_MAX + 256];
    const char *b;
    size_t len;
    req_render(r, head, sizeof(head), &b, &len);
    *body = b != NULL ? strndup(b, len) : NULL;
    req_free(r);
    return head;
}

static void test_req_error_after_raw_body_is_json(void **state)
{
    (void)state;
    struct req r;
    char *body;
    start(&r, "/x");
    resp_raw(&r, 200, "text/csv; charset=utf-8", strdup("a,b\r\n"), 5);
    resp_error(&r, 503, "unavailable", "later");
    char *head = render(&r, &body);
    assert_non_null(strstr(head, "Status: 503"));
    assert_non_null(strstr(head, "Content-Type: application/json"));
    assert_string_equal(body, "{\"error\":{\"code\":\"unavailable\",\"message\":\"later\"}}");
    free(body);
    /* and the other way round: the raw body set last is what goes out */
    start(&r, "/x");
    resp_error(&r, 404, "x", "y");
    resp_raw(&r, 200, "text/csv; charset=utf-8", strdup("a,b\r\n"), 5);
    head = render(&r, &body);
    assert_non_null(strstr(head, "Status: 200"));
    assert_non_null(strstr(head, "Content-Type: text/csv"));
    assert_string_equal(body, "a,b\r\n");
    free(body);
}

static void test_req_header_that_does_not_fit_fails_the_response(void **state)
{
    (void)state;
    struct req r;
    char *body;
    char big[REQ_HEADERS_MAX];
    memset(big, 'o', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    start(&r, "/embed/x");
    resp_header(&r, "Cache-Control: no-cache");
    resp_header(&r, "Content-Security-Policy: frame-ancestors %s", big);
    resp_static(&r, 200, "text/html", "<html>", 6);
    char *head = render(&r, &body);
    assert_non_null(strstr(head, "Status: 500"));
    assert_null(strstr(head, "Content-Security-Policy")); /* no half header */
    assert_null(strstr(head, "Cache-Control: no-cache"));
    assert_non_null(strstr(body, "\"internal\""));
    free(body);
    /* a header that fits goes out whole */
    start(&r, "/embed/x");
    big[REQ_HEADERS_MAX - 100] = '\0';
    resp_header(&r, "Content-Security-Policy: frame-ancestors %s", big);
    resp_static(&r, 200, "text/html", "<html>", 6);
    head = render(&r, &body);
    assert_non_null(strstr(head, "Status: 200"));
    assert_non_null(strstr(head, big));
    free(body);
}

static void test_req_no_content_and_head_have_no_body(void **state)
{
    (void)state;
    struct req r;
    char *body;
    start(&r, "/x");
    resp_no_content(&r);
    char *head = render(&r, &body);
    assert_non_null(strstr(head, "Status: 204"));
    assert_null(strstr(head, "Content-Length"));
    assert_null(body);
    start(&r, "/x");
    r.method = M_HEAD;
    resp_json(&r, 200, json_pack("{s:i}", "a", 1));
    head = render(&r, &body);
    assert_non_null(strstr(head, "Content-Length: 7"));
    assert_null(body);
    /* a handler that set nothing: 500, never an empty 200 */
    start(&r, "/x");
    head = render(&r, &body);
    assert_non_null(strstr(head, "Status: 500"));
    free(body);
}

static void test_req_errors_follow_the_language(void **state)
{
    (void)state;
    struct req r;
    char *body;
    static const char *const text[] = {"Nederlands", "English"};
    start(&r, "/x");
    r.lang = 1;
    resp_error2(&r, 400, "x", text);
    render(&r, &body);
    assert_non_null(strstr(body, "English"));
    free(body);
    start(&r, "/x");
    resp_error2(&r, 400, "x", text);
    render(&r, &body);
    assert_non_null(strstr(body, "Nederlands"));
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_req_splits_path_query_and_segments),
        cmocka_unit_test(test_req_query_is_exact_and_bounded),
        cmocka_unit_test(test_req_error_after_raw_body_is_json),
        cmocka_unit_test(test_req_header_that_does_not_fit_fails_the_response),
        cmocka_unit_test(test_req_no_content_and_head_have_no_body),
        cmocka_unit_test(test_req_errors_follow_the_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
