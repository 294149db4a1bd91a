/*
 * log.h — one-line log records on stderr.
 *
 * Every record is written with a single write(2) so that lines from
 * concurrent workers never interleave.  Nothing personal is ever passed
 * here: no addresses, no tokens, no answers (see README, "Privacy").
 */
#ifndef ZT_LOG_H
#define ZT_LOG_H

#include <stdint.h>

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

/* Sets the most verbose level that is still written. */
void log_set_level(enum log_level level);

/* Parses "error", "warn", "info" or "debug"; returns -1 for anything else. */
int log_level_parse(const char *s);

/* printf-style record at `level`, prefixed with a timestamp and the level. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/*
 * The access record of one request: method, route pattern (never the
 * concrete path, which may hold a session token), status and duration.
 * In a thread that called log_buffer_thread() the line goes to that
 * thread's buffer, written out whole lines at a time by the flusher
 * (at most LOG_FLUSH_MS later) instead of costing a write(2) per request.
 */
void log_request(const char *method, const char *route, int status, int64_t usec);

#define LOG_FLUSH_MS 250

/* Gives the calling thread its own request-log buffer.  Returns 0 or -1 (then unbuffered). */
int log_buffer_thread(void);

/* Writes out every buffer now (when the flusher cannot be stopped). */
void log_flush(void);

/* Starts / stops the thread that writes the buffers out; stopping flushes everything. */
int log_flusher_start(void);
void log_flusher_stop(void);

#endif
