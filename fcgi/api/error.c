/*
 * error.c — see error.h.
 */
#include "api/error.h"

#include "domain/lang.h"
#include "util/log.h"

#include <string.h>

struct api_error_def {
    int status;
    const char *code;
    const char *text[LANG_COUNT];
};

static const struct api_error_def defs[E_COUNT] = {
    [E_BAD_LANG] = {400, "bad_lang", {"lang moet nl of en zijn.", "lang must be nl or en."}},
    [E_BAD_TOKEN] = {400,
                     "bad_token",
                     {"De sessiecode klopt niet.", "The session token is not valid."}},
    [E_BAD_WITHDRAW_LINK] = {400,
                             "bad_token",
                             {"De link om in te trekken klopt niet.",
                              "The withdrawal link is not valid."}},
    [E_BAD_STATUS_FILTER] = {400,
                             "bad_status",
                             {"status moet new, contacted, scheduled, done of declined zijn.",
                              "status must be new, contacted, scheduled, done or declined."}},
    [E_BAD_DELIMITER] = {400,
                         "bad_delimiter",
                         {"delimiter moet comma of semicolon zijn.",
                          "delimiter must be comma or semicolon."}},
    [E_BAD_BY] = {400,
                  "bad_by",
                  {"by moet sector, size, province of campaign zijn.",
                   "by must be sector, size, province or campaign."}},
    [E_BAD_VERSION] = {400,
                       "bad_version",
                       {"Er is geen vragenlijst met die versie.",
                        "There is no questionnaire of that version."}},
    [E_BAD_SET] = {400,
                   "bad_set",
                   {"set moet 2018 (de basisprincipes van het DTC) of 2024 zijn.",
                    "set must be 2018 (the DTC's basic principles) or 2024."}},
    [E_BAD_DATE] = {400,
                    "bad_date",
                    {"from en to moeten datums zijn zoals 2026-12-01.",
                     "from and to must be dates like 2026-12-01."}},
    [E_BAD_RANGE] = {400,
                     "bad_range",
                     {"Deze periode kan niet: from ligt na to, buiten 2024-01-01 tot vandaag, of "
                      "de periode is te lang.",
                      "This range is not possible: from lies after to, outside 2024-01-01 to "
                      "today, or the range is too long."}},
    [E_UNAUTHORIZED_NETWORK] = {401,
                                "unauthorized",
                                {"Log in met de API-sleutel van je netwerk (Authorization: "
                                 "Bearer <sleutel>).",
                                 "Log in with your network's API token (Authorization: Bearer "
                                 "<token>)."}},
    [E_UNAUTHORIZED_CAMPAIGN] = {401,
                                 "unauthorized",
                                 {"Gebruik de API-sleutel van de eigenaar van de campagne "
                                  "(Authorization: Bearer <sleutel>).",
                                  "Use the campaign owner's API token (Authorization: Bearer "
                                  "<token>)."}},
    [E_UNKNOWN_SESSION] = {404,
                           "unknown_session",
                           {"Deze test bestaat niet of is verlopen. Begin opnieuw.",
                            "This session does not exist or has expired. Start the test "
                            "again."}},
    [E_UNKNOWN_QUESTION] = {404,
                            "unknown_question",
                            {"Deze vraag bestaat niet.", "This question does not exist."}},
    [E_UNKNOWN_REFERRAL] = {404,
                            "unknown_referral",
                            {"Er is geen aanvraag met deze code.",
                             "There is no referral with this id."}},
    [E_UNKNOWN_WITHDRAWAL] = {404,
                              "unknown_referral",
                              {"Achter deze link zit geen aanvraag voor een scan (meer).",
                               "There is no request for a scan behind this link (any more)."}},
    [E_UNKNOWN_SLOT] = {404,
                        "unknown_slot",
                        {"Er is geen moment met deze code.", "There is no slot with this id."}},
    [E_UNKNOWN_NETWORK] = {404,
                           "unknown_network",
                           {"Er is geen netwerk met deze code.",
                            "There is no network with this id."}},
    [E_UNKNOWN_CAMPAIGN] = {404,
                            "unknown_campaign",
                            {"Er is geen campagne met deze code.",
                             "There is no campaign with this id."}},
    [E_NO_BOOKED_SLOT] = {404,
                          "no_booked_slot",
                          {"Je hebt (nog) geen moment voor de scan geboekt.",
                           "You have not booked a time for the scan (yet)."}},
    [E_QUESTIONNAIRE_RETIRED] = {410,
                                 "questionnaire_retired",
                                 {"De vragenlijst van deze test is vervangen. Begin opnieuw.",
                                  "The questionnaire of this session has been replaced. Please "
                                  "start again."}},
    [E_INCOMPLETE_RESULT] = {409,
                             "incomplete",
                             {"Beantwoord eerst alle vragen.", "Answer every question first."}},
    [E_INCOMPLETE_REFERRAL] = {409,
                               "incomplete",
                               {"Maak eerst de test af voordat je een scan aanvraagt.",
                                "Finish the test before asking for a scan."}},
    [E_REFERRAL_EXISTS] = {409,
                           "referral_exists",
                           {"Je hebt al een scan aangevraagd. Wil je iets wijzigen? Trek de "
                            "aanvraag dan eerst in.",
                            "You already asked for a scan. To change it, first withdraw it."}},
    [E_UNKNOWN_RETEST] = {404,
                          "unknown_retest",
                          {"Deze uitnodiging is verlopen of al gebruikt. Je kunt de test gewoon "
                           "opnieuw doen.",
                           "This invitation has expired or was used already. You can simply take "
                           "the test again."}},
    [E_REFERRAL_WITHDRAWN] = {409,
                              "referral_withdrawn",
                              {"Het bedrijf heeft deze aanvraag ingetrokken; er kan niets meer "
                               "aan veranderen.",
                               "The business withdrew this referral; nothing about it can change "
                               "any more."}},
    [E_WRONG_STATUS] = {409,
                        "wrong_status",
                        {"Dat kan pas als de scan is ingepland of gedaan.",
                         "That is only possible once the scan is scheduled or done."}},
    [E_SLOT_FULL] = {409,
                     "slot_full",
                     {"Dit moment is net vol geraakt. Kies een ander moment.",
                      "This time slot has just filled up. Choose another one."}},
    [E_SLOT_UNAVAILABLE] = {409,
                            "slot_unavailable",
                            {"Dit moment bestaat niet (meer). Kies een ander moment.",
                             "This time slot does not exist (any more). Choose another one."}},
    [E_SLOT_BOOKED] = {409,
                       "slot_booked",
                       {"Dit moment is geboekt; het kan niet weg zolang bedrijven erop rekenen.",
                        "This slot is booked; it cannot be deleted while businesses count on "
                        "it."}},
    [E_INVALID_SESSION_FIELD] = {422,
                                 "invalid_field",
                                 {"Alleen lang (nl of en) en campaign (een campagnecode) kunnen "
                                  "worden meegegeven.",
                                  "Only lang (nl or en) and campaign (a campaign id) can be "
                                  "given."}},
    [E_INVALID_ANSWER] = {422,
                          "invalid_answer",
                          {"Dit antwoord past niet bij de vraag.",
                           "This answer does not fit the question."}},
    [E_INVALID_FIELDS] = {422, "invalid_fields", {"Controleer de velden.", "Check the fields."}},
    [E_UNAVAILABLE] = {503,
                       "unavailable",
                       {"De dienst is even niet bereikbaar. Probeer het zo opnieuw.",
                        "The service is temporarily unavailable. Please try again in a "
                        "moment."}},
    [E_INTERNAL] = {500,
                    "internal",
                    {"Er ging bij ons iets mis.", "Something went wrong on our side."}},
};

