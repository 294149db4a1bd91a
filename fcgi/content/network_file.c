/*
 * network_file.c — see network_file.h.
 */
#include "content/network_file.h"

#include "content/jfile.h"
#include "domain/postcode.h"
#include "domain/validate.h"
#include "util/secure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exactly four digits, as in a postcode. */
static int parse_pc4(const char *s, size_t len)
{
    char pc[5];
    if (len != 4)
        return -1;
    memcpy(pc, s, 4);
    pc[4] = '\0';
    return postcode_parse(pc);
}

static int parse_coverage(const json_t *nj, const char *where, struct network *nw, char *err,
                          size_t errlen)
{
    json_t *cov, *provs, *pcs;
    static const char *const keys[] = {"provinces", "postcodes", NULL};
    char w[200];
    snprintf(w, sizeof(w), "%.150s.coverage", where);
    if (jfile_object(nj, "coverage", where, !nw->fallback, &cov, err, errlen) < 0)
        return -1;
    if (cov == NULL)
        return 0;
    if (jfile_keys(cov, w, keys, err, errlen) < 0 ||
        jfile_array(cov, "provinces", w, 0, PROVINCE_COUNT, false, &provs, err, errlen) < 0 ||
        jfile_array(cov, "postcodes", w, 0, NET_RANGES_MAX, false, &pcs, err, errlen) < 0)
        return -1;
    for (size_t i = 0; provs != NULL && i < json_array_size(provs); i++) {
        const char *name = json_string_value(json_array_get(provs, i));
        int p = name != NULL ? province_by_name(name) : -1;
        if (p < 0)
            return jfile_fail(
                err, errlen, w,
                "'%.60s' is not a Dutch province (Groningen, Fryslân, Drenthe, Overijssel, "
                "Flevoland, Gelderland, Utrecht, Noord-Holland, Zuid-Holland, Zeeland, "
                "Noord-Brabant, Limburg)",
                name != NULL ? name : "(not a text)");
        nw->province[p] = true;
    }
    for (size_t i = 0; pcs != NULL && i < json_array_size(pcs); i++) {
        const char *r = json_string_value(json_array_get(pcs, i));
        const char *dash = r != NULL ? strchr(r, '-') : NULL;
        int from = -1, to = -1;
        if (r != NULL && dash == NULL)
            from = to = parse_pc4(r, strlen(r));
        else if (r != NULL) {
            from = parse_pc4(r, (size_t)(dash - r));
            to = parse_pc4(dash + 1, strlen(dash + 1));
        }
        if (from < 0 || to < 0 || from > to)
            return jfile_fail(err, errlen, w,
                              "postcode range '%.40s' is not \"1234\" or \"1234-1299\"",
                              r != NULL ? r : "(not a text)");
        nw->ranges[nw->nranges].from = from;
        nw->ranges[nw->nranges].to = to;
        nw->nranges++;
    }
    if (!nw->fallback && nw->nranges == 0 &&
        memchr(nw->province, true, sizeof(nw->province)) == NULL)
        return jfile_fail(err, errlen, w, "covers nothing: name provinces or postcode ranges%s",
                          "");
    return 0;
}

#define VERSION_MAX 32

