/*
 * token.c — `zelftest admin token new | list | revoke`: personal API
 * tokens of networks' coordinators and campaign owners.
 *
 * A token is 256 random bits (43 characters of base64url), printed once;
 * the registry keeps only {"label", "sha256", "created"}, so whoever reads
 * the file or a backup of it cannot use a token.  Labels name who holds a
 * token (several per network, one per coordinator) and are unique over
 * both registries, so `token revoke <label>` cuts exactly one person off.
 */
#include "admin/admin.h"
#include "admin/registry.h"

#include "content/jfile.h"
#include "domain/calendar.h"
#include "util/secure.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define TOKEN_RANDOM_BYTES 32
#define TOKEN_TEXT_MAX 64
#define HASH_PREFIX_MIN 8

/* One token entry in either registry. */
struct found {
    struct registry *g;
    json_t *owner; /* the network or campaign (borrowed) */
    json_t *list;  /* its token_sha256 (borrowed) */
    size_t index;
};

static const char *entry_label(const json_t *t)
{
    return json_string_value(json_object_get(t, "label"));
}

static const char *entry_hash(const json_t *t)
{
    return json_is_string(t) ? json_string_value(t)
                             : json_string_value(json_object_get(t, "sha256"));
}

static const char *kind_name(const struct registry *g)
{
    return g->kind == REGISTRY_NETWORKS ? "network" : "campaign";
}

/* Calls `fn` for every token of both registries; stops when it returns true. */
static bool each_token(struct registry regs[2], bool (*fn)(struct found *, void *), void *arg)
{
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < json_array_size(regs[k].items); i++) {
            json_t *owner = json_array_get(regs[k].items, i);
            json_t *list = json_object_get(owner, "token_sha256");
            for (size_t t = 0; t < json_array_size(list); t++) {
                struct found f = {&regs[k], owner, list, t};
                if (fn(&f, arg))
                    return true;
            }
        }
    return false;
}

static bool has_label(struct found *f, void *arg)
{
    const char *l = entry_label(json_array_get(f->list, f->index));
    return l != NULL && strcmp(l, arg) == 0;
}

struct match {
    const char *what;
    struct found hit;
    int n;
};

static bool matches(struct found *f, void *arg)
{
    struct match *m = arg;
    const json_t *t = json_array_get(f->list, f->index);
    const char *l = entry_label(t), *h = entry_hash(t);
    size_t n = strlen(m->what);
    bool by_label = l != NULL && strcmp(l, m->what) == 0;
    bool by_hash = h != NULL && n >= HASH_PREFIX_MIN && strncmp(h, m->what, n) == 0;
    if (by_label || by_hash) {
        m->hit = *f;
        m->n++;
    }
    return false;
}

static bool print_one(struct found *f, void *arg)
{
    (void)arg;
    const json_t *t = json_array_get(f->list, f->index);
    const char *l = entry_label(t), *h = entry_hash(t),
               *created = json_string_value(json_object_get(t, "created"));
    printf("%-9s %-40s %-24s %-10s %.12s\n", kind_name(f->g),
           json_string_value(json_object_get(f->owner, "id")), l != NULL ? l : "-",
           created != NULL ? created : "-", h != NULL ? h : "?");
    return false;
}

static int open_both(const struct config *cfg, struct registry regs[2])
{
    if (admin_registry_open(&regs[0], cfg, REGISTRY_NETWORKS) != 0)
        return 1;
    if (admin_registry_open(&regs[1], cfg, REGISTRY_CAMPAIGNS) != 0) {
        admin_registry_close(&regs[0]);
        return 1;
    }
    return 0;
}

/* The network or campaign named by "network:ID", "campaign:ID" or "ID" (unambiguous). */
static json_t *find_owner(struct registry regs[2], const char *target, struct registry **which)
{
    const char *id = target;
    int only = -1;
    if (strncmp(target, "network:", 8) == 0) {
        id = target + 8;
        only = 0;
    } else if (strncmp(target, "campaign:", 9) == 0) {
        id = target + 9;
        only = 1;
    }
    json_t *hits[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++)
        if (only < 0 || only == k)
            hits[k] = admin_registry_find(&regs[k], id, NULL);
    if (hits[0] != NULL && hits[1] != NULL) {
        admin_fail("'%s' is a network and a campaign: say network:%s or campaign:%s", id, id, id);
        return NULL;
    }
    int k = hits[0] != NULL ? 0 : hits[1] != NULL ? 1 : -1;
    if (k < 0) {
        admin_fail("no network or campaign '%s'", id);
        return NULL;
    }
    *which = &regs[k];
    return hits[k];
}

