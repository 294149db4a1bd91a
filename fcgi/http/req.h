/*
 * req.h — one request: what came in (method, path, query, body) and what
 * goes out (status, headers, JSON or raw body).
 *
 * Everything here lives for one request and is freed in one place,
 * req_finish().  Strings from libfcgi (FCGX_GetParam) die with the request;
 * whatever a handler keeps is copied.
 */
#ifndef ZT_REQ_H
#define ZT_REQ_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REQ_BODY_MAX (16 * 1024)
#define REQ_PATH_MAX 512
#define REQ_QUERY_MAX 512
#define REQ_SEGS_MAX 10
#define REQ_HEADERS_MAX 2048 /* extra response headers; a CSP with a campaign's origins fits */

enum method {
    M_GET = 1 << 0,
    M_HEAD = 1 << 1,
    M_POST = 1 << 2,
    M_PUT = 1 << 3,
    M_DELETE = 1 << 4,
    M_OPTIONS = 1 << 5,
    M_OTHER = 1 << 6,
};

struct FCGX_Request;
struct app;
struct content;
struct route;

struct req {
    struct FCGX_Request *fx;
    struct app *app;               /* the handlers' stores and settings (api/api.h); not http's */
    const struct content *content; /* snapshot taken when the request started */
    int method;
    const char *method_name; /* static string, for the log */
    char path[REQ_PATH_MAX];
    char query[REQ_QUERY_MAX];
    char segbuf[REQ_PATH_MAX];
    const char *seg[REQ_SEGS_MAX];
    size_t nseg;
    const char *param[4]; /* the path's variable segments, in order */
    size_t nparam;
    const struct route *route;
    int lang; /* the language of error messages: 0 Dutch, 1 English (set by the application) */

    char *body;
    size_t body_len;

    int status;
    json_t *out; /* JSON response body (owned); the response is JSON when set */
    char *raw;   /* else a raw body (malloc'd, owned unless raw_borrowed) */
    bool raw_borrowed;
    size_t raw_len;
    const char *raw_type;
    char headers[REQ_HEADERS_MAX]; /* extra header lines, each ending in \r\n */
    size_t hlen;
    bool header_overflow; /* a header did not fit: the response becomes a 500 */
};

/* Fills the request's inputs from libfcgi.  Returns 0, or an HTTP status for a request too odd to
 * route. */
int req_start(struct req *r, struct FCGX_Request *fx);

/* Splits a raw request URI into path, query and segments.  Returns 0, 400, 404 or 414. */
int req_set_uri(struct req *r, const char *uri);

/* A CGI parameter (e.g. "HTTP_AUTHORIZATION"); borrowed, valid during the request; NULL if absent.
 */
const char *req_env(const struct req *r, const char *name);

/*
 * Copies query parameter `name` into `out`.  Returns 1 when present, 0 when
 * absent, -1 when present but longer than cap-1 or not plain [A-Za-z0-9_.:-].
 */
int req_query(const struct req *r, const char *name, char *out, size_t cap);

/*
 * Reads the body (up to REQ_BODY_MAX; Content-Length is checked, never
 * trusted) and parses it as one JSON object: duplicate keys, NUL bytes and
 * invalid UTF-8 are refused.  An empty body gives *out = NULL when
 * `optional`.  Returns 0, or the error status with the response set.
 */
int req_json(struct req *r, json_t **out, bool optional);

/* Reads the body without parsing it (checks as above, any content type). */
int req_body(struct req *r);

/*
 * Sets a JSON response (steals `body`), replacing any raw body set before;
 * returns `status` so handlers can `return resp_json(...)`.
 */
int resp_json(struct req *r, int status, json_t *body);

/* Sets {"error":{"code","message"}}; returns `status`. */
int resp_error(struct req *r, int status, const char *code, const char *message);

/* The same with the message in r->lang: `text[0]` Dutch, `text[1]` English. */
int resp_error2(struct req *r, int status, const char *code, const char *const text[2]);

/* Sets a raw response body (steals `body`, malloc'd), replacing any JSON set before. */
int resp_raw(struct req *r, int status, const char *content_type, char *body, size_t len);

/* Sets a raw body that outlives the request (e.g. prebuilt content); not freed. */
int resp_static(struct req *r, int status, const char *content_type, const char *body, size_t len);

/*
 * Adds a header line ("Name: value", without CRLF).  A line that does not
 * fit is never dropped silently: the response becomes a 500 and a log
 * line names the header.
 */
void resp_header(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sets 204 No Content; returns 204. */
int resp_no_content(struct req *r);

/*
 * Builds the response's head and body without writing them (the unit tests
 * read them): `head` gets the CGI header lines, *body and *len the body.
 */
size_t req_render(struct req *r, char *head, size_t cap, const char **body, size_t *len);

/* Writes the response to libfcgi and frees everything of the request. */
void req_finish(struct req *r);

/* Frees what the request holds without writing anything (tests, fuzzing). */
void req_free(struct req *r);

#endif
