/*
 * fuzz_networks.c — the networks registry and the campaign registry.
 */
#include "content/campaigns.h"
#include "content/networks.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    struct networks *n = networks_parse((const char *)data, size, NULL, err, sizeof(err));
    struct campaigns *c = campaigns_parse((const char *)data, size, n, err, sizeof(err));
    campaigns_free(c);
    networks_free(n);
    return 0;
}
