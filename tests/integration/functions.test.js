// The Redis Functions library (fcgi/store/zelftest.lua) called directly
// with redis-cli FCALL against the stack's own Redis, apart from HTTP: each
// function's KEYS/ARGV contract and its all-or-nothing behaviour.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');

let s;
before(async () => {
  s = await startStack({ questionnaire: 'tests/data/questionnaire-test.json', env: { ZELFTEST_WORKERS: '2' } });
  // the library is loaded when a connection opens: one request opens both
  assert.equal((await s.get('/healthz')).status, 200);
});
after(async () => {
  await s.stop();
});

const fcall = (redis, fn, keys, ...args) => s.redis(redis, 'FCALL', fn, keys.length, ...keys, ...args);

test('both Redis hold the library zelftest, loaded by the program', () => {
  for (const r of ['sessions', 'durable']) {
    const list = s.redis(r, 'FUNCTION', 'LIST', 'LIBRARYNAME', 'zelftest');
    assert.match(list, /zelftest/);
    for (const fn of [
      'zt_session_create',
      'zt_session_answer',
      'zt_referral_create',
      'zt_retention_sweep',
      'zt_library_digest',
    ]) {
      assert.match(list, new RegExp(fn), `${fn} missing in ${r}`);
    }
  }
  assert.match(s.log(), /function library zelftest [0-9a-f]{16} loaded/);
});

test('zt_session_create never overwrites; zt_session_answer checks the version atomically', () => {
  const key = 'zt:s:fn-test-session';
  assert.equal(fcall('sessions', 'zt_session_create', [key], 600, 'v', 'test.1', 'l', 'nl', 't', '1'), '1');
  assert.equal(fcall('sessions', 'zt_session_create', [key], 600, 'v', 'other', 'l', 'en', 't', '2'), '0');
  assert.equal(s.redis('sessions', 'HGET', key, 'v'), 'test.1');
  // an answer under the session's version: stored, the count of answers returned
  assert.equal(fcall('sessions', 'zt_session_answer', [key], 'test.1', '0', '2', 900), '1\n1');
  assert.equal(fcall('sessions', 'zt_session_answer', [key], 'test.1', '3', '1', 900), '1\n2');
  assert.ok(Number(s.redis('sessions', 'TTL', key)) > 600, 'TTL not refreshed');
  // under another version: nothing written, the session's version returned
  assert.equal(fcall('sessions', 'zt_session_answer', [key], 'test.2', '4', '1', 900), '2\ntest.1');
  assert.equal(s.redis('sessions', 'HEXISTS', key, '4'), '0');
  // no such session: {0}, and nothing created
  assert.equal(fcall('sessions', 'zt_session_answer', ['zt:s:none'], 'test.1', '0', '1', 900), '0');
  assert.equal(s.redis('sessions', 'EXISTS', 'zt:s:none'), '0');
  assert.equal(fcall('sessions', 'zt_session_mark_counted', [key]), '1');
  assert.equal(fcall('sessions', 'zt_session_mark_counted', [key]), '0');
  assert.equal(fcall('sessions', 'zt_session_mark_counted', ['zt:s:none']), '-1');
  assert.equal(s.redis('sessions', 'EXISTS', 'zt:s:none'), '0', 'an expired session came back without a TTL');
});

// The seven keys and the arguments of zt_referral_create for referral `id` on `slot`,
// then mail records (mid, due, kind, to, body) queued with it.
function createArgs(id, slot, net = 'net-a', mails = []) {
  return [
    [
      `zt:sref:sh-${id}`,
      `zt:ref:${id}`,
      `zt:slot:${slot || '-'}`,
      `zt:net:${net}:inbox`,
      `zt:net:${net}:refs`,
      'zt:retention',
      `zt:wd:wdh-${id}`,
    ],
    id,
    slot,
    1000,
    5000,
    net,
    12,
    'id',
    id,
    'network',
    net,
    'sh',
    `sh-${id}`,
    'wdh',
    `wdh-${id}`,
    'created',
    '1000',
    'slot',
    slot,
    ...mails.flat(),
  ];
}

