/*
 * health.c — `zelftest admin health`: is the running program serving?
 * Sends one FastCGI request (GET /healthz) over ZELFTEST_SOCKET, as nginx
 * would, and succeeds only on a 200, which the program gives when both
 * Redis instances answer.  For container health checks and monitoring
 * that cannot reach nginx: it checks the server, not the files.
 */
#include "admin/admin.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define HEALTH_TIMEOUT_MS 3000
#define FCGI_BEGIN_REQUEST 1
#define FCGI_END_REQUEST 3
#define FCGI_PARAMS 4
#define FCGI_STDIN 5
#define FCGI_STDOUT 6
#define FCGI_RESPONDER 1

/* A record header plus `len` bytes of content, at p; returns the bytes used. */
static size_t record(uint8_t *p, int type, const uint8_t *content, size_t len)
{
    uint8_t h[8] = {1, (uint8_t)type, 0, 1, (uint8_t)(len >> 8), (uint8_t)len, 0, 0};
    memcpy(p, h, 8);
    if (len > 0)
        memcpy(p + 8, content, len);
    return 8 + len;
}

/* One name-value pair (both shorter than 128 bytes). */
static size_t pair(uint8_t *p, const char *name, const char *value)
{
    size_t n = strlen(name), v = strlen(value);
    p[0] = (uint8_t)n;
    p[1] = (uint8_t)v;
    memcpy(p + 2, name, n);
    memcpy(p + 2 + n, value, v);
    return 2 + n + v;
}

static int read_full(int fd, uint8_t *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, HEALTH_TIMEOUT_MS) <= 0)
            return -1;
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

/* The status of GET /healthz, or -1 when the program does not answer (err says why). */
static int ask(const struct config *cfg, char *body, size_t cap, char *err, size_t errlen)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(cfg->socket_path) >= sizeof(sa.sun_path)) {
        snprintf(err, errlen, "ZELFTEST_SOCKET is too long");
        return -1;
    }
    strcpy(sa.sun_path, cfg->socket_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        snprintf(err, errlen, "%s: %s", cfg->socket_path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    uint8_t out[512], params[256];
    uint8_t begin[8] = {0, FCGI_RESPONDER, 0, 0, 0, 0, 0, 0};
    size_t pl = 0, n = 0;
    pl += pair(params + pl, "REQUEST_METHOD", "GET");
    pl += pair(params + pl, "REQUEST_URI", "/healthz");
    pl += pair(params + pl, "REMOTE_ADDR", "127.0.0.1");
    n += record(out + n, FCGI_BEGIN_REQUEST, begin, sizeof(begin));
    n += record(out + n, FCGI_PARAMS, params, pl);
    n += record(out + n, FCGI_PARAMS, NULL, 0);
    n += record(out + n, FCGI_STDIN, NULL, 0);
    int status = -1;
    size_t blen = 0;
    if (write(fd, out, n) != (ssize_t)n) {
        snprintf(err, errlen, "%s: cannot send: %s", cfg->socket_path, strerror(errno));
        goto done;
    }
    for (;;) {
        uint8_t h[8], content[65536 + 256];
        if (read_full(fd, h, 8) < 0) {
            snprintf(err, errlen, "%s: no answer within %d ms", cfg->socket_path,
                     HEALTH_TIMEOUT_MS);
            goto done;
        }
        size_t len = ((size_t)h[4] << 8 | h[5]) + h[6];
        if (read_full(fd, content, len) < 0) {
            snprintf(err, errlen, "%s: the answer was cut short", cfg->socket_path);
            goto done;
        }
        len -= h[6];
        if (h[1] == FCGI_STDOUT && blen + len < cap) {
            memcpy(body + blen, content, len);
            blen += len;
        }
        if (h[1] == FCGI_END_REQUEST)
            break;
    }
    body[blen] = '\0';
    if (sscanf(body, "Status: %d", &status) != 1) {
        snprintf(err, errlen, "%s: the answer has no status", cfg->socket_path);
        status = -1;
    }
done:
    close(fd);
    return status;
}

int admin_health(const struct config *cfg, int argc, char **argv)
{
    (void)argv;
    if (admin_no_arguments("health", argc) != 0)
        return 2;
    char body[8192], err[400];
    int st = ask(cfg, body, sizeof(body), err, sizeof(err));
    if (st < 0)
        return admin_fail("not serving: %s", err);
    const char *json = strstr(body, "\r\n\r\n");
    printf("/healthz: %d %s\n", st, json != NULL ? json + 4 : "");
    return st == 200 ? 0 : 1;
}
