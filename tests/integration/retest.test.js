// Did the scan help?  An owner who opted in gets an invitation after the
// outcome (a real SMTP server receives it), takes the test again from its
// link, sees the change per principle, and the networks get the mean change
// per principle, held back below 10 re-tests; an owner can decline, a link
// works once, and the baseline holds nothing personal.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, until } = require('./lib/stack');
const { startCatcher } = require('./lib/catcher');
const { completeShipped, cloneSessions, assertError } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');

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
      ZELFTEST_RETEST_AFTER_DAYS: '0', // the invitation goes at once
    },
  });
});
after(async () => {
  if (s) await s.stop();
  if (mail) await mail.close();
  nets.cleanup();
});

// answers every question of the shipped questionnaire with its best option
async function answerBest(token) {
  const q = (await s.get('/api/v1/questionnaire?lang=nl')).json;
  for (const x of [...q.principles.flatMap((p) => p.questions), ...q.profile]) {
    let body;
    if (x.type === 'postcode') body = { value: '9712' };
    else {
      const best = [...x.options].filter((o) => !o.unknown).sort((a, b) => b.points - a.points)[0];
      body = x.type === 'multi' ? { options: [best.id] } : { option: best.id };
    }
    const r = await s.put(`/api/v1/sessions/${token}/answers/${x.id}`, body);
    assert.equal(r.status, 200, `${x.id}: ${r.text}`);
  }
}

test('opt-in, outcome, invitation, re-test with the change per principle, improvement statistics', async () => {
  const auth = bearer(nets.tokens[NOORD]);
  const base = await completeShipped(s, { postcode: '9712 CP' }); // the worst answers
  const first = (await s.get(`/api/v1/sessions/${base}/result`)).json;
  const tokens = cloneSessions(s, base, 12);
  const emails = [];
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const email = `retest${i}@example.nl`;
    emails.push(email);
    const r = await s.post(`/api/v1/sessions/${tokens[i]}/referral`, {
      company: `Winkel ${i}`,
      contact_name: 'Lotte Bakker',
      email,
      postcode: '9712 CP',
      consent: true,
      scan: scanOf(NOORD),
      agreement: AGREEMENT,
      retest: i < 11, // the last one did not ask for it
    });
    assert.equal(r.status, 201, r.text);
    const id = r.json.referral;
    ids.push(id);
    assert.equal((await s.post(`/api/v1/network/referrals/${id}/status`, { status: 'scheduled' }, auth)).status, 200);
    const o = await s.post(
      `/api/v1/network/referrals/${id}/outcome`,
      {
        principles: { inventory: 'urgent', settings: 'attention', updates: 'urgent', access: 'ok', malware: 'ok' },
        findings: [],
      },
      auth,
    );
    assert.equal(o.status, 200, o.text);
    assert.equal(o.json.retest, i < 11);
  }
  // the invitations: one to each who asked, none to the one who did not
  const invitations = () => mail.messages().filter((m) => /Doe de zelftest opnieuw/.test(m.headers.Subject || ''));
  assert.ok(await until(() => invitations().length >= 11, 15000), `${invitations().length} invitations`);
  const inv = invitations();
  assert.equal(inv.length, 11);
  assert.ok(!inv.some((m) => m.envelope.rcpt_tos.includes(emails[11])));
  const keys = inv.map((m) => /#retest=([A-Za-z0-9_-]{22})/.exec(m.text)[1]);
  assert.equal(new Set(keys).size, 11);
  for (const m of inv) {
    assert.match(m.text, /#retest-decline=[A-Za-z0-9_-]{22}/);
    assert.match(m.text, /Je krijgt deze e-mail omdat je bij je aanvraag voor een scan om deze uitnodiging vroeg/);
  }
  // correcting an outcome sends no second invitation
  const again = await s.post(
    `/api/v1/network/referrals/${ids[0]}/outcome`,
    {
      principles: { inventory: 'attention', settings: 'attention', updates: 'urgent', access: 'ok', malware: 'ok' },
      findings: [],
    },
    auth,
  );
  assert.equal(again.status, 200);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(invitations().length, 11);
  // the baseline: the first result's scores and the groups, nothing personal
  for (const k of keys) {
    const b = s.redis('durable', 'HGETALL', `zt:retest:${k}`);
    assert.ok(!/@|Winkel|Lotte|9712/.test(b), b);
    assert.match(b, /scores/);
  }
  // one declines: the baseline is gone, the link no longer starts a re-test
  const declined = keys.pop();
  assert.equal((await s.del(`/api/v1/retests/${declined}`)).status, 204);
  assertError(await s.del(`/api/v1/retests/${declined}`), 404, 'unknown_retest');
  assertError(await s.post('/api/v1/sessions', { lang: 'nl', retest: declined }), 404, 'unknown_retest');
  assertError(await s.post('/api/v1/sessions', { lang: 'nl', retest: 'not a key' }), 422, 'invalid_field');

  // ten re-tests, all with the best answers now
  for (const k of keys) {
    const r = await s.post('/api/v1/sessions', { lang: 'nl', retest: k });
    assert.equal(r.status, 201, r.text);
    await answerBest(r.json.session);
    const res = await s.get(`/api/v1/sessions/${r.json.session}/result`);
    assert.equal(res.status, 200);
    const rt = res.json.retest;
    assert.ok(rt, 'no comparison in the result');
    assert.equal(rt.network, 'Samenwerkingsverband Cyberweerbaarheid Noord-Nederland');
    for (const p of rt.principles) {
      const was = first.principles.find((x) => x.id === p.id).score;
      const now = res.json.principles.find((x) => x.id === p.id).score;
      assert.equal(p.before, was);
      assert.equal(p.after, now);
      assert.equal(p.change, now - was);
      assert.ok(p.change > 0, `${p.id}: ${p.before} → ${p.after}`);
      assert.match(p.title, /\w/);
    }
    // the result again: the same comparison, counted once
    assert.deepEqual((await s.get(`/api/v1/sessions/${r.json.session}/result`)).json.retest, rt);
  }
  // a used link does not start a second counted re-test
  assertError(await s.post('/api/v1/sessions', { lang: 'nl', retest: keys[0] }), 404, 'unknown_retest');

  const st = await s.get('/api/v1/stats/improvement?by=network');
  assert.equal(st.status, 200, st.text);
  const g = st.json.groups.find((x) => x.key === NOORD);
  assert.equal(g.suppressed, false);
  assert.equal(g.retests, 10);

  // every re-test moved from the worst to the best answers: the mean change is that difference
  const one = (await s.get('/api/v1/stats/improvement?by=province')).json.groups.find((x) => x.key === 'GR');
  assert.equal(one.retests, 10);
  for (const p of first.principles) {
    assert.equal(g.mean_change[p.id], one.mean_change[p.id]);
    assert.ok(g.mean_change[p.id] > 0);
  }
  // another network has none: held back, no numbers
  assert.equal(st.json.groups.find((x) => x.key === 'eccw-limburg').suppressed, true);
  assertError(await s.get('/api/v1/stats/improvement?by=size'), 400, 'bad_by');
  // no counter holds anything personal
  for (const k of s.redis('durable', '--scan', '--pattern', 'zt:si:*').split('\n').filter(Boolean)) {
    assert.ok(!/@|Winkel|Lotte/.test(s.redis('durable', 'HGETALL', k)), k);
  }
});
