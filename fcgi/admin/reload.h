/*
 * reload.h — the reload handshake between `zelftest admin reload` and the
 * running program.
 *
 * The program is found through its socket (ZELFTEST_SOCKET): connecting
 * to it and asking the kernel for the peer's credentials (SO_PEERCRED)
 * names the process that listens there, so no pid file can be stale.
 * The program writes the outcome of its start and of every reload to
 * <socket>.reload, one line "<pid> <sequence> ok|refused <report>",
 * replaced atomically; the admin sends SIGHUP and waits for a line of
 * that pid with a higher sequence.
 */
#ifndef ZT_RELOAD_H
#define ZT_RELOAD_H

#include "util/config.h"

#include <stdbool.h>
#include <stddef.h>

enum reload_result {
    RELOAD_ERROR = -1, /* cannot signal, or no answer in time: `err` says why */
    RELOAD_LOADED = 0,
    RELOAD_REFUSED = 1,
    RELOAD_NOT_RUNNING = 2, /* nothing listens on the socket */
};

/* The program: records the outcome of the start (seq 0) or of reload number `seq`. */
void reload_status_write(const struct config *cfg, unsigned long seq, bool ok, const char *text);

/* The program at exit: removes the status file. */
void reload_status_remove(const struct config *cfg);

/*
 * The admin: finds the program listening on cfg's socket, signals it and
 * waits (up to 15 s) for its report, copied to `report`.
 */
enum reload_result reload_program(const struct config *cfg, char *report, size_t replen, char *err,
                                  size_t errlen);

/* The pid listening on cfg's socket, or -1 with `err` (ENOENT/ECONNREFUSED: not running). */
long reload_find_program(const struct config *cfg, bool *not_running, char *err, size_t errlen);

#endif
