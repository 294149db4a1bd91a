// The mail relay down for 30 seconds while people book, then up again:
// every message arrives once, none is given up, the outbox shows what waits.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, until, sleep } = require('./lib/stack');
const { startCatcher } = require('./lib/catcher');
const { completeShipped, cloneSessions } = require('./lib/flow');
const { testNetworks, scanOf, AGREEMENT } = require('./lib/networks');

const NOORD = 'cyberweerbaarheid-noord-nederland';
let s;
let nets;
let mail;
before(async () => {
  mail = await startCatcher();
  nets = testNetworks();
  s = await startStack({
    env: {
      ZELFTEST_NETWORKS: nets.file,
      ZELFTEST_PUBLIC_URL: 'https://zelftest.example.nl',
      ZELFTEST_SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      ZELFTEST_MAIL_RETRY_SECONDS: '1',
      ZELFTEST_MAIL_RETRY_MAX_SECONDS: '2',
    },
  });
});
after(async () => {
  if (s) await s.stop();
  if (mail) await mail.close();
  nets.cleanup();
});

test('the relay down for 30 s, then up: everything arrives, once', async () => {
  await mail.stop();
  const tokens = cloneSessions(s, await completeShipped(s), 20);
  const rs = await Promise.all(
    tokens.map((t, i) =>
      s.post(`/api/v1/sessions/${t}/referral`, {
        company: `Winkel ${i}`,
        contact_name: 'Kees Bos',
        email: `down${i}@example.nl`,
        phone: '050 1234567',
        postcode: '9712 CP',
        consent: true,
        share_answers: true,
        scan: scanOf(NOORD),
        agreement: AGREEMENT,
      }),
    ),
  );
  assert.deepEqual(
    rs.map((r) => r.status),
    Array(20).fill(201),
  );
  const t0 = Date.now();
  await sleep(15000);
  const mid = (await s.get('/healthz')).json.mail;
  assert.equal(mid.waiting, 40);
  assert.ok(mid.oldest_seconds >= 14, JSON.stringify(mid));
  assert.equal(mid.dead_letters, 0);
  await sleep(30000 - (Date.now() - t0));
  assert.equal(mail.count(), 0);
  await mail.start();
  assert.ok(await until(() => mail.count() >= 40, 15000), `${mail.count()} of 40 arrived`);
  await sleep(2500);
  const msgs = mail.messages();
  assert.equal(msgs.length, 40);
  assert.equal(new Set(msgs.map((m) => m.headers['Message-ID'])).size, 40);
  for (let i = 0; i < 20; i++)
    assert.equal(msgs.filter((m) => m.envelope.rcpt_tos.includes(`down${i}@example.nl`)).length, 1);
  const h = (await s.get('/healthz')).json.mail;
  assert.equal(h.waiting, 0);
  assert.equal(h.dead_letters, 0);
  // they were tried again and again meanwhile, and the log says so without an address
  assert.ok((s.log().match(/not delivered \(attempt/g) || []).length >= 40);
  assert.ok(!/down\d+@example\.nl/.test(s.log()));
});
