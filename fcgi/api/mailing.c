/*
 * mailing.c — the facts the mails about a stored referral are made from
 * (see mail/compose.h): its network, scan type, slot and the respondent's
 * name, address and language, all borrowed from `ref` and the content.
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int api_mail_facts(struct req *r, const json_t *ref, const char *withdraw_key,
                   struct slot *slot_buf, struct mail_facts *f)
{
    const struct networks *nets = r->content->networks;
    int ni = network_find(nets, api_str(ref, "network"));
    if (ni < 0 || r->content->mail == NULL)
        return -1;
    const struct network *nw = &nets->items[ni];
    int si = network_scan(nw, api_str(ref, "scan"));
    const char *sid = api_str(ref, "slot");
    *f = (struct mail_facts){
        .texts = r->content->mail,
        .nw = nw,
        .scan = si >= 0 ? &nw->scans[si] : NULL,
        .slot = sid[0] != '\0' && slot_get(&r->app->durable, sid, slot_buf) == STORE_OK ? slot_buf
                                                                                        : NULL,
        .ref_id = api_str(ref, "id"),
        .company = api_str(ref, "company"),
        .contact_name = api_str(ref, "contact_name"),
        .email = api_str(ref, "email"),
        .postcode = api_str(ref, "postcode"),
        .pc4 = r->content->pc4,
        .lang = strcmp(api_str(ref, "lang"), "en") == 0 ? LANG_EN : LANG_NL,
        .withdraw_key = withdraw_key,
        .seq = (int)strtol(api_str(ref, "seq"), NULL, 10),
        .now = (int64_t)time(NULL),
    };
    return 0;
}
