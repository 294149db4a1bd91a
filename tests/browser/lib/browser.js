// Chromium (Debian's, headless) for the browser tests, and the checks every
// page state goes through: axe-core (WCAG 2.0/2.1 A and AA), one h1, the
// language, no horizontal scrolling, target sizes.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const axe = require('axe-core');

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
fs.mkdirSync(ARTIFACTS, { recursive: true });

async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

// Collects console errors and uncaught exceptions of a page; they fail the test.
function watch(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function axeCheck(target, label) {
  await target.evaluate(axe.source);
  const res = await target.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  const report = res.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n')}`,
  );
  assert.equal(res.violations.length, 0, `axe on "${label}":\n${report.join('\n')}`);
  return res.passes.length;
}

// The checks beyond axe that hold on every view.
async function viewChecks(target, label, lang) {
  const facts = await target.evaluate(() => ({
    // a value the page forgot to leave out shows as the word null or undefined
    leaked: (document.body.innerText.match(/null|undefined|\bNaN\b/g) || []).join(', '),
    h1: document.querySelectorAll('h1').length,
    lang: document.documentElement.lang,
    scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    small: [...document.querySelectorAll('a[href], button, input, select, summary, textarea')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width === 0 || style.visibility === 'hidden' || el.closest('.skip')) return false;
        // a link inside running text is exempt (WCAG 2.5.8 "inline"); a radio or checkbox
        // counts with its row, which is the click target
        if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.closest('p, li, dd')) return false;
        const box =
          el.matches('input[type=radio], input[type=checkbox]') && el.closest('.option')
            ? el.closest('.option').getBoundingClientRect()
            : r;
        return box.width < 24 || box.height < 24;
      })
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}#${el.id || ''}.${el.className || ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}"`,
      ),
  }));
  assert.equal(facts.leaked, '', `${label}: the page shows ${facts.leaked}`);
  assert.equal(facts.h1, 1, `${label}: ${facts.h1} h1 elements`);
  if (lang) assert.equal(facts.lang, lang, `${label}: <html lang>`);
  assert.ok(facts.scroll <= 0, `${label}: scrolls sideways by ${facts.scroll}px`);
  assert.deepEqual(facts.small, [], `${label}: targets smaller than 24×24`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

module.exports = { launch, watch, axeCheck, viewChecks, shot, ARTIFACTS };
