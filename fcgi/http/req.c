/*
 * req.c — the request/response plumbing shared by every handler.
 */
#include "http/req.h"

#include "util/log.h"

#include <errno.h>
#include <fcgiapp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int bit;
} methods[] = {{"GET", M_GET}, {"HEAD", M_HEAD},     {"POST", M_POST},
               {"PUT", M_PUT}, {"DELETE", M_DELETE}, {"OPTIONS", M_OPTIONS}};

/* The plumbing's own messages, Dutch and English. */
static const char *const m_length_nan[] = {"Content-Length is geen getal.",
                                           "Content-Length is not a number."};
static const char *const m_too_large[] = {"De inhoud van het verzoek is groter dan 16 KiB.",
                                          "The request body is larger than 16 KiB."};
static const char *const m_no_memory[] = {"Geen geheugen vrij; probeer het opnieuw.",
                                          "Out of memory; try again."};
static const char *const m_short[] = {"De inhoud is korter dan de Content-Length.",
                                      "The body is shorter than its Content-Length."};
static const char *const m_media[] = {
    "Stuur de inhoud als JSON met Content-Type: application/json.",
    "Send the body as JSON with Content-Type: application/json."};
static const char *const m_nul[] = {"De inhoud bevat een NUL-teken.",
                                    "The body contains a NUL byte."};
static const char *const m_not_object[] = {"De inhoud moet een JSON-object zijn.",
                                           "The body must be a JSON object."};

const char *req_env(const struct req *r, const char *name)
{
    return r->fx != NULL ? FCGX_GetParam(name, r->fx->envp) : NULL;
}

int req_start(struct req *r, struct FCGX_Request *fx)
{
    memset(r, 0, sizeof(*r));
    r->fx = fx;
    r->method = M_OTHER;
    r->method_name = "OTHER";
    const char *m = req_env(r, "REQUEST_METHOD");
    for (size_t i = 0; m != NULL && i < sizeof(methods) / sizeof(methods[0]); i++)
        if (strcmp(m, methods[i].name) == 0) {
            r->method = methods[i].bit;
            r->method_name = methods[i].name;
        }
    /* The raw request line's path, not nginx's decoded and normalised $uri:
     * an encoded "/" or a dot segment must reach the validators as it was sent. */
    return req_set_uri(r, req_env(r, "REQUEST_URI"));
}

int req_set_uri(struct req *r, const char *uri)
{
    r->path[0] = r->query[0] = '\0';
    r->nseg = 0;
    if (uri == NULL || uri[0] != '/')
        return 400;
    size_t plen = strcspn(uri, "?#");
    if (plen >= sizeof(r->path))
        return 414;
    memcpy(r->path, uri, plen);
    r->path[plen] = '\0';
    if (uri[plen] == '?') {
        const char *q = uri + plen + 1;
        size_t qlen = strcspn(q, "#");
        if (qlen >= sizeof(r->query))
            return 414;
        memcpy(r->query, q, qlen);
        r->query[qlen] = '\0';
    }
    /* split "/a/b/c" into segments; an empty segment (// or a trailing /) stays empty */
    memcpy(r->segbuf, r->path + 1, plen);
    char *p = r->segbuf;
    for (;;) {
        if (r->nseg == REQ_SEGS_MAX)
            return 404;
        r->seg[r->nseg++] = p;
        char *slash = strchr(p, '/');
        if (slash == NULL)
            break;
        *slash = '\0';
        p = slash + 1;
    }
    return 0;
}

static bool plain_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':';
}

int req_query(const struct req *r, const char *name, char *out, size_t cap)
{
    size_t nlen = strlen(name);
    const char *q = r->query;
    while (*q != '\0') {
        size_t len = strcspn(q, "&");
        if (len > nlen && strncmp(q, name, nlen) == 0 && q[nlen] == '=') {
            size_t vlen = len - nlen - 1;
            const char *v = q + nlen + 1;
            if (vlen >= cap)
                return -1;
            for (size_t i = 0; i < vlen; i++)
                if (!plain_char(v[i]))
                    return -1;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return 1;
        }
        q += len;
        if (*q == '&')
            q++;
    }
    return 0;
}

int req_body(struct req *r)
{
    if (r->body != NULL)
        return 0;
    const char *cl = req_env(r, "CONTENT_LENGTH");
    bool declared = cl != NULL && cl[0] != '\0';
    unsigned long len = REQ_BODY_MAX + 1; /* without a length, read one byte past the limit */
    if (declared) {
        size_t n = strspn(cl, "0123456789");
        if (n == 0 || cl[n] != '\0')
            return resp_error2(r, 400, "bad_request", m_length_nan);
        if (n > 9)
            len = REQ_BODY_MAX + 1;
        else
            len = strtoul(cl, NULL, 10);
        if (len > REQ_BODY_MAX)
            return resp_error2(r, 413, "body_too_large", m_too_large);
    }
    r->body = malloc(len + 1);
    if (r->body == NULL)
        return resp_error2(r, 503, "unavailable", m_no_memory);
    size_t got = 0;
    while (got < len) {
        int n = FCGX_GetStr(r->body + got, (int)(len - got), r->fx->in);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    r->body[got] = '\0';
    r->body_len = got;
    if (!declared) {
        if (got > REQ_BODY_MAX)
            return resp_error2(r, 413, "body_too_large", m_too_large);
        return 0;
    }
    if (got != len)
        return resp_error2(r, 400, "bad_request", m_short);
    return 0;
}

static bool is_json_type(const char *ct)
{
    static const char want[] = "application/json";
    if (ct == NULL || strncasecmp(ct, want, sizeof(want) - 1) != 0)
        return false;
    char next = ct[sizeof(want) - 1];
    return next == '\0' || next == ';' || next == ' ';
}

int req_json(struct req *r, json_t **out, bool optional)
{
    *out = NULL;
    int st = req_body(r);
    if (st != 0)
        return st;
    if (r->body_len == 0 && optional)
        return 0;
    if (!is_json_type(req_env(r, "CONTENT_TYPE")))
        return resp_error2(r, 415, "unsupported_media_type", m_media);
    if (memchr(r->body, '\0', r->body_len) != NULL)
        return resp_error2(r, 400, "bad_json", m_nul);
    json_error_t je;
    json_t *j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL) {
        char msg[256];
        snprintf(msg, sizeof(msg),
                 r->lang == 1 ? "The body is not valid JSON (line %d, column %d): %s"
                              : "De inhoud is geen geldige JSON (regel %d, kolom %d): %s",
                 je.line, je.column, je.text);
        return resp_error(r, 400, "bad_json", msg);
    }
    if (!json_is_object(j)) {
        json_decref(j);
        return resp_error2(r, 400, "bad_json", m_not_object);
    }
    *out = j;
    return 0;
}

