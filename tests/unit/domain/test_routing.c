/*
 * test_routing.c — which network a respondent is offered, on a fixture copy
 * of the registry (tests/data/networks-test.json), with coordinates of the
 * PC4 areas.
 */
#include "content/network_file.h"
#include "domain/province.h"
#include "domain/routing.h"
#include "test_util.h"

#include <math.h>

#include <string.h>

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
};

static const struct row rows[] = {
    {"groningen", LOCATED_POSTCODE, true, "GR", 9712, 53.2191, 6.5680, "retail",
     "cyberweerbaarheid-noord-nederland", ROUTE_COVERAGE, 0, 2},
    {"leeuwarden", LOCATED_POSTCODE, true, "FR", 8911, 53.2012, 5.7999, "hospitality",
     "cyberweerbaarheid-noord-nederland", ROUTE_COVERAGE, 45, 55},
    {"maastricht", LOCATED_POSTCODE, true, "LI", 6211, 50.8514, 5.6910, "retail", "eccw-limburg",
     ROUTE_COVERAGE, 15, 25},
    {"enschede_by_postcode_range", LOCATED_POSTCODE, true, "OV", 7511, 52.2215, 6.8937,
     "construction", "novel-t-twente", ROUTE_COVERAGE, 2, 5},
    {"zwolle_not_twente_nearest", LOCATED_POSTCODE, true, "OV", 8011, 52.5125, 6.0944, "retail",
     "novel-t-twente", ROUTE_NEAREST, 55, 70},
    {"den_haag_range_beats_province", LOCATED_POSTCODE, true, "ZH", 2511, 52.0799, 4.3113, "retail",
     "cyberwerf-den-haag", ROUTE_COVERAGE, 0, 3},
    {"den_haag_grower_goes_to_sector_network", LOCATED_POSTCODE, true, "ZH", 2511, 52.0799, 4.3113,
     "agriculture", "cwc-greenport-west-holland", ROUTE_SECTOR_COVERAGE, 10, 16},
    {"rotterdam_retail_province", LOCATED_POSTCODE, true, "ZH", 3011, 51.9225, 4.4792, "retail",
     "cwc-greenport-west-holland", ROUTE_COVERAGE, 15, 25},
    {"eindhoven_manufacturer", LOCATED_POSTCODE, true, "NB", 5611, 51.4416, 5.4697, "manufacturing",
     "cwc-brainport", ROUTE_SECTOR_COVERAGE, 0, 1},
    {"eindhoven_retail", LOCATED_POSTCODE, true, "NB", 5611, 51.4416, 5.4697, "retail",
     "cwc-brainport", ROUTE_COVERAGE, 0, 1},
    {"breda_nearest_is_brainport", LOCATED_POSTCODE, true, "NB", 4811, 51.5890, 4.7759, "retail",
     "cwc-brainport", ROUTE_NEAREST, 45, 55},
    {"amsterdam_nearest_is_utrecht", LOCATED_POSTCODE, true, "NH", 1012, 52.3730, 4.8930, "ict",
     "cybernetwerk-utrecht", ROUTE_NEAREST, 30, 40},
    {"grower_in_groningen_no_sector_network_there", LOCATED_POSTCODE, true, "GR", 9712, 53.2191,
     6.5680, "agriculture", "cyberweerbaarheid-noord-nederland", ROUTE_COVERAGE, 0, 2},
    {"ip_zuid_holland_province_only", LOCATED_IP, true, "ZH", 0, 52.0, 4.4, "retail",
     "cwc-greenport-west-holland", ROUTE_COVERAGE, 10, 20},
    {"ip_netherlands_without_province", LOCATED_IP, true, NULL, 0, 52.37, 4.89, NULL,
     "cybernetwerk-utrecht", ROUTE_NEAREST, 30, 40},
    {"ip_london_abroad", LOCATED_IP, false, NULL, 0, 51.5142, -0.0931, "retail",
     "digital-trust-center", ROUTE_FALLBACK, -1, -1},
    {"ip_in_nl_without_anything", LOCATED_IP, true, NULL, 0, 0, 0, NULL, "digital-trust-center",
     ROUTE_FALLBACK, -1, -1},
    {"not_located", LOCATED_NONE, false, NULL, 0, 0, 0, "retail", "digital-trust-center",
     ROUTE_FALLBACK, -1, -1},
};

static void test_routing_table(void **state)
{
    (void)state;
    char err[512];
    struct networks *n = network_file_load("tests/data/networks-test.json", NULL, err, sizeof(err));
    if (n == NULL)
        fail_msg("networks.json: %s", err);
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
        print_message("  %-44s → %-34s %-16s %d km\n", r->name, n->items[rt.network].id,
                      routing_reason_name(rt.reason), rt.distance_km);
        if (strcmp(n->items[rt.network].id, r->network) != 0)
            fail_msg("%s: got %s, want %s", r->name, n->items[rt.network].id, r->network);
        assert_int_equal(rt.reason, r->reason);
        if (r->km_min < 0)
            assert_int_equal(rt.distance_km, -1);
        else
            assert_in_range(rt.distance_km, r->km_min, r->km_max);
    }
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routing_table),
        cmocka_unit_test(test_routing_distance_is_great_circle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
