/*
 * test_routing.c — which network a respondent is offered, on a fixture copy
 * of the registry (tests/data/networks-test.json), with coordinates of the
 * PC4 areas.  Routing is honest: a network gets a respondent only inside its
 * coverage (postcode ranges or provinces) or within the accepts_within_km it
 * declares (in the fixture: novel-t-twente 70 km, cwc-brainport 40 km);
 * anyone else goes to the national fallback, which names the nearest
 * regional networks with their distances.
 */
#include "content/network_file.h"
#include "domain/province.h"
#include "domain/routing.h"
#include "test_util.h"

#include <math.h>

#include <stdlib.h>
#include <string.h>

#define FALLBACK_ID "digital-trust-center"

struct near {
    const char *network; /* NULL ends the list */
    int km_min, km_max;
};

struct row {
    const char *name;
    enum located_by by;
    bool in_nl;
    const char *province; /* code, or NULL */
    int pc4;
    double lat, lon; /* 0,0: no coordinate */
    const char *sector;
    const char *network;
    enum routing_reason reason;
    int km_min, km_max; /* -1,-1: no distance */
    /* with ROUTE_FALLBACK: the nearest regional networks, nearest first (NULL: no list) */
    const struct near *nearest;
};

/* the fallback's lists: each entry outside its own coverage and radius */
static const struct near breda[] = {{"cwc-brainport", 50, 52},
                                    {"cwc-greenport-west-holland", 59, 60},
                                    {"cybernetwerk-utrecht", 60, 62},
                                    {NULL, 0, 0}};
static const struct near amsterdam[] = {{"cybernetwerk-utrecht", 34, 36},
                                        {"cyberwerf-den-haag", 52, 54},
                                        {"cwc-greenport-west-holland", 62, 64},
                                        {NULL, 0, 0}};
static const struct near ip_nl[] = {{"cybernetwerk-utrecht", 34, 36},
                                    {"cyberwerf-den-haag", 51, 53},
                                    {"cwc-greenport-west-holland", 62, 63},
                                    {NULL, 0, 0}};
static const struct near nijmegen[] = {{"cwc-brainport", 52, 54},
                                       {"cybernetwerk-utrecht", 57, 59},
                                       {"novel-t-twente", 80, 82},
                                       {NULL, 0, 0}};

