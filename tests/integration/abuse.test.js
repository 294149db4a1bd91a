// One client must not be able to take the site from the others: nginx's
// per-address limits (nginx/limits.conf) refuse floods with a JSON 429 while
// a normal user on another address (127.0.0.2, … are loopback too) takes the
// test and books; nginx's own errors are JSON; no log keeps an address or a
// secret afterwards.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { startStack, request, until, sleep } = require('./lib/stack');
const { completeShipped, cloneSessions, assertError } = require('./lib/flow');
const { testNetworks, scanOf, AGREEMENT } = require('./lib/networks');

const NOORD = 'cyberweerbaarheid-noord-nederland';
let s;
let nets;
const secrets = new Set(); // every session token and withdrawal link seen: none may reach a log

before(async () => {
  nets = testNetworks();
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_NGINX_LIMITS: 'on' } });
});
after(async () => {
  if (s) await s.stop();
  if (nets) nets.cleanup();
});

// the API as seen from one loopback address, with the time of every request
function client(from) {
  const times = [];
  const timed = async (method, p, opts) => {
    const t0 = process.hrtime.bigint();
    const r = await request(s.port, method, p, { ...opts, from });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    return r;
  };
  return {
    times,
    get: (p, opts) => timed('GET', p, opts),
    post: (p, body, opts = {}) => timed('POST', p, { ...opts, body }),
    put: (p, body, opts = {}) => timed('PUT', p, { ...opts, body }),
    del: (p, opts) => timed('DELETE', p, opts),
  };
}

const form = (i, extra = {}) => ({
  company: `Winkel ${i}`,
  contact_name: 'Kees Bos',
  email: `kees${i}@example.nl`,
  postcode: '9712 CP',
  consent: true,
  scan: scanOf(NOORD),
  agreement: AGREEMENT,
  ...extra,
});

// a normal user: the whole test, the result, a referral; every answer must succeed
async function probe(c, i) {
  const token = await completeShipped(c);
  secrets.add(token);
  const res = await c.get(`/api/v1/sessions/${token}/result`);
  assert.equal(res.status, 200, res.text);
  const r = await c.post(`/api/v1/sessions/${token}/referral`, form(`probe${i}`));
  assert.equal(r.status, 201, r.text);
  const key = r.json.withdraw_url.split('/').pop();
  assert.match(key, /^[A-Za-z0-9_-]{22,}$/);
  secrets.add(key);
}

const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];

function assert429(r) {
  assertError(r, 429, 'too_many_requests');
  assert.match(r.headers['content-type'], /application\/json/);
  assert.equal(r.headers['retry-after'], '5');
}

// many requests, `width` at a time
async function flood(n, width, one) {
  const out = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) out.push(await one(next++));
    }),
  );
  return out;
}

test('a flood of new sessions from one address: refused with 429 after the burst; another address takes the test and books meanwhile', async () => {
  const attacker = client('127.0.0.1');
  const user = client('127.0.0.2');
  const t0 = Date.now();
  const [rs] = await Promise.all([
    flood(600, 32, () => attacker.post('/api/v1/sessions', { lang: 'nl' })),
    probe(user, 1),
  ]);
  const secs = (Date.now() - t0) / 1000;
  const made = rs.filter((r) => r.status === 201);
  const refused = rs.filter((r) => r.status === 429);
  assert.equal(made.length + refused.length, 600, 'only 201 or 429');
  // the burst of 60, then 2 a second
  assert.ok(made.length <= 60 + Math.ceil(2 * secs) + 1, `${made.length} sessions in ${secs} s`);
  assert.ok(made.length >= 60, `${made.length}: the burst a workshop behind one address needs`);
  assert429(refused[0]);
  for (const r of made) secrets.add(r.json.session);
  console.log(
    `# sessions flood: ${made.length} of 600 made in ${secs.toFixed(1)} s; the user's p99 ${p99(user.times).toFixed(1)} ms over ${user.times.length} requests`,
  );
});

