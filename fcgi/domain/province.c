/*
 * province.c — see province.h.
 */
#include "domain/province.h"

#include <string.h>

const struct province provinces[PROVINCE_COUNT] = {
    {"GR", "Groningen", NULL},  {"FR", "Fryslân", "Friesland"}, {"DR", "Drenthe", NULL},
    {"OV", "Overijssel", NULL}, {"FL", "Flevoland", NULL},      {"GE", "Gelderland", NULL},
    {"UT", "Utrecht", NULL},    {"NH", "Noord-Holland", NULL},  {"ZH", "Zuid-Holland", NULL},
    {"ZE", "Zeeland", NULL},    {"NB", "Noord-Brabant", NULL},  {"LI", "Limburg", NULL},
};

int province_by_code(const char *code)
{
    if (strncmp(code, "NL-", 3) == 0)
        code += 3;
    for (int i = 0; i < PROVINCE_COUNT; i++)
        if (strcmp(provinces[i].code, code) == 0)
            return i;
    return -1;
}

int province_by_name(const char *name)
{
    for (int i = 0; i < PROVINCE_COUNT; i++)
        if (strcmp(provinces[i].name, name) == 0 ||
            (provinces[i].alias != NULL && strcmp(provinces[i].alias, name) == 0))
            return i;
    return -1;
}
