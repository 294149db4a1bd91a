// A campaign page on another site embeds the test with embed.js: the test
// runs inside the iframe with third-party cookies blocked, the iframe sizes
// itself, the campaign's funnel counts the run; the same page on a site that
// is not the campaign's is refused by the CSP and explains itself.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startStack, freePort } = require('../integration/lib/stack');
const { testNetworks } = require('../integration/lib/networks');
const { testCampaigns } = require('../integration/lib/campaigns');
const { launch, watch, axeCheck, shot } = require('./lib/browser');

let s;
let nets;
let camps;
let browser;
let allowedPort;
let otherPort;
const servers = [];

// The campaign's own site: a plain page with the snippet (not part of the product).
function campaignSite(port, appBase) {
  const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Ondernemersbeurs 2026</title></head>
<body><main><h1>Ondernemersbeurs 2026</h1><p>Doe hier de zelftest van het Digital Trust Center.</p>
<script src="${appBase}/embed.js" data-campaign="beurs-2026" data-lang="nl" data-return-url="http://localhost:${allowedPort}/bedankt" async></script>
</main></body></html>`;
  const srv = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.url.startsWith('/bedankt') ? '<!doctype html><title>Bedankt</title><h1>Bedankt!</h1>' : page);
  });
  servers.push(srv);
  return new Promise((resolve) => srv.listen(port, '127.0.0.1', resolve));
}

before(async () => {
  allowedPort = await freePort();
  otherPort = await freePort();
  nets = testNetworks();
  camps = testCampaigns([
    { id: 'beurs-2026', name: 'Ondernemersbeurs 2026', origins: [`http://localhost:${allowedPort}`] },
  ]);
  s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_CAMPAIGNS: camps.file } });
  await campaignSite(allowedPort, s.base);
  await campaignSite(otherPort, s.base);
  // third-party cookies blocked, as more and more browsers do
  browser = await launch(['--test-third-party-cookie-phaseout']);
});
after(async () => {
  await browser.close();
  for (const srv of servers) srv.close();
  await s.stop();
  nets.cleanup();
  camps.cleanup();
});

async function funnel() {
  const r = await s.get('/api/v1/campaigns/beurs-2026/stats', {
    headers: { Authorization: `Bearer ${camps.tokens['beurs-2026']}` },
  });
  assert.equal(r.status, 200, r.text);
  return r.json.totals;
}

test("embedded on the campaign's site: the test runs in the iframe, resizes it, and is counted", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const errors = watch(page);
  await page.goto(`http://localhost:${allowedPort}/`);
  const iframe = page.locator('iframe');
  await iframe.waitFor();
  assert.equal(await iframe.getAttribute('title'), 'Zelftest cyberveiligheid voor ondernemers');
  const frame = await (await iframe.elementHandle()).contentFrame();
  await frame.waitForSelector('h1');
  assert.equal(await frame.locator('h1').innerText(), 'Hoe veilig is jouw bedrijf online?');
  // the iframe takes the height of its content
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '640px');
  const sized = async () => {
    const outer = await page.evaluate(() => parseFloat(document.querySelector('iframe').style.height));
    const inner = await frame.evaluate(() => document.documentElement.scrollHeight);
    return Math.abs(outer - Math.max(320, inner)) <= 2;
  };
  assert.ok(await sized(), 'iframe height follows the content');
  await axeCheck(frame, 'embedded start');
  await shot(page, 'embed-1-start');

  await frame.getByRole('button', { name: 'Start de zelftest' }).click();
  for (let step = 1; step <= 6; step++) {
    await frame.waitForFunction(
      (n) => new RegExp(`Stap ${n} van 6`).test(document.querySelector('.progress-text')?.textContent || ''),
      step,
    );
    const groups = await frame.$$eval('fieldset.question', (fs) => fs.map((f) => f.id));
    for (const id of groups) {
      if (id === 'q-postcode') await frame.fill('#postcode', '9712 CP');
      else await frame.locator(`#${id} .option label`).last().click();
    }
    await frame.getByRole('button', { name: step < 6 ? 'Volgende' : 'Bekijk mijn uitslag' }).click();
  }
  await frame.waitForSelector('.level-banner');
  await page.waitForFunction(async () => parseFloat(document.querySelector('iframe').style.height) > 1500);
  for (let i = 0; i < 20 && !(await sized()); i++) await page.waitForTimeout(100);
  assert.ok(await sized(), 'iframe height follows the result');
  await axeCheck(frame, 'embedded result');
  await shot(page, 'embed-2-result');
  // the campaign's own follow-up, at the top level
  const back = frame.getByRole('link', { name: 'Terug naar Ondernemersbeurs 2026' });
  assert.equal(await back.getAttribute('href'), `http://localhost:${allowedPort}/bedankt`);
  assert.equal(await back.getAttribute('target'), '_top');
  // no cookies anywhere, and the storage of the embedded page works without them
  assert.deepEqual(await ctx.cookies(), []);
  const totals = await funnel();
  assert.equal(totals.started, 1);
  assert.equal(totals.completed, 1);
  assert.equal(totals.high, 1);
  await back.click();
  await page.waitForURL(`http://localhost:${allowedPort}/bedankt`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("the same snippet on a site that is not the campaign's: refused, with an explanation", async () => {
  const before1 = await funnel();
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${otherPort}/`);
  await page.waitForSelector('.zelftest-embed-refused', { timeout: 15000 });
  assert.match(await page.locator('.zelftest-embed-refused').innerText(), /kan op deze pagina niet worden getoond/);
  const link = page.locator('.zelftest-embed-refused a');
  assert.equal(await link.getAttribute('href'), `${s.base}/?lang=nl`);
  await shot(page, 'embed-3-refused');
  assert.deepEqual(await funnel(), before1, 'nothing counted');
  await ctx.close();
});
