/*
 * test_networks.c — the networks registry: the shipped example loads, bad
 * entries are refused with a message naming them, tokens match by hash.
 */
#include "content/network_file.h"
#include "util/secure.h"
#include "test_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define REG "tests/data/networks-test.json"

static json_t *registry(void)
{
    json_error_t je;
    json_t *j = json_load_file(REG, 0, &je);
    if (j == NULL)
        fail_msg("%s: %s", REG, je.text);
    return j;
}

static json_t *net(json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "networks"), i);
}

static void expect_refused(json_t *doc, const struct qn *qn, const char *n1, const char *n2)
{
    char *text = json_dumps(doc, 0), err[512] = "";
    json_decref(doc);
    struct networks *n = network_file_parse(text, strlen(text), qn, err, sizeof(err));
    free(text);
    if (n != NULL) {
        network_file_free(n);
        fail_msg("accepted a bad registry (expected '%s')", n1);
    }
    print_message("  refused: %s\n", err);
    if (strstr(err, n1) == NULL || (n2 != NULL && strstr(err, n2) == NULL))
        fail_msg("message '%s' does not name '%s' / '%s'", err, n1, n2 ? n2 : "");
}

static void test_networks_shipped_registry_loads(void **state)
{
    (void)state;
    char err[512];
    struct qn *qn = qn_file_load("tests/data/questionnaire-full.json", err, sizeof(err));
    assert_non_null(qn);
    struct networks *n = network_file_load(REG, qn, err, sizeof(err));
    if (n == NULL)
        fail_msg("%s", err);
    static const char *const ids[] = {"cyberweerbaarheid-noord-nederland",
                                      "eccw-limburg",
                                      "novel-t-twente",
                                      "cybernetwerk-utrecht",
                                      "cyberwerf-den-haag",
                                      "cwc-brainport",
                                      "cwc-greenport-west-holland",
                                      "digital-trust-center"};
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        assert_true(network_find(n, ids[i]) >= 0);
    assert_string_equal(n->items[n->fallback].id, "digital-trust-center");
    for (size_t i = 0; i < n->n; i++)
        assert_non_null(strstr(n->items[i].email, "example.org")); /* placeholders only */
    network_file_free(n);
    qn_file_free(qn);
}

static void test_networks_rejects_unknown_province(void **state)
{
    (void)state;
    json_t *doc = registry();
    json_t *provs = json_object_get(json_object_get(net(doc, 0), "coverage"), "provinces");
    json_array_set_new(provs, 1, json_string("Frisia"));
    expect_refused(doc, NULL, "networks[0] (cyberweerbaarheid-noord-nederland).coverage",
                   "'Frisia' is not a Dutch province");
}

static void test_networks_accepts_friesland_alias_and_overlap(void **state)
{
    (void)state;
    json_t *doc = registry();
    json_t *provs = json_object_get(json_object_get(net(doc, 0), "coverage"), "provinces");
    json_array_set_new(provs, 1, json_string("Friesland"));
    /* overlapping coverage is fine: Utrecht also covers Limburg here */
    json_array_append_new(json_object_get(json_object_get(net(doc, 3), "coverage"), "provinces"),
                          json_string("Limburg"));
    char *text = json_dumps(doc, 0), err[512];
    json_decref(doc);
    struct networks *n = network_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    if (n == NULL)
        fail_msg("%s", err);
    network_file_free(n);
}

