// `zelftest admin` against a running stack: personal tokens that work at
// once and are revoked one by one, a network added, disabled and enabled
// (routing follows), refusals that leave the file and the program alone,
// the reload report, the health check.  The stack runs on the registry
// copies scripts/stack.sh keeps in VAR/registry, as under make run.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startStack } = require('./lib/stack');
const { completeShipped } = require('./lib/flow');
const { bearer } = require('./lib/networks');
const { admin, tokenOf } = require('./lib/admin');
// the shipped questionnaire's version, as the program reports it
const QV = JSON.parse(
  require('node:fs').readFileSync(require('node:path').join(__dirname, '../../questions/questionnaire.json'), 'utf8'),
).version;

let s;
let registry;
before(async () => {
  s = await startStack();
  registry = path.join(s.dir, 'registry/networks.json');
});
after(async () => {
  await s.stop();
});

const reloads = () => (s.log().match(/reloaded: /g) || []).length;

test('make run style: the registries are copies in VAR/registry and zelftest.env names them', () => {
  const env = fs.readFileSync(path.join(s.dir, 'zelftest.env'), 'utf8');
  assert.match(env, new RegExp(`^ZELFTEST_NETWORKS=${registry}$`, 'm'));
  assert.match(env, /^ZELFTEST_SOCKET=.*zelftest\.sock$/m);
  assert.match(env, /^ZELFTEST_ERASURE_LOG=.*erasures\.log$/m);
  assert.doesNotMatch(env, /STACK_WATCH/);
});

test('token new: printed once, only its SHA-256 stored, works at once; the reload report names every file', async () => {
  const before = fs.readFileSync(registry, 'utf8');
  const r = admin(s, 'token', 'new', 'cybernetwerk-utrecht', '--label', 'Anna de Boer');
  assert.equal(r.status, 0, r.err);
  const token = tokenOf(r);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  // the reload report: every file by path, with its version and digest
  assert.match(
    r.out,
    new RegExp(
      `^reloaded: questionnaire ${QV.replace('.', '\\.')} \\(.*questions/questionnaire\\.json, sha256 [0-9a-f]{12}, unchanged`,
      'm',
    ),
  );
  assert.match(r.out, new RegExp(`networks 2026\\.1 \\(${registry}, sha256 [0-9a-f]{12}, loaded, 8 networks`));
  for (const f of [
    'postcodes \\(.*postcodes\\.csv',
    'campaigns 2026\\.1 \\(.*campaigns\\.json',
    'embed page \\(.*index\\.html',
  ])
    assert.match(r.out, new RegExp(f));
  const after = fs.readFileSync(registry, 'utf8');
  assert.ok(!after.includes(token), 'the token itself is in the registry');
  const hash = crypto.createHash('sha256').update(token).digest('hex');
  const entry = JSON.parse(after).networks.find((n) => n.id === 'cybernetwerk-utrecht');
  assert.deepEqual(entry.token_sha256, [
    { label: 'Anna de Boer', sha256: hash, created: entry.token_sha256[0].created },
  ]);
  assert.match(entry.token_sha256[0].created, /^\d{4}-\d{2}-\d{2}$/);
  // the previous version is kept beside it, byte for byte
  assert.equal(fs.readFileSync(`${registry}.bak`, 'utf8'), before);
  // and nothing else of the file changed: same text with the entry's list put back
  const back = JSON.parse(after);
  back.networks.find((n) => n.id === 'cybernetwerk-utrecht').token_sha256 = [];
  assert.deepEqual(back, JSON.parse(before));
  const me = await s.get('/api/v1/network', bearer(token));
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.id, 'cybernetwerk-utrecht');
  assert.ok(s.log().includes(`info reloaded: questionnaire ${QV}`));
});

test('several coordinators of one network: each their own token; token revoke cuts off exactly one', async () => {
  const a = tokenOf(admin(s, 'token', 'new', 'eccw-limburg', '--label', 'piet'));
  const b = tokenOf(admin(s, 'token', 'new', 'eccw-limburg', '--label', 'marie'));
  assert.ok(a && b && a !== b);
  for (const t of [a, b]) assert.equal((await s.get('/api/v1/network', bearer(t))).json.id, 'eccw-limburg');
  const list = admin(s, 'token', 'list');
  assert.equal(list.status, 0, list.err);
  assert.match(list.out, /network\s+eccw-limburg\s+piet\s+\d{4}-\d{2}-\d{2} [0-9a-f]{12}/);
  assert.match(list.out, /network\s+eccw-limburg\s+marie\s/);
  assert.ok(!list.out.includes(a) && !list.out.includes(b), 'token list shows a token');
  // a label is unique over both registries
  const dup = admin(s, 'token', 'new', 'novel-t-twente', '--label', 'piet');
  assert.equal(dup.status, 1);
  assert.match(dup.err, /labelled 'piet' exists already/);
  const rv = admin(s, 'token', 'revoke', 'piet');
  assert.equal(rv.status, 0, rv.err);
  assert.match(rv.out, /token 'piet' of network eccw-limburg revoked/);
  assert.equal((await s.get('/api/v1/network', bearer(a))).status, 401);
  assert.equal((await s.get('/api/v1/network', bearer(b))).status, 200);
  assert.equal(admin(s, 'token', 'revoke', 'piet').status, 1);
});