static int token_new(struct admin_cmd *c, struct registry regs[2])
{
    const char *label = admin_val(c, "label");
    if (label == NULL)
        return admin_fail("token new needs --label (who will hold the token)");
    if (!jfile_label_valid(label))
        return admin_fail("--label '%s': 1 to %d letters, digits, spaces or . _ @ -", label,
                          JFILE_LABEL_MAX);
    if (each_token(regs, has_label, (void *)label))
        return admin_fail("a token labelled '%s' exists already (token list)", label);
    struct registry *g;
    json_t *owner = find_owner(regs, c->pos[0], &g);
    if (owner == NULL)
        return 1;
    uint8_t raw[TOKEN_RANDOM_BYTES];
    char token[TOKEN_TEXT_MAX], hex[SECURE_SHA256_HEX], today[CALENDAR_DAY_TEXT];
    secure_random(raw, sizeof(raw));
    secure_b64url(raw, sizeof(raw), token, sizeof(token));
    secure_wipe(raw, sizeof(raw));
    secure_sha256_hex(token, strlen(token), hex);
    calendar_day_text(calendar_nl_day((int64_t)time(NULL)), today);
    json_t *list = json_object_get(owner, "token_sha256");
    if (!json_is_array(list)) {
        list = json_array();
        json_object_set_new(owner, "token_sha256", list);
    }
    json_array_append_new(
        list, json_pack("{s:s, s:s, s:s}", "label", label, "sha256", hex, "created", today));
    int rc = admin_registry_save(g, c->cfg);
    if (rc == 0) {
        printf("token for %s (%s %s); it is shown only now, the registry keeps its SHA-256:\n%s\n",
               label, kind_name(g), json_string_value(json_object_get(owner, "id")), token);
        fflush(stdout);
    }
    secure_wipe(token, sizeof(token));
    return rc;
}

static int token_revoke(struct admin_cmd *c, struct registry regs[2])
{
    struct match m = {.what = c->pos[0]};
    each_token(regs, matches, &m);
    if (m.n == 0)
        return admin_fail(
            "no token labelled '%s' (or whose hash starts so; at least %d hex digits)", m.what,
            HASH_PREFIX_MIN);
    if (m.n > 1)
        return admin_fail("'%s' matches %d tokens: give the label or more of the hash", m.what,
                          m.n);
    json_array_remove(m.hit.list, m.hit.index);
    int rc = admin_registry_save(m.hit.g, c->cfg);
    if (rc == 0)
        printf("token '%s' of %s %s revoked\n", m.what, kind_name(m.hit.g),
               json_string_value(json_object_get(m.hit.owner, "id")));
    return rc;
}

int admin_token(const struct config *cfg, const char *verb, int argc, char **argv)
{
    struct admin_opt opts[] = {{.name = "label"}};
    bool is_new = strcmp(verb, "new") == 0, list = strcmp(verb, "list") == 0,
         revoke = strcmp(verb, "revoke") == 0;
    if (!is_new && !list && !revoke) {
        fprintf(stderr, "zelftest admin: token new|list|revoke (try --help)\n");
        return 2;
    }
    struct admin_cmd c = {.cfg = cfg, .opts = opts, .nopts = is_new ? 1 : 0};
    int rc = admin_parse(&c, argc, argv, list ? 0 : 1, list ? 0 : 1);
    if (rc != 0)
        return rc;
    struct registry regs[2];
    int lock = list ? -1 : admin_lock(cfg);
    if (!list && lock < 0)
        return 1;
    if (open_both(cfg, regs) != 0) {
        admin_unlock(lock);
        return 1;
    }
    if (list) {
        printf("%-9s %-40s %-24s %-10s %s\n", "owner", "id", "label", "created", "sha256");
        each_token(regs, print_one, NULL);
    } else
        rc = is_new ? token_new(&c, regs) : token_revoke(&c, regs);
    admin_registry_close(&regs[0]);
    admin_registry_close(&regs[1]);
    admin_unlock(lock);
    return list ? 0 : admin_after_write(&c, rc);
}
