/*
 * api_network.c — the regional networks' own API (Authorization: Bearer
 * <token>; a network sees only its own referrals and slots):
 *   GET    /api/v1/network                        who am I
 *   GET    /api/v1/network/referrals[?status=…]   unacknowledged first
 *   GET    /api/v1/network/referrals.csv          for a spreadsheet
 *   GET    /api/v1/network/referrals/{id}
 *   POST   /api/v1/network/referrals/{id}/status  {"status","note"}: also acknowledges it
 *   DELETE /api/v1/network/referrals/{id}         erasure
 *   GET    /api/v1/network/slots
 *   POST   /api/v1/network/slots                  {"start","minutes","place","capacity"}
 *   DELETE /api/v1/network/slots/{id}             refused while booked
 */
#include "api/api.h"
#include "content/content.h"
#include "domain/csv.h"
#include "store/janitor.h"
#include "store/referral.h"
#include "http/server.h"
#include "domain/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOTE_MAX 2000

static const char *const statuses[] = {"new", "contacted", "scheduled", "done", "declined", NULL};

/* The caller's network, or NULL with 401 set. */
static const struct network *auth(struct req *r)
{
    const char *t = api_bearer(r);
    const struct networks *nets = r->content->networks;
    int ni = t != NULL ? networks_by_token(nets, t, strlen(t)) : -1;
    if (ni < 0) {
        api_unauthorized(r, "zelftest-network",
                         "Log in with your network's API token (Authorization: Bearer <token>).");
        return NULL;
    }
    return &nets->items[ni];
}

static const char *rstr(const json_t *ref, const char *key)
{
    const char *v = json_string_value(json_object_get(ref, key));
    return v != NULL ? v : "";
}

static void iso_time(const char *unix_text, char out[40])
{
    format_datetime(strtoll(unix_text, NULL, 10), 0, out, 40);
}

/* What a network sees of a referral: its fields, without the internals. */
static json_t *public_referral(struct req *r, const json_t *ref, bool with_slot)
{
    char created[40], updated[40];
    iso_time(rstr(ref, "created"), created);
    iso_time(rstr(ref, "updated"), updated);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
                          rstr(ref, "id"), "created", created, "updated", updated, "status",
                          rstr(ref, "status"), "company", rstr(ref, "company"), "contact_name",
                          rstr(ref, "contact_name"), "email", rstr(ref, "email"), "phone",
                          rstr(ref, "phone"), "postcode", rstr(ref, "postcode"), "consent_version",
                          rstr(ref, "consent_version"), "share_answers",
                          strcmp(rstr(ref, "share_answers"), "1") == 0, "note", rstr(ref, "note"),
                          "lang", rstr(ref, "lang"));
    json_t *ack = json_object_get(ref, "acknowledged");
    if (ack != NULL)
        json_object_set(o, "acknowledged", ack);
    json_t *summary = NULL;
    if (rstr(ref, "summary")[0] != '\0')
        summary = json_loads(rstr(ref, "summary"), 0, NULL);
    json_object_set_new(o, "result", summary != NULL ? summary : json_null());
    json_t *slot = json_null();
    const char *sid = rstr(ref, "slot");
    struct slot sl;
    if (sid[0] != '\0') {
        if (with_slot && slot_get(&r->w->durable, sid, &sl) == REF_OK)
            slot = slot_json(&sl, true);
        else
            slot = json_pack("{s:s}", "id", sid);
    }
    json_object_set_new(o, "slot", slot);
    return o;
}

static int ref_error(struct req *r, enum ref_rc rc)
{
    if (rc == REF_UNAVAILABLE)
        return api_unavailable(r);
    if (rc == REF_NOT_FOUND)
        return resp_error(r, 404, "unknown_referral", "There is no referral with this id.");
    return resp_error(r, 500, "internal", "Internal error.");
}

int api_network_me(struct req *r)
{
    const struct network *nw = auth(r);
    if (nw == NULL)
        return r->status;
    return resp_json(
        r, 200, json_pack("{s:s, s:s, s:s}", "id", nw->id, "name", nw->name, "place", nw->place));
}