static int parse_agreements(const json_t *root, struct networks *reg, char *err, size_t errlen)
{
    json_t *arr;
    static const char *const keys[] = {"id", "version", "title", "summary", "text", NULL};
    if (jfile_array(root, "agreements", "networks file", 0, NET_AGREEMENTS_MAX, false, &arr, err,
                    errlen) < 0)
        return -1;
    for (size_t i = 0; arr != NULL && i < json_array_size(arr); i++) {
        json_t *aj = json_array_get(arr, i);
        struct agreement *a = &reg->agreements[i];
        char where[120];
        snprintf(where, sizeof(where), "agreements[%zu]", i);
        reg->nagreements = i + 1;
        if (!json_is_object(aj))
            return jfile_fail(err, errlen, where, "must be an object%s", "");
        if (jfile_str(aj, "id", where, NET_SCAN_ID_MAX, true, &a->id, err, errlen) < 0)
            return -1;
        snprintf(where, sizeof(where), "agreements[%zu] (%.60s)", i, a->id);
        if (jfile_keys(aj, where, keys, err, errlen) < 0 ||
            jfile_str(aj, "version", where, VERSION_MAX, true, &a->version, err, errlen) < 0 ||
            jfile_text(aj, "title", where, &a->title, err, errlen) < 0 ||
            jfile_text(aj, "summary", where, &a->summary, err, errlen) < 0 ||
            jfile_text(aj, "text", where, &a->text, err, errlen) < 0)
            return -1;
        if (!validate_id(a->id, NET_SCAN_ID_MAX, true) ||
            !validate_id(a->version, VERSION_MAX, true))
            return jfile_fail(err, errlen, where, "id and version may only use a-z, 0-9, - and _%s",
                              "");
        for (size_t j = 0; j < i; j++)
            if (strcmp(reg->agreements[j].id, a->id) == 0)
                return jfile_fail(err, errlen, where, "id '%s' is used twice", a->id);
    }
    return 0;
}

static int parse_scans(const json_t *nj, const char *where, struct networks *reg,
                       struct network *nw, char *err, size_t errlen)
{
    json_t *arr;
    static const char *const keys[] = {"id",          "name",      "description",
                                       "duration",    "price_eur", "prepare",
                                       "supervision", "agreement", NULL};
    if (jfile_array(nj, "scans", where, nw->fallback ? 0 : 1, NET_SCANS_MAX, !nw->fallback, &arr,
                    err, errlen) < 0)
        return -1;
    for (size_t i = 0; arr != NULL && i < json_array_size(arr); i++) {
        json_t *sj = json_array_get(arr, i);
        struct scan_type *st = &nw->scans[i];
        char w[300];
        snprintf(w, sizeof(w), "%.200s.scans[%zu]", where, i);
        nw->nscans = i + 1;
        st->agreement = -1;
        if (!json_is_object(sj))
            return jfile_fail(err, errlen, w, "must be an object%s", "");
        if (jfile_str(sj, "id", w, NET_SCAN_ID_MAX, true, &st->id, err, errlen) < 0)
            return -1;
        snprintf(w, sizeof(w), "%.200s.scans[%zu] (%.48s)", where, i, st->id);
        long price;
        char *agreement = NULL;
        if (jfile_keys(sj, w, keys, err, errlen) < 0 ||
            jfile_text(sj, "name", w, &st->name, err, errlen) < 0 ||
            jfile_text(sj, "description", w, &st->description, err, errlen) < 0 ||
            jfile_text(sj, "duration", w, &st->duration, err, errlen) < 0 ||
            jfile_text(sj, "prepare", w, &st->prepare, err, errlen) < 0 ||
            jfile_text(sj, "supervision", w, &st->supervision, err, errlen) < 0 ||
            jfile_int(sj, "price_eur", w, 0, 10000, true, 0, &price, err, errlen) < 0 ||
            jfile_str(sj, "agreement", w, NET_SCAN_ID_MAX, false, &agreement, err, errlen) < 0)
            return -1;
        st->price_eur = (int)price;
        if (!validate_id(st->id, NET_SCAN_ID_MAX, true)) {
            free(agreement);
            return jfile_fail(err, errlen, w, "id may only use a-z, 0-9, - and _%s", "");
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(nw->scans[j].id, st->id) == 0) {
                free(agreement);
                return jfile_fail(err, errlen, w, "id '%s' is used twice", st->id);
            }
        for (size_t a = 0; agreement != NULL && a < reg->nagreements; a++)
            if (strcmp(reg->agreements[a].id, agreement) == 0)
                st->agreement = (int)a;
        if (agreement != NULL && st->agreement < 0) {
            jfile_fail(err, errlen, w, "agreement '%.48s' is not in the file's agreements",
                       agreement);
            free(agreement);
            return -1;
        }
        free(agreement);
    }
    return 0;
}

