// make test-docker: the images built from Debian's packages on a debootstrap
// base (docker/images.sh), the stack of docker/compose.yaml run with podman,
// and, through the published port: the smoke flow (session → answers →
// result → referral → the network reads it with a token made by `zelftest
// admin` in the program's container), a crash of the program's container
// and of the durable Redis (restarted, nothing lost), /metrics refused from
// outside, and `down` leaving nothing behind.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { request, freePort, until, top } = require('../integration/lib/stack');
const { completeShipped } = require('../integration/lib/flow');
const { scanOf, AGREEMENT } = require('../integration/lib/networks');

const engine = process.env.ZELFTEST_ENGINE || 'podman';
const composeCmd = engine === 'podman' ? 'podman-compose' : 'docker-compose';
const project = `zttest${process.pid}`;
const file = path.join(top, 'docker/compose.yaml');
const cache = process.env.ZELFTEST_IMAGE_CACHE || '/var/cache/zelftest-images';
let port;
let env;
let up = false;
const timings = {};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 64 << 20, ...opts });
  return { status: r.status, out: r.stdout || '', err: r.stderr || '' };
}
const eng = (...args) => run(engine, args);
const compose = (...args) => run(composeCmd, ['-p', project, '-f', file, ...args]);
const ctr = (service) => `${project}_${service}_1`;
const bearer = (t) => ({ headers: { Authorization: `Bearer ${t}` } });

// the stack as the flow helpers take it, through the published port
const s = {
  get: (p, o) => request(port, 'GET', p, o),
  post: (p, body, o = {}) => request(port, 'POST', p, { ...o, body }),
  put: (p, body, o = {}) => request(port, 'PUT', p, { ...o, body }),
};

function leftovers() {
  const c = eng('ps', '-a', '--format', '{{.Names}}').out.split('\n').filter((n) => n.startsWith(project));
  const v = eng('volume', 'ls', '--format', '{{.Name}}').out.split('\n').filter((n) => n.startsWith(project));
  const n = eng('network', 'ls', '--format', '{{.Name}}').out.split('\n').filter((x) => x.startsWith(project));
  return [...c, ...v, ...n];
}

function down() {
  const r = compose('down', '-v', '-t', '10');
  // podman-compose 1.0.3 leaves the project's network behind
  if (eng('network', 'exists', `${project}_default`).status === 0) eng('network', 'rm', `${project}_default`);
  return r;
}

