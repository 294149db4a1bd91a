/*
 * fuzz_mail_file.c — the mail texts loader (questions/mail.json) on
 * arbitrary bytes: it must refuse or accept, never crash or leak, and what
 * it accepts keeps its promises: every text in both languages, each using
 * only its placeholders, and the digest the file's SHA-256.
 */
#include "content/mail_file.h"
#include "domain/template.h"
#include "util/secure.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct qn_text *t, const char *const *vars, const char *what)
{
    char bad[TEMPLATE_NAME_MAX + 1];
    for (int l = 0; l < LANG_COUNT; l++)
        if (t->s[l] == NULL || t->s[l][0] == '\0' || !template_names_ok(t->s[l], vars, bad)) {
            fprintf(stderr, "fuzz_mail_file: %s (%d) accepted but unusable\n", what, l);
            abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct mail_texts *m = mail_file_parse((const char *)data, size, NULL, err, sizeof(err));
    if (m == NULL)
        return 0;
    for (int k = 0; k < MAIL_KINDS; k++) {
        check(&m->subject[k], mail_kind_vars((enum mail_kind)k), mail_kind_names[k]);
        check(&m->text[k], mail_kind_vars((enum mail_kind)k), mail_kind_names[k]);
    }
    for (int s = 0; s < SNIPPETS; s++)
        check(&m->snippet[s], mail_snippet_vars((enum mail_snippet)s), mail_snippet_names[s]);
    for (int d = 0; d < DIGEST_LINES; d++)
        check(&m->line[d], digest_line_vars(), digest_line_names[d]);
    uint8_t digest[32];
    secure_sha256(data, size, digest);
    if (m->version == NULL || memcmp(digest, m->digest, 32) != 0) {
        fprintf(stderr, "fuzz_mail_file: no version, or a digest that is not the file's\n");
        abort();
    }
    mail_file_free(m);
    return 0;
}
