/*
 * test_network_file.c — the networks registry: the fixture (the current
 * format of questions/networks.json) loads with its consent, agreements,
 * scan types, radii and notify settings; bad entries are refused with a
 * message naming them; tokens match by hash.
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

static json_t *scan(json_t *doc, size_t i, size_t k)
{
    return json_array_get(json_object_get(net(doc, i), "scans"), k);
}

static json_t *agreement(json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "agreements"), i);
}

/* Parses `doc` (consumed), which must be accepted; the caller frees the registry. */
static struct networks *accepted(json_t *doc)
{
    char *text = json_dumps(doc, 0), err[512] = "";
    json_decref(doc);
    assert_non_null(text);
    struct networks *n = network_file_parse(text, strlen(text), NULL, err, sizeof(err));
    free(text);
    if (n == NULL)
        fail_msg("refused: %s", err);
    return n;
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

/* The fixture's network `id`, or fail. */
static const struct network *by_id(const struct networks *n, const char *id)
{
    int i = network_find(n, id);
    if (i < 0)
        fail_msg("no network '%s'", id);
    return &n->items[i];
}

static void test_networks_fixture_loads(void **state)
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
    assert_int_equal(n->n, sizeof(ids) / sizeof(ids[0]));
    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        assert_int_equal(network_find(n, ids[i]), (int)i);
    assert_int_equal(network_find(n, "nope"), -1);
    assert_string_equal(n->items[n->fallback].id, "digital-trust-center");
    for (size_t i = 0; i < n->n; i++)
        assert_non_null(strstr(n->items[i].email, "example.org")); /* placeholders only */

    /* the consent: version, summary and whole text in both languages */
    assert_string_equal(n->consent_version, "2026-12");
    for (int l = 0; l < LANG_COUNT; l++) {
        assert_non_null(n->consent_summary.s[l]);
        assert_non_null(n->consent.s[l]);
        assert_true(strlen(n->consent.s[l]) > strlen(n->consent_summary.s[l]));
    }

    /* the agreements, in file order */
    assert_int_equal(n->nagreements, 2);
    assert_string_equal(n->agreements[0].id, "studentenscan");
    assert_string_equal(n->agreements[0].version, "2026-12");
    assert_string_equal(n->agreements[1].id, "gesprek");
    assert_string_equal(n->agreements[1].version, "2026-10");
    for (size_t a = 0; a < n->nagreements; a++)
        for (int l = 0; l < LANG_COUNT; l++) {
            assert_non_null(n->agreements[a].title.s[l]);
            assert_non_null(n->agreements[a].summary.s[l]);
            assert_non_null(n->agreements[a].text.s[l]);
        }

    /* every regional network runs at least one scan type; the fallback none */
    for (size_t i = 0; i < n->n; i++) {
        const struct network *nw = &n->items[i];
        if (nw->fallback)
            assert_int_equal(nw->nscans, 0);
        else
            assert_in_range(nw->nscans, 1, NET_SCANS_MAX);
        for (size_t s = 0; s < nw->nscans; s++) {
            const struct scan_type *st = &nw->scans[s];
            assert_int_equal(network_scan(nw, st->id), (int)s);
            for (int l = 0; l < LANG_COUNT; l++) {
                assert_non_null(st->name.s[l]);
                assert_non_null(st->description.s[l]);
                assert_non_null(st->duration.s[l]);
                assert_non_null(st->prepare.s[l]);
                assert_non_null(st->supervision.s[l]);
            }
        }
        assert_int_equal(network_scan(nw, "nope"), -1);
    }
    const struct network *noord = by_id(n, "cyberweerbaarheid-noord-nederland");
    assert_int_equal(noord->nscans, 2);
    assert_string_equal(noord->scans[0].id, "quick-start-avg");
    assert_int_equal(noord->scans[0].price_eur, 50);
    assert_ptr_equal(network_agreement(n, &noord->scans[1]), &n->agreements[0]);
    const struct network *twente = by_id(n, "novel-t-twente");
    assert_int_equal(twente->scans[0].price_eur, 0);
    assert_int_equal(twente->scans[0].agreement, 1);
    assert_ptr_equal(network_agreement(n, &twente->scans[0]), &n->agreements[1]);
    const struct network *limburg = by_id(n, "eccw-limburg");
    assert_int_equal(limburg->nscans, 2);
    assert_int_equal(network_scan(limburg, "helpdesk_gesprek"), 1);
    assert_int_equal(limburg->scans[1].agreement, -1); /* the agreement is optional */
    assert_null(network_agreement(n, &limburg->scans[1]));

