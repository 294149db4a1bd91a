/*
 * afile.h — files that must never be seen half-written: a whole file
 * replaced atomically (a temporary file in the same folder, fsync, rename)
 * with the previous version kept beside it, and one-line appends that are
 * on disk before the call returns.
 */
#ifndef ZT_AFILE_H
#define ZT_AFILE_H

#include <stddef.h>

/*
 * Replaces `path` with `len` bytes of `data`: written to a temporary file
 * in the same folder, flushed, renamed over `path`, the folder flushed.
 * When `path` existed, its previous version stays as `path` + `backup_suffix`
 * (e.g. ".bak"; NULL keeps none), and the new file gets its mode and owner.
 * Returns 0, or -1 with a message in `err` (`path` is then unchanged).
 */
int afile_replace(const char *path, const char *data, size_t len, const char *backup_suffix,
                  char *err, size_t errlen);

/*
 * Appends `line` (which ends in a newline) to `path` with one write(2),
 * creating it with mode 0640, and waits until it is on disk.  Lines from
 * threads and processes never interleave.  Returns 0, or -1 with `err`.
 */
int afile_append(const char *path, const char *line, char *err, size_t errlen);

/*
 * Takes an exclusive lock on the folder that holds `path` (flock), so that
 * two writers of files in it take turns.  Returns a descriptor to pass to
 * afile_unlock, or -1 with `err`.
 */
int afile_lock_dir(const char *path, char *err, size_t errlen);
void afile_unlock(int fd);

#endif
