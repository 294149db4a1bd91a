/*
 * test_ipaddr.c — trusted proxies and which address is the client's.
 */
#include "domain/ipaddr.h"
#include "test_util.h"

#include <string.h>

static void test_cidr_list_parses_and_matches(void **state)
{
    (void)state;
    struct cidr_list l;
    char err[128];
    assert_int_equal(
        cidr_list_parse("10.0.0.0/8, 192.168.1.7,::1/128 2001:db8::/32", &l, err, sizeof(err)), 0);
    assert_int_equal(l.n, 4);
    struct ipaddr a;
    static const char *const in[] = {"10.1.2.3", "192.168.1.7", "::1", "2001:db8:1::5"};
    static const char *const out[] = {"11.0.0.1", "192.168.1.8", "::2", "2001:db9::1"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ipaddr_parse(in[i], &a), 0);
        assert_true(cidr_list_contains(&l, &a));
        assert_int_equal(ipaddr_parse(out[i], &a), 0);
        assert_false(cidr_list_contains(&l, &a));
    }
    assert_int_equal(cidr_list_parse("", &l, err, sizeof(err)), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(cidr_list_parse("10.0.0.0/33", &l, err, sizeof(err)), -1);
    assert_int_equal(cidr_list_parse("10.0.0/8", &l, err, sizeof(err)), -1);
    assert_int_equal(cidr_list_parse("example.org", &l, err, sizeof(err)), -1);
    assert_int_equal(cidr_list_parse("10.0.0.0/x", &l, err, sizeof(err)), -1);
}

static void test_client_address_rules(void **state)
{
    (void)state;
    struct cidr_list trusted;
    char err[128], out[IPADDR_STR_MAX];
    cidr_list_parse("127.0.0.1, 10.0.0.0/8", &trusted, err, sizeof(err));
    /* direct client: the header is ignored */
    assert_int_equal(ipaddr_client("81.2.69.142", "1.2.3.4", &trusted, out), 0);
    assert_string_equal(out, "81.2.69.142");
    /* through a trusted proxy: the last hop the proxy saw */
    assert_int_equal(ipaddr_client("127.0.0.1", "81.2.69.142", &trusted, out), 0);
    assert_string_equal(out, "81.2.69.142");
    /* a forged left part cannot win: the rightmost untrusted address is the client */
    assert_int_equal(ipaddr_client("127.0.0.1", "6.6.6.6, 81.2.69.142, 10.0.0.5", &trusted, out),
                     0);
    assert_string_equal(out, "81.2.69.142");
    /* no header from a proxy: the proxy itself */
    assert_int_equal(ipaddr_client("10.1.1.1", NULL, &trusted, out), 0);
    assert_string_equal(out, "10.1.1.1");
    /* garbage in the chain: nothing is believed */
    assert_int_equal(ipaddr_client("127.0.0.1", "81.2.69.142, nonsense", &trusted, out), -1);
    assert_int_equal(ipaddr_client(NULL, NULL, &trusted, out), -1);
    assert_int_equal(ipaddr_client("not-an-ip", NULL, &trusted, out), -1);
    /* IPv6 */
    assert_int_equal(ipaddr_client("127.0.0.1", " 2a02:d000::1 ", &trusted, out), 0);
    assert_string_equal(out, "2a02:d000::1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cidr_list_parses_and_matches),
        cmocka_unit_test(test_client_address_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
