// From a high-risk result to a booked student scan, and the network's side:
// routing, slots, the referral form, idempotency, the networks' API and
// dashboard data, isolation between networks, CSV export.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { completeShipped, newSession, assertError } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');

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

const inDays = (d, hour = 9) => {
  const t = new Date(Date.now() + d * 86400000);
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}T${p(hour)}:00:00+01:00`;
};

async function createSlot(network, capacity = 3, days = 10, place = 'on-site') {
  const r = await s.post(
    '/api/v1/network/slots',
    { start: inDays(days), minutes: 240, place, capacity, scan: scanOf(network) },
    bearer(nets.tokens[network]),
  );
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const NOORD = 'cyberweerbaarheid-noord-nederland';
// Noord-Nederland runs two scan types: a request there without a slot names one
// (elsewhere the only scan type, or the slot's, is implied).
function form(extra = {}) {
  const f = {
    company: 'Bakkerij De Korenbloem',
    contact_name: 'Jan de Vries',
    email: 'jan@korenbloem.example',
    phone: '06 12345678',
    postcode: '9712 CP',
    consent: true,
    share_answers: true,
    agreement: AGREEMENT,
    ...extra,
  };
  if (!f.slot && !('scan' in extra) && /^97/.test(f.postcode || '')) f.scan = scanOf(NOORD);
  return f;
}

for (const [city, postcode, network] of [
  ['Groningen', '9712 CP', 'cyberweerbaarheid-noord-nederland'],
  ['Maastricht', '6211 AB', 'eccw-limburg'],
  ['Enschede', '7511 JE', 'novel-t-twente'],
]) {
  test(`a high-risk respondent in ${city} is offered ${network}, books a slot, the network sees it`, async () => {
    const token = await completeShipped(s, { postcode });
    const res = await s.get(`/api/v1/sessions/${token}/result`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.level, 'high');
    const ref = res.json.referral;
    assert.equal(ref.offered, true);
    assert.equal(ref.located_by, 'postcode');
    assert.equal(ref.network.id, network);
    assert.ok(ref.network.distance_km >= 0 && ref.network.distance_km < 40, JSON.stringify(ref.network));
    for (const k of ['email', 'phone', 'website']) assert.ok(ref.network.contact[k]);
    assert.ok(ref.consent.version && ref.consent.text.length > 50);

    const slot = await createSlot(network, 2);
    const pub = await s.get(ref.slots_url);
    assert.equal(pub.status, 200);
    const listed = pub.json.slots.find((x) => x.id === slot.id);
    assert.deepEqual(Object.keys(listed).sort(), ['id', 'minutes', 'place', 'remaining', 'scan', 'start']);
    assert.equal(listed.remaining, 2);
    assert.equal(listed.scan, scanOf(network));
    // the offer names the network's scan types with what they involve, and why this network
    assert.ok(ref.scans.length >= 1);
    for (const sc of ref.scans) {
      for (const k of ['name', 'description', 'duration', 'prepare', 'supervision']) assert.ok(sc[k].length > 5, k);
      assert.equal(typeof sc.price_eur, 'number');
      assert.equal(sc.agreement.version, AGREEMENT);
    }
    assert.match(ref.network.reason, /^(province|postcode)$/);
    assert.ok(ref.network.reason_text.length > 10);
    assert.equal(ref.requested, undefined);

    const r = await s.post(`/api/v1/sessions/${token}/referral`, form({ postcode, slot: slot.id }));
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.referral, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(r.json.network.id, network);
    assert.equal(r.json.slot.id, slot.id);
    assert.equal(r.json.slot.remaining, 1);
    assert.match(r.json.withdraw_url, /^https:\/\/zelftest\.example\.nl\/api\/v1\/withdrawals\/[A-Za-z0-9_-]{22}$/);
    assert.match(r.json.withdraw_page, /\/withdraw\.html#/);
    assert.equal((await s.get(ref.slots_url)).json.slots.find((x) => x.id === slot.id).remaining, 1);

    // the network's coordinator
    const auth = bearer(nets.tokens[network]);
    let list = await s.get('/api/v1/network/referrals', auth);
    assert.equal(list.status, 200);
    const mine = list.json.referrals.find((x) => x.id === r.json.referral);
    assert.ok(mine, 'referral not listed');
    assert.equal(mine.acknowledged, false);
    assert.equal(mine.status, 'new');
    assert.equal(mine.email, 'jan@korenbloem.example');
    assert.equal(mine.phone, '+31612345678');
    assert.equal(mine.postcode, postcode);
    assert.equal(mine.result.level, 'high'); // shared
    assert.equal(mine.result.principles.length, 5);
    assert.ok(list.json.unacknowledged >= 1);
    assert.equal(list.json.referrals[0].acknowledged, false, 'unacknowledged first');
    // exact counts beside the list, which they match while it is not cut
    const unackBefore = list.json.unacknowledged;
    assert.equal(list.json.total, list.json.referrals.length);
    assert.equal(unackBefore, list.json.referrals.filter((x) => !x.acknowledged).length);
    assert.equal(list.json.truncated, false);

    const detail = await s.get(`/api/v1/network/referrals/${r.json.referral}`, auth);
    assert.equal(detail.status, 200);
    assert.equal(detail.json.slot.id, slot.id);
    assert.equal(detail.json.consent_version, ref.consent.version);
    assert.ok(!('wkey' in detail.json) && !('sh' in detail.json) && !('fp' in detail.json));

    const st = await s.post(
      `/api/v1/network/referrals/${r.json.referral}/status`,
      { status: 'contacted', note: 'Gebeld, komt op 1 december' },
      auth,
    );
    assert.equal(st.status, 200, st.text);
    assert.equal(st.json.status, 'contacted');
    assert.equal(st.json.note, 'Gebeld, komt op 1 december');
    list = await s.get('/api/v1/network/referrals', auth);
    assert.equal(list.json.referrals.find((x) => x.id === r.json.referral).acknowledged, true);
    assert.equal(list.json.unacknowledged, unackBefore - 1, 'a status change acknowledges, counted exactly');
    assert.equal(
      (await s.get('/api/v1/network/referrals?status=contacted', auth)).json.referrals.some(
        (x) => x.id === r.json.referral,
      ),
      true,
    );
    assert.equal(
      (await s.get('/api/v1/network/referrals?status=new', auth)).json.referrals.some((x) => x.id === r.json.referral),
      false,
    );
  });
}

test('a respondent who is not high-risk is not offered, but can ask anyway', async () => {
  const token = await completeShipped(s, { worst: false, postcode: '3511 AB' });
  const res = await s.get(`/api/v1/sessions/${token}/result`);
  assert.equal(res.json.level, 'low');
  assert.equal(res.json.referral.offered, false);
  assert.equal(res.json.referral.network.id, 'cybernetwerk-utrecht');
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form({ postcode: '3511 AB', share_answers: false }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.slot, null);
  const d = await s.get(`/api/v1/network/referrals/${r.json.referral}`, bearer(nets.tokens['cybernetwerk-utrecht']));
  assert.equal(d.json.result, null, 'answers not shared');
  assert.equal(d.json.share_answers, false);
});

test('routing is honest: a network gets respondents only inside its declared area', async () => {
  const grower = await completeShipped(s, { sector: 'agriculture', postcode: '2671 AB' });
  const rg = (await s.get(`/api/v1/sessions/${grower}/result`)).json.referral;
  assert.equal(rg.network.id, 'cwc-greenport-west-holland');
  assert.equal(rg.network.reason, 'sector');
  const shop = await completeShipped(s, { sector: 'retail', postcode: '2511 CV' });
  const rs = (await s.get(`/api/v1/sessions/${shop}/result`)).json.referral;
  assert.equal(rs.network.id, 'cyberwerf-den-haag');
  assert.equal(rs.network.reason, 'postcode');
  // Amsterdam and Tiel: no network covers them; Utrecht (about 35 km) works in its own province only
  for (const pc of ['1012 AB', '4001 AA']) {
    const t = await completeShipped(s, { sector: 'ict', postcode: pc });
    const r = (await s.get(`/api/v1/sessions/${t}/result?lang=en`)).json.referral;
    assert.equal(r.network.id, 'digital-trust-center', pc);
    assert.equal(r.network.reason, 'fallback');
    assert.match(r.network.reason_text, /No regional network works in your area/);
    assert.ok(r.nearest.length >= 1 && r.nearest.length <= 3);
    assert.ok(r.nearest.every((n) => n.outside_area === true && n.distance_km > 0));
    const utrecht = r.nearest.find((n) => n.id === 'cybernetwerk-utrecht');
    assert.ok(utrecht && utrecht.distance_km > 20 && utrecht.distance_km < 50, JSON.stringify(r.nearest));
    // and a request goes to the fallback, marked with why
    const req = await s.post(`/api/v1/sessions/${t}/referral`, form({ postcode: pc }));
    assert.equal(req.status, 201, req.text);
    assert.equal(req.json.network.id, 'digital-trust-center');
    const seen = await s.get(
      `/api/v1/network/referrals/${req.json.referral}`,
      bearer(nets.tokens['digital-trust-center']),
    );
    assert.equal(seen.json.reason, 'fallback');
  }
});

test('a network that declares a radius takes businesses that near, and says so', async () => {
  const wide = testNetworks((reg) => {
    reg.networks.find((n) => n.id === 'cybernetwerk-utrecht').accepts_within_km = 40;
  });
  const t = await startStack({ env: { ZELFTEST_NETWORKS: wide.file, ZELFTEST_WORKERS: '2' } });
  try {
    const amsterdam = await completeShipped(t, { sector: 'ict', postcode: '1012 AB' });
    const r = (await t.get(`/api/v1/sessions/${amsterdam}/result`)).json.referral;
    assert.equal(r.network.id, 'cybernetwerk-utrecht');
    assert.equal(r.network.reason, 'radius');
    assert.match(r.network.reason_text, /buiten het eigen gebied/);
    // Tiel (about 31 km) too; Maastricht stays with its own province's network
    const tiel = await completeShipped(t, { sector: 'ict', postcode: '4001 AA' });
    const rt = (await t.get(`/api/v1/sessions/${tiel}/result`)).json.referral;
    assert.equal(rt.network.id, 'cybernetwerk-utrecht');
    assert.ok(rt.network.distance_km <= 40);
    const maastricht = await completeShipped(t, { sector: 'ict', postcode: '6211 AB' });
    assert.equal((await t.get(`/api/v1/sessions/${maastricht}/result`)).json.referral.network.id, 'eccw-limburg');
  } finally {
    await t.stop();
    wide.cleanup();
  }
});

test('the referral form: clear 422s per field, 409 before the test is done', async () => {
  const open = await newSession(s);
  assertError(await s.post(`/api/v1/sessions/${open}/referral`, form()), 409, 'incomplete');
  const token = await completeShipped(s);
  const cases = [
    [{ email: 'jan@' }, 'email'],
    [{ email: undefined }, 'email'],
    [{ phone: '12345' }, 'phone'],
    [{ phone: '+32 470 12 34 56' }, 'phone'],
    [{ postcode: '97120' }, 'postcode'],
    [{ company: '' }, 'company'],
    [{ company: 'x'.repeat(201) }, 'company'],
    [{ contact_name: 'a\nb' }, 'contact_name'],
    [{ consent: false }, 'consent'],
    [{ consent: 'yes' }, 'consent'],
    [{ consent: undefined }, 'consent'],
    [{ share_answers: 'ja' }, 'share_answers'],
    [{ slot: '../../x' }, 'slot'],
    [{ admin: true }, 'admin'],
  ];
  for (const [change, field] of cases) {
    const body = form(change);
    for (const k of Object.keys(change)) if (change[k] === undefined) delete body[k];
    const r = await s.post(`/api/v1/sessions/${token}/referral`, body);
    assertError(r, 422, 'invalid_fields');
    assert.ok(r.json.error.fields[field], `${field}: ${r.text}`);
  }
  // Dutch messages for a Dutch session, English with ?lang=en
  let r = await s.post(`/api/v1/sessions/${token}/referral`, form({ consent: false }));
  assert.match(r.json.error.fields.consent, /toestemming/);
  r = await s.post(`/api/v1/sessions/${token}/referral?lang=en`, form({ consent: false }));
  assert.match(r.json.error.fields.consent, /consent/);
  // several at once
  r = await s.post(`/api/v1/sessions/${token}/referral`, form({ email: 'x', phone: 'y' }));
  assert.deepEqual(Object.keys(r.json.error.fields).sort(), ['email', 'phone']);
  // nothing was created
  const d = await s.get('/api/v1/network/referrals', bearer(nets.tokens['cyberweerbaarheid-noord-nederland']));
  assert.ok(!d.json.referrals.some((x) => x.company === 'x'.repeat(201)));
  assertError(await s.post('/api/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA/referral', form()), 404, 'unknown_session');
  assertError(await s.post('/api/v1/sessions/not-a-token/referral', form()), 400, 'bad_token');
});

test('idempotent: the same request again gives the same referral and one booking', async () => {
  const token = await completeShipped(s, { postcode: '6211 AB' });
  const slot = await createSlot('eccw-limburg', 3);
  const body = form({ postcode: '6211 AB', slot: slot.id });
  const [a, b] = await Promise.all([
    s.post(`/api/v1/sessions/${token}/referral`, body),
    s.post(`/api/v1/sessions/${token}/referral`, body),
  ]);
  const c = await s.post(`/api/v1/sessions/${token}/referral`, body);
  for (const r of [a, b, c]) assert.equal(r.status, 201, r.text);
  assert.equal(a.json.referral, b.json.referral);
  assert.equal(a.json.referral, c.json.referral);
  assert.equal(a.json.withdraw_url, c.json.withdraw_url);
  const slots = (await s.get('/api/v1/network/slots', bearer(nets.tokens['eccw-limburg']))).json.slots;
  assert.equal(slots.find((x) => x.id === slot.id).booked, 1);
  // a different request for the same session is a conflict, not a second referral
  assertError(
    await s.post(`/api/v1/sessions/${token}/referral`, { ...body, phone: '0612345670' }),
    409,
    'referral_exists',
  );
  const list = (await s.get('/api/v1/network/referrals', bearer(nets.tokens['eccw-limburg']))).json.referrals;
  assert.equal(list.filter((x) => x.id === a.json.referral).length, 1);
});

test('a full slot gives 409 with the next free slots', async () => {
  const full = await createSlot('novel-t-twente', 1, 5);
  const later = await createSlot('novel-t-twente', 2, 12);
  const t1 = await completeShipped(s, { postcode: '7511 JE' });
  const t2 = await completeShipped(s, { postcode: '7511 JE' });
  assert.equal(
    (await s.post(`/api/v1/sessions/${t1}/referral`, form({ postcode: '7511 JE', slot: full.id }))).status,
    201,
  );
  const r = await s.post(`/api/v1/sessions/${t2}/referral`, form({ postcode: '7511 JE', slot: full.id }));
  assertError(r, 409, 'slot_full');
  assert.ok(r.json.error.next_slots.some((x) => x.id === later.id));
  assert.ok(!r.json.error.next_slots.some((x) => x.id === full.id));
  // a slot of another network is not bookable here
  const other = await createSlot('eccw-limburg', 1);
  assertError(
    await s.post(`/api/v1/sessions/${t2}/referral`, form({ postcode: '7511 JE', slot: other.id })),
    409,
    'slot_unavailable',
  );
  assertError(
    await s.post(`/api/v1/sessions/${t2}/referral`, form({ postcode: '7511 JE', slot: 'AAAAAAAAAAAAAAAAAAAAAA' })),
    409,
    'slot_unavailable',
  );
});

test('networks API: 401 without or with a wrong token; another network sees nothing', async () => {
  for (const h of [
    {},
    { Authorization: 'Bearer wrong-token-0123456789' },
    { Authorization: `Basic ${nets.tokens['eccw-limburg']}` },
    { Authorization: `Bearer ${nets.tokens['eccw-limburg']}x` },
    { Authorization: 'Bearer ' },
  ]) {
    const r = await s.get('/api/v1/network/referrals', { headers: h });
    assertError(r, 401, 'unauthorized');
    assert.match(r.headers['www-authenticate'], /^Bearer/);
  }
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form());
  assert.equal(r.status, 201);
  const id = r.json.referral;
  const limburg = bearer(nets.tokens['eccw-limburg']);
  assertError(await s.get(`/api/v1/network/referrals/${id}`, limburg), 404, 'unknown_referral');
  assertError(
    await s.post(`/api/v1/network/referrals/${id}/status`, { status: 'done' }, limburg),
    404,
    'unknown_referral',
  );
  assertError(await s.del(`/api/v1/network/referrals/${id}`, limburg), 404, 'unknown_referral');
  assert.ok(!(await s.get('/api/v1/network/referrals', limburg)).json.referrals.some((x) => x.id === id));
  assert.ok(!(await s.get('/api/v1/network/referrals.csv', limburg)).text.includes(id));
  // still there for its own network, untouched
  const own = await s.get(`/api/v1/network/referrals/${id}`, bearer(nets.tokens['cyberweerbaarheid-noord-nederland']));
  assert.equal(own.json.status, 'new');
  assert.equal((await s.get('/api/v1/network', limburg)).json.id, 'eccw-limburg');
});

test('status changes are validated', async () => {
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const id = (await s.post(`/api/v1/sessions/${token}/referral`, form())).json.referral;
  const auth = bearer(nets.tokens['cyberweerbaarheid-noord-nederland']);
  for (const body of [
    { status: 'new' },
    { status: 'lost' },
    { status: 'done', note: 5 },
    { status: 'done', extra: 1 },
    {},
  ]) {
    assertError(await s.post(`/api/v1/network/referrals/${id}/status`, body, auth), 422, 'invalid_fields');
  }
  assertError(
    await s.post(`/api/v1/network/referrals/${id}/status`, { status: 'done', note: 'x'.repeat(2001) }, auth),
    422,
    'invalid_fields',
  );
  assertError(await s.post('/api/v1/network/referrals/nope/status', { status: 'done' }, auth), 404, 'unknown_referral');
  assertError(await s.get('/api/v1/network/referrals?status=lost', auth), 400, 'bad_status');
});

test('CSV export: every referral of the network, fields escaped against formula injection', async () => {
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const r = await s.post(
    `/api/v1/sessions/${token}/referral`,
    form({
      company: '=HYPERLINK("http://evil.example","klik")',
      contact_name: '+31 "Jan"; de Vries',
      email: 'csv@example.nl',
    }),
  );
  assert.equal(r.status, 201, r.text);
  const csv = await s.get('/api/v1/network/referrals.csv', bearer(nets.tokens['cyberweerbaarheid-noord-nederland']));
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.match(
    csv.headers['content-disposition'],
    /attachment; filename="zelftest-cyberweerbaarheid-noord-nederland.csv"/,
  );
  assert.ok(csv.text.startsWith('\ufeff"id";"created";"status"'));
  const line = csv.text.split('\r\n').find((l) => l.includes(r.json.referral));
  assert.ok(line.includes('"\'=HYPERLINK(""http://evil.example"",""klik"")"'), line);
  assert.ok(line.includes('"\'+31 ""Jan""; de Vries"'), line);
  assert.ok(!/(^|;)"[=+\-@]/.test(line), line);
  const comma = await s.get(
    '/api/v1/network/referrals.csv?delimiter=comma',
    bearer(nets.tokens['cyberweerbaarheid-noord-nederland']),
  );
  assert.ok(comma.text.startsWith('\ufeff"id","created"'));
  assertError(
    await s.get(
      '/api/v1/network/referrals.csv?delimiter=tab',
      bearer(nets.tokens['cyberweerbaarheid-noord-nederland']),
    ),
    400,
    'bad_delimiter',
  );
});

test('slots: validated, listed, not deletable while booked', async () => {
  const auth = bearer(nets.tokens['cybernetwerk-utrecht']);
  const bad = [
    { start: '2026-12-01 09:00', minutes: 240, place: 'on-site', capacity: 3 },
    { start: '2020-01-01T09:00:00+01:00', minutes: 240, place: 'on-site', capacity: 3 },
    { start: inDays(3), minutes: 5, place: 'on-site', capacity: 3 },
    { start: inDays(3), minutes: 240, place: '', capacity: 3 },
    { start: inDays(3), minutes: 240, place: 'on-site', capacity: 0 },
    { start: inDays(3), minutes: 240, place: 'on-site', capacity: 3, price: 0 },
  ];
  for (const body of bad) assertError(await s.post('/api/v1/network/slots', body, auth), 422, 'invalid_fields');
  const slot = await createSlot('cybernetwerk-utrecht', 1, 4, 'ROC Midden Nederland, Utrecht');
  assert.equal(slot.place, 'ROC Midden Nederland, Utrecht');
  assert.equal(slot.start, inDays(4));
  const token = await completeShipped(s, { postcode: '3511 AB' });
  assert.equal(
    (await s.post(`/api/v1/sessions/${token}/referral`, form({ postcode: '3511 AB', slot: slot.id }))).status,
    201,
  );
  assertError(await s.del(`/api/v1/network/slots/${slot.id}`, auth), 409, 'slot_booked');
  // public list: full slots are not offered
  assert.ok(!(await s.get('/api/v1/networks/cybernetwerk-utrecht/slots')).json.slots.some((x) => x.id === slot.id));
  const free = await createSlot('cybernetwerk-utrecht', 2, 6);
  assertError(
    await s.del(`/api/v1/network/slots/${free.id}`, bearer(nets.tokens['eccw-limburg'])),
    404,
    'unknown_slot',
  );
  assert.equal((await s.del(`/api/v1/network/slots/${free.id}`, auth)).status, 204);
  assertError(await s.get('/api/v1/networks/nope/slots'), 404, 'unknown_network');
});

test('scan types and agreements: validated on slots and requests, and stored with the referral', async () => {
  const auth = bearer(nets.tokens[NOORD]);
  // a slot names one of the network's scan types; with two, it must say which
  const noScan = { start: inDays(14), minutes: 240, place: 'on-site', capacity: 1 };
  assertError(await s.post('/api/v1/network/slots', noScan, auth), 422, 'invalid_fields');
  assertError(await s.post('/api/v1/network/slots', { ...noScan, scan: 'pentest' }, auth), 422, 'invalid_fields');
  assertError(await s.post('/api/v1/network/slots', { ...noScan, scan: 7 }, auth), 422, 'invalid_fields');
  const sl = await s.post('/api/v1/network/slots', { ...noScan, scan: 'quick-start-avg' }, auth);
  assert.equal(sl.status, 201, sl.text);
  assert.equal(sl.json.scan, 'quick-start-avg');
  // one scan type: implied
  const lim = await s.post('/api/v1/network/slots', noScan, bearer(nets.tokens['eccw-limburg']));
  assert.equal(lim.json.scan, 'risicoanalyse');

  const token = await completeShipped(s, { postcode: '9712 CP' });
  const base = form({ scan: undefined }); // JSON leaves the undefined scan out
  // the agreement: missing, an old version, a scan that is not this network's, or not the slot's
  let r = await s.post(`/api/v1/sessions/${token}/referral`, {
    ...base,
    scan: 'quick-start-avg',
    agreement: undefined,
  });
  assertError(r, 422, 'invalid_fields');
  assert.match(r.json.error.fields.agreement, /afspraken/);
  r = await s.post(`/api/v1/sessions/${token}/referral`, { ...base, scan: 'quick-start-avg', agreement: '2020-01' });
  assert.match(r.json.error.fields.agreement, /veranderd/);
  r = await s.post(`/api/v1/sessions/${token}/referral`, { ...base, scan: 'risicoanalyse' });
  assert.ok(r.json.error.fields.scan);
  r = await s.post(`/api/v1/sessions/${token}/referral`, { ...base });
  assert.ok(r.json.error.fields.scan, 'two scan types and none chosen');
  r = await s.post(`/api/v1/sessions/${token}/referral`, {
    ...base,
    slot: sl.json.id,
    scan: 'digitaal-veilig-ondernemen',
  });
  assert.ok(r.json.error.fields.scan, 'a scan type other than the slot’s');
  // no booked slot yet: no calendar file
  assertError(await s.get(`/api/v1/sessions/${token}/referral/calendar.ics`), 404, 'no_booked_slot');
  // the slot implies its scan type
  r = await s.post(`/api/v1/sessions/${token}/referral`, { ...base, slot: sl.json.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.scan.id, 'quick-start-avg');
  assert.match(r.json.calendar_url, /\/api\/v1\/sessions\/[A-Za-z0-9_-]{22}\/referral\/calendar\.ics$/);
  const d = await s.get(`/api/v1/network/referrals/${r.json.referral}`, auth);
  assert.equal(d.json.scan, 'quick-start-avg');
  assert.equal(d.json.agreement_version, AGREEMENT);
  assert.equal(d.json.consent_version, '2026-12');
  assert.equal(d.json.reason, 'province');
  // the result now says the request is in, and offers nothing twice
  const res = (await s.get(`/api/v1/sessions/${token}/result`)).json.referral;
  assert.equal(res.requested.referral, r.json.referral);
  assert.equal(res.requested.slot.id, sl.json.id);
  assert.equal(res.requested.withdraw_url, r.json.withdraw_url);
  const ics = await s.get(`/api/v1/sessions/${token}/referral/calendar.ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.headers['content-type'], /^text\/calendar/);
  assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics.text, new RegExp(`UID:${r.json.referral}@zelftest\\r\\n`));
  assert.match(ics.text, /DTSTART;TZID=Europe\/Amsterdam:\d{8}T\d{6}\r\n/);
  assert.ok(
    ics.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75),
    'a line longer than 75 octets',
  );
});