    /* radius, contact days (default 5), notify (default: none listed, per event, Dutch) */
    assert_int_equal(twente->accepts_within_km, 70);
    assert_int_equal(by_id(n, "cwc-brainport")->accepts_within_km, 40);
    assert_int_equal(noord->accepts_within_km, 0);
    assert_int_equal(limburg->contact_days, 3);
    assert_int_equal(by_id(n, "cybernetwerk-utrecht")->contact_days, NET_CONTACT_DAYS_DEFAULT);
    assert_int_equal(noord->contact_days, 5);
    const struct network *werf = by_id(n, "cyberwerf-den-haag");
    assert_int_equal(werf->nnotify, 2);
    assert_string_equal(werf->notify[0], "planning@cyberwerf.example.org");
    assert_string_equal(werf->notify[1], "docenten@cyberwerf.example.org");
    assert_true(werf->digest);
    assert_int_equal(werf->notify_lang, LANG_EN);
    assert_int_equal(noord->nnotify, 0);
    assert_false(noord->digest);
    assert_int_equal(noord->notify_lang, LANG_NL);

    /* coverage and sectors as written */
    assert_true(noord->province[province_by_name("Fryslân")]);
    assert_false(noord->province[province_by_name("Limburg")]);
    assert_int_equal(twente->nranges, 2);
    assert_int_equal(twente->ranges[0].from, 7440);
    assert_int_equal(twente->ranges[0].to, 7683);
    assert_int_equal(werf->nranges, 5);
    assert_int_equal(werf->ranges[4].from, 3155);
    assert_int_equal(werf->ranges[4].to, 3155);
    const struct network *brainport = by_id(n, "cwc-brainport");
    assert_int_equal(brainport->nsectors, 2);
    assert_string_equal(brainport->sectors[0], "manufacturing");
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

    /* no longer the fallback, it must be a whole regional network: coverage and scan types */
    doc = registry();
    json_object_del(net(doc, 7), "fallback");
    json_object_set_new(net(doc, 7), "coverage", json_pack("{s:[s]}", "provinces", "Zeeland"));
    expect_refused(doc, NULL, "networks[7] (digital-trust-center)", "'scans' is missing");

