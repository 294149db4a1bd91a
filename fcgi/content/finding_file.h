/*
 * finding_file.h — loading and validating questions/findings.json (format
 * in questions/README.md) into the catalogue of domain/finding.h.
 */
#ifndef ZT_FINDING_FILE_H
#define ZT_FINDING_FILE_H

#include "domain/finding.h"
#include "domain/qn.h"

#include <stddef.h>

/*
 * Parses and validates the catalogue from the file's text.  `qn` (a const
 * struct qn *, required: a finding's principle is stored as an index into
 * its principles) is the questionnaire every "principle" must name a
 * principle of.  Returns a new catalogue (caller frees with
 * finding_file_free) or NULL with a message naming the bad entry, e.g.
 * "findings[3] (macros-enabled).principle: 'x' is not a principle of the
 * questionnaire (…)".
 */
void *finding_file_parse(const char *buf, size_t len, const void *qn, char *err, size_t errlen);

/* The same from a file. */
struct findings *finding_file_load(const char *path, const struct qn *qn, char *err, size_t errlen);

/* Frees a catalogue and everything in it; NULL is fine. */
void finding_file_free(struct findings *f);

#endif
