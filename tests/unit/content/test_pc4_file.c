/*
 * test_pc4_file.c — the postcode table file: a table cut short anywhere is
 * refused (the trailer counts the areas, the last line ends in a newline).
 */
#include "content/pc4_file.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A table of n areas (1000..), optionally with a trailer claiming `claim` areas. */
static char *table(int n, int claim)
{
    size_t cap = 64 + (size_t)n * 32;
    char *buf = malloc(cap);
    size_t len = (size_t)snprintf(buf, cap, "# test\npc4,province,lat,lon\n");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%d,UT,52.%04d,5.1200\n", 1000 + i, i);
    if (claim >= 0)
        snprintf(buf + len, cap - len, "# end: %d areas\n", claim);
    return buf;
}

static struct pc4_table *parse(const char *text, size_t len, char *err, size_t errlen)
{
    return pc4_file_parse(text, len, NULL, err, errlen);
}

static void test_pc4_file_loads_a_whole_table(void **state)
{
    (void)state;
    char err[256];
    char *t = table(150, 150);
    struct pc4_table *p = parse(t, strlen(t), err, sizeof(err));
    assert_non_null(p);
    assert_int_equal(p->n, 150);
    assert_int_equal(p->areas[1149].province, 6);
    assert_int_equal(p->areas[1150].province, -1);
    pc4_file_free(p);
    free(t);
}

static void test_pc4_file_refuses_a_table_cut_short(void **state)
{
    (void)state;
    char err[256];
    char *t = table(150, 150);
    size_t len = strlen(t);
    /* cut anywhere: mid-line, at a line end before the trailer, inside the trailer */
    for (size_t cut = len / 2; cut < len; cut += 7) {
        struct pc4_table *p = parse(t, cut, err, sizeof(err));
        if (p != NULL)
            fail_msg("accepted a table cut at %zu of %zu bytes (%zu areas)", cut, len, p->n);
    }
    /* the whole text without its last newline */
    assert_null(parse(t, len - 1, err, sizeof(err)));
    assert_non_null(strstr(err, "newline"));
    free(t);
    /* a trailer that does not match the count */
    t = table(150, 151);
    assert_null(parse(t, strlen(t), err, sizeof(err)));
    assert_non_null(strstr(err, "150 areas, but the '# end' line says 151"));
    free(t);
    /* no trailer at all */
    t = table(150, -1);
    assert_null(parse(t, strlen(t), err, sizeof(err)));
    assert_non_null(strstr(err, "no '# end"));
    free(t);
}

static void test_pc4_file_refuses_bad_rows(void **state)
{
    (void)state;
    char err[256];
    static const char *const rows[] = {"0999,UT,52.1,5.1", "1234,XX,52.1,5.1", "1234,UT,49.0,5.1",
                                       "1234,UT,52.1", "1234,UT,52.1,5.1,extra"};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char buf[256];
        snprintf(buf, sizeof(buf), "pc4,province,lat,lon\n%s\n# end: 1 areas\n", rows[i]);
        assert_null(parse(buf, strlen(buf), err, sizeof(err)));
        assert_non_null(strstr(err, "line 2"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pc4_file_loads_a_whole_table),
        cmocka_unit_test(test_pc4_file_refuses_a_table_cut_short),
        cmocka_unit_test(test_pc4_file_refuses_bad_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
