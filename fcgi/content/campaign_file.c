/*
 * campaign_file.c — see campaign_file.h.
 */
#include "content/campaign_file.h"

#include "content/jfile.h"
#include "domain/validate.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool host_ok(const char *h, size_t n)
{
    if (n == 0 || n > 253 || h[0] == '.' || h[0] == '-' || h[n - 1] == '.' || h[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= '0' && h[i] <= '9') || h[i] == '.' ||
              h[i] == '-'))
            return false;
    return strstr(h, "..") == NULL || (size_t)(strstr(h, "..") - h) >= n;
}

bool campaign_file_origin_valid(const char *o)
{
    size_t n = strlen(o);
    const char *host;
    bool https = strncmp(o, "https://", 8) == 0;
    if (n > CAMPAIGN_ORIGIN_MAX || (!https && strncmp(o, "http://", 7) != 0))
        return false;
    host = o + (https ? 8 : 7);
    const char *colon = host[0] == '[' ? strchr(host, ']') : strchr(host, ':');
    size_t hlen;
    if (host[0] == '[') {
        if (colon == NULL || strncmp(host, "[::1]", 5) != 0)
            return false;
        hlen = 5;
        colon = host[5] == ':' ? host + 5 : NULL;
        if (host[5] != '\0' && colon == NULL)
            return false;
    } else
        hlen = colon != NULL ? (size_t)(colon - host) : strlen(host);
    if (colon != NULL) {
        const char *p = colon + 1;
        size_t digits = strspn(p, "0123456789");
        if (digits == 0 || digits > 5 || p[digits] != '\0')
            return false;
        long port = strtol(p, NULL, 10); /* 1..5 digits: no overflow */
        if (port < 1 || port > 65535)
            return false;
    }
    bool local = (hlen == 9 && strncmp(host, "localhost", 9) == 0) ||
                 (hlen == 9 && strncmp(host, "127.0.0.1", 9) == 0) ||
                 (hlen == 5 && strncmp(host, "[::1]", 5) == 0);
    if (!https && !local)
        return false; /* plain http only for a developer's own machine */
    return local || host_ok(host, hlen);
}