static int parse_notify(const json_t *nj, const char *where, struct network *nw, char *err,
                        size_t errlen)
{
    json_t *nt, *arr;
    char w[260], *lang = NULL;
    static const char *const keys[] = {"addresses", "digest", "lang", NULL};
    snprintf(w, sizeof(w), "%.200s.notify", where);
    if (jfile_object(nj, "notify", where, false, &nt, err, errlen) < 0)
        return -1;
    if (nt == NULL)
        return 0;
    if (jfile_keys(nt, w, keys, err, errlen) < 0 ||
        jfile_array(nt, "addresses", w, 0, NET_NOTIFY_MAX, false, &arr, err, errlen) < 0 ||
        jfile_bool(nt, "digest", w, &nw->digest, err, errlen) < 0 ||
        jfile_str(nt, "lang", w, 2, false, &lang, err, errlen) < 0)
        return -1;
    int l = lang != NULL ? lang_parse(lang) : LANG_NL;
    free(lang);
    if (l < 0)
        return jfile_fail(err, errlen, w, "lang must be nl or en%s", "");
    nw->notify_lang = l;
    for (size_t i = 0; arr != NULL && i < json_array_size(arr); i++) {
        const char *a = json_string_value(json_array_get(arr, i));
        if (a == NULL || !validate_email(a))
            return jfile_fail(err, errlen, w, "addresses[%zu] is not an e-mail address", i);
        if ((nw->notify[nw->nnotify++] = strdup(a)) == NULL)
            return jfile_fail(err, errlen, w, "out of memory%s", "");
    }
    return 0;
}

