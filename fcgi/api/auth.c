/*
 * auth.c — see auth.h.
 */
#include "api/auth.h"

#include "api/api.h"
#include "util/secure.h"

#include <string.h>
#include <strings.h>

const char *auth_bearer(struct req *r)
{
    const char *h = req_env(r, "HTTP_AUTHORIZATION");
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    const char *t = h + 7;
    size_t n = strlen(t);
    if (n < AUTH_TOKEN_MIN || n > AUTH_TOKEN_MAX)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (t[i] <= 0x20 || t[i] >= 0x7f)
            return NULL;
    return t;
}

/* The network whose hash list holds `d`, or -1; no early exit, so timing tells nothing. */
static int network_by_digest(const struct networks *nets, const uint8_t d[32])
{
    int found = -1;
    for (size_t i = 0; i < nets->n; i++)
        for (size_t t = 0; t < nets->items[i].ntokens; t++)
            found = secure_equal(nets->items[i].tokens[t], d, 32) ? (int)i : found;
    return found;
}

static int unauthorized(struct req *r, const char *realm, enum api_err e)
{
    resp_header(r, "WWW-Authenticate: Bearer realm=\"%s\"", realm);
    return api_fail(r, e);
}

const struct network *auth_network(struct req *r)
{
    const char *t = auth_bearer(r);
    const struct networks *nets = r->content->networks;
    int ni = -1;
    if (t != NULL) {
        uint8_t d[32];
        secure_sha256(t, strlen(t), d);
        ni = network_by_digest(nets, d);
    }
    if (ni < 0) {
        unauthorized(r, "zelftest-network", E_UNAUTHORIZED_NETWORK);
        return NULL;
    }
    return &nets->items[ni];
}

bool auth_campaign(struct req *r, const struct campaign *c)
{
    const char *t = auth_bearer(r);
    bool ok = false;
    if (t != NULL) {
        uint8_t d[32];
        secure_sha256(t, strlen(t), d);
        for (size_t i = 0; i < c->ntokens; i++)
            ok |= secure_equal(c->tokens[i], d, 32);
        int ni = network_by_digest(r->content->networks, d);
        ok |= c->owner_network != NULL && ni >= 0 &&
              strcmp(r->content->networks->items[ni].id, c->owner_network) == 0;
    }
    if (!ok)
        unauthorized(r, "zelftest-campaign", E_UNAUTHORIZED_CAMPAIGN);
    return ok;
}
