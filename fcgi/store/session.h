/*
 * session.h — respondents' sessions in the sessions Redis: one hash per
 * session.
 *
 * Key "zt:s:<token>", fields: v (questionnaire version), l (language),
 * c (campaign, optional), t (created, unix seconds), d (completion counted),
 * r (the key of the re-test it is, optional),
 * and per answered question its index → stored answer (domain/answers.h).
 * Every operation is one Redis round trip.
 */
#ifndef ZT_SESSION_H
#define ZT_SESSION_H

#include "domain/answers.h"
#include "domain/lang.h"
#include "domain/qn.h"
#include "domain/token.h"
#include "store/store.h"

#include <stdbool.h>

#define SESSION_CAMPAIGN_MAX 64

/* A session as read back: its raw fields, before they are tied to a questionnaire. */
struct session {
    char version[QN_VERSION_MAX + 1];
    enum lang lang;
    char campaign[SESSION_CAMPAIGN_MAX + 1];
    long created;
    bool counted;               /* completion already counted in the statistics */
    char retest[TOKEN_LEN + 1]; /* the re-test's key, or "" */
    long ttl;                   /* seconds left */
    redisReply *fields;         /* the HGETALL reply; session_answers() reads it */
};

/* Creates a session with a new token (written to `token`). */
enum store_err session_create(struct store *s, char token[TOKEN_LEN + 1], const char *version,
                              enum lang lang, const char *campaign, const char *retest, long ttl);

/*
 * Stores one answer if the session exists and uses `version`; refreshes
 * the TTL.  On STORE_OTHER_VERSION the session's version is copied to
 * `other` (QN_VERSION_MAX + 1 bytes) and nothing is written.
 */
enum store_err session_answer(struct store *s, const char *token, const char *version,
                              size_t question, const char *value, long ttl, long *answered,
                              char *other);

/* The questionnaire version of a session (QN_VERSION_MAX + 1 bytes). */
enum store_err session_version(struct store *s, const char *token, char *version);

/* Sets the session's language; STORE_NOT_FOUND when there is no such session. */
enum store_err session_set_lang(struct store *s, const char *token, enum lang lang);

/* Reads a session; on STORE_OK the caller releases it with session_release. */
enum store_err session_load(struct store *s, const char *token, struct session *out);

/* Decodes the answers of a loaded session under its questionnaire. */
void session_answers(const struct session *ss, const struct qn *qn, struct answers *a);

void session_release(struct session *ss);

/* Marks the completion as counted; *first is 1 if this call did it, 0 if it was done before. */
enum store_err session_mark_counted(struct store *s, const char *token, int *first);

#endif
