/*
 * fuzz_fields.c — every validator of a single field from outside: e-mail,
 * phone, text, URL, dates, postcodes, tokens, addresses and CIDR lists.
 */
#include "content/campaigns.h"
#include "domain/ipaddr.h"
#include "domain/postcode.h"
#include "domain/token.h"
#include "domain/validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char phone[16], buf[64], ip[IPADDR_STR_MAX], err[128];
    int64_t t, day;
    int off;
    (void)validate_email(s);
    (void)validate_phone_nl(s, phone);
    (void)validate_line(s, 200);
    (void)validate_note(s, 2000);
    (void)validate_https_url(s);
    if (validate_datetime(s, &t, &off))
        format_datetime(t, off, buf, sizeof(buf));
    (void)validate_date(s, &day);
    (void)postcode_parse(s);
    (void)token_valid(s);
    (void)campaign_origin_valid(s);
    struct cidr_list l;
    if (cidr_list_parse(s, &l, err, sizeof(err)) == 0)
        (void)ipaddr_client("127.0.0.1", s, &l, ip);
    /* the same bytes as an X-Forwarded-For behind a trusted loopback proxy */
    cidr_list_parse("127.0.0.0/8, ::1", &l, err, sizeof(err));
    (void)ipaddr_client("127.0.0.1", s, &l, ip);
    free(s);
    return 0;
}