    doc = registry();
    json_object_del(net(doc, 7), "fallback");
    json_object_set_new(net(doc, 7), "coverage", json_pack("{s:[s]}", "provinces", "Zeeland"));
    json_object_set(net(doc, 7), "scans", json_object_get(net(doc, 3), "scans"));
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

static void test_networks_rejects_bad_consent_and_agreements(void **state)
{
    (void)state;
    json_t *doc = registry();
    json_object_del(json_object_get(doc, "consent"), "summary");
    expect_refused(doc, NULL, "consent: 'summary' is missing", NULL);

    doc = registry();
    json_object_del(json_object_get(json_object_get(doc, "consent"), "text"), "en");
    expect_refused(doc, NULL, "consent.text", "'en' is missing");

    doc = registry();
    json_object_set_new(json_object_get(doc, "consent"), "date", json_string("2026-12-01"));
    expect_refused(doc, NULL, "consent: unknown field 'date'", NULL);

    doc = registry();
    json_object_del(agreement(doc, 0), "version");
    expect_refused(doc, NULL, "agreements[0] (studentenscan)", "'version' is missing");

    doc = registry();
    json_object_set_new(agreement(doc, 1), "version", json_string("oktober 2026"));
    expect_refused(doc, NULL, "agreements[1] (gesprek)", "id and version may only use");

    doc = registry();
    json_object_set_new(agreement(doc, 1), "id", json_string("Gesprek"));
    expect_refused(doc, NULL, "agreements[1] (Gesprek)", "id and version may only use");

    doc = registry();
    json_object_set_new(agreement(doc, 1), "id", json_string("studentenscan"));
    expect_refused(doc, NULL, "agreements[1] (studentenscan)", "id 'studentenscan' is used twice");

    doc = registry();
    json_object_del(json_object_get(agreement(doc, 0), "summary"), "nl");
    expect_refused(doc, NULL, "agreements[0] (studentenscan).summary", "'nl' is missing");

    doc = registry();
    json_object_set_new(agreement(doc, 0), "body", json_string("…"));
    expect_refused(doc, NULL, "agreements[0] (studentenscan): unknown field 'body'", NULL);

    doc = registry();
    json_array_set_new(json_object_get(doc, "agreements"), 1, json_string("gesprek"));
    expect_refused(doc, NULL, "agreements[1]", "must be an object");

    doc = registry();
    json_t *many = json_array();
    for (int i = 0; i <= NET_AGREEMENTS_MAX; i++)
        json_array_append(many, agreement(doc, 0));
    json_object_set_new(doc, "agreements", many);
    expect_refused(doc, NULL, "'agreements' must be a list of 0 to 16 entries", NULL);
}

static void test_networks_rejects_bad_scan_types(void **state)
{
    (void)state;
    /* a scan type naming an agreement that is not in the file */
    json_t *doc = registry();
    json_object_set_new(scan(doc, 1, 0), "agreement", json_string("werkafspraken"));
    expect_refused(doc, NULL, "networks[1] (eccw-limburg).scans[0] (risicoanalyse)",
                   "agreement 'werkafspraken' is not in the file's agreements");

    /* … also when the file has no agreements at all */
    doc = registry();
    json_object_del(doc, "agreements");
    expect_refused(doc, NULL, "networks[0] (cyberweerbaarheid-noord-nederland).scans[0]",
                   "agreement 'studentenscan' is not in the file's agreements");

    /* two scan types of one network with one id */
    doc = registry();
    json_object_set_new(scan(doc, 0, 1), "id", json_string("quick-start-avg"));
    expect_refused(doc, NULL, "networks[0] (cyberweerbaarheid-noord-nederland).scans[1]",
                   "id 'quick-start-avg' is used twice");

    /* a regional network without scan types */
    doc = registry();
    json_object_del(net(doc, 3), "scans");
    expect_refused(doc, NULL, "networks[3] (cybernetwerk-utrecht)", "'scans' is missing");

    doc = registry();
    json_object_set_new(net(doc, 3), "scans", json_array());
    expect_refused(doc, NULL, "networks[3] (cybernetwerk-utrecht)",
                   "'scans' must be a list of 1 to 4 entries");

    doc = registry();
    json_t *scans = json_object_get(net(doc, 3), "scans");
    for (int i = 1; i <= NET_SCANS_MAX; i++) {
        json_t *copy = json_deep_copy(json_array_get(scans, 0));
        char id[32];
        snprintf(id, sizeof(id), "basisscan-%d", i);
        json_object_set_new(copy, "id", json_string(id));
        json_array_append_new(scans, copy);
    }
    expect_refused(doc, NULL, "networks[3] (cybernetwerk-utrecht)",
                   "'scans' must be a list of 1 to 4 entries");

    doc = registry();
    json_array_set_new(json_object_get(net(doc, 3), "scans"), 0, json_string("basisscan"));
    expect_refused(doc, NULL, "networks[3] (cybernetwerk-utrecht).scans[0]", "must be an object");

    doc = registry();
    json_object_set_new(scan(doc, 2, 0), "id", json_string("Governance quickscan"));
    expect_refused(doc, NULL, "(novel-t-twente).scans[0] (Governance quickscan)",
                   "id may only use a-z, 0-9, - and _");

    doc = registry();
    json_object_del(scan(doc, 2, 0), "id");
    expect_refused(doc, NULL, "(novel-t-twente).scans[0]", "'id' is missing");

    doc = registry();
    json_object_set_new(scan(doc, 5, 0), "price_eur", json_integer(10001));
    expect_refused(doc, NULL, "(cwc-brainport).scans[0] (ketenscan)",
                   "'price_eur' must be a whole number from 0 to 10000");

    doc = registry();
    json_object_set_new(scan(doc, 5, 0), "price_eur", json_integer(-1));
    expect_refused(doc, NULL, "(cwc-brainport).scans[0] (ketenscan)", "'price_eur' must be");

    doc = registry();
    json_object_set_new(scan(doc, 5, 0), "price_eur", json_real(75.5));
    expect_refused(doc, NULL, "(cwc-brainport).scans[0] (ketenscan)", "'price_eur' must be");

    doc = registry();
    json_object_del(scan(doc, 5, 0), "price_eur");
    expect_refused(doc, NULL, "(cwc-brainport).scans[0] (ketenscan)", "'price_eur' is missing");

    static const char *const texts[] = {"name", "description", "duration", "prepare",
                                        "supervision"};
    for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        doc = registry();
        json_object_del(scan(doc, 6, 0), texts[t]);
        char want[64];
        snprintf(want, sizeof(want), "'%s' is missing", texts[t]);
        expect_refused(doc, NULL, "(cwc-greenport-west-holland).scans[0] (tuinbouwscan)", want);
    }

