/*
 * main.c — the lifecycle only: read the configuration, load the content,
 * open the socket, start the workers, wait for signals, shut down.
 *
 *   SIGTERM, SIGINT  stop: refuse new connections, finish requests in flight
 *   SIGHUP           reload the content files; a bad file keeps the old content
 *   SIGPIPE          ignored: a client that went away is not our problem
 */
#include "api/api.h"
#include "util/config.h"
#include "content/content.h"
#include "store/janitor.h"
#include "util/log.h"
#include "http/server.h"

#include <fcgiapp.h>
#include <jansson.h>
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

int main(int argc, char **argv)
{
    struct config cfg;
    char err[600];
    bool check_only = false;

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
    json_object_seed(0);
    if (api_init(&cfg, err, sizeof(err)) < 0 || content_load(&cfg, err, sizeof(err)) < 0) {
        log_error("refusing to start: %s", err);
        return 1;
    }
    if (check_only) {
        const struct content *c = content_current();
        printf("content OK: questionnaire %s, %zu networks, %zu postcode areas, %zu campaigns%s\n",
               content_qn(c)->version, c->networks->n, c->postcodes->n, c->campaigns->n,
               c->geo != NULL ? ", GeoIP database" : "");
        content_free_all();
        api_free();
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
    if (log_flusher_start() < 0)
        log_warn("request lines are written one by one (no flusher thread)");
    int fd = server_listen(&cfg);
    if (fd < 0)
        return 1;
    if (server_start(&cfg, fd) < 0) {
        server_stop(&cfg, fd, 0);
        return 1;
    }
    if (janitor_start(&cfg) < 0)
        log_error("cannot start the retention thread; referrals will not be erased on time");
    log_info("listening on %s with %ld workers", cfg.socket_path, cfg.workers);

    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            if (content_reload(&cfg, err, sizeof(err)) < 0)
                log_error("reload refused, keeping the content in force: %s", err);
            else
                log_info("reloaded: questionnaire %s", content_qn(content_current())->version);
            continue;
        }
        log_info("%s: stopping after the requests in flight",
                 sig == SIGTERM ? "SIGTERM" : "SIGINT");
        break;
    }
    int busy = server_stop(&cfg, fd, SHUTDOWN_GRACE_MS);
    janitor_stop();
    if (busy == 0)
        log_flusher_stop(); /* writes out the last request lines */
    else
        log_flush();
    if (busy == 0) {
        content_free_all();
        api_free();
    }
    log_info("stopped");
    return 0;
}
