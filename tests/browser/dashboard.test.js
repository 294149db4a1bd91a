// The network dashboard as a coordinator uses it, on a 390×844 phone and on a
// 1280×800 laptop: sign in, new referrals first (cards on the phone, the whole
// card one tap), a withdrawn referral as a tombstone, a "contact me" referral
// with its shared answers in words, a slot planned (the invitation arrives at
// a real SMTP server), moved to a new time, cancelled; a note that leaves the
// status alone, a status change, the history with the author's name; the
// slots with who booked them, a booked slot cancelled; the outcome form by
// keyboard only; English.  Every state: axe, viewChecks, a screenshot.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { sleep } = require('../integration/lib/stack');
const { completeShipped } = require('../integration/lib/flow');
const { bearer, AGREEMENT } = require('../integration/lib/networks');
const { startWorld } = require('./lib/world');
const { watch, axeCheck, viewChecks, shot } = require('./lib/browser');

const WEB = path.join(__dirname, '../../web');
const RUNS = [
  {
    name: 'phone',
    vp: { width: 390, height: 844 },
    network: 'cyberweerbaarheid-noord-nederland',
    postcode: '9712 CP',
    scan: 'digitaal-veilig-ondernemen',
    campaign: 'noord-nederland-mkb-week',
    campaignName: 'MKB Cyberweek Noord-Nederland',
  },
  {
    name: 'laptop',
    vp: { width: 1280, height: 800 },
    network: 'cybernetwerk-utrecht',
    postcode: '3511 AB',
    scan: 'basisscan',
    campaign: 'gemeente-maastricht',
    campaignName: 'Gemeente Maastricht: ondernemersloket',
  },
];

let world;
let s;
let nets;
let mail;
let browser;
let outcomeReady;

before(async () => {
  world = await startWorld();
  ({ s, nets, mail, browser } = world);
  // the outcome of a scan came to the server after this page was written
  outcomeReady = (await s.get('/api/v1/network/findings', bearer(nets.tokens[RUNS[0].network]))).status !== 404;
});
after(async () => {
  if (world) await world.stop();
});

/* ---------- set-up through the API ---------- */

