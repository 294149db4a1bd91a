/*
 * content.c — see content.h.
 */
#include "content/content.h"

#include "content/campaign_file.h"
#include "content/jfile.h"
#include "content/finding_file.h"
#include "content/mail_file.h"
#include "content/network_file.h"
#include "content/pc4_file.h"
#include "content/qn_file.h"
#include "util/log.h"
#include "util/secure.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum part_kind {
    PART_QN,
    PART_NETWORKS,
    PART_PC4,
    PART_GEO,
    PART_CAMPAIGNS,
    PART_EMBED,
    PART_MAIL,
    PART_FINDINGS,
    PARTS
};

_Static_assert(sizeof(((struct content *)0)->parts) / sizeof(struct content_part *) == PARTS,
               "a slot in struct content for every part");

/* One loaded file, shared by the snapshots that use it. */
struct content_part {
    atomic_long refs;
    enum part_kind kind;
    void *obj;
    size_t len;             /* PART_EMBED: the page's length */
    struct geo_stamp stamp; /* PART_GEO: which file it is */
};

static const struct content *g_current;
static atomic_ulong g_gen;
/* guards g_current against a swap while a worker takes a reference */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static void part_release(struct content_part *p);

static void destroy_obj(enum part_kind kind, void *obj)
{
    switch (kind) {
    case PART_QN: {
        struct qn_node *node = obj;
        qn_file_free(node->qn);
        if (node->older_part != NULL)
            part_release(node->older_part);
        free(node);
        break;
    }
    case PART_NETWORKS: network_file_free(obj); break;
    case PART_PC4: pc4_file_free(obj); break;
    case PART_GEO: geo_close(obj); break;
    case PART_CAMPAIGNS: campaign_file_free(obj); break;
    case PART_EMBED: free(obj); break;
    case PART_MAIL: mail_file_free(obj); break;
    case PART_FINDINGS: finding_file_free(obj); break;
    case PARTS: break;
    }
}

static void part_release(struct content_part *p)
{
    if (p != NULL && atomic_fetch_sub(&p->refs, 1) == 1) {
        destroy_obj(p->kind, p->obj);
        free(p);
    }
}

static struct content_part *part_hold(struct content_part *p)
{
    atomic_fetch_add(&p->refs, 1);
    return p;
}

/* A new part holding `obj`; on failure `obj` is destroyed and NULL returned. */
static struct content_part *part_new(enum part_kind kind, void *obj)
{
    struct content_part *p = calloc(1, sizeof(*p));
    if (p == NULL) {
        destroy_obj(kind, obj);
        return NULL;
    }
    atomic_init(&p->refs, 1);
    p->kind = kind;
    p->obj = obj;
    return p;
}

static void content_release(const struct content *c)
{
    struct content *m = (struct content *)c;
    if (m == NULL)
        return;
    pthread_mutex_lock(&g_lock);
    long left = --m->refs;
    pthread_mutex_unlock(&g_lock);
    if (left > 0)
        return;
    for (int k = 0; k < PARTS; k++)
        part_release(m->parts[k]);
    free(m);
}

const struct content *content_current(void)
{
    return g_current;
}

const struct content *content_hold_refresh(struct content_hold *h)
{
    unsigned long gen = atomic_load_explicit(&g_gen, memory_order_acquire);
    if (h->c != NULL && h->gen == gen)
        return h->c;
    pthread_mutex_lock(&g_lock);
    struct content *now = (struct content *)g_current;
    now->refs++;
    gen = atomic_load(&g_gen);
    pthread_mutex_unlock(&g_lock);
    content_release(h->c);
    h->c = now;
    h->gen = gen;
    return now;
}

void content_hold_drop(struct content_hold *h)
{
    content_release(h->c);
    h->c = NULL;
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

/* ---------- building a snapshot ---------- */

/* The first 12 hex digits of a SHA-256, enough to tell two versions of a file apart. */
static void short_hex(const uint8_t digest[32], char out[13])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 6; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 15];
    }
    out[12] = '\0';
}

