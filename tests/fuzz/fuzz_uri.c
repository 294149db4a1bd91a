/*
 * fuzz_uri.c — a raw request URI through the splitter, the query parser
 * and the route matcher.
 */
#include "http/req.h"
#include "http/route.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int h(struct req *r)
{
    return resp_json(r, 200, json_integer((json_int_t)r->nparam));
}

static const struct route table[] = {
    {M_GET, "/healthz", h},
    {M_GET, "/api/v1/sessions/*", h},
    {M_PUT, "/api/v1/sessions/*/answers/*", h},
    {M_POST, "/api/v1/sessions", h},
    {M_GET, "/api/v1/network/referrals.csv", h},
    {M_DELETE, "/api/v1/network/referrals/*", h},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *uri = malloc(size);
    if (uri == NULL)
        return 0;
    memcpy(uri, data + 1, size - 1);
    uri[size - 1] = '\0';
    static const int methods[] = {M_GET, M_PUT, M_POST, M_DELETE, M_HEAD, M_OTHER};
    struct req r;
    memset(&r, 0, sizeof(r));
    r.method = methods[data[0] % 6];
    r.method_name = "X";
    if (req_set_uri(&r, uri) == 0) {
        char v[64];
        (void)req_query(&r, "lang", v, sizeof(v));
        (void)req_query(&r, "from", v, sizeof(v));
        route_dispatch(&r, table, sizeof(table) / sizeof(table[0]));
    }
    req_free(&r);
    free(uri);
    return 0;
}
