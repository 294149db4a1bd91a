// The self-test over HTTP through nginx: questionnaire, session, answers,
// resume, result, health.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { newSession, answerTest, answerAll, assertError } = require('./lib/flow');

let s;
before(async () => {
  s = await startStack({ questionnaire: 'tests/data/questionnaire-test.json' });
});
after(async () => {
  await s.stop();
});

test('healthz answers ok with every worker running', async () => {
  const r = await s.get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.workers.running, r.json.workers.configured);
});

test('questionnaire in Dutch and English, points public', async () => {
  for (const lang of ['nl', 'en']) {
    const r = await s.get(`/api/v1/questionnaire?lang=${lang}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.lang, lang);
    assert.equal(r.json.version, 'test.1');
    assert.equal(r.json.principles.length, 5);
    const q = r.json.principles[0].questions[0];
    for (const k of ['id', 'type', 'text', 'help', 'options']) assert.ok(k in q, k);
    assert.deepEqual(Object.keys(q.options[0]).sort(), ['id', 'label', 'points']);
    const pc = r.json.profile.find((x) => x.type === 'postcode');
    assert.equal(pc.id, 'postcode');
  }
  const nl = await s.get('/api/v1/questionnaire');
  assert.equal(nl.json.lang, 'nl');
  assert.equal((await s.get('/api/v1/questionnaire?lang=en')).json.principles[0].title, 'title p1');
  assert.equal(nl.json.principles[0].title, 'titel p1');
});

test('a whole test: answers, resume, result with score and advice', async () => {
  const created = await s.post('/api/v1/sessions', { lang: 'en', campaign: 'kvk-2026' });
  assert.equal(created.status, 201);
  assert.match(created.json.session, /^[A-Za-z0-9_-]{22}$/);
  // short until the first answer (ZELFTEST_SESSION_EMPTY_TTL), then the full day
  assert.equal(created.json.expires_in, 1800);
  const token = created.json.session;
  const ttl = () => Number(s.redis('sessions', 'TTL', `zt:s:${token}`));
  assert.ok(ttl() > 1790 && ttl() <= 1800, `${ttl()}`);

  let r = await s.get(`/api/v1/sessions/${token}/result`);
  assertError(r, 409, 'incomplete');
  assert.equal(r.json.error.missing.length, 16);

  r = await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'a' });
  assert.deepEqual(r.json, { answered: 1, total: 16, complete: false });
  assert.ok(ttl() > 86390, `${ttl()}: the first answer gives the session its full time`);
  // answering again overwrites, the count stays
  r = await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'b' });
  assert.deepEqual(r.json, { answered: 1, total: 16, complete: false });

  // resume: the session tells what was answered
  r = await s.get(`/api/v1/sessions/${token}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.answers, { p1q1: 'b' });
  assert.equal(r.json.answered, 1);
  assert.equal(r.json.total, 16);
  assert.equal(r.json.complete, false);
  assert.equal(r.json.lang, 'en');
  // a campaign that is not in the registry is ignored: the test runs, nothing is counted for it
  assert.equal(r.json.campaign, undefined);

  const last = await answerTest(s, token);
  assert.deepEqual(last, { answered: 16, total: 16, complete: true });
  r = await s.get(`/api/v1/sessions/${token}`);
  assert.equal(r.json.complete, true);
  assert.equal(r.json.answers.postcode, '9712');
  assert.deepEqual(r.json.answers.p5q2, ['x', 'y']);

  r = await s.get(`/api/v1/sessions/${token}/result`);
  assert.equal(r.status, 200, r.text);
  // worked out in tests/unit/test_score.c ("all_middle_some_exposure")
  assert.equal(r.json.urgency, 47);
  assert.equal(r.json.level, 'medium');
  assert.equal(r.json.questionnaire_version, 'test.1');
  assert.deepEqual(
    r.json.principles.map((p) => [p.id, p.score, p.level]),
    [
      ['p1', 50, 'medium'],
      ['p2', 50, 'medium'],
      ['p3', 50, 'medium'],
      ['p4', 50, 'medium'],
      ['p5', 75, 'low'],
    ],
  );
  // the steps follow the answers: p1q1 = b for a team of 2-9, p1q2 = b without an IT supplier
  assert.deepEqual(r.json.principles[0].advice, ['step p1q1 b team', 'step p1q2 b zelf']);
  assert.deepEqual(r.json.principles[0].improve, [
    { question_id: 'p1q1', points_lost: 2, step: 'step p1q1 b team', ask: false },
    { question_id: 'p1q2', points_lost: 2, step: 'step p1q2 b zelf', ask: false },
  ]);
  assert.equal(r.json.principles[0].points, 4);
  assert.equal(r.json.principles[0].max_points, 8);
  assert.equal(r.json.principles[0].title, 'title p1');
  assert.equal(r.json.principles[0].plain_title, 'plain title p1');
  assert.deepEqual(r.json.principles[0].ncsc_2024_titles, ['risks 2024', 'incidents 2024']);
  assert.deepEqual(r.json.ask_it_supplier, []);
  // the same result in Dutch on request; p5 is at level low: its step, then the keep-up step
  r = await s.get(`/api/v1/sessions/${token}/result?lang=nl`);
  assert.deepEqual(r.json.principles[4].advice, ['stap p5q1 b', 'p5 volhouden']);
});

test('a one-person business and a team get different steps for the same weak spot', async () => {
  const steps = async (profile) => {
    const token = await newSession(s, { lang: 'en' });
    await answerTest(s, token, 'baaaaaaaa', ['x', 'y'], profile);
    return (await s.get(`/api/v1/sessions/${token}/result`)).json.principles[0].advice;
  };
  // p1 = 6 of 8 = 75: level low, so its keep-up step follows (also in the version that fits)
  assert.deepEqual(await steps({ employees: 'solo' }), ['step p1q1 b solo', 'p1 keep it up solo']);
  assert.deepEqual(await steps({ employees: 'medium' }), ['step p1q1 b team', 'p1 keep it up team']);
});

test("'don't know' answers: scored as the worst answer, listed for the IT supplier", async () => {
  const token = await newSession(s, { lang: 'en' });
  await answerTest(s, token, 'aadaadaaa', ['x', 'y']); // p2q1 and p3q2: d
  const r = await s.get(`/api/v1/sessions/${token}/result`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.ask_it_supplier, [
    { question_id: 'p2q1', text: 'ask IT about p2q1' },
    { question_id: 'p3q2', text: 'ask IT about p3q2' },
  ]);
  assert.equal(r.json.principles[1].score, 50);
  assert.deepEqual(r.json.principles[1].advice, []);
  assert.deepEqual(r.json.principles[1].improve, [
    { question_id: 'p2q1', points_lost: 4, step: 'ask IT about p2q1', ask: true },
  ]);
});

test('the headline never says less than the bars: two medium principles make it medium', async () => {
  const token = await newSession(s);
  // p1 = p2 = 50, the rest 100, no exposure: 16 by the arithmetic (tests/unit/domain/test_score.c)
  await answerTest(s, token, 'bbbbaaaaa', ['x', 'y'], { employees: 'solo', personal_data: 'no', it_dependence: 'low' });
  const r = await s.get(`/api/v1/sessions/${token}/result`);
  assert.equal(r.json.urgency_model, 16);
  assert.equal(r.json.urgency, 30);
  assert.equal(r.json.level, 'medium');
  assert.equal(r.json.urgency_raised_by, 'principles');
});

test('a critical answer forces level high', async () => {
  const token = await newSession(s);
  await answerTest(s, token, 'acaaaaaaa', ['x', 'y'], { employees: 'solo', personal_data: 'no', it_dependence: 'low' });
  const r = await s.get(`/api/v1/sessions/${token}/result`);
  assert.equal(r.json.level, 'high');
  assert.equal(r.json.urgency, 55);
  assert.deepEqual(
    r.json.critical.map((c) => [c.question, c.step]),
    [['p1q2', 'stap p1q2 c zelf']],
  );
  assert.equal(r.json.urgency_raised_by, 'critical');
});

test('session TTL is refreshed by an answer', async () => {
  const token = await newSession(s);
  const key = `zt:s:${token}`;
  s.redis('sessions', 'EXPIRE', key, 100);
  await s.put(`/api/v1/sessions/${token}/answers/p2q1`, { option: 'a' });
  const ttl = Number(s.redis('sessions', 'TTL', key));
  assert.ok(ttl > 86000, `ttl ${ttl}`);
});

test('an expired session is gone: 404', async () => {
  const token = await newSession(s);
  s.redis('sessions', 'DEL', `zt:s:${token}`);
  assertError(await s.get(`/api/v1/sessions/${token}`), 404, 'unknown_session');
  assertError(await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'a' }), 404, 'unknown_session');
  assertError(await s.get(`/api/v1/sessions/${token}/result`), 404, 'unknown_session');
  // and nothing was created by trying
  assert.equal(s.redis('sessions', 'EXISTS', `zt:s:${token}`), '0');
});

