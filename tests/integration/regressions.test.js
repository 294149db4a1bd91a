// Defects a full review found (issue "Layout", part 4), each reproduced here
// against a running stack.  Every test failed before its fix.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startStack, until, top } = require('./lib/stack');
const { newSession, completeShipped, assertError } = require('./lib/flow');
const { testCampaigns } = require('./lib/campaigns');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-regr-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function copyOf(rel, name = path.basename(rel)) {
  const p = path.join(tmp, `${crypto.randomBytes(4).toString('hex')}-${name}`);
  fs.copyFileSync(path.join(top, rel), p);
  return p;
}

const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

// Sends SIGHUP and waits for the log line that says how it ended.
async function reload(s, what = /reloaded|reload refused/) {
  const before = s.log().length;
  process.kill(s.pid('zelftest'), 'SIGHUP');
  const m = await until(() => s.log().slice(before).match(what), 5000, 20);
  assert.ok(m, `no reload line in the log:\n${s.log().slice(before)}`);
  return s.log().slice(before);
}

test('1. a campaign CSP is never dropped: 16 long origins are served whole, a list that cannot fit is refused at load', async () => {
  // the list that lost its header: 16 origins of about 51 characters
  const origins = Array.from(
    { length: 16 },
    (_, i) => `https://www.gemeente-voorbeeld-${String(i).padStart(2, '0')}-ondernemersloket.nl`,
  );
  assert.ok(origins.every((o) => o.length >= 50));
  const camps = testCampaigns([{ id: 'lang', origins }]);
  const s = await startStack({ env: { ZELFTEST_CAMPAIGNS: camps.file, ZELFTEST_WORKERS: '2' } });
  try {
    const r = await s.get('/embed/lang');
    assert.equal(r.status, 200);
    const csp = r.headers['content-security-policy'] || '';
    assert.match(csp, /frame-ancestors /, 'served without a CSP');
    assert.equal(csp.split('frame-ancestors ')[1], origins.join(' '));
    // the same campaign with 16 origins of 119 characters: 1,919 bytes cannot go in one header
    const long = origins.map((o) => o.replace('https://www.', `https://${'x'.repeat(69)}.`));
    const doc = JSON.parse(fs.readFileSync(camps.file, 'utf8'));
    doc.campaigns[0].origins = long;
    fs.writeFileSync(camps.file, JSON.stringify(doc));
    const log = await reload(s);
    assert.equal(long.join(' ').length, 1919);
    assert.match(log, /reload refused.*campaigns\[0\] \(lang\): origins: 1919 bytes together/);
    const again = await s.get('/embed/lang');
    assert.equal(again.headers['content-security-policy'].split('frame-ancestors ')[1], origins.join(' '));
  } finally {
    await s.stop();
    camps.cleanup();
  }
});

test('2. a reload whose questionnaire keeps its version but changes its contents is refused', async () => {
  const q = copyOf('tests/data/questionnaire-test.json');
  const s = await startStack({ questionnaire: q, env: { ZELFTEST_WORKERS: '2' } });
  try {
    const token = await newSession(s);
    assert.equal((await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'a' })).status, 200);
    // the same version with the options in another order: a stored 'a' would read back as 'c'
    const doc = JSON.parse(fs.readFileSync(q, 'utf8'));
    doc.principles[0].questions[0].options.reverse();
    fs.writeFileSync(q, JSON.stringify(doc));
    const log = await reload(s);
    assert.match(log, /reload refused.*version test\.1 is already loaded with other contents/);
    assert.equal((await s.get(`/api/v1/sessions/${token}`)).json.answers.p1q1, 'a');
  } finally {
    await s.stop();
  }
});

test('3. a session on the previous questionnaire answers its own questions after the new version renamed one', async () => {
  const q = copyOf('tests/data/questionnaire-test.json');
  const s = await startStack({ questionnaire: q, env: { ZELFTEST_WORKERS: '2' } });
  try {
    const token = await newSession(s);
    const doc = JSON.parse(fs.readFileSync(q, 'utf8'));
    doc.version = 'test.2';
    doc.principles[0].questions[0].id = 'p1q1_renamed';
    fs.writeFileSync(q, JSON.stringify(doc));
    assert.match(await reload(s), /reloaded: questionnaire test\.2/);
    const r = await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'b' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await s.get(`/api/v1/sessions/${token}`)).json.answers.p1q1, 'b');
    // and the old id is not a question of a new session
    const fresh = await newSession(s);
    assertError(await s.put(`/api/v1/sessions/${fresh}/answers/p1q1`, { option: 'b' }), 404, 'unknown_question');
  } finally {
    await s.stop();
  }
});

