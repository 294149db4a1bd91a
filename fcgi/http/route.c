/*
 * route.c — see route.h.
 */
#include "http/route.h"

#include <stdio.h>
#include <string.h>

static const char *const m_not_found[] = {"Op dit adres is niets.",
                                          "There is nothing at this address."};
static const char *const m_method[] = {"Dit adres kent die methode niet.",
                                       "This address does not accept that method."};

/* Matches r's segments against pattern; on success stores the '*' segments in r->param. */
static int match(struct req *r, const char *pattern)
{
    size_t i = 0;
    const char *p = pattern + 1;
    r->nparam = 0;
    for (;;) {
        size_t len = strcspn(p, "/");
        if (i == r->nseg)
            return 0;
        if (len == 1 && p[0] == '*') {
            if (r->seg[i][0] == '\0')
                return 0;
            if (r->nparam == sizeof(r->param) / sizeof(r->param[0]))
                return 0;
            r->param[r->nparam++] = r->seg[i];
        } else if (strlen(r->seg[i]) != len || strncmp(r->seg[i], p, len) != 0)
            return 0;
        i++;
        p += len;
        if (*p == '\0')
            return i == r->nseg;
        p++;
    }
}

int route_dispatch(struct req *r, const struct route *table, size_t n)
{
    int allowed = 0;
    const struct route *found = NULL;
    for (size_t k = 0; k < n; k++) {
        if (!match(r, table[k].pattern))
            continue;
        int m = table[k].method | (table[k].method == M_GET ? M_HEAD : 0);
        allowed |= m;
        if ((r->method & m) && found == NULL) {
            found = &table[k];
            break;
        }
    }
    if (found == NULL) {
        if (allowed == 0)
            return resp_error2(r, 404, "not_found", m_not_found);
        char allow[64] = "";
        static const struct {
            int bit;
            const char *name;
        } names[] = {{M_GET, "GET"},
                     {M_HEAD, "HEAD"},
                     {M_POST, "POST"},
                     {M_PUT, "PUT"},
                     {M_DELETE, "DELETE"}};
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
            if (allowed & names[k].bit) {
                if (allow[0] != '\0')
                    strcat(allow, ", ");
                strcat(allow, names[k].name);
            }
        resp_header(r, "Allow: %s", allow);
        return resp_error2(r, 405, "method_not_allowed", m_method);
    }
    /* match() of later patterns may have overwritten the parameters */
    match(r, found->pattern);
    r->route = found;
    return found->handler(r);
}

const char *route_name(const struct req *r)
{
    return r->route != NULL ? r->route->pattern : "-";
}