static int parse_network(const json_t *nj, struct networks *reg, size_t idx, const struct qn *qn,
                         char *err, size_t errlen)
{
    struct network *nw = &reg->items[idx];
    char where[200];
    snprintf(where, sizeof(where), "networks[%zu]", idx);
    if (!json_is_object(nj))
        return jfile_fail(err, errlen, where, "must be an object%s", "");
    if (jfile_str(nj, "id", where, NET_ID_MAX, true, &nw->id, err, errlen) < 0)
        return -1;
    snprintf(where, sizeof(where), "networks[%zu] (%s)", idx, nw->id);
    static const char *const keys[] = {"id",
                                       "name",
                                       "description",
                                       "contact",
                                       "location",
                                       "coverage",
                                       "accepts_within_km",
                                       "sectors",
                                       "scans",
                                       "contact_days",
                                       "fallback",
                                       "token_sha256",
                                       "notify",
                                       "disabled",
                                       NULL};
    if (jfile_keys(nj, where, keys, err, errlen) < 0)
        return -1;
    if (!validate_id(nw->id, NET_ID_MAX, true) || strchr(nw->id, '_') != NULL)
        return jfile_fail(err, errlen, where, "id may only use a-z, 0-9 and -%s", "");
    for (size_t i = 0; i < idx; i++)
        if (strcmp(reg->items[i].id, nw->id) == 0)
            return jfile_fail(err, errlen, where, "id '%s' is used twice", nw->id);
    json_t *contact, *loc, *sectors;
    static const char *const ckeys[] = {"email", "phone", "website", NULL};
    static const char *const lkeys[] = {"place", "lat", "lon", NULL};
    char w[240];
    if (jfile_str(nj, "name", where, 200, true, &nw->name, err, errlen) < 0 ||
        jfile_text(nj, "description", where, &nw->description, err, errlen) < 0 ||
        jfile_bool(nj, "fallback", where, &nw->fallback, err, errlen) < 0 ||
        jfile_bool(nj, "disabled", where, &nw->disabled, err, errlen) < 0 ||
        jfile_object(nj, "contact", where, true, &contact, err, errlen) < 0 ||
        jfile_object(nj, "location", where, true, &loc, err, errlen) < 0)
        return -1;
    snprintf(w, sizeof(w), "%s.contact", where);
    char phone[16];
    if (jfile_keys(contact, w, ckeys, err, errlen) < 0 ||
        jfile_str(contact, "email", w, 254, true, &nw->email, err, errlen) < 0 ||
        jfile_str(contact, "phone", w, 40, true, &nw->phone, err, errlen) < 0 ||
        jfile_str(contact, "website", w, 200, true, &nw->website, err, errlen) < 0)
        return -1;
    if (!validate_email(nw->email))
        return jfile_fail(err, errlen, w, "email '%s' is not an e-mail address", nw->email);
    if (!validate_phone_nl(nw->phone, phone))
        return jfile_fail(err, errlen, w, "phone '%s' is not a Dutch phone number", nw->phone);
    if (!validate_https_url(nw->website))
        return jfile_fail(err, errlen, w, "website '%s' is not an https:// address", nw->website);
    snprintf(w, sizeof(w), "%s.location", where);
    if (jfile_keys(loc, w, lkeys, err, errlen) < 0 ||
        jfile_str(loc, "place", w, 100, true, &nw->place, err, errlen) < 0 ||
        jfile_real(loc, "lat", w, NL_LAT_MIN, NL_LAT_MAX, &nw->lat, err, errlen) < 0 ||
        jfile_real(loc, "lon", w, NL_LON_MIN, NL_LON_MAX, &nw->lon, err, errlen) < 0)
        return -1;
    if (nw->fallback && nw->disabled)
        return jfile_fail(err, errlen, where, "the national fallback cannot be disabled%s", "");
    long radius, days;
    if (parse_coverage(nj, where, nw, err, errlen) < 0 ||
        jfile_int(nj, "accepts_within_km", where, 1, NET_RADIUS_MAX_KM, false, 0, &radius, err,
                  errlen) < 0 ||
        jfile_int(nj, "contact_days", where, 1, 30, false, NET_CONTACT_DAYS_DEFAULT, &days, err,
                  errlen) < 0 ||
        parse_scans(nj, where, reg, nw, err, errlen) < 0)
        return -1;
    nw->accepts_within_km = (int)radius;
    nw->contact_days = (int)days;
    if (parse_notify(nj, where, nw, err, errlen) < 0)
        return -1;
    if (jfile_array(nj, "sectors", where, 0, NET_SECTORS_MAX, false, &sectors, err, errlen) < 0)
        return -1;
    int sq = qn != NULL ? qn->role_question[QN_ROLE_SECTOR] : -1;
    for (size_t i = 0; sectors != NULL && i < json_array_size(sectors); i++) {
        const char *sct = json_string_value(json_array_get(sectors, i));
        if (sct == NULL || !validate_id(sct, QN_ID_MAX, false))
            return jfile_fail(err, errlen, where, "sectors[%zu] is not a sector id", i);
        if (sq >= 0 && qn_option_index(qn, (size_t)sq, sct) < 0)
            return jfile_fail(err, errlen, where,
                              "sector '%s' is not an option of the questionnaire's sector question",
                              sct);
        if ((nw->sectors[nw->nsectors++] = strdup(sct)) == NULL)
            return jfile_fail(err, errlen, where, "out of memory%s", "");
    }
    if (jfile_sha256_list(nj, "token_sha256", where, NET_TOKENS_MAX, nw->tokens, &nw->ntokens, err,
                          errlen) < 0)
        return -1;
    for (size_t t = 0; t < nw->ntokens; t++)
        for (size_t j = 0; j <= idx; j++)
            for (size_t u = 0; u < reg->items[j].ntokens && (j < idx || u < t); u++)
                if (memcmp(reg->items[j].tokens[u], nw->tokens[t], 32) == 0)
                    return jfile_fail(err, errlen, where,
                                      "token_sha256[%zu] is also a token of network '%s'", t,
                                      reg->items[j].id);
    return 0;
}

