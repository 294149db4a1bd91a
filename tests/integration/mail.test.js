// The e-mail a booking sends, through a real SMTP server (Debian's
// python3-aiosmtpd on a free loopback port), read back with Python's email
// package and python3-icalendar: the confirmation with its invitation and
// the network's notice, 200 at once, a booking moved and cancelled, a
// withdrawal before delivery, a 550, kill -9 before the send, reminders and
// a daily digest.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, until, sleep } = require('./lib/stack');
const { startCatcher } = require('./lib/catcher');
const { completeShipped, cloneSessions } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');

const NOORD = 'cyberweerbaarheid-noord-nederland';
const LIMBURG = 'eccw-limburg';
const PUBLIC = 'https://zelftest.example.nl';
let s;
let nets;
let mail;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-mailtest-'));

// Reminders: two working days before the slot.  A slot at that distance
// from now (plus a few seconds) has its reminder due at once; on a weekend
// no slot does, so there the lead time is set in seconds instead.
const weekend = [0, 6].includes(new Date(Date.now() + 3600000).getUTCDay());
const REMINDER_LEAD = 2 * 86400;

before(async () => {
  mail = await startCatcher({ args: ['--reject-rcpt', '@bounce\\.example$'] });
  nets = testNetworks((reg) => {
    const noord = reg.networks.find((n) => n.id === NOORD);
    noord.notify = { addresses: ['coordinator@noord.example', 'planning@noord.example'], digest: false, lang: 'nl' };
    const limburg = reg.networks.find((n) => n.id === LIMBURG);
    limburg.notify = { addresses: ['digest@limburg.example'], digest: true, lang: 'en' };
  });
  s = await startStack({
    env: {
      ZELFTEST_NETWORKS: nets.file,
      ZELFTEST_PUBLIC_URL: PUBLIC,
      ZELFTEST_SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      ZELFTEST_MAIL_FROM: 'Zelftest <zelftest@dtc.example>',
      ZELFTEST_MAIL_RETRY_SECONDS: '1',
      ZELFTEST_MAIL_RETRY_MAX_SECONDS: '1',
      ZELFTEST_MAIL_LEASE_SECONDS: '5',
      ZELFTEST_MAIL_DIGEST_HOUR: '0',
      ...(weekend ? { ZELFTEST_MAIL_REMINDER_LEAD_SECONDS: String(REMINDER_LEAD) } : {}),
    },
  });
});
after(async () => {
  if (s) await s.stop();
  if (mail) await mail.close();
  nets.cleanup();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

async function slot(network, { start, capacity = 3, minutes = 180, place = 'on-site' } = {}) {
  const r = await s.post(
    '/api/v1/network/slots',
    {
      start: iso(start || Math.floor(Date.now() / 1000) + 10 * 86400),
      minutes,
      place,
      capacity,
      scan: scanOf(network),
    },
    bearer(nets.tokens[network]),
  );
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const form = (extra = {}) => ({
  company: 'Bakkerij De Korenbloem',
  contact_name: 'Jan de Vries',
  email: 'jan@korenbloem.example',
  phone: '06 12345678',
  postcode: '9712 CP',
  consent: true,
  share_answers: true,
  agreement: AGREEMENT,
  ...extra,
});

async function book(extra = {}, { postcode = '9712 CP', lang = 'nl' } = {}) {
  const token = await completeShipped(s, { postcode, lang });
  const r = await s.post(`/api/v1/sessions/${token}/referral`, form({ postcode, ...extra }));
  assert.equal(r.status, 201, r.text);
  return { token, ref: r.json };
}

const to = (m, addr) => m.envelope.rcpt_tos.includes(addr);
const byRcpt = (msgs, addr) => msgs.filter((m) => to(m, addr));

test('a booking sends one confirmation with an invitation, and one notice to the network without personal details', async () => {
  mail.clear();
  const sl = await slot(NOORD);
  const email = `owner-${Date.now()}@korenbloem.example`;
  const { token, ref } = await book({ slot: sl.id, email });
  const msgs = await mail.waitFor(2);
  assert.equal(msgs.length, 2, msgs.map((m) => m.headers.Subject).join(' | '));

  const [conf] = byRcpt(msgs, email);
  assert.ok(conf, 'no confirmation to the respondent');
  assert.equal(conf.headers.To, email);
  assert.equal(conf.headers['Reply-To'], 'scan@noord-nederland.example.org');
  assert.equal(conf.envelope.mail_from, 'zelftest@dtc.example');
  assert.match(conf.headers.From, /zelftest@dtc\.example/);
  assert.match(conf.headers.Subject, /cyberscan/i);
  assert.match(conf.headers['Message-ID'], /^<[A-Za-z0-9_-]{22}@zelftest\.example\.nl>$/);
  assert.equal(conf.headers['Auto-Submitted'], 'auto-generated');
  assert.ok(conf.crlf_only, 'bare LF in the message');
  assert.ok(conf.max_line <= 998, `a line of ${conf.max_line} octets`);
  // what the text says: network, scan type, when, what to prepare, contact, why, how to withdraw
  const key = ref.withdraw_url.split('/').pop();
  for (const want of [
    'Jan de Vries',
    'Samenwerkingsverband Cyberweerbaarheid Noord-Nederland',
    'Wat je regelt',
    'scan@noord-nederland.example.org',
    'Je krijgt deze e-mail omdat',
    `${PUBLIC}/withdraw.html#${key}`,
  ]) {
    assert.ok(conf.text.includes(want), `the confirmation lacks "${want}"`);
  }
  assert.ok(conf.html.includes(`href="${PUBLIC}/withdraw.html#${key}"`), 'the HTML lacks the withdrawal link');
  assert.match(conf.html, /<meta name="viewport"/);
  // the invitation: METHOD:REQUEST, one VEVENT, the slot in Europe/Amsterdam, the UID of calendar.ics
  const inline = conf.calendars.find((c) => c.part === 'text/calendar');
  assert.ok(inline, `no text/calendar part: ${JSON.stringify(conf.parts)}`);
  assert.equal(conf.parts.find((p) => p.type === 'text/calendar').method, 'REQUEST');
  assert.equal(inline.method, 'REQUEST');
  assert.equal(inline.events.length, 1);
  const ev = inline.events[0];
  assert.equal(ev.tzid, 'Europe/Amsterdam');
  assert.deepEqual(inline.timezones, ['Europe/Amsterdam']);
  assert.equal(new Date(ev.start).getTime(), new Date(sl.start).getTime());
  assert.equal(new Date(ev.end).getTime() - new Date(ev.start).getTime(), 180 * 60000);
  assert.equal(ev.sequence, 0);
  assert.equal(ev.uid, `${ref.referral}@zelftest`);
  const ics = await s.get(`/api/v1/sessions/${token}/referral/calendar.ics`);
  assert.equal(ics.status, 200);
  assert.match(ics.text, new RegExp(`UID:${ref.referral}@zelftest\\r\\n`));
  // the withdrawal link works
  assert.equal((await s.get(`/api/v1/withdrawals/${key}`)).status, 200);

  const [notice] = byRcpt(msgs, 'coordinator@noord.example');
  assert.ok(notice, 'no notice to the network');
  assert.deepEqual(notice.envelope.rcpt_tos.sort(), ['coordinator@noord.example', 'planning@noord.example']);
  assert.match(notice.headers.Subject, /Bakkerij De Korenbloem/);
  for (const want of [
    'Bakkerij De Korenbloem',
    'postcode 9712 (Groningen)',
    'Quick Start',
    `${PUBLIC}/network.html#/referral/${ref.referral}`,
  ]) {
    assert.ok(notice.text.includes(want), `the notice lacks "${want}"`);
  }
  // mail is no safe channel: no contact details, no answers, no score
  const all = `${notice.text}\n${notice.html}\n${JSON.stringify(notice.headers)}`;
  for (const secret of [email, 'Jan de Vries', '06 12345678', '0612345678', '9712 CP', 'urgency', 'score']) {
    assert.ok(!all.includes(secret), `the network's notice holds "${secret}"`);
  }
  assert.equal(notice.calendars.length, 0);
  // delivered mail is gone from the outbox
  await until(() => s.redis('durable', 'ZCARD', 'zt:mail:due') === '1', 5000); // the reminder waits
  assert.equal(s.redis('durable', 'EXISTS', `zt:mail:${conf.headers['Message-ID'].slice(1, 23)}`), '0');
});

test('the respondent gets English mail when they took the test in English', async () => {
  mail.clear();
  const email = `en-${Date.now()}@example.nl`;
  await book({ email, scan: scanOf(NOORD) }, { lang: 'en' });
  const msgs = await mail.waitFor(2);
  const [conf] = byRcpt(msgs, email);
  assert.match(conf.headers.Subject, /Your request for a cybersecurity scan/);
  assert.match(conf.text, /will contact you within \d+ working days/);
  assert.match(conf.text, /You get this e-mail because/);
  assert.equal(conf.calendars.length, 0, 'an invitation without a slot');
  // the network reads its own language (the registry's notify.lang)
  const [notice] = byRcpt(msgs, 'coordinator@noord.example');
  assert.match(notice.text, /Er is een nieuwe aanvraag/);
});

test('200 concurrent bookings: 200 confirmations and 200 notices, none missing, none twice', async (t) => {
  mail.clear();
  // half on two slots of 50 teams, half asking to be called
  const slots = [];
  for (let i = 0; i < 2; i++)
    slots.push(await slot(NOORD, { capacity: 50, start: Math.floor(Date.now() / 1000) + (10 + i) * 86400 }));
  const tokens = cloneSessions(s, await completeShipped(s), 200);
  const t0 = Date.now();
  const rs = await Promise.all(
    tokens.map((tk, i) =>
      s.post(
        `/api/v1/sessions/${tk}/referral`,
        form(
          i % 2
            ? { slot: slots[(i >> 1) % 2].id, email: `c${i}@bulk.example` }
            : { scan: scanOf(NOORD), email: `c${i}@bulk.example` },
        ),
      ),
    ),
  );
  const t201 = Date.now();
  assert.deepEqual(
    rs.map((r) => r.status),
    Array(200).fill(201),
  );
  await until(() => mail.count() >= 400, 60000);
  const tAll = Date.now();
  await sleep(1500); // anything more that would come
  const msgs = mail.messages();
  assert.equal(msgs.length, 400);
  const ids = new Set(msgs.map((m) => m.headers['Message-ID']));
  assert.equal(ids.size, 400, 'a Message-ID twice');
  for (let i = 0; i < 200; i++) assert.equal(byRcpt(msgs, `c${i}@bulk.example`).length, 1, `c${i}`);
  assert.equal(byRcpt(msgs, 'coordinator@noord.example').length, 200);
  const refs = new Set(rs.map((r) => r.json.referral));
  for (const m of byRcpt(msgs, 'coordinator@noord.example')) {
    const id = /#\/referral\/([A-Za-z0-9_-]{22})/.exec(m.text)[1];
    assert.ok(refs.delete(id), `a notice for ${id} twice or unknown`);
  }
  t.diagnostic(
    `200 bookings in ${t201 - t0} ms; 400 mails delivered ${tAll - t201} ms after the last 201 (${Math.round(400 / ((tAll - t0) / 1000))} mails/s overall)`,
  );
});

test('the network moves a booking and then cancels it: updated invitation, then METHOD:CANCEL, same UID', async () => {
  mail.clear();
  const a = await slot(NOORD);
  const b = await slot(NOORD, { start: Math.floor(Date.now() / 1000) + 12 * 86400, minutes: 240 });
  const email = `move-${Date.now()}@example.nl`;
  const { ref } = await book({ slot: a.id, email });
  await mail.waitFor(2);
  mail.clear();
  const auth = bearer(nets.tokens[NOORD]);
  const path1 = `/api/v1/network/referrals/${ref.referral}/booking`;
  // another network cannot touch it; bad input changes nothing
  assert.equal((await s.put(path1, { slot: b.id }, bearer(nets.tokens[LIMBURG]))).status, 404);
  assert.equal((await s.put(path1, { slot: 'nope' }, auth)).status, 422);
  assert.equal((await s.put(path1, { slot: b.id, extra: 1 }, auth)).status, 422);
  const moved = await s.put(path1, { slot: b.id }, auth);
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.slot.id, b.id);
  assert.equal(s.redis('durable', 'HGET', `zt:slot:${a.id}`, 'booked'), '0');
  assert.equal(s.redis('durable', 'HGET', `zt:slot:${b.id}`, 'booked'), '1');
  // the same slot again: nothing changes, nothing is sent
  assert.equal((await s.put(path1, { slot: b.id }, auth)).status, 200);
  let msgs = await mail.waitFor(1);
  await sleep(500);
  msgs = mail.messages();
  assert.equal(msgs.length, 1, msgs.map((m) => m.headers.Subject).join(' | '));
  const upd = msgs[0];
  assert.ok(to(upd, email));
  assert.match(upd.headers.Subject, /Nieuw moment/);
  const ev = upd.calendars.find((c) => c.part === 'text/calendar');
  assert.equal(ev.method, 'REQUEST');
  assert.equal(ev.events[0].uid, `${ref.referral}@zelftest`);
  assert.equal(ev.events[0].sequence, 1);
  assert.equal(new Date(ev.events[0].start).getTime(), new Date(b.start).getTime());
  assert.match(upd.text, /link in de bevestiging/); // the withdrawal key is not kept: it points to the first mail

  mail.clear();
  const cancelled = await s.del(path1, auth);
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.slot, null);
  assert.equal(s.redis('durable', 'HGET', `zt:slot:${b.id}`, 'booked'), '0');
  msgs = await mail.waitFor(2);
  const [cx] = byRcpt(msgs, email);
  const cal = cx.calendars.find((c) => c.part === 'text/calendar');
  assert.equal(cal.method, 'CANCEL');
  assert.equal(cx.parts.find((p) => p.type === 'text/calendar').method, 'CANCEL');
  assert.equal(cal.events[0].uid, `${ref.referral}@zelftest`);
  assert.equal(cal.events[0].sequence, 2);
  assert.equal(cal.events[0].status, 'CANCELLED');
  const [note] = byRcpt(msgs, 'coordinator@noord.example');
  assert.match(note.headers.Subject, /Moment afgezegd/);
  // the referral stays, without a slot; a cancelled booking cannot be cancelled twice
  const again = await s.del(path1, auth);
  assert.equal(again.status, 200);
  await sleep(300);
  assert.equal(mail.count(), 2);
  // and it can be planned again
  const c = await slot(NOORD);
  assert.equal((await s.put(path1, { slot: c.id }, auth)).status, 200);
  const last = await mail.waitFor(3);
  assert.equal(last.length, 3);
});

test('a withdrawal before delivery: the confirmation is never sent and leaves Redis and the AOF', async () => {
  await mail.stop();
  mail.clear();
  try {
    const sl = await slot(NOORD);
    const email = `early-${Date.now()}@example.nl`;
    const { ref } = await book({ slot: sl.id, email });
    const mids = s.redis('durable', 'SMEMBERS', `zt:refmail:${ref.referral}`).split('\n');
    assert.equal(mids.length, 3, 'confirmation, reminder and notice queued'); // all three wait
    for (const mid of mids) assert.equal(s.redis('durable', 'EXISTS', `zt:mail:${mid}`), '1');
    const n0 = s.rewrites();
    s.redis('durable', 'BGREWRITEAOF');
    assert.ok(await s.rewriteDone(n0));
    assert.ok(s.aofText().includes(mids[0]), 'the AOF check cannot see what it looks for');

    const n1 = s.rewrites();
    assert.equal((await s.del(`/api/v1/withdrawals/${ref.withdraw_url.split('/').pop()}`)).status, 204);
    for (const mid of mids) assert.equal(s.redis('durable', 'EXISTS', `zt:mail:${mid}`), '0', `mail ${mid} kept`);
    assert.equal(s.redis('durable', 'EXISTS', `zt:refmail:${ref.referral}`), '0');
    assert.ok(await s.rewriteDone(n1), 'no AOF rewrite after the withdrawal');
    const aof = s.aofText();
    for (const mid of mids) assert.ok(!aof.includes(mid), `mail ${mid} is still in the AOF`);

    await mail.start();
    const msgs = await mail.waitFor(1);
    await sleep(1500);
    const got = mail.messages();
    // only the confirmation of the withdrawal; the network never heard of it, so no notice either
    assert.equal(got.length, 1, got.map((m) => m.headers.Subject).join(' | '));
    assert.ok(to(msgs[0], email));
    assert.match(got[0].headers.Subject, /ingetrokken/);
    assert.match(got[0].text, /Je krijgt deze e-mail omdat je je aanvraag/);
    assert.ok(!got[0].text.includes('withdraw.html'), 'a withdrawal link in the last mail');
  } finally {
    if (mail.child.exitCode !== null) await mail.start();
  }
});

test('a withdrawal after the network was told: both get a confirmation', async () => {
  mail.clear();
  const email = `late-${Date.now()}@example.nl`;
  const { ref } = await book({ email, scan: scanOf(NOORD) });
  await mail.waitFor(2);
  await until(() => s.redis('durable', 'HGET', `zt:ref:${ref.referral}`, 'nn') === '1', 3000);
  mail.clear();
  assert.equal((await s.del(`/api/v1/withdrawals/${ref.withdraw_url.split('/').pop()}`)).status, 204);
  const msgs = await mail.waitFor(2);
  assert.equal(msgs.length, 2);
  assert.match(byRcpt(msgs, email)[0].headers.Subject, /ingetrokken/);
  const [note] = byRcpt(msgs, 'coordinator@noord.example');
  assert.match(note.headers.Subject, /Ingetrokken: Bakkerij De Korenbloem/);
  assert.ok(!note.text.includes(email));
});

test('a 550 makes a dead letter: counted, logged without the address, never retried', async () => {
  mail.clear();
  const email = `nobody-${Date.now()}@bounce.example`;
  const before0 = (await s.get('/healthz')).json.mail.dead_letters;
  const { ref } = await book({ email, scan: scanOf(NOORD) });
  await mail.waitFor(1); // the network's notice still goes
  const dead = await until(async () => (await s.get('/healthz')).json.mail.dead_letters === before0 + 1, 10000);
  assert.ok(dead, 'no dead letter counted');
  const h = (await s.get('/healthz')).json.mail;
  assert.equal(h.on, true);
  const mids = s.redis('durable', 'ZRANGE', 'zt:mail:dead', -1, -1).split('\n');
  const letter = s.redis('durable', 'HGETALL', `zt:mail:dead:${mids[0]}`);
  assert.match(letter, /confirm/);
  assert.match(letter, /550/);
  assert.ok(!letter.includes(email) && !letter.includes('bounce.example'), 'the dead letter holds the address');
  assert.equal(s.redis('durable', 'EXISTS', `zt:mail:${mids[0]}`), '0');
  const log = s.log();
  assert.ok(log.includes(mids[0]), 'the log does not name the message');
  assert.ok(!log.includes('bounce.example'), 'the log names the address');
  await sleep(3000); // retries would have come by now (1 s apart)
  assert.equal(byRcpt(mail.messages(), email).length, 0);
  assert.equal((log.match(new RegExp(mids[0], 'g')) || []).length, 1, 'tried more than once');
  assert.ok(ref.referral);
});

test('kill -9 of the program between the 201 and the send: the mail arrives after the restart', async () => {
  await mail.stop();
  mail.clear();
  const email = `crash-${Date.now()}@example.nl`;
  try {
    await book({ email, scan: scanOf(NOORD) });
    process.kill(s.pid('zelftest'), 'SIGKILL');
    await until(
      () =>
        !fs.existsSync(`/proc/${s.pid('zelftest')}`) ||
        /\) Z/.test(fs.readFileSync(`/proc/${s.pid('zelftest')}/stat`, 'utf8')),
      5000,
    );
  } finally {
    await mail.start();
  }
  await s.restartProgram();
  const msgs = await mail.waitFor(2, 15000);
  assert.equal(byRcpt(msgs, email).length, 1);
  assert.equal(byRcpt(msgs, 'coordinator@noord.example').length, 1);
});