static void test_networks_rejects_bad_entries(void **state)
{
    (void)state;
    json_t *doc = registry();
    json_object_set_new(net(doc, 2), "id", json_string("eccw-limburg"));
    expect_refused(doc, NULL, "networks[2] (eccw-limburg)", "used twice");

    doc = registry();
    json_object_set_new(net(doc, 1), "fallback", json_true());
    expect_refused(doc, NULL, "eccw-limburg", "both the fallback");

    doc = registry();
    json_object_del(net(doc, 7), "fallback");
    expect_refused(doc, NULL, "networks[7] (digital-trust-center)", "'coverage' is missing");

    doc = registry();
    json_object_del(net(doc, 7), "fallback");
    json_object_set_new(net(doc, 7), "coverage", json_pack("{s:[s]}", "provinces", "Zeeland"));
    expect_refused(doc, NULL, "networks", "no network has \"fallback\": true");

    doc = registry();
    json_array_append_new(json_object_get(net(doc, 4), "token_sha256"), json_string("abc"));
    expect_refused(doc, NULL, "networks[4] (cyberwerf-den-haag)", "64 lowercase hex");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 5), "contact"), "email", json_string("nope"));
    expect_refused(doc, NULL, "(cwc-brainport).contact", "not an e-mail address");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 5), "location"), "lat", json_real(48.85));
    expect_refused(doc, NULL, "(cwc-brainport).location", "lat");

    doc = registry();
    json_array_append_new(json_object_get(json_object_get(net(doc, 2), "coverage"), "postcodes"),
                          json_string("7699-7400"));
    expect_refused(doc, NULL, "(novel-t-twente).coverage", "7699-7400");

    doc = registry();
    json_object_set_new(net(doc, 3), "coverage", json_object());
    expect_refused(doc, NULL, "(cybernetwerk-utrecht).coverage", "covers nothing");

    doc = registry();
    json_object_set_new(net(doc, 3), "regions", json_array());
    expect_refused(doc, NULL, "(cybernetwerk-utrecht)", "unknown field 'regions'");
}

static void test_networks_rejects_sector_not_in_questionnaire(void **state)
{
    (void)state;
    char err[512];
    struct qn *qn = qn_file_load("tests/data/questionnaire-full.json", err, sizeof(err));
    json_t *doc = registry();
    json_array_append_new(json_object_get(net(doc, 6), "sectors"), json_string("horticulture"));
    expect_refused(doc, qn, "(cwc-greenport-west-holland)", "'horticulture' is not an option");
    qn_file_free(qn);
}

static void test_networks_tokens_are_kept_as_their_hashes(void **state)
{
    (void)state;
    json_t *doc = registry();
    char hex[SECURE_SHA256_HEX];
    uint8_t want[32];
    const char *tok = "limburg-secret-token-0123456789";
    secure_sha256_hex(tok, strlen(tok), hex);
    json_array_append_new(json_object_get(net(doc, 1), "token_sha256"), json_string(hex));
    char *text = json_dumps(doc, 0), err[512];
    json_decref(doc);
    struct networks *n = network_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    assert_non_null(n);
    secure_sha256(tok, strlen(tok), want);
    assert_int_equal(n->items[1].ntokens, 1);
    assert_memory_equal(n->items[1].tokens[0], want, 32);
    assert_int_equal(n->items[2].ntokens, 0);
    network_file_free(n);
}

static void test_networks_refuses_non_hex_token_hashes(void **state)
{
    (void)state;
    /* 64 characters that are not all lowercase hex: refused, never decoded (UBSan found a
     * left shift of -1 here once; the crasher is in tests/fuzz/regressions/networks/) */
    static const char *const bad[] = {
        "zz00000000000000000000000000000000000000000000000000000000000000",
        "00000000000000000000000000000000000000000000000000000000000000G0",
        "ABCDEF0000000000000000000000000000000000000000000000000000000000",
        "000000000000000000000000000000000000000000000000000000000000000 ",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *doc = registry();
        json_array_append_new(json_object_get(net(doc, 0), "token_sha256"), json_string(bad[i]));
        expect_refused(doc, NULL, "token_sha256[0] must be 64 lowercase hex digits", NULL);
    }
}

static void test_networks_labelled_tokens_are_kept_as_their_hashes(void **state)
{
    (void)state;
    json_t *doc = registry();
    char h1[SECURE_SHA256_HEX], h2[SECURE_SHA256_HEX];
    uint8_t want[32];
    secure_sha256_hex("token-of-anna-0123456789", 24, h1);
    secure_sha256_hex("token-of-piet-0123456789", 24, h2);
    json_t *list = json_object_get(net(doc, 1), "token_sha256");
    json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "label", "Anna de Boer", "sha256", h1,
                                          "created", "2026-12-02"));
    json_array_append_new(list, json_string(h2)); /* an unlabelled one beside it */
    char *text = json_dumps(doc, 0), err[512];
    json_decref(doc);
    struct networks *n = network_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    if (n == NULL)
        fail_msg("%s", err);
    assert_int_equal(n->items[1].ntokens, 2);
    secure_sha256("token-of-anna-0123456789", 24, want);
    assert_memory_equal(n->items[1].tokens[0], want, 32);
    secure_sha256("token-of-piet-0123456789", 24, want);
    assert_memory_equal(n->items[1].tokens[1], want, 32);
    network_file_free(n);
}

