/*
 * slots.c — a network's scan slots (Authorization: Bearer <token>):
 *   GET    /api/v1/network/slots        the coming ones and those of the last days
 *   POST   /api/v1/network/slots        {"start","minutes","place","capacity","scan"}
 *   DELETE /api/v1/network/slots/{id}   refused while booked
 */
#include "api/api.h"

#include "api/auth.h"
#include "domain/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The rules a slot keeps. */
#define SLOT_MINUTES_MIN 15
#define SLOT_MINUTES_MAX 720 /* a long day on site */
#define SLOT_CAPACITY_MAX 50 /* student teams at one time */
#define SLOT_AHEAD_DAYS 400  /* a start at most this far ahead */
#define SLOT_SHOW_PAST_DAYS 30

int api_network_slots(struct req *r)
{
    const struct network *nw = auth_network(r);
    if (nw == NULL)
        return r->status;
    size_t n;
    enum store_err rc;
    struct slot *sl = slot_list(&r->app->durable, nw->id,
                                (int64_t)time(NULL) - SLOT_SHOW_PAST_DAYS * 86400, &n, &rc);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SLOT);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, api_slot_json(&sl[i], true));
    free(sl);
    return resp_json(r, 200, json_pack("{s:s, s:o}", "network", nw->id, "slots", arr));
}

enum problem {
    P_NONE,
    P_FIELDS,
    P_START,
    P_FUTURE,
    P_MINUTES,
    P_PLACE,
    P_CAPACITY,
    P_SCAN,
    P_COUNT
};

static const char *const problems[P_COUNT][LANG_COUNT] = {
    [P_FIELDS] = {"Alleen start, minutes, place en capacity kunnen worden meegegeven.",
                  "Only start, minutes, place and capacity can be given."},
    [P_START] = {"start moet een datum en tijd met verschil tot UTC zijn, bijvoorbeeld "
                 "2026-12-01T09:00:00+01:00.",
                 "start must be a date and time with offset, e.g. 2026-12-01T09:00:00+01:00."},
    [P_FUTURE] = {"start moet in de toekomst liggen, binnen 400 dagen.",
                  "start must lie in the future, within 400 days."},
    [P_MINUTES] = {"minutes moet een heel getal van 15 tot 720 zijn.",
                   "minutes must be a whole number from 15 to 720."},
    [P_PLACE] = {"place moet \"on-site\" zijn of een adres van hoogstens 200 tekens.",
                 "place must be \"on-site\" or an address of at most 200 characters."},
    [P_CAPACITY] = {"capacity moet een heel aantal studententeams van 1 tot 50 zijn.",
                    "capacity must be a whole number of student teams from 1 to 50."},
    [P_SCAN] = {"scan moet een van de scans van je netwerk zijn (zie GET /api/v1/network).",
                "scan must be one of your network's scan types (see GET /api/v1/network)."},
};

static bool int_in(const json_t *v, long min, long max)
{
    return json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max;
}

static enum problem check_slot(const json_t *body, const struct network *nw, struct slot *sl,
                               int64_t now)
{
    static const char *const known[] = {"start", "minutes", "place", "capacity", "scan", NULL};
    if (validate_unknown_key(body, known) != NULL)
        return P_FIELDS;
    const char *start = json_string_value(json_object_get(body, "start"));
    const char *place = json_string_value(json_object_get(body, "place"));
    json_t *minutes = json_object_get(body, "minutes"), *cap = json_object_get(body, "capacity");
    if (start == NULL || !validate_datetime(start, &sl->start, &sl->tz_min))
        return P_START;
    if (sl->start <= now || sl->start > now + SLOT_AHEAD_DAYS * 86400L)
        return P_FUTURE;
    if (!int_in(minutes, SLOT_MINUTES_MIN, SLOT_MINUTES_MAX))
        return P_MINUTES;
    if (place == NULL || !validate_line(place, SLOT_PLACE_CHARS))
        return P_PLACE;
    if (!int_in(cap, 1, SLOT_CAPACITY_MAX))
        return P_CAPACITY;
    /* the scan type: named, or the network's only one */
    const char *scan = json_string_value(json_object_get(body, "scan"));
    json_t *scan_v = json_object_get(body, "scan");
    if (scan_v != NULL && scan == NULL)
        return P_SCAN;
    int si = scan != NULL ? network_scan(nw, scan) : nw->nscans == 1 ? 0 : -1;
    if (si < 0)
        return P_SCAN;
    snprintf(sl->scan, sizeof(sl->scan), "%s", nw->scans[si].id);
    sl->minutes = (int)json_integer_value(minutes);
    sl->capacity = (int)json_integer_value(cap);
    snprintf(sl->place, sizeof(sl->place), "%s", place);
    return P_NONE;
}

int api_network_slot_create(struct req *r)
{
    const struct network *nw = auth_network(r);
    if (nw == NULL)
        return r->status;
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    struct slot sl = {0};
    enum problem p = check_slot(body, nw, &sl, (int64_t)time(NULL));
    json_decref(body);
    if (p != P_NONE)
        return api_fail_msg(r, E_INVALID_FIELDS, problems[p][r->lang == LANG_EN]);
    snprintf(sl.network, sizeof(sl.network), "%s", nw->id);
    enum store_err rc = slot_create(&r->app->durable, &sl);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SLOT);
    resp_header(r, "Location: /api/v1/network/slots/%s", sl.id);
    return resp_json(r, 201, api_slot_json(&sl, true));
}

int api_network_slot_delete(struct req *r)
{
    const struct network *nw = auth_network(r);
    if (nw == NULL)
        return r->status;
    const char *id = r->param[0];
    if (!token_valid(id))
        return api_fail(r, E_UNKNOWN_SLOT);
    enum store_err rc = slot_delete(&r->app->durable, nw->id, id);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_SLOT);
    return resp_no_content(r);
}
