// The self-test as an owner takes it, in Chromium: with the mouse on a
// laptop in Dutch, with the keyboard only on a phone in English; resuming
// after a reload and from the resume link; the result, its print-out, the
// page weight; axe-core on every page state.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startStack } = require('../integration/lib/stack');
const { launch, watch, axeCheck, viewChecks, shot, ARTIFACTS } = require('./lib/browser');

let s;
let browser;
before(async () => {
  s = await startStack();
  browser = await launch();
});
after(async () => {
  await browser.close();
  await s.stop();
});

const heading = (page) => page.locator('h1').innerText();
const activeIs = (page, fn) => page.evaluate(fn);

// Picks, for each question of the current step, the option at `which` ('first'|'last').
async function answerStepWithMouse(page, which = 'last') {
  const groups = await page.$$eval('fieldset.question', (fs) => fs.map((f) => f.id));
  for (const id of groups) {
    if (await page.locator(`#${id} #postcode`).count()) {
      await page.fill('#postcode', '9712 CP');
      continue;
    }
    const labels = page.locator(`#${id} .option label`);
    await labels.nth(which === 'first' ? 0 : (await labels.count()) - 1).click();
  }
}

// Answers are saved in the background (the page itself waits for them on
// Next); before a reload the test waits for the save of its last click.
const saved = (page) => page.waitForResponse((r) => r.url().includes('/answers/') && r.request().method() === 'PUT');