static const struct row rows[] = {
    {"groningen", LOCATED_POSTCODE, true, "GR", 9712, 53.2191, 6.5680, "retail",
     "cyberweerbaarheid-noord-nederland", ROUTE_PROVINCE, 0, 2, NULL},
    {"leeuwarden", LOCATED_POSTCODE, true, "FR", 8911, 53.2012, 5.7999, "hospitality",
     "cyberweerbaarheid-noord-nederland", ROUTE_PROVINCE, 45, 55, NULL},
    {"maastricht", LOCATED_POSTCODE, true, "LI", 6211, 50.8514, 5.6910, "retail", "eccw-limburg",
     ROUTE_PROVINCE, 15, 25, NULL},
    {"enschede_by_postcode_range", LOCATED_POSTCODE, true, "OV", 7511, 52.2215, 6.8937,
     "construction", "novel-t-twente", ROUTE_POSTCODE, 2, 5, NULL},
    /* Overijssel outside Twente's ranges; Twente takes businesses within 70 km */
    {"zwolle_outside_twente_within_its_radius", LOCATED_POSTCODE, true, "OV", 8011, 52.5125, 6.0944,
     "retail", "novel-t-twente", ROUTE_RADIUS, 55, 65, NULL},
    {"den_haag_range_beats_province", LOCATED_POSTCODE, true, "ZH", 2511, 52.0799, 4.3113, "retail",
     "cyberwerf-den-haag", ROUTE_POSTCODE, 0, 3, NULL},
    {"den_haag_grower_goes_to_sector_network", LOCATED_POSTCODE, true, "ZH", 2511, 52.0799, 4.3113,
     "agriculture", "cwc-greenport-west-holland", ROUTE_SECTOR, 10, 16, NULL},
    {"rotterdam_retail_province", LOCATED_POSTCODE, true, "ZH", 3011, 51.9225, 4.4792, "retail",
     "cwc-greenport-west-holland", ROUTE_PROVINCE, 15, 25, NULL},
    {"eindhoven_manufacturer", LOCATED_POSTCODE, true, "NB", 5611, 51.4416, 5.4697, "manufacturing",
     "cwc-brainport", ROUTE_SECTOR, 0, 1, NULL},
    {"eindhoven_retail", LOCATED_POSTCODE, true, "NB", 5611, 51.4416, 5.4697, "retail",
     "cwc-brainport", ROUTE_POSTCODE, 0, 1, NULL},
    /* Brainport is the nearest (51 km) but takes only 40 km around it: the fallback */
    {"breda_nearest_is_brainport_outside_its_radius", LOCATED_POSTCODE, true, "NB", 4811, 51.5890,
     4.7759, "retail", FALLBACK_ID, ROUTE_FALLBACK, -1, -1, breda},
    /* no network covers Noord-Holland: Utrecht is the nearest, but does not take it */
    {"amsterdam_nearest_is_utrecht", LOCATED_POSTCODE, true, "NH", 1012, 52.3730, 4.8930, "ict",
     FALLBACK_ID, ROUTE_FALLBACK, -1, -1, amsterdam},
    {"grower_in_groningen_no_sector_network_there", LOCATED_POSTCODE, true, "GR", 9712, 53.2191,
     6.5680, "agriculture", "cyberweerbaarheid-noord-nederland", ROUTE_PROVINCE, 0, 2, NULL},
    {"ip_zuid_holland_province_only", LOCATED_IP, true, "ZH", 0, 52.0, 4.4, "retail",
     "cwc-greenport-west-holland", ROUTE_PROVINCE, 10, 20, NULL},
    {"ip_netherlands_without_province", LOCATED_IP, true, NULL, 0, 52.37, 4.89, NULL, FALLBACK_ID,
     ROUTE_FALLBACK, -1, -1, ip_nl},
    {"ip_london_abroad", LOCATED_IP, false, NULL, 0, 51.5142, -0.0931, "retail", FALLBACK_ID,
     ROUTE_FALLBACK, -1, -1, NULL},
    {"ip_in_nl_without_anything", LOCATED_IP, true, NULL, 0, 0, 0, NULL, FALLBACK_ID,
     ROUTE_FALLBACK, -1, -1, NULL},
    {"not_located", LOCATED_NONE, false, NULL, 0, 0, 0, "retail", FALLBACK_ID, ROUTE_FALLBACK, -1,
     -1, NULL},
    /* a nearer network without a radius (Utrecht, 59 km) does not take it; Twente's radius does */
    {"apeldoorn_radius_not_the_nearer_network", LOCATED_POSTCODE, true, "GE", 7311, 52.2138, 5.9582,
     "retail", "novel-t-twente", ROUTE_RADIUS, 60, 62, NULL},
    /* Drenthe is covered by province; coverage beats Twente's radius (60 km) */
    {"emmen_province_beats_radius", LOCATED_POSTCODE, true, "DR", 7811, 52.7800, 6.8942, "retail",
     "cyberweerbaarheid-noord-nederland", ROUTE_PROVINCE, 52, 55, NULL},
    {"tilburg_retail_within_brainport_radius", LOCATED_POSTCODE, true, "NB", 5038, 51.5566, 5.0787,
     "retail", "cwc-brainport", ROUTE_RADIUS, 29, 31, NULL},
    /* a sector network takes its sector within its radius too */
    {"tilburg_manufacturer_sector_network_by_radius", LOCATED_POSTCODE, true, "NB", 5038, 51.5566,
     5.0787, "manufacturing", "cwc-brainport", ROUTE_SECTOR, 29, 31, NULL},
    /* the sector does not stretch the radius: outside it, the fallback */
    {"breda_manufacturer_sector_network_too_far", LOCATED_POSTCODE, true, "NB", 4811, 51.5890,
     4.7759, "manufacturing", FALLBACK_ID, ROUTE_FALLBACK, -1, -1, breda},
    /* both radius networks are among the nearest, each outside its own radius */
    {"nijmegen_outside_every_radius", LOCATED_POSTCODE, true, "GE", 6511, 51.8464, 5.8664, "retail",
     FALLBACK_ID, ROUTE_FALLBACK, -1, -1, nijmegen},
    /* a postcode without a coordinate: coverage still counts, no distance */
    {"postcode_range_without_coordinate", LOCATED_POSTCODE, true, "OV", 7511, 0, 0, NULL,
     "novel-t-twente", ROUTE_POSTCODE, -1, -1, NULL},
    /* … but a radius needs one: the fallback, and no list without a coordinate */
    {"radius_needs_a_coordinate", LOCATED_POSTCODE, true, "OV", 8011, 0, 0, NULL, FALLBACK_ID,
     ROUTE_FALLBACK, -1, -1, NULL},
};

static struct networks *load(void)
{
    char err[512];
    struct networks *n = network_file_load("tests/data/networks-test.json", NULL, err, sizeof(err));
    if (n == NULL)
        fail_msg("networks-test.json: %s", err);
    return n;
}