    doc = registry();
    json_object_del(json_object_get(scan(doc, 6, 0), "prepare"), "en");
    expect_refused(doc, NULL, "(cwc-greenport-west-holland).scans[0] (tuinbouwscan).prepare",
                   "'en' is missing");

    doc = registry();
    json_object_set_new(scan(doc, 1, 1), "cost", json_integer(0));
    expect_refused(doc, NULL, "networks[1] (eccw-limburg).scans[1] (helpdesk_gesprek)",
                   "unknown field 'cost'");

    /* a scan id longer than NET_SCAN_ID_MAX */
    doc = registry();
    char longid[NET_SCAN_ID_MAX + 2];
    memset(longid, 'a', NET_SCAN_ID_MAX + 1);
    longid[NET_SCAN_ID_MAX + 1] = '\0';
    json_object_set_new(scan(doc, 1, 1), "id", json_string(longid));
    expect_refused(doc, NULL, "(eccw-limburg).scans[1]", "'id' must be a text of 1 to 48 bytes");
}

static void test_networks_radius_and_contact_days_bounds(void **state)
{
    (void)state;
    json_t *bad[] = {json_integer(0),   json_integer(NET_RADIUS_MAX_KM + 1),
                     json_integer(-40), json_real(40.5),
                     json_string("40"), json_true()};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *doc = registry();
        json_object_set_new(net(doc, 3), "accepts_within_km", bad[i]);
        expect_refused(doc, NULL, "networks[3] (cybernetwerk-utrecht)",
                       "'accepts_within_km' must be a whole number from 1 to 150");
    }
    static const int good[] = {1, NET_RADIUS_MAX_KM};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        json_t *doc = registry();
        json_object_set_new(net(doc, 3), "accepts_within_km", json_integer(good[i]));
        struct networks *n = accepted(doc);
        assert_int_equal(n->items[3].accepts_within_km, good[i]);
        network_file_free(n);
    }

    /* contact_days: 1..30 working days */
    static const int bad_days[] = {0, 31, -1};
    for (size_t i = 0; i < sizeof(bad_days) / sizeof(bad_days[0]); i++) {
        json_t *doc = registry();
        json_object_set_new(net(doc, 0), "contact_days", json_integer(bad_days[i]));
        expect_refused(doc, NULL, "networks[0] (cyberweerbaarheid-noord-nederland)",
                       "'contact_days' must be a whole number from 1 to 30");
    }
    json_t *doc = registry();
    json_object_set_new(net(doc, 0), "contact_days", json_integer(30));
    struct networks *n = accepted(doc);
    assert_int_equal(n->items[0].contact_days, 30);
    network_file_free(n);
}

