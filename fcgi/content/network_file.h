/*
 * network_file.h — loading and validating questions/networks.json (format
 * in questions/README.md) into the registry of domain/network.h.
 */
#ifndef ZT_NETWORK_FILE_H
#define ZT_NETWORK_FILE_H

#include "domain/network.h"
#include "domain/qn.h"

#include <stddef.h>

/*
 * Parses and validates the registry from the file's text.  `qn` (a const
 * struct qn *, may be NULL) is used to check that every sector named is a
 * sector option of the questionnaire.  Returns a new registry (caller
 * frees with network_file_free) or NULL with a message naming the bad entry.
 */
void *network_file_parse(const char *buf, size_t len, const void *qn, char *err, size_t errlen);

/* The same from a file. */
struct networks *network_file_load(const char *path, const struct qn *qn, char *err, size_t errlen);

void network_file_free(struct networks *n);

#endif
