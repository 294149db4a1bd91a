/*
 * network.c — the regional networks' own API (Authorization: Bearer
 * <token>; a network sees only its own referrals and slots):
 *   GET    /api/v1/network                        who am I
 *   GET    /api/v1/network/referrals[?status=…]   unacknowledged first
 *   GET    /api/v1/network/referrals.csv          for a spreadsheet
 *   GET    /api/v1/network/referrals/{id}
 *   POST   /api/v1/network/referrals/{id}/status  {"status","note"}: also acknowledges it
 *   DELETE /api/v1/network/referrals/{id}         erasure
 *   PUT    /api/v1/network/referrals/{id}/booking {"slot"}: plan or move its slot
 *   DELETE /api/v1/network/referrals/{id}/booking cancel its slot (the referral stays)
 *   (each change of the booking e-mails the respondent an updated invitation)
 * (the slots: slots.c)
 */
#include "api/api.h"

#include "api/auth.h"
#include "domain/calendar.h"
#include "domain/csv.h"
#include "domain/validate.h"
#include "mail/sender.h"
#include "store/janitor.h"
#include "store/referral.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOTE_CHARS 2000

#define AUTHOR_CHARS 60

/* the statuses a referral can have (a filter may ask for each); a network sets all but the first */
static const char *const statuses[] = {"new",      "contacted", "scheduled", "done",
                                       "declined", "withdrawn", NULL};
static const char *const settable[] = {"contacted", "scheduled", "done", "declined", NULL};

static void iso_time(const char *unix_text, char out[CALENDAR_TIME_TEXT])
{
    calendar_format_time(strtoll(unix_text, NULL, 10), 0, out);
}

/* The labels of one stored answer (an option id, a list of them, a postcode, or null). */
static json_t *answer_labels(const struct qn_question *q, const json_t *v, enum lang l)
{
    json_t *out = json_array();
    if (json_is_null(v)) {
        json_array_append_new(out, json_string(l == LANG_EN ? "(not given)" : "(niet ingevuld)"));
        return out;
    }
    if (q->type == QN_POSTCODE) {
        json_array_append_new(out, json_string(json_is_string(v) ? json_string_value(v) : ""));
        return out;
    }
    for (size_t i = 0; i < q->noptions; i++) {
        bool chosen =
            json_is_string(v) ? strcmp(json_string_value(v), q->options[i].id) == 0 : false;
        for (size_t k = 0; json_is_array(v) && k < json_array_size(v) && !chosen; k++)
            chosen = json_is_string(json_array_get(v, k)) &&
                     strcmp(json_string_value(json_array_get(v, k)), q->options[i].id) == 0;
        if (chosen)
            json_array_append_new(out, json_string(q->options[i].label.s[l]));
    }
    return out;
}

/*
 * A shared result in words, from the questionnaire version it was given in:
 * the profile (sector, size, …) and every answer with its question and
 * principle, so a coordinator can prepare a team.  Adds "profile" and
 * "questions" to `result`; nothing when that version is no longer loaded.
 */
static void readable_result(struct req *r, json_t *result)
{
    const char *ver = json_string_value(json_object_get(result, "questionnaire_version"));
    const struct qn *qn = ver != NULL ? content_qn_version(r->content, ver) : NULL;
    json_t *answers = json_object_get(result, "answers");
    if (qn == NULL || !json_is_object(answers))
        return;
    enum lang l = (enum lang)r->lang;
    json_t *profile = json_array(), *questions = json_array();
    for (size_t k = 0; k < qn->nquestions; k++) {
        const struct qn_question *q = &qn->questions[k];
        json_t *v = json_object_get(answers, q->id);
        if (v == NULL)
            continue;
        json_t *item = json_pack("{s:s, s:s, s:o}", "id", q->id, "question", q->text.s[l], "answer",
                                 answer_labels(q, v, l));
        if (q->principle >= 0) {
            json_object_set_new(item, "principle", json_string(qn->principles[q->principle].id));
            json_object_set_new(item, "principle_title",
                                json_string(qn->principles[q->principle].title.s[l]));
            json_array_append_new(questions, item);
        } else
            json_array_append_new(profile, item);
    }
    json_object_set_new(result, "profile", profile);
    json_object_set_new(result, "questions", questions);
}