int api_status(enum api_err e)
{
    return defs[e].status;
}

json_t *api_error_body(const struct req *r, enum api_err e, const char *message)
{
    const char *msg = message != NULL ? message : defs[e].text[r->lang == LANG_EN];
    return json_pack("{s:{s:s, s:s}}", "error", "code", defs[e].code, "message", msg);
}

int api_fail_msg(struct req *r, enum api_err e, const char *message)
{
    if (e == E_UNAVAILABLE)
        resp_header(r, "Retry-After: 1");
    return resp_json(r, defs[e].status, api_error_body(r, e, message));
}

int api_fail(struct req *r, enum api_err e)
{
    return api_fail_msg(r, e, NULL);
}

int api_store_fail(struct req *r, enum store_err se, enum api_err not_found)
{
    switch (se) {
    case STORE_UNAVAILABLE: return api_fail(r, E_UNAVAILABLE);
    case STORE_NOT_FOUND: return api_fail(r, not_found);
    case STORE_SLOT_FULL: return api_fail(r, E_SLOT_FULL);
    case STORE_SLOT_GONE: return api_fail(r, E_SLOT_UNAVAILABLE);
    case STORE_SLOT_BOOKED: return api_fail(r, E_SLOT_BOOKED);
    case STORE_EXISTS: return api_fail(r, E_REFERRAL_EXISTS);
    case STORE_WITHDRAWN: return api_fail(r, E_REFERRAL_WITHDRAWN);
    default: log_error("store: %s", store_strerror(se)); return api_fail(r, E_INTERNAL);
    }
}
