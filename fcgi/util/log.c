/*
 * log.c — see log.h.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 1024

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

void log_msg(enum log_level level, const char *fmt, ...)
{
    if ((int)level > atomic_load(&g_level))
        return;
    char buf[LOG_LINE_MAX];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
    int m =
        snprintf(buf + n, sizeof(buf) - n, ".%03ldZ %s ", ts.tv_nsec / 1000000, level_names[level]);
    n += m > 0 ? (size_t)m : 0;
    va_list ap;
    va_start(ap, fmt);
    m = vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
    va_end(ap);
    if (m > 0)
        n += (size_t)m;
    if (n > sizeof(buf) - 1)
        n = sizeof(buf) - 1; /* a cut-off record still ends in a newline */
    buf[n++] = '\n';
    /* a short write to stderr is not worth a retry loop */
    ssize_t rc = write(STDERR_FILENO, buf, n);
    (void)rc;
}
