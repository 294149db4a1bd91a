/*
 * content.c — see content.h.
 */
#include "content.h"

#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Atomic(const struct content *) g_current;
/* serialises loaders (start-up and SIGHUP both run on the main thread, but be safe) */
static pthread_mutex_t g_load_lock = PTHREAD_MUTEX_INITIALIZER;

const struct content *content_current(void)
{
    return atomic_load_explicit(&g_current, memory_order_acquire);
}

const struct qn *content_qn(const struct content *c)
{
    return c->qns->qn;
}

const struct qn *content_qn_version(const struct content *c, const char *version)
{
    for (const struct qn_node *n = c->qns; n != NULL; n = n->older)
        if (strcmp(n->qn->version, version) == 0)
            return n->qn;
    return NULL;
}

static int build(const struct config *cfg, const struct content *old, char *err, size_t errlen)
{
    struct content *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    char qerr[512];
    struct qn *qn = qn_load(cfg->questionnaire, qerr, sizeof(qerr));
    if (qn == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->questionnaire, qerr);
        free(c);
        return -1;
    }
    if (old != NULL && memcmp(old->qns->qn->digest, qn->digest, sizeof(qn->digest)) == 0) {
        qn_free(qn); /* unchanged: keep the loaded one */
        c->qns = old->qns;
    } else {
        struct qn_node *node = calloc(1, sizeof(*node));
        if (node == NULL) {
            qn_free(qn);
            free(c);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        node->qn = qn;
        node->older = old != NULL ? old->qns : NULL;
        c->qns = node;
        c->owns_qn = true;
        log_info("questionnaire version %s loaded (%zu questions)", qn->version, qn->nquestions);
    }
    c->prev = old;
    atomic_store_explicit(&g_current, c, memory_order_release);
    return 0;
}

int content_load(const struct config *cfg, char *err, size_t errlen)
{
    pthread_mutex_lock(&g_load_lock);
    int rc = build(cfg, NULL, err, errlen);
    pthread_mutex_unlock(&g_load_lock);
    return rc;
}

int content_reload(const struct config *cfg, char *err, size_t errlen)
{
    pthread_mutex_lock(&g_load_lock);
    int rc = build(cfg, content_current(), err, errlen);
    pthread_mutex_unlock(&g_load_lock);
    return rc;
}

void content_free_all(void)
{
    pthread_mutex_lock(&g_load_lock);
    const struct content *c = atomic_exchange(&g_current, NULL);
    while (c != NULL) {
        const struct content *prev = c->prev;
        if (c->owns_qn) {
            qn_free(c->qns->qn);
            free((void *)c->qns);
        }
        free((void *)c);
        c = prev;
    }
    pthread_mutex_unlock(&g_load_lock);
}