test('4. leftovers in the retention set never block erasure, and a sweep erases everything due', async () => {
  const nets = testNetworks();
  const s = await startStack({
    env: {
      ZELFTEST_NETWORKS: nets.file,
      ZELFTEST_RETENTION_SWEEP_SECONDS: '1',
      ZELFTEST_RETENTION_DONE_DAYS: '0',
      ZELFTEST_WORKERS: '8',
    },
  });
  try {
    // 300 ids due whose referral hash is already gone
    const lines = Array.from(
      { length: 300 },
      () => `ZADD zt:retention 1 ${crypto.randomBytes(16).toString('base64url')}`,
    );
    spawnSync('redis-cli', ['-s', s.redisSocket('durable')], { input: `${lines.join('\n')}\n` });
    // 250 real referrals due now: more than one batch
    const token = await completeShipped(s);
    const fields = s.redis('sessions', 'HGETALL', `zt:s:${token}`).split('\n');
    const auth = bearer(nets.tokens['cyberweerbaarheid-noord-nederland']);
    // 250 sessions cloned in Redis, then referred and marked done 25 at a time
    const tokens = Array.from({ length: 250 }, () => crypto.randomBytes(16).toString('base64url'));
    const clone = tokens.flatMap((t) => [['HSET', `zt:s:${t}`, ...fields].join(' '), `EXPIRE zt:s:${t} 3600`]);
    spawnSync('redis-cli', ['-s', s.redisSocket('sessions')], { input: `${clone.join('\n')}\n` });
    const ids = [];
    for (let i = 0; i < tokens.length; i += 25) {
      const rs = await Promise.all(
        tokens.slice(i, i + 25).map((t, k) =>
          s.post(`/api/v1/sessions/${t}/referral`, {
            company: `Bedrijf ${i + k}`,
            contact_name: 'Jan',
            email: `jan${i + k}@example.nl`,
            postcode: '9712 CP',
            consent: true,
            scan: scanOf('cyberweerbaarheid-noord-nederland'),
            agreement: AGREEMENT,
          }),
        ),
      );
      for (const r of rs) assert.equal(r.status, 201, r.text);
      ids.push(...rs.map((r) => r.json.referral));
    }
    // 'done' makes them due at once (done-retention 0 days)
    for (let i = 0; i < ids.length; i += 25) {
      const rs = await Promise.all(
        ids.slice(i, i + 25).map((id) => s.post(`/api/v1/network/referrals/${id}/status`, { status: 'done' }, auth)),
      );
      for (const r of rs) assert.equal(r.status, 200, r.text);
    }
    const gone = await until(() => Number(s.redis('durable', 'ZCARD', 'zt:retention')) === 0, 8000, 200);
    const left = ids.filter((id) => s.redis('durable', 'EXISTS', `zt:ref:${id}`) === '1').length;
    assert.equal(left, 0, `${left} due referrals were not erased`);
    assert.ok(gone, `retention set still holds ${s.redis('durable', 'ZCARD', 'zt:retention')} ids`);
  } finally {
    await s.stop();
    nets.cleanup();
  }
});

test('5. a withdrawal link asked for in an unknown language is 400', async () => {
  const nets = testNetworks();
  const s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_WORKERS: '2' } });
  try {
    const token = await completeShipped(s);
    const r = await s.post(`/api/v1/sessions/${token}/referral`, {
      company: 'Bakkerij',
      contact_name: 'An',
      email: 'an@example.nl',
      postcode: '9712 CP',
      consent: true,
      scan: scanOf('cyberweerbaarheid-noord-nederland'),
      agreement: AGREEMENT,
    });
    assert.equal(r.status, 201, r.text);
    const key = r.json.withdraw_url.split('/').pop();
    assertError(await s.get(`/api/v1/withdrawals/${key}?lang=xx`), 400, 'bad_lang');
    assert.equal((await s.get(`/api/v1/withdrawals/${key}?lang=en`)).status, 200);
  } finally {
    await s.stop();
    nets.cleanup();
  }
});

for (const name of ['ZELFTEST_REDIS', 'ZELFTEST_REDIS_DURABLE']) {
  test(`6. a bad ${name} stops the start with a message naming it`, () => {
    const r = spawnSync(process.env.ZELFTEST_BIN || path.join(top, 'build/zelftest'), [], {
      cwd: top,
      encoding: 'utf8',
      timeout: 5000,
      env: { ...process.env, ZELFTEST_SOCKET: path.join(tmp, `s-${name}.sock`), [name]: 'garbage' },
    });
    assert.notEqual(r.status, 0, 'started with a bad Redis address');
    assert.match(r.stderr, new RegExp(`${name}: 'garbage' is not host:port or unix:/path`));
  });
}

test('9. SIGHUP keeps memory bounded: 300 reloads of unchanged files', async () => {
  const geo = path.join(top, 'tests/data/maxmind/GeoIP2-City-Test.mmdb');
  // under AddressSanitizer freed memory waits in a quarantine, which would grow RSS by itself
  const asan = [process.env.ASAN_OPTIONS, 'quarantine_size_mb=0'].filter(Boolean).join(':');
  const s = await startStack({
    questionnaire: 'tests/data/questionnaire-test.json',
    env: { ZELFTEST_GEOIP_DB: geo, ZELFTEST_WORKERS: '4', ASAN_OPTIONS: asan },
  });
  try {
    const pid = s.pid('zelftest');
    await reload(s);
    await newSession(s);
    const before = rssKb(pid);
    for (let i = 0; i < 300; i++) {
      await reload(s, /reloaded/);
      if (i % 50 === 0) await newSession(s); // workers take the new snapshot
    }
    const grown = rssKb(pid) - before;
    console.log(`    RSS ${before} kB before, +${grown} kB after 300 reloads`);
    assert.ok(grown < 8 * 1024, `RSS grew by ${grown} kB over 300 reloads`);
  } finally {
    await s.stop();
  }
});

test('10. a truncated postcode table is refused on SIGHUP', async () => {
  const pc = copyOf('questions/postcodes.csv');
  const s = await startStack({ env: { ZELFTEST_POSTCODES: pc, ZELFTEST_WORKERS: '2' } });
  try {
    const full = fs.readFileSync(pc, 'utf8');
    // cut in the middle of a line, well after the first 4,000 areas
    const cut = full.indexOf('\n', Math.floor(full.length * 0.9)) + 9;
    fs.writeFileSync(pc, full.slice(0, cut));
    const log = await reload(s);
    assert.match(log, /reload refused.*postcodes/);
    // a complete table whose last line has no newline is refused too
    fs.writeFileSync(pc, full.replace(/\n$/, ''));
    assert.match(await reload(s), /reload refused.*postcodes/);
    fs.writeFileSync(pc, full);
    assert.match(await reload(s), /reloaded/);
  } finally {
    await s.stop();
  }
});
