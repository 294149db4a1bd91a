// The network loop through nginx: a referral is scheduled, the students'
// outcome is recorded (validated, only for the network's own referral, only
// once scheduled), it lands in the anonymous outcome statistics with exact
// figures, suppression and calibration, a correction does not count twice,
// and no counter holds anything personal.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { completeShipped, cloneSessions, assertError } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');

const NOORD = 'cyberweerbaarheid-noord-nederland';
const UTRECHT = 'cybernetwerk-utrecht';
const LIMBURG = 'eccw-limburg';
const PRINCIPLES = ['inventory', 'settings', 'updates', 'access', 'malware'];
let s;
let nets;
before(async () => {
  nets = testNetworks();
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_PUBLIC_URL: 'https://zelftest.example.nl' } });
});
after(async () => {
  await s.stop();
  nets.cleanup();
});

const form = (postcode, extra = {}) => ({
  company: 'Kapsalon Knip',
  contact_name: 'Sanne Visser',
  email: `sanne-${Math.random().toString(36).slice(2)}@knip.example`,
  phone: '06 12345678',
  postcode,
  consent: true,
  share_answers: false,
  agreement: AGREEMENT,
  ...extra,
});

// n referrals of one network (from clones of one completed session), scheduled
async function referrals(network, postcode, n) {
  const tokens = cloneSessions(s, await completeShipped(s, { postcode }), n);
  const ids = [];
  for (const t of tokens) {
    const r = await s.post(`/api/v1/sessions/${t}/referral`, form(postcode, { scan: scanOf(network) }));
    assert.equal(r.status, 201, r.text);
    ids.push(r.json.referral);
    const st = await s.post(
      `/api/v1/network/referrals/${r.json.referral}/status`,
      { status: 'scheduled' },
      bearer(nets.tokens[network]),
    );
    assert.equal(st.status, 200, st.text);
  }
  return ids;
}

const outcome = (levels, findings = []) => ({
  principles: Object.fromEntries(PRINCIPLES.map((p, i) => [p, levels[i]])),
  findings,
  report_sent: new Date().toISOString().slice(0, 10),
});

test('an outcome is only for a scheduled referral of the network itself, and every field is checked', async () => {
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form('9712 CP', { scan: scanOf(NOORD) }));
  const id = r.json.referral;
  const auth = bearer(nets.tokens[NOORD]);
  const url = `/api/v1/network/referrals/${id}/outcome`;
  const good = outcome(['ok', 'attention', 'urgent', 'ok', 'attention'], ['no-mfa-on-mail', 'backups-never-restored']);
  // not scheduled yet
  assertError(await s.post(url, good, auth), 409, 'wrong_status');
  await s.post(`/api/v1/network/referrals/${id}/status`, { status: 'scheduled' }, auth);
  // another network's token: as if it did not exist
  assertError(await s.post(url, good, bearer(nets.tokens[LIMBURG])), 404, 'unknown_referral');
  const bad = [
    [{ ...good, principles: { ...good.principles, hygiene: 'ok' } }, /hygiene/],
    [{ ...good, principles: { ...good.principles, updates: 'fine' } }, /principles\.updates/],
    [{ ...good, principles: { inventory: 'ok' } }, /principles\.settings/],
    [{ ...good, findings: ['no-such-finding'] }, /no-such-finding/],
    [{ ...good, findings: ['no-mfa-on-mail', 'no-mfa-on-mail'] }, /twee keer/],
    [{ ...good, findings: 'no-mfa-on-mail' }, /findings/],
    [{ ...good, report_sent: '2026-13-01' }, /report_sent/],
    [{ ...good, report_sent: '2999-01-01' }, /report_sent/],
    [{ ...good, score: 5 }, /principles, findings en report_sent/],
    [{ ...good, principles: [] }, /principles/],
  ];
  for (const [body, msg] of bad) {
    const res = await s.post(url, body, auth);
    assertError(res, 422, 'invalid_fields');
    assert.match(res.json.error.message, msg, JSON.stringify(body));
  }
  // nothing was recorded by any of those
  assert.equal((await s.get(`/api/v1/network/referrals/${id}`, auth)).json.outcome, null);
  const ok = await s.post(url, good, auth);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json.outcome.principles, good.principles);
  assert.deepEqual(ok.json.outcome.findings, good.findings);
  assert.equal(ok.json.outcome.report_sent, good.report_sent);
  assert.equal(ok.json.status, 'done');
  assert.ok(ok.json.history.some((h) => h.status === 'done'));
  // the catalogue, in the coordinator's language
  const cat = await s.get('/api/v1/network/findings?lang=en', auth);
  assert.equal(cat.status, 200);
  assert.ok(cat.json.findings.length >= 30);
  const mfa = cat.json.findings.find((f) => f.id === 'no-mfa-on-mail');
  assert.equal(mfa.principle, 'settings');
  assert.match(mfa.title, /[A-Za-z]/);
  assert.equal((await s.get('/api/v1/network/findings')).status, 401);
  // a withdrawn referral takes no outcome
  const t2 = await completeShipped(s, { postcode: '9712 CP' });
  const r2 = await s.post(`/api/v1/sessions/${t2}/referral`, form('9712 CP', { scan: scanOf(NOORD) }));
  await s.post(`/api/v1/network/referrals/${r2.json.referral}/status`, { status: 'scheduled' }, auth);
  assert.equal((await s.del(`/api/v1/withdrawals/${r2.json.withdraw_url.split('/').pop()}`)).status, 204);
  assertError(
    await s.post(`/api/v1/network/referrals/${r2.json.referral}/outcome`, good, auth),
    409,
    'referral_withdrawn',
  );
});

