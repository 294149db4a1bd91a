/*
 * jfile.c — see jfile.h.
 */
#include "content/jfile.h"

#include "domain/validate.h"
#include "util/secure.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *jfile_read(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(JFILE_MAX + 1);
    if (buf == NULL) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    size_t n = fread(buf, 1, JFILE_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, errlen, "%s: read error", path);
        free(buf);
        return NULL;
    }
    if (n > JFILE_MAX) {
        snprintf(err, errlen, "%s: larger than %u bytes", path, JFILE_MAX);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

void *jfile_load(const char *path,
                 void *(*parse)(const char *, size_t, const void *, char *, size_t),
                 const void *arg, char *err, size_t errlen)
{
    size_t len;
    char *buf = jfile_read(path, &len, err, errlen);
    if (buf == NULL)
        return NULL;
    void *out = parse(buf, len, arg, err, errlen);
    free(buf);
    return out;
}

json_t *jfile_parse(const char *name, const char *buf, size_t len, char *err, size_t errlen)
{
    if (memchr(buf, '\0', len) != NULL) {
        snprintf(err, errlen, "%s: contains a NUL byte", name);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        snprintf(err, errlen, "%s:%d:%d: %s", name, je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        snprintf(err, errlen, "%s: the top level must be an object", name);
        json_decref(root);
        return NULL;
    }
    return root;
}

int jfile_keys(const json_t *obj, const char *where, const char *const allowed[], char *err,
               size_t errlen)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        (void)val;
        if (key[0] == '_') /* "_comment" and friends are notes for editors */
            continue;
        size_t i = 0;
        while (allowed[i] != NULL && strcmp(allowed[i], key) != 0)
            i++;
        if (allowed[i] == NULL) {
            snprintf(err, errlen, "%s: unknown field '%s'", where, key);
            return -1;
        }
    }
    return 0;
}

static json_t *field(const json_t *obj, const char *key, const char *where, bool required,
                     char *err, size_t errlen, int *rc)
{
    json_t *v = json_object_get(obj, key);
    *rc = 0;
    if (v == NULL && required) {
        snprintf(err, errlen, "%s: '%s' is missing", where, key);
        *rc = -1;
    }
    return v;
}

int jfile_str(const json_t *obj, const char *key, const char *where, size_t maxlen, bool required,
              char **out, char *err, size_t errlen)
{
    int rc;
    json_t *v = field(obj, key, where, required, err, errlen, &rc);
    *out = NULL;
    if (v == NULL)
        return rc;
    size_t n = json_string_length(v);
    if (!json_is_string(v) || n == 0 || n > maxlen) {
        snprintf(err, errlen, "%s: '%s' must be a text of 1 to %zu bytes", where, key, maxlen);
        return -1;
    }
    *out = strdup(json_string_value(v));
    if (*out == NULL) {
        snprintf(err, errlen, "%s: out of memory", where);
        return -1;
    }
    return 0;
}

int jfile_int(const json_t *obj, const char *key, const char *where, long min, long max,
              bool required, long def, long *out, char *err, size_t errlen)
{
    int rc;
    json_t *v = field(obj, key, where, required, err, errlen, &rc);
    *out = def;
    if (v == NULL)
        return rc;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        snprintf(err, errlen, "%s: '%s' must be a whole number from %ld to %ld", where, key, min,
                 max);
        return -1;
    }
    *out = (long)json_integer_value(v);
    return 0;
}

