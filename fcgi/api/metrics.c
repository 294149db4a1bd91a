/*
 * metrics.c — GET /metrics: the program's counters in Prometheus' text
 * format (version 0.0.4).  nginx serves it to loopback clients only
 * (nginx/zelftest.conf.in), and the handler refuses any other client
 * address as well, in case a proxy in front is set up differently.
 *
 * What is counted in the process (util/metrics.h) restarts at zero with
 * it; referrals by network and status are read from the durable Redis at
 * each scrape (zt_referral_counts); the content in force is read from the
 * worker's snapshot.  Nothing personal: routes are patterns, never paths.
 */
#include "api/api.h"

#include "http/route.h"
#include "util/metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define METRICS_OUT_MAX (1u << 20)

struct out {
    char *p;
    size_t len, cap;
    bool failed;
};

static void add(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct out *o, const char *fmt, ...)
{
    for (int tries = 0; tries < 2 && !o->failed; tries++) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->failed = true;
            return;
        }
        if ((size_t)n < o->cap - o->len) {
            o->len += (size_t)n;
            return;
        }
        size_t cap = o->cap * 2;
        while (cap - o->len <= (size_t)n)
            cap *= 2;
        char *p = cap <= METRICS_OUT_MAX ? realloc(o->p, cap) : NULL;
        if (p == NULL) {
            o->failed = true;
            return;
        }
        o->p = p;
        o->cap = cap;
    }
}

/* A label value with \, " and newline escaped (the text format's rule). */
static const char *esc(const char *s, char *buf, size_t cap)
{
    size_t j = 0;
    for (; s != NULL && *s != '\0' && j + 3 < cap; s++) {
        if (*s == '\\' || *s == '"') {
            buf[j++] = '\\';
            buf[j++] = *s;
        } else if (*s == '\n') {
            buf[j++] = '\\';
            buf[j++] = 'n';
        } else
            buf[j++] = *s;
    }
    buf[j] = '\0';
    return buf;
}

