/*
 * api.h — the HTTP API: the route table and request entry (api.c), the
 * helpers every handler shares, and the handlers, one endpoint group per
 * file (session.c, questionnaire.c, referral.c, withdrawal.c, network.c,
 * slots.c, campaign.c, stats.c, health.c).  Every handler returns the HTTP
 * status it set on the request.  Handlers reach the stores, the settings
 * and the content through the request (r->app, r->content), never through
 * the worker pool.
 */
#ifndef ZT_API_H
#define ZT_API_H

#include "api/error.h"
#include "content/content.h"
#include "domain/answers.h"
#include "domain/lang.h"
#include "domain/qn.h"
#include "domain/score.h"
#include "http/req.h"
#include "mail/compose.h"
#include "store/session.h"
#include "store/slot.h"
#include "store/store.h"
#include "util/config.h"

#include <stdatomic.h>
#include <stdbool.h>

/* What a handler works with: one per worker thread. */
struct app {
    const struct config *cfg;
    struct store sessions; /* this worker's own connections: never shared between threads */
    struct store durable;
    struct content_hold hold; /* the content snapshot this worker serves with */
};

/* Prepares the API's process-wide state.  Returns 0 or -1 with `err`. */
int api_init(const struct config *cfg, char *err, size_t errlen);

/* The server's hooks (http/server.h): a worker's app, one request, the worker's end. */
void *api_worker_start(int id, void *arg);
void api_handle(struct req *r, void *app);
void api_worker_stop(void *app);

/* Workers running now (for /healthz). */
int api_workers_running(void);

struct route;
/* The route table (for /metrics); borrowed, static. */
const struct route *api_routes(size_t *n);

/* When api_init ran (Unix time). */
int64_t api_start_time(void);

/* ---- shared by the handlers ---- */

/* ?lang=nl|en, else `def`; -1 (response set, 400) for another value. */
int api_lang(struct req *r, int def);

/* Path parameter i as a session token; 0, or 400 (response set) when it has the wrong shape. */
int api_token_param(struct req *r, size_t i, const char **token);

/* A session as the handlers use it: its questionnaire and decoded answers. */
struct api_session {
    const char *token; /* the path parameter (valid during the request) */
    const struct qn *qn;
    struct answers a;
    int lang; /* ?lang=, else the session's */
    char campaign[SESSION_CAMPAIGN_MAX + 1];
    bool counted;
    char retest[TOKEN_LEN + 1]; /* the re-test's key, or "" */

    long ttl;
};

/*
 * Opens the session named by path parameter 0: token shape (400), the
 * session (404/503), ?lang (400), its questionnaire version (410).  Sets
 * r->lang to the session's language.  Returns 0, or the status with the
 * response set.
 */
int api_session_open(struct req *r, struct api_session *out);

/* Index of the campaign if it exists and runs today, else -1. */
int api_campaign_active(struct req *r, const char *id);

/* ?from&to as day numbers (default: the last `default_days`); -1 with 400 set when bad. */
int api_date_range(struct req *r, int64_t default_days, int64_t max_days, int64_t *from,
                   int64_t *to);

/* A string field of a stored referral (a JSON object of strings), "" when absent. */
const char *api_str(const json_t *obj, const char *key);

/* A network as the respondent sees it: name, description, place, contact, distance (-1: none). */
json_t *api_network_json(const struct network *nw, int distance_km, enum lang lang);

/* {"id","start","minutes","place","remaining"} (+ capacity and booked when `full`). */
json_t *api_slot_json(const struct slot *sl, bool full);

/*
 * The "referral" object of a result: located how, which network and why,
 * its scan types, the consent text, and the request made ("requested").
 */
json_t *api_referral_offer(struct req *r, const struct api_session *as, const struct score *s);

/* A scan type as the respondent sees it (with its agreement, or null). */
json_t *api_scan_json(const struct networks *nets, const struct scan_type *st, enum lang lang);

/* ---- handlers ---- */
/*
 * The facts of a stored referral (a referral_get object) for the mails
 * about it; they borrow from `ref`, which must outlive them.  `slot_buf`
 * receives its booked slot.  `withdraw_key` NULL: the mails point to the
 * link in the confirmation.  -1 when its network is gone or mail texts are missing.
 */
int api_mail_facts(struct req *r, const json_t *ref, const char *withdraw_key,
                   struct slot *slot_buf, struct mail_facts *f);

/* The catalogue of findings in `lang`, with the principles' titles. */
json_t *api_findings_json(const struct qn *qn, const struct findings *cat, enum lang lang);
int api_network_outcome(struct req *r);
int api_network_findings(struct req *r);
int api_stats_outcomes(struct req *r);
int api_stats_outcomes_csv(struct req *r);
int api_stats_improvement(struct req *r);
int api_stats_summary(struct req *r);
int api_retest_decline(struct req *r);

int api_health(struct req *r);
int api_version(struct req *r);
int api_questionnaire(struct req *r);
int api_session_create(struct req *r);
int api_session_get(struct req *r);
int api_session_answer(struct req *r);
int api_session_result(struct req *r);
int api_session_lang(struct req *r);
int api_referral_create(struct req *r);
int api_referral_calendar(struct req *r);
int api_network_slots_public(struct req *r);
int api_withdrawal_get(struct req *r);
int api_withdrawal_delete(struct req *r);
int api_network_me(struct req *r);
int api_network_referrals(struct req *r);
int api_network_referrals_csv(struct req *r);
int api_network_referral_get(struct req *r);
int api_network_referral_status(struct req *r);
int api_network_referral_delete(struct req *r);
int api_network_booking_set(struct req *r);
/*
 * Moves a referral of `nw` to `slot` or cancels its slot (""), with the mail
 * to the respondent; STORE_UNCHANGED when it was so already.
 */
enum store_err api_booking_apply(struct req *r, const struct network *nw, const char *id,
                                 const char *slot);
int api_network_booking_cancel(struct req *r);
int api_network_slots(struct req *r);
int api_network_slot_create(struct req *r);
int api_network_slot_delete(struct req *r);
int api_embed(struct req *r);
int api_campaign_get(struct req *r);
int api_campaign_stats(struct req *r);
int api_campaign_stats_csv(struct req *r);
int api_stats(struct req *r);
int api_stats_csv(struct req *r);
int api_metrics(struct req *r);

#endif