// a start `days` ahead at `hour` on the Dutch clock
function startAt(days, hour) {
  const d = dutchDate(days);
  const off = dutchOffset(d, hour);
  return `${d}T${String(hour).padStart(2, '0')}:00:00${off}`;
}
function dutchDate(days) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
    new Date(Date.now() + days * 86400000),
  );
}
function dutchOffset(date, hour) {
  for (const off of ['+01:00', '+02:00']) {
    const i = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00${off}`);
    if (dutchClock(i.toISOString()) === `${date} ${String(hour).padStart(2, '0')}:00`) return off;
  }
  throw new Error('no such hour');
}
// "2026-12-22 10:30": an instant on the Dutch clock
function dutchClock(iso) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

async function mkSlot(run, days, hour, extra = {}) {
  const r = await s.post(
    '/api/v1/network/slots',
    { start: startAt(days, hour), minutes: 240, place: 'on-site', capacity: 2, scan: run.scan, ...extra },
    bearer(nets.tokens[run.network]),
  );
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// (each a second apart: the list orders by the creation second)
async function refer(run, form, campaign) {
  await sleep(1100);
  const token = await completeShipped(s, { postcode: run.postcode, campaign });
  const r = await s.post(`/api/v1/sessions/${token}/referral`, {
    postcode: run.postcode,
    scan: run.scan,
    consent: true,
    agreement: AGREEMENT,
    ...form,
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// The run's network: two slots, an older referral already handled, a booked one, one
// withdrawn after booking (a tombstone), and the newest: "contact me", answers shared.
async function seed(run) {
  const auth = bearer(nets.tokens[run.network]);
  const slotA = await mkSlot(run, 9, 10);
  const slotB = await mkSlot(run, 12, 13, { capacity: 1, place: 'ROC-gebouw, Lokaal 2.14' });
  const full = await mkSlot(run, 10, 9, { capacity: 1 });
  const old = await refer(run, {
    company: 'Drukkerij Van Oud',
    contact_name: 'Els Oud',
    email: 'els@oud.example',
    slot: full.id,
  });
  // handled after the coordinator saw the list (a status set before that leaves it unacknowledged)
  assert.equal((await s.get('/api/v1/network/referrals', auth)).status, 200);
  const st = await s.post(`/api/v1/network/referrals/${old.referral}/status`, { status: 'contacted' }, auth);
  assert.equal(st.status, 200, st.text);
  const garage = await refer(run, {
    company: 'Garage Tuinman',
    contact_name: 'Piet Tuinman',
    email: `piet-${run.name}@garage.example`,
    slot: slotA.id,
  });
  const kapsalon = await refer(run, {
    company: 'Kapsalon Marij',
    contact_name: 'Marij Claessens',
    email: 'marij@kapsalon.example',
    slot: slotA.id,
  });
  const w = await s.del(`/api/v1/withdrawals/${kapsalon.withdraw_url.split('/').pop()}`);
  assert.equal(w.status, 204, w.text);
  const bakker = await refer(
    run,
    {
      company: 'Bakkerij De Korenbloem',
      contact_name: 'Jan de Vries',
      email: `jan-${run.name}@korenbloem.example`,
      phone: '06 12345678',
      share_answers: true,
    },
    run.campaign,
  );
  return { auth, slotA, slotB, full, old, garage, kapsalon, bakker };
}

/* ---------- checks on every state ---------- */

async function checks(page, label, lang = 'nl') {
  await axeCheck(page, label);
  await viewChecks(page, label, lang);
  const facts = await page.evaluate(() => ({
    text: document.body.innerText,
    // a text missing from the dictionary shows as its key
    keys: [...document.querySelectorAll('main *, header *')]
      .filter((el) => el.children.length === 0 && /^[a-z]+(\.[a-z]+)+$/.test(el.textContent.trim()))
      .map((el) => el.textContent.trim()),
  }));
  assert.doesNotMatch(facts.text, /\[object |\{[a-z]+\}/, `${label}: a value or placeholder left in the text`);
  assert.deepEqual(facts.keys, [], `${label}: texts missing from network-texts.js`);
  await shot(page, label);
}

const active = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return { id: a.id, tag: a.tagName.toLowerCase(), cls: a.className, text: (a.textContent || '').trim() };
  });

// Presses Tab until the focused element matches (an id, or a predicate on {id, tag, cls, text}).
async function tabTo(page, want, max = 120) {
  const ok = typeof want === 'string' ? (a) => a.id === want : want;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (ok(await active(page))) return;
  }
  throw new Error(`Tab never reached ${want}`);
}

// Waits for the notice of an action in its section, matching `re`, with the focus on it.
async function waitNotice(page, section, re) {
  const n = page.locator(`[data-section="${section}"] .notice`, { hasText: re });
  await n.waitFor();
  const a = await active(page);
  assert.match(a.cls, /notice/, `focus is on ${a.tag}#${a.id} after the action, not on its notice`);
  return n.innerText();
}

const calendarOf = (m) => m.calendars.find((c) => c.part === 'text/calendar');

// Waits for a mail to `addr` whose invitation has `method` (and, given, starts at `start`).
async function invitation(addr, method, start, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const msgs = mail.messages();
    const m = msgs.find((x) => {
      const cal = x.envelope.rcpt_tos.includes(addr) && calendarOf(x);
      if (!cal || cal.method !== method) return false;
      return !start || new Date(cal.events[0].start).getTime() === new Date(start).getTime();
    });
    if (m) return calendarOf(m);
    if (Date.now() > end)
      assert.fail(`no ${method} to ${addr} among ${msgs.map((x) => x.envelope.rcpt_tos).join(' | ')}`);
    await sleep(100);
  }
}

/* ---------- the coordinator's day, on each screen ---------- */

