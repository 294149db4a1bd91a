/*
 * completion.c — see completion.h.
 */
#include "domain/completion.h"

#include "domain/province.h"

const char *const stats_by_names[BY_COUNT] = {"sector", "size", "province", "campaign"};

void completion_of(const struct qn *qn, const struct answers *a, const struct pc4_table *pc4,
                   const char *campaign, int64_t now, struct completion *out)
{
    const char *sector = answers_role_option(qn, a, QN_ROLE_SECTOR);
    const char *size = answers_role_option(qn, a, QN_ROLE_SIZE);
    int used;
    const struct pc4_area *area = a->postcode > 0 ? pc4_lookup(pc4, a->postcode, &used) : NULL;
    out->group[BY_SECTOR] = sector != NULL ? sector : COMPLETION_UNKNOWN;
    out->group[BY_SIZE] = size != NULL ? size : COMPLETION_UNKNOWN;
    out->group[BY_PROVINCE] = area != NULL ? provinces[area->province].code : COMPLETION_UNKNOWN;
    out->group[BY_CAMPAIGN] = campaign[0] != '\0' ? campaign : COMPLETION_NO_CAMPAIGN;
    int64_t day = calendar_nl_day(now);
    calendar_iso_week(day, out->week, NULL);
    calendar_day_text(day, out->day);
}
