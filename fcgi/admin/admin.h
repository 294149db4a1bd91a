/*
 * admin.h — `zelftest admin …`: the operator's commands, run by the same
 * program so that every change goes through the program's own loaders and
 * validators (the content/ loaders) before it is written.
 *
 *   admin.c     the entry, --help, --env, options, the shared run context
 *   registry.c  a registry file as a JSON tree: read, validate, write (atomic, with a backup)
 *   network.c   network add | edit | disable | enable
 *   campaign.c  campaign add | end
 *   token.c     token new | list | revoke
 *   reload.c    reload: signal the running program, report what it loaded or why it refused
 *   erasures.c  erasures apply: erase again what the erasure log names (after a restore)
 *   health.c    health: one FastCGI request to the running program's /healthz
 *
 * Every command returns an exit status: 0 done, 1 refused or failed (a
 * message on stderr says why), 2 a usage error.
 */
#ifndef ZT_ADMIN_H
#define ZT_ADMIN_H

#include "util/config.h"

#include <stdbool.h>
#include <stddef.h>

/* `zelftest admin <args>`: argv[0] is "admin".  Returns the exit status. */
int admin_main(int argc, char **argv);

/* ---- shared by the command files ---- */

#define ADMIN_OPTS_MAX 24
#define ADMIN_VALUES_MAX 64
#define ADMIN_POS_MAX 4

/* One option a command accepts: --name VALUE (repeatable when `multi`), or --name alone (`flag`).
 */
struct admin_opt {
    const char *name;
    bool multi, flag;
    const char *help;
    /* filled by admin_parse (borrowed from argv) */
    const char *val[ADMIN_VALUES_MAX];
    size_t n;
};

struct admin_cmd {
    const struct config *cfg;
    const char *pos[ADMIN_POS_MAX]; /* positional arguments after the command words */
    size_t npos;
    struct admin_opt *opts;
    size_t nopts;
    bool no_reload; /* --no-reload: write the file, leave the running program alone */
};

/*
 * Parses argv into the command's options and positional arguments.
 * Returns 0, or 2 with a message on stderr.
 */
int admin_parse(struct admin_cmd *c, int argc, char **argv, size_t minpos, size_t maxpos);

/* The option named `name` (NULL when the command has none of that name). */
const struct admin_opt *admin_opt(const struct admin_cmd *c, const char *name);

/* The single value of an option, or NULL when not given. */
const char *admin_val(const struct admin_cmd *c, const char *name);

/* After a file was written: reloads the running program unless --no-reload; returns `rc` or 1. */
int admin_after_write(const struct admin_cmd *c, int rc);

/* 0 when a command that takes no arguments got none; else says so and returns 2 (usage). */
int admin_no_arguments(const char *verb, int argc);

/* Prints "zelftest admin: <message>" on stderr; returns 1. */
int admin_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The commands (argv starts after the command words). */
int admin_network(const struct config *cfg, const char *verb, int argc, char **argv);
int admin_campaign(const struct config *cfg, const char *verb, int argc, char **argv);
int admin_token(const struct config *cfg, const char *verb, int argc, char **argv);
int admin_reload(const struct config *cfg, int argc, char **argv);
int admin_erasures(const struct config *cfg, const char *verb, int argc, char **argv);
int admin_health(const struct config *cfg, int argc, char **argv);

#endif
