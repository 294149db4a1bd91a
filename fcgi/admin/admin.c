/*
 * admin.c — see admin.h: the entry of `zelftest admin`, its help, the
 * environment file, and the option parser the commands share.
 */
#include "admin/admin.h"

#include "admin/reload.h"
#include "content/content.h"
#include "domain/calendar.h"
#include "util/log.h"
#include "util/secure.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENV_FILE_MAX (64 * 1024)

static const char usage[] =
    "usage: zelftest admin [--env FILE] COMMAND ...\n"
    "\n"
    "Changes the registries the program reads (ZELFTEST_NETWORKS, ZELFTEST_CAMPAIGNS) through\n"
    "the program's own validation, writes them atomically and keeps the previous version as\n"
    "<file>.bak, then reloads the running program (found through ZELFTEST_SOCKET) and prints\n"
    "what it loaded or why it refused.\n"
    "\n"
    "  network add ID --name N --email E --phone P --website URL --place P --lat X --lon Y\n"
    "              [--province NAME]... [--postcodes 1234-1299]... [--sector ID]...\n"
    "              [--description-nl T --description-en T] [--json FILE]\n"
    "                                  a regional network (--json: an object with more fields)\n"
    "  network edit ID [the same options]  change the fields given (a list given replaces it)\n"
    "  network disable ID              offered to no respondent any more; its coordinators\n"
    "                                  keep reading their referrals (revoke their tokens to stop)\n"
    "  network enable ID               offered again\n"
    "  campaign add ID --name N (--owner-network ID | --owner-org NAME) --origin URL...\n"
    "              [--start YYYY-MM-DD] [--end YYYY-MM-DD]\n"
    "  campaign end ID [--date YYYY-MM-DD]   the last day it counts (default today)\n"
    "  token new NETWORK|CAMPAIGN --label PERSON\n"
    "                                  a personal API token: printed once, only its SHA-256 kept\n"
    "  token list                      every token's owner, label, date and hash prefix\n"
    "  token revoke LABEL|HASH-PREFIX  remove one token\n"
    "  check                           validate every content file, as a start would\n"
    "  reload                          make the running program reload its content\n"
    "  erasures apply                  erase again every referral the erasure log names\n"
    "                                  (ZELFTEST_ERASURE_LOG; run after restoring a backup)\n"
    "  health                          ask the running program's /healthz over its socket\n"
    "\n"
    "Options for every command that writes: --no-reload (leave the running program alone).\n"
    "--env FILE reads ZELFTEST_* settings from a KEY=VALUE file first (the systemd unit's\n"
    "EnvironmentFile, or var/zelftest.env under make run); otherwise the environment counts.\n";

int admin_no_arguments(const char *verb, int argc)
{
    if (argc == 0)
        return 0;
    fprintf(stderr, "zelftest admin: %s takes no arguments\n", verb);
    return 2;
}

int admin_fail(const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "zelftest admin: %s\n", msg);
    return 1;
}

/*
 * Reads KEY=VALUE lines (blank lines and # comments skipped, a value may
 * be in single or double quotes) and sets the ZELFTEST_* ones.
 */
static int read_env_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return admin_fail("--env %s: cannot be read", path);
    char line[2048];
    int no = 0, rc = 0;
    size_t total = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        no++;
        total += strlen(line);
        if (total > ENV_FILE_MAX || (strchr(line, '\n') == NULL && !feof(f))) {
            rc = admin_fail("--env %s:%d: line too long or file too large", path, no);
            break;
        }
        char *s = line, *e = line + strlen(line);
        while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        size_t klen = eq != NULL ? (size_t)(eq - s) : 0;
        bool key_ok = klen > 0;
        for (size_t i = 0; i < klen; i++)
            key_ok &= (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
        if (!key_ok) {
            rc = admin_fail("--env %s:%d: not KEY=VALUE", path, no);
            break;
        }
        *eq = '\0';
        char *v = eq + 1;
        size_t vlen = strlen(v);
        if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
            v[vlen - 1] = '\0';
            v++;
        }
        if (strncmp(s, "ZELFTEST_", 9) == 0 && setenv(s, v, 1) != 0) {
            rc = admin_fail("--env %s:%d: cannot set %s", path, no, s);
            break;
        }
    }
    fclose(f);
    return rc;
}

