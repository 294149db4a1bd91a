/*
 * session.h — respondents' sessions in Redis: one hash per session.
 *
 * Key "zt:s:<token>", fields: v (questionnaire version), l (language),
 * c (campaign, optional), t (created, unix seconds), d (completion counted),
 * and per answered question its index → stored answer (answers.h).
 * Every operation is one Redis round trip.
 */
#ifndef ZT_SESSION_H
#define ZT_SESSION_H

#include "domain/answers.h"
#include "domain/lang.h"
#include "content/qn.h"
#include "store/store.h"
#include "domain/token.h"

#include <stdbool.h>

enum session_rc {
    SESSION_OK = 0,
    SESSION_NOT_FOUND,   /* unknown or expired token */
    SESSION_UNAVAILABLE, /* Redis down or timed out */
    SESSION_OTHER_VERSION,
    SESSION_ERROR, /* Redis answered something unexpected */
};

#define SESSION_CAMPAIGN_MAX 64

/* A session as read back: its raw fields, before they are tied to a questionnaire. */
struct session {
    char version[QN_VERSION_MAX + 1];
    enum lang lang;
    char campaign[SESSION_CAMPAIGN_MAX + 1];
    long created;
    bool counted;       /* completion already counted in the statistics */
    long ttl;           /* seconds left */
    redisReply *fields; /* the HGETALL reply; session_answers() reads it */
};

void session_scripts_init(void);

/* Creates a session with a new token (written to `token`). */
enum session_rc session_create(struct store *s, char token[TOKEN_LEN + 1], const char *version,
                               enum lang lang, const char *campaign, long ttl);

/*
 * Stores one answer if the session exists and uses `version`; refreshes
 * the TTL.  On SESSION_OTHER_VERSION the session's version is copied to
 * `other` (QN_VERSION_MAX + 1 bytes) and nothing is written.
 */
enum session_rc session_answer(struct store *s, const char *token, const char *version,
                               size_t question, const char *value, long ttl, long *answered,
                               char *other);

/* Reads a session; on SESSION_OK the caller releases it with session_release. */
enum session_rc session_load(struct store *s, const char *token, struct session *out);

/* Decodes the answers of a loaded session under its questionnaire. */
void session_answers(const struct session *ss, const struct qn *qn, struct answers *a);

void session_release(struct session *ss);

/* Marks the completion as counted; 1 if this call did it, 0 if it was done before. */
enum session_rc session_mark_counted(struct store *s, const char *token, int *first);

#endif
