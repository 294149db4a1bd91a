// Locating a respondent who gives no postcode: the client's address, looked
// up in a GeoIP2 City database, believed from X-Forwarded-For only behind a
// trusted proxy, used in memory only.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startStack, top } = require('./lib/stack');
const { completeShipped } = require('./lib/flow');

const MAXMIND = path.join(top, 'tests/data/maxmind/GeoIP2-City-Test.mmdb');
let tmp;
let dutchDb;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-geo-'));
  dutchDb = path.join(tmp, 'dutch.mmdb');
  execFileSync('perl', [path.join(__dirname, 'lib/geoip.pl'), dutchDb]);
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const xff = (ip) => ({ headers: { 'X-Forwarded-For': ip } });

test('MaxMind test database: London behind a trusted proxy → national fallback, located by IP', async () => {
  const s = await startStack({ env: { ZELFTEST_GEOIP_DB: MAXMIND, ZELFTEST_TRUSTED_PROXIES: '127.0.0.1/32' } });
  try {
    const token = await completeShipped(s, { postcode: null });
    let r = await s.get(`/api/v1/sessions/${token}/result`, xff('81.2.69.142'));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.referral.located_by, 'ip');
    assert.equal(r.json.referral.network.id, 'digital-trust-center');
    assert.equal(r.json.referral.network.distance_km, null);
    // the session holds the declined postcode, not an address
    assert.equal((await s.get(`/api/v1/sessions/${token}`)).json.answers.postcode, null);
    // without the header: 127.0.0.1 is in no database
    r = await s.get(`/api/v1/sessions/${token}/result`);
    assert.equal(r.json.referral.located_by, 'none');
    assert.equal(r.json.referral.network.id, 'digital-trust-center');
    // a postcode beats the address
    const withPc = await completeShipped(s, { postcode: '6211 AB' });
    r = await s.get(`/api/v1/sessions/${withPc}/result`, xff('81.2.69.142'));
    assert.equal(r.json.referral.located_by, 'postcode');
    assert.equal(r.json.referral.network.id, 'eccw-limburg');
    // the address was never written anywhere
    for (const name of ['sessions', 'durable']) {
      for (const k of s.redis(name, '--scan').split('\n').filter(Boolean)) {
        const type = s.redis(name, 'TYPE', k);
        const v = type === 'hash' ? s.redis(name, 'HGETALL', k) : type === 'string' ? s.redis(name, 'GET', k) : '';
        assert.ok(!v.includes('81.2.69.142') && !k.includes('81.2.69.142'), `${name} ${k}`);
      }
    }
    const logs = fs
      .readdirSync(path.join(s.dir, 'log'))
      .map((f) => fs.readFileSync(path.join(s.dir, 'log', f), 'utf8'))
      .join('');
    assert.ok(!logs.includes('81.2.69.142'), 'the address is in a log');
  } finally {
    await s.stop();
  }
});

test('X-Forwarded-For from an untrusted client is ignored', async () => {
  const s = await startStack({ env: { ZELFTEST_GEOIP_DB: dutchDb } }); // no trusted proxies
  try {
    const token = await completeShipped(s, { postcode: null });
    const r = await s.get(`/api/v1/sessions/${token}/result`, xff('192.0.2.10'));
    assert.equal(r.json.referral.located_by, 'none');
    assert.equal(r.json.referral.network.id, 'digital-trust-center');
  } finally {
    await s.stop();
  }
});

test('Dutch ranges (generated MMDB): province coverage, the fallback with the nearest networks, abroad', async () => {
  const s = await startStack({ env: { ZELFTEST_GEOIP_DB: dutchDb, ZELFTEST_TRUSTED_PROXIES: '127.0.0.1, ::1' } });
  try {
    const token = await completeShipped(s, { postcode: null });
    const cases = [
      ['192.0.2.10', 'cyberweerbaarheid-noord-nederland', 0, 5],
      ['192.0.2.200', 'eccw-limburg', 15, 25],
      // Overijssel without a postcode: Twente covers postcode ranges, not the province, so
      // the fallback, which names Twente as nearest (outside its declared area)
      ['198.51.100.7', 'digital-trust-center', -1, -1, 'novel-t-twente', 0, 5],
      ['203.0.113.5', 'digital-trust-center', -1, -1, 'cybernetwerk-utrecht', 30, 40], // NL, no province
      ['6.6.6.6, 192.0.2.10', 'cyberweerbaarheid-noord-nederland', 0, 5], // forged left part ignored
    ];
    for (const [ip, network, lo, hi, nearest, nlo, nhi] of cases) {
      const r = await s.get(`/api/v1/sessions/${token}/result`, xff(ip));
      assert.equal(r.json.referral.located_by, 'ip', ip);
      assert.equal(r.json.referral.network.id, network, ip);
      const d = r.json.referral.network.distance_km;
      if (lo < 0) assert.equal(d, null, ip);
      else assert.ok(d >= lo && d <= hi, `${ip}: ${d} km`);
      if (nearest) {
        const n = r.json.referral.nearest[0];
        assert.equal(n.id, nearest, ip);
        assert.equal(n.outside_area, true);
        assert.ok(n.distance_km >= nlo && n.distance_km <= nhi, `${ip}: nearest ${n.distance_km} km`);
      } else assert.deepEqual(r.json.referral.nearest, []);
    }
    const be = await s.get(`/api/v1/sessions/${token}/result`, xff('2001:db8::1'));
    assert.equal(be.json.referral.located_by, 'ip');
    assert.equal(be.json.referral.network.id, 'digital-trust-center');
  } finally {
    await s.stop();
  }
});

test('a GeoIP database that is missing, or not a City database, is refused at start', () => {
  const bin = process.env.ZELFTEST_BIN || path.join(top, 'build/zelftest');
  const check = (db) =>
    require('node:child_process').spawnSync(bin, ['--check'], {
      env: { ...process.env, ZELFTEST_GEOIP_DB: db },
      encoding: 'utf8',
      cwd: top,
    });
  let r = check(path.join(tmp, 'missing.mmdb'));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /ZELFTEST_GEOIP_DB .*missing\.mmdb/);
  const country = path.join(tmp, 'country.mmdb');
  execFileSync('perl', [path.join(__dirname, 'lib/geoip.pl'), country, 'GeoIP2-Country']);
  r = check(country);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /not a City database/);
  r = check(dutchDb);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /GeoIP database/);
});
