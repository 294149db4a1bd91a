/*
 * test_template.c — the mail texts filled in ({name} placeholders) and the
 * plain text turned into HTML: escaped, paragraphs and line breaks kept,
 * http(s) links clickable and nothing else.
 */
#include "domain/template.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P "<p style=\"margin:0 0 1em\">"
#define A(url) "<a href=\"" url "\" style=\"color:#154273\">" url "</a>"

static const struct template_var vars[] = {
    {"name", "Anna de Vries"}, {"network", "ECCW Limburg"},        {"days", "3"},
    {"empty", NULL},           {"braces", "{name} and {unknown}"}, {"n2", "two"},
};
#define NVARS (sizeof(vars) / sizeof(vars[0]))

/* template_fill that must succeed; the caller frees */
static char *fill(const char *text)
{
    char bad[TEMPLATE_NAME_MAX + 1] = "x";
    char *out = template_fill(text, vars, NVARS, bad);
    if (out == NULL)
        fail_msg("'%s' refused (bad '%s')", text, bad);
    assert_string_equal(bad, ""); /* no name reported on success */
    return out;
}

static void expect_filled(const char *text, const char *want)
{
    char *out = fill(text);
    if (strcmp(out, want) != 0)
        fail_msg("'%s' gave '%s', want '%s'", text, out, want);
    free(out);
}

static void test_template_fill_replaces_placeholders(void **state)
{
    (void)state;
    expect_filled("Beste {name},", "Beste Anna de Vries,");
    expect_filled("{network} neemt binnen {days} werkdagen contact op met {name}.",
                  "ECCW Limburg neemt binnen 3 werkdagen contact op met Anna de Vries.");
    expect_filled("{name}{network}", "Anna de VriesECCW Limburg");
    expect_filled("{n2}", "two"); /* digits in a name */
    expect_filled("no placeholders at all", "no placeholders at all");
    expect_filled("", "");
    expect_filled("{name}{name}{name}", "Anna de VriesAnna de VriesAnna de Vries");
}

static void test_template_fill_null_value_is_empty(void **state)
{
    (void)state;
    expect_filled("[{empty}]", "[]");
    expect_filled("{empty}", "");
}

static void test_template_fill_unknown_name_is_an_error(void **state)
{
    (void)state;
    static const char *const rows[][2] = {
        {"Mail {email} now", "email"},
        {"{name} {network_email}", "network_email"},
        {"{nam}", "nam"},
        {"{names}", "names"},
        {"{name} {x_1} {y}", "x_1"}, /* the first unknown one */
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char bad[TEMPLATE_NAME_MAX + 1] = "";
        char *out = template_fill(rows[i][0], vars, NVARS, bad);
        if (out != NULL)
            fail_msg("'%s' filled as '%s'", rows[i][0], out);
        assert_string_equal(bad, rows[i][1]);
    }
    /* no variables at all: any placeholder is unknown */
    char bad[TEMPLATE_NAME_MAX + 1] = "";
    assert_null(template_fill("a {name}", NULL, 0, bad));
    assert_string_equal(bad, "name");
    /* the longest name there may be, reported whole */
    char text[TEMPLATE_NAME_MAX + 3], want[TEMPLATE_NAME_MAX + 1];
    memset(want, 'z', TEMPLATE_NAME_MAX);
    want[TEMPLATE_NAME_MAX] = '\0';
    snprintf(text, sizeof(text), "{%s}", want);
    assert_null(template_fill(text, vars, NVARS, bad));
    assert_string_equal(bad, want);
}