static void head(struct out *o, const char *name, const char *type, const char *help)
{
    add(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static const char *method_name(int m)
{
    return m == M_GET      ? "GET"
           : m == M_POST   ? "POST"
           : m == M_PUT    ? "PUT"
           : m == M_DELETE ? "DELETE"
                           : "-";
}

static void requests(struct out *o)
{
    size_t n;
    const struct route *routes = api_routes(&n);
    head(o, "zelftest_http_requests_total", "counter",
         "Requests the program answered, by route pattern and status (no route: 404/405 and "
         "requests too odd to route).");
    for (size_t k = 0; k <= n; k++) {
        int idx = k < n ? (int)k : METRICS_ROUTE_NONE;
        const char *m = k < n ? method_name(routes[k].method) : "-";
        const char *pat = k < n ? routes[k].pattern : "-";
        for (int si = 0; si <= METRICS_STATUSES; si++) {
            uint64_t v = metrics_requests(idx, si);
            if (v == 0)
                continue;
            if (si < METRICS_STATUSES)
                add(o,
                    "zelftest_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %llu\n",
                    m, pat, metrics_status_code(si), (unsigned long long)v);
            else
                add(o,
                    "zelftest_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} "
                    "%llu\n",
                    m, pat, (unsigned long long)v);
        }
    }
    head(o, "zelftest_http_request_duration_seconds", "histogram",
         "Time the program took to answer a request (routing and handler), by route pattern.");
    for (size_t k = 0; k <= n; k++) {
        int idx = k < n ? (int)k : METRICS_ROUTE_NONE;
        const char *m = k < n ? method_name(routes[k].method) : "-";
        const char *pat = k < n ? routes[k].pattern : "-";
        uint64_t counts[METRICS_BUCKETS + 1], sum, cum = 0;
        metrics_latency(idx, counts, &sum);
        for (int b = 0; b <= METRICS_BUCKETS; b++)
            cum += counts[b];
        if (cum == 0)
            continue;
        uint64_t total = cum;
        cum = 0;
        for (int b = 0; b < METRICS_BUCKETS; b++) {
            cum += counts[b];
            add(o,
                "zelftest_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%"
                "g\"} "
                "%llu\n",
                m, pat, (double)metrics_bucket_us[b] / 1e6, (unsigned long long)cum);
        }
        add(o,
            "zelftest_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} "
            "%llu\n"
            "zelftest_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n"
            "zelftest_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
            m, pat, (unsigned long long)total, m, pat, (double)sum / 1e6, m, pat,
            (unsigned long long)total);
    }
}

static bool ping(struct store *s)
{
    static const char *argv[] = {"PING"};
    redisReply *rep = store_cmd(s, 1, argv, NULL);
    bool ok = rep != NULL && rep->type == REDIS_REPLY_STATUS;
    if (rep != NULL)
        freeReplyObject(rep);
    return ok;
}

static void redis(struct out *o, struct req *r, bool up[2])
{
    struct store *stores[] = {&r->app->sessions, &r->app->durable};
    head(o, "zelftest_redis_up", "gauge", "1 when the instance answered PING during this scrape.");
    for (int i = 0; i < METRICS_REDIS_INSTANCES; i++) {
        up[i] = ping(stores[i]);
        add(o, "zelftest_redis_up{redis=\"%s\"} %d\n", metrics_redis_name(i), up[i] ? 1 : 0);
    }
    head(o, "zelftest_redis_connections_total", "counter",
         "Connections opened to the instance (each worker and the retention thread has its own).");
    for (int i = 0; i < METRICS_REDIS_INSTANCES; i++)
        add(o, "zelftest_redis_connections_total{redis=\"%s\"} %llu\n", metrics_redis_name(i),
            (unsigned long long)metrics_redis(i, METRICS_REDIS_CONNECT));
    head(o, "zelftest_redis_reconnects_total", "counter",
         "Connections opened after an earlier connection of the same worker was lost.");
    for (int i = 0; i < METRICS_REDIS_INSTANCES; i++)
        add(o, "zelftest_redis_reconnects_total{redis=\"%s\"} %llu\n", metrics_redis_name(i),
            (unsigned long long)metrics_redis(i, METRICS_REDIS_RECONNECT));
    head(o, "zelftest_redis_errors_total", "counter",
         "Redis errors by kind: connect (an attempt failed), lost (a connection broke), reply "
         "(Redis refused a function call).");
    static const struct {
        enum metrics_redis_event ev;
        const char *kind;
    } kinds[] = {{METRICS_REDIS_CONNECT_ERROR, "connect"},
                 {METRICS_REDIS_LOST, "lost"},
                 {METRICS_REDIS_ERROR_REPLY, "reply"}};
    for (int i = 0; i < METRICS_REDIS_INSTANCES; i++)
        for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
            add(o, "zelftest_redis_errors_total{redis=\"%s\",kind=\"%s\"} %llu\n",
                metrics_redis_name(i), kinds[k].kind,
                (unsigned long long)metrics_redis(i, kinds[k].ev));
}

/* Referrals per network and status, read from the durable Redis. */
static void referrals(struct out *o, struct req *r, bool durable_up)
{
    const struct networks *nets = r->content->networks;
    const char *argv[NET_MAX + 3];
    char keys[NET_MAX][NET_ID_MAX + 24], nk[12];
    head(o, "zelftest_referrals", "gauge",
         "Referrals held now, by network and status (read from the durable Redis).");
    if (!durable_up)
        return;
    snprintf(nk, sizeof(nk), "%zu", nets->n);
    argv[0] = "FCALL_RO";
    argv[1] = "zt_referral_counts";
    argv[2] = nk;
    for (size_t i = 0; i < nets->n; i++) {
        snprintf(keys[i], sizeof(keys[i]), "zt:net:%s:refs", nets->items[i].id);
        argv[3 + i] = keys[i];
    }
    redisReply *rep = store_cmd(&r->app->durable, (int)nets->n + 3, argv, NULL);
    if (rep != NULL && rep->type == REDIS_REPLY_ARRAY && rep->elements == nets->n) {
        for (size_t i = 0; i < nets->n; i++) {
            const redisReply *flat = rep->element[i];
            if (flat->type != REDIS_REPLY_ARRAY)
                continue;
            for (size_t j = 0; j + 1 < flat->elements; j += 2) {
                char st[64];
                if (!store_elem_is_str(flat, j) || !store_elem_is_int(flat, j + 1))
                    continue;
                esc(flat->element[j]->str, st, sizeof(st));
                add(o, "zelftest_referrals{network=\"%s\",status=\"%s\"} %lld\n", nets->items[i].id,
                    st, flat->element[j + 1]->integer);
            }
        }
    }
    if (rep != NULL)
        freeReplyObject(rep);
}

static void content(struct out *o, struct req *r)
{
    const struct content *c = r->content;
    char v[80];
    head(o, "zelftest_content_info", "gauge",
         "The content files in force (1 per file and version); several questionnaire versions "
         "stay loaded while sessions use them.");
    for (const struct qn_node *q = c->qns; q != NULL; q = q->older)
        add(o, "zelftest_content_info{file=\"questionnaire\",version=\"%s\",current=\"%s\"} 1\n",
            esc(q->qn->version, v, sizeof(v)), q == c->qns ? "yes" : "no");
    add(o, "zelftest_content_info{file=\"networks\",version=\"%s\",current=\"yes\"} 1\n",
        esc(c->networks->version ? c->networks->version : "-", v, sizeof(v)));
    add(o, "zelftest_content_info{file=\"campaigns\",version=\"%s\",current=\"yes\"} 1\n",
        esc(c->campaigns->version ? c->campaigns->version : "-", v, sizeof(v)));
    head(o, "zelftest_content_items", "gauge", "Entries in the content files in force.");
    size_t enabled = 0;
    for (size_t i = 0; i < c->networks->n; i++)
        enabled += !c->networks->items[i].disabled;
    add(o,
        "zelftest_content_items{file=\"networks\"} %zu\n"
        "zelftest_content_items{file=\"networks_enabled\"} %zu\n"
        "zelftest_content_items{file=\"campaigns\"} %zu\n"
        "zelftest_content_items{file=\"postcodes\"} %zu\n",
        c->networks->n, enabled, c->campaigns->n, c->pc4->n);
    head(o, "zelftest_reloads_total", "counter", "Content reloads (SIGHUP) by result.");
    add(o,
        "zelftest_reloads_total{result=\"ok\"} %llu\nzelftest_reloads_total{result=\"refused\"} "
        "%llu\n",
        (unsigned long long)metrics_get(METRICS_RELOADS_OK),
        (unsigned long long)metrics_get(METRICS_RELOADS_REFUSED));
}

int api_metrics(struct req *r)
{
    const char *addr = req_env(r, "REMOTE_ADDR");
    static const char *const nothing[] = {"Op dit adres is niets.",
                                          "There is nothing at this address."};
    if (addr == NULL || (strcmp(addr, "127.0.0.1") != 0 && strcmp(addr, "::1") != 0))
        return resp_error2(r, 404, "not_found", nothing);
    struct out o = {.p = malloc(16384), .cap = 16384};
    if (o.p == NULL)
        return api_fail(r, E_INTERNAL);
    bool up[2];
    requests(&o);
    redis(&o, r, up);
    referrals(&o, r, up[METRICS_REDIS_DURABLE]);
    head(&o, "zelftest_sessions_started_total", "counter", "Sessions started.");
    add(&o, "zelftest_sessions_started_total %llu\n",
        (unsigned long long)metrics_get(METRICS_SESSIONS_STARTED));
    head(&o, "zelftest_sessions_completed_total", "counter",
         "Tests completed (counted once per session, when its result is first shown).");
    add(&o, "zelftest_sessions_completed_total %llu\n",
        (unsigned long long)metrics_get(METRICS_SESSIONS_COMPLETED));
    content(&o, r);
    head(&o, "zelftest_erasure_log_total", "counter",
         "Erased referral ids written to the erasure log (ZELFTEST_ERASURE_LOG), by result.");
    add(&o,
        "zelftest_erasure_log_total{result=\"ok\"} "
        "%llu\nzelftest_erasure_log_total{result=\"error\"} "
        "%llu\n",
        (unsigned long long)metrics_get(METRICS_ERASURES_LOGGED),
        (unsigned long long)metrics_get(METRICS_ERASURE_LOG_ERRORS));
    head(&o, "zelftest_workers", "gauge", "Worker threads running and configured.");
    add(&o, "zelftest_workers{state=\"running\"} %d\nzelftest_workers{state=\"configured\"} %ld\n",
        api_workers_running(), r->app->cfg->workers);
    head(&o, "zelftest_start_time_seconds", "gauge", "When the program started (Unix time).");
    add(&o, "zelftest_start_time_seconds %lld\n", (long long)api_start_time());
    if (o.failed) {
        free(o.p);
        return api_fail(r, E_INTERNAL);
    }
    resp_header(r, "Cache-Control: no-store");
    return resp_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", o.p, o.len);
}
