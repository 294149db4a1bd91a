/*
 * network.c — `zelftest admin network add | edit | disable | enable`.
 *
 * The command line fills in the fields a network entry has
 * (questions/README.md); --json adds any field that has no option of its
 * own (e.g. one added to the format later).  The program's loader decides
 * whether the result is valid, exactly as at start-up.
 */
#include "admin/admin.h"
#include "admin/registry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OPTS                                                                                       \
    {                                                                                              \
        {.name = "name"}, {.name = "description-nl"}, {.name = "description-en"},                  \
            {.name = "email"}, {.name = "phone"}, {.name = "website"}, {.name = "place"},          \
            {.name = "lat"}, {.name = "lon"}, {.name = "province", .multi = true},                 \
            {.name = "postcodes", .multi = true}, {.name = "sector", .multi = true},               \
            {.name = "json"},                                                                      \
    }

/* obj[key] as an object, created when missing (borrowed). */
static json_t *child(json_t *obj, const char *key)
{
    json_t *c = json_object_get(obj, key);
    if (!json_is_object(c)) {
        c = json_object();
        json_object_set_new(obj, key, c);
    }
    return c;
}

static int set_number(json_t *obj, const char *key, const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0')
        return admin_fail("--%s: '%s' is not a number", key, text);
    json_object_set_new(obj, key, json_real(v));
    return 0;
}

static void set_list(json_t *obj, const char *key, const struct admin_opt *o)
{
    json_t *a = json_array();
    for (size_t i = 0; i < o->n; i++)
        json_array_append_new(a, json_string(o->val[i]));
    json_object_set_new(obj, key, a);
}

/* Applies --json and the field options to entry `e`.  0, or 1 (reported). */
static int apply(const struct admin_cmd *c, json_t *e)
{
    const char *jpath = admin_val(c, "json");
    if (jpath != NULL) {
        json_error_t je;
        json_t *extra = json_load_file(jpath, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(extra)) {
            json_decref(extra);
            return admin_fail("--json %s: not one JSON object (%s, line %d)", jpath, je.text,
                              je.line);
        }
        json_object_del(extra, "id"); /* the id is the command's argument */
        json_object_update(e, extra);
        json_decref(extra);
    }
    static const struct {
        const char *opt, *parent, *key;
    } strs[] = {
        {"name", NULL, "name"},
        {"description-nl", "description", "nl"},
        {"description-en", "description", "en"},
        {"email", "contact", "email"},
        {"phone", "contact", "phone"},
        {"website", "contact", "website"},
        {"place", "location", "place"},
    };
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        const char *v = admin_val(c, strs[i].opt);
        if (v != NULL)
            json_object_set_new(strs[i].parent ? child(e, strs[i].parent) : e, strs[i].key,
                                json_string(v));
    }
    if (admin_val(c, "lat") != NULL && set_number(child(e, "location"), "lat", admin_val(c, "lat")))
        return 1;
    if (admin_val(c, "lon") != NULL && set_number(child(e, "location"), "lon", admin_val(c, "lon")))
        return 1;
    const struct admin_opt *prov = admin_opt(c, "province"), *pcs = admin_opt(c, "postcodes"),
                           *sec = admin_opt(c, "sector");
    if (prov->n > 0)
        set_list(child(e, "coverage"), "provinces", prov);
    if (pcs->n > 0)
        set_list(child(e, "coverage"), "postcodes", pcs);
    if (sec->n > 0)
        set_list(e, "sectors", sec);
    if (json_object_get(e, "token_sha256") == NULL)
        json_object_set_new(e, "token_sha256", json_array());
    return 0;
}

/* An entry with the keys in the order of questions/README.md, for a file that reads well. */
static json_t *new_entry(const char *id)
{
    json_t *e = json_object();
    json_object_set_new(e, "id", json_string(id));
    static const char *const order[] = {"name", "description", "contact", "location", "coverage"};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        json_object_set_new(e, order[i], i == 0 ? json_string("") : json_object());
    return e;
}

/* Empty placeholders of new_entry that no option filled are left out again. */
static void drop_empty(json_t *e)
{
    static const char *const keys[] = {"description", "contact", "location", "coverage"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        json_t *v = json_object_get(e, keys[i]);
        if (json_is_object(v) && json_object_size(v) == 0)
            json_object_del(e, keys[i]);
    }
    const char *name = json_string_value(json_object_get(e, "name"));
    if (name != NULL && name[0] == '\0')
        json_object_del(e, "name");
}

int admin_network(const struct config *cfg, const char *verb, int argc, char **argv)
{
    struct admin_opt opts[] = OPTS;
    struct admin_cmd c = {.cfg = cfg, .opts = opts, .nopts = sizeof(opts) / sizeof(opts[0])};
    bool add = strcmp(verb, "add") == 0, edit = strcmp(verb, "edit") == 0,
         disable = strcmp(verb, "disable") == 0, enable = strcmp(verb, "enable") == 0;
    if (!add && !edit && !disable && !enable) {
        fprintf(stderr, "zelftest admin: network add|edit|disable|enable ID (try --help)\n");
        return 2;
    }
    if (disable || enable)
        c.nopts = 0; /* no field options */
    int rc = admin_parse(&c, argc, argv, 1, 1);
    if (rc != 0)
        return rc;
    const char *id = c.pos[0];
    struct registry g;
    int lock = admin_registry_open_locked(&g, cfg, REGISTRY_NETWORKS);
    if (lock < 0)
        return 1;
    size_t at;
    json_t *e = admin_registry_find(&g, id, &at);
    rc = 1;
    if (add) {
        if (e != NULL) {
            admin_fail("network '%s' exists already (network edit changes it)", id);
            goto done;
        }
        e = new_entry(id);
        if (apply(&c, e) != 0) {
            json_decref(e);
            goto done;
        }
        drop_empty(e);
        /* before the national fallback when that is the last entry, so it stays last */
        size_t n = json_array_size(g.items);
        json_t *last = n > 0 ? json_array_get(g.items, n - 1) : NULL;
        if (last != NULL && json_is_true(json_object_get(last, "fallback")))
            json_array_insert_new(g.items, n - 1, e);
        else
            json_array_append_new(g.items, e);
    } else {
        if (e == NULL) {
            admin_fail("no network '%s' in %s", id, g.path);
            goto done;
        }
        if (edit && apply(&c, e) != 0)
            goto done;
        if (disable)
            json_object_set_new(e, "disabled", json_true());
        if (enable)
            json_object_del(e, "disabled");
    }
    rc = admin_registry_save(&g, cfg);
    if (rc == 0)
        printf("network %s %s\n", id,
               add       ? "added"
               : edit    ? "changed"
               : disable ? "disabled: offered to nobody; its tokens still read its referrals"
                         : "enabled");
done:
    admin_registry_close(&g);
    admin_unlock(lock);
    return admin_after_write(&c, rc);
}
