/*
 * referral_form.c — see referral_form.h.
 */
#include "domain/referral_form.h"

#include "domain/postcode.h"
#include "domain/token.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

enum msg {
    M_COMPANY,
    M_NAME,
    M_EMAIL,
    M_PHONE,
    M_POSTCODE,
    M_CONSENT,
    M_SHARE,
    M_RETEST,
    M_SLOT,
    M_SCAN,
    M_AGREEMENT,
    M_AGREEMENT_STALE,
    M_UNKNOWN
};

/* Messages the page shows at the field, in the respondent's language. */
static const char *const msg[][LANG_COUNT] = {
    [M_COMPANY] = {"Vul de naam van je bedrijf in (maximaal 200 tekens).",
                   "Enter the name of your business (at most 200 characters)."},
    [M_NAME] = {"Vul je naam in (maximaal 200 tekens).",
                "Enter your name (at most 200 characters)."},
    [M_EMAIL] = {"Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.",
                 "Enter a valid e-mail address, for example name@business.nl."},
    [M_PHONE] =
        {"Vul een Nederlands telefoonnummer in, bijvoorbeeld 06 12345678, of laat het leeg.",
         "Enter a Dutch phone number, for example 06 12345678, or leave it empty."},
    [M_POSTCODE] = {"Vul de postcode van je bedrijf in, bijvoorbeeld 1234 AB.",
                    "Enter the postcode of your business, for example 1234 AB."},
    [M_CONSENT] = {"Geef toestemming om je gegevens met het netwerk te delen. Zonder toestemming "
                   "kunnen we de scan niet aanvragen.",
                   "Give your consent to share your details with the network. Without it we "
                   "cannot request the scan."},
    [M_SHARE] = {"Kies of je je antwoorden wilt delen.", "Choose whether to share your answers."},
    [M_RETEST] = {"Kies of je een uitnodiging wilt om de test later opnieuw te doen.",
                  "Choose whether you want an invitation to take the test again later."},
    [M_SLOT] = {"Dit moment bestaat niet (meer). Kies een ander moment.",
                "This time slot does not exist (any more). Choose another one."},
    [M_SCAN] = {"Kies welke scan je wilt.", "Choose the scan you want."},
    [M_AGREEMENT] = {"Lees de afspraken over de scan en ga ermee akkoord. Zonder akkoord kunnen we "
                     "de scan niet aanvragen.",
                     "Read the agreement on the scan and accept it. Without that we cannot request "
                     "the scan."},
    [M_AGREEMENT_STALE] = {"De afspraken zijn net veranderd. Lees ze opnieuw en ga akkoord.",
                           "The agreement has just changed. Read it again and accept it."},
    [M_UNKNOWN] = {"Dit veld kennen we niet.", "This field is not known."},
};

const char *referral_form_message(enum referral_form_msg m, enum lang lang)
{
    static const enum msg map[] = {M_SLOT, M_SCAN, M_AGREEMENT, M_AGREEMENT_STALE};
    return msg[map[m]][lang];
}

static void field_error(json_t *errs, const char *field, enum msg m, enum lang lang)
{
    if (json_object_get(errs, field) == NULL)
        json_object_set_new(errs, field, json_string(msg[m][lang]));
}

static const char *str_field(const json_t *body, const char *key)
{
    return json_string_value(json_object_get(body, key));
}

