/*
 * registry.h — a registry file (networks or campaigns) held as a JSON
 * tree while a command changes it, then checked by the program's own
 * loaders and written atomically.
 *
 * Every command that writes holds one lock for the whole change: an
 * flock on the folder of ZELFTEST_NETWORKS, so two operators' commands
 * take turns and neither loses the other's change.
 */
#ifndef ZT_REGISTRY_H
#define ZT_REGISTRY_H

#include "util/config.h"

#include <jansson.h>
#include <stdbool.h>

enum registry_kind { REGISTRY_NETWORKS, REGISTRY_CAMPAIGNS };

struct registry {
    enum registry_kind kind;
    const char *path; /* borrowed from the config */
    json_t *root;     /* owned */
    json_t *items;    /* borrowed: root's "networks" or "campaigns" array */
};

/* Takes the admin lock (see above).  Returns a descriptor for admin_unlock, or -1 (reported). */
int admin_lock(const struct config *cfg);
void admin_unlock(int fd);

/* Reads and parses the registry of `kind`.  Returns 0, or 1 with a message on stderr. */
int admin_registry_open(struct registry *g, const struct config *cfg, enum registry_kind kind);

/* The admin lock taken and the registry of `kind` read: the lock's descriptor,
 * or -1 with a message on stderr and nothing held. */
int admin_registry_open_locked(struct registry *g, const struct config *cfg,
                               enum registry_kind kind);

/* Lets go of the tree. */
void admin_registry_close(struct registry *g);

/* The entry with this "id" (borrowed) and its index, or NULL. */
json_t *admin_registry_find(const struct registry *g, const char *id, size_t *index);

/*
 * Checks the changed tree with the program's loaders (the networks
 * against the questionnaire, and the campaigns against the networks, as a
 * start would), then replaces the file, keeping the previous version as
 * <file>.bak.  Nothing is written when the check fails.  Returns 0, or 1
 * with a message naming the bad entry on stderr.
 */
int admin_registry_save(struct registry *g, const struct config *cfg);

/* The text the file would get (for tests and --dry-run); caller frees. */
char *admin_registry_text(const struct registry *g);

#endif
