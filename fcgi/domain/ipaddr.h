/*
 * ipaddr.h — client addresses: CIDR lists and the X-Forwarded-For rule.
 *
 * The address is used in memory for a region estimate only; nothing here
 * stores or logs it.  Pure functions, no I/O.
 */
#ifndef ZT_IPADDR_H
#define ZT_IPADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPADDR_STR_MAX 46 /* INET6_ADDRSTRLEN */
#define CIDR_MAX 32

struct ipaddr {
    uint8_t b[16]; /* IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d) */
};

struct cidr {
    struct ipaddr net;
    int bits; /* prefix length over the 128-bit form */
};

struct cidr_list {
    struct cidr items[CIDR_MAX];
    size_t n;
};

/* Parses an IPv4 or IPv6 address.  Returns 0 or -1. */
int ipaddr_parse(const char *s, struct ipaddr *out);

/* Parses "10.0.0.0/8, ::1/128, 192.168.1.7" (no prefix = one address).  0, or -1 with `err`. */
int cidr_list_parse(const char *s, struct cidr_list *out, char *err, size_t errlen);

bool cidr_list_contains(const struct cidr_list *l, const struct ipaddr *a);

/*
 * The client's address: REMOTE_ADDR, unless that is a trusted proxy and
 * X-Forwarded-For is present — then the rightmost address in the header
 * that is not a trusted proxy.  Writes it to `out` (IPADDR_STR_MAX bytes).
 * Returns 0, or -1 when no usable address is found.
 */
int ipaddr_client(const char *remote_addr, const char *xff, const struct cidr_list *trusted,
                  char out[IPADDR_STR_MAX]);

#endif
