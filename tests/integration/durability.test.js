// Nothing confirmed is lost, nothing erased is kept: concurrent bookings
// never exceed capacity, a 201 survives kill -9 of Redis, erasure leaves no
// trace in Redis or its AOF files, retention erases on time.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startStack, until } = require('./lib/stack');
const { completeShipped, cloneSessions, assertError } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');

let s;
let nets;
const NOORD = 'cyberweerbaarheid-noord-nederland';
before(async () => {
  nets = testNetworks();
  s = await startStack({
    env: {
      ZELFTEST_NETWORKS: nets.file,
      ZELFTEST_RETENTION_DONE_DAYS: '0', // erased as soon as the sweep sees it done
      ZELFTEST_RETENTION_SWEEP_SECONDS: '1',
      ZELFTEST_WORKERS: '16',
    },
  });
});
after(async () => {
  await s.stop();
  nets.cleanup();
});

const start = (days) => new Date(Date.now() + days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
const form = (extra = {}) => ({
  company: 'Garage Tuinman',
  contact_name: 'Piet Tuinman',
  email: 'piet@garage-tuinman.example',
  phone: '050 1234567',
  postcode: '9712 CP',
  consent: true,
  share_answers: true,
  scan: scanOf(NOORD),
  agreement: AGREEMENT,
  ...extra,
});

async function slot(capacity, days = 9) {
  const r = await s.post(
    '/api/v1/network/slots',
    { start: start(days), minutes: 240, place: 'on-site', capacity, scan: scanOf(NOORD) },
    bearer(nets.tokens[NOORD]),
  );
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

test('200 concurrent bookings on a slot of capacity 3: exactly 3 succeed, 20 times over', async () => {
  const base = await completeShipped(s);
  for (let round = 0; round < 20; round++) {
    const id = await slot(3, 5 + round);
    const tokens = cloneSessions(s, base, 200);
    const rs = await Promise.all(tokens.map((t) => s.post(`/api/v1/sessions/${t}/referral`, form({ slot: id }))));
    const created = rs.filter((r) => r.status === 201);
    const full = rs.filter((r) => r.status === 409 && r.json && r.json.error.code === 'slot_full');
    assert.equal(created.length, 3, `round ${round}: ${created.length} bookings`);
    assert.equal(
      full.length,
      197,
      `round ${round}: ${rs.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.status)}`,
    );
    const stored = s.redis('durable', 'HGET', `zt:slot:${id}`, 'booked');
    assert.equal(stored, '3');
  }
});

test('kill -9 of Redis right after 201s loses nothing', async () => {
  const id = await slot(5);
  const tokens = cloneSessions(s, await completeShipped(s), 5);
  const rs = await Promise.all(
    tokens.map((t, i) => s.post(`/api/v1/sessions/${t}/referral`, form({ slot: id, email: `crash${i}@example.nl` }))),
  );
  const ids = rs.map((r) => {
    assert.equal(r.status, 201, r.text);
    return r.json.referral;
  });
  process.kill(s.pid('redis-durable'), 'SIGKILL'); // no shutdown, no final fsync: only what was on disk
  await until(
    () =>
      !fs.existsSync(`/proc/${s.pid('redis-durable')}`) ||
      /\) Z/.test(fs.readFileSync(`/proc/${s.pid('redis-durable')}/stat`, 'utf8')),
  );
  s.restartRedis('durable');
  await until(async () => (await s.get('/healthz')).status === 200, 5000);
  const list = await until(async () => {
    const r = await s.get('/api/v1/network/referrals', bearer(nets.tokens[NOORD]));
    return r.status === 200 ? r.json.referrals : null;
  }, 5000);
  for (const rid of ids)
    assert.ok(
      list.some((x) => x.id === rid),
      `lost ${rid}`,
    );
  for (let i = 0; i < 5; i++) assert.ok(list.some((x) => x.email === `crash${i}@example.nl`));
  assert.equal(s.redis('durable', 'HGET', `zt:slot:${id}`, 'booked'), '5');
  // and the stream still shows them as unacknowledged
  assert.ok(ids.every((rid) => list.find((x) => x.id === rid).acknowledged === false));
});

test('withdrawal erases the referral, frees the slot, and leaves no trace in Redis or the AOF', async () => {
  const id = await slot(1);
  const email = `withdraw-${Date.now()}@example.nl`;
  const token = await completeShipped(s);
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form({ slot: id, email, company: 'Erase Me BV' }));
  assert.equal(r.status, 201, r.text);
  const key = r.json.withdraw_url.split('/').pop();
  // the data is on disk now (and after a rewrite in the base file): the check below can see it
  const n0 = s.rewrites();
  s.redis('durable', 'BGREWRITEAOF');
  assert.ok(await s.rewriteDone(n0));
  assert.ok(s.aofText().includes(email), 'the AOF check cannot see the data it looks for');

  const info = await s.get(`/api/v1/withdrawals/${key}`);
  assert.equal(info.status, 200);
  assert.equal(info.json.company, 'Erase Me BV');
  const n1 = s.rewrites();
  const del = await s.del(`/api/v1/withdrawals/${key}`);
  assert.equal(del.status, 204);
  assert.equal(s.redis('durable', 'HGET', `zt:slot:${id}`, 'booked'), '0');
  assertError(await s.del(`/api/v1/withdrawals/${key}`), 404, 'unknown_referral');
  // what stays for the network is a tombstone: that it was withdrawn and when, nothing personal
  const tomb = s.redis('durable', 'HGETALL', `zt:ref:${r.json.referral}`).split('\n');
  const fields = tomb.filter((_, i) => i % 2 === 0).sort();
  assert.deepEqual(fields, [
    'created',
    'id',
    'network',
    'scan',
    'slot',
    'slot_start',
    'status',
    'tomb',
    'updated',
    'was',
    'withdrawn',
  ]);
  assert.ok(!tomb.join(' ').includes(email) && !tomb.join(' ').includes('Erase Me BV'));
  // no other key holds it any more (but the network's list and the retention set, by id)
  const keys = s.redis('durable', '--scan').split('\n');
  for (const k of keys) {
    if (k === `zt:ref:${r.json.referral}`) continue;
    const type = s.redis('durable', 'TYPE', k);
    const dump =
      type === 'hash'
        ? s.redis('durable', 'HGETALL', k)
        : type === 'string'
          ? s.redis('durable', 'GET', k)
          : type === 'stream'
            ? s.redis('durable', 'XRANGE', k, '-', '+')
            : type === 'zset'
              ? s.redis('durable', 'ZRANGE', k, 0, -1)
              : '';
    assert.ok(!dump.includes(email), `${k} still holds the address`);
    if (!/^zt:(net:[a-z0-9-]+:refs|retention)$/.test(k))
      assert.ok(!dump.includes(r.json.referral), `${k} still holds it`);
  }
  // the janitor rewrites the AOF: the files on disk no longer hold it
  assert.ok(await s.rewriteDone(n1), 'no AOF rewrite after the erasure');
  const aof = s.aofText();
  assert.ok(!aof.includes(email), 'the e-mail address is still in the AOF');
  assert.ok(!aof.includes('Erase Me BV'), 'the company is still in the AOF');
  // the same session may ask again afterwards
  assert.equal((await s.post(`/api/v1/sessions/${token}/referral`, form({ email }))).status, 201);
});