void *network_file_parse(const char *buf, size_t len, const void *arg, char *err, size_t errlen)
{
    const struct qn *qn = arg;
    struct networks *reg = calloc(1, sizeof(*reg));
    if (reg == NULL) {
        snprintf(err, errlen, "networks: out of memory");
        return NULL;
    }
    reg->fallback = -1;
    secure_sha256(buf, len, reg->digest);
    json_t *root = jfile_parse("networks", buf, len, err, errlen), *arr, *consent;
    static const char *const keys[] = {"version", "consent", "agreements", "networks", NULL};
    static const char *const ckeys[] = {"version", "summary", "text", NULL};
    if (root == NULL || jfile_keys(root, "networks file", keys, err, errlen) < 0 ||
        jfile_str(root, "version", "networks file", 32, false, &reg->version, err, errlen) < 0 ||
        jfile_object(root, "consent", "networks file", true, &consent, err, errlen) < 0 ||
        jfile_keys(consent, "consent", ckeys, err, errlen) < 0 ||
        jfile_str(consent, "version", "consent", 32, true, &reg->consent_version, err, errlen) <
            0 ||
        jfile_text(consent, "summary", "consent", &reg->consent_summary, err, errlen) < 0 ||
        jfile_text(consent, "text", "consent", &reg->consent, err, errlen) < 0 ||
        parse_agreements(root, reg, err, errlen) < 0 ||
        jfile_array(root, "networks", "networks file", 1, NET_MAX, true, &arr, err, errlen) < 0)
        goto bad;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        reg->n = i + 1;
        if (parse_network(json_array_get(arr, i), reg, i, qn, err, errlen) < 0)
            goto bad;
        if (reg->items[i].fallback) {
            if (reg->fallback >= 0) {
                jfile_fail(err, errlen, "networks", "'%s' and '%s' are both the fallback",
                           reg->items[reg->fallback].id, reg->items[i].id);
                goto bad;
            }
            reg->fallback = (int)i;
        }
    }
    if (reg->fallback < 0) {
        jfile_fail(err, errlen, "networks",
                   "no network has \"fallback\": true (the national one)%s", "");
        goto bad;
    }
    json_decref(root);
    return reg;
bad:
    json_decref(root);
    network_file_free(reg);
    return NULL;
}

struct networks *network_file_load(const char *path, const struct qn *qn, char *err, size_t errlen)
{
    return jfile_load(path, network_file_parse, qn, err, errlen);
}

void network_file_free(struct networks *reg)
{
    if (reg == NULL)
        return;
    for (size_t i = 0; i < reg->n; i++) {
        struct network *nw = &reg->items[i];
        free(nw->id);
        free(nw->name);
        jfile_text_free(&nw->description);
        free(nw->email);
        free(nw->phone);
        free(nw->website);
        free(nw->place);
        for (size_t k = 0; k < nw->nsectors; k++)
            free(nw->sectors[k]);
        for (size_t k = 0; k < nw->nnotify; k++)
            free(nw->notify[k]);
        for (size_t k = 0; k < nw->nscans; k++) {
            struct scan_type *st = &nw->scans[k];
            free(st->id);
            jfile_text_free(&st->name);
            jfile_text_free(&st->description);
            jfile_text_free(&st->duration);
            jfile_text_free(&st->prepare);
            jfile_text_free(&st->supervision);
        }
    }
    for (size_t i = 0; i < reg->nagreements; i++) {
        struct agreement *a = &reg->agreements[i];
        free(a->id);
        free(a->version);
        jfile_text_free(&a->title);
        jfile_text_free(&a->summary);
        jfile_text_free(&a->text);
    }
    free(reg->version);
    free(reg->consent_version);
    jfile_text_free(&reg->consent);
    jfile_text_free(&reg->consent_summary);
    free(reg);
}
