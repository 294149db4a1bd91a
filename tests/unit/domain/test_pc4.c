/*
 * test_pc4.c — the PC4 table's lookups, and locating a respondent with it:
 * an area missing from the table takes the nearest one of its hundred,
 * never one of another region.
 */
#include "domain/locate.h"
#include "domain/pc4.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static struct pc4_table *table(void)
{
    struct pc4_table *t = calloc(1, sizeof(*t));
    assert_non_null(t);
    for (int i = 0; i <= PC4_MAX; i++)
        t->areas[i].province = -1;
    static const struct {
        int pc4, province;
        float lat, lon;
    } rows[] = {{9711, 0, 53.22f, 6.57f},
                {9715, 0, 53.23f, 6.55f},
                {9799, 0, 53.3f, 6.6f},
                {9801, 0, 53.1f, 6.4f},
                {6211, 11, 50.85f, 5.69f}};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        t->areas[rows[i].pc4].province = (int8_t)rows[i].province;
        t->areas[rows[i].pc4].lat = rows[i].lat;
        t->areas[rows[i].pc4].lon = rows[i].lon;
        t->n++;
    }
    return t;
}

static void test_pc4_exact_and_nearest_in_the_same_hundred(void **state)
{
    (void)state;
    struct pc4_table *t = table();
    int used = 0;
    assert_non_null(pc4_lookup(t, 9711, &used));
    assert_int_equal(used, 9711);
    pc4_lookup(t, 9712, &used); /* 9711 is one away, 9715 three */
    assert_int_equal(used, 9711);
    pc4_lookup(t, 9714, &used); /* 9715 is nearer */
    assert_int_equal(used, 9715);
    pc4_lookup(t, 9790, &used);
    assert_int_equal(used, 9799);
    /* 9800 has a neighbour 9801 in its hundred, 9799 lies in another: the hundred wins */
    pc4_lookup(t, 9800, &used);
    assert_int_equal(used, 9801);
    /* a hundred with nothing in it, and numbers outside the range */
    assert_null(pc4_lookup(t, 6300, &used));
    assert_null(pc4_lookup(t, 999, &used));
    assert_null(pc4_lookup(t, 10000, &used));
    assert_null(pc4_lookup(t, -1, &used));
    free(t);
}

static void test_locate_postcode_first_then_address(void **state)
{
    (void)state;
    struct pc4_table *t = table();
    struct location ip, loc;
    locate_none(&ip);
    ip.by = LOCATED_IP;
    ip.in_nl = true;
    ip.province = 11;
    locate_respondent(t, 9712, &ip, &loc);
    assert_int_equal(loc.by, LOCATED_POSTCODE);
    assert_int_equal(loc.province, 0);
    assert_int_equal(loc.pc4, 9712);
    assert_true(loc.has_point);
    /* declined or unknown postcode: the address estimate */
    locate_respondent(t, -1, &ip, &loc);
    assert_int_equal(loc.by, LOCATED_IP);
    assert_int_equal(loc.province, 11);
    locate_respondent(t, 6300, &ip, &loc);
    assert_int_equal(loc.by, LOCATED_IP);
    /* neither */
    locate_respondent(t, 0, NULL, &loc);
    assert_int_equal(loc.by, LOCATED_NONE);
    assert_int_equal(loc.province, -1);
    assert_string_equal(locate_by_name(LOCATED_POSTCODE), "postcode");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pc4_exact_and_nearest_in_the_same_hundred),
        cmocka_unit_test(test_locate_postcode_first_then_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
