// How the program reaches its mail relay: STARTTLS with SMTP AUTH (a real
// TLS handshake against a certificate made for the test), plain text
// refused to a relay that is not on loopback, a unix socket, a refused
// login that waits instead of throwing mail away, and the settings checked
// at start.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, until, sleep, top } = require('./lib/stack');
const { startCatcher } = require('./lib/catcher');
const { completeShipped } = require('./lib/flow');
const { testNetworks, scanOf, AGREEMENT } = require('./lib/networks');

const NOORD = 'cyberweerbaarheid-noord-nederland';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-relay-'));
const nets = testNetworks();
const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
  nets.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function stackFor(env) {
  const s = await startStack({
    env: {
      ZELFTEST_NETWORKS: nets.file,
      ZELFTEST_PUBLIC_URL: 'https://zelftest.example.nl',
      ZELFTEST_MAIL_RETRY_SECONDS: '1',
      ZELFTEST_MAIL_RETRY_MAX_SECONDS: '1',
      ...env,
    },
  });
  cleanup.push(() => s.stop());
  return s;
}

async function catcher(args) {
  const c = await startCatcher({ args });
  cleanup.push(() => c.close());
  return c;
}

async function request(s, email) {
  const token = await completeShipped(s);
  const r = await s.post(`/api/v1/sessions/${token}/referral`, {
    company: 'Fietsenmaker Wiel',
    contact_name: 'Anna Wiel',
    email,
    phone: '050 1234567',
    postcode: '9712 CP',
    consent: true,
    share_answers: false,
    scan: scanOf(NOORD),
    agreement: AGREEMENT,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('STARTTLS and SMTP AUTH: the mail goes over TLS with the password from its file', async () => {
  const cert = path.join(tmp, 'cert.pem');
  const key = path.join(tmp, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  // the relay refuses MAIL before STARTTLS and AUTH: only a TLS session with the login gets through
  const c = await catcher([
    '--tls-cert',
    cert,
    '--tls-key',
    key,
    '--require-starttls',
    '--auth',
    'zelftest:s3cret-relay-pw',
  ]);
  const pw = path.join(tmp, 'smtp-password');
  fs.writeFileSync(pw, 's3cret-relay-pw\n', { mode: 0o600 });
  const s = await stackFor({
    ZELFTEST_SMTP_URL: `smtp://localhost:${c.port}`,
    ZELFTEST_SMTP_CA_FILE: cert,
    ZELFTEST_SMTP_USER: 'zelftest',
    ZELFTEST_SMTP_PASSWORD_FILE: pw,
  });
  const email = `tls-${Date.now()}@example.nl`;
  await request(s, email);
  const msgs = await c.waitFor(2);
  assert.equal(msgs.length, 2, s.log().slice(-1500));
  assert.ok(msgs.some((m) => m.envelope.rcpt_tos.includes(email)));
  assert.ok(!s.log().includes('s3cret-relay-pw'), 'the password is in the log');
  assert.equal((await s.get('/healthz')).json.mail.dead_letters, 0);
});

test('a wrong password: nothing is thrown away, the mail waits and the log says why', async () => {
  const cert = path.join(tmp, 'cert.pem');
  const key = path.join(tmp, 'key.pem');
  const c = await catcher(['--tls-cert', cert, '--tls-key', key, '--require-starttls', '--auth', 'zelftest:right']);
  const pw = path.join(tmp, 'wrong-password');
  fs.writeFileSync(pw, 'wrong\n', { mode: 0o600 });
  const s = await stackFor({
    ZELFTEST_SMTP_URL: `smtp://localhost:${c.port}`,
    ZELFTEST_SMTP_CA_FILE: cert,
    ZELFTEST_SMTP_USER: 'zelftest',
    ZELFTEST_SMTP_PASSWORD_FILE: pw,
  });
  await request(s, `wrongpw-${Date.now()}@example.nl`);
  assert.ok(await until(() => /refused the login/.test(s.log()), 10000), s.log().slice(-1500));
  await sleep(2500);
  const h = (await s.get('/healthz')).json.mail;
  assert.equal(h.dead_letters, 0);
  assert.equal(h.waiting, 2);
  assert.equal(c.count(), 0);
});

test('a relay that is not on loopback gets no mail in plain text (STARTTLS required)', async () => {
  const c = await catcher([]); // offers no STARTTLS
  // ::ffff:127.0.0.1 reaches the same loopback catcher, but is not a name the program trusts as loopback
  const s = await stackFor({ ZELFTEST_SMTP_URL: `smtp://[::ffff:127.0.0.1]:${c.port}` });
  assert.match(s.log(), /STARTTLS required/);
  await request(s, `plain-${Date.now()}@example.nl`);
  assert.ok(await until(() => /not delivered \(attempt 2\)/.test(s.log()), 10000), s.log().slice(-1500));
  assert.equal(c.count(), 0, 'mail went out without TLS');
  assert.equal((await s.get('/healthz')).json.mail.waiting, 2);
});

test('a relay on a unix socket', async () => {
  const sock = path.join(tmp, 'smtp.sock');
  const c = await catcher(['--unix', sock]);
  const s = await stackFor({ ZELFTEST_SMTP_URL: `smtp+unix:${sock}` });
  await request(s, `unix-${Date.now()}@example.nl`);
  const msgs = await c.waitFor(2);
  assert.equal(msgs.length, 2, s.log().slice(-1500));
});

test('bad mail settings stop the start with a clear message', () => {
  const bin = path.join(
    top,
    process.env.ZELFTEST_BIN ? path.relative(top, process.env.ZELFTEST_BIN) : 'build/zelftest',
  );
  const base = { ...process.env, ZELFTEST_NETWORKS: nets.file };
  for (const [env, msg] of [
    [{ ZELFTEST_SMTP_URL: 'http://relay.example:25' }, /ZELFTEST_SMTP_URL is not smtp/],
    [{ ZELFTEST_SMTP_URL: 'smtp://user:pw@relay.example' }, /holds no password/],
    [{ ZELFTEST_SMTP_URL: 'smtp://relay.example', ZELFTEST_PUBLIC_URL: '' }, /need ZELFTEST_PUBLIC_URL/],
    [
      {
        ZELFTEST_SMTP_URL: 'smtp://relay.example',
        ZELFTEST_PUBLIC_URL: 'https://x.example',
        ZELFTEST_MAIL_FROM: 'nobody',
      },
      /ZELFTEST_MAIL_FROM/,
    ],
    [
      {
        ZELFTEST_SMTP_URL: 'smtp://relay.example',
        ZELFTEST_PUBLIC_URL: 'https://x.example',
        ZELFTEST_SMTP_USER: 'u',
        ZELFTEST_SMTP_PASSWORD_FILE: path.join(tmp, 'missing'),
      },
      /PASSWORD_FILE/,
    ],
  ]) {
    const r = spawnSync(bin, ['--check'], { env: { ...base, ...env }, encoding: 'utf8' });
    assert.notEqual(r.status, 0, JSON.stringify(env));
    assert.match(r.stderr + r.stdout, msg);
  }
  // mail off: the program starts and says so (once)
  const ok = spawnSync(bin, ['--check'], { env: { ...base, ZELFTEST_SMTP_URL: '' }, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
});
