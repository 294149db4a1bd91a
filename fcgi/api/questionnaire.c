/*
 * questionnaire.c — GET /api/v1/questionnaire?lang=nl|en
 *
 * The body is built once when the questionnaire loads (content/qn_file.c);
 * points are public, so anyone can check how a score comes about.
 */
#include "api/api.h"

int api_questionnaire(struct req *r)
{
    int lang = api_lang(r, LANG_NL);
    if (lang < 0)
        return r->status;
    const struct qn *qn = content_qn(r->content);
    resp_header(r, "Cache-Control: public, max-age=60");
    return resp_static(r, 200, "application/json; charset=utf-8", qn->public_json[lang],
                       qn->public_len[lang]);
}
