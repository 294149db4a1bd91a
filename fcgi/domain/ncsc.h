/*
 * ncsc.h — the five principles of the renewed NCSC/DTC set (2024), which
 * every principle and question of the questionnaire also maps to, so that
 * networks can read results and statistics in that vocabulary.  Their
 * titles are content (questionnaire.json, "ncsc_2024"); only the ids are
 * fixed here.
 */
#ifndef ZT_NCSC_H
#define ZT_NCSC_H

enum ncsc {
    NCSC_RISKS = 0, /* Breng je risico's in kaart */
    NCSC_BEHAVIOUR, /* Bevorder veilig gedrag */
    NCSC_PROTECT,   /* Bescherm systemen, applicaties en apparaten */
    NCSC_ACCESS,    /* Beheer toegang tot data en diensten */
    NCSC_INCIDENTS, /* Bereid je voor op incidenten */
    NCSC_COUNT
};

/* "risks", "behaviour", "protect", "access" or "incidents"; borrowed static string. */
const char *ncsc_name(enum ncsc n);

/* The principle for its exact id, or -1. */
int ncsc_parse(const char *s);

#endif