static void test_routing_table(void **state)
{
    (void)state;
    struct networks *n = load();
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const struct row *r = &rows[i];
        struct location loc = {.by = r->by,
                               .in_nl = r->in_nl,
                               .pc4 = r->pc4,
                               .lat = r->lat,
                               .lon = r->lon,
                               .has_point = r->lat != 0};
        loc.province = r->province != NULL ? province_by_code(r->province) : -1;
        struct routing rt;
        routing_pick(n, &loc, r->sector, &rt);
        print_message("  %-46s → %-34s %-9s %d km", r->name, n->items[rt.network].id,
                      routing_reason_name(rt.reason), rt.distance_km);
        for (size_t k = 0; k < rt.nnearest; k++)
            print_message("%s%s %d km", k ? ", " : "; nearest: ", n->items[rt.nearest[k]].id,
                          rt.nearest_km[k]);
        print_message("\n");
        if (strcmp(n->items[rt.network].id, r->network) != 0)
            fail_msg("%s: got %s, want %s", r->name, n->items[rt.network].id, r->network);
        if (rt.reason != r->reason)
            fail_msg("%s: reason %s, want %s", r->name, routing_reason_name(rt.reason),
                     routing_reason_name(r->reason));
        assert_int_equal(n->items[rt.network].fallback, r->reason == ROUTE_FALLBACK);
        if (r->km_min < 0)
            assert_int_equal(rt.distance_km, -1);
        else if (rt.distance_km < r->km_min || rt.distance_km > r->km_max)
            fail_msg("%s: %d km, want %d..%d", r->name, rt.distance_km, r->km_min, r->km_max);
        size_t want = 0;
        while (r->nearest != NULL && r->nearest[want].network != NULL)
            want++;
        assert_true(want <= ROUTING_NEAREST_MAX);
        if (rt.nnearest != want)
            fail_msg("%s: %zu nearest networks, want %zu", r->name, rt.nnearest, want);
        for (size_t k = 0; k < want; k++) {
            const struct near *w = &r->nearest[k];
            const struct network *got = &n->items[rt.nearest[k]];
            if (strcmp(got->id, w->network) != 0)
                fail_msg("%s: nearest[%zu] is %s, want %s", r->name, k, got->id, w->network);
            assert_false(got->fallback);
            if (rt.nearest_km[k] < w->km_min || rt.nearest_km[k] > w->km_max)
                fail_msg("%s: nearest[%zu] %s at %d km, want %d..%d", r->name, k, got->id,
                         rt.nearest_km[k], w->km_min, w->km_max);
            /* honest: none of them takes the location */
            if (got->accepts_within_km > 0)
                assert_true(rt.nearest_km[k] > got->accepts_within_km);
            if (k > 0)
                assert_true(rt.nearest_km[k - 1] <= rt.nearest_km[k]);
        }
    }
    network_file_free(n);
}

/* The fixture's radii are what the table above relies on. */
static void test_routing_fixture_declares_radii(void **state)
{
    (void)state;
    struct networks *n = load();
    int twente = network_find(n, "novel-t-twente"), brainport = network_find(n, "cwc-brainport");
    assert_true(twente >= 0 && brainport >= 0);
    assert_int_equal(n->items[twente].accepts_within_km, 70);
    assert_int_equal(n->items[brainport].accepts_within_km, 40);
    assert_int_equal(n->items[network_find(n, "cybernetwerk-utrecht")].accepts_within_km, 0);
    network_file_free(n);
}

/* Fewer regional networks than the list holds: all of them, nearest first. */
static void test_routing_nearest_with_few_networks(void **state)
{
    (void)state;
    struct networks *n = load();
    /* keep only Limburg (0 km from Heerlen), Utrecht and the fallback, in that order */
    struct networks *small = calloc(1, sizeof(*small));
    assert_non_null(small);
    small->items[0] = n->items[network_find(n, "cybernetwerk-utrecht")];
    small->items[1] = n->items[network_find(n, "eccw-limburg")];
    small->items[2] = n->items[n->fallback];
    small->n = 3;
    small->fallback = 2;
    /* Zeeland: nobody covers it, nobody's radius reaches it */
    struct location loc = {.by = LOCATED_POSTCODE,
                           .in_nl = true,
                           .pc4 = 4331,
                           .province = province_by_code("ZE"),
                           .lat = 51.4988,
                           .lon = 3.6109,
                           .has_point = true};
    struct routing rt;
    routing_pick(small, &loc, NULL, &rt);
    assert_int_equal(rt.network, 2);
    assert_int_equal(rt.reason, ROUTE_FALLBACK);
    assert_int_equal(rt.distance_km, -1);
    assert_int_equal(rt.nnearest, 2);
    assert_int_equal(rt.nearest[0], 0); /* Utrecht, about 130 km */
    assert_int_equal(rt.nearest[1], 1); /* Heerlen, about 170 km */
    assert_in_range(rt.nearest_km[0], 120, 140);
    assert_in_range(rt.nearest_km[1], 160, 180);
    free(small);
    network_file_free(n);
}

