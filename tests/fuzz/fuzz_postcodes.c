/*
 * fuzz_postcodes.c — the PC4 table parser and lookups.
 */
#include "content/postcodes.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct postcodes *p = postcodes_parse((const char *)data, size, err, sizeof(err));
    if (p != NULL) {
        int used;
        for (int pc = 990; pc < 10010; pc += 37)
            (void)postcodes_lookup(p, pc, &used);
    }
    postcodes_free(p);
    return 0;
}