/* Drops a raw body set before: the response is what the handler set last. */
static void drop_raw(struct req *r)
{
    if (!r->raw_borrowed)
        free(r->raw);
    r->raw = NULL;
    r->raw_borrowed = false;
    r->raw_len = 0;
    r->raw_type = NULL;
}

int resp_json(struct req *r, int status, json_t *body)
{
    drop_raw(r);
    json_decref(r->out);
    r->out = body;
    r->status = status;
    return status;
}

int resp_error(struct req *r, int status, const char *code, const char *message)
{
    return resp_json(r, status,
                     json_pack("{s:{s:s, s:s}}", "error", "code", code, "message", message));
}

int resp_error2(struct req *r, int status, const char *code, const char *const text[2])
{
    return resp_error(r, status, code, text[r->lang == 1]);
}

int resp_raw(struct req *r, int status, const char *content_type, char *body, size_t len)
{
    drop_raw(r);
    json_decref(r->out);
    r->out = NULL;
    r->raw = body;
    r->raw_len = len;
    r->raw_type = content_type;
    r->status = status;
    return status;
}

int resp_static(struct req *r, int status, const char *content_type, const char *body, size_t len)
{
    resp_raw(r, status, content_type, (char *)body, len);
    r->raw_borrowed = true;
    return status;
}

void resp_header(struct req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->headers + r->hlen, sizeof(r->headers) - r->hlen - 2, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(r->headers) - r->hlen - 2) {
        /* headers are ours, never input: one that does not fit is a bug, and sending the
         * response without it (a CSP, say) would be worse than failing it */
        char name[40];
        snprintf(name, sizeof(name), "%.*s", (int)strcspn(fmt, ":"), fmt);
        log_error("response header %s does not fit (%zu bytes used); answering 500", name, r->hlen);
        r->headers[r->hlen] = '\0';
        r->header_overflow = true;
        return;
    }
    r->hlen += (size_t)n;
    memcpy(r->headers + r->hlen, "\r\n", 3);
    r->hlen += 2;
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

int resp_no_content(struct req *r)
{
    drop_raw(r);
    json_decref(r->out);
    r->out = NULL;
    r->status = 204;
    return 204;
}

static const char internal_error[] =
    "{\"error\":{\"code\":\"internal\",\"message\":\"Something went wrong on our side.\"}}";

size_t req_render(struct req *r, char *head, size_t cap, const char **body, size_t *len)
{
    const char *type = r->raw_type;
    if (r->header_overflow) {
        drop_raw(r);
        json_decref(r->out);
        r->out = NULL;
        r->status = 500;
        r->hlen = 0;
        r->headers[0] = '\0';
    } else if (r->out != NULL) {
        r->raw = json_dumps(r->out, JSON_COMPACT);
        r->raw_len = r->raw != NULL ? strlen(r->raw) : 0;
        type = "application/json; charset=utf-8";
    }
    if (r->raw == NULL && r->status != 204) {
        r->status = 500;
        r->raw = (char *)internal_error;
        r->raw_borrowed = true;
        r->raw_len = sizeof(internal_error) - 1;
        type = "application/json; charset=utf-8";
    }
    int n = snprintf(head, cap, "Status: %d %s\r\n%s", r->status, reason(r->status), r->headers);
    if (r->status != 204)
        n += snprintf(head + n, cap - (size_t)n, "Content-Type: %s\r\nContent-Length: %zu\r\n",
                      type, r->raw_len);
    if (strstr(r->headers, "Cache-Control:") == NULL)
        n += snprintf(head + n, cap - (size_t)n, "Cache-Control: no-store\r\n");
    n += snprintf(head + n, cap - (size_t)n, "\r\n");
    *body = r->status != 204 && r->method != M_HEAD ? r->raw : NULL;
    *len = *body != NULL ? r->raw_len : 0;
    return (size_t)n;
}

void req_free(struct req *r)
{
    json_decref(r->out);
    r->out = NULL;
    drop_raw(r);
    free(r->body);
    r->body = NULL;
}

void req_finish(struct req *r)
{
    char head[REQ_HEADERS_MAX + 256];
    const char *body;
    size_t len;
    size_t n = req_render(r, head, sizeof(head), &body, &len);
    /* a client that went away makes these fail; nothing to do about it (SIGPIPE is ignored) */
    FCGX_PutStr(head, (int)n, r->fx->out);
    if (body != NULL && len > 0)
        FCGX_PutStr(body, (int)len, r->fx->out);
    req_free(r);
}