/* The part of `old` of this kind, held once more, if `same`; else NULL. */
static struct content_part *reuse(const struct content *old, enum part_kind k, bool same)
{
    return old != NULL && same ? part_hold(old->parts[k]) : NULL;
}

static int load_qn(const struct config *cfg, const struct content *old, struct content *c,
                   bool *changed, char *err, size_t errlen)
{
    char qerr[512];
    struct qn *qn = qn_file_load(cfg->questionnaire, qerr, sizeof(qerr));
    if (qn == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->questionnaire, qerr);
        return -1;
    }
    *changed = old == NULL || memcmp(old->qns->qn->digest, qn->digest, sizeof(qn->digest)) != 0;
    if (!*changed) {
        qn_file_free(qn);
        c->parts[PART_QN] = reuse(old, PART_QN, true);
        c->qns = old->qns;
        return 0;
    }
    /* the same version with other contents would change what stored answers mean */
    for (const struct qn_node *n = old != NULL ? old->qns : NULL; n != NULL; n = n->older)
        if (strcmp(n->qn->version, qn->version) == 0 &&
            memcmp(n->qn->digest, qn->digest, sizeof(qn->digest)) != 0) {
            snprintf(err, errlen,
                     "%s: version %s is already loaded with other contents; give the changed "
                     "questionnaire a new version",
                     cfg->questionnaire, qn->version);
            qn_file_free(qn);
            return -1;
        }
    struct qn_node *node = calloc(1, sizeof(*node));
    if (node == NULL) {
        qn_file_free(qn);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    node->qn = qn;
    if (old != NULL) {
        node->older = old->qns;
        node->older_part = part_hold(old->parts[PART_QN]);
    }
    if ((c->parts[PART_QN] = part_new(PART_QN, node)) == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->qns = node;
    return 0;
}

/* Takes a freshly parsed object, or the old part when its digest is the same. */
static struct content_part *fresh_or_old(const struct content *old, enum part_kind k, void *obj,
                                         const uint8_t *digest, const uint8_t *old_digest,
                                         bool may_reuse, bool *changed)
{
    *changed = !(old != NULL && may_reuse && memcmp(digest, old_digest, 32) == 0);
    if (!*changed) {
        destroy_obj(k, obj);
        return reuse(old, k, true);
    }
    return part_new(k, obj);
}

static int build(const struct config *cfg, const struct content *old, char *report, size_t replen,
                 char *err, size_t errlen)
{
    struct content *c = calloc(1, sizeof(*c));
    char e2[512];
    bool qn_changed, nets_changed, pc_changed, geo_changed = false, camp_changed, embed_changed;
    if (c == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    c->refs = 1;
    if (load_qn(cfg, old, c, &qn_changed, err, errlen) < 0)
        goto bad;
    /* the networks are checked against the questionnaire's sectors: reparsed every time */
    struct networks *nets = network_file_load(cfg->networks, c->qns->qn, e2, sizeof(e2));
    if (nets == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->networks, e2);
        goto bad;
    }
    c->parts[PART_NETWORKS] =
        fresh_or_old(old, PART_NETWORKS, nets, nets->digest,
                     old != NULL ? old->networks->digest : NULL, !qn_changed, &nets_changed);
    struct pc4_table *pcs = pc4_file_load(cfg->postcodes, e2, sizeof(e2));
    if (pcs == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->postcodes, e2);
        goto bad;
    }
    c->parts[PART_PC4] = fresh_or_old(old, PART_PC4, pcs, pcs->digest,
                                      old != NULL ? old->pc4->digest : NULL, true, &pc_changed);
    if (cfg->geoip_db[0] != '\0') {
        struct geo_stamp st;
        if (geo_stamp(cfg->geoip_db, &st) < 0) {
            snprintf(err, errlen, "ZELFTEST_GEOIP_DB %s: cannot be read", cfg->geoip_db);
            goto bad;
        }
        const struct content_part *og = old != NULL ? old->parts[PART_GEO] : NULL;
        if (og != NULL && memcmp(&og->stamp, &st, sizeof(st)) == 0)
            c->parts[PART_GEO] = reuse(old, PART_GEO, true);
        else {
            /* a monthly database update is picked up by SIGHUP */
            struct geo *g = geo_open(cfg->geoip_db, e2, sizeof(e2));
            if (g == NULL) {
                snprintf(err, errlen, "ZELFTEST_GEOIP_DB %s", e2);
                goto bad;
            }
            if ((c->parts[PART_GEO] = part_new(PART_GEO, g)) != NULL)
                c->parts[PART_GEO]->stamp = st;
            geo_changed = true;
        }
    }
    c->networks = c->parts[PART_NETWORKS] ? c->parts[PART_NETWORKS]->obj : NULL;
    if (c->networks == NULL || c->parts[PART_PC4] == NULL ||
        (cfg->geoip_db[0] != '\0' && c->parts[PART_GEO] == NULL)) {
        snprintf(err, errlen, "out of memory");
        goto bad;
    }
    /* campaigns name networks as owners: reparsed with the networks in force */
    struct campaigns *camps = campaign_file_load(cfg->campaigns, c->networks, e2, sizeof(e2));
    if (camps == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->campaigns, e2);
        goto bad;
    }
    c->parts[PART_CAMPAIGNS] =
        fresh_or_old(old, PART_CAMPAIGNS, camps, camps->digest,
                     old != NULL ? old->campaigns->digest : NULL, !nets_changed, &camp_changed);
    char page[CONFIG_PATH_MAX + 16];
    size_t elen;
    snprintf(page, sizeof(page), "%s/index.html", cfg->web_root);
    char *html = jfile_read(page, &elen, e2, sizeof(e2));
    if (html == NULL) {
        snprintf(err, errlen, "ZELFTEST_WEB_ROOT: %s", e2);
        goto bad;
    }
    embed_changed = old == NULL || old->embed_len != elen || memcmp(old->embed_html, html, elen);
    if (!embed_changed) {
        free(html);
        c->parts[PART_EMBED] = reuse(old, PART_EMBED, true);
    } else if ((c->parts[PART_EMBED] = part_new(PART_EMBED, html)) != NULL)
        c->parts[PART_EMBED]->len = elen;
    if (c->parts[PART_CAMPAIGNS] == NULL || c->parts[PART_EMBED] == NULL) {
        snprintf(err, errlen, "out of memory");
        goto bad;
    }
    struct mail_texts *mt = mail_file_load(cfg->mail_texts, e2, sizeof(e2));
    if (mt == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->mail_texts, e2);
        goto bad;
    }
    bool mail_changed;
    c->parts[PART_MAIL] = fresh_or_old(old, PART_MAIL, mt, mt->digest,
                                       old != NULL ? old->mail->digest : NULL, true, &mail_changed);
    if (c->parts[PART_MAIL] == NULL) {
        snprintf(err, errlen, "out of memory");
        goto bad;
    }
    c->mail = c->parts[PART_MAIL]->obj;
    /* the findings name principles of the questionnaire: reparsed with it */
    struct findings *fs = finding_file_load(cfg->findings, c->qns->qn, e2, sizeof(e2));
    if (fs == NULL) {
        snprintf(err, errlen, "%s: %s", cfg->findings, e2);
        goto bad;
    }
    bool findings_changed;
    c->parts[PART_FINDINGS] =
        fresh_or_old(old, PART_FINDINGS, fs, fs->digest, old != NULL ? old->findings->digest : NULL,
                     !qn_changed, &findings_changed);
    if (c->parts[PART_FINDINGS] == NULL) {
        snprintf(err, errlen, "out of memory");
        goto bad;
    }
    c->findings = c->parts[PART_FINDINGS]->obj;
    c->pc4 = c->parts[PART_PC4]->obj;
    c->geo = c->parts[PART_GEO] != NULL ? c->parts[PART_GEO]->obj : NULL;
    c->campaigns = c->parts[PART_CAMPAIGNS]->obj;
    c->embed_html = c->parts[PART_EMBED]->obj;
    c->embed_len = c->parts[PART_EMBED]->len;

    /* every file by path, with its version (or the start of its SHA-256) and whether it was
     * read anew: the log line (and `zelftest admin reload`) show exactly what is in force */
    const char *tag[] = {"unchanged", "loaded"};
    char qd[13], nd[13], pd[13], cd[13], ed[13], md[13], fd[13], geo[400] = "GeoIP off";
    uint8_t edig[32];
    secure_sha256(c->embed_html, c->embed_len, edig);
    short_hex(c->qns->qn->digest, qd);
    short_hex(c->networks->digest, nd);
    short_hex(c->pc4->digest, pd);
    short_hex(c->campaigns->digest, cd);
    short_hex(edig, ed);
    short_hex(c->mail->digest, md);
    short_hex(c->findings->digest, fd);
    if (c->geo != NULL)
        snprintf(geo, sizeof(geo), "GeoIP %.60s (%.200s, built %llu, %s)",
                 c->geo->mmdb.metadata.database_type, cfg->geoip_db,
                 (unsigned long long)c->geo->mmdb.metadata.build_epoch, tag[geo_changed]);
    snprintf(report, replen,
             "questionnaire %s (%.200s, sha256 %s, %s, %zu questions), networks %s (%.200s, "
             "sha256 %s, %s, %zu networks, fallback %s), postcodes (%.200s, sha256 %s, %s, %zu "
             "areas), %s, campaigns %s (%.200s, sha256 %s, %s, %zu campaigns), embed page "
             "(%.200s/index.html, sha256 %s, %s), mail texts %s (%.200s, sha256 %s, %s), findings "
             "%s (%.200s, sha256 %s, %s, %zu findings)",
             c->qns->qn->version, cfg->questionnaire, qd, tag[qn_changed], c->qns->qn->nquestions,
             c->networks->version ? c->networks->version : "-", cfg->networks, nd,
             tag[nets_changed], c->networks->n, c->networks->items[c->networks->fallback].id,
             cfg->postcodes, pd, tag[pc_changed], c->pc4->n, geo,
             c->campaigns->version ? c->campaigns->version : "-", cfg->campaigns, cd,
             tag[camp_changed], c->campaigns->n, cfg->web_root, ed, tag[embed_changed],
             c->mail->version, cfg->mail_texts, md, tag[mail_changed], c->findings->version,
             cfg->findings, fd, tag[findings_changed], c->findings->n);
    pthread_mutex_lock(&g_lock);
    const struct content *prev = g_current;
    g_current = c;
    atomic_fetch_add_explicit(&g_gen, 1, memory_order_release);
    pthread_mutex_unlock(&g_lock);
    content_release(prev);
    return 0;
bad:
    content_release(c);
    return -1;
}

int content_load(const struct config *cfg, char *err, size_t errlen)
{
    char report[CONTENT_REPORT_MAX];
    if (build(cfg, NULL, report, sizeof(report), err, errlen) < 0)
        return -1;
    log_info("content: %s", report);
    return 0;
}

int content_reload(const struct config *cfg, char *report, size_t replen, char *err, size_t errlen)
{
    return build(cfg, g_current, report, replen, err, errlen);
}

void content_free_all(void)
{
    pthread_mutex_lock(&g_lock);
    const struct content *c = g_current;
    g_current = NULL;
    pthread_mutex_unlock(&g_lock);
    content_release(c);
}
