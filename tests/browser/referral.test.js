// The scan offer in the browser: a high-risk owner asks for a scan, picks a
// slot, fixes a form error, gets a confirmation with a withdrawal link, and
// withdraws; the network's coordinator works the referral in the dashboard.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startStack } = require('../integration/lib/stack');
const { completeShipped } = require('../integration/lib/flow');
const { testNetworks, bearer } = require('../integration/lib/networks');
const { launch, watch, axeCheck, viewChecks, shot } = require('./lib/browser');

const NOORD = 'cyberweerbaarheid-noord-nederland';
let s;
let nets;
let browser;
before(async () => {
  nets = testNetworks();
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file } });
  browser = await launch();
  const start = new Date(Date.now() + 9 * 86400000);
  start.setUTCHours(8, 0, 0, 0);
  const r = await s.post(
    '/api/v1/network/slots',
    {
      start: start.toISOString().replace(/\.\d+Z$/, 'Z'),
      minutes: 240,
      place: 'on-site',
      capacity: 2,
      scan: 'digitaal-veilig-ondernemen',
    },
    bearer(nets.tokens[NOORD]),
  );
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  await browser.close();
  await s.stop();
  nets.cleanup();
});

test('a high-risk owner asks for a scan, books a slot, and can withdraw', async () => {
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/#s=${token}`);
  await page.waitForSelector('#referral');
  assert.equal(await page.locator('#referral h2').innerText(), 'Laat je bedrijf scannen door studenten');
  assert.match(
    await page.locator('#referral').innerText(),
    /Samenwerkingsverband Cyberweerbaarheid Noord-Nederland \(vlakbij\)/,
  );
  await page.getByRole('button', { name: 'Vraag een scan aan' }).click();
  await page.waitForSelector('#f-company');
  // Noord-Nederland runs two scan types: the times show once one is chosen
  await page.check('#scan-digitaal-veilig-ondernemen');
  await page.waitForSelector('.slot-week input[name="slot"]');
  await axeCheck(page, 'referral form');
  await viewChecks(page, 'referral form', 'nl');
  assert.match(await page.locator('#consent-summary').innerText(), /alleen om de scan met je af te spreken/);
  // fill it in with a mistake: no consent, a bad e-mail address
  await page.fill('#f-company', 'Bakkerij De Korenbloem');
  await page.fill('#f-contact_name', 'Jan de Vries');
  await page.fill('#f-email', 'jan@korenbloem');
  await page.locator('.slot-week input[name="slot"]').first().check();
  await page.check('#f-agreement');
  // sharing the answers is the owner's own choice: the box starts unticked
  assert.equal(await page.isChecked('#f-share'), false);
  await page.check('#f-share');
  await page.getByRole('button', { name: 'Scan aanvragen' }).click();
  await page.waitForSelector('#e-email:not([hidden])');
  const errs = await page.evaluate(() => ({
    email: document.getElementById('e-email').textContent,
    emailInvalid: document.getElementById('f-email').getAttribute('aria-invalid'),
    emailDescribed: document.getElementById('f-email').getAttribute('aria-describedby'),
    consent: document.getElementById('e-consent').textContent,
    focus: document.activeElement.id,
  }));
  assert.match(errs.email, /geldig e-mailadres/);
  assert.equal(errs.emailInvalid, 'true');
  assert.match(errs.emailDescribed, /e-email/);
  assert.match(errs.consent, /toestemming/i);
  assert.ok(['f-email', 'f-consent'].includes(errs.focus), errs.focus);
  await axeCheck(page, 'referral form with errors');
  await shot(page, 'desktop-4-referral-form');
  await page.fill('#f-email', 'jan@korenbloem.example');
  await page.check('#f-consent');
  await page.getByRole('button', { name: 'Scan aanvragen' }).click();
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Je aanvraag is verstuurd');
  const confirm = await page.locator('main').innerText();
  assert.match(
    confirm,
    /Samenwerkingsverband Cyberweerbaarheid Noord-Nederland heeft je aanvraag voor een scan ontvangen/,
  );
  assert.match(confirm, /Afgesproken moment:/);
  assert.match(confirm, /Wat gebeurt er nu\?/);
  await axeCheck(page, 'confirmation');
  await viewChecks(page, 'confirmation', 'nl');
  await shot(page, 'desktop-5-confirmation');
  const withdrawLink = await page.locator('a[href*="/withdraw.html#"]').getAttribute('href');

  // the coordinator sees it in the dashboard
  const dash = await ctx.newPage();
  const derr = watch(dash);
  await dash.goto(`${s.base}/network.html`);
  await dash.waitForSelector('#token');
  await axeCheck(dash, 'dashboard login');
  await viewChecks(dash, 'dashboard login', 'nl');
  await dash.fill('#token', 'not-the-right-token-at-all');
  await dash.getByRole('button', { name: 'Inloggen' }).click();
  await dash.waitForSelector('#token-error');
  await axeCheck(dash, 'dashboard login error');
  await dash.fill('#token', nets.tokens[NOORD]);
  await dash.getByRole('button', { name: 'Inloggen' }).click();
  await dash.waitForSelector('table');
  assert.equal(await dash.locator('h1').innerText(), 'Aanvragen');
  assert.match(await dash.locator('header').innerText(), /Samenwerkingsverband Cyberweerbaarheid Noord-Nederland/);
  const row = dash.locator('tr', { hasText: 'Bakkerij De Korenbloem' });
  assert.match(await row.innerText(), /nog niet behandeld.*Nieuw$/s);
  assert.match(await row.innerText(), /Hoog risico/);
  await axeCheck(dash, 'dashboard list');
  await viewChecks(dash, 'dashboard list', 'nl');
  await shot(dash, 'dashboard-1-list');
  // CSV export is a download
  const [download] = await Promise.all([
    dash.waitForEvent('download'),
    dash.getByRole('button', { name: /Download als CSV/ }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv, /Bakkerij De Korenbloem/);
  // the detail, and a status change
  await row.getByRole('link').click();
  await dash.waitForSelector('#status');
  assert.match(await dash.locator('h1').innerText(), /Aanvraag van Bakkerij De Korenbloem/);
  assert.match(await dash.locator('main').innerText(), /jan@korenbloem\.example/);
  assert.match(await dash.locator('main').innerText(), /Urgentie \d+ van 100/);
  await axeCheck(dash, 'dashboard detail');
  await viewChecks(dash, 'dashboard detail', 'nl');
  await shot(dash, 'dashboard-2-detail');
  await dash.fill('#note', 'Afspraak gemaakt voor de scan.');
  await dash.getByRole('button', { name: 'Notitie opslaan' }).click();
  await dash.waitForFunction(() => /Notitie opgeslagen/.test(document.querySelector('main').textContent));
  await dash.selectOption('#status', 'scheduled');
  await dash.getByRole('button', { name: 'Status wijzigen' }).click();
  await dash.waitForFunction(() => /Ingepland/.test(document.querySelector('.status-line').textContent));
  const api = await s.get('/api/v1/network/referrals', bearer(nets.tokens[NOORD]));
  const stored = api.json.referrals.find((x) => x.company === 'Bakkerij De Korenbloem');
  assert.equal(stored.status, 'scheduled');
  assert.equal(stored.acknowledged, true);
  assert.equal(stored.note, 'Afspraak gemaakt voor de scan.');
  // slots: create one, see it, delete it
  await dash.getByRole('link', { name: 'Scanmomenten' }).click();
  await dash.waitForSelector('#slot-date');
  await axeCheck(dash, 'dashboard slots');
  await viewChecks(dash, 'dashboard slots', 'nl');
  const before = await dash.locator('.slot-list > li').count();
  await dash.fill('#slot-date', new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10));
  await dash.fill('#slot-time', '10:00');
  await dash.fill('#slot-capacity', '3');
  await dash.check('#where-address');
  await dash.fill('#slot-address', 'ROC Friese Poort, Leeuwarden');
  await dash.getByRole('button', { name: 'Scanmoment toevoegen' }).click();
  await dash.waitForFunction((n) => document.querySelectorAll('.slot-list > li').length === n + 1, before);
  assert.match(await dash.locator('.slot-list').first().innerText(), /ROC Friese Poort, Leeuwarden/);
  await shot(dash, 'dashboard-3-slots');
  await dash
    .locator('.slot-list > li', { hasText: 'ROC Friese Poort' })
    .getByRole('button', { name: /^Verwijderen/ })
    .click();
  await dash.getByRole('button', { name: 'Ja, verwijderen' }).click();
  await dash.waitForFunction((n) => document.querySelectorAll('.slot-list > li').length === n, before);
  // the one refused login above is the only failed request
  assert.deepEqual(
    derr.filter((e) => !/status of 401/.test(e)),
    [],
  );
  assert.equal(derr.length, 1);

  // the owner withdraws
  await page.goto(withdrawLink);
  await page.waitForSelector('button.danger');
  assert.match(await page.locator('main').innerText(), /Bakkerij De Korenbloem/);
  await axeCheck(page, 'withdraw page');
  await viewChecks(page, 'withdraw page', 'nl');
  await page.getByRole('button', { name: /Aanvraag intrekken/ }).click();
  await page.waitForSelector('.notice.ok');
  assert.match(await page.locator('.notice.ok').innerText(), /ingetrokken/);
  await axeCheck(page, 'withdrawn');
  const after = await s.get('/api/v1/network/referrals', bearer(nets.tokens[NOORD]));
  assert.ok(!after.json.referrals.some((x) => x.company === 'Bakkerij De Korenbloem'), 'still there after withdrawal');
  // the form with mistakes above was refused once (422); nothing else failed
  assert.deepEqual(
    errors.filter((e) => !/status of 422/.test(e)),
    [],
  );
  assert.equal(errors.length, 1);
  await ctx.close();
});

test('the statistics page draws charts with tables and stays accessible', async () => {
  for (let i = 0; i < 11; i++) {
    const token = await completeShipped(s, { postcode: '9712 CP', sector: 'retail' });
    await s.get(`/api/v1/sessions/${token}/result`);
  }
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/stats.html`);
  await page.waitForSelector('figure svg');
  assert.equal(await page.locator('#selftest figure.card').count(), 5);
  const table = await page.locator('#selftest figure.card').first().locator('table').textContent();
  assert.match(table, /Te weinig deelnemers/);
  assert.match(table, /\d+%/);
  await axeCheck(page, 'statistics');
  await viewChecks(page, 'statistics', 'nl');
  await shot(page, 'stats-1');
  await page.selectOption('#by', 'province');
  await page.getByRole('button', { name: 'Toon', exact: true }).click();
  await page.waitForFunction(() => /Groningen/.test(document.querySelector('#selftest figure.card table').textContent));
  await axeCheck(page, 'statistics by province');
  // the second view: the same respondents by the 2024 set of NCSC and DTC
  await page.selectOption('#set', '2024');
  await page.getByRole('button', { name: 'Toon', exact: true }).click();
  await page.waitForFunction(() => /Bereid je voor op incidenten/.test(document.querySelector('main').textContent));
  assert.equal(await page.locator('#selftest figure.card').count(), 5);
  assert.match(await page.locator('a', { hasText: 'Download als CSV' }).getAttribute('href'), /set=2024/);
  await axeCheck(page, 'statistics by the 2024 set');
  await shot(page, 'stats-2-set-2024');
  assert.deepEqual(errors, []);
  await ctx.close();
});
