/*
 * test_csv.c — CSV for spreadsheets: quoting and formula injection.
 */
#include "domain/csv.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

static void test_csv_quotes_every_field_and_doubles_quotes(void **state)
{
    (void)state;
    struct csv c;
    csv_init(&c, ';', 0);
    csv_field(&c, "Bakkerij \"De Korenbloem\"");
    csv_field(&c, "a;b");
    csv_field(&c, NULL);
    csv_row_end(&c);
    csv_field(&c, "line\nbreak");
    csv_row_end(&c);
    size_t len;
    char *s = csv_take(&c, &len);
    assert_string_equal(s,
                        "\"Bakkerij \"\"De Korenbloem\"\"\";\"a;b\";\"\"\r\n\"line\nbreak\"\r\n");
    assert_int_equal(len, strlen(s));
    free(s);
}

static void test_csv_neutralises_formulas(void **state)
{
    (void)state;
    static const char *const in[] = {"=HYPERLINK(\"http://evil\")",
                                     "+31612345678",
                                     "-2+3",
                                     "@SUM(A1)",
                                     "\tx",
                                     "\rx",
                                     "safe=text"};
    static const char *const out[] = {"\"'=HYPERLINK(\"\"http://evil\"\")\"",
                                      "\"'+31612345678\"",
                                      "\"'-2+3\"",
                                      "\"'@SUM(A1)\"",
                                      "\"'\tx\"",
                                      "\"'\rx\"",
                                      "\"safe=text\""};
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        struct csv c;
        size_t len;
        csv_init(&c, ',', 0);
        csv_field(&c, in[i]);
        char *s = csv_take(&c, &len);
        assert_string_equal(s, out[i]);
        free(s);
    }
}

static void test_csv_bom_for_excel(void **state)
{
    (void)state;
    struct csv c;
    size_t len;
    csv_init(&c, ',', 1);
    csv_field(&c, "x");
    char *s = csv_take(&c, &len);
    assert_memory_equal(s, "\xef\xbb\xbf\"x\"", 6);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quotes_every_field_and_doubles_quotes),
        cmocka_unit_test(test_csv_neutralises_formulas),
        cmocka_unit_test(test_csv_bom_for_excel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
