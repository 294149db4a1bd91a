// The statistics page on a known seed (lib/statsdata.js: four networks, two
// with 10 or more scans and re-tests, two with fewer), on a 390×844 phone and
// a 1280×900 laptop: the headline figures, what the students found per group
// with a held-back group and the most frequent findings, the calibration's
// sentence, the change after a re-test; every chart's text at least 12 CSS px
// on the screen (the old fixed viewBox drew it at about 5 px on a phone),
// nothing scrolls sideways, the charts follow a change of width; a period
// without enough data says "minder dan 10"; keyboard only; English.  Every
// state: axe, viewChecks, a screenshot.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { testCampaigns } = require('../integration/lib/campaigns');
const { completeShipped } = require('../integration/lib/flow');
const { seedStats } = require('./lib/statsdata');
const { startWorld } = require('./lib/world');
const { watch, axeCheck, viewChecks, shot, ARTIFACTS } = require('./lib/browser');

const NOORD = 'Samenwerkingsverband Cyberweerbaarheid Noord-Nederland';
const UTRECHT = 'Cybernetwerk Utrecht';
const LIMBURG = 'Expertisecentrum Cyberweerbaarheid Limburg';
let world;
let s;
let nets;
let camps;
let mail;
let browser;
let api; // what the API answers for the seed, where the page is compared with it
before(async () => {
  camps = testCampaigns([{ id: 'mkb-week', name: 'MKB Cyberweek', origins: ['https://mkb-week.example'] }]);
  world = await startWorld({
    ZELFTEST_CAMPAIGNS: camps.file,
    ZELFTEST_RETEST_AFTER_DAYS: '0', // the re-test invitations go at once
  });
  ({ s, nets, mail, browser } = world);
  await seedStats(s, nets, mail);
  api = { improvement: (await s.get('/api/v1/stats/improvement?by=network')).json };
});
after(async () => {
  if (world) await world.stop();
  camps.cleanup();
});

// Every <text> of every chart as it is on the screen: its font size times the
// scale from the SVG's units to CSS pixels; and how wide the page is.
function sizes(page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll('svg text')].map((el) => ({
      px: parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a,
      text: el.textContent,
    }));
    return {
      texts: texts.length,
      small: texts.filter((x) => x.px < 12).map((x) => `${x.text} ${x.px.toFixed(1)}px`),
      scroll: document.documentElement.scrollWidth,
    };
  });
}

// the row of a group in the table of a principle (both named exactly) in a section
const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const rowOf = (page, section, caption, group) =>
  page
    .locator(`#${section} table`)
    .filter({ has: page.locator('caption', { hasText: exactly(caption) }) })
    .locator('tr')
    .filter({ has: page.locator('th', { hasText: exactly(group) }) });

async function opened(width, height) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'nl-NL' });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`${s.base}/stats.html`);
  await page.waitForSelector('#improvement svg');
  return { ctx, page, errors };
}

