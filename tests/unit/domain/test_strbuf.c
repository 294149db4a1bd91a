/*
 * test_strbuf.c — the growing string the builders share: pieces appended in
 * order across many doublings, an empty one taken as "", and a failed one
 * that stays failed and gives NULL.
 */
#include "domain/strbuf.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static void test_strbuf_appends_in_order_across_growth(void **state)
{
    (void)state;
    struct strbuf b = {0};
    char want[5000];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) {
        const char *piece = i % 2 ? "ab" : "cde";
        strbuf_add(&b, piece, strlen(piece), 16);
        memcpy(want + n, piece, strlen(piece));
        n += strlen(piece);
    }
    want[n] = '\0';
    assert_int_equal(b.len, n);
    assert_true(b.cap > n);
    char *s = strbuf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, want);
    assert_null(b.s); /* taken: the buffer no longer owns it */
    assert_int_equal(b.len, 0);
    free(s);
}

static void test_strbuf_nothing_added_is_the_empty_string(void **state)
{
    (void)state;
    struct strbuf b = {0};
    char *s = strbuf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_strbuf_keeps_embedded_bytes_and_zero_length_adds(void **state)
{
    (void)state;
    struct strbuf b = {0};
    strbuf_add(&b, "a\0b", 3, 0);
    strbuf_add(&b, "ignored", 0, 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.s, "a\0b", 4);
    free(strbuf_take(&b));
}

static void test_strbuf_a_failure_sticks_and_takes_null(void **state)
{
    (void)state;
    struct strbuf b = {0};
    strbuf_add(&b, "abc", 3, 0);
    b.failed = true; /* as after a failed realloc */
    strbuf_add(&b, "def", 3, 0);
    assert_int_equal(b.len, 3);
    assert_null(strbuf_take(&b));
    assert_null(b.s); /* freed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strbuf_appends_in_order_across_growth),
        cmocka_unit_test(test_strbuf_nothing_added_is_the_empty_string),
        cmocka_unit_test(test_strbuf_keeps_embedded_bytes_and_zero_length_adds),
        cmocka_unit_test(test_strbuf_a_failure_sticks_and_takes_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