static void test_networks_rejects_bad_notify(void **state)
{
    (void)state;
    json_t *doc = registry();
    json_array_append_new(json_object_get(json_object_get(net(doc, 4), "notify"), "addresses"),
                          json_string("planning at cyberwerf"));
    expect_refused(doc, NULL, "networks[4] (cyberwerf-den-haag).notify",
                   "addresses[2] is not an e-mail address");

    doc = registry();
    json_array_set_new(json_object_get(json_object_get(net(doc, 4), "notify"), "addresses"), 0,
                       json_integer(1));
    expect_refused(doc, NULL, "(cyberwerf-den-haag).notify", "addresses[0] is not an e-mail");

    doc = registry();
    json_t *many = json_array();
    for (int i = 0; i <= NET_NOTIFY_MAX; i++) {
        char a[64];
        snprintf(a, sizeof(a), "team%d@cyberwerf.example.org", i);
        json_array_append_new(many, json_string(a));
    }
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "addresses", many);
    expect_refused(doc, NULL, "(cyberwerf-den-haag).notify",
                   "'addresses' must be a list of 0 to 4 entries");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "lang", json_string("de"));
    expect_refused(doc, NULL, "(cyberwerf-den-haag).notify", "lang must be nl or en");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "lang", json_string("NL"));
    expect_refused(doc, NULL, "(cyberwerf-den-haag).notify", "lang must be nl or en");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "lang", json_string("english"));
    expect_refused(doc, NULL, "(cyberwerf-den-haag).notify", "'lang' must be a text of 1 to 2");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "digest", json_string("daily"));
    expect_refused(doc, NULL, "(cyberwerf-den-haag).notify", "'digest' must be true or false");

    doc = registry();
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "cc",
                        json_string("baas@cyberwerf.example.org"));
    expect_refused(doc, NULL, "networks[4] (cyberwerf-den-haag).notify", "unknown field 'cc'");

    doc = registry();
    json_object_set_new(net(doc, 4), "notify", json_string("planning@cyberwerf.example.org"));
    expect_refused(doc, NULL, "networks[4] (cyberwerf-den-haag)", "'notify' must be an object");
}

