/*
 * relay.h — what ZELFTEST_SMTP_URL says about the relay, and what the
 * sender does with an SMTP answer.  Pure, no I/O.
 */
#ifndef ZT_RELAY_H
#define ZT_RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RELAY_URL_MAX 512

enum relay_tls {
    RELAY_TLS_IMPLICIT, /* smtps:// */
    RELAY_TLS_REQUIRED, /* smtp:// elsewhere: STARTTLS or no delivery */
    RELAY_TLS_OPTIONAL, /* smtp:// on loopback: STARTTLS when offered */
    RELAY_TLS_NONE,     /* a unix socket */
};

struct relay {
    char url[RELAY_URL_MAX];       /* for libcurl */
    char unix_path[RELAY_URL_MAX]; /* "" unless a unix socket */
    enum relay_tls tls;
};

/* Parses smtp://host[:port][/domain], smtps://…, smtp+unix:/path.  0, or -1 (unusable). */
int relay_parse(const char *url, struct relay *out);

/*
 * True for localhost, [::1] and 127.0.0.0/8 written as four decimal octets
 * ("127.0.0.1"; not "127.1", which stays a name that needs STARTTLS).
 */
bool relay_host_is_loopback(const char *host, size_t len);

/* The address inside "Name <address>", or the whole text; 0, or -1 when too long or empty. */
int relay_envelope_address(const char *from, char *out, size_t cap);

enum relay_outcome { RELAY_DELIVERED, RELAY_RETRY, RELAY_DEAD };

/*
 * What to do after an attempt: `ok` it went, else by the SMTP code (5xx is
 * final, 4xx and no answer are not; `login_refused` is the operator's
 * to fix, never the message's fault, so it is retried).
 */
enum relay_outcome relay_outcome(bool ok, long smtp_code, bool login_refused);

/*
 * When to try again after attempt number `attempts` (1 = the first) of a
 * mail first queued at `first`: a doubling wait from `base` to `max`
 * seconds, never past the give-up time.  Returns the time, or -1 when the
 * mail must be given up (a dead letter).
 */
int64_t relay_next_try(int64_t now, int64_t first, long attempts, long base, long max,
                       long give_up_secs);

#endif