/* What a network sees of a withdrawn referral: that it was, and when; nothing personal. */
static json_t *tombstone(const json_t *ref)
{
    char created[CALENDAR_TIME_TEXT], withdrawn[CALENDAR_TIME_TEXT], slot[CALENDAR_TIME_TEXT] = "";
    iso_time(api_str(ref, "created"), created);
    iso_time(api_str(ref, "withdrawn"), withdrawn);
    if (api_str(ref, "slot_start")[0] != '\0')
        iso_time(api_str(ref, "slot_start"), slot);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:o}", "id", api_str(ref, "id"),
                  "status", "withdrawn", "created", created, "updated", withdrawn, "withdrawn",
                  withdrawn, "tombstone", true, "acknowledged", true, "scan", api_str(ref, "scan"),
                  "slot_start", slot[0] != '\0' ? json_string(slot) : json_null());
    json_object_set_new(o, "status_before", json_string(api_str(ref, "was")));
    return o;
}

enum { PR_LIST = 0, PR_SLOT = 1, PR_HISTORY = 2 };

/*
 * What a network sees of a referral: its fields, without the internals, and
 * a shared result in words; with PR_SLOT its slot in full, with PR_HISTORY
 * its history.
 */
static json_t *public_referral(struct req *r, const json_t *ref, int what)
{
    if (strcmp(api_str(ref, "tomb"), "1") == 0)
        return tombstone(ref);
    char created[CALENDAR_TIME_TEXT], updated[CALENDAR_TIME_TEXT], national[20];
    iso_time(api_str(ref, "created"), created);
    iso_time(api_str(ref, "updated"), updated);
    validate_phone_nl_national(api_str(ref, "phone"), national);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id",
                  api_str(ref, "id"), "created", created, "updated", updated, "status",
                  api_str(ref, "status"), "company", api_str(ref, "company"), "contact_name",
                  api_str(ref, "contact_name"), "email", api_str(ref, "email"), "phone",
                  api_str(ref, "phone"), "postcode", api_str(ref, "postcode"), "consent_version",
                  api_str(ref, "consent_version"), "share_answers",
                  strcmp(api_str(ref, "share_answers"), "1") == 0, "note", api_str(ref, "note"),
                  "lang", api_str(ref, "lang"));
    json_object_set_new(o, "phone_national", json_string(national));
    /* the scan type asked for, the agreement accepted, and why the respondent came here */
    json_object_set_new(o, "scan", json_string(api_str(ref, "scan")));
    json_object_set_new(o, "agreement_version", json_string(api_str(ref, "agreement_version")));
    json_object_set_new(o, "reason", json_string(api_str(ref, "reason")));
    /* the campaign page the respondent came through */
    const char *cid = api_str(ref, "campaign");
    int ci = cid[0] != '\0' ? campaign_find(r->content->campaigns, cid) : -1;
    json_object_set_new(o, "campaign",
                        cid[0] == '\0'
                            ? json_null()
                            : json_pack("{s:s, s:s}", "id", cid, "name",
                                        ci >= 0 ? r->content->campaigns->items[ci].name : cid));
    json_t *ack = json_object_get(ref, "acknowledged");
    if (ack != NULL)
        json_object_set(o, "acknowledged", ack);
    json_t *summary = NULL;
    if (api_str(ref, "summary")[0] != '\0')
        summary = json_loads(api_str(ref, "summary"), 0, NULL);
    if (summary != NULL && what != PR_LIST)
        readable_result(r, summary);
    json_object_set_new(o, "result", summary != NULL ? summary : json_null());
    json_t *slot = json_null();
    const char *sid = api_str(ref, "slot");
    struct slot sl;
    if (sid[0] != '\0') {
        if ((what & PR_SLOT) && slot_get(&r->app->durable, sid, &sl) == STORE_OK)
            slot = api_slot_json(&sl, true);
        else
            slot = json_pack("{s:s}", "id", sid);
    }
    json_object_set_new(o, "slot", slot);
    /* what the students found, once recorded; and whether the owner wants a re-test */
    json_t *outcome = NULL;
    if (api_str(ref, "outcome")[0] != '\0')
        outcome = json_loads(api_str(ref, "outcome"), 0, NULL);
    json_object_set_new(o, "outcome", outcome != NULL ? outcome : json_null());
    json_object_set_new(o, "retest", json_boolean(strcmp(api_str(ref, "retest"), "1") == 0));
    if (what & PR_HISTORY) {
        enum store_err rc;
        json_t *hist = referral_history(&r->app->durable, api_str(ref, "id"), &rc);
        for (size_t i = 0; hist != NULL && i < json_array_size(hist); i++) {
            json_t *e = json_array_get(hist, i);
            char at[CALENDAR_TIME_TEXT];
            calendar_format_time((int64_t)json_integer_value(json_object_get(e, "at")), 0, at);
            json_object_set_new(e, "at", json_string(at));
        }
        json_object_set_new(o, "history", hist != NULL ? hist : json_array());
    }
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
    /* the exact counts, also when the list stops at REFERRAL_LIST_MAX: nothing is hidden silently
     */
    long long total = 0, unack = 0;
    enum store_err rc = referral_counts(&r->app->durable, nw->id, &total, &unack);
    if (rc != STORE_OK) {
        json_decref(list);
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    }
    json_t *out = json_array();
    for (size_t i = 0; i < json_array_size(list); i++)
        json_array_append_new(out, public_referral(r, json_array_get(list, i), PR_LIST));
    json_decref(list);
    return resp_json(r, 200,
                     json_pack("{s:s, s:o, s:I, s:I, s:b}", "network", nw->id, "referrals", out,
                               "unacknowledged", (json_int_t)unack, "total", (json_int_t)total,
                               "truncated", total > REFERRAL_LIST_MAX));
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
    static const char *const head[] = {"id",       "created", "status",   "company", "contact_name",
                                       "email",    "phone",   "postcode", "scan",    "slot_start",
                                       "campaign", "level",   "urgency",  "note"};
    for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
        csv_field(&c, head[i]);
    csv_row_end(&c);
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *x = public_referral(r, json_array_get(list, i), PR_SLOT);
        char urgency[12] = "";
        json_t *res = json_object_get(x, "result");
        if (json_is_object(res))
            snprintf(urgency, sizeof(urgency), "%lld",
                     (long long)json_integer_value(json_object_get(res, "urgency")));
        const char *fields[] = {
            api_str(x, "id"), api_str(x, "created"), api_str(x, "status"), api_str(x, "company"),
            api_str(x, "contact_name"), api_str(x, "email"),
            /* "06 12345678": text to a spreadsheet, no formula, the 0 kept */
            api_str(x, "phone_national"), api_str(x, "postcode"), api_str(x, "scan"),
            json_string_value(json_object_get(json_object_get(x, "slot"), "start")),
            json_string_value(json_object_get(json_object_get(x, "campaign"), "id")),
            json_is_object(res) ? json_string_value(json_object_get(res, "level")) : "", urgency,
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

/* 200 with the referral as the dashboard's detail shows it */
static int referral_detail(struct req *r, const struct network *nw, const char *id)
{
    json_t *ref = own_referral(r, nw, id);
    if (ref == NULL)
        return r->status;
    json_t *out = public_referral(r, ref, PR_SLOT | PR_HISTORY);
    json_decref(ref);
    return resp_json(r, 200, out);
}

/* The network, the referral id in the path and the JSON body of a change; non-zero: answered. */
static int change_request(struct req *r, const struct network **nw, const char **id, json_t **body)
{
    *nw = auth_network(r);
    if (*nw == NULL || ref_id_param(r, id) != 0)
        return r->status;
    return req_json(r, body, false);
}

int api_network_referral_get(struct req *r)
{
    const struct network *nw = auth_network(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    return referral_detail(r, nw, id);
}

int api_network_referral_status(struct req *r)
{
    const struct network *nw = NULL;
    const char *id = NULL;
    json_t *body = NULL;
    int st = change_request(r, &nw, &id, &body);
    if (st != 0)
        return st;
    /* a status, a note, or both: saving a note never changes the status */
    json_t *status_j = json_object_get(body, "status"), *note_j = json_object_get(body, "note"),
           *author_j = json_object_get(body, "author");
    const char *status = status_j != NULL ? json_string_value(status_j) : "";
    const char *note = note_j != NULL ? json_string_value(note_j) : "";
    const char *author = author_j != NULL ? json_string_value(author_j) : "";
    bool ok_status = status != NULL && (status[0] == '\0' || validate_one_of(status, settable));
    static const char *const known[] = {"status", "note", "author", NULL};
    bool extra = validate_unknown_key(body, known) != NULL;
    bool ok_author =
        author != NULL && validate_note(author, AUTHOR_CHARS) && strpbrk(author, "\r\n") == NULL;
    bool nothing = ok_status && note != NULL && status[0] == '\0' && note[0] == '\0';
    if (!ok_status || note == NULL || !validate_note(note, NOTE_CHARS) || extra || !ok_author ||
        nothing) {
        json_decref(body);
        bool en = r->lang == LANG_EN;
        return api_fail_msg(
            r, E_INVALID_FIELDS,
            !ok_status   ? (en ? "status must be contacted, scheduled, done or declined."
                               : "status moet contacted, scheduled, done of declined zijn.")
            : extra      ? (en ? "Only \"status\", \"note\" and \"author\" can be given."
                               : "Alleen \"status\", \"note\" en \"author\" kunnen worden "
                                 "meegegeven.")
            : !ok_author ? (en ? "author must be a name of at most 60 characters on one line."
                               : "author moet een naam van hoogstens 60 tekens op één regel zijn.")
            : nothing    ? (en ? "Give a new status, a note, or both."
                               : "Geef een nieuwe status, een notitie of allebei.")
                         : (en ? "note must be text of at most 2000 characters."
                               : "note moet tekst van hoogstens 2000 tekens zijn."));
    }
    enum store_err rc;
    json_t *ref = referral_set_status(&r->app->durable, id, nw->id, status, note, author,
                                      (int64_t)time(NULL), r->app->cfg->retention_done_days * 86400,
                                      r->app->cfg->retention_max_days * 86400, &rc);
    json_decref(body);
    if (ref == NULL)
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    json_object_set_new(ref, "acknowledged", json_true());
    json_t *out = public_referral(r, ref, PR_SLOT | PR_HISTORY);
    json_decref(ref);
    return resp_json(r, 200, out);
}

int api_network_referral_delete(struct req *r)
{
    const struct network *nw = auth_network(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    /* erasure on request: no mail (the respondent's data is gone, the network did it), no tombstone
     */
    enum store_err rc =
        referral_erase(&r->app->durable, id, nw->id, (int64_t)time(NULL), 0, NULL, 0);
    if (rc != STORE_OK)
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    janitor_request_rewrite();
    return resp_no_content(r);
}

/* ---------- the booking: planned, moved or cancelled by the network ---------- */

/*
 * Moves the referral to `slot` (or cancels its slot, `slot` "") with the
 * mail that tells the respondent, made for the referral as read: when it
 * changed in between (its sequence moved), it is read again.
 * STORE_UNCHANGED: it was so already.
 */
enum store_err api_booking_apply(struct req *r, const struct network *nw, const char *id,
                                 const char *slot)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        enum store_err rc;
        json_t *ref = referral_get(&r->app->durable, id, &rc);
        if (ref == NULL)
            return rc;
        if (strcmp(api_str(ref, "network"), nw->id) != 0) {
            json_decref(ref);
            return STORE_NOT_FOUND;
        }
        if (strcmp(api_str(ref, "tomb"), "1") == 0) {
            json_decref(ref);
            return STORE_WITHDRAWN;
        }
        struct slot old, next;
        struct mail_facts mf;
        bool facts = api_mail_facts(r, ref, NULL, &old, &mf) == 0;
        int seq = (int)strtol(api_str(ref, "seq"), NULL, 10);
        if (slot[0] != '\0') {
            enum store_err src = slot_get(&r->app->durable, slot, &next);
            bool other_scan = src == STORE_OK && api_str(ref, "scan")[0] != '\0' &&
                              strcmp(next.scan, api_str(ref, "scan")) != 0;
            if (src == STORE_OK && (strcmp(next.network, nw->id) != 0 || other_scan))
                src = STORE_SLOT_GONE;
            if (src != STORE_OK) {
                json_decref(ref);
                return src == STORE_NOT_FOUND ? STORE_SLOT_GONE : src;
            }
        }
        struct mail_rec mails[OUTBOX_MAX_MAILS];
        size_t n = 0;
        bool moved = slot[0] != '\0' && strcmp(slot, api_str(ref, "slot")) != 0;
        if (facts && moved) {
            mf.seq = seq + 1;
            mf.slot = &next;
            n = compose_rescheduled(&mf, mails);
        } else if (facts && slot[0] == '\0' && mf.slot != NULL) {
            mf.seq = seq + 1;
            n = compose_cancelled(&mf, mails);
        }
        int new_seq = seq;
        rc = referral_booking_change(&r->app->durable, id, nw->id, slot, seq, (int64_t)time(NULL),
                                     mails, n, &new_seq);
        outbox_free(mails, n);
        json_decref(ref);
        if (rc == STORE_CONFLICT)
            continue;
        if (rc == STORE_OK)
            mail_wake();
        return rc;
    }
    return STORE_UNAVAILABLE;
}

static int booking_change(struct req *r, const struct network *nw, const char *id, const char *slot)
{
    enum store_err rc = api_booking_apply(r, nw, id, slot);
    if (rc != STORE_OK && rc != STORE_UNCHANGED)
        return api_store_fail(r, rc, E_UNKNOWN_REFERRAL);
    return referral_detail(r, nw, id);
}

int api_network_booking_set(struct req *r)
{
    const struct network *nw = NULL;
    const char *id = NULL;
    json_t *body = NULL;
    int st = change_request(r, &nw, &id, &body);
    if (st != 0)
        return st;
    static const char *const known[] = {"slot", NULL};
    const char *slot = json_string_value(json_object_get(body, "slot"));
    if (slot == NULL || !token_valid(slot) || validate_unknown_key(body, known) != NULL) {
        json_decref(body);
        bool en = r->lang == LANG_EN;
        return api_fail_msg(r, E_INVALID_FIELDS,
                            en ? "Give {\"slot\": the id of one of your free slots}, nothing else."
                               : "Geef {\"slot\": het id van een van je vrije momenten}, verder "
                                 "niets.");
    }
    char sid[TOKEN_LEN + 1];
    snprintf(sid, sizeof(sid), "%s", slot);
    json_decref(body);
    return booking_change(r, nw, id, sid);
}

int api_network_booking_cancel(struct req *r)
{
    const struct network *nw = auth_network(r);
    const char *id;
    if (nw == NULL || ref_id_param(r, &id) != 0)
        return r->status;
    return booking_change(r, nw, id, "");
}
