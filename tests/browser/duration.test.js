// The five-minute promise, measured: the whole test taken with the mouse, in
// Dutch and in English, on a laptop and on a phone (390 px wide), once with
// the best answers and once with the last answer of every question (mostly
// "don't know").  On every screen before the result the words a reader sees
// by default are counted: a folded explanation ("Wat bedoelen we?") or the
// folded resume box only by its summary, nothing visually hidden; the site
// header and footer, the same on every screen, only on the first.  Every
// click counts, and typing the postcode counts as one click.  The estimate
// is words at 200 a minute plus 2 s a click; it must be at most 5 minutes,
// and the start page must promise it, in whole minutes rounded up.  The rendered
// questions keep their limits too (at most 20 words, options at most 12).
//
// The "don't know" path ends with the list for the IT supplier, which prints
// on its own ("Druk deze lijst af") and in the whole report; axe on both.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startStack } = require('../integration/lib/stack');
const { launch, watch, axeCheck, viewChecks, shot, ARTIFACTS } = require('./lib/browser');

const WORDS_PER_MINUTE = 200;
const SECONDS_PER_CLICK = 2;
const LIMIT_SECONDS = 5 * 60;

let s;
let browser;
const estimates = [];
before(async () => {
  s = await startStack();
  browser = await launch();
});
after(async () => {
  await browser.close();
  await s.stop();
  if (estimates.length) {
    const lines = estimates.map((e) => e.line);
    for (const lang of ['nl', 'en']) {
      const secs = estimates
        .filter((e) => e.lang === lang)
        .map((e) => e.seconds)
        .sort((a, b) => a - b);
      const mid =
        secs.length % 2 ? secs[(secs.length - 1) / 2] : (secs[secs.length / 2 - 1] + secs[secs.length / 2]) / 2;
      lines.push(`median (${lang}): ${fmt(mid)} over ${secs.length} runs`);
    }
    fs.writeFileSync(path.join(ARTIFACTS, 'duration.txt'), `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
  }
});

const fmt = (secs) => `${Math.floor(secs / 60)} min ${String(Math.round(secs % 60)).padStart(2, '0')} s`;

// The words a reader sees by default on the current screen.
function visibleWords(page, withChrome) {
  return page.evaluate((chrome) => {
    const words = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('script, style, noscript, .skip, .visually-hidden, [aria-hidden="true"]')) continue;
      if (!chrome && el.closest('header.site, footer.site')) continue;
      const folded = el.closest('details:not([open])');
      if (folded && !el.closest('summary')) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width <= 1 || box.height <= 1 || box.right <= 0) continue;
      words.push(...n.textContent.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)));
    }
    return words;
  }, withChrome);
}

// Takes the test with the mouse; returns the words per screen and the clicks.
async function takeTest(page, { lang, which, name, device }) {
  const screens = [];
  let clicks = 0;
  // on the phone a finger taps; a tap counts as a click
  const click = async (locator) => {
    if (device === 'phone') await locator.tap({ timeout: 5000 });
    else await locator.click();
    clicks++;
  };
  await page.goto(`${s.base}/`);
  await page.waitForSelector('h1');
  if (lang === 'en') {
    await click(page.getByRole('button', { name: 'English' }));
    await page.waitForFunction(() => document.querySelector('h1').textContent === 'How safe is your business online?');
  }
  const start = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  const promise = Number((lang === 'nl' ? /binnen (\d+) minuten/ : /under (\d+) minutes/).exec(start)[1]);
  const promisedQuestions = Number(
    (lang === 'nl' ? /beantwoordt (\d+) korte vragen/ : /answer (\d+) short/).exec(start)[1],
  );
  screens.push({ name: 'start', words: await visibleWords(page, true) });
  await shot(page, `${name}-0-start`);
  await click(page.getByRole('button', { name: lang === 'nl' ? 'Start de zelftest' : 'Start the self-test' }));
  let questions = 0;
  for (let step = 1; step <= 6; step++) {
    await page.waitForFunction(
      (n) =>
        document.querySelector('.progress-text') &&
        document.querySelector('.progress-text').textContent.includes(` ${n} `),
      step,
    );
    const title = await page.locator('h1').textContent();
    screens.push({ name: `step ${step}`, words: await visibleWords(page, false) });
    // the limits, as rendered: question texts at most 20 words, option labels at most 12
    const limits = await page.$$eval('fieldset.question', (fs) =>
      fs.map((f) => ({
        id: f.id,
        text: f.querySelector('legend').textContent.replace(/^\d+\.\s*/, ''),
        labels: [...f.querySelectorAll('.option label')].map((l) => l.textContent),
      })),
    );
    for (const q of limits) {
      const count = (x) => x.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      assert.ok(count(q.text) <= 20, `${q.id}: ${count(q.text)} words: ${q.text}`);
      for (const l of q.labels) assert.ok(count(l) <= 12, `${q.id}: option of ${count(l)} words: ${l}`);
    }
    if (step === 1 || step === 6) await shot(page, `${name}-${step}-step`);
    for (const q of limits) {
      questions++;
      if (q.id === 'q-postcode') {
        if (which === 'first') {
          await click(page.locator('#postcode')); // clicking the field and typing 4 digits: one click
          await page.keyboard.type('3511');
          await page.locator('#postcode').dispatchEvent('change');
        } else await click(page.locator('label[for="postcode-skip"]'));
        continue;
      }
      const labels = page.locator(`#${q.id} .option label`);
      const saved = page.waitForResponse((r) => r.url().includes('/answers/') && r.request().method() === 'PUT');
      await click(labels.nth(which === 'first' ? 0 : (await labels.count()) - 1));
      const ok = await Promise.race([saved.then(() => true), page.waitForTimeout(5000).then(() => false)]);
      if (!ok) {
        await shot(page, `stuck-${name}-${q.id}`);
        console.log('stuck', name, q.id, await page.$$eval(`#${q.id} input`, (i) => i.map((x) => x.checked)));
      }
      await saved;
    }
    const next = page.getByRole('button', {
      name: step < 6 ? (lang === 'nl' ? 'Volgende' : 'Next') : lang === 'nl' ? 'Bekijk mijn uitslag' : 'See my result',
    });
    await click(next);
    if (step < 6) await page.waitForFunction((t) => document.querySelector('h1').textContent !== t, title);
  }
  await page.waitForSelector('.level-banner');
  return { screens, clicks, promise, promisedQuestions, questions };
}

function estimate(run) {
  const words = run.screens.reduce((n, x) => n + x.words.length, 0);
  const seconds = (words / WORDS_PER_MINUTE) * 60 + run.clicks * SECONDS_PER_CLICK;
  return { words, seconds };
}

const runs = [
  { lang: 'nl', which: 'first', device: 'desktop' },
  { lang: 'nl', which: 'last', device: 'phone' },
  { lang: 'en', which: 'last', device: 'desktop' },
  { lang: 'en', which: 'first', device: 'phone' },
];

for (const r of runs) {
  test(`five minutes, measured: ${r.lang}, ${r.device}, ${r.which === 'first' ? 'best answers' : 'last answers'}`, async () => {
    const ctx = await browser.newContext(
      r.device === 'phone'
        ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
        : { viewport: { width: 1280, height: 800 } },
    );
    const page = await ctx.newPage();
    const errors = watch(page);
    const name = `duration-${r.lang}-${r.device}`;
    const run = await takeTest(page, { ...r, name });
    const { words, seconds } = estimate(run);
    const perScreen = run.screens.map((x) => `${x.name} ${x.words.length}`).join(', ');
    const line =
      `five-minute estimate (${r.lang}, ${r.device}, ${r.which === 'first' ? 'best' : 'last'} answers): ` +
      `${words} words (${perScreen}) / ${WORDS_PER_MINUTE} a minute + ${run.clicks} clicks × ${SECONDS_PER_CLICK} s ` +
      `= ${fmt(seconds)}`;
    console.log(line);
    if (process.env.DURATION_WORDS) for (const x of run.screens) console.log(`  ${x.name}: ${x.words.join(' ')}`);
    estimates.push({ lang: r.lang, seconds, line });
    assert.ok(seconds <= LIMIT_SECONDS, line);
    // the start page promises what is measured (in whole minutes, rounded up: "binnen 5 minuten"),
    // and the number of questions asked
    assert.equal(run.promise, Math.ceil(seconds / 60), `the start page says ${run.promise} minutes: ${line}`);
    assert.equal(run.promisedQuestions, run.questions);
    if (r.lang === 'nl') {
      const description = await page.$eval('meta[name="description"]', (m) => m.content);
      assert.ok(description.includes(`${run.promise} minuten`), description);
    }
    await shot(page, `${name}-7-result`);
    await axeCheck(page, `result (${r.lang}, ${r.device})`);
    await viewChecks(page, `result (${r.lang}, ${r.device})`, r.lang);

    const ask = await page.$$eval('#ask-list li', (li) => li.map((x) => x.textContent));
    if (r.which === 'first') {
      assert.deepEqual(ask, [], 'no "don\'t know" answers, no list');
    } else {
      // the "don't know" answers: one list for the IT supplier, printable on its own
      assert.ok(ask.length >= 5, `${ask.length} questions for the IT supplier`);
      assert.equal(
        await page.locator('#ask-h').textContent(),
        r.lang === 'nl' ? 'Vraag dit aan je IT-leverancier' : 'Ask your IT supplier this',
      );
      await page.evaluate(() => {
        window.print = () => {
          window.printedPart = document.body.dataset.print || 'all';
        };
      });
      await page.getByRole('button', { name: r.lang === 'nl' ? 'Druk deze lijst af' : 'Print this list' }).click();
      assert.equal(await page.evaluate(() => window.printedPart), 'ask');
      await page.emulateMedia({ media: 'print' });
      const pdfPath = path.join(ARTIFACTS, `${name}-ask-list.pdf`);
      await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
      // compared without white space, hyphens and ligatures: pdftotext joins "e-" and "mail"
      // broken over two lines into "email", and gives "ﬁ" for "fi"
      const flat = (x) => x.normalize('NFKC').replace(/[\s-]+/g, '');
      const text = flat(execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }));
      for (const a of ask) assert.ok(text.includes(flat(a)), `the printed list lacks "${a}"`);
      const adviceTitle = flat(r.lang === 'nl' ? 'Wat je kunt doen' : 'What you can do');
      assert.ok(!text.includes(adviceTitle), 'the list prints on its own');
      // after printing, the whole report prints again, the list in it
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      const whole = path.join(ARTIFACTS, `${name}-report.pdf`);
      await page.pdf({ path: whole, format: 'A4', printBackground: true });
      const all = flat(execFileSync('pdftotext', [whole, '-'], { encoding: 'utf8' }));
      assert.ok(all.includes(adviceTitle) && all.includes(flat(ask[0])), 'the whole report has the list too');
      await page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
