// Helpers to take the test through the API the way the page does.
'use strict';
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');

// The test questionnaire (tests/data/questionnaire-test.json): answers by letter.
const TEST_SINGLE = ['p1q1', 'p1q2', 'p2q1', 'p2q2', 'p3q1', 'p3q2', 'p4q1', 'p4q2', 'p5q1'];

async function newSession(s, body = { lang: 'nl' }) {
  const r = await s.post('/api/v1/sessions', body);
  assert.equal(r.status, 201, r.text);
  return r.json.session;
}

// letters: 9 single answers for p1q1..p5q1, then the p5q2 set; profile: {employees, ...}
async function answerTest(s, token, letters = 'bbbbbbbbb', multi = ['x', 'y'], profile = {}) {
  const p = {
    sector: 'retail',
    employees: 'small',
    personal_data: 'yes',
    it_dependence: 'high',
    it_support: 'self',
    postcode: '9712 CP',
    ...profile,
  };
  for (let i = 0; i < TEST_SINGLE.length; i++) {
    const r = await s.put(`/api/v1/sessions/${token}/answers/${TEST_SINGLE[i]}`, { option: letters[i] });
    assert.equal(r.status, 200, r.text);
  }
  let r = await s.put(`/api/v1/sessions/${token}/answers/p5q2`, { options: multi });
  assert.equal(r.status, 200, r.text);
  for (const q of ['sector', 'employees', 'personal_data', 'it_dependence', 'it_support']) {
    r = await s.put(`/api/v1/sessions/${token}/answers/${q}`, { option: p[q] });
    assert.equal(r.status, 200, r.text);
  }
  r = await s.put(`/api/v1/sessions/${token}/answers/postcode`, { value: p.postcode });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Answers every question of any questionnaire: the option at `pick(question)` (default: first).
async function answerAll(s, token, lang = 'nl', pick = () => 0, postcode = '1234') {
  const q = (await s.get(`/api/v1/questionnaire?lang=${lang}`)).json;
  const all = [...q.principles.flatMap((p) => p.questions), ...q.profile];
  for (const question of all) {
    let body;
    if (question.type === 'postcode') body = { value: postcode };
    else if (question.type === 'multi') body = { options: [question.options[pick(question)].id] };
    else body = { option: question.options[pick(question)].id };
    const r = await s.put(`/api/v1/sessions/${token}/answers/${question.id}`, body);
    assert.equal(r.status, 200, `${question.id}: ${r.text}`);
  }
  return q;
}

// Takes the shipped questionnaire: the worst option everywhere (a high-risk
// respondent) or the best, with a given sector and postcode (null: declined).
async function completeShipped(
  s,
  { lang = 'nl', worst = true, sector = 'retail', postcode = '9712 CP', campaign } = {},
) {
  const token = await newSession(s, campaign ? { lang, campaign } : { lang });
  const q = (await s.get(`/api/v1/questionnaire?lang=${lang}`)).json;
  for (const question of [...q.principles.flatMap((p) => p.questions), ...q.profile]) {
    let body;
    if (question.type === 'postcode') body = { value: postcode };
    else if (question.role === 'sector') body = { option: sector };
    else {
      const byPoints = [...question.options].sort((a, b) => a.points - b.points);
      const o = worst ? byPoints[0] : byPoints[byPoints.length - 1];
      body = question.type === 'multi' ? { options: [o.id] } : { option: o.id };
    }
    const r = await s.put(`/api/v1/sessions/${token}/answers/${question.id}`, body);
    assert.equal(r.status, 200, `${question.id}: ${r.text}`);
  }
  return token;
}

function assertError(r, status, code) {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `not a JSON error: ${r.text}`);
  if (code) assert.equal(r.json.error.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
  assert.match(r.headers['content-type'] || '', /application\/json/);
}

// Copies a completed session of stack `s` to `n` new tokens directly in Redis (test set-up only).
function cloneSessions(s, token, n) {
  const fields = s.redis('sessions', 'HGETALL', `zt:s:${token}`).split('\n');
  const tokens = [];
  const lines = [];
  for (let i = 0; i < n; i++) {
    const t = crypto.randomBytes(16).toString('base64url');
    tokens.push(t);
    lines.push(['HSET', `zt:s:${t}`, ...fields].join(' '), `EXPIRE zt:s:${t} 3600`);
  }
  const r = spawnSync('redis-cli', ['-s', s.redisSocket('sessions')], {
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return tokens;
}

module.exports = { TEST_SINGLE, newSession, answerTest, answerAll, completeShipped, cloneSessions, assertError };
