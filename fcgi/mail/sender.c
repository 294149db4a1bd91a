/*
 * sender.c — see sender.h.
 */
#include "mail/sender.h"

#include "content/content.h"
#include "domain/calendar.h"
#include "mail/compose.h"
#include "mail/relay.h"
#include "store/janitor.h"
#include "store/outbox.h"
#include "store/store.h"
#include "util/log.h"
#include "util/secure.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SENDERS_MAX 8
#define IDLE_WAIT_MS 1000        /* a sender looks at the outbox at least this often */
#define DIGEST_EVERY_SECONDS 10  /* the first sender looks for digests to make this often */
#define REWRITE_EVERY_SECONDS 10 /* delivered mail leaves the AOF at most this much later */
#define DIGEST_LINES_MAX (OUTBOX_DIGEST_FIELDS_MAX)
#define PASSWORD_MAX 512

static struct {
    const struct config *cfg;
    struct relay relay;
    char envelope_from[330];
    char password[PASSWORD_MAX];
    pthread_t threads[SENDERS_MAX];
    int nthreads;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    unsigned long wakes; /* raised by mail_wake: a sender that saw it change looks again */
    bool stop, prepared;
    atomic_bool on;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

void mail_wake(void)
{
    if (!atomic_load(&g.on))
        return;
    pthread_mutex_lock(&g.lock);
    g.wakes++;
    pthread_cond_broadcast(&g.wake);
    pthread_mutex_unlock(&g.lock);
}

/* ---------- one delivery ---------- */

struct upload {
    const char *p;
    size_t left;
};

static size_t read_body(char *buf, size_t size, size_t nitems, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nitems < u->left ? size * nitems : u->left;
    memcpy(buf, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

/* The envelope recipients: one per line of `to`. */
static struct curl_slist *recipients(const char *to)
{
    struct curl_slist *list = NULL;
    char addr[330];
    for (const char *p = to; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        if (n > 0 && n < sizeof(addr) - 2) {
            snprintf(addr, sizeof(addr), "<%.*s>", (int)n, p);
            struct curl_slist *next = curl_slist_append(list, addr);
            if (next == NULL) {
                curl_slist_free_all(list);
                return NULL;
            }
            list = next;
        }
        p += n;
        if (*p == '\n')
            p++;
    }
    return list;
}

static void setup(CURL *c)
{
    const struct config *cfg = g.cfg;
    curl_easy_setopt(c, CURLOPT_URL, g.relay.url);
    if (g.relay.unix_path[0] != '\0')
        curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, g.relay.unix_path);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     g.relay.tls == RELAY_TLS_REQUIRED   ? CURLUSESSL_ALL
                     : g.relay.tls == RELAY_TLS_OPTIONAL ? CURLUSESSL_TRY
                                                         : CURLUSESSL_NONE);
    if (cfg->smtp_ca_file[0] != '\0')
        curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp_ca_file);
    if (cfg->smtp_user[0] != '\0') {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, g.password);
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, g.envelope_from);
    /* one bad address of a network's list does not stop the others (curl 7.88 spells it so) */
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->smtp_timeout_seconds);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->smtp_timeout_seconds);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
}

/* Sends one claimed mail and records what came of it. */
static void deliver(struct store *s, CURL *c, const struct mail_claim *m)
{
    struct curl_slist *rcpt = recipients(m->to);
    struct upload u = {m->body, strlen(m->body)};
    CURLcode res = CURLE_OUT_OF_MEMORY;
    long code = 0;
    if (rcpt != NULL) {
        curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
        curl_easy_setopt(c, CURLOPT_READDATA, &u);
        res = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
        curl_slist_free_all(rcpt);
    }
    int64_t now = (int64_t)time(NULL);
    enum relay_outcome what = relay_outcome(res == CURLE_OK, code, res == CURLE_LOGIN_DENIED);
    /* curl's own words name no address; the SMTP server's answer might, so it is not kept */
    char reason[160];
    snprintf(reason, sizeof(reason), "%s (SMTP %ld)", curl_easy_strerror(res), code);
    enum store_err rc = STORE_OK;
    if (what == RELAY_DELIVERED) {
        rc = outbox_done(s, m->mid);
        log_debug("mail %s (%s): delivered", m->mid, m->kind);
    } else {
        int64_t at =
            what == RELAY_RETRY
                ? relay_next_try(now, m->first, m->attempts, g.cfg->mail_retry_seconds,
                                 g.cfg->mail_retry_max_seconds, g.cfg->mail_give_up_hours * 3600)
                : -1;
        if (res == CURLE_LOGIN_DENIED)
            log_error("mail: the relay refused the login of ZELFTEST_SMTP_USER; mail waits");
        if (at >= 0) {
            rc = outbox_retry(s, m->mid, at, reason);
            log_warn("mail %s (%s): not delivered (attempt %ld): %s; next try in %lld s", m->mid,
                     m->kind, m->attempts, reason, (long long)(at - now));
        } else {
            rc = outbox_dead(s, m->mid, code, reason, now);
            log_error("mail %s (%s): undeliverable after %ld attempt(s): %s; kept as a dead "
                      "letter",
                      m->mid, m->kind, m->attempts, reason);
        }
    }
    if (rc != STORE_OK)
        log_warn("mail %s: its outcome was not recorded (%s); it goes again after its lease",
                 m->mid, store_strerror(rc));
}

