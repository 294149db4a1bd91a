// Booking a scan as an owner would, on a phone and on a laptop: a network
// with 1, 8 or 40 published slots (one with a 100-character place name) at
// 360×640, 390×844 and 1280×800; keyboard-only booking; every box unticked at
// first; the booked state after a reload, with a calendar file that
// python3-icalendar reads; a slot that fills while the owner types; and
// English from the first page to the withdrawal.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startStack } = require('../integration/lib/stack');
const { completeShipped } = require('../integration/lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('../integration/lib/networks');
const { launch, watch, axeCheck, viewChecks, shot } = require('./lib/browser');

const LONG_PLACE = 'Bedrijfsverzamelgebouw De Nieuwe Energiecentrale, tweede verdieping, zaal Maaskant, Utrecht'.padEnd(
  100,
  ' -',
);
// one network per size of calendar, each with one scan type
const CALENDARS = [
  { network: 'eccw-limburg', postcode: '6211 AB', slots: 1 },
  { network: 'novel-t-twente', postcode: '7511 JE', slots: 8 },
  { network: 'cybernetwerk-utrecht', postcode: '3511 AB', slots: 40 },
];
const VIEWPORTS = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

let s;
let nets;
let browser;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-book-'));

// a start `days` ahead at `hour` Amsterdam winter time, as the network's API takes it
function startAt(days, hour) {
  const t = new Date(Date.now() + days * 86400000);
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}T${p(hour)}:00:00+01:00`;
}

// "2026-W50" of an instant, by its date in Amsterdam
function isoWeekKey(iso) {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(iso)).split('-');
  const day = new Date(Date.UTC(+y, +m - 1, +d));
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86400000);
  const week = Math.floor((thursday - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86400000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${week}`;
}

async function slot(network, days, hour, extra = {}) {
  const r = await s.post(
    '/api/v1/network/slots',
    { start: startAt(days, hour), minutes: 180, place: 'on-site', capacity: 2, scan: scanOf(network), ...extra },
    bearer(nets.tokens[network]),
  );
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  assert.equal(LONG_PLACE.length, 100);
  nets = testNetworks();
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_PUBLIC_URL: '' } });
  browser = await launch();
  for (const c of CALENDARS)
    for (let i = 0; i < c.slots; i++)
      await slot(c.network, 3 + Math.floor(i / 3), 9 + (i % 3) * 3, i === 1 ? { place: LONG_PLACE } : {});
});
after(async () => {
  await browser.close();
  await s.stop();
  nets.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// Opens a finished session's result and the booking form; returns the page.
async function openForm(ctx, token) {
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/#s=${token}`);
  await page.waitForSelector('#referral');
  await page.getByRole('button', { name: /Vraag een scan aan|Ask for a scan/ }).click();
  await page.waitForSelector('#f-company');
  await page.waitForSelector('.slot-contact input[name="slot"]');
  return { page, errors };
}

for (const c of CALENDARS) {
  test(`${c.slots} slot(s): every choice visible and reachable at phone and laptop sizes`, async () => {
    for (const vp of VIEWPORTS) {
      const token = await completeShipped(s, { postcode: c.postcode });
      const ctx = await browser.newContext({ viewport: vp });
      const { page, errors } = await openForm(ctx, token);
      const facts = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const rows = [...document.querySelectorAll('input[name="slot"]')].map((i) => i.closest('.option'));
        return {
          vw,
          scroll: document.documentElement.scrollWidth - vw,
          n: rows.length,
          outside: rows
            .map((r) => r.getBoundingClientRect())
            .filter((b) => b.left < 0 || b.right > vw + 0.5 || b.width < 200).length,
          weeks: [...document.querySelectorAll('.slot-week')].map((w) => w.querySelectorAll('input').length),
          share: document.getElementById('f-share').checked,
          consent: document.getElementById('f-consent').checked,
          agreement: document.getElementById('f-agreement').checked,
          focus: document.activeElement && document.activeElement.name,
        };
      });
      const label = `${c.slots} slots at ${vp.width}×${vp.height}`;
      assert.equal(facts.n, c.slots + 1, `${label}: slot choices and "contact me"`);
      assert.equal(facts.outside, 0, `${label}: a slot row outside the viewport or squeezed`);
      assert.ok(facts.scroll <= 0, `${label}: scrolls sideways by ${facts.scroll}px`);
      // grouped by ISO week (Amsterdam time), in order, every slot in exactly one group
      const weeks = [];
      for (const sl of (await s.get(`/api/v1/networks/${c.network}/slots`)).json.slots) {
        const key = isoWeekKey(sl.start);
        if (weeks[weeks.length - 1] !== key) weeks.push(key);
      }
      assert.equal(facts.weeks.length, weeks.length, `${label}: groups by week`);
      assert.equal(
        facts.weeks.reduce((a, b) => a + b, 0),
        c.slots,
      );
      assert.equal(facts.share, false, 'the share box is ticked for the owner');
      assert.equal(facts.consent, false);
      assert.equal(facts.agreement, false);
      assert.equal(facts.focus, 'slot', `${label}: focus is not on the first choice`);
      if (c.slots > 1) assert.match(await page.locator('.slot-weeks').innerText(), /Maaskant/);
      await axeCheck(page, `booking form, ${label}`);
      await viewChecks(page, `booking form, ${label}`, 'nl');
      await shot(page, `booking-${c.slots}-slots-${vp.width}`);
      // the chosen slot is said once more above the button
      const second = page.locator('input[name="slot"]').nth(Math.min(1, c.slots - 1));
      await second.check();
      assert.match(await page.locator('#chosen').innerText(), /Je kiest: .*(\d{2}:\d{2})/);
      assert.deepEqual(errors, []);
      await ctx.close();
    }
  });
}

