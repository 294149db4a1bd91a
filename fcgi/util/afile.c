/*
 * afile.c — see afile.h.
 */
#include "util/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define AFILE_PATH_MAX 4096

/* The folder of `path` into `dir` (cap AFILE_PATH_MAX); 0, or -1 when too long. */
static int folder_of(const char *path, char *dir)
{
    char copy[AFILE_PATH_MAX];
    if (strlen(path) >= sizeof(copy))
        return -1;
    strcpy(copy, path);
    snprintf(dir, AFILE_PATH_MAX, "%s", dirname(copy));
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int afile_replace(const char *path, const char *data, size_t len, const char *backup_suffix,
                  char *err, size_t errlen)
{
    char dir[AFILE_PATH_MAX], tmp[AFILE_PATH_MAX + 32], bak[AFILE_PATH_MAX + 32];
    if (folder_of(path, dir) < 0 || strlen(path) + 32 >= AFILE_PATH_MAX) {
        snprintf(err, errlen, "%.200s: path too long", path);
        return -1;
    }
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    struct stat old;
    int had_old = stat(path, &old) == 0;
    int fd =
        open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, had_old ? old.st_mode & 07777 : 0644);
    if (fd < 0) {
        snprintf(err, errlen, "%.200s: %s", tmp, strerror(errno));
        return -1;
    }
    if (had_old) {
        /* the new version is readable by whoever could read the old one */
        if (fchmod(fd, old.st_mode & 07777) < 0 ||
            (geteuid() == 0 && fchown(fd, old.st_uid, old.st_gid) < 0))
            goto fail;
    }
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (had_old && backup_suffix != NULL) {
        snprintf(bak, sizeof(bak), "%s%s", path, backup_suffix);
        /* a hard link: the previous version itself, not a copy */
        if ((unlink(bak) < 0 && errno != ENOENT) || link(path, bak) < 0)
            goto fail;
    }
    if (rename(tmp, path) < 0)
        goto fail;
    sync_dir(dir);
    return 0;
fail:
    snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return -1;
}

int afile_append(const char *path, const char *line, char *err, size_t errlen)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
        return -1;
    }
    size_t n = strlen(line);
    ssize_t w;
    do
        w = write(fd, line, n);
    while (w < 0 && errno == EINTR);
    int rc = (w == (ssize_t)n && fdatasync(fd) == 0) ? 0 : -1;
    if (rc < 0)
        snprintf(err, errlen, "%.200s: %s", path, w < 0 ? strerror(errno) : "short write");
    close(fd);
    return rc;
}

int afile_lock_dir(const char *path, char *err, size_t errlen)
{
    char dir[AFILE_PATH_MAX];
    if (folder_of(path, dir) < 0) {
        snprintf(err, errlen, "%.200s: path too long", path);
        return -1;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX) < 0) {
        snprintf(err, errlen, "%.200s: %s", dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

void afile_unlock(int fd)
{
    if (fd >= 0) {
        flock(fd, LOCK_UN);
        close(fd);
    }
}
