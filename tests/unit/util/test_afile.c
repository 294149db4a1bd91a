/*
 * test_afile.c — whole files replaced atomically with the previous version
 * kept, appends that add whole lines, the folder lock.
 */
#include "util/afile.h"
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/zt-afile-XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_afile_replace_keeps_the_previous_version_and_its_mode(void **state)
{
    (void)state;
    char path[128], bak[160], err[300];
    snprintf(path, sizeof(path), "%s/networks.json", dir);
    snprintf(bak, sizeof(bak), "%s.bak", path);
    assert_int_equal(afile_replace(path, "one\n", 4, ".bak", err, sizeof(err)), 0);
    assert_string_equal(slurp(path), "one\n");
    assert_null(slurp(bak)); /* nothing before it: no backup */
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(afile_replace(path, "two\n", 4, ".bak", err, sizeof(err)), 0);
    assert_string_equal(slurp(path), "two\n");
    assert_string_equal(slurp(bak), "one\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
    assert_int_equal(afile_replace(path, "three\n", 6, ".bak", err, sizeof(err)), 0);
    assert_string_equal(slurp(bak), "two\n");
    /* no temporary file is left beside it */
    char cmd[200];
    snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 2", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_afile_replace_failure_leaves_the_file_alone(void **state)
{
    (void)state;
    char path[160], err[300] = "";
    snprintf(path, sizeof(path), "%s/no/such/folder/networks.json", dir);
    assert_int_equal(afile_replace(path, "x", 1, ".bak", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "No such file or directory"));
    /* a folder where the temporary file cannot be made: the old file stays as it was */
    snprintf(path, sizeof(path), "%s/ro", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    strcat(path, "/f.json");
    assert_int_equal(afile_replace(path, "old", 3, NULL, err, sizeof(err)), 0);
    char tmp[200];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    assert_int_equal(mkdir(tmp, 0755), 0); /* its temporary name is taken */
    assert_int_equal(afile_replace(path, "new", 3, NULL, err, sizeof(err)), -1);
    assert_string_equal(slurp(path), "old");
    rmdir(tmp);
}

static void test_afile_append_adds_whole_lines(void **state)
{
    (void)state;
    char path[128], err[300];
    snprintf(path, sizeof(path), "%s/erasures.log", dir);
    assert_int_equal(afile_append(path, "a 1 network\n", err, sizeof(err)), 0);
    assert_int_equal(afile_append(path, "b 2 retention\n", err, sizeof(err)), 0);
    assert_string_equal(slurp(path), "a 1 network\nb 2 retention\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    char bad[160];
    snprintf(bad, sizeof(bad), "%s/none/erasures.log", dir);
    assert_int_equal(afile_append(bad, "c\n", err, sizeof(err)), -1);
}

static void test_afile_lock_dir_excludes_a_second_writer(void **state)
{
    (void)state;
    char path[128], err[300];
    snprintf(path, sizeof(path), "%s/networks.json", dir);
    int fd = afile_lock_dir(path, err, sizeof(err));
    assert_true(fd >= 0);
    int other = open(dir, O_RDONLY | O_DIRECTORY);
    assert_true(other >= 0);
    assert_int_equal(flock(other, LOCK_EX | LOCK_NB), -1);
    assert_int_equal(errno, EWOULDBLOCK);
    afile_unlock(fd);
    assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
    close(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_afile_replace_keeps_the_previous_version_and_its_mode,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_afile_replace_failure_leaves_the_file_alone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_afile_append_adds_whole_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_afile_lock_dir_excludes_a_second_writer, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
