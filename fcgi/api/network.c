/*
 * network.c — the regional networks' own API (Authorization: Bearer
 * <token>; a network sees only its own referrals and slots):
 *   GET    /api/v1/network                        who am I
 *   GET    /api/v1/network/referrals[?status=…]   unacknowledged first
 *   GET    /api/v1/network/referrals.csv          for a spreadsheet
 *   GET    /api/v1/network/referrals/{id}
 *   POST   /api/v1/network/referrals/{id}/status  {"status","note"}: also acknowledges it
 *   DELETE /api/v1/network/referrals/{id}         erasure
 * (the slots: slots.c)
 */
#include "api/api.h"

#include "api/auth.h"
#include "domain/calendar.h"
#include "domain/csv.h"
#include "domain/validate.h"
#include "store/janitor.h"
#include "store/referral.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOTE_CHARS 2000

static const char *const statuses[] = {"new", "contacted", "scheduled", "done", "declined", NULL};

static void iso_time(const char *unix_text, char out[CALENDAR_TIME_TEXT])
{
    calendar_format_time(strtoll(unix_text, NULL, 10), 0, out);
}

/* What a network sees of a referral: its fields, without the internals. */
static json_t *public_referral(struct req *r, const json_t *ref, bool with_slot)
{
    char created[CALENDAR_TIME_TEXT], updated[CALENDAR_TIME_TEXT];
    iso_time(api_str(ref, "created"), created);
    iso_time(api_str(ref, "updated"), updated);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
                  api_str(ref, "id"), "created", created, "updated", updated, "status",
                  api_str(ref, "status"), "company", api_str(ref, "company"), "contact_name",
                  api_str(ref, "contact_name"), "email", api_str(ref, "email"), "phone",
                  api_str(ref, "phone"), "postcode", api_str(ref, "postcode"), "consent_version",
                  api_str(ref, "consent_version"), "share_answers",
                  strcmp(api_str(ref, "share_answers"), "1") == 0, "note", api_str(ref, "note"),
                  "lang", api_str(ref, "lang"));
    /* the scan type asked for, the agreement accepted, and why the respondent came here */
    json_object_set_new(o, "scan", json_string(api_str(ref, "scan")));
    json_object_set_new(o, "agreement_version", json_string(api_str(ref, "agreement_version")));
    json_object_set_new(o, "reason", json_string(api_str(ref, "reason")));
    json_t *ack = json_object_get(ref, "acknowledged");
    if (ack != NULL)
        json_object_set(o, "acknowledged", ack);
    json_t *summary = NULL;
    if (api_str(ref, "summary")[0] != '\0')
        summary = json_loads(api_str(ref, "summary"), 0, NULL);
    json_object_set_new(o, "result", summary != NULL ? summary : json_null());
    json_t *slot = json_null();
    const char *sid = api_str(ref, "slot");
    struct slot sl;
    if (sid[0] != '\0') {
        if (with_slot && slot_get(&r->app->durable, sid, &sl) == STORE_OK)
            slot = api_slot_json(&sl, true);
        else
            slot = json_pack("{s:s}", "id", sid);
    }
    json_object_set_new(o, "slot", slot);
    return o;
}

int api_network_me(struct req *r)
{
    const struct network *nw = auth_network(r);
    if (nw == NULL)
        return r->status;
    int lang = r->lang;
    json_t *scans = json_array();
    for (size_t i = 0; i < nw->nscans; i++)
        json_array_append_new(scans,
                              api_scan_json(r->content->networks, &nw->scans[i], (enum lang)lang));
    return resp_json(r, 200,
                     json_pack("{s:s, s:s, s:s, s:o}", "id", nw->id, "name", nw->name, "place",
                               nw->place, "scans", scans));
}

/* Unacknowledged first, then newest first. */
static int by_ack_then_created(const void *a, const void *b)
{
    const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
    int ax = json_is_true(json_object_get(x, "acknowledged")),
        ay = json_is_true(json_object_get(y, "acknowledged"));
    if (ax != ay)
        return ax - ay;
    long long cx = strtoll(api_str(x, "created"), NULL, 10),
              cy = strtoll(api_str(y, "created"), NULL, 10);
    return cx < cy ? 1 : cx > cy ? -1 : strcmp(api_str(x, "id"), api_str(y, "id"));
}

