/*
 * advice.c — see advice.h.
 */
#include "domain/advice.h"

bool advice_variant_holds(const struct qn_variant *v, const struct answers *a)
{
    for (size_t i = 0; i < v->nwhen; i++)
        if ((a->sel[v->when[i].question] & v->when[i].options) == 0)
            return false; /* another answer, or none */
    return true;
}

const char *advice_step(const struct qn_step *st, const struct answers *a, enum lang lang)
{
    for (size_t i = 0; i < st->n; i++)
        if (advice_variant_holds(&st->variant[i], a))
            return st->variant[i].text.s[lang];
    return NULL; /* only a step without versions: the last version has no conditions */
}

/* Inserts `it` after every item that loses at least as many points (stable). */
static void insert(struct advice_item *out, size_t n, struct advice_item it)
{
    size_t i = n;
    while (i > 0 && out[i - 1].points_lost < it.points_lost) {
        out[i] = out[i - 1];
        i--;
    }
    out[i] = it;
}

size_t advice_improve(const struct qn *qn, const struct answers *a, size_t p, enum lang lang,
                      struct advice_item *out)
{
    const struct qn_principle *pr = &qn->principles[p];
    size_t n = 0;
    for (size_t k = pr->first; k < pr->first + pr->count; k++) {
        const struct qn_question *q = &qn->questions[k];
        for (size_t i = 0; i < q->noptions; i++) {
            const struct qn_option *o = &q->options[i];
            bool chosen = (a->sel[k] & (1u << i)) != 0;
            struct advice_item it = {.question = k, .option = i, .ask = o->unknown};
            if (q->type == QN_MULTI && !chosen && o->points > 0) {
                it.points_lost = o->points;
                it.text = advice_step(&o->advice, a, lang);
            } else if (q->type == QN_SINGLE && chosen && o->points < q->max_points) {
                it.points_lost = q->max_points - o->points;
                it.text = o->unknown ? o->ask.s[lang] : advice_step(&o->advice, a, lang);
            } else
                continue;
            insert(out, n++, it);
        }
    }
    return n;
}

size_t advice_ask(const struct qn *qn, const struct answers *a, enum lang lang,
                  struct advice_item *out)
{
    size_t n = 0;
    for (size_t k = 0; k < qn->nquestions; k++) {
        const struct qn_question *q = &qn->questions[k];
        if (q->principle < 0 || q->type != QN_SINGLE)
            continue;
        for (size_t i = 0; i < q->noptions; i++)
            if ((a->sel[k] & (1u << i)) && q->options[i].unknown)
                out[n++] = (struct advice_item){.question = k,
                                                .option = i,
                                                .points_lost = q->max_points - q->options[i].points,
                                                .ask = true,
                                                .text = q->options[i].ask.s[lang]};
    }
    return n;
}