for (const run of RUNS) {
  test(`${run.name} ${run.vp.width}×${run.vp.height}: referrals, planning, notes, status, slots`, async () => {
    const seeds = await seed(run);
    const { auth, bakker, garage } = seeds;
    const w = run.vp.width;
    const label = (n) => `dashboard-${w}-${n}`;
    const ctx = await browser.newContext({ viewport: run.vp, locale: 'nl-NL', timezoneId: 'UTC' });
    const page = await ctx.newPage();
    const errors = watch(page);

    // sign in
    await page.goto(`${s.base}/network.html`);
    await page.waitForSelector('#token');
    await checks(page, label('01-login'));
    await page.fill('#token', nets.tokens[run.network]);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.ref-table');

    // the list: not yet handled first, the newest of those on top; the tombstone without a name
    const list = await page.evaluate(() =>
      [...document.querySelectorAll('.ref-table tbody tr')].map((tr) => ({
        unread: tr.classList.contains('unread'),
        tomb: tr.classList.contains('tomb'),
        text: tr.innerText,
        display: getComputedStyle(tr).display,
      })),
    );
    assert.equal(list.length, 4);
    assert.deepEqual(
      list.map((r) => r.unread),
      [true, true, false, false],
    );
    assert.match(list[0].text, /Bakkerij De Korenbloem[\s\S]*nog niet behandeld/);
    assert.match(list[0].text, /Nog geen moment/);
    assert.match(list[3].text, /Drukkerij Van Oud[\s\S]*Contact gehad/);
    assert.match(list[1].text, /Garage Tuinman/);
    const tomb = list.find((r) => r.tomb);
    assert.match(tomb.text, /Ingetrokken door het bedrijf op \d+ \w+\.? \d{4}/);
    assert.match(tomb.text, /was gepland: \w+ \d+ \w+/);
    assert.doesNotMatch(tomb.text, /Kapsalon|Marij/);
    // signed in, the header names the network
    const me = (await s.get('/api/v1/network', auth)).json;
    assert.match(await page.locator('header').innerText(), new RegExp(me.name));
    // cards on the phone, a table on the laptop
    assert.ok(
      list.every((r) => r.display === (w < 700 ? 'grid' : 'table-row')),
      list.map((r) => r.display).join(),
    );
    await checks(page, label('02-list'));

    // only the new ones
    await page.getByRole('link', { name: /^Nieuw \(2\)/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.ref-table tbody tr').length === 2);
    assert.equal(await page.getByRole('link', { name: /^Nieuw/ }).getAttribute('aria-current'), 'page');
    await page.getByRole('link', { name: /^Alle/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.ref-table tbody tr').length === 4);

    // the tombstone: when it was withdrawn and what was planned, nothing personal
    await page.getByRole('link', { name: /Ingetrokken door het bedrijf op/ }).click();
    await page.waitForSelector('.tomb-line');
    const tombText = await page.locator('main').innerText();
    assert.equal(await page.locator('h1').innerText(), 'Ingetrokken aanvraag');
    assert.match(tombText, /Ingetrokken door het bedrijf op/);
    assert.match(tombText, /Er was een scan gepland op \w+ \d+ \w+\.? \d{4}, \d\d:\d\d/);
    assert.doesNotMatch(tombText, /Kapsalon|Marij|kapsalon\.example/);
    await checks(page, label('03-tombstone'));
    await page.goBack();
    await page.waitForSelector('.ref-table');

    // one tap on the card (on the phone: anywhere on it, here its lower right corner)
    const card = page.locator('.ref-table tbody tr', { hasText: 'Bakkerij De Korenbloem' });
    if (w < 700) {
      const box = await card.boundingBox();
      await page.mouse.click(box.x + box.width - 10, box.y + box.height - 10);
    } else await card.getByRole('link').click();
    await page.waitForSelector('[data-section="plan"]');
    assert.equal(await page.locator('h1').innerText(), 'Aanvraag van Bakkerij De Korenbloem');

    // the contact, the campaign, why here, and the shared answers in words
    const api = (await s.get(`/api/v1/network/referrals/${bakker.referral}?lang=nl`, auth)).json;
    let main = await page.locator('main').innerText();
    assert.match(main, /Status:\s*Nieuw/);
    assert.match(main, /Jan de Vries/);
    assert.equal(await page.locator('a.tel').getAttribute('href'), 'tel:+31612345678');
    assert.equal(await page.locator('a.tel').innerText(), '06 12345678');
    assert.match(main, new RegExp(`Via campagne\\s+${run.campaignName.replace(/[.:]/g, '.')}`));
    assert.match(main, /Waarom bij jullie\s+het bedrijf zit in jullie provincie/);
    assert.match(main, /Over het bedrijf[\s\S]*Sector\s+Detailhandel, webwinkel/);
    assert.match(main, /Eerst aanpakken/);
    const q0 = api.result.questions[0];
    const firstPrinciple = page.locator('.principle-scores details').first();
    if (w < 700) {
      // on the phone each principle's answers are one tap away
      assert.equal(await firstPrinciple.evaluate((d) => d.open), false);
      await firstPrinciple.locator('summary').click();
    }
    assert.equal(await firstPrinciple.evaluate((d) => d.open), true);
    const answers = await firstPrinciple.innerText();
    assert.ok(answers.includes(q0.question), `${q0.question} not in ${answers}`);
    assert.ok(answers.includes(q0.answer[0]));
    await checks(page, label('04-detail'));

    // plan: one of the free slots of its scan type
    const plan = page.locator('[data-section="plan"]');
    assert.equal(await plan.locator(`#plan-${seeds.full.id}`).count(), 0, 'a full slot is offered');
    // the place Kapsalon Marij gave back is free again
    assert.match(await plan.locator(`.option:has(#plan-${seeds.slotA.id})`).innerText(), /vrije plekken: 1/);
    await page.click(`label[for="plan-${seeds.slotB.id}"]`);
    await page.getByRole('button', { name: 'Inplannen', exact: true }).click();
    await page.locator('.confirm').waitFor();
    assert.equal((await active(page)).cls, 'confirm-text');
    assert.match(
      await page.locator('.confirm').innerText(),
      new RegExp(`Jan de Vries krijgt een e-mail op jan-${run.name}@korenbloem\\.example met een uitnodiging`),
    );
    await checks(page, label('05-plan-confirm'));
    await page.getByRole('button', { name: 'Ja, inplannen en e-mail sturen' }).click();
    await waitNotice(
      page,
      'plan',
      /Ingepland op .*Bakkerij De Korenbloem krijgt een e-mail.*De status is nu: Ingepland/,
    );
    assert.match(await page.locator('.status-line').innerText(), /Ingepland/);
    assert.match(await plan.innerText(), /Gepland: /);
    const jan = `jan-${run.name}@korenbloem.example`;
    let cal = await invitation(jan, 'REQUEST', seeds.slotB.start);
    assert.equal(cal.events[0].uid, `${bakker.referral}@zelftest`);
    await checks(page, label('06-planned'));

    // move it to a new time: first a mistake (no date), then date, time, duration and address
    await page.getByRole('button', { name: 'Ander moment kiezen' }).click();
    await page.click('label[for="plan-new"]');
    await page.getByRole('button', { name: 'Verzetten', exact: true }).click();
    assert.equal((await active(page)).id, 'plan-date');
    assert.equal(await page.getAttribute('#plan-date', 'aria-invalid'), 'true');
    assert.match(await page.locator('#plan-error').innerText(), /Vul de datum in/);
    await checks(page, label('07-move-error'));
    const day = dutchDate(20);
    await page.fill('#plan-date', day);
    await page.fill('#plan-time', '10:30');
    await page.fill('#plan-minutes', '180');
    await page.click('label[for="plan-where-address"]');
    await page.fill('#plan-address', 'Bibliotheek, Oude Boteringestraat 1');
    await page.getByRole('button', { name: 'Verzetten', exact: true }).click();
    await page.locator('.confirm').waitFor();
    assert.match(await page.locator('.confirm').innerText(), /gaat naar .*10:30–13:30 · Bibliotheek/);
    await page.getByRole('button', { name: 'Ja, verzetten en e-mail sturen' }).click();
    await waitNotice(page, 'plan', /Verzet naar .*krijgt een e-mail met het nieuwe moment/);
    // a slot of its own, capacity 1, at 10:30 on the Dutch clock whatever the browser's zone (UTC here)
    const made = (await s.get('/api/v1/network/slots', auth)).json.slots.find((x) => /Bibliotheek/.test(x.place));
    assert.ok(made);
    assert.equal(dutchClock(made.start), `${day} 10:30`);
    assert.equal(made.capacity, 1);
    assert.equal(made.minutes, 180);
    assert.deepEqual(
      made.bookings.map((b) => b.company),
      ['Bakkerij De Korenbloem'],
    );
    cal = await invitation(jan, 'REQUEST', made.start);
    assert.equal(cal.events[0].uid, `${bakker.referral}@zelftest`);
    await checks(page, label('08-moved'));

    // cancel it: asked first, the business told, the referral stays
    await page.getByRole('button', { name: 'Afspraak afzeggen' }).click();
    await page.locator('.confirm').waitFor();
    assert.match(await page.locator('.confirm').innerText(), /krijgt een e-mail dat de afspraak van .* niet doorgaat/);
    await checks(page, label('09-cancel-confirm'));
    await page.getByRole('button', { name: 'Ja, afzeggen en e-mail sturen' }).click();
    // the status after a cancellation is the server's to say, and the notice says it
    const cancelledNotice = await waitNotice(page, 'plan', /De afspraak is afgezegd/);
    cal = await invitation(jan, 'CANCEL');
    assert.equal(cal.events[0].uid, `${bakker.referral}@zelftest`);
    let now = (await s.get(`/api/v1/network/referrals/${bakker.referral}`, auth)).json;
    assert.equal(now.slot, null);
    const statusBefore = now.status;
    const label0 = { new: 'Nieuw', contacted: 'Contact gehad' }[statusBefore];
    assert.ok(label0, statusBefore);
    assert.match(cancelledNotice, new RegExp(`de status is nu: ${label0}`));
    assert.match(await page.locator('.status-line').innerText(), new RegExp(label0));
    await checks(page, label('10-cancelled'));

    // a note: asked for when empty, then saved, the status unchanged, the author remembered
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    assert.equal((await active(page)).id, 'note');
    assert.match(await page.locator('#note-error').innerText(), /Schrijf eerst een notitie/);
    await page.fill('#author', 'Anne (coördinator)');
    await page.fill('#note', 'Gebeld: ze willen liever in januari.\nTerugbellen na de kerst.');
    await page.getByRole('button', { name: 'Notitie opslaan' }).click();
    await waitNotice(page, 'handling', /Notitie opgeslagen\. De status is niet veranderd/);
    now = (await s.get(`/api/v1/network/referrals/${bakker.referral}`, auth)).json;
    assert.equal(now.status, statusBefore, 'saving a note changed the status');
    const last = now.history[now.history.length - 1];
    assert.equal(last.by, 'Anne (coördinator)');
    assert.equal(last.text, 'Gebeld: ze willen liever in januari.\nTerugbellen na de kerst.');
    assert.equal(last.status, undefined);
    assert.equal(await page.inputValue('#author'), 'Anne (coördinator)');
    await checks(page, label('11-note'));

    // the status: nothing chosen is an error, then "done"
    await page.getByRole('button', { name: 'Status wijzigen' }).click();
    assert.equal((await active(page)).id, 'status');
    assert.match(await page.locator('#status-error').innerText(), /Kies eerst de nieuwe status/);
    await page.selectOption('#status', 'done');
    await page.getByRole('button', { name: 'Status wijzigen' }).click();
    await waitNotice(page, 'handling', /Status gewijzigd van .* naar Afgerond/);
    now = (await s.get(`/api/v1/network/referrals/${bakker.referral}`, auth)).json;
    assert.equal(now.status, 'done');
    assert.deepEqual(
      { status: now.history[now.history.length - 1].status, by: now.history[now.history.length - 1].by },
      { status: 'done', by: 'Anne (coördinator)' },
    );
    // the history, newest first, with time and author; the first entry is the request itself
    const hist = await page.locator('ol.history > li').allInnerTexts();
    assert.match(hist[0], /\d\d:\d\d · door Anne \(coördinator\)\s+Status gewijzigd naar\s+Afgerond/);
    assert.match(hist[1], /door Anne \(coördinator\)\s+Gebeld: ze willen liever in januari\.\nTerugbellen/);
    assert.match(hist[hist.length - 1], new RegExp(`Aanvraag binnengekomen via de campagne`));
    assert.match(await page.locator('.status-line').innerText(), /Afgerond/);
    await checks(page, label('12-status'));

    // the slots: who booked each (a link to them), a booked one cancelled, an empty one deleted
    await page.getByRole('link', { name: 'Scanmomenten' }).click();
    await page.waitForSelector('.slot-list');
    const slotA = page.locator('.slot-list > li', { hasText: 'Garage Tuinman' });
    assert.match(await slotA.innerText(), /1 van 2 plekken geboekt[\s\S]*Geboekt door:\s+Garage Tuinman/);
    assert.equal(
      await slotA.getByRole('link', { name: 'Garage Tuinman' }).getAttribute('href'),
      `#/referral/${garage.referral}`,
    );
    await checks(page, label('13-slots'));
    await slotA.getByRole('link', { name: 'Garage Tuinman' }).click();
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'Aanvraag van Garage Tuinman');
    await page.goBack();
    await page.waitForSelector('.slot-list');
    await slotA.getByRole('button', { name: /Afzeggen en verwijderen/ }).click();
    await page.locator('.confirm').waitFor();
    assert.match(
      await page.locator('.confirm').innerText(),
      /1 bedrijf krijgt een e-mail dat de afspraak van .* niet doorgaat: Garage Tuinman/,
    );
    await checks(page, label('14-slot-cancel-confirm'));
    await page.getByRole('button', { name: 'Ja, afzeggen en e-mails sturen' }).click();
    await waitNotice(page, 'slots', /1 bedrijf krijgt een e-mail dat de afspraak niet doorgaat/);
    await invitation(`piet-${run.name}@garage.example`, 'CANCEL');
    const after = (await s.get('/api/v1/network/slots', auth)).json.slots;
    assert.ok(!after.some((x) => x.id === seeds.slotA.id), 'the booked slot is still there');
    assert.equal((await s.get(`/api/v1/network/referrals/${garage.referral}`, auth)).json.slot, null);
    await checks(page, label('15-slot-cancelled'));
    const empty = page.locator('.slot-list > li', { hasText: 'Bibliotheek' });
    await empty.getByRole('button', { name: /^Verwijderen/ }).click();
    await page.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await waitNotice(page, 'slots', /Het scanmoment is verwijderd/);
    assert.equal(await page.locator('.slot-list > li', { hasText: 'Bibliotheek' }).count(), 0);

    // English, on the slots and on the referral with its answers in English words
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'Scan slots');
    await checks(page, label('16-slots-en'), 'en');
    await page.goto(`${s.base}/network.html#/referral/${bakker.referral}`);
    await page.waitForFunction(() => /Referral from Bakkerij/.test(document.querySelector('h1').textContent));
    const en = (await s.get(`/api/v1/network/referrals/${bakker.referral}?lang=en`, auth)).json;
    main = await page.locator('main').innerText();
    assert.match(main, /Status:\s*Done/);
    assert.match(main, /History \(newest first\)/);
    if (w >= 700) assert.ok(main.includes(en.result.questions[0].question), 'the answers are not in English');
    await checks(page, label('17-detail-en'), 'en');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
    // (without the outcome on the server, only its catalogue's 404s)
    assert.deepEqual(outcomeReady ? errors : errors.filter((e) => !/status of 404/.test(e)), []);
    await ctx.close();
  });
}

/* ---------- the outcome form, by keyboard only ---------- */

/* The order of day and month in the browser's date fields (its UI language, not the page's locale):
 * typed into a scratch field, which is then removed again. */
async function dateOrder(page) {
  const field = await page.evaluateHandle(() => {
    const i = document.createElement('input');
    i.type = 'date';
    document.body.append(i);
    return i;
  });
  const back = await page.evaluate(() => document.activeElement && document.activeElement.id);
  await field.focus();
  await page.keyboard.type('01022026');
  const v = await field.evaluate((i) => i.value);
  await field.evaluate((i) => i.remove());
  if (back) await page.focus(`#${back}`);
  return v === '2026-02-01' ? 'dmy' : 'mdy';
}

test('the outcome of a scan by keyboard only: errors announced and focused, then recorded and shown', async (t) => {
  const run = RUNS[0];
  const auth = bearer(nets.tokens[run.network]);
  const cat = await s.get('/api/v1/network/findings?lang=nl', auth);
  if (cat.status === 404) {
    t.skip('no outcome endpoint in this build yet');
    return;
  }
  assert.equal(cat.status, 200, cat.text);
  const sl = await mkSlot(run, 5, 9, { capacity: 2 });
  for (const vp of [RUNS[0].vp, RUNS[1].vp]) {
    // a scan planned: the outcome can be recorded
    const ref = await refer(run, {
      company: `Fietsenmaker Wiel ${vp.width}`,
      contact_name: 'Wim Wiel',
      email: 'wim@wiel.example',
      slot: sl.id,
    });
    const st = await s.post(`/api/v1/network/referrals/${ref.referral}/status`, { status: 'scheduled' }, auth);
    assert.equal(st.status, 200, st.text);
    const ctx = await browser.newContext({ viewport: vp, locale: 'nl-NL' });
    const page = await ctx.newPage();
    const errors = watch(page);
    const label = (n) => `dashboard-${vp.width}-outcome-${n}`;
    await page.goto(`${s.base}/network.html#/referral/${ref.referral}`);
    await page.fill('#token', nets.tokens[run.network]);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-section="outcome"] button');
    // to the form's button by Tab alone, open it with Enter
    await tabTo(page, (a) => a.tag === 'button' && /^Uitkomst (invullen|wijzigen)$/.test(a.text));
    await page.keyboard.press('Enter');
    await page.waitForSelector('#outcome-form');
    const radios = await page.locator('#outcome-form input[type="radio"]:checked').count();
    assert.equal(radios, 0, 'a level is ticked before anyone chose');
    await checks(page, label('1-form'));
    // the first principle by keyboard (Tab into its group, Space), then send too early
    await tabTo(page, 'o-inventory-ok');
    await page.keyboard.press('Space');
    await tabTo(page, (a) => a.tag === 'button' && a.text === 'Uitkomst opslaan');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.classList.contains('error-summary'));
    const summary = await page.locator('.error-summary').innerText();
    assert.match(summary, /Het formulier is nog niet compleet/);
    assert.equal((summary.match(/Kies hoe het bedrijf ervoor staat bij/g) || []).length, 4);
    assert.equal(await page.locator('.error-summary [role="alert"]').count(), 1);
    assert.equal(await page.locator('fieldset.levels.invalid').count(), 4);
    assert.equal(
      await page.getAttribute('#o-settings-ok', 'aria-describedby'),
      'oe-settings',
      'the error is not tied to its radios',
    );
    await checks(page, label('2-errors'));
    // the summary's first link leads to its group: Arrow keys choose, Space ticks a finding
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal((await active(page)).id, 'o-settings-ok');
    await page.keyboard.press('ArrowDown'); // attention
    await page.keyboard.press('Tab'); // the first finding of this principle
    const f1 = (await active(page)).id;
    assert.match(f1, /^of-/);
    await page.keyboard.press('Space');
    await tabTo(page, 'o-updates-ok');
    await page.keyboard.press('Space');
    await tabTo(page, 'o-access-ok');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // urgent
    await tabTo(page, 'o-malware-ok');
    await page.keyboard.press('Space');
    await tabTo(page, 'o-report');
    const today = dutchDate(0);
    const [y, m, d] = today.split('-');
    // typed in the order the date field shows: dd-mm-jjjj in a Dutch browser, mm/dd/yyyy in this headless one
    await page.keyboard.type((await dateOrder(page)) === 'dmy' ? `${d}${m}${y}` : `${m}${d}${y}`);
    assert.equal(await page.inputValue('#o-report'), today);
    await tabTo(page, (a) => a.tag === 'button' && a.text === 'Uitkomst opslaan');
    await page.keyboard.press('Enter');
    await waitNotice(page, 'outcome', /De uitkomst is opgeslagen/);
    const stored = (await s.get(`/api/v1/network/referrals/${ref.referral}`, auth)).json.outcome;
    assert.deepEqual(stored.principles, {
      inventory: 'ok',
      settings: 'attention',
      updates: 'ok',
      access: 'urgent',
      malware: 'ok',
    });
    assert.deepEqual(stored.findings, [f1.slice(3)]);
    assert.equal(stored.report_sent, today);
    const shown = await page.locator('[data-section="outcome"]').innerText();
    assert.match(shown, /Kies veilige instellingen\s+Aandacht nodig/);
    assert.match(shown, /Beperk toegang\s+Urgent/);
    assert.match(shown, /Rapport verstuurd op/);
    const finding = cat.json.findings.find((f) => f.id === f1.slice(3));
    assert.ok(shown.includes(finding.title));
    await checks(page, label('3-recorded'));
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});

/* ---------- a referral withdrawn while it is open ---------- */

test('withdrawn while the coordinator has it open: the next change shows the tombstone', async () => {
  const run = RUNS[1];
  const ref = await refer(run, { company: 'Bloemist Roos', contact_name: 'Roos Bos', email: 'roos@bloem.example' });
  const ctx = await browser.newContext({ viewport: RUNS[0].vp, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/network.html#/referral/${ref.referral}`);
  await page.fill('#token', nets.tokens[run.network]);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#note', { timeout: 5000 }).catch(async (e) => {
    await shot(page, 'debug-withdrawn');
    console.log(await page.locator('body').innerText());
    throw e;
  });
  const w = await s.del(`/api/v1/withdrawals/${ref.withdraw_url.split('/').pop()}`);
  assert.equal(w.status, 204);
  await page.fill('#note', 'Voicemail ingesproken.');
  await page.getByRole('button', { name: 'Notitie opslaan' }).click();
  await waitNotice(page, 'tomb', /net ingetrokken/);
  assert.equal(await page.locator('h1').innerText(), 'Ingetrokken aanvraag');
  assert.match(await page.locator('main').innerText(), /Er was nog geen moment/);
  await checks(page, 'dashboard-390-withdrawn-while-open');
  assert.deepEqual(
    errors.filter((e) => !/status of 409/.test(e)),
    [],
  );
  await ctx.close();
});

/* ---------- the texts ---------- */

test('every text of the dashboard exists in Dutch and in English', () => {
  const dict = {};
  vm.runInNewContext(fs.readFileSync(path.join(WEB, 'network-texts.js'), 'utf8'), {
    ZT: { dictionary: (d) => Object.assign(dict, d) },
  });
  const nl = Object.keys(dict.nl).sort();
  const en = Object.keys(dict.en).sort();
  assert.deepEqual(
    nl.filter((k) => !en.includes(k)),
    [],
    'Dutch only',
  );
  assert.deepEqual(
    en.filter((k) => !nl.includes(k)),
    [],
    'English only',
  );
  // each placeholder in both languages
  for (const k of nl) {
    const ph = (x) => (x.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(ph(dict.en[k]), ph(dict.nl[k]), `placeholders of ${k}`);
  }
  // every key the code names literally
  const code = ['network.js', 'network-outcome.js'].map((f) => fs.readFileSync(path.join(WEB, f), 'utf8')).join('\n');
  const used = new Set([...code.matchAll(/\bt\(\s*'([a-z][\w.]*)'/g)].map((m) => m[1]));
  for (const m of code.matchAll(/\? '([a-z]+\.[\w.]+)' : '([a-z]+\.[\w.]+)'/g)) used.add(m[1]).add(m[2]);
  assert.deepEqual(
    [...used].filter((k) => !(k in dict.nl)),
    [],
    'named in the code, missing from the texts',
  );
});