static void test_template_fill_keeps_braces_that_are_no_placeholder(void **state)
{
    (void)state;
    static const char *const same[] = {
        "{",       "}",     "{}",    "a { b", "{ name}",  "{name }", "{Name}",
        "{na-me}", "{name", "name}", "{é}",   "{na\nme}", "{{",      "}}{",
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
        expect_filled(same[i], same[i]);
    expect_filled("{{name}}", "{Anna de Vries}");
    expect_filled("{ {name} }", "{ Anna de Vries }");
    expect_filled("{name", "{name");
    /* a name one longer than TEMPLATE_NAME_MAX is not a placeholder, known or not */
    char text[TEMPLATE_NAME_MAX + 4];
    text[0] = '{';
    memset(text + 1, 'a', TEMPLATE_NAME_MAX + 1);
    text[TEMPLATE_NAME_MAX + 2] = '}';
    text[TEMPLATE_NAME_MAX + 3] = '\0';
    expect_filled(text, text);
}

static void test_template_fill_does_not_expand_values(void **state)
{
    (void)state;
    /* a value with braces (a company called "{name}") goes in as it is */
    expect_filled("Company: {braces}.", "Company: {name} and {unknown}.");
}

static void test_template_fill_long_texts(void **state)
{
    (void)state;
    /* 20 000 placeholders and 20 000 plain pieces: the buffer grows many times */
    const size_t reps = 20000;
    const char *piece = "{network}, ";
    const char *want_piece = "ECCW Limburg, ";
    char *text = malloc(reps * strlen(piece) + 1), *want = malloc(reps * strlen(want_piece) + 1);
    assert_non_null(text);
    assert_non_null(want);
    text[0] = want[0] = '\0';
    for (size_t i = 0, t = 0, w = 0; i < reps; i++) {
        memcpy(text + t, piece, strlen(piece) + 1);
        memcpy(want + w, want_piece, strlen(want_piece) + 1);
        t += strlen(piece);
        w += strlen(want_piece);
    }
    char *out = fill(text);
    assert_int_equal(strlen(out), strlen(want));
    assert_string_equal(out, want);
    free(out);
    /* one long value */
    char *big = malloc(300001);
    assert_non_null(big);
    memset(big, 'v', 300000);
    big[300000] = '\0';
    struct template_var v[] = {{"v", big}};
    char bad[TEMPLATE_NAME_MAX + 1];
    out = template_fill("<{v}>", v, 1, bad);
    assert_non_null(out);
    assert_int_equal(strlen(out), 300002);
    assert_int_equal(out[0], '<');
    assert_int_equal(out[300001], '>');
    assert_int_equal(strspn(out + 1, "v"), 300000);
    free(out);
    free(big);
    free(text);
    free(want);
}

static void test_template_names_ok(void **state)
{
    (void)state;
    static const char *const names[] = {"company", "area", "scan", NULL};
    static const char *const none[] = {NULL};
    char bad[TEMPLATE_NAME_MAX + 1] = "";
    assert_true(template_names_ok("New: {company} ({area}), {scan}", names, bad));
    assert_true(template_names_ok("no placeholders", names, bad));
    assert_true(template_names_ok("{ not one } {Company} {}", names, bad));
    assert_true(template_names_ok("", none, bad));
    assert_false(template_names_ok("{company} {email}", names, bad));
    assert_string_equal(bad, "email");
    assert_false(template_names_ok("{comp} {company}", names, bad));
    assert_string_equal(bad, "comp");
    assert_false(template_names_ok("{{areas}}", names, bad));
    assert_string_equal(bad, "areas");
    assert_false(template_names_ok("{scan}", none, bad));
    assert_string_equal(bad, "scan");
}

/* The part of template_html's output between its fixed head and tail; the caller frees. */
static char *html_body(const char *plain)
{
    static const char open[] = "<div style=\"max-width:36em\">\n";
    static const char close[] = "</div></body></html>\n";
    char *html = template_html(plain, "nl", "Onderwerp");
    assert_non_null(html);
    static const char head[] = "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\">";
    assert_true(strncmp(html, head, strlen(head)) == 0);
    assert_non_null(strstr(html, "<title>Onderwerp</title></head><body "));
    const char *b = strstr(html, open);
    assert_non_null(b);
    b += strlen(open);
    size_t n = strlen(html);
    assert_true(n >= strlen(close) && strcmp(html + n - strlen(close), close) == 0);
    size_t bl = (size_t)(html + n - strlen(close) - b);
    char *body = strndup(b, bl);
    free(html);
    assert_non_null(body);
    return body;
}

static void expect_html(const char *plain, const char *want)
{
    char *body = html_body(plain);
    if (strcmp(body, want) != 0)
        fail_msg("'%s'\n  gave '%s'\n  want '%s'", plain, body, want);
    free(body);
}

static void test_template_html_escapes(void **state)
{
    (void)state;
    expect_html("a & b < c > d \"e\"", P "a &amp; b &lt; c &gt; d &quot;e&quot;</p>\n");
    expect_html("<script>alert('x')</script>", P "&lt;script&gt;alert('x')&lt;/script&gt;</p>\n");
    expect_html("&amp;", P "&amp;amp;</p>\n"); /* escaped again: the text is plain */
    expect_html("Zoë – café", P "Zoë – café</p>\n");
    expect_html("", "");
    expect_html("\n\n\n", "");
}

static void test_template_html_paragraphs_and_line_breaks(void **state)
{
    (void)state;
    expect_html("one", P "one</p>\n");
    expect_html("one\n\ntwo", P "one</p>\n" P "two</p>\n");
    expect_html("one\ntwo", P "one<br>two</p>\n");
    expect_html("a\nb\n\nc\nd", P "a<br>b</p>\n" P "c<br>d</p>\n");
    /* several blank lines make one paragraph break, never an empty paragraph */
    expect_html("one\n\n\n\ntwo", P "one</p>\n" P "two</p>\n");
    expect_html("\n\none\n\n", P "one</p>\n");
    expect_html("Beste Anna,\n\nJe aanvraag is binnen.\nTot snel!\n\n-- \nZelftest",
                P "Beste Anna,</p>\n" P "Je aanvraag is binnen.<br>Tot snel!</p>\n" P
                  "-- <br>Zelftest</p>\n");
}

static void test_template_html_links(void **state)
{
    (void)state;
    expect_html("https://zelftest.example/withdraw.html#abc",
                P A("https://zelftest.example/withdraw.html#abc") "</p>\n");
    expect_html("Zie http://example.org/x nu", P "Zie " A("http://example.org/x") " nu</p>\n");
    /* the href is escaped like the text: an & in a query, a quote cannot end the attribute */
    expect_html("https://e.example/?a=1&b=<2>",
                P A("https://e.example/?a=1&amp;b=&lt;2&gt;") "</p>\n");
    expect_html("https://e.example/\"onmouseover=\"alert`1`",
                P A("https://e.example/&quot;onmouseover=&quot;alert`1`") "</p>\n");
    /* a tab ends a link as a space does; a line break ends it too */
    expect_html("https://a.example\tx", P A("https://a.example") "\tx</p>\n");
    expect_html("https://a.example\nhttps://b.example",
                P A("https://a.example") "<br>" A("https://b.example") "</p>\n");
    expect_html("go: https://a.example/x, then http://b.example/y",
                P "go: " A("https://a.example/x") ", then " A("http://b.example/y") "</p>\n");
}

static void test_template_html_link_followed_by_punctuation(void **state)
{
    (void)state;
    expect_html("Trek in: https://z.example/w.html#k.",
                P "Trek in: " A("https://z.example/w.html#k") ".</p>\n");
    expect_html("(zie https://z.example/a)", P "(zie " A("https://z.example/a") ")</p>\n");
    expect_html("https://z.example/a).", P A("https://z.example/a") ").</p>\n");
    expect_html("https://z.example/a;", P A("https://z.example/a") ";</p>\n");
    expect_html("https://z.example/a: ok", P A("https://z.example/a") ": ok</p>\n");
    /* a full stop inside the link stays in it */
    expect_html("https://z.example/a.b c", P A("https://z.example/a.b") " c</p>\n");
}

static void test_template_html_links_only_http_and_https(void **state)
{
    (void)state;
    expect_html("javascript:alert(1)", P "javascript:alert(1)</p>\n");
    expect_html("javascript:https://x", P "javascript:" A("https://x") "</p>\n");
    expect_html("data:text/html,<b>x</b>", P "data:text/html,&lt;b&gt;x&lt;/b&gt;</p>\n");
    expect_html("mailto:a@example.org", P "mailto:a@example.org</p>\n");
    expect_html("ftp://example.org", P "ftp://example.org</p>\n");
    expect_html("HTTPS://example.org", P "HTTPS://example.org</p>\n");
    /* a scheme and nothing after it is no link */
    expect_html("https:// and http://", P "https:// and http://</p>\n");
    expect_html("https://. https://),", P "https://. https://),</p>\n");
    expect_html("hhttp://x", P "h" A("http://x") "</p>\n");
}

static void test_template_html_long_text(void **state)
{
    (void)state;
    /* 10 000 lines with a link and markup each: every line there, every < escaped */
    const size_t lines = 10000;
    const char *line = "<b> https://z.example/x?a&b\n";
    char *plain = malloc(lines * strlen(line) + 1);
    assert_non_null(plain);
    plain[0] = '\0';
    for (size_t i = 0; i < lines; i++)
        memcpy(plain + i * strlen(line), line, strlen(line) + 1);
    char *body = html_body(plain);
    size_t links = 0, brs = 0, lts = 0;
    for (const char *p = body; (p = strstr(p, "<a href=\"https://z.example/x?a&amp;b\"")); p++)
        links++;
    for (const char *p = body; (p = strstr(p, "<br>")); p++)
        brs++;
    for (const char *p = body; (p = strstr(p, "&lt;b&gt;")); p++)
        lts++;
    assert_int_equal(links, lines);
    assert_int_equal(lts, lines);
    assert_int_equal(brs, lines); /* the text ends in a newline: one <br> a line */
    assert_null(strstr(body, "<b>"));
    free(body);
    free(plain);
}

static void test_template_html_language_and_title(void **state)
{
    (void)state;
    char *html = template_html("x", "en", "Your request <for> \"Bakkerij & Zn\"");
    assert_non_null(html);
    static const char en[] = "<!doctype html><html lang=\"en\"><head>";
    assert_true(strncmp(html, en, strlen(en)) == 0);
    /* the title is escaped like the text */
    assert_non_null(
        strstr(html, "<title>Your request &lt;for&gt; &quot;Bakkerij &amp; Zn&quot;</title>"));
    free(html);
    /* any other language is Dutch, never copied into the attribute */
    html = template_html("x", "\"><script>", "t");
    assert_non_null(html);
    static const char nl[] = "<!doctype html><html lang=\"nl\"><head>";
    assert_true(strncmp(html, nl, strlen(nl)) == 0);
    assert_null(strstr(html, "<script>"));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_fill_replaces_placeholders),
        cmocka_unit_test(test_template_fill_null_value_is_empty),
        cmocka_unit_test(test_template_fill_unknown_name_is_an_error),
        cmocka_unit_test(test_template_fill_keeps_braces_that_are_no_placeholder),
        cmocka_unit_test(test_template_fill_does_not_expand_values),
        cmocka_unit_test(test_template_fill_long_texts),
        cmocka_unit_test(test_template_names_ok),
        cmocka_unit_test(test_template_html_language_and_title),
        cmocka_unit_test(test_template_html_escapes),
        cmocka_unit_test(test_template_html_paragraphs_and_line_breaks),
        cmocka_unit_test(test_template_html_links),
        cmocka_unit_test(test_template_html_link_followed_by_punctuation),
        cmocka_unit_test(test_template_html_links_only_http_and_https),
        cmocka_unit_test(test_template_html_long_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
