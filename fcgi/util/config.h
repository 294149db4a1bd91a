/*
 * config.h — the program's settings, read once from ZELFTEST_* variables.
 *
 * Every variable is declared once in config.c's table with its default,
 * its bounds and a one-line description; `zelftest --help` prints that
 * table and README.md mirrors it.  A bad value stops the start with a
 * message naming the variable.
 */
#ifndef ZT_CONFIG_H
#define ZT_CONFIG_H

#include <stddef.h>

#define CONFIG_PATH_MAX 1024
#define CONFIG_HOST_MAX 256

/* A Redis address: host and TCP port, or a unix socket path (port 0). */
struct config_addr {
    char host[CONFIG_HOST_MAX];
    int port;
};

struct config {
    char socket_path[108]; /* sizeof(sun_path) */
    char socket_group[64];
    long socket_mode;
    struct config_addr redis;
    struct config_addr redis_durable;
    long redis_timeout_ms;
    long workers;
    long session_ttl;
    long session_empty_ttl;
    char questionnaire[CONFIG_PATH_MAX];
    char networks[CONFIG_PATH_MAX];
    char postcodes[CONFIG_PATH_MAX];
    char campaigns[CONFIG_PATH_MAX];
    char mail_texts[CONFIG_PATH_MAX];
    char findings[CONFIG_PATH_MAX];
    long retest_after_days;
    char geoip_db[CONFIG_PATH_MAX];
    char public_url[256];
    char web_root[CONFIG_PATH_MAX];
    long retention_done_days;
    long retention_max_days;
    long retention_sweep_seconds;
    long log_level;
    /* mail (off while smtp_url is empty) */
    char smtp_url[CONFIG_PATH_MAX];
    char smtp_user[256];
    char smtp_password_file[CONFIG_PATH_MAX];
    char mail_from[320];
    long mail_senders;
    long mail_retry_seconds;
    long mail_retry_max_seconds;
    long mail_reminder_lead_seconds;
    char smtp_ca_file[CONFIG_PATH_MAX];
    long mail_give_up_hours;
    long mail_lease_seconds;
    long mail_reminder_workdays;
    long mail_digest_hour;
    long smtp_timeout_seconds;
    char erasure_log[CONFIG_PATH_MAX];
};

/*
 * Fills `c` from the environment.  Returns 0, or -1 with a message naming
 * the variable in `err`.
 */
int config_load(struct config *c, char *err, size_t errlen);

/*
 * Parses "host:port", "[v6]:port", "unix:/path" or "/path".  Returns 0, or
 * -1 for anything else.
 */
int config_parse_addr(const char *s, struct config_addr *out);

/* Prints every variable with its default and meaning to stdout. */
void config_usage(void);

#endif