for (const [width, height] of [
  [390, 844],
  [1280, 900],
]) {
  test(`at ${width} px: the headline, the students' findings, the calibration and the re-tests from the seed`, async () => {
    const { ctx, page, errors } = await opened(width, height);

    // the headline: 12+11+5+6 first tests and 11+10 re-tests; high: Noord's 12, Limburg's 5, Utrecht's 10 re-tests
    const tiles = await page.locator('#summary .tiles li').allInnerTexts();
    assert.deepEqual(
      tiles.map((x) => x.replace(/\s+/g, ' ').trim()),
      [
        '55 bedrijven deden de zelftest',
        '49% van hen had een hoog risico',
        '34 vroegen een scan aan',
        '34 kregen een scan van studenten',
      ],
    );

    // what the students found, by network: Noord's updates 8 urgent, 4 in order of 12
    const noord = rowOf(page, 'outcomes', 'Voer updates uit', NOORD);
    assert.deepEqual(await noord.locator('td').allTextContents(), ['67%', '0%', '33%', '12']);
    // Utrecht's inventory 6 urgent, 5 attention of 11
    assert.deepEqual(
      await rowOf(page, 'outcomes', 'Inventariseer kwetsbaarheden', UTRECHT).locator('td').allTextContents(),
      ['55%', '45%', '0%', '11'],
    );
    // Limburg's 5 scans are held back, in the chart and the table
    assert.equal(
      await rowOf(page, 'outcomes', 'Voer updates uit', LIMBURG).locator('td').textContent(),
      'Te weinig scans',
    );
    const chartText = await page.locator('#outcomes figure').first().locator('svg').textContent();
    assert.match(chartText, /Te weinig scans/);
    assert.match(chartText, /n=12/);
    // the most frequent findings: all of Noord's 12 had no two-step verification on their mail;
    // over both shown networks the untested back-ups come first (8 + 6 of 23)
    const noordFindings = page.locator('#outcomes .finding-groups .card').filter({ hasText: NOORD });
    assert.match(
      await noordFindings.locator('li').first().innerText(),
      /^Geen tweestapsverificatie op de zakelijke e-mail\s+bij 100% van de scans$/,
    );
    const allFindings = page.locator('#outcomes .finding-groups .card').first();
    assert.match(await allFindings.locator('h4').innerText(), /Alle getoonde groepen samen/);
    assert.match(
      await allFindings.locator('li').first().innerText(),
      /^Back-ups nooit teruggezet om te testen\s+bij 61%/,
    );
    assert.match(await page.locator('#outcomes p.held').innerText(), new RegExp(LIMBURG));

    // the calibration: Utrecht's 11 had low risk for updates in the self-test, the students found 6 needing attention
    const updates = page
      .locator('#calibration figure')
      .filter({ has: page.locator('h3', { hasText: 'Voer updates uit' }) });
    const said = await updates.locator('p.sentence').allInnerTexts();
    assert.equal(
      said[0],
      'Van de bedrijven met een laag risico in de zelftest vonden de studenten bij 55% iets dat aandacht nodig heeft. Bij 45% was alles in orde.',
    );
    // Noord's 12 had high risk: 8 urgent, 4 in order
    assert.match(
      said[1],
      /^Van de bedrijven met een hoog risico in de zelftest .* Bij 67% was iets dringend\. Bij 33% was alles in orde\.$/,
    );
    assert.match(
      await rowOf(page, 'calibration', 'Voer updates uit', 'Zelftest: middel risico').textContent(),
      /Te weinig scans/,
    );

    // the re-tests: Noord's owners went from the worst answers to the best (+100 everywhere),
    // Utrecht's from the best to the middle ones (down)
    assert.deepEqual(await rowOf(page, 'improvement', 'Voer updates uit', NOORD).locator('td').allTextContents(), [
      '+100',
      '11',
    ]);
    const utrecht = api.improvement.groups.find((g) => g.label === UTRECHT);
    assert.ok(utrecht.mean_change.updates < 0);
    const down = await rowOf(page, 'improvement', 'Voer updates uit', UTRECHT).locator('td').allTextContents();
    assert.deepEqual(down, [`\u2212${String(-utrecht.mean_change.updates).replace('.', ',')}`, '10']);
    // the chart has the signs too, so the direction reads without colour
    const impChart = await page.locator('#improvement figure').nth(2).locator('svg').textContent();
    assert.match(impChart, /\+100/);
    assert.match(impChart, new RegExp(`\u2212${String(-utrecht.mean_change.updates).replace('.', ',')}`));
    assert.equal(
      await rowOf(page, 'improvement', 'Voer updates uit', LIMBURG).locator('td').textContent(),
      'Te weinig nieuwe tests',
    );

    // readable: every chart text at least 12 px on the screen, nothing scrolls sideways
    const m = await sizes(page);
    assert.ok(m.texts > 100, `${m.texts} chart texts`);
    assert.deepEqual(m.small, []);
    assert.ok(m.scroll <= width, `the page is ${m.scroll}px wide`);

    await axeCheck(page, `statistics at ${width}`);
    await viewChecks(page, `statistics at ${width}`, 'nl');
    await shot(page, `stats-${width}-nl`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test('the charts are drawn again at a new width (a phone turned, a window made wider)', async () => {
  const { ctx, page, errors } = await opened(390, 844);
  const fit = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.chart-box')].every(
        (b) => b.firstChild && Number(b.firstChild.getAttribute('width')) === Math.floor(b.clientWidth),
      ),
    );
  const firstWidth = await page.locator('.chart-box svg').first().getAttribute('width');
  assert.ok(await fit());
  // narrow: the label above its bar (x = 0), wide: beside it, right-aligned
  assert.equal(await page.locator('#outcomes .chart-box svg text').first().getAttribute('x'), '0');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForFunction((w) => document.querySelector('.chart-box svg').getAttribute('width') !== w, firstWidth);
  assert.ok(await fit());
  assert.equal(await page.locator('#outcomes .chart-box svg text').first().getAttribute('text-anchor'), 'end');
  const m = await sizes(page);
  assert.deepEqual(m.small, []);
  assert.ok(m.scroll <= 1024);
  await page.setViewportSize({ width: 320, height: 700 });
  await page.waitForFunction(() => Number(document.querySelector('.chart-box svg').getAttribute('width')) < 300);
  assert.ok(await fit());
  assert.deepEqual((await sizes(page)).small, []);
  await viewChecks(page, 'statistics at 320 after resizing', 'nl');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('by keyboard: another grouping of the scans, a period without enough data, then English', async () => {
  const { ctx, page, errors } = await opened(390, 844);
  // the scans by sector: Noord's owners are all in retail, Limburg's few in construction
  await page.focus('#out-by');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#out-by').inputValue(), 'sector');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Toon de scans');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Detailhandel/.test(document.querySelector('#outcomes table').textContent));
  assert.deepEqual(
    await rowOf(page, 'outcomes', 'Voer updates uit', 'Detailhandel, webwinkel').locator('td').allTextContents(),
    ['67%', '0%', '33%', '12'],
  );
  assert.equal(
    await rowOf(page, 'outcomes', 'Voer updates uit', 'Bouw').locator('td').textContent(),
    'Te weinig scans',
  );
  const csv = await page.locator('a', { hasText: 'Download de scans als CSV' }).getAttribute('href');
  assert.match(csv, /^\/api\/v1\/stats\/outcomes\.csv\?by=sector&from=/);
  const file = await s.get(csv);
  assert.equal(file.status, 200);
  assert.match(file.text, /"sector","retail","Detailhandel, webwinkel","12","false"/);
  await axeCheck(page, 'scans by sector');

  // a period long ago: every headline figure is held back, shown as "fewer than 10", never 0
  await page.fill('#from', '2024-01-01');
  await page.fill('#to', '2024-03-31');
  await page.getByRole('button', { name: 'Toon deze periode' }).click();
  await page.waitForFunction(() => /minder dan 10/.test(document.querySelector('#summary').textContent));
  const few = await page.locator('#summary .tiles .figure').allInnerTexts();
  assert.deepEqual(few, ['minder dan 10', 'minder dan 10', 'minder dan 10', 'minder dan 10']);
  assert.match(await page.locator('#summary').innerText(), /minder dan 10\s+bedrijven hadden een hoog risico/);
  assert.match(await page.locator('#outcomes').innerText(), /nog geen groepen met genoeg scans/);
  assert.match(await page.locator('#calibration').innerText(), /te weinig scans/);
  assert.match(await page.locator('#improvement').innerText(), /nog geen groepen met genoeg nieuwe tests/);
  await axeCheck(page, 'a period without enough data');
  await viewChecks(page, 'a period without enough data', 'nl');
  await shot(page, 'stats-390-few');

  // English, for the period with data again: the headings, the groups' and principles' names, the sentence
  await page.fill('#from', await page.evaluate(() => new Date(Date.now() - 83 * 86400000).toISOString().slice(0, 10)));
  await page.fill('#to', await page.evaluate(() => new Date().toISOString().slice(0, 10)));
  await page.getByRole('button', { name: 'Toon deze periode' }).click();
  await page.waitForFunction(() => /55/.test(document.querySelector('#summary').textContent));
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Where are businesses weak?');
  assert.deepEqual(await page.locator('h2').allInnerTexts(), [
    'In short',
    'Results of the self-test',
    'What did the students find?',
    'Is the self-test right?',
    'Better after a new test?',
    'Reach of a campaign',
  ]);
  assert.equal(await page.locator('#out-by').inputValue(), 'sector', 'the grouping is kept');
  assert.match(await page.locator('#outcomes h3').nth(2).innerText(), /^Install updates$/);
  assert.match(await page.locator('#outcomes').innerText(), /Retail, webshop/);
  const updates = page
    .locator('#calibration figure')
    .filter({ has: page.locator('h3', { hasText: 'Install updates' }) });
  assert.match(
    await updates.locator('p.sentence').first().innerText(),
    /^Of the businesses with a low risk in the self-test, the students found something that needs attention in 55%\./,
  );
  assert.match(await page.locator('#summary').innerText(), /55\s+businesses took the self-test/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await axeCheck(page, 'statistics in English');
  await viewChecks(page, 'statistics in English', 'en');
  await shot(page, 'stats-390-en');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("a campaign's funnel with its owner's key, on a phone", async () => {
  // three owners through the campaign's page, all at high risk (last, so the figures above stay as seeded)
  for (let i = 0; i < 3; i++) {
    const token = await completeShipped(s, { campaign: 'mkb-week' });
    assert.equal((await s.get(`/api/v1/sessions/${token}/result`)).status, 200);
  }
  const { ctx, page, errors } = await opened(390, 844);
  await page.fill('#camp-id', 'mkb-week');
  await page.fill('#camp-token', 'not-the-key-of-this-campaign');
  await page.getByRole('button', { name: 'Toon bereik' }).click();
  await page.waitForSelector('#funnel .notice.error');
  assert.match(await page.locator('#funnel .notice.error').innerText(), /hoort niet bij deze campagne/);
  await page.fill('#camp-token', camps.tokens['mkb-week']);
  await page.getByRole('button', { name: 'Toon bereik' }).click();
  await page.waitForSelector('#funnel svg');
  assert.equal(await page.locator('#funnel h3').innerText(), 'MKB Cyberweek');
  const bars = await page.locator('#funnel svg text').allTextContents();
  assert.deepEqual(bars, [
    'Begonnen',
    '3',
    'Afgerond',
    '3',
    'Hoog risico',
    '3',
    'Scan aangevraagd',
    '0',
    'Moment geboekt',
    '0',
  ]);
  const today = await page.locator('#funnel tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(today, ['3', '3', '3', '0', '0']);
  assert.deepEqual((await sizes(page)).small, []);
  await axeCheck(page, 'funnel');
  await viewChecks(page, 'funnel', 'nl');
  await page.locator('#funnel').screenshot({ path: path.join(ARTIFACTS, 'stats-390-funnel.png') });
  // a wrong key once (401); nothing else failed
  assert.deepEqual(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
  );
  await ctx.close();
});
