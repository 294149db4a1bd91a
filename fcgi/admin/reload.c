/*
 * reload.c — see reload.h.
 */
#include "admin/reload.h"

#include "admin/admin.h"
#include "content/content.h"
#include "util/afile.h"
#include "util/clock.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define RELOAD_WAIT_MS 15000

static void status_path(const struct config *cfg, char *out, size_t cap)
{
    snprintf(out, cap, "%s.reload", cfg->socket_path);
}

void reload_status_write(const struct config *cfg, unsigned long seq, bool ok, const char *text)
{
    char path[sizeof(cfg->socket_path) + 16], err[300];
    size_t cap = strlen(text) + 64;
    char *line = malloc(cap);
    if (line == NULL)
        return;
    status_path(cfg, path, sizeof(path));
    int n =
        snprintf(line, cap, "%ld %lu %s %s\n", (long)getpid(), seq, ok ? "ok" : "refused", text);
    /* a newline in a report would end the line early: reports are one line */
    for (int i = 0; i < n - 1; i++)
        if (line[i] == '\n')
            line[i] = ' ';
    if (afile_replace(path, line, (size_t)n, NULL, err, sizeof(err)) < 0)
        fprintf(stderr, "zelftest: reload status: %s\n", err);
    free(line);
}

void reload_status_remove(const struct config *cfg)
{
    char path[sizeof(cfg->socket_path) + 16];
    status_path(cfg, path, sizeof(path));
    unlink(path);
}

long reload_find_program(const struct config *cfg, bool *not_running, char *err, size_t errlen)
{
    *not_running = false;
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(cfg->socket_path) >= sizeof(sa.sun_path)) {
        snprintf(err, errlen, "ZELFTEST_SOCKET is too long");
        return -1;
    }
    strcpy(sa.sun_path, cfg->socket_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;
        close(fd);
        *not_running = e == ENOENT || e == ECONNREFUSED;
        snprintf(err, errlen, "%s: %s", cfg->socket_path, strerror(e));
        return -1;
    }
    /* the credentials of the process that called listen() on the socket */
    struct ucred cred;
    socklen_t len = sizeof(cred);
    int rc = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
    close(fd);
    if (rc < 0 || cred.pid <= 0) {
        snprintf(err, errlen, "%s: who listens there is unknown", cfg->socket_path);
        return -1;
    }
    return (long)cred.pid;
}

/* Reads the status line: pid, sequence, ok?, report.  0, or -1 when absent or malformed. */
static int read_status(const struct config *cfg, long *pid, unsigned long *seq, bool *ok,
                       char *report, size_t replen)
{
    char path[sizeof(cfg->socket_path) + 16], line[CONTENT_REPORT_LINE_MAX];
    status_path(cfg, path, sizeof(path));
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    char *got = fgets(line, sizeof(line), f);
    fclose(f);
    char word[16];
    int used = 0;
    if (got == NULL || sscanf(line, "%ld %lu %15s %n", pid, seq, word, &used) != 3 || used == 0)
        return -1;
    *ok = strcmp(word, "ok") == 0;
    snprintf(report, replen, "%s", line + used);
    report[strcspn(report, "\n")] = '\0';
    return 0;
}

enum reload_result reload_program(const struct config *cfg, char *report, size_t replen, char *err,
                                  size_t errlen)
{
    bool not_running;
    long pid = reload_find_program(cfg, &not_running, err, errlen);
    if (pid < 0)
        return not_running ? RELOAD_NOT_RUNNING : RELOAD_ERROR;
    long spid = 0;
    unsigned long seq0 = 0, seq;
    bool ok;
    if (read_status(cfg, &spid, &seq0, &ok, report, replen) < 0 || spid != pid)
        seq0 = 0; /* its start writes sequence 0: any reload comes after */
    if (kill((pid_t)pid, SIGHUP) < 0) {
        snprintf(err, errlen, "cannot signal the program (pid %ld): %s", pid, strerror(errno));
        return RELOAD_ERROR;
    }
    for (int waited = 0; waited < RELOAD_WAIT_MS; waited += 20) {
        if (read_status(cfg, &spid, &seq, &ok, report, replen) == 0 && spid == pid && seq > seq0)
            return ok ? RELOAD_LOADED : RELOAD_REFUSED;
        clock_sleep_ms(20);
    }
    snprintf(err, errlen, "the program (pid %ld) did not report a reload within %d s", pid,
             RELOAD_WAIT_MS / 1000);
    return RELOAD_ERROR;
}

int admin_reload(const struct config *cfg, int argc, char **argv)
{
    (void)argv;
    if (admin_no_arguments("reload", argc) != 0)
        return 2;
    char report[CONTENT_REPORT_LINE_MAX], err[600];
    enum reload_result r = reload_program(cfg, report, sizeof(report), err, sizeof(err));
    switch (r) {
    case RELOAD_LOADED: printf("reloaded: %s\n", report); return 0;
    case RELOAD_REFUSED:
        return admin_fail("reload refused, the program keeps the content in force: %s", report);
    case RELOAD_NOT_RUNNING: return admin_fail("the program is not running: %s", err);
    case RELOAD_ERROR: break;
    }
    return admin_fail("reload: %s", err);
}
