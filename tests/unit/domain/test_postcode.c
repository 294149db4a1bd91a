/*
 * test_postcode.c — Dutch postcode parsing: only the four digits are kept.
 */
#include "domain/postcode.h"
#include "test_util.h"

static void test_postcode_accepts_the_usual_forms(void **state)
{
    (void)state;
    assert_int_equal(postcode_parse("1234"), 1234);
    assert_int_equal(postcode_parse("1234AB"), 1234);
    assert_int_equal(postcode_parse("1234 AB"), 1234);
    assert_int_equal(postcode_parse("9712 cp"), 9712);
    assert_int_equal(postcode_parse("1000"), 1000);
    assert_int_equal(postcode_parse("9999 ZZ"), 9999);
}

static void test_postcode_rejects_letters_first_and_other_shapes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",        "123",  "12345",   "0123",   "AB 1234", "1234 A", "1234  AB", "1234-AB",
        "1234 A1", "12a4", "1234 SA", "1234SS", "1234 sd", " 1234",  "1234 ",    "１２３４"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(postcode_parse(bad[i]), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postcode_accepts_the_usual_forms),
        cmocka_unit_test(test_postcode_rejects_letters_first_and_other_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
