/*
 * finding.h — the catalogue of scan findings as the program holds it
 * (content/finding_file.c loads questions/findings.json): what a student
 * team commonly meets during a scan at a small business, each tied to a
 * principle of the questionnaire and to one of the 2024 NCSC/DTC set, so
 * that a coordinator can tick them in a report and a network can count
 * them in either vocabulary.  Immutable once loaded.
 */
#ifndef ZT_FINDING_H
#define ZT_FINDING_H

#include "domain/qn.h"

#include <stddef.h>
#include <stdint.h>

#define FINDING_ID_MAX 40         /* [a-z0-9-] */
#define FINDING_TITLE_CHARS 80    /* code points: a short phrase a coordinator ticks */
#define FINDING_EXPLAIN_CHARS 300 /* code points: one or two plain sentences */
#define FINDINGS_MAX 100
#define NCSC2024_COUNT 5

/*
 * The ids of the 2024 NCSC/DTC principles, in their published order:
 * risks (Breng je risico's in kaart), behaviour (Bevorder veilig gedrag),
 * protect (Bescherm systemen, applicaties en apparaten), access (Beheer
 * toegang tot data en diensten), incidents (Bereid je voor op incidenten);
 * NULL-terminated.  struct finding.ncsc2024 is an index into it.
 */
extern const char *const ncsc2024_ids[NCSC2024_COUNT + 1];

struct finding {
    char *id;
    int principle; /* index into qn->principles of the questionnaire it was checked against */
    int ncsc2024;  /* index into ncsc2024_ids */
    struct qn_text title, explain;
};

struct findings {
    char *version;
    struct finding *items; /* n of them, in the file's order */
    size_t n;
    uint8_t digest[32]; /* SHA-256 of the file: an unchanged file is not loaded again */
};

/* Index of the finding with this id, or -1. */
int findings_find(const struct findings *f, const char *id);

#endif
