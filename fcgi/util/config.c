/*
 * config.c — ZELFTEST_* environment variables, declared once each.
 */
#include "util/config.h"

#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STR, K_LONG, K_OCTAL, K_LEVEL, K_ADDR };

struct var {
    const char *name;
    enum kind kind;
    size_t offset;
    size_t size; /* K_STR: capacity of the buffer */
    const char *def;
    long min, max;
    const char *doc;
};

#define STR(field) K_STR, offsetof(struct config, field), sizeof(((struct config *)0)->field)
#define NUM(field) K_LONG, offsetof(struct config, field), 0
#define OCT(field) K_OCTAL, offsetof(struct config, field), 0
#define ADDR(field) K_ADDR, offsetof(struct config, field), 0

static const struct var vars[] = {
    {"ZELFTEST_SOCKET", STR(socket_path), "/run/zelftest/zelftest.sock", 0, 0,
     "unix socket the FastCGI program listens on (nginx connects to it)"},
    {"ZELFTEST_SOCKET_GROUP", STR(socket_group), "", 0, 0,
     "group given to the socket so that nginx's workers can connect (empty: unchanged)"},
    {"ZELFTEST_SOCKET_MODE", OCT(socket_mode), "0660", 0600, 0660,
     "permissions of the socket (octal; never world-accessible)"},
    {"ZELFTEST_REDIS", ADDR(redis), "127.0.0.1:6379", 0, 0,
     "Redis for sessions: host:port or unix:/path/to/socket"},
    {"ZELFTEST_REDIS_DURABLE", ADDR(redis_durable), "", 0, 0,
     "Redis with AOF (appendfsync always) for referrals, bookings and statistics "
     "(empty: same as ZELFTEST_REDIS)"},
    {"ZELFTEST_REDIS_TIMEOUT_MS", NUM(redis_timeout_ms), "300", 20, 5000,
     "connect and command timeout for Redis, in milliseconds"},
    {"ZELFTEST_WORKERS", NUM(workers), "16", 1, 256,
     "worker threads; each serves one FastCGI connection at a time"},
    {"ZELFTEST_SESSION_TTL", NUM(session_ttl), "86400", 60, 30 * 86400,
     "seconds a session lives after its last answer"},
    {"ZELFTEST_SESSION_EMPTY_TTL", NUM(session_empty_ttl), "1800", 60, 30 * 86400,
     "seconds a session lives before its first answer (at most ZELFTEST_SESSION_TTL): a flood "
     "of empty sessions is evicted before the real ones"},
    {"ZELFTEST_QUESTIONNAIRE", STR(questionnaire), "questions/questionnaire.json", 0, 0,
     "questionnaire file"},
    {"ZELFTEST_NETWORKS", STR(networks), "questions/networks.json", 0, 0,
     "regional networks registry"},
    {"ZELFTEST_POSTCODES", STR(postcodes), "questions/postcodes.csv", 0, 0,
     "postcode areas (PC4) with province and coordinate"},
    {"ZELFTEST_CAMPAIGNS", STR(campaigns), "questions/campaigns.json", 0, 0, "campaign registry"},
    {"ZELFTEST_RETEST_AFTER_DAYS", NUM(retest_after_days), "90", 0, 730,
     "days after a scan's outcome that an owner who asked for it is invited to test again"},
    {"ZELFTEST_FINDINGS", STR(findings), "questions/findings.json", 0, 0,
     "the catalogue of findings a scan's outcome names"},
    {"ZELFTEST_MAIL_TEXTS", STR(mail_texts), "questions/mail.json", 0, 0,
     "the texts of the e-mails (Dutch and English)"},
    {"ZELFTEST_GEOIP_DB", STR(geoip_db), "", 0, 0,
     "GeoIP2/GeoLite2 City database (MMDB); empty: no IP geolocation"},
    {"ZELFTEST_PUBLIC_URL", STR(public_url), "", 0, 0,
     "public base URL (https://host) used in links sent to respondents; empty: relative links"},
    {"ZELFTEST_WEB_ROOT", STR(web_root), "web", 0, 0,
     "folder with the web page (the embedded view is served from its index.html)"},
    {"ZELFTEST_RETENTION_DONE_DAYS", NUM(retention_done_days), "180", 0, 365,
     "days a referral is kept after it is done or declined"},
    {"ZELFTEST_RETENTION_MAX_DAYS", NUM(retention_max_days), "365", 0, 365,
     "days a referral is kept at most"},
    {"ZELFTEST_RETENTION_SWEEP_SECONDS", NUM(retention_sweep_seconds), "3600", 1, 86400,
     "how often expired referrals are erased"},
    {"ZELFTEST_SMTP_URL", STR(smtp_url), "", 0, 0,
     "mail relay: smtp://host:port (STARTTLS required unless on loopback), smtps://host:port, "
     "smtp+unix:/path; empty: no mail is sent"},
    {"ZELFTEST_SMTP_USER", STR(smtp_user), "", 0, 0, "SMTP AUTH user (empty: no AUTH)"},
    {"ZELFTEST_SMTP_PASSWORD_FILE", STR(smtp_password_file), "", 0, 0,
     "file holding the SMTP AUTH password (read at start)"},
    {"ZELFTEST_MAIL_FROM", STR(mail_from), "Zelftest cyberveiligheid <noreply@localhost>", 0, 0,
     "the From of every e-mail (a network's address is its Reply-To)"},
    {"ZELFTEST_MAIL_SENDERS", NUM(mail_senders), "2", 1, 8,
     "mails sent at the same time at most (one thread and SMTP connection each)"},
    {"ZELFTEST_MAIL_RETRY_SECONDS", NUM(mail_retry_seconds), "60", 1, 3600,
     "first wait after a failed delivery; it doubles up to ZELFTEST_MAIL_RETRY_MAX_SECONDS"},
    {"ZELFTEST_MAIL_RETRY_MAX_SECONDS", NUM(mail_retry_max_seconds), "3600", 1, 86400,
     "longest wait between two delivery attempts"},
    {"ZELFTEST_MAIL_REMINDER_LEAD_SECONDS", NUM(mail_reminder_lead_seconds), "0", 0, 2592000,
     "when set, the reminder goes this long before the slot instead of working days before"},
    {"ZELFTEST_SMTP_CA_FILE", STR(smtp_ca_file), "", 0, 0,
     "CA certificates for the relay's TLS (empty: the system's)"},
    {"ZELFTEST_MAIL_GIVE_UP_HOURS", NUM(mail_give_up_hours), "48", 1, 168,
     "a mail not delivered after this long becomes a dead letter"},
    {"ZELFTEST_MAIL_LEASE_SECONDS", NUM(mail_lease_seconds), "120", 1, 3600,
     "a mail being sent is tried again after this long when its sender died"},
    {"ZELFTEST_MAIL_REMINDER_WORKDAYS", NUM(mail_reminder_workdays), "2", 0, 10,
     "working days before a booked scan that the reminder goes out (0: no reminders)"},
    {"ZELFTEST_MAIL_DIGEST_HOUR", NUM(mail_digest_hour), "8", 0, 23,
     "hour (Amsterdam time) of the daily digest to networks that ask for one"},
    {"ZELFTEST_SMTP_TIMEOUT_SECONDS", NUM(smtp_timeout_seconds), "30", 1, 300,
     "connect and transfer timeout of one delivery"},
    {"ZELFTEST_LOG_LEVEL", K_LEVEL, offsetof(struct config, log_level), 0, "info", 0, 3,
     "error, warn, info (one line per request) or debug"},
    {"ZELFTEST_ERASURE_LOG", STR(erasure_log), "", 0, 0,
     "file where the id of every erased referral is appended, so a restore from a backup can "
     "erase them again (empty: not kept)"},
};