/* Unacknowledged first, then newest first. */
static int by_ack_then_created(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    int ax = json_is_true(json_object_get(x, "acknowledged")),
        ay = json_is_true(json_object_get(y, "acknowledged"));
    if (ax != ay)
        return ax - ay;
    long long cx = strtoll(rstr(x, "created"), NULL, 10),
              cy = strtoll(rstr(y, "created"), NULL, 10);
    return cx < cy ? 1 : cx > cy ? -1 : strcmp(rstr(x, "id"), rstr(y, "id"));
}

/* The network's referrals, sorted and filtered; NULL with the response set. */
static json_t *load_referrals(struct req *r, const struct network *nw, const char *status)
{
    enum ref_rc rc;
    json_t *all = referral_list(&r->w->durable, nw->id, 10000, &rc);
    if (all == NULL) {
        ref_error(r, rc);
        return NULL;
    }
    size_t n = json_array_size(all), k = 0;
    json_t **v = calloc(n + 1, sizeof(*v));
    if (v == NULL) {
        json_decref(all);
        resp_error(r, 503, "unavailable", "Out of memory.");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(all, i);
        if (status == NULL || strcmp(rstr(x, "status"), status) == 0)
            v[k++] = x;
    }
    qsort(v, k, sizeof(*v), by_ack_then_created);
    json_t *out = json_array();
    for (size_t i = 0; i < k; i++)
        json_array_append(out, v[i]);
    free(v);
    json_decref(all);
    return out;
}

static int status_param(struct req *r, char *buf, size_t cap, const char **status)
{
    *status = NULL;
    int got = req_query(r, "status", buf, cap);
    if (got == 0)
        return 0;
    for (size_t i = 0; got > 0 && statuses[i] != NULL; i++)
        if (strcmp(statuses[i], buf) == 0) {
            *status = statuses[i];
            return 0;
        }
    return resp_error(r, 400, "bad_status",
                      "status must be new, contacted, scheduled, done or declined.");
}

int api_network_referrals(struct req *r)
{
    const struct network *nw = auth(r);
    const char *status;
    char buf[16];
    if (nw == NULL || status_param(r, buf, sizeof(buf), &status) != 0)
        return r->status;
    json_t *list = load_referrals(r, nw, status);
    if (list == NULL)
        return r->status;
    json_t *out = json_array();
    size_t unack = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *x = json_array_get(list, i);
        unack += !json_is_true(json_object_get(x, "acknowledged"));
        json_array_append_new(out, public_referral(r, x, false));
    }
    json_decref(list);
    return resp_json(r, 200,
                     json_pack("{s:s, s:o, s:I}", "network", nw->id, "referrals", out,
                               "unacknowledged", (json_int_t)unack));
}

int api_network_referrals_csv(struct req *r)
{
    const struct network *nw = auth(r);
    const char *status;
    char buf[16], delim[16];
    if (nw == NULL || status_param(r, buf, sizeof(buf), &status) != 0)
        return r->status;
    char sep = ';'; /* what Dutch spreadsheet programs expect */
    int got = req_query(r, "delimiter", delim, sizeof(delim));
    if (got != 0) {
        if (got > 0 && strcmp(delim, "comma") == 0)
            sep = ',';
        else if (got < 0 || strcmp(delim, "semicolon") != 0)
            return resp_error(r, 400, "bad_delimiter", "delimiter must be comma or semicolon.");
    }
    json_t *list = load_referrals(r, nw, status);
    if (list == NULL)
        return r->status;
    struct csv c;
    csv_init(&c, sep, 1);
    static const char *const head[] = {"id",           "created", "status",  "company",
                                       "contact_name", "email",   "phone",   "postcode",
                                       "slot_start",   "level",   "urgency", "note"};
    for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
        csv_field(&c, head[i]);
    csv_row_end(&c);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *x = public_referral(r, json_array_get(list, i), true);
        char urgency[12] = "";
        json_t *res = json_object_get(x, "result");
        if (json_is_object(res))
            snprintf(urgency, sizeof(urgency), "%lld",
                     (long long)json_integer_value(json_object_get(res, "urgency")));
        const char *fields[] = {
            rstr(x, "id"),
            rstr(x, "created"),
            rstr(x, "status"),
            rstr(x, "company"),
            rstr(x, "contact_name"),
            rstr(x, "email"),
            rstr(x, "phone"),
            rstr(x, "postcode"),
            json_string_value(json_object_get(json_object_get(x, "slot"), "start")),
            json_is_object(res) ? json_string_value(json_object_get(res, "level")) : "",
            urgency,
            rstr(x, "note")};
        for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
            csv_field(&c, fields[k]);
        csv_row_end(&c);
        json_decref(x);
    }
    json_decref(list);
    size_t len;
    char *body = csv_take(&c, &len);
    if (body == NULL)
        return resp_error(r, 503, "unavailable", "Out of memory.");
    resp_header(r, "Content-Disposition: attachment; filename=\"zelftest-%s.csv\"", nw->id);
    return resp_raw(r, 200, "text/csv; charset=utf-8", body, len);
}

