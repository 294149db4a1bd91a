/*
 * test_relay.c — what ZELFTEST_SMTP_URL says about the relay (and when TLS
 * may be skipped), the envelope address of ZELFTEST_MAIL_FROM, and what
 * the sender does after an attempt: deliver, retry with a doubling wait, or
 * give up.
 */
#include "mail/relay.h"
#include "test_util.h"

#include <string.h>

static void test_relay_parse_accepts_the_documented_forms(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        enum relay_tls tls;
    } rows[] = {
        {"smtp://relay.example", RELAY_TLS_REQUIRED},
        {"smtp://relay.example:587", RELAY_TLS_REQUIRED},
        {"smtp://relay.example:587/zelftest.example", RELAY_TLS_REQUIRED},
        {"smtp://relay.example/zelftest.example", RELAY_TLS_REQUIRED},
        {"smtps://relay.example", RELAY_TLS_IMPLICIT},
        {"smtps://relay.example:465", RELAY_TLS_IMPLICIT},
        {"smtps://127.0.0.1:465", RELAY_TLS_IMPLICIT}, /* implicit TLS stays, even on loopback */
        {"smtp://[2001:db8::25]:25", RELAY_TLS_REQUIRED},
        {"smtp://[::1]", RELAY_TLS_OPTIONAL},
        {"smtp://[::1]:2525", RELAY_TLS_OPTIONAL},
        {"smtp://127.0.0.1:1025", RELAY_TLS_OPTIONAL},
        {"smtp://127.0.0.5", RELAY_TLS_OPTIONAL},
        {"smtp://127.255.255.254:25/x", RELAY_TLS_OPTIONAL},
        {"smtp://localhost:1025", RELAY_TLS_OPTIONAL},
        {"smtp://LocalHost", RELAY_TLS_OPTIONAL},
        {"smtp://128.0.0.1", RELAY_TLS_REQUIRED},
        {"smtp://10.0.0.1:25", RELAY_TLS_REQUIRED},
        {"smtp://localhost.example", RELAY_TLS_REQUIRED},
        {"smtp://127.0.0.1.evil.example", RELAY_TLS_REQUIRED},
        {"smtp://[::ffff:127.0.0.1]", RELAY_TLS_REQUIRED}, /* by design: only [::1] */
        {"smtp://relay.example:65535", RELAY_TLS_REQUIRED},
        {"smtp://relay.example:1", RELAY_TLS_REQUIRED},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct relay r;
        if (relay_parse(rows[i].url, &r) != 0)
            fail_msg("%s: refused", rows[i].url);
        if (r.tls != rows[i].tls)
            fail_msg("%s: tls %d, want %d", rows[i].url, (int)r.tls, (int)rows[i].tls);
        assert_string_equal(r.url, rows[i].url); /* libcurl gets the URL as it was written */
        assert_string_equal(r.unix_path, "");
    }
}

static void test_relay_parse_unix_socket_has_no_tls(void **state)
{
    (void)state;
    struct relay r;
    assert_int_equal(relay_parse("smtp+unix:/run/zelftest/smtp.sock", &r), 0);
    assert_int_equal(r.tls, RELAY_TLS_NONE);
    assert_string_equal(r.unix_path, "/run/zelftest/smtp.sock");
    assert_string_equal(r.url, "smtp://localhost"); /* libcurl needs a URL beside the path */

    /* a relative path, or none */
    assert_int_equal(relay_parse("smtp+unix:run/smtp.sock", &r), -1);
    assert_int_equal(relay_parse("smtp+unix:", &r), -1);
    assert_string_equal(r.unix_path, "");
}

