// The e-mail as the owner and the coordinator see it: booked on a phone, the
// page says a confirmation is on its way, the confirmation arrives at a real
// SMTP server, its HTML reads on a 390-pixel screen (no sideways scrolling,
// axe-clean), its withdrawal link opens the withdrawal page, and the
// network's notice links to the referral in the dashboard.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { completeShipped } = require('../integration/lib/flow');
const { bearer, scanOf } = require('../integration/lib/networks');
const { startWorld } = require('./lib/world');
const { watch, axeCheck, viewChecks, shot } = require('./lib/browser');

const NOORD = 'cyberweerbaarheid-noord-nederland';
let world;
let s;
let nets;
let mail;
let browser;

before(async () => {
  world = await startWorld();
  ({ s, nets, mail, browser } = world);
});
after(async () => {
  if (world) await world.stop();
});

// a message's HTML part in a phone-sized page, checked like any page of ours
async function readOnPhone(ctx, html, label) {
  const p = await ctx.newPage();
  const errors = watch(p);
  await p.setContent(html);
  await axeCheck(p, label);
  const facts = await p.evaluate(() => ({
    scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    fontPx: parseFloat(getComputedStyle(document.body).fontSize),
    links: [...document.querySelectorAll('a')].map((a) => a.href),
  }));
  assert.ok(facts.scroll <= 0, `${label}: scrolls sideways by ${facts.scroll}px`);
  assert.ok(facts.fontPx >= 16, `${label}: text of ${facts.fontPx}px`);
  await shot(p, label);
  assert.deepEqual(errors, []);
  return { page: p, links: facts.links };
}

test('booked on a phone: the page promises an e-mail, it arrives and reads on the phone, its links work', async () => {
  const t = new Date(Date.now() + 9 * 86400000);
  const p2 = (n) => String(n).padStart(2, '0');
  const start = `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}T10:00:00+01:00`;
  const sl = await s.post(
    '/api/v1/network/slots',
    { start, minutes: 180, place: 'on-site', capacity: 2, scan: scanOf(NOORD) },
    bearer(nets.tokens[NOORD]),
  );
  assert.equal(sl.status, 201, sl.text);
  const token = await completeShipped(s, { postcode: '9712 CP' });
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/#s=${token}`);
  await page.getByRole('button', { name: 'Vraag een scan aan' }).click();
  await page.waitForSelector('#f-company');
  await page.check(`#scan-${scanOf(NOORD)}`);
  await page.locator(`input[name="slot"][value="${sl.json.id}"]`).check();
  await page.fill('#f-company', 'Bakkerij De Korenbloem');
  await page.fill('#f-contact_name', 'Jan de Vries');
  await page.fill('#f-email', 'jan@korenbloem.example');
  await page.fill('#f-phone', '06 12345678');
  await page.check('#f-agreement');
  await page.check('#f-consent');
  await page.getByRole('button', { name: 'Scan aanvragen' }).click();
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Je aanvraag is verstuurd');
  assert.match(await page.locator('main').innerText(), /We sturen je ook een bevestiging per e-mail, met het moment/);
  await viewChecks(page, 'confirmation with mail', 'nl');

  const msgs = await mail.waitFor(2);
  const conf = msgs.find((m) => m.envelope.rcpt_tos.includes('jan@korenbloem.example'));
  const notice = msgs.find((m) => m.envelope.rcpt_tos.includes('scan@noord-nederland.example.org'));
  assert.ok(conf && notice, msgs.map((m) => m.envelope.rcpt_tos).join(' | '));
  const c = await readOnPhone(ctx, conf.html, 'mail-confirmation-390');
  const withdraw = c.links.find((l) => l.includes('/withdraw.html#'));
  assert.ok(withdraw, `no withdrawal link among ${c.links}`);
  await c.page.goto(withdraw);
  await c.page.waitForSelector('button.danger');
  assert.match(await c.page.locator('main').innerText(), /Bakkerij De Korenbloem/);

  const n = await readOnPhone(ctx, notice.html, 'mail-network-notice-390');
  const dash = n.links.find((l) => l.includes('/network.html#/referral/'));
  assert.ok(dash, `no dashboard link among ${n.links}`);
  // the coordinator opens it: after signing in, the referral itself
  await n.page.goto(dash);
  await n.page.fill('input[type="password"]', nets.tokens[NOORD]);
  await n.page.keyboard.press('Enter');
  await n.page.waitForFunction(() => /Bakkerij De Korenbloem/.test(document.querySelector('h1').innerText));
  assert.match(await n.page.locator('main').innerText(), /Jan de Vries/);
  assert.match(await n.page.locator('main').innerText(), /jan@korenbloem\.example/);
  await shot(n.page, 'mail-dashboard-link-390');
  assert.deepEqual(errors, []);
  await ctx.close();
});
