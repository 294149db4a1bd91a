/*
 * registry.c — see registry.h.
 */
#include "admin/registry.h"

#include "admin/admin.h"
#include "content/campaign_file.h"
#include "content/jfile.h"
#include "content/network_file.h"
#include "content/qn_file.h"
#include "util/afile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int admin_lock(const struct config *cfg)
{
    char err[300];
    int fd = afile_lock_dir(cfg->networks, err, sizeof(err));
    if (fd < 0)
        admin_fail("cannot lock the registry folder: %s", err);
    return fd;
}

void admin_unlock(int fd)
{
    afile_unlock(fd);
}

static const char *path_of(const struct config *cfg, enum registry_kind kind)
{
    return kind == REGISTRY_NETWORKS ? cfg->networks : cfg->campaigns;
}

int admin_registry_open_locked(struct registry *g, const struct config *cfg,
                               enum registry_kind kind)
{
    int lock = admin_lock(cfg);
    if (lock < 0)
        return -1;
    if (admin_registry_open(g, cfg, kind) != 0) {
        admin_unlock(lock);
        return -1;
    }
    return lock;
}

int admin_registry_open(struct registry *g, const struct config *cfg, enum registry_kind kind)
{
    memset(g, 0, sizeof(*g));
    g->kind = kind;
    g->path = path_of(cfg, kind);
    char err[600];
    size_t len;
    char *buf = jfile_read(g->path, &len, err, sizeof(err));
    if (buf == NULL)
        return admin_fail("%s", err);
    g->root = jfile_parse(g->path, buf, len, err, sizeof(err));
    free(buf);
    if (g->root == NULL)
        return admin_fail("%s", err);
    g->items = json_object_get(g->root, kind == REGISTRY_NETWORKS ? "networks" : "campaigns");
    if (!json_is_array(g->items)) {
        admin_registry_close(g);
        return admin_fail("%s: no \"%s\" list", g->path,
                          kind == REGISTRY_NETWORKS ? "networks" : "campaigns");
    }
    return 0;
}

void admin_registry_close(struct registry *g)
{
    json_decref(g->root);
    g->root = NULL;
    g->items = NULL;
}

json_t *admin_registry_find(const struct registry *g, const char *id, size_t *index)
{
    for (size_t i = 0; i < json_array_size(g->items); i++) {
        json_t *e = json_array_get(g->items, i);
        const char *eid = json_string_value(json_object_get(e, "id"));
        if (eid != NULL && strcmp(eid, id) == 0) {
            if (index != NULL)
                *index = i;
            return e;
        }
    }
    return NULL;
}

char *admin_registry_text(const struct registry *g)
{
    /* 2 spaces as the shipped files; 10 significant digits keep 53.2194 as written */
    char *s = json_dumps(g->root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    if (s == NULL)
        return NULL;
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (t == NULL) {
        free(s);
        return NULL;
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    return t;
}

int admin_registry_save(struct registry *g, const struct config *cfg)
{
    char err[600];
    int rc = 1;
    char *text = admin_registry_text(g);
    struct qn *qn = NULL;
    struct networks *nets = NULL;
    struct campaigns *camps = NULL;
    if (text == NULL)
        return admin_fail("out of memory");
    size_t len = strlen(text);
    if ((qn = qn_file_load(cfg->questionnaire, err, sizeof(err))) == NULL) {
        admin_fail("%s: %s", cfg->questionnaire, err);
        goto done;
    }
    if (g->kind == REGISTRY_NETWORKS) {
        if ((nets = network_file_parse(text, len, qn, err, sizeof(err))) == NULL) {
            admin_fail("refused, %s is unchanged: %s", g->path, err);
            goto done;
        }
        /* the campaigns name networks as owners: they must still load */
        if ((camps = campaign_file_load(cfg->campaigns, nets, err, sizeof(err))) == NULL) {
            admin_fail("refused, %s is unchanged: %s would no longer load: %s", g->path,
                       cfg->campaigns, err);
            goto done;
        }
    } else {
        if ((nets = network_file_load(cfg->networks, qn, err, sizeof(err))) == NULL) {
            admin_fail("%s: %s", cfg->networks, err);
            goto done;
        }
        if ((camps = campaign_file_parse(text, len, nets, err, sizeof(err))) == NULL) {
            admin_fail("refused, %s is unchanged: %s", g->path, err);
            goto done;
        }
    }
    if (afile_replace(g->path, text, len, ".bak", err, sizeof(err)) < 0) {
        admin_fail("cannot write: %s", err);
        goto done;
    }
    printf("wrote %s (the previous version is %s.bak)\n", g->path, g->path);
    rc = 0;
done:
    campaign_file_free(camps);
    network_file_free(nets);
    qn_file_free(qn);
    free(text);
    return rc;
}
