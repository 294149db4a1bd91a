/*
 * log.c — see log.h.
 */
#include "log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int g_level = LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
    atomic_store(&g_level, (int)level);
}

int log_level_parse(const char *s)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (strcmp(s, level_names[i]) == 0)
            return (int)i;
    return -1;
}

/* Writes the line in one call; a short write to stderr is not worth a retry loop. */
static void emit(char *buf, size_t len, size_t cap)
{
    if (len >= cap - 1)
        len = cap - 2;
    buf[len++] = '\n';
    ssize_t rc = write(STDERR_FILENO, buf, len);
    (void)rc;
}

static size_t stamp(char *buf, size_t cap, enum log_level level)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    int m = snprintf(buf + n, cap - n, ".%03ldZ %s ", ts.tv_nsec / 1000000, level_names[level]);
    return n + (m > 0 ? (size_t)m : 0);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if ((int)level > atomic_load(&g_level))
        return;
    char buf[1024];
    size_t n = stamp(buf, sizeof(buf), level);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
    va_end(ap);
    if (m > 0)
        n += (size_t)m;
    emit(buf, n, sizeof(buf));
}

void log_request(const char *method, const char *route, int status, int64_t usec)
{
    if (LOG_INFO > atomic_load(&g_level))
        return;
    char buf[256];
    size_t n = stamp(buf, sizeof(buf), LOG_INFO);
    int m = snprintf(buf + n, sizeof(buf) - n, "request method=%s route=%s status=%d us=%lld",
                     method, route, status, (long long)usec);
    if (m > 0)
        n += (size_t)m;
    emit(buf, n, sizeof(buf));
}
