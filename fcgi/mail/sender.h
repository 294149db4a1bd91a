/*
 * sender.h — the thread that delivers the outbox with libcurl's SMTP.
 *
 * It claims due mails from the durable Redis for a lease, sends each to the
 * relay (ZELFTEST_SMTP_URL; STARTTLS required unless the relay is on
 * loopback or a unix socket), and then deletes it (delivered), moves it
 * ahead with a doubling backoff (connection errors and 4xx, for up to
 * ZELFTEST_MAIL_GIVE_UP_HOURS), or makes it a dead letter (5xx, or given
 * up).  A mail whose sender died is claimed again when its lease runs out,
 * with the same Message-ID: at least once, never silently dropped.  It also
 * makes the networks' daily digests.  Its log names message ids, never
 * addresses.
 */
#ifndef ZT_SENDER_H
#define ZT_SENDER_H

#include "util/config.h"

#include <stddef.h>

/*
 * Checks the mail settings (before any thread runs): the relay URL, the
 * sender address, the password file, ZELFTEST_PUBLIC_URL for the links.
 * 0, or -1 with a message.  Nothing to check when mail is off.
 */
int mail_prepare(const struct config *cfg, char *err, size_t errlen);

/* Starts the senders (when mail is off it says so, once).  0 or -1. */
int mail_start(void);

/* Wakes the sender at once: a request queued mail (cheap, never blocks). */
void mail_wake(void);

/* Stops it: the mail being sent is finished or left to its lease. */
void mail_stop(void);

#endif