/* Path parameter as a referral id; 0 or 404 (an id of the wrong shape cannot exist). */
static int ref_id_param(struct req *r, const char **id)
{
    *id = r->param[0];
    if (!token_valid(*id))
        return resp_error(r, 404, "unknown_referral", "There is no referral with this id.");
    return 0;
}

/* Loads a referral of this network; another network's is "not found". */
static json_t *own_referral(struct req *r, const struct network *nw, const char *id)
{
    enum ref_rc rc;
    json_t *ref = referral_get(&r->w->durable, id, &rc);
    if (ref != NULL && strcmp(rstr(ref, "network"), nw->id) != 0) {
        json_decref(ref);
        ref = NULL;
        rc = REF_NOT_FOUND;
    }
    if (ref == NULL)
        ref_error(r, rc);
    return ref;
}

int api_network_referral_get(struct req *r)
{
    const struct network *nw = auth(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    json_t *ref = own_referral(r, nw, id);
    if (ref == NULL)
        return r->status;
    json_t *out = public_referral(r, ref, true);
    json_decref(ref);
    return resp_json(r, 200, out);
}

int api_network_referral_status(struct req *r)
{
    const struct network *nw = auth(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    const char *status = json_string_value(json_object_get(body, "status"));
    json_t *note_j = json_object_get(body, "note");
    const char *note = note_j != NULL ? json_string_value(note_j) : "";
    bool ok_status = false;
    for (size_t i = 1; status != NULL && statuses[i] != NULL; i++) /* not back to "new" */
        ok_status |= strcmp(statuses[i], status) == 0;
    const char *key;
    json_t *v;
    bool extra = false;
    json_object_foreach(body, key, v) extra |=
        strcmp(key, "status") != 0 && strcmp(key, "note") != 0;
    if (!ok_status || note == NULL || !validate_note(note, NOTE_MAX) || extra) {
        json_decref(body);
        return resp_error(r, 422, "invalid_fields",
                          !ok_status ? "status must be contacted, scheduled, done or declined."
                          : extra    ? "Only \"status\" and \"note\" can be given."
                                     : "note must be text of at most 2000 bytes.");
    }
    enum ref_rc rc = referral_set_status(
        &r->w->durable, id, nw->id, status, note, (int64_t)time(NULL),
        r->w->cfg->retention_done_days * 86400, r->w->cfg->retention_max_days * 86400);
    json_decref(body);
    if (rc != REF_OK)
        return ref_error(r, rc);
    json_t *ref = own_referral(r, nw, id);
    if (ref == NULL)
        return r->status;
    json_object_set_new(ref, "acknowledged", json_true());
    json_t *out = public_referral(r, ref, true);
    json_decref(ref);
    return resp_json(r, 200, out);
}

int api_network_referral_delete(struct req *r)
{
    const struct network *nw = auth(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    enum ref_rc rc = referral_erase(&r->w->durable, id, nw->id);
    if (rc != REF_OK)
        return ref_error(r, rc);
    janitor_request_rewrite();
    r->status = 204;
    return 204;
}

/* ---------- slots ---------- */

int api_network_slots(struct req *r)
{
    const struct network *nw = auth(r);
    if (nw == NULL)
        return r->status;
    size_t n;
    enum ref_rc rc;
    /* the coming ones and those of the last 30 days */
    struct slot *sl = slot_list(&r->w->durable, nw->id, (int64_t)time(NULL) - 30 * 86400, &n, &rc);
    if (rc != REF_OK)
        return ref_error(r, rc);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, slot_json(&sl[i], true));
    free(sl);
    return resp_json(r, 200, json_pack("{s:s, s:o}", "network", nw->id, "slots", arr));
}

int api_network_slot_create(struct req *r)
{
    const struct network *nw = auth(r);
    if (nw == NULL)
        return r->status;
    json_t *body;
    int st = req_json(r, &body, false);
    if (st != 0)
        return st;
    struct slot sl = {0};
    const char *start = json_string_value(json_object_get(body, "start"));
    const char *place = json_string_value(json_object_get(body, "place"));
    json_t *minutes = json_object_get(body, "minutes"), *cap = json_object_get(body, "capacity");
    int64_t now = (int64_t)time(NULL);
    const char *problem = NULL;
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v) if (strcmp(key, "start") && strcmp(key, "minutes") &&
                                          strcmp(key, "place") && strcmp(key, "capacity")) problem =
        "Only start, minutes, place and capacity can be given.";
    if (problem == NULL && (start == NULL || !validate_datetime(start, &sl.start, &sl.tz_min)))
        problem = "start must be a date and time with offset, e.g. 2026-12-01T09:00:00+01:00.";
    else if (problem == NULL && (sl.start <= now || sl.start > now + 400 * 86400))
        problem = "start must lie in the future, within 400 days.";
    else if (problem == NULL && (!json_is_integer(minutes) || json_integer_value(minutes) < 15 ||
                                 json_integer_value(minutes) > 720))
        problem = "minutes must be a whole number from 15 to 720.";
    else if (problem == NULL && (place == NULL || !validate_line(place, SLOT_PLACE_MAX)))
        problem = "place must be \"on-site\" or an address of at most 200 characters.";
    else if (problem == NULL &&
             (!json_is_integer(cap) || json_integer_value(cap) < 1 || json_integer_value(cap) > 50))
        problem = "capacity must be a whole number of student teams from 1 to 50.";
    if (problem != NULL) {
        json_decref(body);
        return resp_error(r, 422, "invalid_fields", problem);
    }
    sl.minutes = (int)json_integer_value(minutes);
    sl.capacity = (int)json_integer_value(cap);
    snprintf(sl.place, sizeof(sl.place), "%s", place);
    snprintf(sl.network, sizeof(sl.network), "%s", nw->id);
    json_decref(body);
    enum ref_rc rc = slot_create(&r->w->durable, &sl);
    if (rc != REF_OK)
        return ref_error(r, rc);
    resp_header(r, "Location: /api/v1/network/slots/%s", sl.id);
    return resp_json(r, 201, slot_json(&sl, true));
}

int api_network_slot_delete(struct req *r)
{
    const struct network *nw = auth(r);
    if (nw == NULL)
        return r->status;
    const char *id = r->param[0];
    if (!token_valid(id))
        return resp_error(r, 404, "unknown_slot", "There is no slot with this id.");
    enum ref_rc rc = slot_delete(&r->w->durable, nw->id, id);
    if (rc == REF_SLOT_BOOKED)
        return resp_error(
            r, 409, "slot_booked",
            "This slot is booked; it cannot be deleted while businesses count on it.");
    if (rc == REF_NOT_FOUND)
        return resp_error(r, 404, "unknown_slot", "There is no slot with this id.");
    if (rc != REF_OK)
        return ref_error(r, rc);
    r->status = 204;
    return 204;
}