test('many sessions in parallel each keep their own answers', async () => {
  const tokens = await Promise.all(Array.from({ length: 40 }, () => newSession(s)));
  await Promise.all(
    tokens.map((t, i) => s.put(`/api/v1/sessions/${t}/answers/p1q1`, { option: ['a', 'b', 'c'][i % 3] })),
  );
  const got = await Promise.all(tokens.map((t) => s.get(`/api/v1/sessions/${t}`)));
  got.forEach((r, i) => assert.equal(r.json.answers.p1q1, ['a', 'b', 'c'][i % 3]));
});

test('one completed session stays small in Redis', async () => {
  const token = await newSession(s);
  await answerTest(s, token);
  const bytes = Number(s.redis('sessions', 'MEMORY', 'USAGE', `zt:s:${token}`));
  assert.ok(bytes > 0 && bytes <= 400, `MEMORY USAGE ${bytes}`);
});

test('the bare version endpoint needs no Redis', async () => {
  const r = await s.get('/api/v1/version');
  assert.equal(r.status, 200);
  assert.equal(r.json.questionnaire_version, 'test.1');
});

test('the shipped questionnaire can be taken end to end', async () => {
  const shipped = await startStack();
  try {
    const r0 = await shipped.post('/api/v1/sessions', { lang: 'nl' });
    const token = r0.json.session;
    const q = await answerAll(shipped, token, 'nl', (question) => question.options.length - 1);
    assert.equal(q.principles.length, 5);
    const r = await shipped.get(`/api/v1/sessions/${token}/result`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.principles.length, 5);
    // the last option everywhere: mostly "don't know", which goes to the list for the IT supplier
    for (const p of r.json.principles) {
      assert.ok(p.improve.length >= 1, p.id);
      for (const i of p.improve) assert.ok(i.step.length > 10 && i.points_lost > 0, `${p.id}: ${i.question_id}`);
      assert.equal(p.advice.length, p.improve.filter((i) => !i.ask).length, p.id);
    }
    // every "don't know" is on the list for the IT supplier, in question order
    const order = q.principles.flatMap((x) => x.questions).map((x) => x.id);
    const asks = r.json.principles.flatMap((p) => p.improve.filter((i) => i.ask).map((i) => i.question_id));
    assert.ok(asks.length >= 5);
    asks.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    assert.deepEqual(
      r.json.ask_it_supplier.map((a) => a.question_id),
      asks,
    );
  } finally {
    await shipped.stop();
  }
});