static void test_networks_refuses_bad_token_entries(void **state)
{
    (void)state;
    char hex[SECURE_SHA256_HEX];
    secure_sha256_hex("x", 1, hex);
    static const struct {
        const char *label, *created, *extra;
        const char *msg;
    } cases[] = {
        {"anna;drop", NULL, NULL, "label must be 1 to 64 letters"},
        {" anna", NULL, NULL, "label must be 1 to 64 letters"},
        {"", NULL, NULL, "label must be 1 to 64 letters"},
        {"anna", "2026-13-01", NULL, "created must be a date"},
        {"anna", NULL, "token", "unknown field 'token'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *doc = registry();
        json_t *e = json_pack("{s:s, s:s}", "label", cases[i].label, "sha256", hex);
        if (cases[i].created != NULL)
            json_object_set_new(e, "created", json_string(cases[i].created));
        if (cases[i].extra != NULL)
            json_object_set_new(e, cases[i].extra, json_string("the token itself"));
        json_array_append_new(json_object_get(net(doc, 2), "token_sha256"), e);
        expect_refused(doc, NULL, "(novel-t-twente).token_sha256[0]", cases[i].msg);
    }
    /* the same label twice in one list */
    json_t *doc = registry();
    json_t *list = json_object_get(net(doc, 2), "token_sha256");
    json_array_append_new(list, json_pack("{s:s, s:s}", "label", "anna", "sha256", hex));
    secure_sha256_hex("y", 1, hex);
    json_array_append_new(list, json_pack("{s:s, s:s}", "label", "anna", "sha256", hex));
    expect_refused(doc, NULL, "token_sha256[1]", "label 'anna' is used twice");
    /* a labelled entry without its hash */
    doc = registry();
    json_array_append_new(json_object_get(net(doc, 2), "token_sha256"),
                          json_pack("{s:s}", "label", "anna"));
    expect_refused(doc, NULL, "token_sha256[0] must be 64 lowercase hex digits", NULL);
}

static void test_networks_disabled_is_kept_but_not_for_the_fallback(void **state)
{
    (void)state;
    json_t *doc = registry();
    json_object_set_new(net(doc, 3), "disabled", json_true());
    char *text = json_dumps(doc, 0), err[512];
    json_decref(doc);
    struct networks *n = network_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    if (n == NULL)
        fail_msg("%s", err);
    assert_true(n->items[3].disabled);
    assert_false(n->items[2].disabled);
    assert_string_equal(n->version, "2026.1");
    network_file_free(n);
    doc = registry();
    json_object_set_new(net(doc, 7), "disabled", json_true());
    expect_refused(doc, NULL, "(digital-trust-center)", "the national fallback cannot be disabled");
    doc = registry();
    json_object_set_new(net(doc, 3), "disabled", json_string("yes"));
    expect_refused(doc, NULL, "(cybernetwerk-utrecht)", "disabled");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_networks_shipped_registry_loads),
        cmocka_unit_test(test_networks_rejects_unknown_province),
        cmocka_unit_test(test_networks_accepts_friesland_alias_and_overlap),
        cmocka_unit_test(test_networks_rejects_bad_entries),
        cmocka_unit_test(test_networks_rejects_sector_not_in_questionnaire),
        cmocka_unit_test(test_networks_tokens_are_kept_as_their_hashes),
        cmocka_unit_test(test_networks_refuses_non_hex_token_hashes),
        cmocka_unit_test(test_networks_labelled_tokens_are_kept_as_their_hashes),
        cmocka_unit_test(test_networks_refuses_bad_token_entries),
        cmocka_unit_test(test_networks_disabled_is_kept_but_not_for_the_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