test('outcome statistics: exact shares per group, small groups held back (and one more), corrections counted once, no personal data', async () => {
  // Noord 12 scans, Utrecht 10, Limburg 5 (plus the one of the test above in Noord: 13)
  const noord = await referrals(NOORD, '9712 CP', 12);
  const utrecht = await referrals(UTRECHT, '3511 AB', 10);
  const limburg = await referrals(LIMBURG, '6211 AB', 5);
  const record = async (network, ids, levels, findings) => {
    for (const id of ids) {
      const r = await s.post(
        `/api/v1/network/referrals/${id}/outcome`,
        outcome(levels, findings),
        bearer(nets.tokens[network]),
      );
      assert.equal(r.status, 200, r.text);
    }
  };
  // Noord: 8 with updates urgent and macros, 4 with updates ok
  await record(
    NOORD,
    noord.slice(0, 8),
    ['attention', 'attention', 'urgent', 'ok', 'ok'],
    ['macros-enabled', 'no-mfa-on-mail'],
  );
  await record(NOORD, noord.slice(8), ['ok', 'ok', 'ok', 'ok', 'ok'], ['no-mfa-on-mail']);
  await record(UTRECHT, utrecht, ['urgent', 'ok', 'attention', 'ok', 'ok'], ['backups-never-restored']);
  await record(LIMBURG, limburg, ['ok', 'ok', 'ok', 'ok', 'ok'], []);
  // a correction of one Noord outcome (updates urgent → attention) must not count it twice
  await record(
    NOORD,
    [noord[0]],
    ['attention', 'attention', 'attention', 'ok', 'ok'],
    ['macros-enabled', 'no-mfa-on-mail'],
  );

  const st = await s.get('/api/v1/stats/outcomes?by=network&lang=nl');
  assert.equal(st.status, 200, st.text);
  const g = Object.fromEntries(st.json.groups.map((x) => [x.key, x]));
  // Limburg (5) is held back, and so is the next smallest, Utrecht (10): 5 alone could be subtracted
  assert.equal(g[LIMBURG].suppressed, true);
  assert.equal(g[UTRECHT].suppressed, true);
  assert.equal(g[LIMBURG].scans, undefined);
  const n = g[NOORD];
  assert.equal(n.suppressed, false);
  assert.equal(n.scans, 13);
  // updates: 8 − 1 corrected + 1 (the first test's) urgent, the corrected one attention, 4 ok
  assert.equal(n.principles.updates.urgent, Math.round((8 / 13) * 10000) / 10000);
  assert.equal(n.principles.updates.attention, Math.round((1 / 13) * 10000) / 10000);
  assert.equal(n.principles.updates.ok, Math.round((4 / 13) * 10000) / 10000);
  // the most frequent findings first: no MFA on the mail 13 of 13, macros 8 of 13
  assert.equal(n.findings[0].id, 'no-mfa-on-mail');
  assert.equal(n.findings[0].share, 1);
  assert.equal(n.findings[1].id, 'macros-enabled');
  assert.equal(n.findings[1].share, Math.round((8 / 13) * 10000) / 10000);
  assert.match(n.findings[0].title, /\w/);
  // calibration: every respondent here took the worst answers, so the self-test said "high" risk
  const cal = n.calibration.updates;
  assert.equal(cal.high.scans, 13);
  assert.equal(cal.high.urgent, Math.round((8 / 13) * 10000) / 10000);
  assert.equal(cal.low.suppressed, true);
  assert.equal(cal.medium.suppressed, true);
  // "all" adds up the released groups only
  assert.equal(st.json.all.scans, 13);
  // by sector and province the same scans, grouped otherwise
  const bp = await s.get('/api/v1/stats/outcomes?by=province');
  const gr = bp.json.groups.find((x) => x.key === 'GR');
  assert.equal(gr.scans, 13);
  assert.equal(bp.json.groups.find((x) => x.key === 'UT').suppressed, true);
  const bs = await s.get('/api/v1/stats/outcomes?by=sector');
  assert.equal(bs.json.groups.find((x) => x.key === 'retail').scans, 28);
  // CSV: one row per group and one for all
  const csv = await s.get('/api/v1/stats/outcomes.csv?by=network');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /text\/csv/);
  const rows = csv.text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.match(rows[0], /"updates_urgent"/);
  assert.ok(rows.some((l) => l.startsWith(`"network","${NOORD}"`) && l.includes('"13"')));
  assert.ok(rows.some((l) => l.startsWith(`"network","${LIMBURG}"`) && l.includes('"true"')));
  // the headline: scans requested (2 + 27) and done (1 + 27, a correction is no second scan);
  // no result was fetched, so no respondent was counted: fewer than 10 is not shown
  const sum = await s.get('/api/v1/stats/summary');
  assert.equal(sum.status, 200, sum.text);
  assert.equal(sum.json.scans_requested, 29);
  assert.equal(sum.json.scans_done, 28);
  assert.equal(sum.json.respondents, null);
  assert.equal(sum.json.high_share, null);
  // bad input
  assertError(await s.get('/api/v1/stats/outcomes?by=colour'), 400, 'bad_by');
  assertError(await s.get('/api/v1/stats/outcomes?by=network&from=2026-99-01'), 400, 'bad_date');
  // the counters are counts only: no id, name, address or postcode in any of them
  const keys = s.redis('durable', '--scan', '--pattern', 'zt:so:*').split('\n').filter(Boolean);
  assert.ok(keys.length >= 4);
  const all = [...noord, ...utrecht, ...limburg];
  for (const k of keys) {
    const dump = `${k} ${s.redis('durable', 'HGETALL', k)}`;
    assert.ok(!/@|Knip|Sanne|9712|3511|6211/.test(dump), `${k}: ${dump}`);
    for (const id of all) assert.ok(!dump.includes(id), `${k} holds a referral id`);
  }
});
