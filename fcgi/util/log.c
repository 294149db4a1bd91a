/*
 * log.c — see log.h.
 */
#include "util/log.h"

#include <stdbool.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
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

/* ---------- buffered request lines ---------- */

#define BUF_CAP 16384
#define MAX_BUFFERS 512

struct logbuf {
    pthread_mutex_t mu; /* the owning worker and the flusher only: rarely contended */
    size_t len;
    char data[BUF_CAP];
};

static struct logbuf *g_bufs[MAX_BUFFERS];
static atomic_size_t g_nbufs;
static _Thread_local struct logbuf *tl_buf;
static pthread_t g_flusher;
static pthread_mutex_t g_flush_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_flush_cv = PTHREAD_COND_INITIALIZER;
static bool g_flusher_on, g_flusher_stop;

/* Writes out a buffer's whole lines in one call; the caller holds b->mu. */
static void drain(struct logbuf *b)
{
    size_t off = 0;
    while (off < b->len) {
        ssize_t w = write(STDERR_FILENO, b->data + off, b->len - off);
        if (w <= 0)
            break; /* stderr gone: drop the lines rather than spin */
        off += (size_t)w;
    }
    b->len = 0;
}

int log_buffer_thread(void)
{
    size_t i = atomic_fetch_add(&g_nbufs, 1);
    if (i >= MAX_BUFFERS)
        return -1;
    struct logbuf *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return -1;
    pthread_mutex_init(&b->mu, NULL);
    g_bufs[i] = b;
    tl_buf = b;
    return 0;
}

static void flush_all(void)
{
    size_t n = atomic_load(&g_nbufs);
    for (size_t i = 0; i < n && i < MAX_BUFFERS; i++) {
        struct logbuf *b = g_bufs[i];
        if (b == NULL)
            continue;
        pthread_mutex_lock(&b->mu);
        drain(b);
        pthread_mutex_unlock(&b->mu);
    }
}

void log_flush(void)
{
    flush_all();
}

static void *flusher_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g_flush_mu);
    while (!g_flusher_stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += LOG_FLUSH_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&g_flush_cv, &g_flush_mu, &until);
        pthread_mutex_unlock(&g_flush_mu);
        flush_all();
        pthread_mutex_lock(&g_flush_mu);
    }
    pthread_mutex_unlock(&g_flush_mu);
    return NULL;
}

int log_flusher_start(void)
{
    if (pthread_create(&g_flusher, NULL, flusher_main, NULL) != 0)
        return -1;
    g_flusher_on = true;
    return 0;
}

void log_flusher_stop(void)
{
    if (g_flusher_on) {
        pthread_mutex_lock(&g_flush_mu);
        g_flusher_stop = true;
        pthread_cond_signal(&g_flush_cv);
        pthread_mutex_unlock(&g_flush_mu);
        pthread_join(g_flusher, NULL);
        g_flusher_on = false;
    }
    flush_all();
    size_t n = atomic_load(&g_nbufs);
    for (size_t i = 0; i < n && i < MAX_BUFFERS; i++) {
        if (g_bufs[i] != NULL)
            pthread_mutex_destroy(&g_bufs[i]->mu);
        free(g_bufs[i]);
        g_bufs[i] = NULL;
    }
    atomic_store(&g_nbufs, 0);
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
    if (n >= sizeof(buf) - 1)
        n = sizeof(buf) - 2;
    buf[n++] = '\n';
    struct logbuf *b = tl_buf;
    if (b == NULL || !g_flusher_on) {
        ssize_t rc = write(STDERR_FILENO, buf, n);
        (void)rc;
        return;
    }
    pthread_mutex_lock(&b->mu);
    if (b->len + n > BUF_CAP)
        drain(b);
    memcpy(b->data + b->len, buf, n);
    b->len += n;
    pthread_mutex_unlock(&b->mu);
}