static int parse_campaign(const json_t *cj, struct campaigns *reg, size_t idx,
                          const struct networks *nets, char *err, size_t errlen)
{
    struct campaign *c = &reg->items[idx];
    char where[200];
    snprintf(where, sizeof(where), "campaigns[%zu]", idx);
    c->start_day = c->end_day = -1;
    if (!json_is_object(cj))
        return jfile_fail(err, errlen, where, "must be an object");
    if (jfile_str(cj, "id", where, CAMPAIGN_ID_MAX, true, &c->id, err, errlen) < 0)
        return -1;
    snprintf(where, sizeof(where), "campaigns[%zu] (%s)", idx, c->id);
    static const char *const keys[] = {"id",    "name", "owner",        "origins",
                                       "start", "end",  "token_sha256", NULL};
    if (jfile_keys(cj, where, keys, err, errlen) < 0)
        return -1;
    if (!validate_id(c->id, CAMPAIGN_ID_MAX, true) || strcmp(c->id, "none") == 0)
        return jfile_fail(err, errlen, where,
                          "id may only use a-z, 0-9, - and _ (and is not \"none\")");
    for (size_t i = 0; i < idx; i++)
        if (strcmp(reg->items[i].id, c->id) == 0)
            return jfile_fail(err, errlen, where, "id '%s' is used twice", c->id);
    json_t *owner, *origins;
    static const char *const okeys[] = {"network", "organisation", NULL};
    char w[240];
    if (jfile_str(cj, "name", where, 200, true, &c->name, err, errlen) < 0 ||
        jfile_object(cj, "owner", where, true, &owner, err, errlen) < 0)
        return -1;
    snprintf(w, sizeof(w), "%s.owner", where);
    if (jfile_keys(owner, w, okeys, err, errlen) < 0 ||
        jfile_str(owner, "network", w, NET_ID_MAX, false, &c->owner_network, err, errlen) < 0 ||
        jfile_str(owner, "organisation", w, 200, false, &c->owner_org, err, errlen) < 0)
        return -1;
    if ((c->owner_network == NULL) == (c->owner_org == NULL))
        return jfile_fail(err, errlen, w, "give either a network or an organisation");
    if (c->owner_network != NULL && nets != NULL && network_find(nets, c->owner_network) < 0)
        return jfile_fail(err, errlen, w, "network '%s' is not in the networks registry",
                          c->owner_network);
    if (jfile_array(cj, "origins", where, 1, CAMPAIGN_ORIGINS_MAX, true, &origins, err, errlen) < 0)
        return -1;
    size_t fa = 0;
    for (size_t i = 0; i < json_array_size(origins); i++) {
        const char *o = json_string_value(json_array_get(origins, i));
        if (o == NULL || !campaign_file_origin_valid(o))
            return jfile_fail(err, errlen, where,
                              "origins[%zu] '%.80s' is not an origin like https://www.example.nl "
                              "(scheme and host, no path)",
                              i, o != NULL ? o : "(not a text)");
        if ((c->origins[c->norigins++] = strdup(o)) == NULL)
            return jfile_fail(err, errlen, where, "out of memory");
        fa += strlen(o) + 1;
    }
    if (fa > CAMPAIGN_FRAME_ANCESTORS_MAX)
        return jfile_fail(err, errlen, where,
                          "origins: %zu bytes together, more than the %d one "
                          "Content-Security-Policy header may carry; split the campaign",
                          fa - 1, CAMPAIGN_FRAME_ANCESTORS_MAX);
    c->frame_ancestors = calloc(1, fa + 1);
    if (c->frame_ancestors == NULL)
        return jfile_fail(err, errlen, where, "out of memory");
    for (size_t i = 0; i < c->norigins; i++) {
        if (i > 0)
            strcat(c->frame_ancestors, " ");
        strcat(c->frame_ancestors, c->origins[i]);
    }
    static const char *const dates[] = {"start", "end"};
    for (int k = 0; k < 2; k++) {
        json_t *d = json_object_get(cj, dates[k]);
        int64_t day;
        if (d == NULL)
            continue;
        if (!json_is_string(d) || !validate_date(json_string_value(d), &day))
            return jfile_fail(err, errlen, where, "%s must be a date YYYY-MM-DD", dates[k]);
        *(k == 0 ? &c->start_day : &c->end_day) = day;
    }
    if (c->start_day >= 0 && c->end_day >= 0 && c->start_day > c->end_day)
        return jfile_fail(err, errlen, where, "start lies after end");
    if (jfile_sha256_list(cj, "token_sha256", where, CAMPAIGN_TOKENS_MAX, c->tokens, &c->ntokens,
                          err, errlen) < 0)
        return -1;
    return 0;
}

void *campaign_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen)
{
    const struct networks *nets = arg;
    struct campaigns *reg = calloc(1, sizeof(*reg));
    if (reg == NULL) {
        snprintf(err, errlen, "campaigns: out of memory");
        return NULL;
    }
    secure_sha256(buf, len, reg->digest);
    json_t *root = jfile_parse("campaigns", buf, len, err, errlen), *arr;
    static const char *const keys[] = {"version", "campaigns", NULL};
    if (root == NULL || jfile_keys(root, "campaigns file", keys, err, errlen) < 0 ||
        jfile_str(root, "version", "campaigns file", 32, false, &reg->version, err, errlen) < 0 ||
        jfile_array(root, "campaigns", "campaigns file", 0, CAMPAIGN_MAX, true, &arr, err, errlen) <
            0)
        goto bad;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        reg->n = i + 1;
        if (parse_campaign(json_array_get(arr, i), reg, i, nets, err, errlen) < 0)
            goto bad;
    }
    json_decref(root);
    return reg;
bad:
    json_decref(root);
    campaign_file_free(reg);
    return NULL;
}

struct campaigns *campaign_file_load(const char *path, const struct networks *nets, char *err,
                                     size_t errlen)
{
    return jfile_load(path, campaign_file_parse, nets, err, errlen);
}

void campaign_file_free(struct campaigns *reg)
{
    if (reg == NULL)
        return;
    for (size_t i = 0; i < reg->n; i++) {
        struct campaign *c = &reg->items[i];
        free(c->id);
        free(c->name);
        free(c->owner_network);
        free(c->owner_org);
        for (size_t k = 0; k < c->norigins; k++)
            free(c->origins[k]);
        free(c->frame_ancestors);
    }
    free(reg->version);
    free(reg);
}