// the engine settings of docker/engine.sh (runc, ulimits, docker format), as the images were built
function engineEnv() {
  const r = spawnSync('bash', ['-c', `. ${path.join(top, 'docker/engine.sh')} && env -0`], { encoding: 'utf8' });
  return Object.fromEntries(r.stdout.split('\0').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

before(async () => {
  env = { ...engineEnv(), ZELFTEST_IMAGE_CACHE: cache };
  let t = Date.now();
  const img = run(path.join(top, 'docker/images.sh'), [], { stdio: ['ignore', 'pipe', 'pipe'] });
  timings.images = (Date.now() - t) / 1000;
  process.stdout.write(img.err.split('\n').filter((l) => l.startsWith('images:')).map((l) => `# ${l}\n`).join(''));
  assert.equal(img.status, 0, `docker/images.sh failed:\n${img.err.slice(-3000)}`);
  port = await freePort();
  env.ZELFTEST_HTTP_PORT = String(port);
  t = Date.now();
  const r = compose('up', '-d');
  up = true;
  assert.equal(r.status, 0, `up failed:\n${r.out.slice(-2000)}\n${r.err.slice(-2000)}`);
  const ok = await until(async () => {
    try {
      return (await s.get('/healthz')).status === 200;
    } catch {
      return false;
    }
  }, 90000, 250);
  timings.up = (Date.now() - t) / 1000;
  assert.ok(ok, `the stack did not answer /healthz on 127.0.0.1:${port}:\n${eng('logs', ctr('app')).err.slice(-2000)}`);
});

after(() => {
  if (up) down();
  process.stdout.write(`# timings: images ${timings.images} s, up to healthy ${timings.up} s\n`);
});

test('every container passes its own health check, which asks the running server', () => {
  for (const svc of ['redis-sessions', 'redis-durable', 'app', 'nginx']) {
    if (engine === 'podman') {
      const h = eng('healthcheck', 'run', ctr(svc));
      assert.equal(h.status, 0, `${svc}: ${h.out}${h.err}`);
    }
  }
  // the program's check is a FastCGI request to /healthz, not a look at files
  const h = eng('exec', ctr('app'), 'zelftest', 'admin', 'health');
  assert.equal(h.status, 0, h.err);
  assert.match(h.out, /\/healthz: 200 \{"status":"ok"/);
});

test('nothing runs as root but nginx\'s master; the port is published on 127.0.0.1 only', () => {
  const uid = (svc) => eng('exec', ctr(svc), 'id', '-u').out.trim();
  assert.equal(uid('app'), '10001');
  assert.equal(uid('redis-durable'), '999');
  assert.equal(uid('redis-sessions'), '999');
  const workers = eng('exec', ctr('nginx'), 'sh', '-c', "ps -o user= -C nginx 2>/dev/null || cat /proc/[0-9]*/status | grep -E '^(Name|Uid)'").out;
  assert.match(workers, /www-data|Uid:\s+33\s/);
  const ports = eng('port', ctr('nginx')).out.trim();
  assert.equal(ports, `8080/tcp -> 127.0.0.1:${port}`);
});

let token;
let referral;
test('smoke: session → answers → result → referral, read by the network with a token from zelftest admin', async () => {
  const t = eng('exec', ctr('app'), 'zelftest', 'admin', 'token', 'new', 'cyberweerbaarheid-noord-nederland', '--label', 'smoke');
  assert.equal(t.status, 0, t.err);
  const lines = t.out.split('\n');
  token = lines[lines.findIndex((l) => l.includes('it is shown only now')) + 1];
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  // the version the image was built with: the shipped questionnaire's
  const version = JSON.parse(fs.readFileSync(path.join(top, 'questions/questionnaire.json'), 'utf8')).version;
  assert.match(t.out, new RegExp(`^reloaded: questionnaire ${version.replace(/\./g, '\\.')} `, 'm'));
  const session = await completeShipped(s, { postcode: '9712 CP' });
  const res = await s.get(`/api/v1/sessions/${session}/result`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.referral.network.id, 'cyberweerbaarheid-noord-nederland');
  const r = await s.post(`/api/v1/sessions/${session}/referral`, {
    company: 'Containerbouw Noord',
    contact_name: 'Jan de Vries',
    email: 'jan@example.org',
    phone: '06 12345678',
    postcode: '9712 CP',
    consent: true,
    share_answers: false,
    scan: scanOf('cyberweerbaarheid-noord-nederland'),
    agreement: AGREEMENT,
  });
  assert.equal(r.status, 201, r.text);
  referral = r.json.referral;
  const got = await s.get(`/api/v1/network/referrals/${referral}`, bearer(token));
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.company, 'Containerbouw Noord');
  assert.equal((await s.get('/api/v1/network', bearer('x'.repeat(43)))).status, 401);
});

test('/metrics: refused through the published port, served to a scraper inside the nginx container', async () => {
  const out = await s.get('/metrics');
  assert.equal(out.status, 403, out.text);
  const inside = eng('exec', ctr('nginx'), 'curl', '-fsS', 'http://127.0.0.1:8080/metrics');
  assert.equal(inside.status, 0, inside.err);
  assert.match(inside.out, /^zelftest_referrals\{network="cyberweerbaarheid-noord-nederland",status="new"\} 1$/m);
  assert.match(inside.out, /^zelftest_sessions_completed_total 1$/m);
});

async function crash(svc) {
  const pid = eng('inspect', '-f', '{{.State.Pid}}', ctr(svc)).out.trim();
  const count = Number(eng('inspect', '-f', '{{.RestartCount}}', ctr(svc)).out.trim());
  assert.match(pid, /^[1-9][0-9]*$/);
  process.kill(Number(pid), 'SIGKILL'); // a crash, not a stop: the restart policy applies
  const back = await until(() => {
    const now = eng('inspect', '-f', '{{.State.Pid}} {{.State.Running}} {{.RestartCount}}', ctr(svc)).out.trim().split(' ');
    return now[0] !== pid && now[0] !== '0' && now[1] === 'true' && Number(now[2]) > count;
  }, 60000, 250);
  assert.ok(back, `${svc} was not restarted: ${eng('ps', '-a').out}`);
  assert.ok(await until(async () => {
    try {
      return (await s.get('/healthz')).status === 200;
    } catch {
      return false;
    }
  }, 60000, 250), 'the stack did not recover');
}

test('the program\'s container crashes (SIGKILL): restarted, the referral and the token are still there', async () => {
  await crash('app');
  const got = await s.get(`/api/v1/network/referrals/${referral}`, bearer(token));
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.company, 'Containerbouw Noord');
});

test('the durable Redis crashes (SIGKILL): restarted from its AOF, the referral is still there', async () => {
  await crash('redis-durable');
  const got = await until(async () => {
    const r = await s.get(`/api/v1/network/referrals/${referral}`, bearer(token));
    return r.status === 200 ? r : null;
  }, 30000, 250);
  assert.ok(got, 'the referral is gone after a restart of the durable Redis');
  assert.equal(got.json.company, 'Containerbouw Noord');
});

test('down -v leaves no container, volume or network of the project', () => {
  const r = down();
  up = false;
  assert.equal(r.status, 0, r.out + r.err);
  assert.deepEqual(leftovers(), []);
});
