/*
 * result.c — see result.h.
 */
#include "domain/result.h"

#include "domain/advice.h"

static const char *const raised_names[] = {NULL, "critical", "principles"};

/* The 2024 principles a principle's questions belong to: its own first, each once. */
static json_t *ncsc_titles(const struct qn *qn, const struct qn_principle *pr, enum lang lang)
{
    json_t *arr = json_array();
    bool seen[NCSC_COUNT] = {false};
    seen[pr->ncsc] = true;
    json_array_append_new(arr, json_string(qn->ncsc_title[pr->ncsc].s[lang]));
    for (size_t k = pr->first; k < pr->first + pr->count; k++) {
        enum ncsc n = qn->questions[k].ncsc;
        if (!seen[n]) {
            seen[n] = true;
            json_array_append_new(arr, json_string(qn->ncsc_title[n].s[lang]));
        }
    }
    return arr;
}

static json_t *principle_json(const struct qn *qn, const struct answers *a, const struct score *s,
                              size_t p, enum lang lang)
{
    const struct qn_principle *pr = &qn->principles[p];
    struct advice_item items[ADVICE_PRINCIPLE_MAX];
    size_t n = advice_improve(qn, a, p, lang, items);
    json_t *advice = json_array(), *improve = json_array();
    for (size_t i = 0; i < n; i++) {
        if (!items[i].ask) /* a "don't know" goes to the list for the IT supplier instead */
            json_array_append_new(advice, json_string(items[i].text));
        json_array_append_new(improve, json_pack("{s:s, s:i, s:s, s:b}", "question_id",
                                                 qn->questions[items[i].question].id, "points_lost",
                                                 items[i].points_lost, "step", items[i].text, "ask",
                                                 items[i].ask));
    }
    const char *keep =
        s->principle_level[p] == LEVEL_LOW ? advice_step(&pr->keep_up, a, lang) : NULL;
    if (keep != NULL)
        json_array_append_new(advice, json_string(keep));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:i, s:i, s:s, s:o, s:o, s:s?}", "id",
                     pr->id, "title", pr->title.s[lang], "plain_title", pr->plain_title.s[lang],
                     "ncsc_2024", pr->ncsc_2024, "ncsc_2024_title",
                     qn->ncsc_title[pr->ncsc].s[lang], "ncsc_2024_titles",
                     ncsc_titles(qn, pr, lang), "score", s->principle[p], "points", s->points[p],
                     "max_points", s->max_points[p], "level", level_name(s->principle_level[p]),
                     "advice", advice, "improve", improve, "keep_up", keep);
}

json_t *result_json(const struct qn *qn, const struct answers *a, const struct score *s,
                    enum lang lang)
{
    json_t *ps = json_array(), *crit = json_array(), *ask = json_array(), *set24 = json_array();
    for (size_t p = 0; p < QN_PRINCIPLES; p++)
        json_array_append_new(ps, principle_json(qn, a, s, p, lang));
    for (size_t k = 0; k < qn->nquestions; k++) {
        const struct qn_question *q = &qn->questions[k];
        for (size_t i = 0; i < q->noptions; i++)
            if ((a->sel[k] & (1u << i)) && q->options[i].critical) {
                const char *step = advice_step(&q->options[i].advice, a, lang);
                json_array_append_new(crit, json_pack("{s:s, s:s, s:s, s:s, s:s?}", "question",
                                                      q->id, "option", q->options[i].id, "text",
                                                      q->text.s[lang], "answer",
                                                      q->options[i].label.s[lang], "step", step));
            }
    }
    struct advice_item items[QN_MAX_QUESTIONS];
    size_t n = advice_ask(qn, a, lang, items);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(ask, json_pack("{s:s, s:s}", "question_id",
                                             qn->questions[items[i].question].id, "text",
                                             items[i].text));
    for (int g = 0; g < NCSC_COUNT; g++)
        if (s->set2024_has[g])
            json_array_append_new(
                set24, json_pack("{s:s, s:s, s:i, s:s}", "id", ncsc_name((enum ncsc)g), "title",
                                 qn->ncsc_title[g].s[lang], "score", s->set2024[g], "level",
                                 level_name(s->set2024_level[g])));
    return json_pack("{s:i, s:i, s:s?, s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:s, s:s}",
                     "urgency", s->urgency, "urgency_model", s->urgency_model, "urgency_raised_by",
                     raised_names[s->raised], "level", level_name(s->level), "safety", s->safety,
                     "exposure", s->exposure, "exposure_factor_pct", s->factor_pct, "principles",
                     ps, "critical", crit, "ask_it_supplier", ask, "set_2024", set24,
                     "questionnaire_version", qn->version, "lang", lang_name(lang));
}