test('keyboard only on a phone: book one of 40 slots, then a reload shows the booking with a calendar file', async () => {
  const token = await completeShipped(s, { postcode: '3511 AB' });
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/#s=${token}`);
  await page.waitForSelector('#referral');
  // what the students do, that a teacher supervises, what it costs, what to arrange
  const offer = await page.locator('#referral').innerText();
  for (const re of [/Wat houdt de scan in\?/, /Begeleiding/, /Kosten/, /Gratis/, /Wat jij regelt/, /Geheimhouding/])
    assert.match(offer, re);
  assert.match(offer, /Dit netwerk werkt in de provincie Utrecht/);
  await page.focus('#referral button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement && document.activeElement.name === 'slot');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // the third slot
  const picked = await page.evaluate(() => document.querySelector('input[name="slot"]:checked').value);
  assert.match(picked, /^[A-Za-z0-9_-]{22}$/);
  const type = async (text) => {
    await page.keyboard.press('Tab');
    await page.keyboard.type(text);
  };
  await type('Bakkerij De Korenbloem');
  await type('Jan de Vries');
  await type('jan@korenbloem.example');
  await type('030 1234567');
  await page.keyboard.press('Tab'); // the postcode, filled in from the answer
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-postcode');
  assert.equal(await page.inputValue('#f-postcode'), '3511'); /* the session keeps only the PC4 */
  // share and the re-test invitation: left unticked; the agreement's disclosure, its box; the
  // consent's disclosure, its box
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-share');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-retest');
  assert.equal(await page.isChecked('#f-retest'), false);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-agreement');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-consent');
  await page.keyboard.press('Space');
  await axeCheck(page, 'booking form filled in');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Je aanvraag is verstuurd');
  const confirm = await page.locator('main').innerText();
  assert.match(confirm, /Afgesproken moment:/);
  assert.match(confirm, /Wat we doorgaven: je bedrijfsnaam/);
  assert.match(confirm, /180 dagen na de scan/);
  assert.doesNotMatch(await page.locator('footer').innerText(), /Anoniem/);
  await axeCheck(page, 'confirmation');
  await viewChecks(page, 'confirmation', 'nl');
  await shot(page, 'booking-confirmation-390');

  // a reload: the request is in, with what happens next; no second offer
  await page.reload();
  await page.waitForSelector('#referral.requested');
  const booked = await page.locator('#referral').innerText();
  assert.match(booked, /Je aanvraag is binnen/);
  assert.match(booked, /Afgesproken moment:/);
  assert.equal(await page.getByRole('button', { name: 'Vraag een scan aan' }).count(), 0);
  assert.doesNotMatch(await page.locator('footer').innerText(), /Anoniem/);
  await axeCheck(page, 'result with the request in');
  await viewChecks(page, 'result with the request in', 'nl');
  await shot(page, 'booking-booked-after-reload-390');
  // the calendar file
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Zet in je agenda' }).click(),
  ]);
  const file = path.join(tmp, 'scan.ics');
  await download.saveAs(file);
  const ics = JSON.parse(
    execFileSync('/usr/bin/python3', [path.join(__dirname, '../lib/ics.py'), file], { encoding: 'utf8' }),
  );
  assert.equal(ics.method, 'PUBLISH');
  assert.deepEqual(ics.timezones, ['Europe/Amsterdam']);
  assert.equal(ics.events.length, 1);
  const ev = ics.events[0];
  const slots = (await s.get('/api/v1/network/slots', bearer(nets.tokens['cybernetwerk-utrecht']))).json.slots;
  const sl = slots.find((x) => x.id === picked);
  assert.equal(ev.tzid, 'Europe/Amsterdam');
  assert.equal(new Date(ev.start).getTime(), new Date(sl.start).getTime());
  assert.equal(new Date(ev.end).getTime() - new Date(ev.start).getTime(), sl.minutes * 60000);
  const referral = (await s.get(`/api/v1/sessions/${token}/result`)).json.referral.requested.referral;
  assert.equal(ev.uid, `${referral}@zelftest`);
  assert.match(ev.organizer, /^mailto:/);
  assert.match(ev.description, /withdraw\.html#[A-Za-z0-9_-]{22}/);
  assert.match(ev.summary, /Cyberscan door studenten/);
  // the network sees the agreement version accepted and why the business came to it
  const seen = await s.get(`/api/v1/network/referrals/${referral}`, bearer(nets.tokens['cybernetwerk-utrecht']));
  assert.equal(seen.json.agreement_version, AGREEMENT);
  assert.equal(seen.json.reason, 'province');
  assert.equal(seen.json.share_answers, false);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a slot that fills while the owner types: every field kept, the next free ones offered', async () => {
  const only = await slot('eccw-limburg', 20, 9, { capacity: 1 });
  const token = await completeShipped(s, { postcode: '6211 AB' });
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, errors } = await openForm(ctx, token);
  await page.check(`#slot-${only.id}`);
  await page.fill('#f-company', 'Kapsalon Marij');
  await page.fill('#f-contact_name', 'Marij Claessens');
  await page.fill('#f-email', 'marij@kapsalon.example');
  await page.check('#f-agreement');
  await page.check('#f-consent');
  // someone else takes the last place meanwhile
  const other = await completeShipped(s, { postcode: '6211 AB' });
  const taken = await s.post(`/api/v1/sessions/${other}/referral`, {
    company: 'Ander bedrijf',
    contact_name: 'Piet',
    email: 'piet@example.nl',
    postcode: '6211 AB',
    slot: only.id,
    consent: true,
    agreement: AGREEMENT,
  });
  assert.equal(taken.status, 201, taken.text);
  await page.getByRole('button', { name: 'Scan aanvragen' }).click();
  await page.waitForSelector('.slots .notice:not([hidden])');
  assert.match(await page.locator('.slots .notice').innerText(), /net vol geraakt/);
  assert.equal(await page.inputValue('#f-company'), 'Kapsalon Marij');
  assert.equal(await page.inputValue('#f-email'), 'marij@kapsalon.example');
  assert.equal(await page.isChecked('#f-consent'), true);
  assert.equal(await page.locator(`#slot-${only.id}`).count(), 0, 'the full slot is still offered');
  await axeCheck(page, 'slot filled');
  await shot(page, 'booking-slot-filled-390');
  await page.locator('input[name="slot"]').first().check();
  await page.getByRole('button', { name: 'Scan aanvragen' }).click();
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Je aanvraag is verstuurd');
  assert.deepEqual(
    errors.filter((e) => !/status of 409/.test(e)),
    [],
  );
  await ctx.close();
});