/* ---------- the daily digests ---------- */

static void digests(struct store *s, const struct content *c, int64_t now)
{
    int64_t local = now + (int64_t)calendar_nl_offset(now) * 60;
    int hour = (int)((local % 86400 + 86400) % 86400 / 3600);
    if (hour < g.cfg->mail_digest_hour)
        return;
    char day[CALENDAR_DAY_TEXT];
    calendar_day_text(calendar_nl_day(now), day);
    for (size_t i = 0; i < c->networks->n; i++) {
        const struct network *nw = &c->networks->items[i];
        if (!nw->digest)
            continue;
        enum store_err rc;
        json_t *lines = outbox_digest_take(s, nw->id, day, &rc);
        if (lines == NULL) {
            log_warn("mail: the digest of %s waits: %s", nw->id, store_strerror(rc));
            return;
        }
        while (json_array_size(lines) > DIGEST_LINES_MAX)
            json_array_remove(lines, json_array_size(lines) - 1);
        json_t *fields = json_array();
        for (size_t k = 0; k + 1 < json_array_size(lines); k += 2)
            json_array_append(fields, json_array_get(lines, k));
        struct mail_rec m[1];
        if (json_array_size(fields) > 0 && compose_digest(c->mail, nw, lines, now, m) == 1) {
            rc = outbox_digest_commit(s, nw->id, day, now, fields, m);
            outbox_free(m, 1);
            if (rc != STORE_OK)
                log_warn("mail: the digest of %s waits: %s", nw->id, store_strerror(rc));
            else
                log_info("mail: digest of %s queued (%zu line(s))", nw->id,
                         json_array_size(fields));
        }
        json_decref(fields);
        json_decref(lines);
    }
}

/* ---------- the threads ---------- */

static void *sender_main(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct store s;
    store_init(&s, &g.cfg->redis_durable, (int)g.cfg->redis_timeout_ms, "durable");
    struct content_hold hold = {0};
    CURL *c = curl_easy_init();
    if (c == NULL) {
        log_error("mail: sender %d cannot start (out of memory)", id);
        store_close(&s);
        return NULL;
    }
    setup(c);
    int64_t next_digest = 0, last_rewrite = 0;
    bool delivered = false;
    pthread_mutex_lock(&g.lock);
    while (!g.stop) {
        unsigned long seen = g.wakes;
        pthread_mutex_unlock(&g.lock);
        int64_t now = (int64_t)time(NULL);
        if (id == 0 && now >= next_digest) {
            digests(&s, content_hold_refresh(&hold), now);
            next_digest = now + DIGEST_EVERY_SECONDS;
        }
        struct mail_claim m;
        enum store_err rc;
        size_t got = outbox_claim(&s, now, g.cfg->mail_lease_seconds, 1, &m, &rc);
        if (got == 1) {
            deliver(&s, c, &m);
            outbox_claims_free(&m, 1);
            delivered = true;
        }
        /* delivered mail is deleted; the rewrite takes it out of the AOF too */
        if (delivered && (got == 0 || now - last_rewrite >= REWRITE_EVERY_SECONDS)) {
            janitor_request_rewrite();
            last_rewrite = now;
            delivered = false;
        }
        pthread_mutex_lock(&g.lock);
        if (got == 1 || g.stop || g.wakes != seen)
            continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += IDLE_WAIT_MS / 1000;
        pthread_cond_timedwait(&g.wake, &g.lock, &until);
    }
    pthread_mutex_unlock(&g.lock);
    curl_easy_cleanup(c);
    content_hold_drop(&hold);
    store_close(&s);
    return NULL;
}

