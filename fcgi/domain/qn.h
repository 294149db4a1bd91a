/*
 * qn.h — the questionnaire as the program holds it once content/qn_file.c
 * has loaded and validated it: immutable, shared by every request.
 *
 * A loaded questionnaire never changes.  Questions are numbered in the
 * order they are asked (the principles' questions first, then the profile
 * questions); sessions store answers by that index, which is why a session
 * keeps the questionnaire version it started with.
 */
#ifndef ZT_QN_H
#define ZT_QN_H

#include "domain/lang.h"
#include "domain/level.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QN_PRINCIPLES 5
#define QN_MAX_QUESTIONS 48
#define QN_MAX_OPTIONS 16 /* answers are stored as a bit mask of options */
#define QN_MAX_ADVICE 6
#define QN_ID_MAX 32
#define QN_VERSION_MAX 32
#define QN_TEXT_MAX 2000 /* bytes of one text (a label, a help, an advice item) */

enum qn_type { QN_SINGLE, QN_MULTI, QN_POSTCODE };

enum qn_role {
    QN_ROLE_NONE = 0, /* a question of a principle */
    QN_ROLE_SECTOR,
    QN_ROLE_SIZE,
    QN_ROLE_PERSONAL_DATA,
    QN_ROLE_IT_DEPENDENCE,
    QN_ROLE_POSTCODE,
    QN_ROLE_COUNT
};

struct qn_text {
    char *s[LANG_COUNT];
};

struct qn_option {
    char *id;
    struct qn_text label;
    int points; /* principle questions: safety points; profile: exposure points */
    bool critical;
    bool exclusive; /* multi only: cannot be combined with other options */
};

struct qn_question {
    char *id;
    enum qn_type type;
    enum qn_role role;
    int principle; /* index into qn.principles, or -1 for a profile question */
    struct qn_text text, help;
    char *ncsc_2024; /* principle of the 2024 NCSC/DTC set (principle questions) */
    struct qn_option *options;
    size_t noptions;
    int max_points; /* single: best option; multi: all positive options together */
};

struct qn_advice {
    char *items[LANG_COUNT][QN_MAX_ADVICE];
    size_t n[LANG_COUNT];
};

struct qn_principle {
    char *id;
    char *ncsc_2024;
    int weight;
    struct qn_text title, intro;
    struct qn_advice advice[LEVEL_COUNT];
    size_t first, count; /* its questions: qn.questions[first .. first+count) */
};

struct qn_scoring {
    int urgency_medium_from, urgency_high_from;
    int principle_high_below, principle_medium_below;
    int exposure_min_pct, exposure_max_pct;
};

struct qn {
    char *version;
    struct qn_scoring scoring;
    struct qn_principle principles[QN_PRINCIPLES];
    struct qn_question questions[QN_MAX_QUESTIONS];
    size_t nquestions;
    int role_question[QN_ROLE_COUNT]; /* question index per profile role, -1 for NONE */
    int exposure_max;                 /* sum of max_points over the profile choice questions */
    char *public_json[LANG_COUNT];    /* the GET /api/v1/questionnaire body per language */
    size_t public_len[LANG_COUNT];
    uint8_t digest[32]; /* SHA-256 of the file: an unchanged file is not loaded again */
};

/* Index of the question with this id, or -1. */
int qn_question_index(const struct qn *q, const char *id);

/* Index of the principle with this id, or -1. */
int qn_principle_index(const struct qn *q, const char *id);

/* Index of the option with this id in question `qi`, or -1. */
int qn_option_index(const struct qn *q, size_t qi, const char *id);

#endif