test('English from start to end: the offer, two scan types, "contact me", the confirmation and the withdrawal', async () => {
  const token = await completeShipped(s, { postcode: '9712 CP', lang: 'en' });
  // a fresh browser (no stored language) opening the resume link: the session's English
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/#s=${token}`);
  await page.waitForSelector('#referral');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await page.locator('#referral').innerText(), /Have your business scanned by students/);
  await page.getByRole('button', { name: 'Ask for a scan' }).click();
  await page.waitForSelector('input[name="scan"]');
  assert.equal(await page.locator('input[name="scan"]').count(), 2);
  assert.match(await page.locator('.slot-weeks').innerText(), /First choose the scan you want/);
  await page.locator('input[name="scan"]').nth(1).check();
  await page.waitForSelector('#f-agreement');
  await page.check('#slot-contact');
  assert.match(await page.locator('#chosen').innerText(), /the network will contact you within 5 working days/);
  await page.fill('#f-company', 'Garage Tuinman');
  await page.fill('#f-contact_name', 'Piet Tuinman');
  await page.fill('#f-email', 'piet@garage.example');
  await page.check('#f-agreement');
  await page.check('#f-consent');
  await axeCheck(page, 'English booking form');
  await shot(page, 'booking-english-form-1280');
  await page.getByRole('button', { name: 'Ask for the scan' }).click();
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Your request has been sent');
  const confirm = await page.locator('main').innerText();
  assert.match(confirm, /will contact you within 5 working days/);
  assert.match(confirm, /Digitaal Veilig Ondernemen/);
  await viewChecks(page, 'English confirmation', 'en');
  const withdraw = await page.getByRole('link', { name: /Withdraw your request/ }).getAttribute('href');
  // the withdrawal link opened on another device: English, because the request is
  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const w = await other.newPage();
  const werr = watch(w);
  await w.goto(new URL(withdraw, s.base).href);
  await w.waitForSelector('button.danger');
  assert.equal(await w.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await w.locator('main').innerText(), /Withdraw your scan request/);
  await axeCheck(w, 'English withdrawal');
  await viewChecks(w, 'English withdrawal', 'en');
  await w.getByRole('button', { name: /Withdraw and erase/ }).click();
  await w.waitForSelector('.notice.ok');
  assert.match(await w.locator('.notice.ok').innerText(), /has been withdrawn/);
  await shot(w, 'booking-english-withdrawn-390');
  assert.deepEqual(errors, []);
  assert.deepEqual(werr, []);
  await other.close();
  await ctx.close();
});