static void test_routing_distance_is_great_circle(void **state)
{
    (void)state;
    /* Groningen – Maastricht: about 267 km as the crow flies */
    double d = routing_distance_km(53.2194, 6.5665, 50.8514, 5.6910);
    assert_in_range((long)d, 265, 270);
    assert_true(routing_distance_km(52, 5, 52, 5) < 1e-9);
    /* symmetric */
    assert_true(fabs(routing_distance_km(52.37, 4.89, 51.44, 5.47) -
                     routing_distance_km(51.44, 5.47, 52.37, 4.89)) < 1e-9);
}

static void test_routing_reason_names(void **state)
{
    (void)state;
    static const char *const want[ROUTE_COUNT] = {
        [ROUTE_SECTOR] = "sector", [ROUTE_POSTCODE] = "postcode", [ROUTE_PROVINCE] = "province",
        [ROUTE_RADIUS] = "radius", [ROUTE_FALLBACK] = "fallback",
    };
    for (int r = 0; r < ROUTE_COUNT; r++)
        assert_string_equal(routing_reason_name((enum routing_reason)r), want[r]);
}

static void test_routing_reason_texts(void **state)
{
    (void)state;
    static const struct {
        enum routing_reason reason;
        const char *nl, *en;
    } want[] = {
        {ROUTE_SECTOR, "Dit netwerk is gespecialiseerd in jouw sector en werkt in jouw gebied.",
         "This network specialises in your sector and works in your area."},
        {ROUTE_POSTCODE, "Dit netwerk werkt in jouw postcodegebied.",
         "This network works in your postcode area."},
        {ROUTE_PROVINCE, "Dit netwerk werkt in de provincie Zuid-Holland.",
         "This network works in the province of Zuid-Holland."},
        {ROUTE_RADIUS,
         "Je bedrijf ligt buiten het eigen gebied van dit netwerk, maar dichtbij genoeg (37 km): "
         "het helpt ook bedrijven zo dichtbij.",
         "Your business lies outside this network's own area, but close enough (37 km): it helps "
         "businesses that near too."},
        {ROUTE_FALLBACK,
         "Er werkt nog geen regionaal netwerk in jouw gebied. Daarom helpt dit landelijke loket "
         "je een scan te vinden.",
         "No regional network works in your area yet, so this national desk helps you find a "
         "scan."},
    };
    assert_int_equal(sizeof(want) / sizeof(want[0]), ROUTE_COUNT);
    int zh = province_by_code("ZH");
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        char buf[400];
        memset(buf, 'x', sizeof(buf));
        routing_reason_text(want[i].reason, LANG_NL, zh, 37, buf, sizeof(buf));
        assert_string_equal(buf, want[i].nl);
        memset(buf, 'x', sizeof(buf));
        routing_reason_text(want[i].reason, LANG_EN, zh, 37, buf, sizeof(buf));
        assert_string_equal(buf, want[i].en);
    }
    /* the province and the distance are the ones passed */
    char buf[400];
    routing_reason_text(ROUTE_PROVINCE, LANG_NL, province_by_code("FR"), -1, buf, sizeof(buf));
    assert_string_equal(buf, "Dit netwerk werkt in de provincie Fryslân.");
    routing_reason_text(ROUTE_RADIUS, LANG_EN, -1, 149, buf, sizeof(buf));
    assert_non_null(strstr(buf, "(149 km)"));
    /* a short buffer is cut and terminated, never overrun */
    char small[12];
    memset(small, 'x', sizeof(small));
    routing_reason_text(ROUTE_FALLBACK, LANG_EN, -1, -1, small, 10);
    assert_string_equal(small, "No region");
    assert_int_equal(small[10], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routing_table),
        cmocka_unit_test(test_routing_fixture_declares_radii),
        cmocka_unit_test(test_routing_nearest_with_few_networks),
        cmocka_unit_test(test_routing_distance_is_great_circle),
        cmocka_unit_test(test_routing_reason_names),
        cmocka_unit_test(test_routing_reason_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
