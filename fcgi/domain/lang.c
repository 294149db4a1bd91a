/*
 * lang.c — see lang.h.
 */
#include "domain/lang.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[LANG_COUNT] = {"nl", "en"};

const char *lang_name(enum lang l)
{
    return names[l];
}

int lang_parse(const char *s)
{
    for (int i = 0; i < LANG_COUNT; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* q=0.8 → 800; a missing or bad q is 1000 (the default weight) or 0 (refused). */
static int weight(const char *params, size_t len)
{
    const char *q = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=') {
            q = params + i + 2;
            break;
        }
    if (q == NULL)
        return 1000;
    if (q[0] == '1')
        return 1000;
    if (q[0] != '0')
        return 0;
    int w = 0, scale = 100;
    for (const char *p = q + 2;
         q[1] == '.' && p < params + len && *p >= '0' && *p <= '9' && scale > 0; p++, scale /= 10)
        w += (*p - '0') * scale;
    return w;
}

enum lang lang_from_accept(const char *header, enum lang def)
{
    if (header == NULL)
        return def;
    int best = -1, best_w = 0;
    const char *p = header;
    while (*p != '\0') {
        size_t len = strcspn(p, ",");
        const char *semi = memchr(p, ';', len);
        size_t tag_end = semi != NULL ? (size_t)(semi - p) : len;
        size_t start = 0;
        while (start < tag_end && p[start] == ' ')
            start++;
        size_t primary = strcspn(p + start, "-; ,");
        if (primary > tag_end - start)
            primary = tag_end - start;
        int w = semi != NULL ? weight(semi, len - tag_end) : 1000;
        for (int l = 0; l < LANG_COUNT; l++)
            if (primary == 2 && strncasecmp(p + start, names[l], 2) == 0 && w > best_w) {
                best = l;
                best_w = w;
            }
        p += len;
        if (*p == ',')
            p++;
    }
    return best >= 0 ? (enum lang)best : def;
}
