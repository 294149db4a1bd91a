/*
 * test_mail_file.c — questions/mail.json: the shipped file loads with every
 * text in both languages; bad entries are refused with a message naming
 * them, above all a placeholder a text may not use (a network's mail never
 * carries the respondent's contact details).
 */
#include "content/mail_file.h"
#include "domain/template.h"
#include "util/secure.h"
#include "test_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIL "questions/mail.json"

static json_t *shipped(void)
{
    json_error_t je;
    json_t *j = json_load_file(MAIL, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL)
        fail_msg("%s: %s", MAIL, je.text);
    return j;
}

/* The object at a dotted path of `doc` ("messages.confirm.subject"). */
static json_t *at(json_t *doc, const char *path)
{
    char buf[200];
    snprintf(buf, sizeof(buf), "%s", path);
    json_t *j = doc;
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k != NULL;
         k = strtok_r(NULL, ".", &save)) {
        j = json_object_get(j, k);
        if (j == NULL)
            fail_msg("no '%s' in %s", k, path);
    }
    return j;
}

static struct mail_texts *parse_doc(json_t *doc, char *err, size_t errlen)
{
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    assert_non_null(text);
    struct mail_texts *m = mail_file_parse(text, strlen(text), NULL, err, errlen);
    free(text);
    return m;
}

static void expect_refused(json_t *doc, const char *n1, const char *n2)
{
    char err[512] = "";
    struct mail_texts *m = parse_doc(doc, err, sizeof(err));
    if (m != NULL) {
        mail_file_free(m);
        fail_msg("accepted a bad mail file (expected '%s')", n1);
    }
    print_message("  refused: %s\n", err);
    if (strstr(err, n1) == NULL || (n2 != NULL && strstr(err, n2) == NULL))
        fail_msg("message '%s' does not name '%s' / '%s'", err, n1, n2 ? n2 : "");
}

static void expect_accepted(json_t *doc)
{
    char err[512] = "";
    struct mail_texts *m = parse_doc(doc, err, sizeof(err));
    if (m == NULL)
        fail_msg("refused: %s", err);
    mail_file_free(m);
}

static void both_set(const struct qn_text *t, const char *what)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (t->s[l] == NULL || t->s[l][0] == '\0')
            fail_msg("%s (%s) is empty", what, lang_name((enum lang)l));
}

static void test_mail_file_shipped_file_loads(void **state)
{
    (void)state;
    char err[512] = "";
    struct mail_texts *m = mail_file_load(MAIL, err, sizeof(err));
    if (m == NULL)
        fail_msg("%s", err);
    assert_string_equal(m->version, "2026.1");
    for (int k = 0; k < MAIL_KINDS; k++) {
        both_set(&m->subject[k], mail_kind_names[k]);
        both_set(&m->text[k], mail_kind_names[k]);
    }
    for (int s = 0; s < SNIPPETS; s++)
        both_set(&m->snippet[s], mail_snippet_names[s]);
    for (int d = 0; d < DIGEST_LINES; d++)
        both_set(&m->line[d], digest_line_names[d]);
    assert_string_equal(m->subject[MAIL_CONFIRM].s[LANG_NL],
                        "Je aanvraag voor een cyberscan bij {network}");
    assert_string_equal(m->subject[MAIL_CONFIRM].s[LANG_EN],
                        "Your request for a cybersecurity scan with {network}");
    assert_string_equal(m->snippet[SN_ON_SITE].s[LANG_NL], "bij je bedrijf");
    assert_string_equal(m->line[DL_WITHDRAWN].s[LANG_EN], "Withdrawn: {company} ({area}), {scan}");
    /* a respondent's footer says how to withdraw */
    assert_non_null(strstr(m->snippet[SN_RESPONDENT_FOOTER].s[LANG_NL], "{withdraw_url}"));
    assert_non_null(strstr(m->snippet[SN_RESPONDENT_FOOTER].s[LANG_EN], "{withdraw_url}"));
    mail_file_free(m);
}

