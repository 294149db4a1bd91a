/*
 * slot.h — a network's scan slots in the durable Redis: a start, a length,
 * a place and a capacity of student teams; booked by referral_create.
 */
#ifndef ZT_SLOT_H
#define ZT_SLOT_H

#include "domain/network.h"
#include "domain/token.h"
#include "domain/validate.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define SLOT_PLACE_CHARS 200
#define SLOT_LIST_MAX 500 /* slots listed at most, earliest first */

struct slot {
    char id[TOKEN_LEN + 1];
    char network[NET_ID_MAX + 1];
    char scan[NET_SCAN_ID_MAX + 1]; /* the scan type this slot is for */
    int64_t start;
    int tz_min; /* the offset the start was given in, for showing it back */
    int minutes;
    char place[VALIDATE_UTF8_BYTES(SLOT_PLACE_CHARS) + 1];
    int capacity, booked;
};

/* Stores a new slot; fills sl->id. */
enum store_err slot_create(struct store *s, struct slot *sl);

enum store_err slot_get(struct store *s, const char *id, struct slot *out);

/* Deletes a slot of `network`; STORE_SLOT_BOOKED while a referral holds a place. */
enum store_err slot_delete(struct store *s, const char *network, const char *id);

/*
 * A network's slots ordered by start; `from` limits to those starting at or
 * after it.  Returns a malloc'd array (caller frees) and its length in *n.
 */
struct slot *slot_list(struct store *s, const char *network, int64_t from, size_t *n,
                       enum store_err *rc);

#endif