static int read_password(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        log_error("mail: cannot read ZELFTEST_SMTP_PASSWORD_FILE %s: %s", path, strerror(errno));
        return -1;
    }
    size_t n = fread(g.password, 1, sizeof(g.password) - 1, f);
    bool longer = fgetc(f) != EOF;
    fclose(f);
    while (n > 0 && (g.password[n - 1] == '\n' || g.password[n - 1] == '\r'))
        n--;
    g.password[n] = '\0';
    if (longer || n == 0) {
        log_error("mail: ZELFTEST_SMTP_PASSWORD_FILE %s is %s", path,
                  longer ? "longer than 511 bytes" : "empty");
        secure_wipe(g.password, sizeof(g.password));
        return -1;
    }
    return 0;
}

int mail_prepare(const struct config *cfg, char *err, size_t errlen)
{
    g.cfg = cfg;
    if (cfg->smtp_url[0] == '\0')
        return 0;
    if (relay_parse(cfg->smtp_url, &g.relay) < 0) {
        snprintf(err, errlen,
                 "ZELFTEST_SMTP_URL is not smtp://host[:port], smtps://host[:port] "
                 "or smtp+unix:/path (and holds no password)");
        return -1;
    }
    if (cfg->public_url[0] == '\0') {
        snprintf(err, errlen, "mail is on, so the links in it need ZELFTEST_PUBLIC_URL");
        return -1;
    }
    if (relay_envelope_address(cfg->mail_from, g.envelope_from, sizeof(g.envelope_from)) < 0) {
        snprintf(err, errlen, "ZELFTEST_MAIL_FROM holds no usable address");
        return -1;
    }
    if (cfg->smtp_user[0] != '\0' && read_password(cfg->smtp_password_file) < 0) {
        snprintf(err, errlen, "ZELFTEST_SMTP_PASSWORD_FILE is unusable (see above)");
        return -1;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(err, errlen, "libcurl cannot start");
        return -1;
    }
    g.prepared = true;
    return 0;
}

int mail_start(void)
{
    if (!g.prepared) {
        log_info("mail is off: ZELFTEST_SMTP_URL is not set, no e-mail is sent");
        return 0;
    }
    const struct config *cfg = g.cfg;
    g.stop = false;
    atomic_store(&g.on, true);
    int n = (int)(cfg->mail_senders < SENDERS_MAX ? cfg->mail_senders : SENDERS_MAX);
    for (g.nthreads = 0; g.nthreads < n; g.nthreads++)
        if (pthread_create(&g.threads[g.nthreads], NULL, sender_main,
                           (void *)(intptr_t)g.nthreads) != 0)
            break;
    if (g.nthreads == 0) {
        log_error("mail: cannot start a sender thread");
        return -1;
    }
    log_info("mail: %d sender(s) to the relay at %s (%s)", g.nthreads,
             g.relay.unix_path[0] != '\0' ? g.relay.unix_path : g.relay.url,
             g.relay.tls == RELAY_TLS_IMPLICIT   ? "TLS"
             : g.relay.tls == RELAY_TLS_REQUIRED ? "STARTTLS required"
             : g.relay.tls == RELAY_TLS_OPTIONAL ? "loopback, STARTTLS when offered"
                                                 : "unix socket");
    return 0;
}

void mail_stop(void)
{
    if (g.prepared && g.nthreads == 0) {
        secure_wipe(g.password, sizeof(g.password));
        curl_global_cleanup();
        g.prepared = false;
    }
    if (g.nthreads == 0)
        return;
    pthread_mutex_lock(&g.lock);
    g.stop = true;
    pthread_cond_broadcast(&g.wake);
    pthread_mutex_unlock(&g.lock);
    for (int i = 0; i < g.nthreads; i++)
        pthread_join(g.threads[i], NULL);
    g.nthreads = 0;
    atomic_store(&g.on, false);
    secure_wipe(g.password, sizeof(g.password));
    curl_global_cleanup();
    g.prepared = false;
}
