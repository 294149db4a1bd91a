/*
 * relay.c — see relay.h.
 */
#include "mail/relay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Four decimal octets of 0 to 255 without leading zeros: the one spelling that
 * every resolver takes as an address.  "127.0.0.", "127.0.0.999" or
 * "127.0.0.08" are names to a resolver, and a DNS answer for them may point
 * anywhere, where STARTTLS must not be optional.
 */
static bool dotted_quad(const char *s, size_t len)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
        size_t start = i;
        unsigned v = 0;
        while (i < len && i - start < 3 && s[i] >= '0' && s[i] <= '9')
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
            return false;
    }
    return i == len;
}

bool relay_host_is_loopback(const char *host, size_t len)
{
    if ((len == 9 && strncasecmp(host, "localhost", 9) == 0) ||
        (len == 5 && strncmp(host, "[::1]", 5) == 0))
        return true;
    return len > 4 && strncmp(host, "127.", 4) == 0 && dotted_quad(host, len);
}

int relay_parse(const char *url, struct relay *out)
{
    memset(out, 0, sizeof(*out));
    size_t n = strlen(url);
    if (n == 0 || n >= RELAY_URL_MAX)
        return -1;
    if (strncmp(url, "smtp+unix:", 10) == 0) {
        const char *path = url + 10;
        if (path[0] != '/' || strlen(path) >= sizeof(out->unix_path))
            return -1;
        /* a space may be in a file name; a control character is a pasting mistake */
        for (const char *p = path; *p != '\0'; p++)
            if ((unsigned char)*p < ' ' || *p == 0x7f)
                return -1;
        snprintf(out->unix_path, sizeof(out->unix_path), "%s", path);
        snprintf(out->url, sizeof(out->url), "smtp://localhost");
        out->tls = RELAY_TLS_NONE;
        return 0;
    }
    const char *host;
    if (strncmp(url, "smtp://", 7) == 0) {
        host = url + 7;
        out->tls = RELAY_TLS_REQUIRED;
    } else if (strncmp(url, "smtps://", 8) == 0) {
        host = url + 8;
        out->tls = RELAY_TLS_IMPLICIT;
    } else
        return -1;
    /* no user:password@ in the URL: the password comes from its file */
    size_t hl;
    if (host[0] == '[') {
        const char *end = strchr(host, ']');
        if (end == NULL)
            return -1;
        hl = (size_t)(end - host) + 1;
    } else
        hl = strcspn(host, ":/");
    if (hl == 0 || memchr(host, '@', strcspn(host, "/")) != NULL)
        return -1;
    const char *rest = host + hl;
    if (rest[0] == ':') {
        size_t digits = strspn(rest + 1, "0123456789");
        long port = digits > 0 && digits <= 5 ? strtol(rest + 1, NULL, 10) : 0;
        if (port < 1 || port > 65535 || (rest[1 + digits] != '\0' && rest[1 + digits] != '/'))
            return -1;
    } else if (rest[0] != '\0' && rest[0] != '/')
        return -1;
    for (const char *p = url; *p != '\0'; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return -1;
    if (out->tls == RELAY_TLS_REQUIRED && relay_host_is_loopback(host, hl))
        out->tls = RELAY_TLS_OPTIONAL;
    snprintf(out->url, sizeof(out->url), "%s", url);
    return 0;
}

int relay_envelope_address(const char *from, char *out, size_t cap)
{
    const char *lt = strrchr(from, '<');
    const char *a = from;
    size_t n = strlen(from);
    if (lt != NULL) {
        const char *gt = strchr(lt, '>');
        if (gt == NULL)
            return -1;
        a = lt + 1;
        n = (size_t)(gt - a);
    }
    while (n > 0 && (*a == ' ' || *a == '\t')) {
        a++;
        n--;
    }
    while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    if (n == 0 || n + 3 > cap || memchr(a, '@', n) == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)a[i] <= ' ' || a[i] == '<' || a[i] == '>')
            return -1;
    snprintf(out, cap, "<%.*s>", (int)n, a);
    return 0;
}

enum relay_outcome relay_outcome(bool ok, long smtp_code, bool login_refused)
{
    if (ok)
        return RELAY_DELIVERED;
    if (!login_refused && smtp_code >= 500 && smtp_code <= 599)
        return RELAY_DEAD;
    return RELAY_RETRY;
}

int64_t relay_next_try(int64_t now, int64_t first, long attempts, long base, long max,
                       long give_up_secs)
{
    int64_t until = first + give_up_secs;
    if (now >= until)
        return -1;
    int64_t wait = base;
    for (long i = 1; i < attempts && wait < max; i++)
        wait *= 2;
    if (wait > max)
        wait = max;
    return now + wait < until ? now + wait : until;
}
