// Backups of the durable Redis (ops/backup.sh, Redis' own AOF procedure):
// back up, lose the data, restore into a fresh instance → the same
// referrals, slots, inboxes and counters; a referral erased after the backup
// is erased again from the erasure log (and gone from the AOF on disk); a
// damaged AOF tail is detected by redis-check-aof, refused, and repaired
// only when asked.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, until, top } = require('./lib/stack');
const { completeShipped } = require('./lib/flow');
const { testNetworks, bearer, scanOf, AGREEMENT } = require('./lib/networks');
const { admin } = require('./lib/admin');

const backupSh = path.join(top, 'ops/backup.sh');
let nets;
let work;
before(() => {
  nets = testNetworks();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-backup-'));
});
after(() => {
  nets.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

function backup(...args) {
  const r = spawnSync(backupSh, args, { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

// Everything in the durable Redis, in a form two instances can be compared by.
function keyspace(s) {
  const keys = s.redis('durable', '--scan', '--pattern', '*').split('\n').filter(Boolean).sort();
  const out = {};
  for (const k of keys) {
    const type = s.redis('durable', 'TYPE', k);
    let v;
    if (type === 'hash') {
      // field by field: redis() trims its output, which would eat an empty value that HGETALL happens to list last
      v = s
        .redis('durable', 'HKEYS', k)
        .split('\n')
        .filter(Boolean)
        .map((f) => `${f}=${s.redis('durable', 'HGET', k, f)}`)
        .sort();
    } else if (type === 'zset') v = s.redis('durable', 'ZRANGE', k, 0, -1, 'WITHSCORES');
    else if (type === 'stream') {
      v = [s.redis('durable', 'XRANGE', k, '-', '+'), s.redis('durable', 'XPENDING', k, 'network')];
    } else if (type === 'string') v = s.redis('durable', 'GET', k);
    else if (type === 'set') v = s.redis('durable', 'SMEMBERS', k).split('\n').sort();
    else v = '?';
    out[k] = { type, v, ttl: Number(s.redis('durable', 'TTL', k)) > 0 };
  }
  return out;
}

// key by key, so that a difference names the key and the fields that differ
function sameKeyspace(actual, expected) {
  assert.deepEqual(Object.keys(actual), Object.keys(expected));
  for (const k of Object.keys(expected)) {
    const a = actual[k];
    const e = expected[k];
    if (Array.isArray(a.v) && Array.isArray(e.v)) {
      const extra = a.v.filter((x) => !e.v.includes(x));
      const missing = e.v.filter((x) => !a.v.includes(x));
      assert.deepEqual({ extra, missing }, { extra: [], missing: [] }, k);
    }
    assert.deepEqual(a, e, k);
  }
}

const inDays = (d) => {
  const t = new Date(Date.now() + d * 86400000);
  const p = (n) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}T10:00:00+01:00`;
};

async function referral(s, network, slot, company) {
  const token = await completeShipped(s, { postcode: '9712 CP' });
  assert.equal((await s.get(`/api/v1/sessions/${token}/result`)).status, 200);
  const r = await s.post(`/api/v1/sessions/${token}/referral`, {
    company,
    contact_name: 'Jan de Vries',
    email: 'jan@example.org',
    phone: '06 12345678',
    postcode: '9712 CP',
    consent: true,
    share_answers: true,
    ...(slot ? { slot } : { scan: scanOf(network) }),
    agreement: AGREEMENT,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.referral;
}

test('backup, lose everything, restore into a fresh instance: the same data; later erasures are applied again', async () => {
  const net = 'cyberweerbaarheid-noord-nederland';
  const a = await startStack({ env: { ZELFTEST_NETWORKS: nets.file } });
  let expected;
  let erasures;
  let backupDir;
  let gone;
  let kept;
  try {
    const slot = (
      await a.post(
        '/api/v1/network/slots',
        { start: inDays(12), minutes: 240, place: 'on-site', capacity: 3, scan: scanOf(net) },
        bearer(nets.tokens[net]),
      )
    ).json;
    gone = await referral(a, net, slot.id, 'Bakkerij Weg Ermee');
    kept = await referral(a, net, slot.id, 'Smederij Blijft');
    await referral(a, net, '', 'Kapsalon Zonder Slot');
    // the network reads its inbox (entries pending) and acknowledges one
    assert.equal((await a.get('/api/v1/network/referrals', bearer(nets.tokens[net]))).status, 200);
    assert.equal(
      (await a.post(`/api/v1/network/referrals/${kept}/status`, { status: 'contacted' }, bearer(nets.tokens[net])))
        .status,
      200,
    );

    const b = backup('backup', path.join(work, 'backups'), '--env', path.join(a.dir, 'zelftest.env'));
    assert.equal(b.status, 0, b.err);
    backupDir = b.out.trim();
    assert.match(b.err, /referrals$|3 referrals/m);
    const chk = backup('check', backupDir);
    assert.equal(chk.status, 0, chk.err);
    assert.match(chk.err, /All AOF files and manifest are valid/);
    assert.equal(
      a.redis('durable', 'CONFIG', 'GET', 'auto-aof-rewrite-percentage').split('\n')[1],
      '100',
      'automatic rewrites are on again after the backup',
    );

    // after the backup: one referral is erased (the network asks)
    assert.equal((await a.del(`/api/v1/network/referrals/${gone}`, bearer(nets.tokens[net]))).status, 204);
    erasures = fs.readFileSync(path.join(a.dir, 'erasures.log'), 'utf8');
    assert.match(erasures, new RegExp(`^${gone} \\d+ network$`, 'm'));
    assert.ok(!/Weg Ermee|Jan de Vries|jan@example/.test(erasures), 'personal data in the erasure log');
    expected = keyspace(a);
    assert.ok(!expected[`zt:ref:${gone}`] && expected[`zt:ref:${kept}`]);
    assert.equal(
      expected[`zt:slot:${slot.id}`].v.find((x) => x.startsWith('booked=')),
      'booked=1',
    );
    assert.ok(
      Object.keys(expected).some((k) => k.startsWith('zt:st:')),
      'statistics counters exist',
    );
  } finally {
    await a.stop(); // and its folder with the durable data is gone: the disaster
  }
  assert.ok(!fs.existsSync(a.dir));

  // a fresh instance: the backup goes into its data folder before Redis starts,
  // beside the erasure log, which was kept apart from Redis (here: as it was)
  const restoredFrom = backupDir;
  const c = await startStack({
    env: { ZELFTEST_NETWORKS: nets.file },
    prepare: (dir) => {
      const rr = backup('restore', restoredFrom, path.join(dir, 'redis-durable'));
      assert.equal(rr.status, 0, rr.err);
      assert.match(rr.err, /zelftest admin erasures apply/);
      fs.writeFileSync(path.join(dir, 'erasures.log'), erasures);
    },
  });
  try {
    // before the erasures are applied: the backup's state, the erased referral included
    assert.equal(c.redis('durable', 'EXISTS', `zt:ref:${gone}`), '1');
    const ap = admin(c, 'erasures', 'apply');
    assert.equal(ap.status, 0, ap.err);
    assert.match(ap.out, /erasures applied: 1 erased again, 0 already gone, 0 lines not understood \(of 1\)/);
    sameKeyspace(keyspace(c), expected);
    // applying again changes nothing
    assert.match(admin(c, 'erasures', 'apply').out, /0 erased again, 1 already gone/);
    sameKeyspace(keyspace(c), expected);
    // the network reads the same referrals as before the loss
    const list = await c.get('/api/v1/network/referrals', bearer(nets.tokens[net]));
    assert.equal(list.status, 200);
    const ids = list.json.referrals.map((x) => x.id).sort();
    assert.ok(ids.includes(kept) && !ids.includes(gone), JSON.stringify(ids));
    assert.equal(list.json.referrals.find((x) => x.id === kept).status, 'contacted');
    // and after the rewrite the erased business is not on disk either
    const aof = path.join(c.dir, 'redis-durable/appendonly');
    const onDisk = () =>
      fs
        .readdirSync(aof)
        .map((f) => fs.readFileSync(path.join(aof, f), 'latin1'))
        .join('');
    assert.ok(await until(() => !onDisk().includes('Weg Ermee'), 10000), 'the erased referral is still in the AOF');
    assert.ok(onDisk().includes('Smederij Blijft'));
  } finally {
    await c.stop();
  }
});

test('a damaged AOF tail is detected, refused, and repaired only when asked (redis-check-aof --fix)', async () => {
  const s = await startStack({ env: { ZELFTEST_NETWORKS: nets.file } });
  let b;
  try {
    await referral(s, 'cyberweerbaarheid-noord-nederland', '', 'Drukkerij Heel');
    b = backup('backup', path.join(work, 'tail'), '--env', path.join(s.dir, 'zelftest.env')).out.trim();
  } finally {
    await s.stop();
  }
  // a copy whose last command was cut short: a crash while Redis appended to it
  const broken = path.join(work, 'broken');
  fs.cpSync(b, broken, { recursive: true });
  const incr = fs.readdirSync(path.join(broken, 'appendonly')).find((f) => f.endsWith('.incr.aof'));
  const f = path.join(broken, 'appendonly', incr);
  fs.appendFileSync(f, '*4\r\n$4\r\nHSET\r\n$9\r\nzt:ref:XX\r\n$7\r\ncom'); // half a command
  // the copy itself is intact (its checksums match): the damage is in what Redis wrote
  spawnSync('sh', ['-c', "find . -type f ! -name SHA256SUMS -printf '%P\\n' | sort | xargs sha256sum > SHA256SUMS"], {
    cwd: broken,
  });
  const chk = backup('check', broken);
  assert.equal(chk.status, 1);
  assert.match(chk.err, /is not valid\. Use the --fix option/);
  const data = path.join(work, 'fresh');
  const no = backup('restore', broken, data);
  assert.equal(no.status, 1);
  assert.match(no.err, /damaged .*nothing restored/);
  assert.ok(!fs.existsSync(path.join(data, 'appendonly')));
  const yes = backup('restore', broken, data, '--repair');
  assert.equal(yes.status, 0, yes.err);
  assert.match(yes.err, /Successfully truncated AOF/);
  assert.equal(
    fs.statSync(path.join(data, 'appendonly', incr)).size,
    fs.statSync(path.join(b, 'appendonly', incr)).size,
  );
  // a damaged copy of a backup (checksums) is refused before redis-check-aof is asked
  fs.appendFileSync(path.join(broken, 'INFO'), 'tampered\n');
  assert.match(backup('check', broken).err, /checksums do not match/);
  // a stopped instance's own damaged AOF: repair in place
  const live = path.join(work, 'live');
  fs.cpSync(path.join(broken, 'appendonly'), path.join(live, 'appendonly'), { recursive: true });
  fs.appendFileSync(path.join(live, 'appendonly', incr), '*2\r\n$3\r\nDEL');
  const rep = backup('repair', live);
  assert.equal(rep.status, 0, rep.err);
  assert.match(rep.err, /Successfully truncated/);
  assert.equal(backup('repair', live).status, 0);
});

test('erasures by retention, by withdrawal and by the network all reach the erasure log', async () => {
  const net = 'cyberweerbaarheid-noord-nederland';
  const s = await startStack({
    env: { ZELFTEST_NETWORKS: nets.file, ZELFTEST_RETENTION_DONE_DAYS: '0', ZELFTEST_RETENTION_SWEEP_SECONDS: '1' },
  });
  try {
    const make = async (company) => {
      const token = await completeShipped(s, { postcode: '9712 CP' });
      await s.get(`/api/v1/sessions/${token}/result`);
      const r = await s.post(`/api/v1/sessions/${token}/referral`, {
        company,
        contact_name: 'Jan',
        email: 'jan@example.org',
        phone: '06 12345678',
        postcode: '9712 CP',
        consent: true,
        share_answers: false,
        scan: scanOf(net),
        agreement: AGREEMENT,
      });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    const file = path.join(s.dir, 'erasures.log');
    const log = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    const auth = bearer(nets.tokens[net]);
    // done with 0 days' retention: the next sweep (every second) erases it
    const a = await make('Bakkerij Retentie');
    assert.equal(
      (await s.post(`/api/v1/network/referrals/${a.referral}/status`, { status: 'done' }, auth)).status,
      200,
    );
    assert.ok(await until(() => log().includes(a.referral), 10000), 'the retention erasure is not in the log');
    // the respondent's withdrawal link, from the confirmation
    const b = await make('Bakkerij Intrekking');
    assert.equal((await s.del(new URL(b.withdraw_url, s.base).pathname)).status, 204);
    // the network's own erasure
    const c = await make('Bakkerij Verzoek');
    assert.equal((await s.del(`/api/v1/network/referrals/${c.referral}`, auth)).status, 204);
    const lines = log().trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(/ \d+ /, ' T ')),
      [`${a.referral} T retention`, `${b.referral} T withdrawal`, `${c.referral} T network`],
    );
    for (const l of lines) assert.ok(Math.abs(Number(l.split(' ')[1]) - Date.now() / 1000) < 120, l);
    assert.ok(!/Bakkerij|Jan|example\.org|9712/.test(log()), 'personal data in the erasure log');
    for (const x of [a, c]) assert.equal(s.redis('durable', 'EXISTS', `zt:ref:${x.referral}`), '0');
    // the withdrawn one leaves the network a tombstone: withdrawn, and when; nothing personal
    assert.equal(s.redis('durable', 'HGET', `zt:ref:${b.referral}`, 'status'), 'withdrawn');
    assert.equal(s.redis('durable', 'HGET', `zt:ref:${b.referral}`, 'company'), '');
    assert.equal(s.redis('durable', 'HGET', `zt:ref:${b.referral}`, 'email'), '');
    const m = await s.get('/metrics');
    assert.match(m.text, /^zelftest_erasure_log_total\{result="ok"\} 3$/m);
  } finally {
    await s.stop();
  }
});
