/*
 * fuzz_fields.c — every validator of a single field from outside: e-mail,
 * phone, text, URL, dates, postcodes, tokens, addresses and CIDR lists.
 */
#include "content/campaign_file.h"
#include "domain/calendar.h"
#include "domain/lang.h"
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
    char phone[16], buf[CALENDAR_TIME_TEXT];
    int64_t t, day;
    int off;
    (void)validate_email(s);
    (void)validate_phone_nl(s, phone);
    (void)validate_line(s, 200);
    (void)validate_note(s, 2000);
    (void)validate_https_url(s);
    if (validate_datetime(s, &t, &off))
        calendar_format_time(t, off, buf);
    (void)validate_date(s, &day);
    (void)postcode_parse(s);
    (void)token_valid(s);
    (void)campaign_file_origin_valid(s);
    (void)validate_utf8_chars(s);
    (void)validate_id(s, 64, true);
    (void)lang_from_accept(s, LANG_NL);
    free(s);
    return 0;
}