test('zt_referral_create books a slot within its capacity and is idempotent per session', () => {
  s.redis('durable', 'HSET', 'zt:slot:S1', 'network', 'net-a', 'start', 99999999999, 'capacity', 1, 'booked', 0);
  const [k1, ...a1] = createArgs('R1', 'S1');
  assert.equal(fcall('durable', 'zt_referral_create', k1, ...a1), 'created\nR1');
  assert.equal(s.redis('durable', 'HGET', 'zt:slot:S1', 'booked'), '1');
  // the same session again: the existing referral, nothing booked twice
  assert.equal(fcall('durable', 'zt_referral_create', k1, ...a1), 'exists\nR1');
  // another session on the full slot: refused, nothing written
  const [k2, ...a2] = createArgs('R2', 'S1');
  assert.equal(fcall('durable', 'zt_referral_create', k2, ...a2), 'full');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:ref:R2'), '0');
  // another network's slot, or one in the past: gone
  const [k3, ...a3] = createArgs('R3', 'S1', 'net-b');
  assert.equal(fcall('durable', 'zt_referral_create', k3, ...a3), 'gone');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:retention', 'R1'), '5000');
  assert.equal(s.redis('durable', 'GET', 'zt:wd:wdh-R1'), 'R1');
});

test('zt_referral_erase removes every trace and frees the slot; a leftover id leaves the retention set', () => {
  assert.equal(
    fcall('durable', 'zt_referral_erase', ['zt:ref:R1'], 'R1', 'net-b', 1000),
    '0',
    'another network erased it',
  );
  assert.equal(fcall('durable', 'zt_referral_erase', ['zt:ref:R1'], 'R1', 'net-a', 1000), '1');
  for (const k of ['zt:ref:R1', 'zt:sref:sh-R1', 'zt:wd:wdh-R1']) assert.equal(s.redis('durable', 'EXISTS', k), '0', k);
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:net:net-a:refs', 'R1'), '');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:retention', 'R1'), '');
  assert.equal(s.redis('durable', 'HGET', 'zt:slot:S1', 'booked'), '0');
  // an id whose referral is already gone: taken out of the retention set all the same
  s.redis('durable', 'ZADD', 'zt:retention', 1, 'GHOST');
  assert.equal(fcall('durable', 'zt_referral_erase', ['zt:ref:GHOST'], 'GHOST', '', 1000), '0');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:retention', 'GHOST'), '');
});

test('zt_retention_sweep erases in batches until nothing is due', () => {
  for (let i = 0; i < 5; i++) {
    const [k, ...a] = createArgs(`D${i}`, '');
    assert.equal(fcall('durable', 'zt_referral_create', k, ...a), `created\nD${i}`);
  }
  s.redis('durable', 'ZADD', 'zt:retention', 1, 'GHOST-1', 1, 'GHOST-2');
  s.redis('durable', 'ZADD', 'zt:retention', 999999, 'LATER');
  // 7 due (erase_at 5000 and the two ghosts), in batches of 3
  assert.equal(fcall('durable', 'zt_retention_sweep', ['zt:retention'], 6000, 3), '3\n1');
  assert.equal(fcall('durable', 'zt_retention_sweep', ['zt:retention'], 6000, 3), '3\n3');
  assert.equal(fcall('durable', 'zt_retention_sweep', ['zt:retention'], 6000, 3), '1\n1');
  assert.equal(fcall('durable', 'zt_retention_sweep', ['zt:retention'], 6000, 3), '0\n0');
  assert.equal(s.redis('durable', 'ZRANGE', 'zt:retention', 0, -1), 'LATER');
  s.redis('durable', 'ZREM', 'zt:retention', 'LATER');
});

test('zt_slot_delete refuses a booked slot; zt_count_* only count', () => {
  s.redis('durable', 'HSET', 'zt:slot:S2', 'network', 'net-a', 'booked', 1);
  s.redis('durable', 'ZADD', 'zt:net:net-a:slots', 5, 'S2');
  assert.equal(fcall('durable', 'zt_slot_delete', ['zt:slot:S2', 'zt:net:net-a:slots'], 'S2', 'net-a'), '-1');
  assert.equal(fcall('durable', 'zt_slot_delete', ['zt:slot:S2', 'zt:net:net-a:slots'], 'S2', 'net-b'), '0');
  s.redis('durable', 'HSET', 'zt:slot:S2', 'booked', 0);
  assert.equal(fcall('durable', 'zt_slot_delete', ['zt:slot:S2', 'zt:net:net-a:slots'], 'S2', 'net-a'), '1');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:slot:S2'), '0');
  assert.equal(fcall('durable', 'zt_count_funnel', ['zt:fn:c:2026-12-01'], 'started', 100), '1');
  assert.equal(s.redis('durable', 'HGET', 'zt:fn:c:2026-12-01', 'started'), '1');
});