test('fake referrals from one address: at most 10 at once, then 429; a real owner elsewhere books', async () => {
  const attacker = client('127.0.0.3');
  const user = client('127.0.0.4');
  const tokens = cloneSessions(s, await completeShipped(client('127.0.0.8')), 25);
  tokens.forEach((t) => secrets.add(t));
  const [rs] = await Promise.all([
    flood(25, 5, (i) => attacker.post(`/api/v1/sessions/${tokens[i]}/referral`, form(i))),
    probe(user, 2),
  ]);
  const made = rs.filter((r) => r.status === 201).length;
  const refused = rs.filter((r) => r.status === 429);
  assert.equal(made + refused.length, 25);
  assert.ok(made >= 10 && made <= 11, `${made} referrals made`);
  assert429(refused[0]);
  // a refused request changed nothing: the session can still ask, later, from a real address
  const left = tokens.find((t, i) => rs[i] && rs[i].status === 429) || tokens[24];
  assert.equal((await s.get(`/api/v1/sessions/${left}/referral/calendar.ics`)).status, 404);
});

// raw sockets: a request head, then its body one byte at a time
function trickler(from, port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port, localAddress: from });
    let got = '';
    let timer;
    sock.on('connect', () => {
      sock.write(
        // a path no stricter zone than zt_api covers: only the connection limit stops it
        'POST /api/v1/feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
      );
      timer = setInterval(() => sock.write(' '), 1000);
    });
    sock.on('data', (d) => {
      got += d;
    });
    sock.on('error', () => {});
    sock.on('close', () => clearInterval(timer));
    resolve({
      status: () => (/^HTTP\/1\.1 (\d+)/.exec(got) || [])[1],
      close: () => {
        clearInterval(timer);
        sock.destroy();
      },
    });
  });
}

test('slow bodies from one address hold 100 connections at most; another address is served meanwhile', async () => {
  const held = [];
  try {
    for (let i = 0; i < 300; i++) held.push(await trickler('127.0.0.5', s.port));
    assert.ok(await until(() => held.filter((h) => h.status() === '429').length >= 200, 5000));
    const user = client('127.0.0.6');
    for (let i = 0; i < 20; i++) assert.equal((await user.get('/api/v1/questionnaire?lang=nl')).status, 200);
    await probe(user, 3);
    const refused = held.filter((h) => h.status() === '429').length;
    assert.ok(refused >= 200 && refused <= 200 + 5, `${refused} of 300 refused`);
    console.log(`# slow bodies: ${refused} of 300 refused; the user's p99 ${p99(user.times).toFixed(1)} ms`);
  } finally {
    for (const h of held) h.close();
  }
});

// one raw request, its status line and body
function raw(text, from = '127.0.0.7') {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port: s.port, localAddress: from }, () => sock.write(text));
    let got = '';
    sock.on('data', (d) => {
      got += d;
    });
    sock.on('error', reject);
    sock.on('close', () => {
      const [head, ...body] = got.split('\r\n\r\n');
      let json = null;
      try {
        json = JSON.parse(body.join('\r\n\r\n'));
      } catch {
        /* not JSON */
      }
      resolve({ status: Number((/^HTTP\/1\.[01] (\d+)/.exec(head) || [])[1]), head, json });
    });
  });
}

