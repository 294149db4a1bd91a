/*
 * health.c — is the service up:
 *   GET /healthz           both Redis answer, how many workers run, the outbox
 *   GET /api/v1/version    the questionnaire in force (touches no Redis)
 */
#include "api/api.h"

#include "store/outbox.h"

#include <time.h>

int api_version(struct req *r)
{
    const struct qn *qn = content_qn(r->content);
    return resp_json(
        r, 200,
        json_pack("{s:s, s:s}", "service", "zelftest", "questionnaire_version", qn->version));
}

int api_health(struct req *r)
{
    static const char *ping[] = {"PING"};
    struct store *stores[] = {&r->app->sessions, &r->app->durable};
    static const char *const which[] = {"The session store does not answer.",
                                        "The durable store does not answer."};
    for (size_t i = 0; i < 2; i++) {
        redisReply *rep = store_cmd(stores[i], 1, ping, NULL);
        bool ok = rep != NULL && rep->type == REDIS_REPLY_STATUS;
        if (rep != NULL)
            freeReplyObject(rep);
        if (!ok) {
            resp_header(r, "Retry-After: 1");
            return resp_json(r, 503,
                             json_pack("{s:s, s:{s:s, s:s}}", "status", "unavailable", "error",
                                       "code", "unavailable", "message", which[i]));
        }
    }
    /* the outbox: what waits, how long the oldest has, and the dead letters to look at */
    struct outbox_stats ob;
    int64_t now = (int64_t)time(NULL);
    json_t *mail = json_pack("{s:b}", "on", compose_on());
    if (outbox_stats(&r->app->durable, now, &ob) == STORE_OK) {
        json_object_set_new(mail, "waiting", json_integer(ob.waiting));
        json_object_set_new(mail, "due", json_integer(ob.due));
        json_object_set_new(mail, "oldest_seconds",
                            json_integer(ob.oldest > 0 && now > ob.oldest ? now - ob.oldest : 0));
        json_object_set_new(mail, "dead_letters", json_integer(ob.dead));
    }
    return resp_json(r, 200,
                     json_pack("{s:s, s:{s:i, s:I}, s:o}", "status", "ok", "workers", "running",
                               api_workers_running(), "configured",
                               (json_int_t)r->app->cfg->workers, "mail", mail));
}