test('reminders go two working days before the slot, once, and not for a withdrawn booking', async () => {
  mail.clear();
  const now = Math.floor(Date.now() / 1000);
  // the slot whose reminder is due in 4 s: two working days (Mon–Fri) ahead of now + 4 s
  let start;
  if (weekend) start = now + REMINDER_LEAD + 4;
  else {
    const d = new Date((now + 4) * 1000);
    let n = 0;
    while (n < 2) {
      d.setUTCDate(d.getUTCDate() + 1);
      const wd = new Date(d.getTime() + 3600000).getUTCDay(); // the day in Amsterdam (close enough away from midnight)
      if (wd !== 0 && wd !== 6) n++;
    }
    start = Math.floor(d.getTime() / 1000);
    // an hour change in between moves the wall clock; the program keeps the wall-clock time
  }
  const sl = await slot(NOORD, { start, capacity: 5, minutes: 60 });
  const keep = `keep-${now}@example.nl`;
  const gone = `gone-${now}@example.nl`;
  await book({ slot: sl.id, email: keep });
  const w = await book({ slot: sl.id, email: gone });
  assert.equal((await s.del(`/api/v1/withdrawals/${w.ref.withdraw_url.split('/').pop()}`)).status, 204);
  const ok = await until(() => byRcpt(mail.messages(), keep).length >= 2, 20000, 250);
  assert.ok(
    ok,
    `no reminder: ${mail
      .messages()
      .map((m) => m.headers.Subject)
      .join(' | ')}`,
  );
  await sleep(3000);
  const msgs = mail.messages();
  const mine = byRcpt(msgs, keep);
  const reminders = mine.filter((m) => /Over twee werkdagen/.test(m.headers.Subject));
  assert.equal(reminders.length, 1, mine.map((m) => m.headers.Subject).join(' | '));
  assert.match(reminders[0].text, /Zorg dat dit geregeld is/);
  assert.match(reminders[0].text, /withdraw\.html#/);
  const theirs = byRcpt(msgs, gone).map((m) => m.headers.Subject);
  assert.ok(!theirs.some((x) => /Over twee werkdagen/.test(x)), `a reminder after the withdrawal: ${theirs}`);
});

test('a network that asks for a digest gets one mail a day instead of one per referral', async () => {
  mail.clear();
  // two requests at once, then a third once the day's digest went: whichever
  // of them the digest caught, each is in it or waits for tomorrow's, exactly once
  const companies = ['Slagerij Maas', 'Kapsalon Geul', 'Bloemist Jeker'];
  const tokens = [await completeShipped(s, { postcode: '6211 AB' }), await completeShipped(s, { postcode: '6211 AB' })];
  const rs = await Promise.all(
    tokens.map((t, i) =>
      s.post(
        `/api/v1/sessions/${t}/referral`,
        form({ postcode: '6211 AB', company: companies[i], email: `d${i}-${Date.now()}@example.nl` }),
      ),
    ),
  );
  assert.deepEqual(
    rs.map((r) => r.status),
    [201, 201],
  );
  // no notice per referral for this network
  const ok = await until(() => byRcpt(mail.messages(), 'digest@limburg.example').length >= 1, 25000, 250);
  assert.ok(ok, 'no digest');
  await book({ company: companies[2], email: `d2-${Date.now()}@example.nl` }, { postcode: '6211 AB' });
  await sleep(12000); // the digest job looks every 10 s
  const digests = byRcpt(mail.messages(), 'digest@limburg.example');
  assert.equal(digests.length, 1, 'a second digest on the same day');
  const d = digests[0];
  assert.match(d.headers.Subject, /Today's requests/);
  assert.match(d.text, /- New: (Slagerij Maas|Kapsalon Geul) \(postcode 6211 \(Limburg\)\), /);
  assert.ok(!/@example\.nl/.test(d.text), 'an address in the digest');
  assert.ok(!d.text.includes(companies[2]), 'the digest holds a request made after it went');
  const waiting = s.redis('durable', 'HVALS', `zt:digest:${LIMBURG}`);
  for (const c of companies) {
    const n = d.text.split(c).length - 1 + (waiting.split(c).length - 1);
    assert.equal(n, 1, `${c}: in the digest or waiting ${n} times`);
  }
});
