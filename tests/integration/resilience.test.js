// What kills naive FastCGI programs: Redis going away, signals, clients
// that vanish, running out of descriptors.  The program must survive all
// of it and recover by itself.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { startStack, sleep, until } = require('./lib/stack');
const { newSession, assertError } = require('./lib/flow');
const { fcgiRequest } = require('./lib/fcgi');

let s;
let qpath; // this stack's own copy of the test questionnaire, edited by the SIGHUP test
before(async () => {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zt-qn-'));
  qpath = path.join(tmp, 'questionnaire.json');
  fs.copyFileSync(path.join(__dirname, '../data/questionnaire-test.json'), qpath);
  s = await startStack({ questionnaire: qpath, env: { ZELFTEST_WORKERS: '4' } });
});
after(async () => {
  await s.stop();
  fs.rmSync(path.dirname(qpath), { recursive: true, force: true });
});

// Every worker answers again: a burst of requests that all succeed.
async function allWorkersServe(stack = s) {
  const ok = await until(
    async () => {
      const rs = await Promise.all(Array.from({ length: 12 }, () => stack.post('/api/v1/sessions', {})));
      return rs.every((r) => r.status === 201);
    },
    5000,
    100,
  );
  assert.ok(ok, 'not every worker serves again');
}

const alive = (pid) => {
  try {
    return !/^\d+ \([^)]*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test('the socket is a unix socket only nginx can reach; no TCP listener', async () => {
  const sock = path.join(s.dir, 'run', 'zelftest.sock');
  const st = fs.statSync(sock);
  assert.ok(st.isSocket());
  assert.equal(st.mode & 0o777, 0o660);
  const dir = fs.statSync(path.dirname(sock));
  assert.equal(dir.mode & 0o007, 0, 'the socket folder is closed to others');
  // the nginx workers' group owns it
  const conf = fs.readFileSync(path.join(s.dir, 'nginx', 'zelftest.conf'), 'utf8');
  // as root nginx's workers run as the configured user and group; otherwise as the caller
  const m = conf.match(/^user (\S+) (\S+);/m);
  const gid = m
    ? Number(execFileSync('getent', ['group', m[2]], { encoding: 'utf8' }).split(':')[2])
    : process.getgid();
  assert.equal(st.gid, gid, "the socket does not belong to the group of nginx's workers");
  // another local user cannot connect
  const probe = spawnSync(
    'runuser',
    [
      '-u',
      'nobody',
      '--',
      process.execPath,
      '-e',
      `require('net').connect(${JSON.stringify(sock)}).on('connect',()=>{console.log('CONNECTED');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(probe.stdout.trim(), 'EACCES', probe.stdout + probe.stderr);
  // no TCP socket of the program's
  const pid = s.pid('zelftest');
  const ss = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  assert.ok(!ss.includes(`pid=${pid},`), ss);
});

test('Redis down: 503 within about a second, then recovery by itself', async () => {
  const token = await newSession(s);
  const redisPid = s.pid('redis-sessions');
  process.kill(redisPid, 'SIGKILL');
  await until(() => !alive(redisPid));
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    const r = await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'a' });
    const ms = Date.now() - t0;
    assertError(r, 503, 'unavailable');
    assert.equal(r.headers['retry-after'], '1');
    assert.ok(ms < 1200, `503 took ${ms} ms`);
  }
  const h = await s.get('/healthz');
  assert.equal(h.status, 503);
  assert.equal(h.json.status, 'unavailable');
  s.restartRedis('sessions');
  // the sessions were in memory only: the token is gone, but the service is back at
  // once: no request fails on a connection to the old Redis (it is re-opened and the
  // command sent again when the write finds it closed)
  const first = await Promise.all(Array.from({ length: 12 }, () => s.post('/api/v1/sessions', {})));
  assert.deepEqual(
    first.map((r) => r.status),
    Array(12).fill(201),
  );
  const t2 = await newSession(s);
  const r = await s.put(`/api/v1/sessions/${t2}/answers/p1q1`, { option: 'a' });
  assert.equal(r.status, 200);
});

test('Redis hanging (SIGSTOP): command timeout gives 503 fast; recovery after SIGCONT', async () => {
  await allWorkersServe();
  const token = await newSession(s);
  const redisPid = s.pid('redis-sessions');
  process.kill(redisPid, 'SIGSTOP');
  try {
    const t0 = Date.now();
    const rs = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'b' })),
    );
    const ms = Date.now() - t0;
    for (const r of rs) assertError(r, 503, 'unavailable');
    assert.ok(ms < 1500, `six 503s took ${ms} ms`);
  } finally {
    process.kill(redisPid, 'SIGCONT');
  }
  const ok = await until(
    async () => (await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'c' })).status === 200,
    5000,
  );
  assert.ok(ok);
  assert.equal((await s.get(`/api/v1/sessions/${token}`)).json.answers.p1q1, 'c');
});

test('clients that go away mid-request do not kill anything (SIGPIPE ignored)', async () => {
  const sock = path.join(s.dir, 'run', 'zelftest.sock');
  const pid = s.pid('zelftest');
  for (let i = 0; i < 30; i++) {
    await new Promise((resolve) => {
      const c = net.connect(sock, () => {
        // a complete request for a large response, then hang up at once
        const begin = Buffer.from([1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        const kv = (k, v) => Buffer.concat([Buffer.from([k.length, v.length]), Buffer.from(k), Buffer.from(v)]);
        const p = Buffer.concat([kv('REQUEST_METHOD', 'GET'), kv('REQUEST_URI', '/api/v1/questionnaire')]);
        const pad = (8 - (p.length % 8)) % 8;
        const h = Buffer.from([1, 4, 0, 1, p.length >> 8, p.length & 255, pad, 0]);
        c.write(
          Buffer.concat([
            begin,
            h,
            p,
            Buffer.alloc(pad),
            Buffer.from([1, 4, 0, 1, 0, 0, 0, 0, 1, 5, 0, 1, 0, 0, 0, 0]),
          ]),
        );
        c.destroy();
        resolve();
      });
      c.on('error', resolve);
    });
  }
  await allWorkersServe();
  assert.ok(alive(pid));
  const h = await s.get('/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.json.workers.running, 4);
});

test('accept() failing (out of descriptors) does not end a worker', async () => {
  await allWorkersServe();
  const pid = s.pid('zelftest');
  const sock = path.join(s.dir, 'run', 'zelftest.sock');
  // RLIMIT_NOFILE bounds descriptor numbers: set it to the lowest free one, and
  // the next accept() has no number left (EMFILE)
  const used = new Set(fs.readdirSync(`/proc/${pid}/fd`).map(Number));
  let lowestFree = 0;
  while (used.has(lowestFree)) lowestFree++;
  const logBefore = s.log().length;
  execFileSync('prlimit', [`--pid=${pid}`, `--nofile=${lowestFree}:1024`]);
  let pending;
  try {
    // requests now wait in the backlog while accept() fails
    pending = Array.from({ length: 6 }, () =>
      fcgiRequest(sock, { REQUEST_METHOD: 'GET', REQUEST_URI: '/api/v1/version' }),
    );
    const saw = await until(() => s.log().slice(logBefore).includes('accept failed'), 5000);
    assert.ok(saw, 'accept never failed; the test did not test anything');
  } finally {
    execFileSync('prlimit', [`--pid=${pid}`, '--nofile=1024:1024']);
  }
  const rs = await Promise.all(pending);
  for (const r of rs) assert.equal(r.status, 200, r.text);
  const h = await s.get('/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.json.workers.running, 4, 'a worker ended');
  await allWorkersServe();
});

test('SIGHUP reloads the questionnaire; a bad file keeps the old one and says why', async () => {
  const pid = s.pid('zelftest');
  const original = fs.readFileSync(qpath, 'utf8');
  const token = await newSession(s); // a session on the old version
  try {
    // a broken file: refused, old questionnaire stays
    fs.writeFileSync(
      qpath,
      original.replace('"version": "test.1"', '"version": "test.2"').replace('"points": 4', '"points": 40'),
    );
    const logBefore = s.log().length;
    process.kill(pid, 'SIGHUP');
    const why = await until(
      () =>
        s
          .log()
          .slice(logBefore)
          .match(/reload refused.*points.*/),
      3000,
    );
    assert.ok(why, 'no reason logged');
    assert.match(why[0], /principles\[0\] \(p1\)\.questions\[0\] \(p1q1\)\.options\[0\] \(a\)/);
    assert.equal((await s.get('/api/v1/questionnaire')).json.version, 'test.1');
    // a good new version: loaded
    const next = JSON.parse(original);
    next.version = 'test.2';
    next.principles[0].title.nl = 'nieuwe titel';
    fs.writeFileSync(qpath, JSON.stringify(next));
    process.kill(pid, 'SIGHUP');
    const loaded = await until(async () => (await s.get('/api/v1/questionnaire')).json.version === 'test.2', 3000);
    assert.ok(loaded, 'new version not served');
    assert.equal((await s.get('/api/v1/questionnaire')).json.principles[0].title, 'nieuwe titel');
    // the old session keeps its version
    const r = await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'a' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.get(`/api/v1/sessions/${token}`)).json.questionnaire_version, 'test.1');
    const fresh = await newSession(s);
    assert.equal((await s.get(`/api/v1/sessions/${fresh}`)).json.questionnaire_version, 'test.2');
  } finally {
    fs.writeFileSync(qpath, original);
    process.kill(pid, 'SIGHUP');
    await until(async () => (await s.get('/api/v1/questionnaire')).json.version === 'test.1', 3000);
  }
});

test('SIGTERM: requests in flight finish, then every worker stops', async () => {
  // its own stack, with a patient Redis timeout so a request can be held in flight
  const t = await startStack({
    questionnaire: 'tests/data/questionnaire-test.json',
    env: { ZELFTEST_WORKERS: '4', ZELFTEST_REDIS_TIMEOUT_MS: '3000' },
  });
  try {
    const token = await newSession(t);
    const redisPid = t.pid('redis-sessions');
    const pid = t.pid('zelftest');
    process.kill(redisPid, 'SIGSTOP');
    const inflight = Promise.all([1, 2, 3].map(() => t.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'b' })));
    // the requests now wait on Redis inside the workers: their commands sit unread in its socket
    const pending = () =>
      execFileSync('ss', ['-xnH'], { encoding: 'utf8' })
        .split('\n')
        .some((l) => l.includes(t.redisSocket('sessions')) && Number(l.trim().split(/\s+/)[2]) > 0);
    assert.ok(await until(pending, 3000, 20), 'no request reached the stopped Redis');
    process.kill(pid, 'SIGTERM');
    // a window in which a program that does not wait for its requests would have exited
    await sleep(300);
    assert.ok(alive(pid), 'exited with requests in flight');
    process.kill(redisPid, 'SIGCONT');
    const rs = await inflight;
    for (const r of rs) assert.equal(r.status, 200, r.text);
    const gone = await until(() => !alive(pid), 5000);
    assert.ok(gone, 'did not exit after the requests finished');
    assert.match(t.log(), /SIGTERM: stopping after the requests in flight[\s\S]*stopped/);
    assert.ok(!fs.existsSync(path.join(t.dir, 'run', 'zelftest.sock')), 'socket left behind');
  } finally {
    await t.stop();
  }
});

test('logs hold no IP address, token or answer', async () => {
  const token = await newSession(s);
  await s.put(`/api/v1/sessions/${token}/answers/postcode`, { value: '9712 CP' });
  await s.get(`/api/v1/sessions/${token}/result`);
  // one line per request, in nginx's access log (the program writes none of its own)
  const access = () => fs.readFileSync(path.join(s.dir, 'log', 'nginx-access.log'), 'utf8');
  assert.ok(
    await until(() => access().includes('PUT /api/v1/sessions/*/answers/postcode 200'), 3000),
    'no masked request line in the access log',
  );
  assert.ok(!/request method=/.test(s.log()), 'the program writes request lines too');
  const logs = fs
    .readdirSync(path.join(s.dir, 'log'))
    .filter((f) => !f.startsWith('redis'))
    .map((f) => fs.readFileSync(path.join(s.dir, 'log', f), 'utf8'))
    .join('\n');
  assert.ok(!logs.includes(token), 'a session token is in a log');
  assert.ok(!/\b127\.0\.0\.1\b/.test(logs), 'an IP address is in a log');
  assert.ok(!logs.includes('9712'), 'an answer is in a log');
});

test('make run in the foreground: Ctrl-C stops Redis, the program and nginx in order', async () => {
  const { freePort, top } = require('./lib/stack');
  const { spawn } = require('node:child_process');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zt-run-'));
  fs.chmodSync(dir, 0o755);
  // a process group of its own, as a terminal gives a foreground job
  const child = spawn(path.join(top, 'scripts/stack.sh'), ['run', dir, String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ZELFTEST_QUESTIONNAIRE: path.join(top, 'tests/data/questionnaire-test.json'),
      ZELFTEST_FINDINGS: path.join(top, 'tests/data/findings-p.json'),
      ZELFTEST_WORKERS: '4',
      ZELFTEST_STACK_WATCH: String(process.pid),
    },
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const { request } = require('./lib/stack');
    const up = await until(
      async () => {
        try {
          return (await request(port, 'GET', '/healthz', { timeout: 1000 })).status === 200;
        } catch {
          return false;
        }
      },
      20000,
      100,
    );
    assert.ok(up, `the stack did not come up:\n${out}`);
    const pids = ['zelftest', 'nginx', 'redis-sessions', 'redis-durable'].map((n) =>
      Number(fs.readFileSync(path.join(dir, 'run', `${n}.pid`), 'utf8')),
    );
    process.kill(-child.pid, 'SIGINT'); // what Ctrl-C does: the whole foreground group
    const { code } = await exited;
    assert.equal(code, 0, out);
    assert.match(out, /stopped/);
    assert.doesNotMatch(out, /a process of the stack ended/);
    for (const p of pids) assert.ok(await until(() => !alive(p), 5000), `pid ${p} still runs`);
    // the program was stopped by the script (SIGTERM, requests in flight finished), not killed by the Ctrl-C
    const log = fs.readFileSync(path.join(dir, 'log', 'zelftest.log'), 'utf8');
    assert.match(log, /SIGTERM: stopping after the requests in flight[\s\S]*stopped/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      await exited;
    }
    spawnSync(path.join(top, 'scripts/stack.sh'), ['stop', dir], { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