static void test_mail_file_digest_is_the_files_sha256(void **state)
{
    (void)state;
    FILE *f = fopen(MAIL, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    assert_true(n > 0 && n < sizeof(buf));
    uint8_t want[32], zero[32] = {0};
    secure_sha256(buf, n, want);
    char err[512];
    struct mail_texts *m = mail_file_load(MAIL, err, sizeof(err));
    assert_non_null(m);
    assert_memory_equal(m->digest, want, 32);
    assert_memory_not_equal(m->digest, zero, 32);
    mail_file_free(m);
    /* one byte more (a trailing newline): the same texts, another digest */
    buf[n] = '\n';
    m = mail_file_parse(buf, n + 1, NULL, err, sizeof(err));
    assert_non_null(m);
    assert_memory_not_equal(m->digest, want, 32);
    mail_file_free(m);
}

static void test_mail_file_refuses_missing_entries(void **state)
{
    (void)state;
    json_t *doc = shipped();
    json_object_del(at(doc, "messages"), "reminder");
    expect_refused(doc, "messages: 'reminder' is missing", NULL);

    doc = shipped();
    json_object_del(at(doc, "messages"), "network_digest");
    expect_refused(doc, "messages: 'network_digest' is missing", NULL);

    doc = shipped();
    json_object_del(at(doc, "messages.confirm.subject"), "en");
    expect_refused(doc, "messages.confirm.subject", "'en' is missing");

    doc = shipped();
    json_object_del(at(doc, "messages.network_new.text"), "nl");
    expect_refused(doc, "messages.network_new.text", "'nl' is missing");

    doc = shipped();
    json_object_del(at(doc, "messages.withdrawn"), "text");
    expect_refused(doc, "messages.withdrawn", "'text' is missing");

    doc = shipped();
    json_object_del(at(doc, "snippets"), "later_footer");
    expect_refused(doc, "snippets", "'later_footer' is missing");

    doc = shipped();
    json_object_del(at(doc, "snippets.when_slot"), "nl");
    expect_refused(doc, "snippets.when_slot", "'nl' is missing");

    doc = shipped();
    json_object_del(at(doc, "digest_lines"), "cancelled");
    expect_refused(doc, "digest_lines", "'cancelled' is missing");

    doc = shipped();
    json_object_del(doc, "version");
    expect_refused(doc, "mail file", "'version' is missing");
}

static void test_mail_file_refuses_unknown_keys(void **state)
{
    (void)state;
    json_t *doc = shipped();
    json_object_set_new(at(doc, "messages.confirm"), "body", json_string("x"));
    expect_refused(doc, "messages.confirm: unknown field 'body'", NULL);

    doc = shipped();
    json_object_set_new(at(doc, "messages"), "newsletter", json_object());
    expect_refused(doc, "messages: unknown field 'newsletter'", NULL);

    doc = shipped();
    json_object_set_new(at(doc, "messages.reminder.subject"), "de", json_string("Erinnerung"));
    expect_refused(doc, "messages.reminder.subject: unknown field 'de'", NULL);

    doc = shipped();
    json_object_set_new(at(doc, "snippets"), "when_later", json_object());
    expect_refused(doc, "snippets: unknown field 'when_later'", NULL);

    doc = shipped();
    json_object_set_new(at(doc, "digest_lines"), "moved", json_object());
    expect_refused(doc, "digest_lines: unknown field 'moved'", NULL);

    doc = shipped();
    json_object_set_new(doc, "mesages", json_object()); /* a typo */
    expect_refused(doc, "mail file: unknown field 'mesages'", NULL);

    /* notes for editors are welcome anywhere */
    doc = shipped();
    json_object_set_new(at(doc, "messages"), "_comment", json_string("a note"));
    json_object_set_new(at(doc, "messages.confirm"), "_note", json_string("a note"));
    expect_accepted(doc);
}

static void test_mail_file_refuses_placeholders_a_text_may_not_use(void **state)
{
    (void)state;
    static const struct {
        const char *path, *lang, *text, *n1, *n2;
    } rows[] = {
        /* a network's mail never carries the respondent's contact details */
        {"messages.network_new.text", "nl", "Mail {email}", "messages.network_new.text",
         "{email} is not a placeholder this text can use (nl)"},
        {"messages.network_new.text", "en", "Call {network_phone}", "messages.network_new.text",
         "{network_phone} is not a placeholder this text can use (en)"},
        {"messages.network_withdrawn.subject", "nl", "Ingetrokken: {name}",
         "messages.network_withdrawn.subject", "{name}"},
        {"messages.network_cancelled.text", "en", "{network_email}",
         "messages.network_cancelled.text", "{network_email}"},
        {"messages.network_digest.text", "nl", "{lines} {company}", "messages.network_digest.text",
         "{company}"},
        {"digest_lines.new", "nl", "Nieuw: {company}, {email}", "digest_lines.new", "{email}"},
        {"digest_lines.withdrawn", "en", "{name}", "digest_lines.withdrawn", "{name}"},
        {"snippets.network_footer", "nl", "Intrekken: {withdraw_url}", "snippets.network_footer",
         "{withdraw_url}"},
        {"snippets.net_when_slot", "en", "Time: {slot}, {email}", "snippets.net_when_slot",
         "{email}"},
        {"snippets.on_site", "nl", "bij {company}", "snippets.on_site", "{company}"},
        /* and the respondent's mails use what the program fills in for them */
        {"messages.confirm.text", "nl", "Beste {company}", "messages.confirm.text", "{company}"},
        {"messages.reminder.subject", "en", "{dashboard_url}", "messages.reminder.subject",
         "{dashboard_url}"},
        {"snippets.respondent_footer", "en", "{site_url}", "snippets.respondent_footer",
         "{site_url}"},
        {"messages.withdrawn.text", "nl", "{naam}", "messages.withdrawn.text", "{naam}"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        json_t *doc = shipped();
        json_object_set_new(at(doc, rows[i].path), rows[i].lang, json_string(rows[i].text));
        expect_refused(doc, rows[i].n1, rows[i].n2);
    }
    /* braces that are no placeholder are text */
    json_t *doc = shipped();
    json_object_set_new(at(doc, "messages.network_new.text"), "nl",
                        json_string("{ Email } {Email} {} {e-mail} {company}"));
    expect_accepted(doc);
}

static void test_mail_file_network_kinds_name_no_contact_details(void **state)
{
    (void)state;
    /* what the check above relies on: the lists of the network's mails */
    /* contact details, and the respondent's own withdrawal link */
    static const char *const personal[] = {
        "name", "email", "phone", "network_email", "network_phone", "withdraw_url", NULL};
    const char *const *lists[MAIL_KINDS + SNIPPETS + 1];
    size_t n = 0;
    for (int k = 0; k < MAIL_KINDS; k++)
        if (!mail_to_respondent((enum mail_kind)k))
            lists[n++] = mail_kind_vars((enum mail_kind)k);
    lists[n++] = mail_snippet_vars(SN_NET_WHEN_SLOT);
    lists[n++] = mail_snippet_vars(SN_NET_WHEN_CONTACT);
    lists[n++] = mail_snippet_vars(SN_ON_SITE_NET);
    lists[n++] = mail_snippet_vars(SN_NETWORK_FOOTER);
    lists[n++] = digest_line_vars();
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++)
        for (size_t p = 0; personal[p] != NULL; p++) {
            char text[40], bad[TEMPLATE_NAME_MAX + 1];
            snprintf(text, sizeof(text), "{%s}", personal[p]);
            if (template_names_ok(text, lists[i], bad))
                fail_msg("a network's text may use {%s}", personal[p]);
        }
}

static void test_mail_file_refuses_wrong_types(void **state)
{
    (void)state;
    json_t *doc = shipped();
    json_object_set_new(at(doc, "snippets.on_site"), "nl", json_integer(5));
    expect_refused(doc, "snippets.on_site", "'nl' must be a text");

    doc = shipped();
    json_object_set_new(at(doc, "messages.confirm.text"), "en", json_null());
    expect_refused(doc, "messages.confirm.text", "'en' must be a text");

    doc = shipped();
    json_object_set_new(at(doc, "messages.confirm.text"), "en", json_string(""));
    expect_refused(doc, "messages.confirm.text", "'en' must be a text of 1 to 2000 bytes");

    doc = shipped();
    char *longtext = malloc(2002);
    assert_non_null(longtext);
    memset(longtext, 'x', 2001);
    longtext[2001] = '\0';
    json_object_set_new(at(doc, "digest_lines.new"), "nl", json_string(longtext));
    free(longtext);
    expect_refused(doc, "digest_lines.new", "'nl' must be a text of 1 to 2000 bytes");

    doc = shipped();
    json_object_set_new(at(doc, "messages.confirm"), "subject", json_string("Hallo"));
    expect_refused(doc, "messages.confirm", "'subject' must be an object");

    doc = shipped();
    json_object_set_new(at(doc, "messages"), "reminder", json_array());
    expect_refused(doc, "messages", "'reminder' must be an object");

    doc = shipped();
    json_object_set_new(doc, "snippets", json_string("none"));
    expect_refused(doc, "mail file", "'snippets' must be an object");

    doc = shipped();
    json_object_set_new(doc, "version", json_integer(2026));
    expect_refused(doc, "mail file", "'version' must be a text");
}

static void test_mail_file_refuses_what_is_not_json(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "[]", "{", "{\"version\": \"1\", \"version\": \"2\"}",
                                      "\"text\""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char err[512] = "";
        struct mail_texts *m = mail_file_parse(bad[i], strlen(bad[i]), NULL, err, sizeof(err));
        if (m != NULL)
            fail_msg("accepted '%s'", bad[i]);
        if (strncmp(err, "mail", 4) != 0)
            fail_msg("'%s': message '%s' does not name the file", bad[i], err);
    }
    char err[512] = "";
    assert_null(mail_file_parse("{\"version\":\"1\"\0}", 16, NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "NUL"));
    assert_null(mail_file_load("questions/no-such-mail.json", err, sizeof(err)));
    assert_non_null(strstr(err, "no-such-mail.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mail_file_shipped_file_loads),
        cmocka_unit_test(test_mail_file_digest_is_the_files_sha256),
        cmocka_unit_test(test_mail_file_refuses_missing_entries),
        cmocka_unit_test(test_mail_file_refuses_unknown_keys),
        cmocka_unit_test(test_mail_file_refuses_placeholders_a_text_may_not_use),
        cmocka_unit_test(test_mail_file_network_kinds_name_no_contact_details),
        cmocka_unit_test(test_mail_file_refuses_wrong_types),
        cmocka_unit_test(test_mail_file_refuses_what_is_not_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
