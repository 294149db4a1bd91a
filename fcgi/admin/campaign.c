/*
 * campaign.c — `zelftest admin campaign add | end`.
 */
#include "admin/admin.h"
#include "admin/registry.h"

#include "domain/calendar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int admin_campaign(const struct config *cfg, const char *verb, int argc, char **argv)
{
    struct admin_opt add_opts[] = {{.name = "name"},      {.name = "owner-network"},
                                   {.name = "owner-org"}, {.name = "origin", .multi = true},
                                   {.name = "start"},     {.name = "end"}};
    struct admin_opt end_opts[] = {{.name = "date"}};
    bool add = strcmp(verb, "add") == 0, end = strcmp(verb, "end") == 0;
    if (!add && !end) {
        fprintf(stderr, "zelftest admin: campaign add|end ID (try --help)\n");
        return 2;
    }
    struct admin_cmd c = {.cfg = cfg,
                          .opts = add ? add_opts : end_opts,
                          .nopts = add ? sizeof(add_opts) / sizeof(add_opts[0]) : 1};
    int rc = admin_parse(&c, argc, argv, 1, 1);
    if (rc != 0)
        return rc;
    const char *id = c.pos[0];
    struct registry g;
    int lock = admin_registry_open_locked(&g, cfg, REGISTRY_CAMPAIGNS);
    if (lock < 0)
        return 1;
    json_t *e = admin_registry_find(&g, id, NULL);
    char today[CALENDAR_DAY_TEXT];
    calendar_day_text(calendar_nl_day((int64_t)time(NULL)), today);
    rc = 1;
    if (add) {
        if (e != NULL) {
            admin_fail("campaign '%s' exists already", id);
            goto done;
        }
        const char *net = admin_val(&c, "owner-network"), *org = admin_val(&c, "owner-org");
        e = json_object();
        json_object_set_new(e, "id", json_string(id));
        if (admin_val(&c, "name") != NULL)
            json_object_set_new(e, "name", json_string(admin_val(&c, "name")));
        json_t *owner = json_object();
        if (net != NULL)
            json_object_set_new(owner, "network", json_string(net));
        if (org != NULL)
            json_object_set_new(owner, "organisation", json_string(org));
        json_object_set_new(e, "owner", owner);
        json_t *origins = json_array();
        const struct admin_opt *o = admin_opt(&c, "origin");
        for (size_t i = 0; i < o->n; i++)
            json_array_append_new(origins, json_string(o->val[i]));
        json_object_set_new(e, "origins", origins);
        if (admin_val(&c, "start") != NULL)
            json_object_set_new(e, "start", json_string(admin_val(&c, "start")));
        if (admin_val(&c, "end") != NULL)
            json_object_set_new(e, "end", json_string(admin_val(&c, "end")));
        json_object_set_new(e, "token_sha256", json_array());
        json_array_append_new(g.items, e);
    } else {
        if (e == NULL) {
            admin_fail("no campaign '%s' in %s", id, g.path);
            goto done;
        }
        const char *date = admin_val(&c, "date");
        json_object_set_new(e, "end", json_string(date != NULL ? date : today));
    }
    rc = admin_registry_save(&g, cfg);
    if (rc == 0 && add)
        printf("campaign %s added\n", id);
    else if (rc == 0)
        printf("campaign %s ends on %s (the test keeps running on its sites; nothing is counted "
               "for it after that day)\n",
               id, json_string_value(json_object_get(e, "end")));
done:
    admin_registry_close(&g);
    admin_unlock(lock);
    return admin_after_write(&c, rc);
}
