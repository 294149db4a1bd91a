// The re-test as the owner sees it, on a phone: the box in the booking form
// starts unticked; after the scan's outcome the invitation arrives at a real
// SMTP server; its link opens the test with a welcome, the new result shows
// what changed per principle (text and table, axe-clean, no sideways
// scrolling); its decline link asks once and then erases the invitation.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { until } = require('../integration/lib/stack');
const { completeShipped } = require('../integration/lib/flow');
const { bearer, scanOf, AGREEMENT } = require('../integration/lib/networks');
const { startWorld } = require('./lib/world');
const { watch, axeCheck, viewChecks, shot } = require('./lib/browser');

const NOORD = 'cyberweerbaarheid-noord-nederland';
let world;
let s;
let nets;
let mail;
let browser;
before(async () => {
  world = await startWorld({ ZELFTEST_RETEST_AFTER_DAYS: '0' });
  ({ s, nets, mail, browser } = world);
});
after(async () => {
  if (world) await world.stop();
});

// a referral that asked for a re-test, scheduled and with an outcome: its invitation's keys
async function invited(email) {
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const r = await s.post(`/api/v1/sessions/${token}/referral`, {
    company: 'Drukkerij Letter',
    contact_name: 'Fenna Dijkstra',
    email,
    postcode: '9712 CP',
    consent: true,
    scan: scanOf(NOORD),
    agreement: AGREEMENT,
    retest: true,
  });
  assert.equal(r.status, 201, r.text);
  const auth = bearer(nets.tokens[NOORD]);
  await s.post(`/api/v1/network/referrals/${r.json.referral}/status`, { status: 'scheduled' }, auth);
  const o = await s.post(
    `/api/v1/network/referrals/${r.json.referral}/outcome`,
    {
      principles: { inventory: 'urgent', settings: 'urgent', updates: 'attention', access: 'ok', malware: 'ok' },
      findings: [],
    },
    auth,
  );
  assert.equal(o.status, 200, o.text);
  const m = await until(
    () => mail.messages().find((x) => x.envelope.rcpt_tos.includes(email) && /opnieuw/.test(x.headers.Subject)),
    15000,
  );
  assert.ok(m, 'no invitation');
  return {
    text: m.text,
    link: /(http:\/\/\S+#retest=[A-Za-z0-9_-]{22})/.exec(m.text)[1],
    decline: /(http:\/\/\S+#retest-decline=[A-Za-z0-9_-]{22})/.exec(m.text)[1],
  };
}

test('the invitation leads to a re-test whose result shows the change per principle', async () => {
  const inv = await invited('fenna@letter.example');
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(inv.link);
  await page.waitForSelector('.notice');
  assert.match(await page.locator('main').innerText(), /Welkom terug\. Je doet de test opnieuw/);
  assert.doesNotMatch(page.url(), /retest=/, 'the key stays in the address bar');
  await axeCheck(page, 'retest start');
  await page.getByRole('button', { name: /Start/ }).first().click();
  await page.waitForFunction(() => localStorage.getItem('zelftest.session'));
  const token = await page.evaluate(() => localStorage.getItem('zelftest.session'));
  // the answers (the best ones now) through the API, then the page picks the session up again
  const q = (await s.get('/api/v1/questionnaire?lang=nl')).json;
  for (const x of [...q.principles.flatMap((p) => p.questions), ...q.profile]) {
    const best = [...(x.options || [])].filter((o) => !o.unknown).sort((a, b) => b.points - a.points)[0];
    const body =
      x.type === 'postcode' ? { value: '9712' } : x.type === 'multi' ? { options: [best.id] } : { option: best.id };
    assert.equal((await s.put(`/api/v1/sessions/${token}/answers/${x.id}`, body)).status, 200);
  }
  await page.goto(`${s.base}/#s=${token}`); // only the fragment changes: load the page anew
  await page.reload();
  await page.waitForSelector('.retest');
  const box = await page.locator('.retest').innerText();
  assert.match(box, /Wat is er veranderd sinds de eerste test\?/);
  assert.match(box, /Samenwerkingsverband Cyberweerbaarheid Noord-Nederland/);
  assert.match(box, /\+\d+/);
  assert.match(await page.locator('.retest td.change').first().innerText(), /\+\d+/);
  const rows = await page.locator('.retest tbody tr').count();
  assert.equal(rows, 5);
  await axeCheck(page, 'retest result');
  await viewChecks(page, 'retest result', 'nl');
  await shot(page, 'retest-result-390');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('declining the invitation: asked once, then erased; the link then starts a plain test', async () => {
  const inv = await invited('fenna2@letter.example');
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(inv.decline);
  await page.waitForSelector('h1');
  assert.equal(await page.locator('h1').innerText(), 'Geen uitnodiging meer');
  await axeCheck(page, 'decline');
  await page.getByRole('button', { name: 'Nee, geen uitnodiging' }).click();
  await page.waitForSelector('.notice.ok');
  assert.match(await page.locator('.notice.ok').innerText(), /We vragen het je niet meer/);
  await shot(page, 'retest-declined-390');
  // the invitation's own link now starts a plain test, and says why
  await page.goto(inv.link);
  await page.reload();
  await page.waitForSelector('.notice');
  await page.getByRole('button', { name: /Start/ }).first().click();
  await page.waitForSelector('.notice');
  assert.match(await page.locator('main').innerText(), /verlopen of al gebruikt/);
  assert.deepEqual(
    errors.filter((e) => !/status of 404/.test(e)),
    [],
  );
  await ctx.close();
});
