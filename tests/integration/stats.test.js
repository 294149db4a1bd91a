// Anonymous statistics and campaign funnels: exact figures for a known set
// of completed tests, suppression below 10, bad queries, and a keyspace
// that holds no address, postcode or free text in any counter.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { completeShipped, newSession, assertError } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');
const { testCampaigns } = require('./lib/campaigns');

let s;
let nets;
let camps;
// the UTC date is never later than the date in the Netherlands
const today = () => new Date().toISOString().slice(0, 10);

before(async () => {
  nets = testNetworks();
  camps = testCampaigns([
    { id: 'beurs-2026', origins: ['https://beurs.example.nl'] },
    {
      id: 'noord-week',
      owner: { network: 'cyberweerbaarheid-noord-nederland' },
      origins: ['https://noord.example.nl'],
    },
    { id: 'voorbij', origins: ['https://oud.example.nl'], start: '2024-01-01', end: '2024-12-31' },
  ]);
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_CAMPAIGNS: camps.file } });
});
after(async () => {
  await s.stop();
  nets.cleanup();
  camps.cleanup();
});

async function completeMany(n, opts, campaign) {
  const tokens = [];
  for (let i = 0; i < n; i++) {
    const t = await completeShipped(s, { ...opts, campaign });
    const r = await s.get(`/api/v1/sessions/${t}/result`);
    assert.equal(r.status, 200, r.text);
    tokens.push(t);
  }
  return tokens;
}

const stats = (q) => s.get(`/api/v1/stats?${q}`);
const group = (r, key) => r.json.groups.find((g) => g.key === key);

test('statistics for a known set of completed tests match exactly', async () => {
  await completeMany(12, { sector: 'retail', worst: true, postcode: '9712 CP' });
  await completeMany(10, { sector: 'construction', worst: false, postcode: '3511 AB' });
  let r = await stats('by=sector');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.by, 'sector');
  assert.equal(r.json.min_group, 10);
  const retail = group(r, 'retail');
  assert.equal(retail.respondents, 12);
  assert.equal(retail.suppressed, false);
  assert.deepEqual(Object.keys(retail.principles).sort(), ['access', 'inventory', 'malware', 'settings', 'updates']);
  for (const p of Object.values(retail.principles)) assert.deepEqual(p, { low: 0, medium: 0, high: 1 });
  const construction = group(r, 'construction');
  assert.equal(construction.respondents, 10);
  for (const p of Object.values(construction.principles)) assert.deepEqual(p, { low: 1, medium: 0, high: 0 });
  // every other sector: suppressed, and no numbers at all (never a zero)
  for (const g of r.json.groups.filter((x) => !['retail', 'construction'].includes(x.key))) {
    assert.deepEqual(Object.keys(g).sort(), ['key', 'label', 'suppressed']);
    assert.equal(g.suppressed, true);
  }
  r = await stats('by=province');
  assert.equal(group(r, 'GR').respondents, 12);
  assert.equal(group(r, 'UT').respondents, 10);
  assert.equal(group(r, 'GR').label, 'Groningen');
  assert.equal(group(r, 'NH').suppressed, true);
  r = await stats('by=campaign');
  assert.equal(group(r, 'none').respondents, 22);
  // a result shown again does not count again
  r = await stats('by=province');
  assert.equal(group(r, 'GR').respondents, 12);
});

test("the same statistics by the 2024 NCSC/DTC set, from the questions' mapping", async () => {
  const r = await stats('by=sector&set=2024');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.set, '2024');
  assert.equal((await stats('by=sector')).json.set, '2018');
  // every 2024 principle has questions in the shipped questionnaire
  assert.deepEqual(
    r.json.principles.map((p) => p.id),
    ['risks', 'behaviour', 'protect', 'access', 'incidents'],
  );
  assert.equal(r.json.principles[4].title, 'Bereid je voor op incidenten');
  // the 12 retail respondents answered worst everywhere, the 10 in construction best
  const retail = group(r, 'retail');
  assert.equal(retail.respondents, 12);
  for (const p of Object.values(retail.principles)) assert.deepEqual(p, { low: 0, medium: 0, high: 1 });
  for (const p of Object.values(group(r, 'construction').principles))
    assert.deepEqual(p, { low: 1, medium: 0, high: 0 });
  // suppressed the same way: no numbers at all
  assert.deepEqual(Object.keys(group(r, 'education')).sort(), ['key', 'label', 'suppressed']);
  const csv = await s.get('/api/v1/stats.csv?by=sector&set=2024');
  assert.match(csv.text.split('\r\n')[0], /"risks_low","risks_medium","risks_high","behaviour_low"/);
  assert.match(csv.headers['content-disposition'], /zelftest-stats-sector-2024-/);
});

