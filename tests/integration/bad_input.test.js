// Every kind of bad input gets a clear JSON error with the right status,
// changes nothing, and the server keeps serving.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { newSession, assertError } = require('./lib/flow');
const { fcgiRequest } = require('./lib/fcgi');

let s;
let token;
let before_;
before(async () => {
  s = await startStack({ questionnaire: 'tests/data/questionnaire-test.json' });
  token = await newSession(s);
  const r = await s.put(`/api/v1/sessions/${token}/answers/p1q1`, { option: 'a' });
  assert.equal(r.status, 200);
  before_ = s.redis('sessions', 'HGETALL', `zt:s:${token}`);
});
after(async () => {
  await s.stop();
});

// After each bad request: the session is unchanged and the server still answers.
async function unchanged() {
  assert.equal(s.redis('sessions', 'HGETALL', `zt:s:${token}`), before_);
  const r = await s.get(`/api/v1/sessions/${token}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.answers, { p1q1: 'a' });
}

const answer = (q = 'p1q1') => `/api/v1/sessions/${token}/answers/${q}`;

test('malformed JSON → 400 bad_json', async () => {
  for (const body of ['{', '{"option":', 'nul', '{"option":"a",}', '[1,2', '"text"', '[]', '42']) {
    assertError(await s.put(answer(), body), 400, 'bad_json');
  }
  await unchanged();
});

test('duplicate keys → 400 bad_json', async () => {
  assertError(await s.put(answer(), '{"option":"b","option":"c"}'), 400, 'bad_json');
  assertError(await s.post('/api/v1/sessions', '{"lang":"nl","lang":"en"}'), 400, 'bad_json');
  await unchanged();
});

test('invalid UTF-8 and NUL bytes → 400 bad_json', async () => {
  const bad = [
    Buffer.from([0x7b, 0x22, 0x6f, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    Buffer.from('{"option":"\u00e9"}', 'latin1'),
    Buffer.concat([Buffer.from('{"option":"b"}'), Buffer.from([0])]),
    Buffer.from('{"option":"b\\u0000"}'),
    Buffer.from([0xc0, 0xaf]), // overlong encoding
  ];
  for (const body of bad) {
    assertError(await s.put(answer(), body, { headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json');
  }
  await unchanged();
});

test('wrong content type → 415', async () => {
  for (const ct of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/jsonp',
    'multipart/form-data; boundary=x',
  ]) {
    assertError(
      await s.put(answer(), '{"option":"b"}', { headers: { 'Content-Type': ct } }),
      415,
      'unsupported_media_type',
    );
  }
  // charset parameter is fine
  const ok = await s.put(answer('p1q2'), '{"option":"b"}', {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
  assert.equal(ok.status, 200);
  s.redis('sessions', 'HDEL', `zt:s:${token}`, '1');
  await unchanged();
});

test('body over the limit → 413, from the app and from nginx', async () => {
  const big = `{"option":"${'a'.repeat(17 * 1024)}"}`;
  assertError(await s.put(answer(), big), 413, 'body_too_large');
  const huge = `{"option":"${'a'.repeat(200 * 1024)}"}`;
  assertError(await s.put(answer(), huge), 413, 'body_too_large');
  await unchanged();
});

test('Content-Length is checked, not trusted (straight to the FastCGI socket)', async () => {
  const sock = require('node:path').join(s.dir, 'run', 'zelftest.sock');
  const env = (extra) => ({ REQUEST_METHOD: 'PUT', REQUEST_URI: answer(), CONTENT_TYPE: 'application/json', ...extra });
  const body = Buffer.from('{"option":"b"}');
  // a huge declared length is refused before anything is read
  assertError(await fcgiRequest(sock, env({ CONTENT_LENGTH: '99999999999' }), body), 413, 'body_too_large');
  assertError(await fcgiRequest(sock, env({ CONTENT_LENGTH: '20000' }), body), 413, 'body_too_large');
  // not a number
  for (const cl of ['abc', '-1', '14 ', '0x10', '1e3']) {
    assertError(await fcgiRequest(sock, env({ CONTENT_LENGTH: cl }), body), 400, 'bad_request');
  }
  // declares more than comes
  assertError(await fcgiRequest(sock, env({ CONTENT_LENGTH: '100' }), body), 400, 'bad_request');
  // declares less than comes: only the declared bytes are read
  assertError(await fcgiRequest(sock, env({ CONTENT_LENGTH: '5' }), body), 400, 'bad_json');
  // no length at all: read up to the limit, and no further
  assertError(await fcgiRequest(sock, env({}), Buffer.alloc(20000, 0x20)), 413, 'body_too_large');
  await unchanged();
  // the same request with an honest length works
  const ok = await fcgiRequest(sock, env({ CONTENT_LENGTH: String(body.length) }), body);
  assert.equal(ok.status, 200, ok.text);
  s.redis('sessions', 'HSET', `zt:s:${token}`, '0', '1'); // back to "a"
  await unchanged();
});

test('unknown question → 404, option not in the question → 422', async () => {
  assertError(await s.put(answer('nope'), { option: 'a' }), 404, 'unknown_question');
  assertError(await s.put(answer('P1Q1'), { option: 'a' }), 404, 'unknown_question');
  assertError(await s.put(answer('p1q1'), { option: 'z' }), 422, 'invalid_answer');
  assertError(await s.put(answer('p1q1'), { option: 'x' }), 422, 'invalid_answer');
  assertError(await s.put(answer('p1q1'), { options: ['a'] }), 422, 'invalid_answer');
  assertError(await s.put(answer('p1q1'), { option: 'a', extra: 1 }), 422, 'invalid_answer');
  assertError(await s.put(answer('p1q1'), {}), 422, 'invalid_answer');
  assertError(await s.put(answer('p5q2'), { options: ['x', 'none'] }), 422, 'invalid_answer');
  assertError(await s.put(answer('p5q2'), { options: [] }), 422, 'invalid_answer');
  await unchanged();
});

test('postcode must be 4 digits (1234 and 1234 AB are fine)', async () => {
  for (const v of ['123', '12345', '0123', 'AB12', '1234 A', '1234-AB', '', 1234, false, [], {}, '1234 SS']) {
    assertError(await s.put(answer('postcode'), { value: v }), 422, 'invalid_answer');
  }
  await unchanged();
  const t2 = await newSession(s);
  for (const v of ['1234', '1234 AB', '1234ab']) {
    const r = await s.put(`/api/v1/sessions/${t2}/answers/postcode`, { value: v });
    assert.equal(r.status, 200, r.text);
  }
  assert.equal((await s.get(`/api/v1/sessions/${t2}`)).json.answers.postcode, '1234');
  // null: the owner prefers not to give a postcode (then the address may locate them)
  assert.equal((await s.put(`/api/v1/sessions/${t2}/answers/postcode`, { value: null })).status, 200);
  const got = (await s.get(`/api/v1/sessions/${t2}`)).json;
  assert.equal(got.answers.postcode, null);
  assert.ok('postcode' in got.answers);
});

test('unknown or expired session → 404', async () => {
  const other = 'AAAAAAAAAAAAAAAAAAAAAA';
  assertError(await s.get(`/api/v1/sessions/${other}`), 404, 'unknown_session');
  assertError(await s.put(`/api/v1/sessions/${other}/answers/p1q1`, { option: 'a' }), 404, 'unknown_session');
  assertError(await s.get(`/api/v1/sessions/${other}/result`), 404, 'unknown_session');
  assert.equal(s.redis('sessions', 'EXISTS', `zt:s:${other}`), '0');
  await unchanged();
});

test('a token outside its alphabet, of the wrong length, or with ../ → 400 bad_token', async () => {
  const bad = [
    'short',
    'AAAAAAAAAAAAAAAAAAAAAAA',
    'AAAAAAAAAAAAAAAAAAAA+A',
    'AAAAAAAAAAAAAAAAAAAA%2A',
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '..',
    '%2e%2e',
    `${token.slice(0, 21)}!`,
    `${token}x`,
  ];
  for (const t of bad) {
    assertError(await s.get(`/api/v1/sessions/${t}`), 400, 'bad_token');
    assertError(await s.put(`/api/v1/sessions/${t}/answers/p1q1`, { option: 'a' }), 400, 'bad_token');
    assertError(await s.get(`/api/v1/sessions/${t}/result`), 400, 'bad_token');
  }
  // a raw ../ in the path is resolved by nginx before routing: never reaches a session
  const r = await s.get(`/api/v1/sessions/../sessions/${token}/../../questionnaire`);
  assert.ok([200, 400, 404].includes(r.status), r.text);
  await unchanged();
});

test('unknown path → 404, wrong method → 405 with Allow', async () => {
  assertError(await s.get('/api/v1/nothing'), 404, 'not_found');
  assertError(await s.get('/api/v2/questionnaire'), 404, 'not_found');
  assertError(await s.get('/api/v1/sessions/'), 404, 'not_found');
  let r = await s.del(`/api/v1/sessions/${token}`);
  assertError(r, 405, 'method_not_allowed');
  assert.match(r.headers.allow, /GET/);
  r = await s.post(answer(), { option: 'a' });
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.allow, 'PUT');
  assertError(await s.req('PATCH', '/api/v1/sessions'), 405, 'method_not_allowed');
  assertError(await s.get('/api/v1/sessions'), 405, 'method_not_allowed');
  await unchanged();
});

test('bad session creation bodies → 4xx, no session created', async () => {
  const count = () => s.redis('sessions', 'DBSIZE');
  const n0 = count();
  assertError(await s.post('/api/v1/sessions', { lang: 'de' }), 422, 'invalid_field');
  assertError(await s.post('/api/v1/sessions', { lang: 1 }), 422, 'invalid_field');
  assertError(await s.post('/api/v1/sessions', { campaign: '../x' }), 422, 'invalid_field');
  assertError(await s.post('/api/v1/sessions', { campaign: 'a'.repeat(65) }), 422, 'invalid_field');
  assertError(await s.post('/api/v1/sessions', { lang: 'nl', admin: true }), 422, 'invalid_field');
  assertError(await s.post('/api/v1/sessions', '{"lang":"nl"', {}), 400, 'bad_json');
  assertError(
    await s.post('/api/v1/sessions', 'lang=nl', { headers: { 'Content-Type': 'text/plain' } }),
    415,
    'unsupported_media_type',
  );
  assert.equal(count(), n0);
});

test('bad query values → 400', async () => {
  assertError(await s.get('/api/v1/questionnaire?lang=de'), 400, 'bad_lang');
  assertError(await s.get('/api/v1/questionnaire?lang=%6el'), 400, 'bad_lang');
  assertError(await s.get(`/api/v1/sessions/${token}/result?lang=xx`), 400, 'bad_lang');
});

test('an overlong URI is refused cleanly', async () => {
  const r = await s.get(`/api/v1/sessions/${'A'.repeat(600)}`);
  assert.ok([400, 414].includes(r.status), `${r.status}`);
  await unchanged();
});

test('after all of that the server is healthy and every worker alive', async () => {
  const r = await s.get('/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json.workers.running, r.json.workers.configured);
  await unchanged();
});
