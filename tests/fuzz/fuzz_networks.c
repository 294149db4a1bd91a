/*
 * fuzz_networks.c — the networks registry.
 */
#include "content/network_file.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct networks *n = network_file_parse((const char *)data, size, NULL, err, sizeof(err));
    network_file_free(n);
    return 0;
}