int jfile_bool(const json_t *obj, const char *key, const char *where, bool *out, char *err,
               size_t errlen)
{
    json_t *v = json_object_get(obj, key);
    *out = false;
    if (v == NULL)
        return 0;
    if (!json_is_boolean(v)) {
        snprintf(err, errlen, "%s: '%s' must be true or false", where, key);
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

int jfile_real(const json_t *obj, const char *key, const char *where, double min, double max,
               double *out, char *err, size_t errlen)
{
    int rc;
    json_t *v = field(obj, key, where, true, err, errlen, &rc);
    if (v == NULL)
        return rc;
    if (!json_is_number(v) || json_number_value(v) < min || json_number_value(v) > max) {
        snprintf(err, errlen, "%s: '%s' must be a number from %g to %g", where, key, min, max);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

int jfile_array(const json_t *obj, const char *key, const char *where, size_t minn, size_t maxn,
                bool required, json_t **out, char *err, size_t errlen)
{
    int rc;
    json_t *v = field(obj, key, where, required, err, errlen, &rc);
    *out = v;
    if (v == NULL)
        return rc;
    if (!json_is_array(v) || json_array_size(v) < minn || json_array_size(v) > maxn) {
        snprintf(err, errlen, "%s: '%s' must be a list of %zu to %zu entries", where, key, minn,
                 maxn);
        return -1;
    }
    return 0;
}

int jfile_object(const json_t *obj, const char *key, const char *where, bool required, json_t **out,
                 char *err, size_t errlen)
{
    int rc;
    json_t *v = field(obj, key, where, required, err, errlen, &rc);
    *out = v;
    if (v == NULL)
        return rc;
    if (!json_is_object(v)) {
        snprintf(err, errlen, "%s: '%s' must be an object", where, key);
        return -1;
    }
    return 0;
}

int jfile_text(const json_t *obj, const char *key, const char *where, struct qn_text *out,
               char *err, size_t errlen)
{
    json_t *t;
    static const char *const langs[] = {"nl", "en", NULL};
    char w[240];
    if (jfile_object(obj, key, where, true, &t, err, errlen) < 0)
        return -1;
    snprintf(w, sizeof(w), "%.180s.%.50s", where, key);
    if (jfile_keys(t, w, langs, err, errlen) < 0)
        return -1;
    for (int l = 0; l < LANG_COUNT; l++)
        if (jfile_str(t, lang_name((enum lang)l), w, QN_TEXT_MAX, true, &out->s[l], err, errlen) <
            0)
            return -1;
    return 0;
}

void jfile_text_free(struct qn_text *t)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        free(t->s[l]);
        t->s[l] = NULL;
    }
}

int jfile_fail(char *err, size_t errlen, const char *where, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s: %s", where, msg);
    return -1;
}

int jfile_sha256_list(const json_t *obj, const char *key, const char *where, size_t max,
                      uint8_t (*out)[32], size_t *n, char *err, size_t errlen)
{
    json_t *arr;
    static const char *const tkeys[] = {"label", "sha256", "created", NULL};
    *n = 0;
    if (jfile_array(obj, key, where, 0, max, false, &arr, err, errlen) < 0)
        return -1;
    for (size_t i = 0; arr != NULL && i < json_array_size(arr); i++) {
        const json_t *e = json_array_get(arr, i);
        const char *h = json_string_value(e);
        if (json_is_object(e)) {
            /* {"label": who holds it, "sha256": …, "created": "YYYY-MM-DD"} (zelftest admin token)
             */
            char w[240];
            snprintf(w, sizeof(w), "%.180s.%s[%zu]", where, key, i);
            const char *label = json_string_value(json_object_get(e, "label"));
            if (jfile_keys(e, w, tkeys, err, errlen) < 0)
                return -1;
            if (label == NULL || !jfile_label_valid(label))
                return jfile_fail(err, errlen, w,
                                  "label must be 1 to %d letters, digits, spaces or . _ @ -",
                                  JFILE_LABEL_MAX);
            for (size_t j = 0; j < i; j++) {
                const char *other =
                    json_string_value(json_object_get(json_array_get(arr, j), "label"));
                if (other != NULL && strcmp(other, label) == 0)
                    return jfile_fail(err, errlen, w, "label '%s' is used twice", label);
            }
            const json_t *c = json_object_get(e, "created");
            int64_t day;
            if (c != NULL && (!json_is_string(c) || !validate_date(json_string_value(c), &day)))
                return jfile_fail(err, errlen, w, "created must be a date YYYY-MM-DD%s", "");
            h = json_string_value(json_object_get(e, "sha256"));
        }
        if (h == NULL || secure_hex_decode(h, out[i], 32) < 0)
            return jfile_fail(err, errlen, where,
                              "%s[%zu] must be 64 lowercase hex digits (sha256sum of a token), or "
                              "{\"label\", \"sha256\"}",
                              key, i);
        (*n)++;
    }
    return 0;
}

bool jfile_label_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > JFILE_LABEL_MAX || s[0] == ' ' || s[n - 1] == ' ')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr(" ._@-", s[i]) != NULL))
            return false;
    return true;
}
