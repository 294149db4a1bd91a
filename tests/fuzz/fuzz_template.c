/*
 * fuzz_template.c — the mail texts filled in and made HTML, on arbitrary
 * text: the input is a template, a NUL and a value for its placeholders.
 * template_fill must agree with template_names_ok, and template_html's
 * output must hold no tag, entity, quote or '>' but the code's own, links
 * only to http(s) with the text they show, and every character of the text
 * (line ends aside) once.
 */
#include "domain/template.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const char *at)
{
    fprintf(stderr, "fuzz_template: %s at '%.60s'\n", why, at);
    abort();
}

static bool starts(const char *s, const char *end, const char *prefix)
{
    size_t n = strlen(prefix);
    return (size_t)(end - s) >= n && memcmp(s, prefix, n) == 0;
}

/* The HTML of `plain`: its frame, its tags, and the text it shows. */
static void check_html(const char *plain)
{
    static const char open[] = "<div style=\"max-width:36em\">\n";
    static const char close[] = "</div></body></html>\n";
    static const char para[] = "<p style=\"margin:0 0 1em\">";
    static const char link_end[] = "\" style=\"color:#154273\">";
    char *html = template_html(plain, "nl", "Onderwerp");
    if (html == NULL)
        return; /* out of memory */
    size_t n = strlen(html);
    const char *b = strstr(html, open);
    if (strncmp(html, "<!doctype html>", 15) != 0 || b == NULL || n < sizeof(close) - 1 ||
        strcmp(html + n - (sizeof(close) - 1), close) != 0)
        fail("not the page's frame", html);
    b += sizeof(open) - 1;
    const char *end = html + n - (sizeof(close) - 1);
    /* the text shown, entities decoded and line ends dropped, against the plain text */
    char *shown = malloc(n + 1);
    if (shown == NULL)
        abort();
    size_t sl = 0;
    bool in_p = false, in_a = false;
    for (const char *p = b; p < end;) {
        if (*p == '<') {
            if (starts(p, end, para)) {
                if (in_p)
                    fail("a paragraph inside a paragraph", p);
                if (starts(p + sizeof(para) - 1, end, "</p>"))
                    fail("an empty paragraph", p);
                in_p = true;
                p += sizeof(para) - 1;
            } else if (starts(p, end, "</p>\n")) {
                if (!in_p || in_a)
                    fail("a </p> out of place", p);
                in_p = false;
                p += 5;
            } else if (starts(p, end, "<br>")) {
                if (!in_p || in_a)
                    fail("a <br> out of place", p);
                p += 4;
            } else if (starts(p, end, "<a href=\"")) {
                if (!in_p || in_a)
                    fail("a link out of place", p);
                const char *href = p + 9, *q = href;
                while (q < end && *q != '"' && *q != '<' && *q != '>')
                    q++;
                size_t hl = (size_t)(q - href);
                size_t scheme = starts(href, q, "https://")  ? 8
                                : starts(href, q, "http://") ? 7
                                                             : 0;
                if (scheme == 0 || hl <= scheme || !starts(q, end, link_end))
                    fail("a link that is not http(s) or not closed", p);
                const char *text = q + sizeof(link_end) - 1;
                if ((size_t)(end - text) < hl + 4 || memcmp(text, href, hl) != 0 ||
                    memcmp(text + hl, "</a>", 4) != 0)
                    fail("a link that shows another text than its href", p);
                in_a = true;
                p = text;
            } else if (starts(p, end, "</a>")) {
                if (!in_a)
                    fail("a </a> without a link", p);
                in_a = false;
                p += 4;
            } else
                fail("a '<' the text put there", p);
        } else if (*p == '&') {
            static const char *const ent[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
            static const char dec[] = "&<>\"";
            size_t e = 0;
            while (e < 4 && !starts(p, end, ent[e]))
                e++;
            if (e == 4)
                fail("an '&' that is no entity of ours", p);
            shown[sl++] = dec[e];
            p += strlen(ent[e]);
        } else if (*p == '>' || *p == '"') {
            fail("a raw '>' or '\"' in the text", p);
        } else {
            if (!in_p)
                fail("text outside a paragraph", p);
            if (*p != '\n')
                shown[sl++] = *p;
            p++;
        }
    }
    if (in_p || in_a)
        fail("an element left open", end);
    size_t k = 0;
    for (const char *p = plain; *p != '\0'; p++)
        if (*p != '\n') {
            if (k >= sl || shown[k] != *p)
                fail("the text shown is not the text given", p);
            k++;
        }
    if (k != sl)
        fail("the page shows more than the text", shown + k);
    free(shown);
    free(html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* "template\0value": both NUL-terminated copies */
    char *in = malloc(size + 2);
    if (in == NULL)
        return 0;
    memcpy(in, data, size);
    in[size] = in[size + 1] = '\0';
    const char *tmpl = in, *value = in + strlen(in) + 1;
    if (value > in + size)
        value = in + size + 1;
    const struct template_var vars[] = {{"v", value}, {"name", value}, {"empty", NULL}};
    static const char *const names[] = {"v", "name", "empty", NULL};
    char bad[TEMPLATE_NAME_MAX + 1] = "", bad2[TEMPLATE_NAME_MAX + 1] = "";
    char *filled = template_fill(tmpl, vars, 3, bad);
    bool ok = template_names_ok(tmpl, names, bad2);
    if (filled == NULL && ok)
        fail("template_fill refused what template_names_ok accepts", tmpl);
    if (filled != NULL && !ok)
        fail("template_fill accepted what template_names_ok refuses", tmpl);
    if (filled == NULL && strcmp(bad, bad2) != 0)
        fail("template_fill and template_names_ok name another placeholder", tmpl);
    if (filled != NULL && strchr(tmpl, '{') == NULL && strcmp(filled, tmpl) != 0)
        fail("a template without placeholders changed", tmpl);
    if (filled != NULL && strcmp(tmpl, "{v}") == 0 && strcmp(filled, value) != 0)
        fail("a value was not put in as it is", value);
    check_html(tmpl);
    if (filled != NULL)
        check_html(filled);
    free(filled);
    free(in);
    return 0;
}
