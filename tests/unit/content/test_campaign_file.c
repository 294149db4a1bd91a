/*
 * test_campaign_file.c — the campaign registry: origins are the
 * clickjacking defence (only they may frame /embed/{campaign}), so they
 * are checked strictly; a list that cannot fit one CSP header is refused.
 */
#include "content/campaign_file.h"
#include "content/network_file.h"
#include "test_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void test_campaign_origins_are_checked_strictly(void **state)
{
    (void)state;
    static const char *const good[] = {
        "https://www.kvk.nl",    "https://ondernemers.groningen.nl:8443",
        "http://localhost:8080", "http://127.0.0.1",
        "http://[::1]:3000",     "https://a-b.example"};
    static const char *const bad[] = {
        "https://www.kvk.nl/",       /* a path */
        "https://www.kvk.nl/pagina", /* a path */
        "http://www.kvk.nl",         /* plain http outside loopback */
        "https://WWW.KVK.NL",        /* not the canonical form browsers send */
        "https://www.kvk.nl:0",      /* no such port */
        "https://www.kvk.nl:70000",
        "https://www.kvk.nl:80x",
        "https://.kvk.nl",
        "https://kvk..nl",
        "https://-kvk.nl",
        "https://user@kvk.nl",
        "https://*.kvk.nl",                    /* a wildcard would let anyone in */
        "https://kvk.nl https://evil.example", /* two in one */
        "javascript:alert(1)",
        "'self'",
        "https://",
        "http://[::2]",
        "",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_true(campaign_file_origin_valid(good[i]));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (campaign_file_origin_valid(bad[i]))
            fail_msg("accepted origin '%s'", bad[i]);
}

static struct campaigns *parse(json_t *doc, const struct networks *nets, char *err, size_t errlen)
{
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    struct campaigns *c = campaign_file_parse(text, strlen(text), nets, err, errlen);
    free(text);
    return c;
}

static json_t *one(json_t *origins)
{
    return json_pack("{s:s, s:[{s:s, s:s, s:{s:s}, s:o}]}", "version", "t", "campaigns", "id",
                     "kvk-week", "name", "KVK", "owner", "organisation", "KVK", "origins", origins);
}

static void test_campaign_frame_ancestors_fit_one_header(void **state)
{
    (void)state;
    char err[512];
    json_t *origins = json_array();
    char o[CAMPAIGN_ORIGIN_MAX + 1];
    for (int i = 0; i < 16; i++) {
        snprintf(o, sizeof(o), "https://www.gemeente-voorbeeld-%02d-ondernemersloket.nl", i);
        json_array_append_new(origins, json_string(o));
    }
    struct campaigns *c = parse(one(origins), NULL, err, sizeof(err));
    assert_non_null(c);
    assert_true(strlen(c->items[0].frame_ancestors) <= CAMPAIGN_FRAME_ANCESTORS_MAX);
    assert_non_null(strstr(c->items[0].frame_ancestors, "-15-ondernemersloket.nl"));
    campaign_file_free(c);
    origins = json_array();
    for (int i = 0; i < 16; i++) {
        snprintf(o, sizeof(o), "https://%0100d.example.nl", i);
        json_array_append_new(origins, json_string(o));
    }
    assert_null(parse(one(origins), NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "campaigns[0] (kvk-week): origins: "));
    assert_non_null(strstr(err, "split the campaign"));
}

static void test_campaign_owner_network_must_exist(void **state)
{
    (void)state;
    char err[512];
    struct networks *nets =
        network_file_load("tests/data/networks-test.json", NULL, err, sizeof(err));
    if (nets == NULL)
        fail_msg("tests/data/networks-test.json: %s", err);
    json_t *doc = json_pack("{s:s, s:[{s:s, s:s, s:{s:s}, s:[s]}]}", "version", "t", "campaigns",
                            "id", "x", "name", "X", "owner", "network", "no-such-network",
                            "origins", "https://x.example");
    assert_null(parse(doc, nets, err, sizeof(err)));
    assert_non_null(strstr(err, "'no-such-network' is not in the networks registry"));
    struct campaigns *c =
        campaign_file_load("tests/data/campaigns-test.json", nets, err, sizeof(err));
    if (c == NULL)
        fail_msg("tests/data/campaigns-test.json: %s", err);
    assert_true(c->n > 0);
    /* the fixture's campaign owned by a network names one of the fixture registry */
    int owned = campaign_find(c, "noord-nederland-mkb-week");
    assert_true(owned >= 0);
    assert_string_equal(c->items[owned].owner_network, "cyberweerbaarheid-noord-nederland");
    assert_true(network_find(nets, c->items[owned].owner_network) >= 0);
    assert_int_equal(campaign_find(c, c->items[0].id), 0);
    assert_int_equal(campaign_find(c, "nope"), -1);
    campaign_file_free(c);
    network_file_free(nets);
}

static void test_campaign_active_days(void **state)
{
    (void)state;
    struct campaign c = {.start_day = 100, .end_day = 200};
    assert_false(campaign_active(&c, 99));
    assert_true(campaign_active(&c, 100));
    assert_true(campaign_active(&c, 200));
    assert_false(campaign_active(&c, 201));
    c.start_day = c.end_day = -1;
    assert_true(campaign_active(&c, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_campaign_origins_are_checked_strictly),
        cmocka_unit_test(test_campaign_frame_ancestors_fit_one_header),
        cmocka_unit_test(test_campaign_owner_network_must_exist),
        cmocka_unit_test(test_campaign_active_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