/* The network's referrals, sorted and filtered; NULL with the response set. */
static json_t *load_referrals(struct req *r, const struct network *nw, const char *status)
{
    enum store_err rc;
    json_t *all = referral_list(&r->app->durable, nw->id, REFERRAL_LIST_MAX, &rc);
    if (all == NULL) {
        api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
        return NULL;
    }
    size_t n = json_array_size(all), k = 0;
    json_t **v = calloc(n + 1, sizeof(*v));
    if (v == NULL) {
        json_decref(all);
        api_fail(r, E_UNAVAILABLE);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(all, i);
        if (status == NULL || strcmp(api_str(x, "status"), status) == 0)
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
    return api_fail(r, E_BAD_STATUS_FILTER);
}

int api_network_referrals(struct req *r)
{
    const struct network *nw = auth_network(r);
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
    const struct network *nw = auth_network(r);
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
            return api_fail(r, E_BAD_DELIMITER);
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
            api_str(x, "id"),
            api_str(x, "created"),
            api_str(x, "status"),
            api_str(x, "company"),
            api_str(x, "contact_name"),
            api_str(x, "email"),
            api_str(x, "phone"),
            api_str(x, "postcode"),
            json_string_value(json_object_get(json_object_get(x, "slot"), "start")),
            json_is_object(res) ? json_string_value(json_object_get(res, "level")) : "",
            urgency,
            api_str(x, "note")};
        for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
            csv_field(&c, fields[k]);
        csv_row_end(&c);
        json_decref(x);
    }
    json_decref(list);
    size_t len;
    char *body = csv_take(&c, &len);
    if (body == NULL)
        return api_fail(r, E_UNAVAILABLE);
    resp_header(r, "Content-Disposition: attachment; filename=\"zelftest-%s.csv\"", nw->id);
    return resp_raw(r, 200, "text/csv; charset=utf-8", body, len);
}

/* Path parameter as a referral id; 0 or 404 (an id of the wrong shape cannot exist). */
static int ref_id_param(struct req *r, const char **id)
{
    *id = r->param[0];
    if (!token_valid(*id))
        return api_fail(r, E_UNKNOWN_REFERRAL);
    return 0;
}

/* Loads a referral of this network; another network's is "not found". */
static json_t *own_referral(struct req *r, const struct network *nw, const char *id)
{
    enum store_err rc;
    json_t *ref = referral_get(&r->app->durable, id, &rc);
    if (ref != NULL && strcmp(api_str(ref, "network"), nw->id) != 0) {
        json_decref(ref);
        ref = NULL;
        rc = STORE_NOT_FOUND;
    }
    if (ref == NULL)
        api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    return ref;
}

int api_network_referral_get(struct req *r)
{
    const struct network *nw = auth_network(r);
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
    const struct network *nw = auth_network(r);
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
    bool ok_status = validate_one_of(status, statuses + 1); /* not back to "new" */
    static const char *const known[] = {"status", "note", NULL};
    bool extra = validate_unknown_key(body, known) != NULL;
    if (!ok_status || note == NULL || !validate_note(note, NOTE_CHARS) || extra) {
        json_decref(body);
        bool en = r->lang == LANG_EN;
        return api_fail_msg(
            r, E_INVALID_FIELDS,
            !ok_status ? (en ? "status must be contacted, scheduled, done or declined."
                             : "status moet contacted, scheduled, done of declined zijn.")
            : extra    ? (en ? "Only \"status\" and \"note\" can be given."
                             : "Alleen \"status\" en \"note\" kunnen worden meegegeven.")
                       : (en ? "note must be text of at most 2000 characters."
                             : "note moet tekst van hoogstens 2000 tekens zijn."));
    }
    enum store_err rc;
    json_t *ref = referral_set_status(&r->app->durable, id, nw->id, status, note,
                                      (int64_t)time(NULL), r->app->cfg->retention_done_days * 86400,
                                      r->app->cfg->retention_max_days * 86400, &rc);
    json_decref(body);
    if (ref == NULL)
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    json_object_set_new(ref, "acknowledged", json_true());
    json_t *out = public_referral(r, ref, true);
    json_decref(ref);
    return resp_json(r, 200, out);
}

int api_network_referral_delete(struct req *r)
{
    const struct network *nw = auth_network(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    enum store_err rc = referral_erase(&r->app->durable, id, nw->id);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    janitor_request_rewrite();
    return resp_no_content(r);
}
