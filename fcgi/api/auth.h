/*
 * auth.h — who is calling the networks' and campaigns' API: the bearer
 * token of the Authorization header, matched by its SHA-256 against the
 * registries, every stored hash compared in constant time.
 */
#ifndef ZT_AUTH_H
#define ZT_AUTH_H

#include "domain/campaign.h"
#include "domain/network.h"
#include "http/req.h"

#define AUTH_TOKEN_MIN 16
#define AUTH_TOKEN_MAX 256

/*
 * The bearer token of the Authorization header (AUTH_TOKEN_MIN..MAX
 * printable ASCII bytes), or NULL.  Borrowed, valid during the request.
 */
const char *auth_bearer(struct req *r);

/* The caller's network, or NULL with 401 set. */
const struct network *auth_network(struct req *r);

/* True when the request carries the campaign's own token or its owner network's; else 401 set. */
bool auth_campaign(struct req *r, const struct campaign *c);

#endif
