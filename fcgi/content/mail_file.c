/*
 * mail_file.c — see mail_file.h.
 */
#include "content/mail_file.h"

#include "content/jfile.h"
#include "domain/template.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Both languages of `t` may use only `vars`. */
static int check_vars(const struct qn_text *t, const char *const *vars, const char *where,
                      char *err, size_t errlen)
{
    char bad[TEMPLATE_NAME_MAX + 1];
    for (int l = 0; l < LANG_COUNT; l++)
        if (!template_names_ok(t->s[l], vars, bad))
            return jfile_fail(err, errlen, where,
                              "{%s} is not a placeholder this text can use (%s)", bad,
                              lang_name((enum lang)l));
    return 0;
}

/* Every name of `names` as a bilingual text of `obj`, checked against vars(i). */
static int texts(const json_t *obj, const char *where, const char *const *names, size_t n,
                 struct qn_text *out, const char *const *(*vars)(int), char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        char w[160];
        snprintf(w, sizeof(w), "%s.%s", where, names[i]);
        if (jfile_text(obj, names[i], where, &out[i], err, errlen) < 0 ||
            check_vars(&out[i], vars((int)i), w, err, errlen) < 0)
            return -1;
    }
    return 0;
}

static const char *const *snippet_vars(int i)
{
    return mail_snippet_vars((enum mail_snippet)i);
}

static const char *const *line_vars(int i)
{
    (void)i;
    return digest_line_vars();
}

void *mail_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen)
{
    (void)arg;
    struct mail_texts *m = calloc(1, sizeof(*m));
    if (m == NULL) {
        snprintf(err, errlen, "mail: out of memory");
        return NULL;
    }
    secure_sha256(buf, len, m->digest);
    json_t *root = jfile_parse("mail", buf, len, err, errlen), *msgs, *snips, *lines;
    static const char *const keys[] = {"version", "snippets", "messages", "digest_lines", NULL};
    static const char *const mkeys[] = {"subject", "text", NULL};
    if (root == NULL || jfile_keys(root, "mail file", keys, err, errlen) < 0 ||
        jfile_str(root, "version", "mail file", 32, true, &m->version, err, errlen) < 0 ||
        jfile_object(root, "messages", "mail file", true, &msgs, err, errlen) < 0 ||
        jfile_keys(msgs, "messages", mail_kind_names_list(), err, errlen) < 0 ||
        jfile_object(root, "snippets", "mail file", true, &snips, err, errlen) < 0 ||
        jfile_keys(snips, "snippets", mail_snippet_names_list(), err, errlen) < 0 ||
        jfile_object(root, "digest_lines", "mail file", true, &lines, err, errlen) < 0 ||
        jfile_keys(lines, "digest_lines", digest_line_names_list(), err, errlen) < 0)
        goto bad;
    for (int k = 0; k < MAIL_KINDS; k++) {
        json_t *mj;
        char w[80], ws[96], wt[96];
        snprintf(w, sizeof(w), "messages.%s", mail_kind_names[k]);
        snprintf(ws, sizeof(ws), "%s.subject", w);
        snprintf(wt, sizeof(wt), "%s.text", w);
        if (jfile_object(msgs, mail_kind_names[k], "messages", true, &mj, err, errlen) < 0 ||
            jfile_keys(mj, w, mkeys, err, errlen) < 0 ||
            jfile_text(mj, "subject", w, &m->subject[k], err, errlen) < 0 ||
            jfile_text(mj, "text", w, &m->text[k], err, errlen) < 0 ||
            check_vars(&m->subject[k], mail_kind_vars((enum mail_kind)k), ws, err, errlen) < 0 ||
            check_vars(&m->text[k], mail_kind_vars((enum mail_kind)k), wt, err, errlen) < 0)
            goto bad;
    }
    if (texts(snips, "snippets", mail_snippet_names, SNIPPETS, m->snippet, snippet_vars, err,
              errlen) < 0 ||
        texts(lines, "digest_lines", digest_line_names, DIGEST_LINES, m->line, line_vars, err,
              errlen) < 0)
        goto bad;
    json_decref(root);
    return m;
bad:
    json_decref(root);
    mail_file_free(m);
    return NULL;
}

struct mail_texts *mail_file_load(const char *path, char *err, size_t errlen)
{
    return jfile_load(path, mail_file_parse, NULL, err, errlen);
}

void mail_file_free(struct mail_texts *m)
{
    if (m == NULL)
        return;
    for (int k = 0; k < MAIL_KINDS; k++) {
        jfile_text_free(&m->subject[k]);
        jfile_text_free(&m->text[k]);
    }
    for (int s = 0; s < SNIPPETS; s++)
        jfile_text_free(&m->snippet[s]);
    for (int d = 0; d < DIGEST_LINES; d++)
        jfile_text_free(&m->line[d]);
    free(m->version);
    free(m);
}
