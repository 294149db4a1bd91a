/*
 * jfile.h — reading the content files (questionnaire, networks, campaigns):
 * a bounded file read, strict JSON, and typed field getters whose error
 * messages name the entry ("principles[2].questions[0] (mfa): …").
 *
 * All getters return 0 on success and -1 with a message in `err`.
 */
#ifndef ZT_JFILE_H
#define ZT_JFILE_H

#include "domain/qn.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JFILE_MAX (4u << 20) /* content files are small; refuse anything larger */

/*
 * Reads a whole file of at most JFILE_MAX bytes.  Returns a malloc'd
 * NUL-terminated buffer (caller frees) and its length in *len, or NULL.
 */
char *jfile_read(const char *path, size_t *len, char *err, size_t errlen);

/*
 * Reads the file at `path` and hands its text to `parse` (one of the
 * *_file_parse functions: buffer, length, `arg`, err).  Returns what
 * `parse` returns, or NULL with the read error in `err`.
 */
void *jfile_load(const char *path,
                 void *(*parse)(const char *, size_t, const void *, char *, size_t),
                 const void *arg, char *err, size_t errlen);

/*
 * Parses `buf` as one JSON object, rejecting duplicate keys, NUL bytes and
 * invalid UTF-8.  Returns a new reference (caller json_decref's) or NULL.
 */
json_t *jfile_parse(const char *name, const char *buf, size_t len, char *err, size_t errlen);

/* Fails when `obj` has a key not in the NULL-terminated `allowed` list (catches typos). */
int jfile_keys(const json_t *obj, const char *where, const char *const allowed[], char *err,
               size_t errlen);

/* A string of 1..maxlen bytes; *out is a malloc'd copy (caller frees). */
int jfile_str(const json_t *obj, const char *key, const char *where, size_t maxlen, bool required,
              char **out, char *err, size_t errlen);

/*
 * A text in both languages, {"nl": "…", "en": "…"}, each 1..QN_TEXT_MAX
 * bytes; out->s[] are malloc'd copies (free with jfile_text_free).
 */
int jfile_text(const json_t *obj, const char *key, const char *where, struct qn_text *out,
               char *err, size_t errlen);
void jfile_text_free(struct qn_text *t);

/* An integer in [min, max]; `def` when absent and not required. */
int jfile_int(const json_t *obj, const char *key, const char *where, long min, long max,
              bool required, long def, long *out, char *err, size_t errlen);

/* A boolean; false when absent. */
int jfile_bool(const json_t *obj, const char *key, const char *where, bool *out, char *err,
               size_t errlen);

/* A number (integer or real) in [min, max]. */
int jfile_real(const json_t *obj, const char *key, const char *where, double min, double max,
               double *out, char *err, size_t errlen);

/* A borrowed array of minn..maxn elements, or object (type JSON_OBJECT). */
int jfile_array(const json_t *obj, const char *key, const char *where, size_t minn, size_t maxn,
                bool required, json_t **out, char *err, size_t errlen);
int jfile_object(const json_t *obj, const char *key, const char *where, bool required, json_t **out,
                 char *err, size_t errlen);

/*
 * A list of at most `max` SHA-256 hashes (token_sha256 in the registries),
 * into out[i][32]; *n gets the count.  Each entry is 64 lowercase hex
 * digits, or {"label": "<who holds it>", "sha256": "<64 hex>", "created":
 * "YYYY-MM-DD"} as `zelftest admin token new` writes it (labels unique in
 * the list; "created" optional).
 */
int jfile_sha256_list(const json_t *obj, const char *key, const char *where, size_t max,
                      uint8_t (*out)[32], size_t *n, char *err, size_t errlen);

#define JFILE_LABEL_MAX 64

/* A token's label: 1..JFILE_LABEL_MAX of A-Z a-z 0-9 space . _ @ -, no space at either end. */
bool jfile_label_valid(const char *s);

/* Writes "<where>: <message>" to err; returns -1 (for `return jfile_fail(…)`). */
int jfile_fail(char *err, size_t errlen, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