int admin_parse(struct admin_cmd *c, int argc, char **argv, size_t minpos, size_t maxpos)
{
    c->npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--no-reload") == 0) {
            c->no_reload = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (c->npos >= maxpos || c->npos >= ADMIN_POS_MAX) {
                fprintf(stderr, "zelftest admin: unexpected argument '%s' (try --help)\n", a);
                return 2;
            }
            c->pos[c->npos++] = a;
            continue;
        }
        struct admin_opt *o = NULL;
        for (size_t k = 0; k < c->nopts; k++)
            if (strcmp(c->opts[k].name, a + 2) == 0)
                o = &c->opts[k];
        if (o == NULL) {
            fprintf(stderr, "zelftest admin: unknown option '%s' (try --help)\n", a);
            return 2;
        }
        if (o->flag) {
            o->n = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "zelftest admin: %s needs a value\n", a);
            return 2;
        }
        if ((!o->multi && o->n > 0) || o->n >= ADMIN_VALUES_MAX) {
            fprintf(stderr, "zelftest admin: %s given too often\n", a);
            return 2;
        }
        o->val[o->n++] = argv[++i];
    }
    if (c->npos < minpos) {
        fprintf(stderr, "zelftest admin: missing argument (try --help)\n");
        return 2;
    }
    return 0;
}

const struct admin_opt *admin_opt(const struct admin_cmd *c, const char *name)
{
    for (size_t k = 0; k < c->nopts; k++)
        if (strcmp(c->opts[k].name, name) == 0)
            return &c->opts[k];
    return NULL;
}

const char *admin_val(const struct admin_cmd *c, const char *name)
{
    const struct admin_opt *o = admin_opt(c, name);
    return o != NULL && o->n > 0 ? o->val[0] : NULL;
}

int admin_after_write(const struct admin_cmd *c, int rc)
{
    if (rc != 0 || c->no_reload)
        return rc;
    char report[CONTENT_REPORT_LINE_MAX], err[600];
    int r = reload_program(c->cfg, report, sizeof(report), err, sizeof(err));
    if (r == RELOAD_NOT_RUNNING) {
        printf("the program is not running (%s); the change takes effect when it starts\n", err);
        return 0;
    }
    if (r == RELOAD_LOADED) {
        printf("reloaded: %s\n", report);
        return 0;
    }
    if (r == RELOAD_REFUSED)
        return admin_fail("the running program refused the reload, keeping its content: %s",
                          report);
    return admin_fail("reload: %s", err);
}

static int check(const struct config *cfg)
{
    char err[600];
    if (content_load(cfg, err, sizeof(err)) < 0)
        return admin_fail("%s", err);
    const struct content *c = content_current();
    printf("content OK: questionnaire %s, %zu networks, %zu postcode areas, %zu campaigns%s\n",
           content_qn(c)->version, c->networks->n, c->pc4->n, c->campaigns->n,
           c->geo != NULL ? ", GeoIP database" : "");
    content_free_all();
    return 0;
}

int admin_main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "--env") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "zelftest admin: --env needs a file\n");
            return 2;
        }
        if (read_env_file(argv[i + 1]) != 0)
            return 2;
        i += 2;
    }
    if (i >= argc || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
        strcmp(argv[i], "help") == 0) {
        fputs(usage, i >= argc ? stderr : stdout);
        return i >= argc ? 2 : 0;
    }
    struct config cfg;
    char err[600];
    if (config_load(&cfg, err, sizeof(err)) < 0) {
        fprintf(stderr, "zelftest admin: %s\n", err);
        return 2;
    }
    /* events of the loaders (the content line) are for the program's log, not this terminal */
    log_set_level(LOG_WARN);
    if (secure_init() < 0 || calendar_init() < 0)
        return admin_fail("libsodium or the time zone %s cannot be set up", CALENDAR_TZ);
    const char *cmd = argv[i];
    const char *verb = i + 1 < argc ? argv[i + 1] : "";
    int rest = argc - i - 2;
    char **rargv = argv + i + 2;
    if (strcmp(cmd, "network") == 0)
        return admin_network(&cfg, verb, rest, rargv);
    if (strcmp(cmd, "campaign") == 0)
        return admin_campaign(&cfg, verb, rest, rargv);
    if (strcmp(cmd, "token") == 0)
        return admin_token(&cfg, verb, rest, rargv);
    if (strcmp(cmd, "erasures") == 0)
        return admin_erasures(&cfg, verb, rest, rargv);
    if (strcmp(cmd, "check") == 0)
        return argc - i - 1 > 0 ? (fprintf(stderr, "zelftest admin: check takes no arguments\n"), 2)
                                : check(&cfg);
    if (strcmp(cmd, "reload") == 0)
        return admin_reload(&cfg, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "health") == 0)
        return admin_health(&cfg, argc - i - 1, argv + i + 1);
    fprintf(stderr, "zelftest admin: unknown command '%s' (try --help)\n", cmd);
    return 2;
}