int config_parse_addr(const char *s, struct config_addr *out)
{
    memset(out, 0, sizeof(*out));
    const char *path = strncmp(s, "unix:", 5) == 0 ? s + 5 : s[0] == '/' ? s : NULL;
    if (path != NULL) {
        if (path[0] != '/' || strlen(path) >= sizeof(out->host))
            return -1;
        strcpy(out->host, path);
        return 0;
    }
    const char *colon = strrchr(s, ':');
    if (colon == NULL || colon == s)
        return -1;
    const char *host = s;
    size_t hlen = (size_t)(colon - s);
    if (s[0] == '[') { /* [::1]:6379 */
        if (colon[-1] != ']' || hlen < 3)
            return -1;
        host++;
        hlen -= 2;
    }
    if (hlen >= sizeof(out->host))
        return -1;
    for (size_t i = 0; i < hlen; i++)
        if (!((host[i] >= 'a' && host[i] <= 'z') || (host[i] >= 'A' && host[i] <= 'Z') ||
              (host[i] >= '0' && host[i] <= '9') || host[i] == '.' || host[i] == '-' ||
              host[i] == ':'))
            return -1;
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (errno != 0 || end == colon + 1 || *end != '\0' || port < 1 || port > 65535)
        return -1;
    memcpy(out->host, host, hlen);
    out->host[hlen] = '\0';
    out->port = (int)port;
    return 0;
}