test('groups under 10 are suppressed, and so is the smallest other group that would give them away', async () => {
  await completeMany(3, { sector: 'hospitality', worst: true, postcode: '6211 AB' });
  const r = await stats('by=sector');
  assert.equal(group(r, 'hospitality').suppressed, true);
  assert.ok(!('respondents' in group(r, 'hospitality')));
  // 3 alone could be found as total − the rest: the smallest other group (10) is held back too
  assert.equal(group(r, 'construction').suppressed, true);
  assert.equal(group(r, 'retail').respondents, 12);
  // by province: LI has 3 → held, and with it the smallest other (UT, 10)
  const p = await stats('by=province');
  assert.equal(group(p, 'LI').suppressed, true);
  assert.equal(group(p, 'UT').suppressed, true);
  assert.equal(group(p, 'GR').respondents, 12);
});

test('campaign funnels: started, completed, high, referral, booked per day; owner token only', async () => {
  const slot = await s.post(
    '/api/v1/network/slots',
    {
      start: new Date(Date.now() + 7 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'),
      minutes: 240,
      place: 'on-site',
      capacity: 5,
      scan: scanOf('cyberweerbaarheid-noord-nederland'),
    },
    bearer(nets.tokens['cyberweerbaarheid-noord-nederland']),
  );
  assert.equal(slot.status, 201);
  // 2 started but not finished, 3 completed (high), 1 asks for a scan with a slot
  await newSession(s, { lang: 'nl', campaign: 'noord-week' });
  await newSession(s, { lang: 'nl', campaign: 'noord-week' });
  const done = await completeMany(3, { sector: 'retail', worst: true, postcode: '9712 CP' }, 'noord-week');
  const ref = await s.post(`/api/v1/sessions/${done[0]}/referral`, {
    company: 'Fietsenmaker Noord',
    contact_name: 'Sanne',
    email: 'sanne@example.nl',
    postcode: '9712 CP',
    slot: slot.json.id,
    consent: true,
    agreement: AGREEMENT,
    share_answers: false,
  });
  assert.equal(ref.status, 201, ref.text);
  const f = await s.get('/api/v1/campaigns/noord-week/stats', bearer(camps.tokens['noord-week']));
  assert.equal(f.status, 200, f.text);
  assert.deepEqual(f.json.totals, { started: 5, completed: 3, high: 3, referral: 1, booked: 1 });
  const day = f.json.days[f.json.days.length - 1];
  assert.equal(day.started, 5);
  assert.equal(f.json.days.length, 30);
  // the owner network's own token works as well
  assert.equal(
    (await s.get('/api/v1/campaigns/noord-week/stats', bearer(nets.tokens['cyberweerbaarheid-noord-nederland'])))
      .status,
    200,
  );
  assertError(
    await s.get('/api/v1/campaigns/noord-week/stats', bearer(nets.tokens['eccw-limburg'])),
    401,
    'unauthorized',
  );
  assertError(
    await s.get('/api/v1/campaigns/noord-week/stats', bearer(camps.tokens['beurs-2026'])),
    401,
    'unauthorized',
  );
  assertError(await s.get('/api/v1/campaigns/noord-week/stats'), 401, 'unauthorized');
  assertError(await s.get('/api/v1/campaigns/nope/stats', bearer(camps.tokens['noord-week'])), 404, 'unknown_campaign');
  const csv = await s.get('/api/v1/campaigns/noord-week/stats.csv', bearer(camps.tokens['noord-week']));
  assert.match(csv.text, /"date","started","completed","high","referral","booked"/);
  assert.ok(csv.text.trim().split('\r\n').length >= 31);
  // by campaign in the public statistics: 3 completed → suppressed
  const r = await stats('by=campaign');
  assert.equal(group(r, 'noord-week').suppressed, true);
});

test('an unknown or finished campaign runs the plain test and counts nothing', async () => {
  for (const id of ['bestaat-niet', 'voorbij']) {
    const c = await s.post('/api/v1/sessions', { lang: 'nl', campaign: id });
    assert.equal(c.status, 201);
    const got = await s.get(`/api/v1/sessions/${c.json.session}`);
    assert.ok(!('campaign' in got.json), `${id} was stored`);
  }
  const f = await s.get('/api/v1/campaigns/voorbij/stats', bearer(camps.tokens.voorbij));
  assert.deepEqual(f.json.totals, { started: 0, completed: 0, high: 0, referral: 0, booked: 0 });
  const info = await s.get('/api/v1/campaigns/voorbij');
  assert.equal(info.json.active, false);
  assertError(await s.get('/api/v1/campaigns/bestaat-niet'), 404, 'unknown_campaign');
});

test("the embedded view carries exactly the campaign's frame-ancestors", async () => {
  let r = await s.get('/embed/beurs-2026');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  const csp = [].concat(r.headers['content-security-policy']);
  assert.equal(csp.length, 1, 'one CSP only');
  assert.match(csp[0], /frame-ancestors https:\/\/beurs\.example\.nl$/);
  assert.match(r.text, /^<!doctype html>/i);
  r = await s.get('/embed/bestaat-niet');
  assert.match(r.headers['content-security-policy'], /frame-ancestors 'self'$/);
  r = await s.get('/');
  assert.match(r.headers['content-security-policy'], /frame-ancestors 'self'/);
  const info = await s.get('/api/v1/campaigns/beurs-2026');
  assert.deepEqual(info.json.origins, ['https://beurs.example.nl']);
  assert.equal(info.json.active, true);
});

test('bad statistics queries → 400', async () => {
  const t = today();
  for (const q of [
    'by=branche',
    '',
    'by=sector&from=2026-13-01',
    'by=sector&from=yesterday',
    'by=sector&from=2026-06-01&to=2026-05-01',
    'by=sector&to=2099-01-01',
    'by=sector&from=2019-01-01',
    'by=sector&from=2024-01-01&to=2026-06-01',
    'by=sector&version=9.9',
    'by=sector&set=2025',
    'by=sector&set=',
    `by=sector&from=${t}&to=${t}&lang=de`,
  ]) {
    const r = await stats(q);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.ok(r.json.error.code);
  }
  assert.equal((await stats(`by=size&from=${t}&to=${t}`)).status, 200);
  const csv = await s.get('/api/v1/stats.csv?by=sector');
  assert.equal(csv.status, 200);
  // 15 retail respondents by now (12 above, 3 of the funnel test), all at high on every principle
  const rows = csv.text.split('\r\n');
  assert.equal(
    rows[0],
    '\ufeff"by","key","label","respondents","suppressed",' +
      ['inventory', 'settings', 'updates', 'access', 'malware']
        .flatMap((p) => ['low', 'medium', 'high'].map((l) => `"${p}_${l}"`))
        .join(','),
  );
  assert.equal(
    rows.find((l) => l.startsWith('"sector","retail"')),
    `"sector","retail","Detailhandel, webwinkel","15","false",${Array(5).fill('"0.0000","0.0000","1.0000"').join(',')}`,
  );
  assert.match(csv.text, /"sector","hospitality","[^"]+","","true"/);
});

test('no counter or session key holds an address, a postcode or free text', async () => {
  const scan = (name, pattern) => s.redis(name, '--scan', '--pattern', pattern).split('\n').filter(Boolean);
  const statKeys = scan('durable', 'zt:st:*');
  const funnelKeys = scan('durable', 'zt:fn:*');
  assert.ok(statKeys.length > 0 && funnelKeys.length > 0);
  for (const k of statKeys) {
    assert.match(k, /^zt:st:2026\.2:(sector|size|province|campaign):[a-z0-9_A-Z-]+:\d{4}-W\d{2}$/, k);
    assert.ok(!/\d{4}/.test(k.split(':')[4]), `a postcode-like group in ${k}`);
    const fields = s.redis('durable', 'HGETALL', k).split('\n');
    for (let i = 0; i < fields.length; i += 2) {
      assert.match(fields[i], /^(n|(2024:)?[a-z_]+:(low|medium|high))$/, `${k}: field ${fields[i]}`);
      assert.match(fields[i + 1], /^\d+$/, `${k}: value ${fields[i + 1]}`);
    }
  }
  for (const k of funnelKeys) {
    assert.match(k, /^zt:fn:[a-z0-9_-]+:\d{4}-\d{2}-\d{2}$/, k);
    const fields = s.redis('durable', 'HGETALL', k).split('\n');
    for (let i = 0; i < fields.length; i += 2) {
      assert.match(fields[i], /^(started|completed|high|referral|booked)$/);
      assert.match(fields[i + 1], /^\d+$/);
    }
  }
  // sessions: answers as option numbers, the PC4 area only; no address, no text typed by anyone
  for (const k of scan('sessions', 'zt:s:*')) {
    const fields = s.redis('sessions', 'HGETALL', k).split('\n');
    for (let i = 0; i < fields.length; i += 2) {
      assert.match(fields[i], /^(\d+|v|l|t|c|d)$/, `${k}: ${fields[i]}`);
      assert.ok(
        !/(\d{1,3}\.){3}\d{1,3}|[A-Za-z]{2}\s*$/.test(
          fields[i] === 'c' || fields[i] === 'l' || fields[i] === 'v' ? '' : fields[i + 1],
        ),
        `${k}: ${fields[i + 1]}`,
      );
    }
  }
  // personal data lives only in referrals, which exist only with consent
  for (const k of scan('durable', 'zt:ref:*')) assert.equal(s.redis('durable', 'HGET', k, 'consent'), '1');
});
