/*
 * template.c — see template.h.
 */
#include "domain/template.h"

#include "domain/strbuf.h"

#include <stdlib.h>
#include <string.h>

static void add(struct strbuf *b, const char *s, size_t n)
{
    strbuf_add(b, s, n, 1024);
}

/* The length of the placeholder name at p (just after '{'), or 0 when it is none. */
static size_t name_at(const char *p)
{
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' || (p[n] >= '0' && p[n] <= '9'))
        n++;
    return n > 0 && n <= TEMPLATE_NAME_MAX && p[n] == '}' ? n : 0;
}

char *template_fill(const char *text, const struct template_var *vars, size_t nvars, char *bad)
{
    struct strbuf b = {0};
    for (const char *p = text; *p != '\0';) {
        size_t n = *p == '{' ? name_at(p + 1) : 0;
        if (n == 0) {
            size_t run = strcspn(p + 1, "{") + 1;
            add(&b, p, run);
            p += run;
            continue;
        }
        size_t i = 0;
        while (i < nvars && !(strlen(vars[i].name) == n && strncmp(vars[i].name, p + 1, n) == 0))
            i++;
        if (i == nvars) {
            memcpy(bad, p + 1, n);
            bad[n] = '\0';
            free(b.s);
            return NULL;
        }
        if (vars[i].value != NULL)
            add(&b, vars[i].value, strlen(vars[i].value));
        p += n + 2;
    }
    bad[0] = '\0';
    return strbuf_take(&b);
}

bool template_names_ok(const char *text, const char *const names[], char *bad)
{
    for (const char *p = strchr(text, '{'); p != NULL; p = strchr(p + 1, '{')) {
        size_t n = name_at(p + 1);
        if (n == 0)
            continue;
        bool known = false;
        for (size_t i = 0; names[i] != NULL && !known; i++)
            known = strlen(names[i]) == n && strncmp(names[i], p + 1, n) == 0;
        if (!known) {
            memcpy(bad, p + 1, n);
            bad[n] = '\0';
            return false;
        }
    }
    return true;
}

static void escaped(struct strbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': add(b, "&amp;", 5); break;
        case '<': add(b, "&lt;", 4); break;
        case '>': add(b, "&gt;", 4); break;
        case '"': add(b, "&quot;", 6); break;
        default: add(b, s + i, 1);
        }
    }
}

/* One line of a paragraph, with its links made clickable. */
static void line_html(struct strbuf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *rest = s + i;
        size_t scheme = n - i > 8 && strncmp(rest, "https://", 8) == 0  ? 8
                        : n - i > 7 && strncmp(rest, "http://", 7) == 0 ? 7
                                                                        : 0;
        size_t len = 0;
        if (scheme > 0) {
            while (i + len < n && s[i + len] != ' ' && s[i + len] != '\t')
                len++;
            /* a full stop or comma after a link ends the sentence, not the link */
            while (len > scheme && strchr(".,;:)", s[i + len - 1]) != NULL)
                len--;
        }
        if (len <= scheme) { /* no link, or a scheme with nothing after it */
            size_t run = 1;
            while (i + run < n && s[i + run] != 'h')
                run++;
            escaped(b, rest, run);
            i += run;
            continue;
        }
        add(b, "<a href=\"", 9);
        escaped(b, rest, len);
        add(b, "\" style=\"color:#154273\">", 24);
        escaped(b, rest, len);
        add(b, "</a>", 4);
        i += len;
    }
}

char *template_html(const char *plain, const char *lang, const char *title)
{
    struct strbuf b = {0};
    static const char head1[] = "<!doctype html><html lang=\"";
    static const char head2[] =
        "\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
    static const char head3[] =
        "</title></head>"
        "<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;"
        "font-size:16px;line-height:1.5;color:#1a1a1a;overflow-wrap:anywhere;word-break:break-"
        "word\">"
        "<div style=\"max-width:36em\">\n";
    add(&b, head1, sizeof(head1) - 1);
    add(&b, strcmp(lang, "en") == 0 ? "en" : "nl", 2);
    add(&b, head2, sizeof(head2) - 1);
    escaped(&b, title, strlen(title));
    add(&b, head3, sizeof(head3) - 1);
    const char *p = plain;
    while (*p != '\0') {
        while (*p == '\n')
            p++;
        if (*p == '\0')
            break;
        const char *end = strstr(p, "\n\n");
        size_t plen = end != NULL ? (size_t)(end - p) : strlen(p);
        add(&b, "<p style=\"margin:0 0 1em\">", 26);
        for (size_t i = 0; i < plen;) {
            size_t ll = 0;
            while (i + ll < plen && p[i + ll] != '\n')
                ll++;
            line_html(&b, p + i, ll);
            i += ll;
            if (i < plen) {
                add(&b, "<br>", 4);
                i++;
            }
        }
        add(&b, "</p>\n", 5);
        p += plen;
    }
    static const char tail[] = "</div></body></html>\n";
    add(&b, tail, sizeof(tail) - 1);
    return strbuf_take(&b);
}
