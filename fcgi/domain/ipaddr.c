/*
 * ipaddr.c — see ipaddr.h.
 */
#include "domain/ipaddr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ipaddr_parse(const char *s, struct ipaddr *out)
{
    struct in_addr v4;
    memset(out, 0, sizeof(*out));
    if (inet_pton(AF_INET, s, &v4) == 1) {
        out->b[10] = out->b[11] = 0xff;
        memcpy(out->b + 12, &v4, 4);
        return 0;
    }
    return inet_pton(AF_INET6, s, out->b) == 1 ? 0 : -1;
}

static bool in_cidr(const struct cidr *c, const struct ipaddr *a)
{
    int full = c->bits / 8, rest = c->bits % 8;
    if (memcmp(c->net.b, a->b, (size_t)full) != 0)
        return false;
    if (rest == 0)
        return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (c->net.b[full] & mask) == (a->b[full] & mask);
}

bool cidr_list_contains(const struct cidr_list *l, const struct ipaddr *a)
{
    for (size_t i = 0; i < l->n; i++)
        if (in_cidr(&l->items[i], a))
            return true;
    return false;
}

int cidr_list_parse(const char *s, struct cidr_list *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    while (*s != '\0') {
        while (*s == ' ' || *s == ',')
            s++;
        if (*s == '\0')
            break;
        size_t len = strcspn(s, ", ");
        char item[IPADDR_STR_MAX + 8];
        if (len >= sizeof(item) || out->n == CIDR_MAX) {
            snprintf(err, errlen, "too long, or more than %d entries", CIDR_MAX);
            return -1;
        }
        memcpy(item, s, len);
        item[len] = '\0';
        s += len;
        char *slash = strchr(item, '/');
        long bits = -1;
        if (slash != NULL) {
            char *end;
            *slash = '\0';
            bits = strtol(slash + 1, &end, 10);
            if (end == slash + 1 || *end != '\0')
                bits = -2;
        }
        struct cidr *c = &out->items[out->n];
        bool v4 = strchr(item, ':') == NULL;
        if (ipaddr_parse(item, &c->net) < 0 || bits == -2 || bits > (v4 ? 32 : 128)) {
            snprintf(err, errlen, "'%s' is not an address or CIDR", item);
            return -1;
        }
        c->bits = bits < 0 ? 128 : (int)(v4 ? bits + 96 : bits);
        out->n++;
    }
    return 0;
}

static int copy_addr(const char *s, size_t len, char out[IPADDR_STR_MAX], struct ipaddr *a)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= IPADDR_STR_MAX)
        return -1;
    memcpy(out, s, len);
    out[len] = '\0';
    return ipaddr_parse(out, a);
}

int ipaddr_client(const char *remote_addr, const char *xff, const struct cidr_list *trusted,
                  char out[IPADDR_STR_MAX])
{
    struct ipaddr a;
    if (remote_addr == NULL || copy_addr(remote_addr, strlen(remote_addr), out, &a) < 0)
        return -1;
    if (xff == NULL || !cidr_list_contains(trusted, &a))
        return 0;
    /* walk the header from the right: each trusted proxy vouches for the hop before it */
    size_t end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        if (copy_addr(xff + start, end - start, out, &a) < 0)
            return -1; /* garbage in the chain: believe nothing of it */
        if (!cidr_list_contains(trusted, &a))
            return 0;
        end = start > 0 ? start - 1 : 0;
    }
    return 0; /* every hop is a trusted proxy: the leftmost one is the best we know */
}
