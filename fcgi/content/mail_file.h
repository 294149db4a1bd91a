/*
 * mail_file.h — loading and validating questions/mail.json (format in
 * questions/README.md) into the texts of domain/mailtext.h: every message,
 * snippet and digest line in both languages, using only its placeholders.
 */
#ifndef ZT_MAIL_FILE_H
#define ZT_MAIL_FILE_H

#include "domain/mailtext.h"

#include <stddef.h>

/* Parses the file's text (`arg` unused); NULL with a message naming the bad entry. */
void *mail_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen);

struct mail_texts *mail_file_load(const char *path, char *err, size_t errlen);

void mail_file_free(struct mail_texts *m);

#endif
