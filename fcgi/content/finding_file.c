/*
 * finding_file.c — see finding_file.h.
 */
#include "content/finding_file.h"

#include "content/jfile.h"
#include "domain/validate.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Index of `id` in the questionnaire's principles, or -1. */
static int principle_index(const struct qn *qn, const char *id)
{
    for (int i = 0; i < QN_PRINCIPLES; i++)
        if (qn->principles[i].id != NULL && strcmp(qn->principles[i].id, id) == 0)
            return i;
    return -1;
}

static int ncsc2024_index(const char *id)
{
    for (int i = 0; i < NCSC2024_COUNT; i++)
        if (strcmp(ncsc2024_ids[i], id) == 0)
            return i;
    return -1;
}

/*
 * Both languages of a text as one line of at most `max` code points (the
 * limit is what a reader sees, so bytes would punish "é" and "ë"), with no
 * control or bidi characters and something visible in it.
 */
static int check_line(const struct qn_text *t, const char *where, const char *key, size_t max,
                      char *err, size_t errlen)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (!validate_line(t->s[l], max)) {
            char w[240];
            long n = validate_utf8_chars(t->s[l]);
            snprintf(w, sizeof(w), "%.180s.%s.%s", where, key, lang_name((enum lang)l));
            if (n > (long)max)
                return jfile_fail(err, errlen, w, "%ld characters, at most %zu", n, max);
            if (strpbrk(t->s[l], "\n\r") != NULL)
                return jfile_fail(err, errlen, w, "has a line break; keep it on one line");
            return jfile_fail(err, errlen, w,
                              "has a control character or a text-direction mark, or nothing "
                              "visible");
        }
    return 0;
}

/* The same text twice would be two boxes a coordinator cannot tell apart. */
static int check_unique_titles(const struct findings *f, size_t idx, const char *where, char *err,
                               size_t errlen)
{
    const struct finding *x = &f->items[idx];
    for (size_t i = 0; i < idx; i++)
        for (int l = 0; l < LANG_COUNT; l++)
            if (strcmp(f->items[i].title.s[l], x->title.s[l]) == 0)
                return jfile_fail(err, errlen, where,
                                  "title.%s is also the title of findings[%zu] (%s)",
                                  lang_name((enum lang)l), i, f->items[i].id);
    return 0;
}

static int parse_finding(const json_t *fj, struct findings *f, size_t idx, const struct qn *qn,
                         char *err, size_t errlen)
{
    struct finding *x = &f->items[idx];
    char where[120], w[160];
    char *principle = NULL, *ncsc = NULL;
    int rc = -1;
    x->principle = x->ncsc2024 = -1;
    snprintf(where, sizeof(where), "findings[%zu]", idx);
    if (!json_is_object(fj))
        return jfile_fail(err, errlen, where, "must be an object");
    if (jfile_str(fj, "id", where, FINDING_ID_MAX, true, &x->id, err, errlen) < 0)
        return -1;
    /* checked before it goes into the messages that name the entry */
    if (!validate_id(x->id, FINDING_ID_MAX, true) || strchr(x->id, '_') != NULL)
        return jfile_fail(err, errlen, where, "id '%s' may only use a-z, 0-9 and -", x->id);
    snprintf(where, sizeof(where), "findings[%zu] (%s)", idx, x->id);
    static const char *const keys[] = {"id", "principle", "ncsc_2024", "title", "explain", NULL};
    if (jfile_keys(fj, where, keys, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < idx; i++)
        if (strcmp(f->items[i].id, x->id) == 0)
            return jfile_fail(err, errlen, where, "id '%s' is used twice (also findings[%zu])",
                              x->id, i);
    if (jfile_str(fj, "principle", where, QN_ID_MAX, true, &principle, err, errlen) < 0)
        goto out;
    if ((x->principle = principle_index(qn, principle)) < 0) {
        snprintf(w, sizeof(w), "%s.principle", where);
        char list[200] = "";
        size_t used = 0;
        for (int i = 0; i < QN_PRINCIPLES && qn->principles[i].id != NULL; i++) {
            int n = snprintf(list + used, sizeof(list) - used, "%s%s", i > 0 ? ", " : "",
                             qn->principles[i].id);
            if (n < 0 || (size_t)n >= sizeof(list) - used)
                break; /* the list is a hint; a cut one is still a hint */
            used += (size_t)n;
        }
        jfile_fail(err, errlen, w, "'%s' is not a principle of the questionnaire (%s)", principle,
                   list);
        goto out;
    }
    if (jfile_str(fj, "ncsc_2024", where, QN_ID_MAX, true, &ncsc, err, errlen) < 0)
        goto out;
    if ((x->ncsc2024 = ncsc2024_index(ncsc)) < 0) {
        snprintf(w, sizeof(w), "%s.ncsc_2024", where);
        jfile_fail(err, errlen, w,
                   "'%s' is not one of risks, behaviour, protect, access, incidents", ncsc);
        goto out;
    }
    if (jfile_text(fj, "title", where, &x->title, err, errlen) < 0 ||
        check_line(&x->title, where, "title", FINDING_TITLE_CHARS, err, errlen) < 0 ||
        jfile_text(fj, "explain", where, &x->explain, err, errlen) < 0 ||
        check_line(&x->explain, where, "explain", FINDING_EXPLAIN_CHARS, err, errlen) < 0 ||
        check_unique_titles(f, idx, where, err, errlen) < 0)
        goto out;
    rc = 0;
out:
    free(principle);
    free(ncsc);
    return rc;
}

void *finding_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen)
{
    const struct qn *qn = arg;
    if (qn == NULL) {
        snprintf(err, errlen, "findings: no questionnaire to check the principles against");
        return NULL;
    }
    struct findings *f = calloc(1, sizeof(*f));
    if (f == NULL) {
        snprintf(err, errlen, "findings: out of memory");
        return NULL;
    }
    secure_sha256(buf, len, f->digest);
    json_t *root = jfile_parse("findings", buf, len, err, errlen), *arr;
    static const char *const keys[] = {"version", "findings", NULL};
    if (root == NULL || jfile_keys(root, "findings file", keys, err, errlen) < 0 ||
        jfile_str(root, "version", "findings file", QN_VERSION_MAX, true, &f->version, err,
                  errlen) < 0 ||
        jfile_array(root, "findings", "findings file", 1, FINDINGS_MAX, true, &arr, err, errlen) <
            0)
        goto bad;
    f->items = calloc(json_array_size(arr), sizeof(*f->items));
    if (f->items == NULL) {
        snprintf(err, errlen, "findings: out of memory");
        goto bad;
    }
    for (size_t i = 0; i < json_array_size(arr); i++) {
        f->n = i + 1; /* so that finding_file_free frees what a bad entry got so far */
        if (parse_finding(json_array_get(arr, i), f, i, qn, err, errlen) < 0)
            goto bad;
    }
    json_decref(root);
    return f;
bad:
    json_decref(root);
    finding_file_free(f);
    return NULL;
}

struct findings *finding_file_load(const char *path, const struct qn *qn, char *err, size_t errlen)
{
    return jfile_load(path, finding_file_parse, qn, err, errlen);
}

void finding_file_free(struct findings *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].id);
        jfile_text_free(&f->items[i].title);
        jfile_text_free(&f->items[i].explain);
    }
    free(f->items);
    free(f->version);
    free(f);
}
