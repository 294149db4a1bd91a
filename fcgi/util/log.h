/*
 * log.h — one-line event records on stderr.
 *
 * Every record is written with a single write(2) so that lines from
 * concurrent threads never interleave.  Nothing personal is ever passed
 * here: no addresses, no tokens, no answers (see README, "Privacy").
 * There is no line per request: nginx's access log has one (with the
 * route's masked path, status and upstream time), so the program does not
 * write a second.
 */
#ifndef ZT_LOG_H
#define ZT_LOG_H

enum log_level { LOG_ERROR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

/* Sets the most verbose level that is still written. */
void log_set_level(enum log_level level);

/* Parses "error", "warn", "info" or "debug"; returns -1 for anything else. */
int log_level_parse(const char *s);

/* printf-style record at `level`, prefixed with a UTC timestamp and the level. */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