test('a network erases a referral on request: gone from Redis and disk', async () => {
  const email = `network-erase-${Date.now()}@example.nl`;
  const token = await completeShipped(s);
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form({ email }));
  const auth = bearer(nets.tokens[NOORD]);
  const n1 = s.rewrites();
  assert.equal((await s.del(`/api/v1/network/referrals/${r.json.referral}`, auth)).status, 204);
  assertError(await s.get(`/api/v1/network/referrals/${r.json.referral}`, auth), 404, 'unknown_referral');
  assert.ok(await s.rewriteDone(n1));
  assert.ok(!s.aofText().includes(email));
});

test('retention: a referral marked done is erased by the sweep (done-retention 0 days here)', async () => {
  const email = `retention-${Date.now()}@example.nl`;
  const token = await completeShipped(s);
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form({ email }));
  const auth = bearer(nets.tokens[NOORD]);
  assert.equal((await s.get(`/api/v1/network/referrals/${r.json.referral}`, auth)).status, 200);
  // still kept while in progress: another referral marked done is erased by a sweep, this one not
  await s.post(`/api/v1/network/referrals/${r.json.referral}/status`, { status: 'scheduled' }, auth);
  const other = await s.post(`/api/v1/sessions/${await completeShipped(s)}/referral`, form({ email: `x-${email}` }));
  await s.post(`/api/v1/network/referrals/${other.json.referral}/status`, { status: 'done' }, auth);
  assert.ok(
    await until(
      async () => (await s.get(`/api/v1/network/referrals/${other.json.referral}`, auth)).status === 404,
      6000,
    ),
    'the sweep did not run',
  );
  assert.equal((await s.get(`/api/v1/network/referrals/${r.json.referral}`, auth)).status, 200);
  const erase = Number(s.redis('durable', 'ZSCORE', 'zt:retention', r.json.referral));
  assert.ok(erase > Date.now() / 1000 + 364 * 86400, 'kept at most a year while open');
  await s.post(`/api/v1/network/referrals/${r.json.referral}/status`, { status: 'done' }, auth);
  const gone = await until(
    async () => (await s.get(`/api/v1/network/referrals/${r.json.referral}`, auth)).status === 404,
    6000,
  );
  assert.ok(gone, 'not erased after done');
  assert.match(s.log(), /retention: erased 1 referral\(s\)/);
});
