/*
 * withdrawal.c — the respondent's own way out, behind the secret link of
 * the confirmation:
 *   GET    /api/v1/withdrawals/{key}   what the link points to
 *   DELETE /api/v1/withdrawals/{key}   withdraw: erase the referral, free the slot
 */
#include "api/api.h"

#include "domain/calendar.h"
#include "mail/sender.h"
#include "store/janitor.h"
#include "store/referral.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The referral the link in the path points to (its id in `id`), or NULL with the response set. */
static json_t *withdraw_referral(struct req *r, char id[TOKEN_LEN + 1])
{
    if (!token_valid(r->param[0])) {
        api_fail(r, E_BAD_WITHDRAW_LINK);
        return NULL;
    }
    enum store_err rc = referral_by_withdraw_key(&r->app->durable, r->param[0], id);
    json_t *ref = rc == STORE_OK ? referral_get(&r->app->durable, id, &rc) : NULL;
    if (ref == NULL)
        api_store_fail(r, rc, E_UNKNOWN_WITHDRAWAL);
    return ref;
}

int api_withdrawal_get(struct req *r)
{
    char id[TOKEN_LEN + 1];
    json_t *ref = withdraw_referral(r, id);
    if (ref == NULL)
        return r->status;
    int lang = api_lang(r, strcmp(api_str(ref, "lang"), "en") == 0 ? LANG_EN : LANG_NL);
    if (lang < 0) {
        json_decref(ref);
        return r->status;
    }
    r->lang = lang;
    int ni = network_find(r->content->networks, api_str(ref, "network"));
    json_t *slot = json_null();
    struct slot sl;
    if (api_str(ref, "slot")[0] != '\0' &&
        slot_get(&r->app->durable, api_str(ref, "slot"), &sl) == STORE_OK)
        slot = api_slot_json(&sl, false);
    char created[CALENDAR_TIME_TEXT];
    calendar_format_time(strtoll(api_str(ref, "created"), NULL, 10), 0, created);
    json_t *net = ni >= 0 ? api_network_json(&r->content->networks->items[ni], -1, (enum lang)lang)
                          : json_null();
    json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "created", created, "status",
                            api_str(ref, "status"), "company", api_str(ref, "company"), "lang",
                            lang_name((enum lang)lang), "slot", slot, "network", net);
    json_decref(ref);
    return resp_json(r, 200, out);
}

int api_withdrawal_delete(struct req *r)
{
    char id[TOKEN_LEN + 1];
    json_t *ref = withdraw_referral(r, id);
    if (ref == NULL)
        return r->status;
    /* the respondent's confirmation, and the network's notice when it knew of the referral */
    struct mail_rec mails[OUTBOX_MAX_MAILS];
    struct mail_facts mf;
    struct slot sl;
    size_t n =
        api_mail_facts(r, ref, r->param[0], &sl, &mf) == 0 ? compose_withdrawal(&mf, mails) : 0;
    /* the network keeps a tombstone for a while: a team already planned is not surprised */
    int64_t now = (int64_t)time(NULL);
    enum store_err rc =
        referral_erase(&r->app->durable, id, NULL, now, now + TOMBSTONE_DAYS * 86400L, mails, n);
    outbox_free(mails, n);
    json_decref(ref);
    if (rc == STORE_OK)
        mail_wake();
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_WITHDRAWAL);
    janitor_request_rewrite();
    return resp_no_content(r);
}
