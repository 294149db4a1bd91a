/*
 * error.h — every error the API answers, in one table: its HTTP status,
 * its code and its message in Dutch and English.  The message follows the
 * request's language (r->lang: the session's on session routes, else
 * ?lang or Accept-Language, Dutch by default).  Store errors are mapped to
 * HTTP here and nowhere else.
 */
#ifndef ZT_API_ERROR_H
#define ZT_API_ERROR_H

#include "http/req.h"
#include "store/store.h"

#include <jansson.h>

enum api_err {
    E_BAD_LANG,
    E_BAD_TOKEN,
    E_BAD_WITHDRAW_LINK,
    E_BAD_STATUS_FILTER,
    E_BAD_DELIMITER,
    E_BAD_BY,
    E_BAD_VERSION,
    E_BAD_SET,
    E_BAD_DATE,
    E_BAD_RANGE,
    E_UNAUTHORIZED_NETWORK,
    E_UNAUTHORIZED_CAMPAIGN,
    E_UNKNOWN_SESSION,
    E_UNKNOWN_QUESTION,
    E_UNKNOWN_REFERRAL,
    E_UNKNOWN_WITHDRAWAL,
    E_UNKNOWN_SLOT,
    E_UNKNOWN_NETWORK,
    E_UNKNOWN_CAMPAIGN,
    E_UNKNOWN_RETEST,
    E_NO_BOOKED_SLOT,
    E_QUESTIONNAIRE_RETIRED,
    E_INCOMPLETE_RESULT,
    E_INCOMPLETE_REFERRAL,
    E_REFERRAL_EXISTS,
    E_REFERRAL_WITHDRAWN,
    E_WRONG_STATUS,
    E_SLOT_FULL,
    E_SLOT_UNAVAILABLE,
    E_SLOT_BOOKED,
    E_INVALID_SESSION_FIELD,
    E_INVALID_ANSWER,
    E_INVALID_FIELDS,
    E_UNAVAILABLE,
    E_INTERNAL,
    E_COUNT
};

/* Sets the error's response (status, code, message in r->lang); returns the status. */
int api_fail(struct req *r, enum api_err e);

/* The same with a message of the caller's (already in r->lang). */
int api_fail_msg(struct req *r, enum api_err e, const char *message);

/*
 * The error's body {"error":{"code","message"}} with the table's message
 * (or `message` when not NULL), for a caller that adds fields to "error"
 * (e.g. "fields", "next_slots") before resp_json(r, api_status(e), body).
 */
json_t *api_error_body(const struct req *r, enum api_err e, const char *message);

/* The HTTP status of an error. */
int api_status(enum api_err e);

/*
 * Answers a store error: STORE_UNAVAILABLE → 503 with Retry-After,
 * STORE_NOT_FOUND → `not_found`, anything else → 500 (logged).
 */
int api_store_fail(struct req *r, enum store_err se, enum api_err not_found);

#endif