static void test_relay_parse_refuses_unusable_urls(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "http://relay.example",
        "https://relay.example",
        "smtp:relay.example",
        "smtp:/relay.example",
        "SMTP://relay.example", /* the scheme as documented, nothing looser */
        "relay.example:25",
        "smtp://",
        "smtp://:25",
        "smtp:///domain",
        "smtp://user:pw@relay.example",
        "smtp://user@relay.example",
        "smtps://u:p@relay.example:465",
        "smtp://relay.example:",
        "smtp://relay.example:25x",
        "smtp://relay.example:-25",
        "smtp://relay.example:123456",
        "smtp://relay.example:25:26",
        "smtp://[::1",
        "smtp://[::1]x",
        "smtp://[::1]:",
        "smtp://relay example",
        "smtp://relay.example/\r\nQUIT",
        "smtp://relay.example\n",
        "smtp://relay.example\t",
        "smtp://relay.\x7f",
        "smtp://relay.example/dom ain",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct relay r;
        memset(&r, 'x', sizeof(r));
        if (relay_parse(bad[i], &r) != -1)
            fail_msg("accepted '%s'", bad[i]);
        assert_string_equal(r.url, ""); /* nothing half-parsed left for libcurl */
    }
}

static void test_relay_parse_refuses_ports_out_of_range(void **state)
{
    (void)state;
    static const char *const bad[] = {"smtp://relay.example:0", "smtp://relay.example:65536",
                                      "smtp://relay.example:99999", "smtps://[::1]:70000/x",
                                      "smtp://127.0.0.1:00000"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct relay r;
        if (relay_parse(bad[i], &r) != -1)
            fail_msg("accepted '%s'", bad[i]);
    }
}

static void test_relay_parse_refuses_control_characters_in_a_socket_path(void **state)
{
    (void)state;
    struct relay r;
    assert_int_equal(relay_parse("smtp+unix:/run/smtp.sock\n", &r), -1);
    assert_int_equal(relay_parse("smtp+unix:/run/\x1b[2Jsmtp.sock", &r), -1);
    assert_int_equal(relay_parse("smtp+unix:/run/smtp\x7f.sock", &r), -1);
    /* a space is a legal (if unusual) character of a file name */
    assert_int_equal(relay_parse("smtp+unix:/run/my relay/smtp.sock", &r), 0);
    assert_string_equal(r.unix_path, "/run/my relay/smtp.sock");
}

static void test_relay_parse_refuses_too_long_urls(void **state)
{
    (void)state;
    char url[RELAY_URL_MAX + 8];
    struct relay r;
    /* RELAY_URL_MAX - 1 characters fit, with the NUL */
    size_t n = RELAY_URL_MAX - 1;
    memset(url, 'a', n);
    memcpy(url, "smtp://", 7);
    url[n] = '\0';
    assert_int_equal(relay_parse(url, &r), 0);
    assert_int_equal(strlen(r.url), n);
    url[n] = 'a';
    url[n + 1] = '\0';
    assert_int_equal(relay_parse(url, &r), -1);

    memset(url, 'a', sizeof(url) - 1);
    memcpy(url, "smtp+unix:/", 11);
    url[RELAY_URL_MAX] = '\0';
    assert_int_equal(relay_parse(url, &r), -1);
    url[RELAY_URL_MAX - 1] = '\0';
    assert_int_equal(relay_parse(url, &r), 0);
    assert_int_equal(strlen(r.unix_path), RELAY_URL_MAX - 1 - 10);
}

static bool loopback(const char *host)
{
    return relay_host_is_loopback(host, strlen(host));
}

static void test_relay_loopback_hosts(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "localhost", "LOCALHOST", "[::1]",           "127.0.0.1",       "127.0.0.5",
        "127.1.2.3", "127.0.0.0", "127.255.255.255", "127.100.200.250", "127.0.0.10"};
    static const char *const no[] = {
        "",
        "localhost.",
        "localhost.example",
        "mylocalhost",
        "[::2]",
        "::1",
        "[::1",
        "[0:0:0:0:0:0:0:1]", /* the same address, but only the short form is taken */
        "[::ffff:127.0.0.1]",
        "127.1", /* inet_aton's short forms: not taken, TLS stays required */
        "127.0.1",
        "127",
        "127.",
        "127.0.0.1.evil.example",
        "127.0.0.1.",
        "127.0.0.1x",
        "127.0.0.1:25",
        "128.0.0.1",
        "12.7.0.0.1",
        "1127.0.0.1",
        "0x7f.0.0.1",
        "127.0.0.-1",
        "127.0.0.+1",
        "127.0.0. 1",
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        if (!loopback(yes[i]))
            fail_msg("'%s' is loopback", yes[i]);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (loopback(no[i]))
            fail_msg("'%s' is not loopback", no[i]);
    /* the length is what counts, not a NUL: the host part of a longer URL */
    assert_true(relay_host_is_loopback("localhost:25", 9));
    assert_true(relay_host_is_loopback("127.0.0.1/x", 9));
    assert_false(relay_host_is_loopback("127.0.0.1", 8));
}

