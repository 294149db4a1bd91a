/*
 * fuzz_campaigns.c — the campaign registry, checked against a real networks
 * registry so that the owner-network branch is reached too.
 */
#include "content/campaign_file.h"
#include "content/network_file.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct networks *nets;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    if (nets == NULL && (nets = network_file_load("tests/data/networks-test.json", NULL, err,
                                                  sizeof(err))) == NULL) {
        fprintf(stderr, "fuzz_campaigns: %s\n", err);
        abort();
    }
    struct campaigns *c = campaign_file_parse((const char *)data, size, nets, err, sizeof(err));
    campaign_file_free(c);
    return 0;
}