json_t *referral_form_check(const json_t *body, struct referral_form *f, enum lang lang)
{
    json_t *errs = json_object();
    static const char *const known[] = {"company",  "contact_name",  "email",  "phone",
                                        "postcode", "slot",          "scan",   "agreement",
                                        "consent",  "share_answers", "retest", NULL};
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        (void)v;
        if (!validate_one_of(key, known))
            /* a name that is safe to echo back is named; anything else goes under "_" */
            field_error(errs, validate_line(key, REFERRAL_KEY_CHARS) ? key : "_", M_UNKNOWN, lang);
    }
    memset(f, 0, sizeof(*f));
    f->company = str_field(body, "company");
    if (f->company == NULL || !validate_line(f->company, REFERRAL_FIELD_CHARS))
        field_error(errs, "company", M_COMPANY, lang);
    f->contact_name = str_field(body, "contact_name");
    if (f->contact_name == NULL || !validate_line(f->contact_name, REFERRAL_FIELD_CHARS))
        field_error(errs, "contact_name", M_NAME, lang);
    f->email = str_field(body, "email");
    if (f->email == NULL || !validate_email(f->email))
        field_error(errs, "email", M_EMAIL, lang);
    json_t *phone = json_object_get(body, "phone");
    if (phone != NULL && !json_is_null(phone) &&
        !(json_is_string(phone) && (json_string_length(phone) == 0 ||
                                    validate_phone_nl(json_string_value(phone), f->phone))))
        field_error(errs, "phone", M_PHONE, lang);
    const char *pc = str_field(body, "postcode");
    f->pc4 = pc != NULL ? postcode_parse(pc) : -1;
    if (f->pc4 < 0)
        field_error(errs, "postcode", M_POSTCODE, lang);
    else
        postcode_format(pc, f->postcode);
    json_t *slot = json_object_get(body, "slot");
    f->slot = "";
    if (slot != NULL && !json_is_null(slot)) {
        if (!json_is_string(slot) || !token_valid(json_string_value(slot)))
            field_error(errs, "slot", M_SLOT, lang);
        else
            f->slot = json_string_value(slot);
    }
    static const struct {
        const char *key;
        enum msg m;
    } ids[] = {{"scan", M_SCAN}, {"agreement", M_AGREEMENT}};
    for (size_t i = 0; i < 2; i++) {
        json_t *idv = json_object_get(body, ids[i].key);
        const char **dst = i == 0 ? &f->scan : &f->agreement;
        *dst = "";
        if (idv == NULL || json_is_null(idv))
            continue;
        if (!json_is_string(idv) || !validate_id(json_string_value(idv), REFERRAL_ID_CHARS, true))
            field_error(errs, ids[i].key, ids[i].m, lang);
        else
            *dst = json_string_value(idv);
    }
    f->consent = json_is_true(json_object_get(body, "consent"));
    if (!f->consent)
        field_error(errs, "consent", M_CONSENT, lang);
    json_t *share = json_object_get(body, "share_answers");
    if (share != NULL && !json_is_boolean(share))
        field_error(errs, "share_answers", M_SHARE, lang);
    f->share = json_is_true(share);
    json_t *retest = json_object_get(body, "retest");
    if (retest != NULL && !json_is_boolean(retest))
        field_error(errs, "retest", M_RETEST, lang);
    f->retest = json_is_true(retest);
    return errs;
}

void referral_form_fingerprint(const struct referral_form *f, char *buf, size_t cap)
{
    /* 0x1f (unit separator) is a control character: validate_line refuses it in every field */
    snprintf(buf, cap, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d", f->company,
             f->contact_name, f->email, f->phone, f->postcode, f->slot, f->scan, f->agreement,
             f->share + 2 * f->retest);
}

char *referral_form_summary(const struct qn *qn, const struct answers *a, const struct score *s)
{
    json_t *ps = json_array(), *crit = json_array(), *ans = json_object();
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        json_array_append_new(ps, json_pack("{s:s, s:i, s:s}", "id", qn->principles[p].id, "score",
                                            s->principle[p], "level",
                                            level_name(s->principle_level[p])));
    for (size_t k = 0; k < qn->nquestions; k++) {
        json_t *v = answers_to_json(qn, a, k);
        if (v != NULL)
            json_object_set_new(ans, qn->questions[k].id, v);
        for (size_t i = 0; i < qn->questions[k].noptions; i++)
            if ((a->sel[k] & (1u << i)) && qn->questions[k].options[i].critical)
                json_array_append_new(crit, json_string(qn->questions[k].id));
    }
    json_t *o = json_pack("{s:i, s:s, s:i, s:o, s:o, s:o, s:s}", "urgency", s->urgency, "level",
                          level_name(s->level), "safety", s->safety, "principles", ps, "critical",
                          crit, "answers", ans, "questionnaire_version", qn->version);
    char *text = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}