static void test_relay_loopback_needs_a_real_dotted_quad(void **state)
{
    (void)state;
    /* names no resolver would take as 127/8: a DNS answer for them could be
     * anywhere, and then STARTTLS must not be optional */
    static const char *const no[] = {"127.0.0.",    "127..0.1",    "127...1",      "127.0.0.256",
                                     "127.0.0.999", "127.300.0.1", "127.0.0.0001", "127.0.00000.1"};
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (loopback(no[i]))
            fail_msg("'%s' is not loopback", no[i]);
}

static void test_relay_envelope_address(void **state)
{
    (void)state;
    static const char *const rows[][2] = {
        {"Zelftest cyberveiligheid <noreply@localhost>", "<noreply@localhost>"},
        {"noreply@zelftest.example", "<noreply@zelftest.example>"},
        {"  noreply@zelftest.example\t", "<noreply@zelftest.example>"},
        {"<noreply@zelftest.example>", "<noreply@zelftest.example>"},
        {"Name < noreply@zelftest.example >", "<noreply@zelftest.example>"},
        {"\"A <b> c\" <noreply@zelftest.example>", "<noreply@zelftest.example>"},
        {"Zelftest – NL <noreply@zelftest.example>", "<noreply@zelftest.example>"},
        {"Name <a@b> trailing", "<a@b>"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char out[64] = "";
        if (relay_envelope_address(rows[i][0], out, sizeof(out)) != 0)
            fail_msg("'%s' refused", rows[i][0]);
        if (strcmp(out, rows[i][1]) != 0)
            fail_msg("'%s' gave '%s', want '%s'", rows[i][0], out, rows[i][1]);
    }
    static const char *const bad[] = {
        "",
        "   ",
        "Name <>",
        "noreply",
        "Name <noreply>",
        "Name <noreply@localhost",
        "<noreply@localhost",
        "no reply@localhost",
        "Name <no reply@localhost>",
        "Name <noreply@local\thost>",
        "noreply@localhost>",
        "Name <a@b\r\n>",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[64];
        if (relay_envelope_address(bad[i], out, sizeof(out)) != -1)
            fail_msg("'%s' accepted as '%s'", bad[i], out);
    }
}

static void test_relay_envelope_address_respects_the_room(void **state)
{
    (void)state;
    char out[8];
    /* "<a@bc>" is 6 characters and a NUL */
    assert_int_equal(relay_envelope_address("a@bc", out, 7), 0);
    assert_string_equal(out, "<a@bc>");
    memset(out, 'x', sizeof(out));
    assert_int_equal(relay_envelope_address("a@bcd", out, 7), -1);
    assert_int_equal(out[0], 'x'); /* nothing written when it does not fit */
}

static void test_relay_outcome(void **state)
{
    (void)state;
    assert_int_equal(relay_outcome(true, 250, false), RELAY_DELIVERED);
    assert_int_equal(relay_outcome(true, 0, false), RELAY_DELIVERED);
    assert_int_equal(relay_outcome(false, 550, false), RELAY_DEAD);
    assert_int_equal(relay_outcome(false, 500, false), RELAY_DEAD);
    assert_int_equal(relay_outcome(false, 554, false), RELAY_DEAD);
    assert_int_equal(relay_outcome(false, 599, false), RELAY_DEAD);
    assert_int_equal(relay_outcome(false, 451, false), RELAY_RETRY);
    assert_int_equal(relay_outcome(false, 421, false), RELAY_RETRY);
    assert_int_equal(relay_outcome(false, 0, false), RELAY_RETRY); /* no answer at all */
    assert_int_equal(relay_outcome(false, 600, false), RELAY_RETRY);
    assert_int_equal(relay_outcome(false, 250, false), RELAY_RETRY); /* failed after a 250 */
    /* a refused login is the operator's to fix, never the message's fault */
    assert_int_equal(relay_outcome(false, 535, true), RELAY_RETRY);
    assert_int_equal(relay_outcome(false, 530, true), RELAY_RETRY);
}

static void test_relay_next_try_doubles_up_to_the_maximum(void **state)
{
    (void)state;
    const int64_t first = 1800000000, now = first + 100;
    const long base = 60, max = 3600, give_up = 48 * 3600;
    static const long want[] = {60, 120, 240, 480, 960, 1920, 3600, 3600, 3600};
    for (long a = 1; a <= (long)(sizeof(want) / sizeof(want[0])); a++) {
        int64_t at = relay_next_try(now, first, a, base, max, give_up);
        if (at != now + want[a - 1])
            fail_msg("attempt %ld: wait %lld, want %ld", a, (long long)(at - now), want[a - 1]);
    }
    /* however many attempts, the wait stays at the maximum (and nothing overflows) */
    assert_int_equal(relay_next_try(now, first, 1000000, base, max, give_up), now + max);
    assert_int_equal(relay_next_try(now, first, 1000000, 1, 86400, give_up), now + 86400);
    /* a base above the maximum is cut to it */
    assert_int_equal(relay_next_try(now, first, 1, 7200, max, give_up), now + max);
}

static void test_relay_next_try_never_past_the_give_up_time(void **state)
{
    (void)state;
    const int64_t first = 1800000000;
    const long give_up = 48 * 3600;
    const int64_t until = first + give_up;
    /* a wait that would end past the give-up time ends at it: one last try */
    assert_int_equal(relay_next_try(until - 10, first, 9, 60, 3600, give_up), until);
    assert_int_equal(relay_next_try(until - 3600, first, 9, 60, 3600, give_up), until);
    assert_int_equal(relay_next_try(until - 3601, first, 9, 60, 3600, give_up), until - 1);
    assert_int_equal(relay_next_try(until - 1, first, 1, 60, 3600, give_up), until);
    /* at or after it: give up */
    assert_int_equal(relay_next_try(until, first, 9, 60, 3600, give_up), -1);
    assert_int_equal(relay_next_try(until + 1, first, 9, 60, 3600, give_up), -1);
    assert_int_equal(relay_next_try(until + 86400, first, 1, 60, 3600, give_up), -1);
    /* whatever the attempt, the next try is never after `until` */
    for (long a = 1; a < 40; a++)
        for (int64_t now = first; now < until; now += 1777) {
            int64_t at = relay_next_try(now, first, a, 60, 3600, give_up);
            if (at <= now || at > until)
                fail_msg("attempt %ld at +%lld: next try at +%lld", a, (long long)(now - first),
                         (long long)(at - first));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relay_parse_accepts_the_documented_forms),
        cmocka_unit_test(test_relay_parse_unix_socket_has_no_tls),
        cmocka_unit_test(test_relay_parse_refuses_unusable_urls),
        cmocka_unit_test(test_relay_parse_refuses_ports_out_of_range),
        cmocka_unit_test(test_relay_parse_refuses_control_characters_in_a_socket_path),
        cmocka_unit_test(test_relay_parse_refuses_too_long_urls),
        cmocka_unit_test(test_relay_loopback_hosts),
        cmocka_unit_test(test_relay_loopback_needs_a_real_dotted_quad),
        cmocka_unit_test(test_relay_envelope_address),
        cmocka_unit_test(test_relay_envelope_address_respects_the_room),
        cmocka_unit_test(test_relay_outcome),
        cmocka_unit_test(test_relay_next_try_doubles_up_to_the_maximum),
        cmocka_unit_test(test_relay_next_try_never_past_the_give_up_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