test('mail: queued with its referral, claimed for a lease, delivered, retried, dead; gone with the referral', () => {
  const mail = (mid, kind, to, due = 1000) => [mid, due, kind, to, `Message-ID: <${mid}@x> body of ${mid}`];
  const [k, ...a] = createArgs('M1', '', 'net-m', [
    mail('mid-conf', 'confirm', 'owner@example.nl'),
    mail('mid-rem', 'reminder', 'owner@example.nl', 9000),
    mail('mid-net', 'network_new', 'net@example.nl'),
  ]);
  assert.equal(fcall('durable', 'zt_referral_create', k, ...a), 'created\nM1');
  assert.equal(s.redis('durable', 'SCARD', 'zt:refmail:M1'), '3');
  assert.equal(s.redis('durable', 'HGET', 'zt:ref:M1', 'rem'), 'mid-rem');
  // due at 1000: the two that are due, once each, for a lease of 60 s
  const claimed = fcall('durable', 'zt_mail_claim', ['zt:mail:due'], 2000, 60, 10).split('\n');
  assert.equal(claimed.length, 12);
  assert.deepEqual([claimed[0], claimed[6]].sort(), ['mid-conf', 'mid-net']);
  assert.equal(claimed[claimed.indexOf('mid-conf') + 4], '1'); // attempts
  assert.equal(fcall('durable', 'zt_mail_claim', ['zt:mail:due'], 2000, 60, 10), '', 'claimed twice within the lease');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:mail:due', 'mid-conf'), '2060');
  // delivered: gone; the network's notice marks the referral as known to the network
  assert.equal(fcall('durable', 'zt_mail_done', ['zt:mail:due'], 'mid-net'), '1');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:mail:mid-net'), '0');
  assert.equal(s.redis('durable', 'HGET', 'zt:ref:M1', 'nn'), '1');
  // retried later, then dead: the dead letter keeps no address and no body
  assert.equal(fcall('durable', 'zt_mail_retry', ['zt:mail:due'], 'mid-conf', 2100, 'timeout'), '1');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:mail:due', 'mid-conf'), '2100');
  assert.equal(fcall('durable', 'zt_mail_dead', ['zt:mail:due'], 'mid-conf', 550, 'no such mailbox', 2200, 1000), '1');
  const dead = s.redis('durable', 'HGETALL', 'zt:mail:dead:mid-conf');
  assert.match(dead, /confirm/);
  assert.ok(!dead.includes('owner@example.nl') && !dead.includes('body of'), dead);
  assert.equal(s.redis('durable', 'EXISTS', 'zt:mail:mid-conf'), '0');
  assert.equal(fcall('durable', 'zt_mail_retry', ['zt:mail:due'], 'mid-conf', 2300, 'x'), '0', 'a dead mail came back');
  const stats = fcall('durable', 'zt_mail_stats', ['zt:mail:due'], 2000).split('\n');
  assert.deepEqual(stats, ['1', '0', '1000', '1']); // the reminder waits, nothing due, 1 dead letter
  // the booking moves: a stale sequence is refused, the right one drops the old reminder
  s.redis('durable', 'HSET', 'zt:slot:S9', 'network', 'net-m', 'start', 99999999999, 'capacity', 1, 'booked', 0);
  assert.equal(fcall('durable', 'zt_booking_change', ['zt:ref:M1'], 'M1', 'net-m', 'S9', 7, 3000), 'conflict');
  assert.equal(fcall('durable', 'zt_booking_change', ['zt:ref:M1'], 'M1', 'net-x', 'S9', 0, 3000), 'none');
  assert.equal(
    fcall(
      'durable',
      'zt_booking_change',
      ['zt:ref:M1'],
      'M1',
      'net-m',
      'S9',
      0,
      3000,
      ...mail('mid-new', 'rescheduled', 'owner@example.nl'),
    ),
    'ok\n1',
  );
  assert.equal(s.redis('durable', 'EXISTS', 'zt:mail:mid-rem'), '0', 'the old reminder stayed');
  assert.equal(s.redis('durable', 'HGET', 'zt:slot:S9', 'booked'), '1');
  assert.equal(fcall('durable', 'zt_booking_change', ['zt:ref:M1'], 'M1', 'net-m', 'S9', 1, 3000), 'same');
  // erased (withdrawn): every waiting mail of it goes; the confirmation of the withdrawal is queued
  assert.equal(
    fcall(
      'durable',
      'zt_referral_erase',
      ['zt:ref:M1'],
      'M1',
      '',
      4000,
      9000, // a tombstone until then
      ...mail('mid-wd', 'withdrawn', 'owner@example.nl'),
      ...mail('mid-wdn', 'network_withdrawn', 'net@example.nl'),
    ),
    '1',
  );
  for (const m of ['mid-new', 'mid-rem']) assert.equal(s.redis('durable', 'EXISTS', `zt:mail:${m}`), '0', m);
  assert.equal(s.redis('durable', 'EXISTS', 'zt:refmail:M1'), '0');
  // the tombstone: withdrawn, when, nothing personal; kept in the network's list until 9000
  const flat = s.redis('durable', 'HGETALL', 'zt:ref:M1').split('\n');
  const tomb = Object.fromEntries(flat.flatMap((v, i) => (i % 2 ? [] : [[v, flat[i + 1]]])));
  assert.equal(tomb.status, 'withdrawn');
  assert.equal(tomb.withdrawn, '4000');
  for (const f of ['email', 'company', 'contact_name', 'phone', 'postcode', 'sh', 'wdh', 'summary'])
    assert.ok(!(f in tomb), `the tombstone keeps ${f}`);
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:retention', 'M1'), '9000');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:net:net-m:refs', 'M1'), '1000');
  // the sweep takes the tombstone away for good
  assert.equal(fcall('durable', 'zt_retention_sweep', ['zt:retention'], 9000, 10), '1\n1');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:ref:M1'), '0');
  assert.equal(s.redis('durable', 'ZSCORE', 'zt:net:net-m:refs', 'M1'), '');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:mail:mid-wd'), '1');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:mail:mid-wdn'), '1', 'the network knew: its notice goes');
  for (const m of ['mid-wd', 'mid-wdn']) fcall('durable', 'zt_mail_done', ['zt:mail:due'], m);
});