static int set_var(struct config *c, const struct var *v, const char *val, char *err, size_t errlen)
{
    char *dst = (char *)c + v->offset;
    if (v->kind == K_ADDR) {
        if (val[0] == '\0') /* "empty: the same as ..." (see config_load) */
            return 0;
        if (config_parse_addr(val, (struct config_addr *)(void *)dst) < 0) {
            snprintf(err, errlen, "%s: '%.200s' is not host:port or unix:/path", v->name, val);
            return -1;
        }
        return 0;
    }
    if (v->kind == K_STR) {
        size_t n = strlen(val);
        if (n >= v->size) {
            snprintf(err, errlen, "%s: longer than %zu bytes", v->name, v->size - 1);
            return -1;
        }
        memcpy(dst, val, n + 1);
        return 0;
    }
    long n;
    if (v->kind == K_LEVEL) {
        int l = log_level_parse(val);
        if (l < 0) {
            snprintf(err, errlen, "%s: '%s' is not one of error, warn, info, debug", v->name, val);
            return -1;
        }
        n = l;
    } else {
        char *end;
        errno = 0;
        n = strtol(val, &end, v->kind == K_OCTAL ? 8 : 10);
        if (errno != 0 || end == val || *end != '\0' || n < v->min || n > v->max) {
            snprintf(err, errlen,
                     v->kind == K_OCTAL ? "%s: '%s' is not an octal mode from %lo to %lo"
                                        : "%s: '%s' is not a number from %ld to %ld",
                     v->name, val, v->min, v->max);
            return -1;
        }
        if (v->kind == K_OCTAL && (n & 07) != 0) {
            snprintf(err, errlen, "%s: other users must get no access", v->name);
            return -1;
        }
    }
    memcpy(dst, &n, sizeof(n));
    return 0;
}

int config_load(struct config *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *val = getenv(vars[i].name);
        if (set_var(c, &vars[i], vars[i].def, err, errlen) < 0)
            return -1;
        if (val != NULL && set_var(c, &vars[i], val, err, errlen) < 0)
            return -1;
    }
    if (c->redis_durable.host[0] == '\0')
        c->redis_durable = c->redis;
    if (c->retention_done_days > c->retention_max_days)
        c->retention_done_days = c->retention_max_days;
    return 0;
}

void config_usage(void)
{
    printf("zelftest — the five-principles self-test (FastCGI)\n\n"
           "usage: zelftest [--help | --check]\n"
           "  --check  load and validate the content files, then exit\n\n"
           "Environment (default in brackets):\n");
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        printf("  %-32s %s [%s]\n", vars[i].name, vars[i].doc, vars[i].def);
}
