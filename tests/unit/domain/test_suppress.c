/*
 * test_stats.c — suppression of small groups, per week and per dimension,
 * including the complementary rule that stops subtraction attacks.
 */
#include "domain/suppress.h"
#include "test_util.h"

#include <string.h>

static void held_of(const long *n, size_t k, const char *want)
{
    bool held[16];
    suppress_week(n, k, held);
    for (size_t g = 0; g < k; g++)
        if (held[g] != (want[g] == 'H'))
            fail_msg("group %zu (n=%ld): held=%d, want %c", g, n[g], held[g], want[g]);
}

static void test_stats_small_groups_are_held_back(void **state)
{
    (void)state;
    /* '.' released, 'H' held back */
    long a[] = {12, 15, 0, 30};
    held_of(a, 4, "....");
    long b[] = {9, 15, 0, 30}; /* 9 alone would be derivable from a total: 15 goes too */
    held_of(b, 4, "HH..");
    long c[] = {3, 4, 5, 40}; /* 3+4+5 = 12 >= 10: enough together */
    held_of(c, 4, "HHH.");
    long d[] = {1, 10, 11, 40}; /* 1 plus the smallest, 10: 11 */
    held_of(d, 4, "HH..");
    long e[] = {2, 3, 0, 0}; /* a week of 5 respondents: nothing at all */
    held_of(e, 4, "HH..");
    long f[] = {10, 10, 10}; /* exactly 10 is enough */
    held_of(f, 3, "...");
    long g[] = {0, 0, 0};
    held_of(g, 3, "...");
}

static struct stats_cell cell(long n, long high_p0)
{
    struct stats_cell c;
    memset(&c, 0, sizeof(c));
    c.n = n;
    c.level[0][LEVEL_HIGH] = high_p0;
    c.level[0][LEVEL_LOW] = n - high_p0;
    c.set2024[NCSC_INCIDENTS][LEVEL_HIGH] = high_p0; /* the same respondents by the 2024 set */
    c.set2024[NCSC_INCIDENTS][LEVEL_LOW] = n - high_p0;
    return c;
}

static void test_suppress_aggregate_sums_released_weeks_only(void **state)
{
    (void)state;
    /* 3 weeks × 3 groups */
    struct stats_cell cells[9] = {
        cell(12, 6), cell(3, 3),   cell(20, 1), /* week 1: group 1 (3) + smallest other (12) held */
        cell(15, 5), cell(11, 11), cell(0, 0),  /* week 2: all released */
        cell(4, 4),  cell(2, 0),   cell(1, 1),  /* week 3: 7 in all: nothing released */
    };
    struct stats_cell out[3];
    suppress_aggregate(cells, 3, 3, out);
    assert_int_equal(out[0].n, 15); /* only week 2 */
    assert_int_equal(out[0].level[0][LEVEL_HIGH], 5);
    assert_int_equal(out[1].n, 11); /* only week 2 */
    assert_int_equal(out[2].n, 20); /* only week 1 */
    assert_int_equal(out[2].level[0][LEVEL_HIGH], 1);
    /* the 2024 view is held back and released with the same cells */
    assert_int_equal(out[0].set2024[NCSC_INCIDENTS][LEVEL_HIGH], 5);
    assert_int_equal(out[0].set2024[NCSC_INCIDENTS][LEVEL_LOW], 10);
    assert_int_equal(out[2].set2024[NCSC_INCIDENTS][LEVEL_HIGH], 1);
    /* any released total is 0 or at least 10 */
    for (int g = 0; g < 3; g++)
        assert_true(out[g].n == 0 || out[g].n >= SUPPRESS_MIN_GROUP);
}

static void test_stats_differences_between_ranges_are_never_small(void **state)
{
    (void)state;
    /* a group growing by one respondent a week: the difference between "weeks 1..k"
     * and "weeks 1..k+1" must be 0 or >= 10, never 1 */
    struct stats_cell cells[12 * 2];
    for (int w = 0; w < 12; w++) {
        cells[w * 2] = cell(1, 1);      /* the small group */
        cells[w * 2 + 1] = cell(25, 0); /* everyone else */
    }
    struct stats_cell prev[2], out[2];
    suppress_aggregate(cells, 1, 2, prev);
    for (size_t k = 2; k <= 12; k++) {
        suppress_aggregate(cells, k, 2, out);
        for (int g = 0; g < 2; g++) {
            long diff = out[g].n - prev[g].n;
            assert_true(diff == 0 || diff >= SUPPRESS_MIN_GROUP);
        }
        memcpy(prev, out, sizeof(out));
    }
    assert_int_equal(out[0].n, 0); /* the lone weekly respondent never shows */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_small_groups_are_held_back),
        cmocka_unit_test(test_suppress_aggregate_sums_released_weeks_only),
        cmocka_unit_test(test_stats_differences_between_ranges_are_never_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
