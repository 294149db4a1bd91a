/*
 * fuzz_postcodes.c — the PC4 table parser and lookups.
 */
#include "content/pc4_file.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct pc4_table *p = pc4_file_parse((const char *)data, size, NULL, err, sizeof(err));
    if (p != NULL) {
        int used;
        for (int pc = 990; pc < 10010; pc += 37)
            (void)pc4_lookup(p, pc, &used);
    }
    pc4_file_free(p);
    return 0;
}