static void test_networks_accepts_optional_parts(void **state)
{
    (void)state;
    /* notify: as many addresses as allowed; an empty object means the defaults */
    json_t *doc = registry();
    json_t *many = json_array();
    for (int i = 0; i < NET_NOTIFY_MAX; i++) {
        char a[64];
        snprintf(a, sizeof(a), "team%d@cyberwerf.example.org", i);
        json_array_append_new(many, json_string(a));
    }
    json_object_set_new(json_object_get(net(doc, 4), "notify"), "addresses", many);
    json_object_set_new(net(doc, 0), "notify", json_object());
    struct networks *n = accepted(doc);
    assert_int_equal(n->items[4].nnotify, NET_NOTIFY_MAX);
    assert_string_equal(n->items[4].notify[NET_NOTIFY_MAX - 1], "team3@cyberwerf.example.org");
    assert_int_equal(n->items[0].nnotify, 0);
    assert_false(n->items[0].digest);
    assert_int_equal(n->items[0].notify_lang, LANG_NL);
    network_file_free(n);

    /* the fallback may run scan types too; no agreements when no scan names one */
    doc = registry();
    json_t *s = json_deep_copy(scan(doc, 1, 1)); /* Limburg's helpdesk, without agreement */
    json_object_set_new(net(doc, 7), "scans", json_pack("[o]", s));
    for (size_t i = 0; i < 7; i++) {
        json_t *scans = json_object_get(net(doc, i), "scans");
        for (size_t k = 0; k < json_array_size(scans); k++)
            json_object_del(json_array_get(scans, k), "agreement");
    }
    json_object_del(doc, "agreements");
    n = accepted(doc);
    assert_int_equal(n->nagreements, 0);
    assert_int_equal(n->items[7].nscans, 1);
    assert_string_equal(n->items[7].scans[0].id, "helpdesk_gesprek");
    for (size_t i = 0; i < n->n; i++)
        for (size_t k = 0; k < n->items[i].nscans; k++)
            assert_null(network_agreement(n, &n->items[i].scans[k]));
    network_file_free(n);

    /* as many scan types as allowed; ids unique per network, not across networks */
    doc = registry();
    json_t *scans = json_object_get(net(doc, 3), "scans");
    for (int i = 1; i < NET_SCANS_MAX; i++) {
        json_t *copy = json_deep_copy(json_array_get(scans, 0));
        char id[32];
        snprintf(id, sizeof(id), "basisscan-%d", i);
        json_object_set_new(copy, "id", json_string(id));
        json_object_set_new(copy, "price_eur", json_integer(10000));
        json_array_append_new(scans, copy);
    }
    json_object_set_new(scan(doc, 5, 0), "id", json_string("basisscan"));
    n = accepted(doc);
    assert_int_equal(n->items[3].nscans, NET_SCANS_MAX);
    assert_int_equal(n->items[3].scans[NET_SCANS_MAX - 1].price_eur, 10000);
    assert_int_equal(network_scan(&n->items[5], "basisscan"), 0);
    network_file_free(n);
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

    /* one token for two networks, or twice in one network's list, is refused */
    doc = registry();
    json_array_append_new(json_object_get(net(doc, 1), "token_sha256"), json_string(hex));
    json_array_append_new(json_object_get(net(doc, 5), "token_sha256"), json_string(hex));
    expect_refused(doc, NULL, "networks[5] (cwc-brainport)",
                   "token_sha256[0] is also a token of network 'eccw-limburg'");
    doc = registry();
    json_array_append_new(json_object_get(net(doc, 1), "token_sha256"), json_string(hex));
    json_array_append_new(json_object_get(net(doc, 1), "token_sha256"), json_string(hex));
    expect_refused(doc, NULL, "networks[1] (eccw-limburg)",
                   "token_sha256[1] is also a token of network 'eccw-limburg'");
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
        cmocka_unit_test(test_networks_fixture_loads),
        cmocka_unit_test(test_networks_rejects_unknown_province),
        cmocka_unit_test(test_networks_accepts_friesland_alias_and_overlap),
        cmocka_unit_test(test_networks_rejects_bad_entries),
        cmocka_unit_test(test_networks_rejects_bad_consent_and_agreements),
        cmocka_unit_test(test_networks_rejects_bad_scan_types),
        cmocka_unit_test(test_networks_radius_and_contact_days_bounds),
        cmocka_unit_test(test_networks_rejects_bad_notify),
        cmocka_unit_test(test_networks_accepts_optional_parts),
        cmocka_unit_test(test_networks_rejects_sector_not_in_questionnaire),
        cmocka_unit_test(test_networks_tokens_are_kept_as_their_hashes),
        cmocka_unit_test(test_networks_refuses_non_hex_token_hashes),
        cmocka_unit_test(test_networks_labelled_tokens_are_kept_as_their_hashes),
        cmocka_unit_test(test_networks_refuses_bad_token_entries),
        cmocka_unit_test(test_networks_disabled_is_kept_but_not_for_the_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
