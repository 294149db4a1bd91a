/*
 * template.h — the texts of the e-mails (questions/mail.json) filled in:
 * "{name}" placeholders replaced by values, and the plain text turned into
 * simple HTML that reads well on a phone.  Pure, no I/O.
 */
#ifndef ZT_TEMPLATE_H
#define ZT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#define TEMPLATE_NAME_MAX 32

struct template_var {
    const char *name;  /* without braces */
    const char *value; /* NULL: an empty value */
};

/*
 * `text` with every {name} of `vars` replaced (a {name} not in `vars` is an
 * error).  Returns a malloc'd text (caller frees), or NULL with the unknown
 * name copied to `bad` (TEMPLATE_NAME_MAX + 1 bytes) or out of memory.
 */
char *template_fill(const char *text, const struct template_var *vars, size_t nvars, char *bad);

/* True when every {name} in `text` is one of `names` (NULL-terminated); else the first in `bad`. */
bool template_names_ok(const char *text, const char *const names[], char *bad);

/*
 * Plain text as an HTML document in `lang` ("nl" or "en") with `title`:
 * paragraphs at blank lines, line breaks kept, &<>" escaped, http(s) links
 * made clickable.  Returns a malloc'd document (caller frees).
 */
char *template_html(const char *plain, const char *lang, const char *title);

#endif
