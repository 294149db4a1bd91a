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
#include "domain/ncsc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QN_PRINCIPLES 5
#define QN_MAX_QUESTIONS 48
#define QN_MAX_OPTIONS 16 /* answers are stored as a bit mask of options */
#define QN_MAX_PRINCIPLE_QUESTIONS 4
#define QN_MAX_VARIANTS 4 /* versions of one step for different profiles */
#define QN_MAX_WHEN 3     /* conditions of one version */
#define QN_MAX_FLOORS 4
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

/* One condition of a step's version: question `question` (a single question) answered with
 * one of the options in the bit mask `options`. */
struct qn_when {
    int question;
    uint32_t options;
};

/* One version of a step: shown when every condition holds (none: always). */
struct qn_variant {
    struct qn_when when[QN_MAX_WHEN];
    size_t nwhen;
    struct qn_text text;
};

/*
 * An advice step: its versions in order, the first whose conditions hold
 * is shown; the last has no conditions, so there is always one (n == 0:
 * no step at all).
 */
struct qn_step {
    struct qn_variant variant[QN_MAX_VARIANTS];
    size_t n;
};

struct qn_option {
    char *id;
    struct qn_text label;
    int points; /* principle questions: safety points; profile: exposure points */
    bool critical;
    bool exclusive; /* multi only: cannot be combined with other options */
    bool unknown;   /* "don't know": scores as the worst answer; its step is `ask` */
    /* single: the step when this option is chosen (every option below the best has one);
     * multi: the step when this option is not ticked (every option with points has one) */
    struct qn_step advice;
    struct qn_text ask; /* unknown only: the question to put to the IT supplier */
};

struct qn_question {
    char *id;
    enum qn_type type;
    enum qn_role role;
    int principle;             /* index into qn.principles, or -1 for a profile question */
    struct qn_text text, help; /* help.s[] are NULL when the question has none */
    char *ncsc_2024;           /* principle of the 2024 NCSC/DTC set (principle questions) */
    enum ncsc ncsc;            /* the same as an index */
    struct qn_option *options;
    size_t noptions;
    int max_points; /* single: best option; multi: all positive options together */
};

struct qn_principle {
    char *id;
    char *ncsc_2024;
    enum ncsc ncsc;
    int weight;
    struct qn_text title;       /* the DTC's name of the principle */
    struct qn_text plain_title; /* what an owner recognises ("Back-ups en noodplan") */
    struct qn_text intro;
    struct qn_step keep_up; /* the step of a principle at level low */
    size_t first, count;    /* its questions: qn.questions[first .. first+count) */
};

/*
 * The overall level never lies below what the bars say: when at least
 * `count` principles are at level `principles` or worse, the overall
 * level is at least `level` (the urgency is raised to that level's
 * threshold).
 */
struct qn_floor {
    enum level principles;
    int count;
    enum level level;
};

struct qn_scoring {
    int urgency_medium_from, urgency_high_from;
    int principle_high_below, principle_medium_below;
    int exposure_min_pct, exposure_max_pct;
    struct qn_floor floor[QN_MAX_FLOORS];
    size_t nfloors;
};

struct qn {
    char *version;
    struct qn_scoring scoring;
    struct qn_principle principles[QN_PRINCIPLES];
    struct qn_text ncsc_title[NCSC_COUNT]; /* titles of the 2024 set */
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
