/*
 * qn_file.h — loading and validating questions/questionnaire.json (format
 * in questions/README.md) into the immutable struct qn of domain/qn.h.
 */
#ifndef ZT_QN_FILE_H
#define ZT_QN_FILE_H

#include "domain/qn.h"

#include <stddef.h>

/*
 * Parses and validates a questionnaire from the file's text (`arg` is
 * unused; the signature fits jfile_load).  Returns a new questionnaire
 * (caller frees with qn_file_free) or NULL with a message naming the bad
 * entry in `err`.
 */
void *qn_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen);

/* The same from a file. */
struct qn *qn_file_load(const char *path, char *err, size_t errlen);

void qn_file_free(struct qn *qn);

#endif
