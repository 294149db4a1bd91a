/*
 * api.h — the HTTP API: the route table (api.c) and the handlers, one
 * endpoint group per file (api_session.c, api_questionnaire.c, …).
 * Every handler returns the HTTP status it set on the request.
 */
#ifndef ZT_API_H
#define ZT_API_H

#include "domain/answers.h"
#include "util/config.h"
#include "domain/ipaddr.h"
#include "http/req.h"
#include "domain/score.h"
#include "store/session.h"

/* Prepares the handlers' long-lived state (scripts, …).  Returns 0 or -1 with `err`. */
int api_init(const struct config *cfg, char *err, size_t errlen);
void api_free(void);

/* Routes and runs one request. */
void api_dispatch(struct req *r);

/* ---- shared by the handlers ---- */

/* 503 with Retry-After: Redis is unreachable or timed out. */
int api_unavailable(struct req *r);

/* Path parameter i as a session token; 0, or 400 (response set) when it has the wrong shape. */
int api_token_param(struct req *r, size_t i, const char **token);

/* Maps a session_rc other than SESSION_OK to its response. */
int api_session_error(struct req *r, enum session_rc rc);

/* ?lang=nl|en, else `def`; -1 (response set, 400) for another value. */
int api_lang(struct req *r, int def);

/* ZELFTEST_TRUSTED_PROXIES, parsed at start-up. */
const struct cidr_list *api_trusted_proxies(void);

/* The "referral" object of a result: located how, which network, its consent text. */
json_t *api_referral_offer(struct req *r, const struct qn *qn, const struct answers *a,
                           const struct score *s, enum lang lang);

/* Index of the campaign if it exists and runs today, else -1. */
int api_campaign_active(struct req *r, const char *id);

/* ?from&to as day numbers (defaults to the last `default_days`); -1 with 400 set when bad. */
int api_date_range(struct req *r, int64_t default_days, int64_t max_days, int64_t *from,
                   int64_t *to);

/* A session as the handlers use it: its questionnaire and decoded answers. */
struct api_session {
    const char *token; /* the path parameter (valid during the request) */
    const struct qn *qn;
    struct answers a;
    int lang; /* ?lang=, else the session's */
    char campaign[SESSION_CAMPAIGN_MAX + 1];
    bool counted;
    long ttl;
};

/*
 * Opens the session named by path parameter 0: token shape (400), the
 * session (404/503), ?lang (400), its questionnaire version (410).
 * Returns 0, or the status with the response set.
 */
int api_session_open(struct req *r, struct api_session *out);

/*
 * The bearer token of the Authorization header (16..256 printable bytes),
 * or NULL.  Borrowed, valid during the request.
 */
const char *api_bearer(struct req *r);

/* 401 with WWW-Authenticate for `realm`. */
int api_unauthorized(struct req *r, const char *realm, const char *message);

/* ---- handlers ---- */
int api_health(struct req *r);
int api_version(struct req *r);
int api_questionnaire(struct req *r);
int api_session_create(struct req *r);
int api_session_get(struct req *r);
int api_session_answer(struct req *r);
int api_session_result(struct req *r);
int api_referral_create(struct req *r);
int api_network_slots_public(struct req *r);
int api_withdrawal_get(struct req *r);
int api_withdrawal_delete(struct req *r);
int api_network_me(struct req *r);
int api_network_referrals(struct req *r);
int api_network_referrals_csv(struct req *r);
int api_network_referral_get(struct req *r);
int api_network_referral_status(struct req *r);
int api_network_referral_delete(struct req *r);
int api_network_slots(struct req *r);
int api_network_slot_create(struct req *r);
int api_network_slot_delete(struct req *r);
int api_embed(struct req *r);
int api_campaign_get(struct req *r);
int api_campaign_stats(struct req *r);
int api_campaign_stats_csv(struct req *r);
int api_stats(struct req *r);
int api_stats_csv(struct req *r);

#endif
