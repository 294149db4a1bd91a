/*
 * result.c — see result.h.
 */
#include "domain/result.h"

json_t *result_json(const struct qn *qn, const struct answers *a, const struct score *s,
                    enum lang lang)
{
    json_t *ps = json_array(), *crit = json_array();
    for (size_t p = 0; p < QN_PRINCIPLES; p++) {
        const struct qn_principle *pr = &qn->principles[p];
        const struct qn_advice *adv = &pr->advice[s->principle_level[p]];
        json_t *items = json_array();
        for (size_t i = 0; i < adv->n[lang]; i++)
            json_array_append_new(items, json_string(adv->items[lang][i]));
        json_array_append_new(ps, json_pack("{s:s, s:s, s:s, s:i, s:s, s:o}", "id", pr->id,
                                            "ncsc_2024", pr->ncsc_2024, "title", pr->title.s[lang],
                                            "score", s->principle[p], "level",
                                            level_name(s->principle_level[p]), "advice", items));
    }
    for (size_t k = 0; k < qn->nquestions; k++) {
        const struct qn_question *q = &qn->questions[k];
        for (size_t i = 0; i < q->noptions; i++)
            if ((a->sel[k] & (1u << i)) && q->options[i].critical)
                json_array_append_new(crit,
                                      json_pack("{s:s, s:s, s:s, s:s}", "question", q->id, "option",
                                                q->options[i].id, "text", q->text.s[lang], "answer",
                                                q->options[i].label.s[lang]));
    }
    return json_pack("{s:i, s:s, s:i, s:i, s:i, s:o, s:o, s:s, s:s}", "urgency", s->urgency,
                     "level", level_name(s->level), "safety", s->safety, "exposure", s->exposure,
                     "exposure_factor_pct", s->factor_pct, "principles", ps, "critical", crit,
                     "questionnaire_version", qn->version, "lang", lang_name(lang));
}
