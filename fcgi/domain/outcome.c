/*
 * outcome.c — see outcome.h.
 */
#include "domain/outcome.h"

#include "domain/suppress.h"
#include "domain/validate.h"

#include <stdio.h>
#include <string.h>

const char *const outcome_observed[OUTCOME_OBSERVED + 1] = {"ok", "attention", "urgent", NULL};

static int refuse(const char **field, const char *name, char *nl, char *en, const char *nl_msg,
                  const char *en_msg)
{
    *field = name;
    snprintf(nl, OUTCOME_MSG_MAX, "%s", nl_msg);
    snprintf(en, OUTCOME_MSG_MAX, "%s", en_msg);
    return -1;
}

static int check_principles(const json_t *ps, const struct qn *qn, struct outcome_form *f,
                            const char **field, char *nl, char *en)
{
    if (!json_is_object(ps))
        return refuse(field, "principles", nl, en,
                      "principles moet per basisprincipe ok, attention of urgent geven.",
                      "principles must give ok, attention or urgent for each basic principle.");
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)ps, key, v)
    {
        if (qn_principle_index(qn, key) < 0) {
            const char *shown = validate_id(key, QN_ID_MAX, true) ? key : "?";
            *field = "principles";
            snprintf(nl, OUTCOME_MSG_MAX, "principles.%s is geen basisprincipe van de vragenlijst.",
                     shown);
            snprintf(en, OUTCOME_MSG_MAX,
                     "principles.%s is not a basic principle of the questionnaire.", shown);
            return -1;
        }
    }
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        const char *id = qn->principles[p].id;
        f->level[p] = json_string_value(json_object_get(ps, id));
        if (f->level[p] == NULL || !validate_one_of(f->level[p], outcome_observed)) {
            *field = "principles";
            snprintf(nl, OUTCOME_MSG_MAX, "principles.%s moet ok, attention of urgent zijn.", id);
            snprintf(en, OUTCOME_MSG_MAX, "principles.%s must be ok, attention or urgent.", id);
            return -1;
        }
    }
    return 0;
}

static int check_findings(const json_t *fs, const struct findings *cat, struct outcome_form *f,
                          const char **field, char *nl, char *en)
{
    f->nfindings = 0;
    if (fs == NULL)
        return 0;
    if (!json_is_array(fs) || json_array_size(fs) > cat->n || json_array_size(fs) > FINDINGS_MAX)
        return refuse(field, "findings", nl, en,
                      "findings moet een lijst van bevindingen uit de catalogus zijn.",
                      "findings must be a list of findings from the catalogue.");
    for (size_t i = 0; i < json_array_size(fs); i++) {
        const char *id = json_string_value(json_array_get(fs, i));
        int fi = id != NULL ? findings_find(cat, id) : -1;
        bool twice = false;
        for (size_t k = 0; fi >= 0 && k < f->nfindings; k++)
            twice |= strcmp(f->finding[k], cat->items[fi].id) == 0;
        if (fi < 0 || twice) {
            bool safe = id != NULL && validate_id(id, FINDING_ID_MAX, true);
            *field = "findings";
            snprintf(nl, OUTCOME_MSG_MAX, "findings[%zu] %s%s%s%s.", i, safe ? "(" : "",
                     safe ? id : "", safe ? ") " : "",
                     twice ? "staat er twee keer in" : "is geen bevinding uit de catalogus");
            snprintf(en, OUTCOME_MSG_MAX, "findings[%zu] %s%s%s%s.", i, safe ? "(" : "",
                     safe ? id : "", safe ? ") " : "",
                     twice ? "is given twice" : "is not a finding of the catalogue");
            return -1;
        }
        f->finding[f->nfindings++] = cat->items[fi].id;
    }
    return 0;
}

int outcome_form_check(const json_t *body, const struct qn *qn, const struct findings *cat,
                       int64_t today, struct outcome_form *f, const char **field,
                       char nl[OUTCOME_MSG_MAX], char en[OUTCOME_MSG_MAX])
{
    static const char *const known[] = {"principles", "findings", "report_sent", NULL};
    memset(f, 0, sizeof(*f));
    if (!json_is_object(body) || validate_unknown_key(body, known) != NULL)
        return refuse(field, "_", nl, en,
                      "Alleen principles, findings en report_sent kunnen worden meegegeven.",
                      "Only principles, findings and report_sent can be given.");
    if (check_principles(json_object_get(body, "principles"), qn, f, field, nl, en) < 0 ||
        check_findings(json_object_get(body, "findings"), cat, f, field, nl, en) < 0)
        return -1;
    const json_t *sent = json_object_get(body, "report_sent");
    const char *s = sent != NULL && !json_is_null(sent) ? json_string_value(sent) : "";
    int64_t day;
    if (s == NULL || (s[0] != '\0' && (!validate_date(s, &day) || day > today + 1)))
        return refuse(field, "report_sent", nl, en,
                      "report_sent moet een datum (JJJJ-MM-DD) zijn, niet in de toekomst.",
                      "report_sent must be a date (YYYY-MM-DD), not in the future.");
    f->report_sent = s;
    return 0;
}

void outcome_sum_add(struct outcome_sum *to, const struct outcome_sum *from)
{
    to->n += from->n;
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        for (int o = 0; o < OUTCOME_OBSERVED; o++) {
            to->level[p][o] += from->level[p][o];
            for (int l = 0; l < LEVEL_COUNT; l++)
                to->cal[p][l][o] += from->cal[p][l][o];
        }
    for (size_t i = 0; i < FINDINGS_MAX; i++)
        to->finding[i] += from->finding[i];
}

double outcome_share(long part, long whole)
{
    return whole > 0 ? (double)((part * 20000 / whole + 1) / 2) / 10000.0 : 0;
}

void outcome_calibration_rows(const struct outcome_sum *s, size_t p, long rows[LEVEL_COUNT],
                              bool held[LEVEL_COUNT])
{
    for (int l = 0; l < LEVEL_COUNT; l++) {
        rows[l] = 0;
        for (int o = 0; o < OUTCOME_OBSERVED; o++)
            rows[l] += s->cal[p][l][o];
    }
    suppress_week(rows, LEVEL_COUNT, held);
}
