/*
 * content.c — see content.h.
 */
#include "content/content.h"

#include "content/jfile.h"
#include "util/log.h"

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

/* Loads the questionnaire into c (reusing old's when the file is unchanged). */
static int load_qn(const struct config *cfg, const struct content *old, struct content *c,
                   char *err, size_t errlen)
{
    char qerr[512];
    struct qn *qn = qn_load(cfg->questionnaire, qerr, sizeof(qerr));
    if (qn == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->questionnaire, qerr);
        return -1;
    }
    if (old != NULL && memcmp(old->qns->qn->digest, qn->digest, sizeof(qn->digest)) == 0) {
        qn_free(qn);
        c->qns = old->qns;
        return 0;
    }
    struct qn_node *node = calloc(1, sizeof(*node));
    if (node == NULL) {
        qn_free(qn);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    node->qn = qn;
    node->older = old != NULL ? old->qns : NULL;
    c->qns = node;
    c->owns_qn = true;
    return 0;
}

static void free_owned(struct content *c)
{
    if (c->owns_qn) {
        qn_free(c->qns->qn);
        free((void *)c->qns);
    }
    if (c->owns_networks)
        networks_free((struct networks *)c->networks);
    if (c->owns_postcodes)
        postcodes_free((struct postcodes *)c->postcodes);
    if (c->owns_geo)
        geo_close((struct geo *)c->geo);
    if (c->owns_campaigns)
        campaigns_free((struct campaigns *)c->campaigns);
    free(c->embed_html);
    free(c);
}

static int build(const struct config *cfg, const struct content *old, char *err, size_t errlen)
{
    struct content *c = calloc(1, sizeof(*c));
    char e2[512];
    if (c == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (load_qn(cfg, old, c, err, errlen) < 0)
        goto bad;
    /* the networks are checked against the questionnaire's sectors: always reparse */
    struct networks *nets = networks_load(cfg->networks, c->qns->qn, e2, sizeof(e2));
    if (nets == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->networks, e2);
        goto bad;
    }
    if (old != NULL && memcmp(old->networks->digest, nets->digest, 32) == 0 && !c->owns_qn) {
        networks_free(nets);
        c->networks = old->networks;
    } else {
        c->networks = nets;
        c->owns_networks = true;
    }
    struct postcodes *pcs = postcodes_load(cfg->postcodes, e2, sizeof(e2));
    if (pcs == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->postcodes, e2);
        goto bad;
    }
    if (old != NULL && memcmp(old->postcodes->digest, pcs->digest, 32) == 0) {
        postcodes_free(pcs);
        c->postcodes = old->postcodes;
    } else {
        c->postcodes = pcs;
        c->owns_postcodes = true;
    }
    if (cfg->geoip_db[0] != '\0') {
        /* reopened on every reload: a monthly database update is picked up by SIGHUP */
        struct geo *g = geo_open(cfg->geoip_db, e2, sizeof(e2));
        if (g == NULL) {
            snprintf(err, errlen, "ZELFTEST_GEOIP_DB %s", e2);
            goto bad;
        }
        c->geo = g;
        c->owns_geo = true;
    }
    /* campaigns name networks as owners: reparse with the networks in force */
    struct campaigns *camps = campaigns_load(cfg->campaigns, c->networks, e2, sizeof(e2));
    if (camps == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->campaigns, e2);
        goto bad;
    }
    c->campaigns = camps;
    c->owns_campaigns = true;
    char page[CONFIG_PATH_MAX + 16];
    snprintf(page, sizeof(page), "%s/index.html", cfg->web_root);
    if ((c->embed_html = jfile_read(page, &c->embed_len, e2, sizeof(e2))) == NULL) {
        snprintf(err, errlen, "ZELFTEST_WEB_ROOT: %s", e2);
        goto bad;
    }
    c->prev = old;
    if (c->owns_qn)
        log_info("questionnaire version %s loaded (%zu questions)", c->qns->qn->version,
                 c->qns->qn->nquestions);
    if (c->owns_networks)
        log_info("networks loaded (%zu, fallback %s)", c->networks->n,
                 c->networks->items[c->networks->fallback].id);
    if (c->owns_postcodes)
        log_info("postcode areas loaded (%zu)", c->postcodes->n);
    atomic_store_explicit(&g_current, c, memory_order_release);
    return 0;
bad:
    c->prev = NULL;
    free_owned(c);
    return -1;
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
        free_owned((struct content *)c);
        c = prev;
    }
    pthread_mutex_unlock(&g_load_lock);
}