test("nginx's own errors under /api/ are JSON in the program's shape; with the program down too", async () => {
  const long = await s.get(`/api/v1/sessions/${'a'.repeat(9000)}`);
  assertError(long, 414, 'uri_too_long');
  const noHost = await raw('GET /api/v1/questionnaire HTTP/1.1\r\nConnection: close\r\n\r\n');
  assert.equal(noHost.status, 400, noHost.head);
  assert.equal(noHost.json.error.code, 'bad_request');
  const version = await raw('GET /api/v1/questionnaire HTTP/2.7\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(version.status, 505, version.head);
  assert.equal(version.json.error.code, 'http_version');
  const te = await raw(
    'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n',
  );
  assert.equal(te.status, 501, te.head);
  assert.equal(te.json.error.code, 'not_implemented');
  // English when the client asks for it (and nginx got as far as its headers)
  const en = await raw('GET /api/v1/questionnaire HTTP/1.1\r\nAccept-Language: en-GB,en\r\nConnection: close\r\n\r\n');
  assert.equal(en.status, 400);
  assert.match(en.json.error.message, /cannot be understood/);

  // the program gone: nginx says so in JSON, and comes back with it
  const token = [...secrets][0];
  process.kill(s.pid('zelftest'), 'SIGKILL');
  await until(async () => (await s.get('/healthz')).status === 502, 5000);
  for (let i = 0; i < 20; i++) {
    const r = await s.put(`/api/v1/sessions/${token}/answers/q1`, { option: 'a' });
    assertError(r, 502, 'unavailable');
    assert.equal(r.headers['retry-after'], '5');
  }
  const nl = await s.get('/api/v1/questionnaire');
  assert.match(nl.json.error.message, /niet bereikbaar/);
  await s.restartProgram();
  assert.equal((await s.get('/healthz')).status, 200);
});

test('after all of it no log holds a client address, a session token or a withdrawal key', async () => {
  // a re-test key in a path is a secret too (it leads to a first result)
  const rk = require('node:crypto').randomBytes(16).toString('base64url');
  assert.equal((await s.del(`/api/v1/retests/${rk}`)).status, 404);
  secrets.add(rk);
  const logs = path.join(s.dir, 'log');
  const all = fs
    .readdirSync(logs)
    .map((f) => [f, fs.readFileSync(path.join(logs, f), 'utf8')])
    .filter(([f]) => !f.startsWith('redis-')); // Redis logs no clients on a unix socket, checked below anyway
  const text = Object.fromEntries(all);
  assert.match(text['nginx-error.log'], /while connecting to upstream/, 'the program being down was logged');
  assert.ok(secrets.size > 60, `${secrets.size} secrets collected`);
  assert.ok(
    [...secrets].every((x) => /^[A-Za-z0-9_-]{22,}$/.test(x)),
    'every secret is a real token',
  );
  for (const [f, body] of fs.readdirSync(logs).map((f) => [f, fs.readFileSync(path.join(logs, f), 'utf8')])) {
    assert.doesNotMatch(body, /127\.0\.0\.\d/, `${f} holds a client address`);
    for (const x of secrets)
      assert.ok(!body.includes(x), `${f} holds a secret: ${body.split('\n').find((l) => l.includes(x))}`);
  }
});

test('a flood of empty sessions at a small maxmemory: Redis evicts the flood, never a respondent who answered and paused', async () => {
  // a stack of its own: the sessions' Redis at 8 MB (above what its clients' buffers need), no per-address limits
  // (a flood from many addresses gets past them; this is what is left then)
  const t = await startStack({ env: { ZELFTEST_SESSIONS_MAXMEMORY: '8mb', ZELFTEST_NGINX_LIMITS: 'off' } });
  try {
    const qs = (await t.get('/api/v1/questionnaire?lang=nl')).json.principles[0].questions;
    const answer = (token, q) => t.put(`/api/v1/sessions/${token}/answers/${q.id}`, { option: q.options[0].id });
    const real = [];
    for (let i = 0; i < 40; i++) {
      const r = await t.post('/api/v1/sessions', { lang: 'nl' });
      assert.equal(r.status, 201);
      assert.equal((await answer(r.json.session, qs[0])).status, 200);
      real.push(r.json.session);
    }
    const evicted = () => Number(/evicted_keys:(\d+)/.exec(t.redis('sessions', 'INFO', 'stats'))[1]);
    let sent = 0;
    const statuses = {};
    while (evicted() < 5000 && sent < 60000) {
      const rs = await flood(2000, 64, () => t.post('/api/v1/sessions', { lang: 'nl' }));
      sent += rs.length;
      for (const r of rs) statuses[r.status] = (statuses[r.status] || 0) + 1;
    }
    const refused = sent - (statuses[201] || 0);
    assert.ok(
      evicted() >= 5000,
      `only ${evicted()} keys evicted after ${sent} new sessions: ${JSON.stringify(statuses)}`,
    );
    const kept = Number(t.redis('sessions', 'DBSIZE'));
    assert.ok(kept > 1000, `${kept} sessions left: memory went to something other than sessions`);
    // the respondents come back from their pause: every one is there, and goes on
    for (const token of real) {
      // a 503 (Redis busy: the flood just ended) is "try again", not a lost session
      let g;
      for (let i = 0; i < 10 && (!g || g.status === 503); i++) {
        if (g) await sleep(200);
        g = await t.get(`/api/v1/sessions/${token}`);
      }
      assert.equal(g.status, 200, `a real session was evicted: ${g.text}`);
      assert.equal(g.json.answered, 1);
      let a = await answer(token, qs[1]);
      for (let i = 0; i < 10 && a.status === 503; i++) {
        await sleep(200);
        a = await answer(token, qs[1]);
      }
      assert.equal(a.status, 200, a.text);
    }
    console.log(
      `# eviction flood: ${sent} empty sessions, ${evicted()} evicted, ${refused} refused, 40 of 40 real ones kept`,
    );
  } finally {
    await t.stop();
  }
});

test('supervised (make run/start): a program, Redis or nginx killed with -9 comes back by itself, data kept, /healthz honest meanwhile', async () => {
  const t = await startStack({ env: { ZELFTEST_SUPERVISE: '1', ZELFTEST_NETWORKS: nets.file } });
  try {
    const token = await completeShipped(t);
    const ref = await t.post(`/api/v1/sessions/${token}/referral`, form('supervised'));
    assert.equal(ref.status, 201, ref.text);
    const health = async () => {
      try {
        return (await t.get('/healthz', { timeout: 2000 })).status;
      } catch {
        return 0; // nginx itself is gone for a moment
      }
    };
    for (const [name, down] of [
      ['zelftest', 502],
      ['redis-durable', 503],
      ['nginx', 0],
    ]) {
      process.kill(t.pid(name), 'SIGKILL');
      assert.ok(await until(async () => (await health()) === down, 3000), `${name}: /healthz did not say so`);
      assert.ok(await until(async () => (await health()) === 200, 15000), `${name} did not come back`);
      assert.match(t.log('supervisor.log'), new RegExp(`supervisor: ${name} is gone`));
    }
    // what was booked before is still there
    assert.equal((await t.get(`/api/v1/sessions/${token}/referral/calendar.ics`)).status, 404); // contact me: no slot
    const again = await t.post(`/api/v1/sessions/${token}/referral`, form('supervised'));
    assert.equal(again.status, 201);
    assert.equal(again.json.referral, ref.json.referral, 'the referral survived');
  } finally {
    await t.stop();
  }
});

test('the durable Redis full (noeviction): a referral is 503 with Retry-After and nothing changes; back by itself when there is room', async () => {
  const t = await startStack({ env: { ZELFTEST_NETWORKS: nets.file } });
  try {
    assert.match(t.redis('durable', 'CONFIG', 'GET', 'maxmemory-policy'), /noeviction/);
    const token = await completeShipped(t);
    const before = t.redis('durable', 'DBSIZE');
    t.redis('durable', 'CONFIG', 'SET', 'maxmemory', '1'); // as full as it gets
    const full = await t.post(`/api/v1/sessions/${token}/referral`, form('full'));
    assertError(full, 503, 'unavailable');
    assert.equal(full.headers['retry-after'], '1');
    assert.equal(t.redis('durable', 'DBSIZE'), before, 'a refused referral left something behind');
    assert.equal((await t.get('/api/v1/questionnaire')).status, 200, 'reading goes on');
    t.redis('durable', 'CONFIG', 'SET', 'maxmemory', '1gb');
    const ok = await t.post(`/api/v1/sessions/${token}/referral`, form('full'));
    assert.equal(ok.status, 201, ok.text);
  } finally {
    await t.stop();
  }
});