test('network add: a respondent in its province is offered it; disable sends them elsewhere; enable back', async () => {
  const offered = async () => {
    const token = await completeShipped(s, { postcode: '4331 NB' }); // Middelburg, Zeeland
    const r = await s.get(`/api/v1/sessions/${token}/result`);
    assert.equal(r.status, 200, r.text);
    return r.json.referral.network.id;
  };
  const was = await offered();
  assert.notEqual(was, 'cyberweerbaarheid-zeeland');
  // the fields without an option of their own (its scan types) come from --json
  const text = (nl, en) => ({ nl, en });
  const extra = path.join(s.dir, 'zeeland.json');
  const scan = {
    id: 'quickscan',
    name: text('Quickscan', 'Quick scan'),
    description: text(
      'Studenten kijken een dag naar je digitale veiligheid.',
      'Students look at your security for a day.',
    ),
    duration: text('Een dag.', 'One day.'),
    price_eur: 0,
    prepare: text('Een contactpersoon.', 'A contact person.'),
    supervision: text('Een docent.', 'A teacher.'),
    agreement: 'studentenscan',
  };
  fs.writeFileSync(extra, JSON.stringify({ scans: [scan] }));
  const add = admin(
    s,
    'network',
    'add',
    'cyberweerbaarheid-zeeland',
    '--json',
    extra,
    '--name',
    'Cyberweerbaarheid Zeeland (test)',
    '--description-nl',
    'Scans door studenten in Zeeland.',
    '--description-en',
    'Scans by students in Zeeland.',
    '--email',
    'scan@zeeland.example.org',
    '--phone',
    '+31 118 000 000',
    '--website',
    'https://zeeland.example.org/',
    '--place',
    'Middelburg',
    '--lat',
    '51.4988',
    '--lon',
    '3.6109',
    '--province',
    'Zeeland',
  );
  assert.equal(add.status, 0, add.err);
  assert.match(add.out, /network cyberweerbaarheid-zeeland added/);
  assert.match(add.out, /networks 2026\.1 \(.*loaded, 9 networks/);
  const reg = JSON.parse(fs.readFileSync(registry, 'utf8'));
  const n = reg.networks.findIndex((x) => x.id === 'cyberweerbaarheid-zeeland');
  assert.equal(reg.networks[n].location.lat, 51.4988);
  assert.deepEqual(reg.networks[n].scans, [scan]);
  assert.equal(reg.networks[reg.networks.length - 1].fallback, true, 'the fallback stays last');
  assert.equal(await offered(), 'cyberweerbaarheid-zeeland');
  // a coordinator's token for it, in one command
  const t = tokenOf(admin(s, 'token', 'new', 'cyberweerbaarheid-zeeland', '--label', 'kees'));
  assert.equal((await s.get('/api/v1/network', bearer(t))).json.id, 'cyberweerbaarheid-zeeland');

  assert.equal(admin(s, 'network', 'disable', 'cyberweerbaarheid-zeeland').status, 0);
  assert.equal(await offered(), was);
  assert.equal((await s.get('/api/v1/network', bearer(t))).status, 200, 'its coordinators still read their referrals');
  assert.equal(admin(s, 'network', 'enable', 'cyberweerbaarheid-zeeland').status, 0);
  assert.equal(await offered(), 'cyberweerbaarheid-zeeland');

  const edit = admin(s, 'network', 'edit', 'cyberweerbaarheid-zeeland', '--place', 'Vlissingen');
  assert.equal(edit.status, 0, edit.err);
  const e = JSON.parse(fs.readFileSync(registry, 'utf8')).networks[n];
  assert.equal(e.location.place, 'Vlissingen');
  assert.equal(e.location.lat, 51.4988, 'edit keeps what it was not given');
});

test('a change the loaders refuse is not written and the program is not reloaded', () => {
  const text = fs.readFileSync(registry, 'utf8');
  const n = reloads();
  for (const [args, msg] of [
    [
      [
        'network',
        'add',
        'bad-mail',
        '--name',
        'X',
        '--email',
        'nope',
        '--phone',
        '+31 30 000 0000',
        '--website',
        'https://x.example.org/',
        '--place',
        'Utrecht',
        '--lat',
        '52.1',
        '--lon',
        '5.1',
        '--province',
        'Utrecht',
        '--description-nl',
        'x',
        '--description-en',
        'x',
      ],
      /networks\[\d+\] \(bad-mail\)\.contact: email 'nope' is not an e-mail address/,
    ],
    [['network', 'add', 'no-cover', '--name', 'X'], /no-cover/],
    [['network', 'edit', 'eccw-limburg', '--province', 'Atlantis'], /'Atlantis' is not a Dutch province/],
    [['network', 'disable', 'digital-trust-center'], /the national fallback cannot be disabled/],
    [['network', 'add', 'eccw-limburg', '--name', 'again'], /exists already/],
    [['network', 'edit', 'eccw-limburg', '--lat', 'north'], /'north' is not a number/],
    [
      ['campaign', 'add', 'c-bad', '--name', 'C', '--owner-network', 'nowhere', '--origin', 'https://a.example.nl'],
      /network 'nowhere' is not in the networks registry/,
    ],
    [['campaign', 'end', 'kvk-ondernemersplein-2026', '--date', '2025-01-01'], /start lies after end/],
  ]) {
    const r = admin(s, ...args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, msg);
    assert.match(r.err, /refused|exists|number/);
  }
  assert.equal(fs.readFileSync(registry, 'utf8'), text);
  assert.equal(reloads(), n);
  const usage = admin(s, 'network', 'add', 'x', '--colour', 'red');
  assert.equal(usage.status, 2);
  assert.match(usage.err, /unknown option '--colour'/);
});

test("campaign add and end, with the owner's own token", async () => {
  const add = admin(
    s,
    'campaign',
    'add',
    'zeeland-week',
    '--name',
    'Zeeuwse cyberweek',
    '--owner-org',
    'Provincie Zeeland',
    '--origin',
    'https://www.zeeland.example.nl',
    '--start',
    '2026-01-01',
  );
  assert.equal(add.status, 0, add.err);
  assert.equal((await s.get('/api/v1/campaigns/zeeland-week')).status, 200);
  const t = tokenOf(admin(s, 'token', 'new', 'campaign:zeeland-week', '--label', 'communicatie'));
  assert.equal((await s.get('/api/v1/campaigns/zeeland-week/stats', bearer(t))).status, 200);
  const end = admin(s, 'campaign', 'end', 'zeeland-week', '--date', '2026-06-30');
  assert.equal(end.status, 0, end.err);
  const c = JSON.parse(fs.readFileSync(path.join(s.dir, 'registry/campaigns.json'), 'utf8')).campaigns.find(
    (x) => x.id === 'zeeland-week',
  );
  assert.equal(c.end, '2026-06-30');
});

test('reload: a file broken by hand is refused with the reason, the content in force stays', async () => {
  const t = tokenOf(admin(s, 'token', 'new', 'novel-t-twente', '--label', 'reload-check'));
  const good = fs.readFileSync(registry, 'utf8');
  fs.writeFileSync(registry, good.replace('"Limburg"', '"Limbourg"'));
  const r = admin(s, 'reload');
  assert.equal(r.status, 1);
  assert.match(
    r.err,
    /reload refused.*networks\.json: networks\[\d+\] \(eccw-limburg\)\.coverage: 'Limbourg' is not a Dutch province/,
  );
  assert.match(s.log(), /reload refused, keeping the content in force/);
  assert.equal((await s.get('/api/v1/network', bearer(t))).status, 200);
  fs.writeFileSync(registry, good);
  const ok = admin(s, 'reload');
  assert.equal(ok.status, 0, ok.err);
  assert.match(ok.out, /^reloaded: questionnaire/);
  const check = admin(s, 'check');
  assert.equal(check.status, 0, check.err);
  assert.ok(check.out.includes(`content OK: questionnaire ${QV}, 9 networks`), check.out);
});

test('health asks the running program over its socket; reload says when nothing runs', () => {
  const h = admin(s, 'health');
  assert.equal(h.status, 0, h.err);
  assert.match(h.out, /\/healthz: 200 \{"status":"ok"/);
  // the same settings with a socket nobody listens on
  const env = path.join(s.dir, 'other.env');
  fs.writeFileSync(
    env,
    fs.readFileSync(path.join(s.dir, 'zelftest.env'), 'utf8').replace(/zelftest\.sock/, 'nobody.sock'),
  );
  const { spawnSync } = require('node:child_process');
  const { bin } = require('./lib/admin');
  const r = spawnSync(bin, ['admin', '--env', env, 'reload'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not running/);
  const hh = spawnSync(bin, ['admin', '--env', env, 'health'], { encoding: 'utf8' });
  assert.equal(hh.status, 1);
  assert.match(hh.stderr, /not serving/);
});
