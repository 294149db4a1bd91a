/*
 * test_lang.c — the two languages, and which one an Accept-Language header asks for.
 */
#include "domain/lang.h"
#include "test_util.h"

static void test_lang_from_accept_language(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        enum lang want;
    } cases[] = {
        {"en-GB,en;q=0.9,nl;q=0.8", LANG_EN},
        {"nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", LANG_NL},
        {"de-DE,de;q=0.9,en;q=0.5", LANG_EN},
        {"fr, de", LANG_NL},           /* neither: the default */
        {"en;q=0, nl;q=0.1", LANG_NL}, /* q=0 is a refusal */
        {"nl;q=0.3, en;q=0.31", LANG_EN},
        {"EN", LANG_EN},
        {"eng", LANG_NL}, /* not the subtag "en" */
        {"*", LANG_NL},
        {"", LANG_NL},
        {";;;,,,=", LANG_NL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(lang_from_accept(cases[i].header, LANG_NL), cases[i].want);
    assert_int_equal(lang_from_accept(NULL, LANG_EN), LANG_EN);
    assert_int_equal(lang_parse("en"), LANG_EN);
    assert_int_equal(lang_parse("EN"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang_from_accept_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