test('the whole test with the mouse on a laptop, in Dutch; axe on every state', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  const requests = [];
  page.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    const res = await req.response();
    requests.push({
      url: req.url(),
      type: req.resourceType(),
      bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0,
      body: sizes ? sizes.responseBodySize : 0,
      encoding: res ? res.headers()['content-encoding'] : undefined,
    });
  });
  await page.goto(`${s.base}/`);
  await page.waitForSelector('h1');
  assert.equal(await heading(page), 'Hoe veilig is jouw bedrijf online?');
  await axeCheck(page, 'start (nl, desktop)');
  await viewChecks(page, 'start', 'nl');
  await shot(page, 'desktop-1-start');

  await page.getByRole('button', { name: 'Start de zelftest' }).click();
  await page.waitForSelector('fieldset.question');
  assert.ok(await activeIs(page, () => document.activeElement.tagName === 'H1'), 'step 1: focus on the heading');
  // a validation error first: Next with nothing answered
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.waitForSelector('#step-errors:not([hidden])');
  const err = await page.evaluate(() => {
    const f = document.querySelector('fieldset.question');
    const e = document.getElementById(f.getAttribute('aria-describedby').split(' ')[1]);
    return { text: e.textContent, hidden: e.hidden, focusInside: f.contains(document.activeElement) };
  });
  assert.equal(err.text, 'Kies een antwoord bij deze vraag.');
  assert.equal(err.hidden, false);
  assert.ok(err.focusInside, 'focus goes to the first question with an error');
  await axeCheck(page, 'validation error');
  await viewChecks(page, 'validation error', 'nl');

  for (let step = 1; step <= 6; step++) {
    const title = await heading(page);
    if (step > 1)
      assert.ok(
        await activeIs(page, () => document.activeElement.tagName === 'H1'),
        `step ${step}: focus on the heading`,
      );
    await page.waitForFunction(
      (n) => new RegExp(`Stap ${n} van 6`).test(document.getElementById('live').textContent),
      step,
    );
    await axeCheck(page, `step ${step}: ${title}`);
    await viewChecks(page, `step ${step}`, 'nl');
    if (step === 1) await shot(page, 'desktop-2-question');
    await answerStepWithMouse(page, 'last');
    await page.getByRole('button', { name: step < 6 ? 'Volgende' : 'Bekijk mijn uitslag' }).click();
    if (step < 6) await page.waitForFunction((t) => document.querySelector('h1').textContent !== t, title);
  }
  await page.waitForSelector('.level-banner');
  assert.equal(await heading(page), 'Jouw uitslag');
  const result = await page.evaluate(() => ({
    level: document.querySelector('.level-banner h2').textContent.trim(),
    urgency: document.querySelector('.urgency').textContent,
    bars: document.querySelectorAll('.score-list svg rect.bar').length,
    advice: document.querySelectorAll('article.advice').length,
    adviceItems: document.querySelectorAll('article.advice li').length,
    askItems: document.querySelectorAll('#ask-list li').length,
    askTitle: document.querySelector('#ask-list h2') && document.querySelector('#ask-list h2').textContent,
    chartLabel: document.querySelector('.score-list').textContent,
    offer: document.querySelector('#referral h2').textContent,
  }));
  assert.equal(result.level, 'Hoog risico');
  assert.match(result.urgency, /^Urgentie: \d+ van 100$/);
  assert.equal(result.bars, 5);
  assert.equal(result.advice, 5);
  // the last option everywhere, never the best: a step for every question of a principle, the
  // "don't know" ones on the list for the IT supplier instead
  const questionnaire = (await s.get('/api/v1/questionnaire?lang=nl')).json;
  const principleQuestions = questionnaire.principles.reduce((n, p) => n + p.questions.length, 0);
  assert.equal(result.adviceItems + result.askItems, principleQuestions);
  assert.ok(result.askItems >= 5, `${result.askItems} questions for the IT supplier`);
  assert.equal(result.askTitle, 'Vraag dit aan je IT-leverancier');
  assert.match(result.chartLabel, /Inventariseer kwetsbaarheden.*Hoog risico, \d+ \/ 100/);
  assert.equal(result.offer, 'Laat je bedrijf scannen door studenten');
  await axeCheck(page, 'result');
  await viewChecks(page, 'result', 'nl');
  await shot(page, 'desktop-3-result');

  // light and self-contained
  const own = requests.filter((r) => r.url.startsWith(s.base));
  assert.deepEqual(
    requests.filter((r) => !r.url.startsWith(s.base)).map((r) => r.url),
    [],
    'requests to other sites',
  );
  const page1 = own.filter((r) => ['document', 'stylesheet', 'script'].includes(r.type));
  const weight = page1.reduce((n, r) => n + r.bytes, 0);
  for (const r of page1) if (r.body > 1024) assert.equal(r.encoding, 'gzip', `${r.url} not compressed`);
  console.log(`page weight (HTML+CSS+JS, compressed, with headers): ${weight} bytes over ${page1.length} files`);
  fs.writeFileSync(path.join(ARTIFACTS, 'page-weight.txt'), `${weight}\n`);
  assert.ok(weight <= 60 * 1024, `page weight ${weight} bytes`);
  assert.deepEqual(await ctx.cookies(), [], 'no cookies');

  // print: a clean report of at most two pages
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ({
    buttons: [...document.querySelectorAll('button')].filter((b) => b.offsetParent !== null).length,
    offer: document.getElementById('referral').offsetParent !== null,
    date: document.body.innerText.includes('vragenlijst 2026.2'),
  }));
  assert.equal(printed.buttons, 0, 'buttons hidden in print');
  assert.equal(printed.offer, false, 'scan form hidden in print');
  assert.ok(printed.date, 'date and questionnaire version printed');
  const pdfPath = path.join(ARTIFACTS, 'result.pdf');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  for (const needle of [
    'Jouw uitslag',
    'Hoog risico',
    'Urgentie',
    'Inventariseer kwetsbaarheden',
    'Voorkom malware',
    'vragenlijst 2026.2',
  ]) {
    assert.ok(text.includes(needle), `PDF lacks "${needle}"`);
  }
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))[1]);
  assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('keyboard only on a phone, in English: Tab, Space, arrow keys and Enter', async () => {
  const ctx = await browser.newContext({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
  });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/`);
  await page.waitForSelector('h1');
  const tabUntil = async (fn, arg, max = 80) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(fn, arg)) return;
    }
    throw new Error(`Tab never reached: ${fn}`);
  };
  await tabUntil(() => document.activeElement.textContent === 'English');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () =>
      document.documentElement.lang === 'en' &&
      document.querySelector('h1').textContent === 'How safe is your business online?',
  );
  await axeCheck(page, 'start (en, phone)');
  await viewChecks(page, 'start (phone)', 'en');
  await shot(page, 'phone-1-start');
  await tabUntil(() => document.activeElement.textContent === 'Start the self-test');
  await page.keyboard.press('Enter');
  await page.waitForSelector('fieldset.question');
  for (let step = 1; step <= 6; step++) {
    const title = await heading(page);
    assert.ok(await page.evaluate(() => document.activeElement.tagName === 'H1'), `step ${step}: focus on the heading`);
    await page.waitForFunction(
      (n) => new RegExp(`Step ${n} of 6`).test(document.getElementById('live').textContent),
      step,
    );
    const groups = await page.$$eval('fieldset.question', (fs) => fs.map((f) => f.id));
    for (const [i, id] of groups.entries()) {
      if (id === 'q-postcode') {
        await tabUntil(() => document.activeElement.id === 'postcode');
        await page.keyboard.type('6211 AB');
        continue;
      }
      // past the folded explanation ("What do we mean?") to the options
      await tabUntil(
        (gid) =>
          document.activeElement.matches('input') &&
          document.activeElement.closest('fieldset') &&
          document.activeElement.closest('fieldset').id === gid,
        id,
      );
      await page.keyboard.press('Space');
      if (i % 2 === 1) await page.keyboard.press('ArrowDown'); // arrow keys choose, too
      const checked = await page.evaluate((gid) => document.querySelectorAll(`#${gid} input:checked`).length, id);
      assert.equal(checked, 1, `${id}: one option chosen by keyboard`);
    }
    if (step === 1) await shot(page, 'phone-2-question');
    await tabUntil(() => document.activeElement.type === 'submit');
    await page.keyboard.press('Enter');
    if (step < 6) await page.waitForFunction((t) => document.querySelector('h1').textContent !== t, title);
  }
  await page.waitForSelector('.level-banner');
  assert.equal(await heading(page), 'Your result');
  assert.equal(await page.locator('.score-list svg rect.bar').count(), 5);
  await axeCheck(page, 'result (phone, en)');
  await viewChecks(page, 'result (phone)', 'en');
  await shot(page, 'phone-3-result');
  // the language choice is remembered
  const again = await ctx.newPage();
  await again.goto(`${s.base}/`);
  await again.waitForSelector('h1');
  assert.equal(await again.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a reload in the middle resumes at the same question; so does the resume link in a fresh browser', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/`);
  await page.getByRole('button', { name: 'Start de zelftest' }).click();
  await page.waitForSelector('fieldset.question');
  await answerStepWithMouse(page, 'first');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.waitForFunction(() => /Stap 2 van 6/.test(document.querySelector('.progress-text').textContent));
  const step2 = await heading(page);
  const firstGroup = await page.$eval('fieldset.question', (f) => f.id);
  await Promise.all([saved(page), page.locator(`#${firstGroup} .option label`).nth(1).click()]);
  await page.locator('summary', { hasText: 'Later verder?' }).click();
  await axeCheck(page, 'resume box open');
  const link = await page.inputValue('#resume-link');
  assert.match(link, /#s=[A-Za-z0-9_-]{22}$/);

  await page.reload();
  await page.waitForSelector('fieldset.question');
  assert.equal(await heading(page), step2);
  assert.equal(await page.locator(`#${firstGroup} input`).nth(1).isChecked(), true);

  const fresh = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const p2 = await fresh.newPage();
  await p2.goto(link);
  await p2.waitForSelector('fieldset.question');
  assert.equal(await heading(p2), step2);
  assert.equal(await p2.locator(`#${firstGroup} input`).nth(1).isChecked(), true);
  // step 1 kept its answers too
  await p2.getByRole('button', { name: 'Vorige' }).click();
  await p2.waitForFunction(() => /Stap 1 van 6/.test(document.querySelector('.progress-text').textContent));
  const allFirst = await p2.$$eval('fieldset.question', (fs) => fs.every((f) => f.querySelector('input').checked));
  assert.ok(allFirst);
  await fresh.close();
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('at 400% zoom (320 CSS px) nothing scrolls sideways; reduced motion is respected', async () => {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 256 }, reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  await page.goto(`${s.base}/`);
  await page.waitForSelector('h1');
  await viewChecks(page, 'start at 320px', 'nl');
  await page.getByRole('button', { name: 'Start de zelftest' }).click();
  await page.waitForSelector('fieldset.question');
  await viewChecks(page, 'question at 320px', 'nl');
  assert.equal(await page.$eval('.progress-done', (e) => getComputedStyle(e).transitionDuration), '0s');
  for (const p of ['/network.html', '/stats.html', '/withdraw.html#AAAAAAAAAAAAAAAAAAAAAA']) {
    await page.goto(`${s.base}${p}`);
    await page.waitForSelector('h1');
    await viewChecks(page, `${p} at 320px`, 'nl');
  }
  await ctx.close();
});
