/*
 * main.c — the lifecycle only: read the configuration, load the content,
 * open the socket, start the workers, wait for signals, shut down.
 *
 *   SIGTERM, SIGINT  stop: refuse new connections, finish requests in flight
 *   SIGHUP           reload the content files; a bad file keeps the old content
 *   SIGPIPE          ignored: a client that went away is not our problem
 *
 * `zelftest admin …` is the operator's command line (admin/admin.h).
 */
#include "admin/admin.h"
#include "admin/reload.h"
#include "api/api.h"
#include "content/content.h"
#include "domain/calendar.h"
#include "http/server.h"
#include "mail/sender.h"
#include "store/erased.h"
#include "store/janitor.h"
#include "util/config.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/secure.h"

#include <fcgiapp.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#define SHUTDOWN_GRACE_MS 10000

/*
 * libfcgi checks each new unix connection with select(), which writes past
 * its fd_set for descriptors >= FD_SETSIZE.  Keep every descriptor below
 * that: accept() then fails with EMFILE instead, which the workers survive.
 */
static void cap_descriptors(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > FD_SETSIZE) {
        rl.rlim_cur = FD_SETSIZE;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* What every start needs before any thread runs; -1 with a message. */
static int prepare(const struct config *cfg, char *err, size_t errlen)
{
    if (secure_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start (no randomness?)");
        return -1;
    }
    if (calendar_init() < 0) {
        snprintf(err, errlen, "the time zone %s is unknown: install tzdata", CALENDAR_TZ);
        return -1;
    }
    json_object_seed(0);
    erased_init(cfg->erasure_log);
    if (api_init(cfg, err, errlen) < 0 || mail_prepare(cfg, err, errlen) < 0)
        return -1;
    return content_load(cfg, err, errlen);
}

int main(int argc, char **argv)
{
    struct config cfg;
    char err[600];
    bool check_only = false;

    if (argc > 1 && strcmp(argv[1], "admin") == 0)
        return admin_main(argc - 1, argv + 1);
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        config_usage();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--check") == 0)
        check_only = true;
    else if (argc > 1) {
        fprintf(stderr, "zelftest: unknown argument '%s' (try --help)\n", argv[1]);
        return 2;
    }
    if (config_load(&cfg, err, sizeof(err)) < 0) {
        fprintf(stderr, "zelftest: %s\n", err);
        return 2;
    }
    log_set_level((enum log_level)cfg.log_level);
    if (prepare(&cfg, err, sizeof(err)) < 0) {
        log_error("refusing to start: %s", err);
        return 1;
    }
    if (check_only) {
        const struct content *c = content_current();
        printf("content OK: questionnaire %s, %zu networks, %zu postcode areas, %zu campaigns%s\n",
               content_qn(c)->version, c->networks->n, c->pc4->n, c->campaigns->n,
               c->geo != NULL ? ", GeoIP database" : "");
        content_free_all();
        mail_stop();
        return 0;
    }

    signal(SIGPIPE, SIG_IGN);
    cap_descriptors();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    /* blocked here and so in every worker: only the sigwait below receives them */
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    if (FCGX_Init() != 0) {
        log_error("refusing to start: libfcgi failed to initialise");
        return 1;
    }
    struct server_config sc = {.socket_path = cfg.socket_path,
                               .socket_group = cfg.socket_group,
                               .socket_mode = cfg.socket_mode,
                               .workers = cfg.workers};
    struct server_hooks hooks = {
        .worker_start = api_worker_start, .handle = api_handle, .worker_stop = api_worker_stop};
    int fd = server_listen(&sc);
    if (fd < 0)
        return 1;
    if (server_start(&sc, fd, &hooks) < 0) {
        server_stop(&sc, fd, 0);
        return 1;
    }
    if (janitor_start(&cfg) < 0)
        log_error("cannot start the retention thread; referrals will not be erased on time");
    if (mail_start() < 0)
        log_error("cannot start the mail senders; mail waits in the outbox");
    log_info("listening on %s with %ld workers", cfg.socket_path, cfg.workers);
    if (cfg.erasure_log[0] == '\0')
        log_warn("ZELFTEST_ERASURE_LOG is not set: a restore from a backup could not erase again "
                 "what was erased after it");
    unsigned long reloads = 0;
    reload_status_write(&cfg, reloads, true, "started");

    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            char report[CONTENT_REPORT_MAX];
            bool ok = content_reload(&cfg, report, sizeof(report), err, sizeof(err)) == 0;
            if (!ok)
                log_error("reload refused, keeping the content in force: %s", err);
            else
                log_info("reloaded: %s", report);
            metrics_add(ok ? METRICS_RELOADS_OK : METRICS_RELOADS_REFUSED, 1);
            reload_status_write(&cfg, ++reloads, ok, ok ? report : err);
            continue;
        }
        log_info("%s: stopping after the requests in flight",
                 sig == SIGTERM ? "SIGTERM" : "SIGINT");
        break;
    }
    reload_status_remove(&cfg);
    int busy = server_stop(&sc, fd, SHUTDOWN_GRACE_MS);
    mail_stop();
    janitor_stop();
    if (busy == 0)
        content_free_all(); /* busy workers still read it until the process exits */
    log_info("stopped");
    return 0;
}
