/*
 * erased.h — the erasure log: one line per erased referral, kept outside
 * Redis (ZELFTEST_ERASURE_LOG), so that a restore from a backup older than
 * an erasure can erase it again (`zelftest admin erasures apply`).
 *
 * A line is "<referral id> <unix time> <why>\n", why being network,
 * withdrawal or retention.  A referral id is 128 random bits and says
 * nothing about the business or the person; the log holds nothing else.
 * The line is written (and on disk) right after Redis confirmed the
 * erasure, so an id is never logged for an erasure that did not happen.
 */
#ifndef ZT_ERASED_H
#define ZT_ERASED_H

#include <stddef.h>
#include <stdint.h>

enum erased_why { ERASED_NETWORK, ERASED_WITHDRAWAL, ERASED_RETENTION };

/* Sets the log's path for the process ("" or NULL: erasures are not logged). */
void erased_init(const char *path);

/* Logs one erased referral; a failure is logged and counted, never fatal. */
void erased_record(const char *id, enum erased_why why, int64_t now);

/* Logs `n` erased referrals with one write and one flush (a retention batch). */
void erased_record_many(const char *const *ids, size_t n, enum erased_why why, int64_t now);

/* "network", "withdrawal" or "retention". */
const char *erased_why_name(enum erased_why why);

#endif
