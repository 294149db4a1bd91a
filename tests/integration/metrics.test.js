// /metrics: Prometheus' text format, counters that follow what happened
// (requests by route and status, latency, sessions, referrals by status from
// Redis, Redis reconnects and errors, the content in force), served to
// loopback clients only, and scraped by a real Prometheus (Debian's) with
// the shipped alert rules loaded.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { startStack, freePort, until, top } = require('./lib/stack');
const { completeShipped, newSession } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');
const { fcgiRequest } = require('./lib/fcgi');

let s;
let nets;
before(async () => {
  nets = testNetworks();
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file } });
});
after(async () => {
  await s.stop();
  nets.cleanup();
});

// GET from a chosen local address (127.0.0.2 is loopback too, but not the scraper's)
function getFrom(localAddress, p) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: s.port, path: p, localAddress, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
  });
}

// Parses the text format strictly: every sample line belongs to a family
// declared by # TYPE before it; returns Map "name{labels}" → value.
function parse(text) {
  const types = new Map();
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = line.match(/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/);
    if (m) {
      if (m[1] === 'TYPE') {
        assert.ok(!types.has(m[2]), `TYPE ${m[2]} twice`);
        assert.match(m[3], /^(counter|gauge|histogram)$/);
        types.set(m[2], m[3]);
      }
      continue;
    }
    m = line.match(
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+]+|\+Inf)$/,
    );
    assert.ok(m, `not a sample line: ${line}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(m[1]) || types.get(family) === 'histogram', `${m[1]} has no TYPE before it`);
    assert.ok(!samples.has(m[1] + (m[2] || '')), `sample twice: ${line}`);
    samples.set(m[1] + (m[2] || ''), Number(m[3]));
  }
  return samples;
}

async function scrape() {
  const r = await s.get('/metrics');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  return parse(r.text);
}

const get = (m, key) => m.get(key) || 0;

test('counters follow a session from start to result', async () => {
  const m0 = await scrape();
  const token = await completeShipped(s, { postcode: '9712 CP' });
  assert.equal((await s.get(`/api/v1/sessions/${token}/result`)).status, 200);
  assert.equal((await s.get(`/api/v1/sessions/${token}/result`)).status, 200);
  assert.equal((await s.get('/api/v1/no/such/thing')).status, 404);
  const m1 = await scrape();
  assert.equal(get(m1, 'zelftest_sessions_started_total') - get(m0, 'zelftest_sessions_started_total'), 1);
  assert.equal(
    get(m1, 'zelftest_sessions_completed_total') - get(m0, 'zelftest_sessions_completed_total'),
    1,
    'a result shown twice is one completion',
  );
  const k = 'zelftest_http_requests_total{method="POST",route="/api/v1/sessions",status="201"}';
  assert.equal(get(m1, k) - get(m0, k), 1);
  const res = 'zelftest_http_requests_total{method="GET",route="/api/v1/sessions/*/result",status="200"}';
  assert.equal(get(m1, res) - get(m0, res), 2);
  const nf = 'zelftest_http_requests_total{method="-",route="-",status="404"}';
  assert.equal(get(m1, nf) - get(m0, nf), 1);
  // the histogram: cumulative buckets, +Inf equals the count
  const h = (le) =>
    get(
      m1,
      `zelftest_http_request_duration_seconds_bucket{method="PUT",route="/api/v1/sessions/*/answers/*",le="${le}"}`,
    );
  const les = [
    '0.00025',
    '0.0005',
    '0.001',
    '0.0025',
    '0.005',
    '0.01',
    '0.025',
    '0.05',
    '0.1',
    '0.25',
    '1',
    '5',
    '+Inf',
  ];
  for (let i = 1; i < les.length; i++) assert.ok(h(les[i]) >= h(les[i - 1]), `bucket ${les[i]} < ${les[i - 1]}`);
  const ck = 'zelftest_http_request_duration_seconds_count{method="PUT",route="/api/v1/sessions/*/answers/*"}';
  const count = get(m1, ck);
  assert.equal(count - get(m0, ck), 20, 'the shipped questionnaire has 20 questions, each answered once');
  assert.equal(h('+Inf'), count);
  assert.ok(
    get(m1, 'zelftest_http_request_duration_seconds_sum{method="PUT",route="/api/v1/sessions/*/answers/*"}') > 0,
  );
  const qv = JSON.parse(fs.readFileSync(path.join(__dirname, '../../questions/questionnaire.json'), 'utf8')).version;
  assert.equal(get(m1, `zelftest_content_info{file="questionnaire",version="${qv}",current="yes"}`), 1);
  assert.equal(get(m1, 'zelftest_content_items{file="networks"}'), 8);
  assert.equal(get(m1, 'zelftest_redis_up{redis="durable"}'), 1);
  assert.ok(get(m1, 'zelftest_workers{state="running"}') >= 1);
  // nothing of the request: no token, no path with a secret in it
  const text = (await s.get('/metrics')).text;
  assert.ok(!text.includes(token), 'a session token in the metrics');
});

test('referrals by network and status are read from Redis', async () => {
  const net = 'cyberweerbaarheid-noord-nederland';
  const key = (st) => `zelftest_referrals{network="${net}",status="${st}"}`;
  const m0 = await scrape();
  const token = await completeShipped(s, { postcode: '9712 CP' });
  await s.get(`/api/v1/sessions/${token}/result`);
  const r = await s.post(`/api/v1/sessions/${token}/referral`, {
    company: 'Bakkerij De Korenbloem',
    contact_name: 'Jan de Vries',
    email: 'jan@korenbloem.example',
    phone: '06 12345678',
    postcode: '9712 CP',
    consent: true,
    share_answers: false,
    scan: scanOf(net),
    agreement: AGREEMENT,
  });
  assert.equal(r.status, 201, r.text);
  const m1 = await scrape();
  assert.equal(get(m1, key('new')) - get(m0, key('new')), 1);
  const st = await s.post(
    `/api/v1/network/referrals/${r.json.referral}/status`,
    { status: 'contacted' },
    bearer(nets.tokens[net]),
  );
  assert.equal(st.status, 200, st.text);
  const m2 = await scrape();
  assert.equal(get(m2, key('new')), get(m0, key('new')));
  assert.equal(get(m2, key('contacted')) - get(m0, key('contacted')), 1);
  assert.ok(!(await s.get('/metrics')).text.includes('Korenbloem'));
});

test('Redis reconnects and errors are counted per instance', async () => {
  const m0 = await scrape();
  const pid = s.pid('redis-sessions');
  process.kill(pid, 'SIGKILL');
  await until(() => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
  const down = await s.post('/api/v1/sessions', { lang: 'nl' });
  assert.equal(down.status, 503);
  const m1 = await scrape();
  assert.equal(get(m1, 'zelftest_redis_up{redis="sessions"}'), 0);
  assert.equal(get(m1, 'zelftest_redis_up{redis="durable"}'), 1);
  const errs = (m, kind) => get(m, `zelftest_redis_errors_total{redis="sessions",kind="${kind}"}`);
  assert.ok(errs(m1, 'lost') + errs(m1, 'connect') > errs(m0, 'lost') + errs(m0, 'connect'));
  assert.equal(
    get(m1, 'zelftest_redis_errors_total{redis="durable",kind="connect"}'),
    get(m0, 'zelftest_redis_errors_total{redis="durable",kind="connect"}'),
  );
  const k503 = 'zelftest_http_requests_total{method="POST",route="/api/v1/sessions",status="503"}';
  assert.equal(get(m1, k503) - get(m0, k503), 1);
  s.restartRedis('sessions');
  assert.ok(await until(async () => (await s.post('/api/v1/sessions', { lang: 'nl' })).status === 201));
  const m2 = await scrape();
  assert.ok(
    get(m2, 'zelftest_redis_reconnects_total{redis="sessions"}') >
      get(m0, 'zelftest_redis_reconnects_total{redis="sessions"}'),
  );
  assert.equal(get(m2, 'zelftest_redis_up{redis="sessions"}'), 1);
});

test('only loopback clients get /metrics: 127.0.0.2 is refused by nginx, any other address by the program', async () => {
  const ok = await getFrom('127.0.0.1', '/metrics');
  assert.equal(ok.status, 200);
  const no = await getFrom('127.0.0.2', '/metrics');
  assert.equal(no.status, 403);
  assert.match(no.text, /"code":"forbidden"/);
  assert.ok(!no.text.includes('zelftest_'), 'a refusal that carries metrics');
  // and the app can be tried from the same address: the refusal is for /metrics only
  assert.equal((await getFrom('127.0.0.2', '/healthz')).status, 200);
  // straight to the program's socket with another client address (a proxy set up wrongly)
  const sock = path.join(s.dir, 'run/zelftest.sock');
  const env = (addr) => ({ REQUEST_METHOD: 'GET', REQUEST_URI: '/metrics', REMOTE_ADDR: addr });
  for (const addr of ['10.1.2.3', '127.0.0.2', '::ffff:127.0.0.1']) {
    const r = await fcgiRequest(sock, env(addr));
    assert.equal(r.status, 404, `${addr}: ${r.text}`);
    assert.ok(!r.text.includes('zelftest_'));
  }
  assert.equal((await fcgiRequest(sock, env('::1'))).status, 200);
});

test('a real Prometheus scrapes /metrics with the shipped alert rules loaded', async () => {
  const prometheus = '/usr/bin/prometheus';
  assert.ok(fs.existsSync(prometheus), 'Debian prometheus is missing (scripts/deps.sh test)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-prom-'));
  const port = await freePort();
  fs.copyFileSync(path.join(top, 'ops/prometheus/alerts.yml'), path.join(dir, 'alerts.yml'));
  // the shipped scrape config with this stack's port and a quick interval
  const cfg = fs
    .readFileSync(path.join(top, 'ops/prometheus/prometheus.yml'), 'utf8')
    .replace(/scrape_interval: \d+s/g, 'scrape_interval: 1s')
    .replace(/scrape_timeout: \d+s/, 'scrape_timeout: 1s')
    .replace(/evaluation_interval: \d+s/, 'evaluation_interval: 1s')
    .replace('127.0.0.1:8080', `127.0.0.1:${s.port}`);
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), cfg);
  const check = spawnSync('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const p = spawn(
    prometheus,
    [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  p.stderr.on('data', (d) => (log += d));
  try {
    const query = async (q) => {
      const r = await new Promise((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`, (res) => {
            let t = '';
            res.on('data', (c) => (t += c));
            res.on('end', () => resolve(t));
          })
          .on('error', reject);
      }).catch(() => null);
      try {
        return JSON.parse(r).data.result;
      } catch {
        return null; // still starting ("Service Unavailable")
      }
    };
    const up = await until(
      async () => {
        const r = await query('up{job="zelftest"}');
        return r && r.length === 1 && r[0].value[1] === '1' ? r : null;
      },
      30000,
      250,
    );
    assert.ok(up, `Prometheus did not scrape the stack: ${log}`);
    const samples = await query('scrape_samples_scraped{job="zelftest"}');
    assert.ok(Number(samples[0].value[1]) > 40, JSON.stringify(samples));
    const redis = await until(
      async () => {
        const r = await query('zelftest_redis_up');
        return r && r.length === 2 ? r : null;
      },
      10000,
      250,
    );
    assert.deepEqual(redis.map((x) => [x.metric.redis, x.value[1]]).sort(), [
      ['durable', '1'],
      ['sessions', '1'],
    ]);
    const rules = await new Promise((resolve) => {
      http.get(`http://127.0.0.1:${port}/api/v1/rules`, (res) => {
        let t = '';
        res.on('data', (c) => (t += c));
        res.on('end', () => resolve(JSON.parse(t)));
      });
    });
    const names = rules.data.groups.flatMap((g) => g.rules.map((r) => r.name));
    for (const n of ['ZelftestDown', 'ZelftestRedisDown', 'ZelftestHighErrorRate']) assert.ok(names.includes(n), n);
  } finally {
    p.kill('SIGTERM');
    await new Promise((r) => (p.exitCode !== null ? r() : p.on('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the alert rules pass their own unit tests (promtool test rules)', () => {
  const r = spawnSync('promtool', ['test', 'rules', 'alerts.test.yml'], {
    cwd: path.join(top, 'ops/prometheus'),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS/);
});

test('a session started while metrics are read: the scrape never blocks requests', async () => {
  const started = await Promise.all([scrape(), newSession(s), scrape(), newSession(s)]);
  assert.equal(started.length, 4);
});