test('mail: a withdrawal the network never heard of sends it nothing; digests go once a day', () => {
  const line = (mid) => [mid, 1000, 'digest:new', '', `New: ${mid}`];
  const [k, ...a] = createArgs('G1', '', 'net-d', [line('l1')]);
  assert.equal(fcall('durable', 'zt_referral_create', k, ...a), 'created\nG1');
  assert.equal(s.redis('durable', 'HGET', 'zt:digest:net-d', 'G1:l1'), 'New: l1');
  const [k2, ...a2] = createArgs('G2', '', 'net-d', [line('l2')]);
  fcall('durable', 'zt_referral_create', k2, ...a2);
  // G2 withdrawn before the digest: its line goes, and the network hears nothing of it
  assert.equal(
    fcall(
      'durable',
      'zt_referral_erase',
      ['zt:ref:G2'],
      'G2',
      '',
      1500,
      '',
      'w1',
      1500,
      'digest:withdrawn',
      '',
      'Withdrawn: G2',
    ),
    '1',
  );
  assert.equal(s.redis('durable', 'HLEN', 'zt:digest:net-d'), '1');
  const lines = fcall('durable', 'zt_digest_take', ['zt:digest:net-d', 'zt:digest:sent:net-d'], '2026-12-02');
  assert.equal(lines, 'G1:l1\nNew: l1');
  assert.equal(
    fcall(
      'durable',
      'zt_digest_commit',
      ['zt:digest:net-d', 'zt:digest:sent:net-d'],
      '2026-12-02',
      2000,
      'net-d',
      1,
      'G1:l1',
      'dg1',
      2000,
      'network_digest',
      'net@example.nl',
      'digest body',
    ),
    '1',
  );
  assert.equal(s.redis('durable', 'HLEN', 'zt:digest:net-d'), '0');
  assert.equal(s.redis('durable', 'HGET', 'zt:ref:G1', 'nn'), '1');
  assert.equal(s.redis('durable', 'EXISTS', 'zt:mail:dg1'), '1');
  // sent today: nothing more today, whatever comes in
  s.redis('durable', 'HSET', 'zt:digest:net-d', 'G1:l9', 'later');
  assert.equal(fcall('durable', 'zt_digest_take', ['zt:digest:net-d', 'zt:digest:sent:net-d'], '2026-12-02'), '');
  assert.equal(
    fcall('durable', 'zt_digest_take', ['zt:digest:net-d', 'zt:digest:sent:net-d'], '2026-12-03'),
    'G1:l9\nlater',
  );
  fcall('durable', 'zt_mail_done', ['zt:mail:due'], 'dg1');
});

test("an operator's FUNCTION FLUSH is survived: the next connection loads the library again", async () => {
  s.redis('sessions', 'FUNCTION', 'FLUSH');
  // the first request may fail while the worker finds out; within a few the library is back
  let ok = false;
  for (let i = 0; i < 20 && !ok; i++) ok = (await s.post('/api/v1/sessions', {})).status === 201;
  assert.ok(ok, 'sessions are not created again after FUNCTION FLUSH');
  assert.match(s.redis('sessions', 'FUNCTION', 'LIST'), /zelftest/);
});
