/*
 * erasures.c — `zelftest admin erasures apply`: after a restore from a
 * backup, erases again every referral the erasure log names
 * (ZELFTEST_ERASURE_LOG, store/erased.h), so nothing erased after the
 * backup was made comes back.  Erasing an id that is already gone does
 * nothing, so applying the whole log again is always safe.  Ends with an
 * AOF rewrite, as the program does after erasures, so the restored files
 * no longer hold the erased data either.
 */
#include "admin/admin.h"

#include "domain/token.h"
#include "store/referral.h"
#include "store/store.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int admin_erasures(const struct config *cfg, const char *verb, int argc, char **argv)
{
    struct admin_cmd c = {.cfg = cfg};
    if (strcmp(verb, "apply") != 0) {
        fprintf(stderr, "zelftest admin: erasures apply (try --help)\n");
        return 2;
    }
    int rc = admin_parse(&c, argc, argv, 0, 0);
    if (rc != 0)
        return rc;
    if (cfg->erasure_log[0] == '\0')
        return admin_fail("ZELFTEST_ERASURE_LOG is not set: there is no list of erasures");
    FILE *f = fopen(cfg->erasure_log, "r");
    if (f == NULL) {
        printf("no erasure log at %s: nothing was erased, nothing to apply\n", cfg->erasure_log);
        return 0;
    }
    char err[300];
    if (store_library_init(err, sizeof(err)) < 0) {
        fclose(f);
        return admin_fail("%s", err);
    }
    struct store s;
    store_init(&s, &cfg->redis_durable, (int)cfg->redis_timeout_ms, "durable");
    char line[256];
    long lines = 0, erased = 0, gone = 0, bad = 0;
    rc = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        lines++;
        char id[TOKEN_LEN + 2] = "";
        /* "<id> <time> <why>": only the id matters here */
        if (sscanf(line, "%23s", id) != 1 || !token_valid(id)) {
            bad++;
            continue;
        }
        /* this process keeps no erasure log: nothing is logged twice */
        enum store_err e = referral_erase(&s, id, NULL, (int64_t)time(NULL), 0, NULL, 0);
        if (e == STORE_OK)
            erased++;
        else if (e == STORE_NOT_FOUND)
            gone++;
        else {
            rc = admin_fail("line %ld: %s (durable Redis at %s); applied so far: %ld", lines,
                            store_strerror(e), cfg->redis_durable.host, erased);
            break;
        }
    }
    fclose(f);
    if (rc == 0 && erased > 0) {
        /* a rewrite already running may have begun before these erasures: wait it out */
        static const char *rewrite[] = {"BGREWRITEAOF"};
        bool ok = false;
        for (int tries = 0; tries < 200 && !ok; tries++) {
            redisReply *r = store_cmd(&s, 1, rewrite, NULL);
            bool busy = r != NULL && r->type == REDIS_REPLY_ERROR && strstr(r->str, "progress");
            ok = r != NULL && r->type == REDIS_REPLY_STATUS;
            if (r != NULL)
                freeReplyObject(r);
            if (!busy)
                break;
            clock_sleep_ms(100);
        }
        if (!ok)
            rc = admin_fail("the AOF rewrite after the erasures was refused; run BGREWRITEAOF");
    }
    store_close(&s);
    if (rc == 0)
        printf("erasures applied: %ld erased again, %ld already gone, %ld lines not understood "
               "(of %ld)\n",
               erased, gone, bad, lines);
    return rc;
}
