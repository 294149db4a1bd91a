// The VM install (ops/): systemd units linted by systemd-analyze verify,
// failing on any line it prints (it exits 0 on unknown keys and other
// warnings); their hardening; the Redis configurations started for real;
// the nginx configuration rendered and checked by nginx -t; the example
// settings file read by the program.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { top, until } = require('./lib/stack');
const { bin } = require('./lib/admin');

const units = path.join(top, 'ops/systemd');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-units-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// The units with the installed paths of this build's files (verify checks that
// every Exec* program exists); nothing else is changed.
function copies(edit = (t) => t) {
  const dir = fs.mkdtempSync(path.join(tmp, 'u-'));
  for (const f of fs.readdirSync(units).filter((x) => x.endsWith('.service'))) {
    const text = fs
      .readFileSync(path.join(units, f), 'utf8')
      .replaceAll('/usr/local/bin/zelftest', bin)
      .replaceAll('/usr/local/lib/zelftest/nginx/render.sh', path.join(top, 'nginx/render.sh'));
    fs.writeFileSync(path.join(dir, f), edit(text, f));
  }
  return dir;
}

function verify(dir) {
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
  const r = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
  return { status: r.status, said: (r.stdout + r.stderr).trim() };
}

test('systemd-analyze verify prints nothing for any unit', () => {
  const names = fs
    .readdirSync(units)
    .filter((x) => x.endsWith('.service'))
    .sort();
  assert.deepEqual(names, [
    'zelftest-nginx.service',
    'zelftest-redis-durable.service',
    'zelftest-redis-sessions.service',
    'zelftest.service',
  ]);
  const r = verify(copies());
  assert.equal(r.said, '', r.said);
  assert.equal(r.status, 0);
});

test('the lint fails on a warning systemd-analyze only prints (an unknown key, a bad value)', () => {
  for (const bad of ['ProtectSystem=strcit', 'PrivateTmpp=yes', 'NoNewPrivileges=maybe']) {
    const r = verify(
      copies((t, f) => (f === 'zelftest.service' ? t.replace('[Service]\n', `[Service]\n${bad}\n`) : t)),
    );
    assert.notEqual(r.said, '', `${bad} went unnoticed`);
  }
});

test('zelftest.service: a dedicated user, its socket folder, and the hardening', () => {
  const u = fs.readFileSync(path.join(units, 'zelftest.service'), 'utf8');
  for (const line of [
    'User=zelftest',
    'Group=zelftest-web',
    'RuntimeDirectory=zelftest',
    'RuntimeDirectoryMode=0750',
    'StateDirectory=zelftest',
    'ProtectSystem=strict',
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    'ProtectHome=yes',
    'PrivateDevices=yes',
    'RestrictAddressFamilies=AF_UNIX',
    'CapabilityBoundingSet=',
    'MemoryDenyWriteExecute=yes',
    'SystemCallFilter=@system-service',
    'LimitNOFILE=1024',
    'EnvironmentFile=/etc/zelftest/zelftest.env',
    'ExecReload=/bin/kill -HUP $MAINPID',
  ])
    assert.ok(u.split('\n').includes(line), `missing: ${line}`);
  for (const n of ['sessions', 'durable']) {
    const r = fs.readFileSync(path.join(units, `zelftest-redis-${n}.service`), 'utf8').split('\n');
    for (const line of [
      'User=redis',
      'ProtectSystem=strict',
      'NoNewPrivileges=yes',
      'PrivateTmp=yes',
      `RuntimeDirectory=zelftest-redis-${n}`,
    ])
      assert.ok(r.includes(line), `redis-${n}: missing ${line}`);
  }
});

test('the example settings are what the program reads (its socket, both Redis, the erasure log)', () => {
  const env = path.join(units, 'zelftest.env');
  const text = fs.readFileSync(env, 'utf8');
  const conf = (n) => fs.readFileSync(path.join(top, `ops/redis/${n}.conf`), 'utf8');
  for (const n of ['sessions', 'durable']) {
    const sock = conf(n).match(/^unixsocket (.+)$/m)[1];
    assert.match(text, new RegExp(`^ZELFTEST_REDIS${n === 'durable' ? '_DURABLE' : ''}=unix:${sock}$`, 'm'));
  }
  assert.match(text, /^ZELFTEST_SOCKET=\/run\/zelftest\/zelftest\.sock$/m);
  // the program accepts every value (a bad one is exit 2); nothing runs here, so health says so
  const r = spawnSync(bin, ['admin', '--env', env, 'health'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /not serving: \/run\/zelftest\/zelftest\.sock/);
});

for (const n of ['sessions', 'durable']) {
  test(`ops/redis/${n}.conf starts a real Redis with its settings`, async () => {
    const dir = fs.mkdtempSync(path.join(tmp, `redis-${n}-`));
    const sock = path.join(dir, 'redis.sock');
    // the folders of a VM moved into the test's own; every other setting as shipped
    const conf = fs
      .readFileSync(path.join(top, `ops/redis/${n}.conf`), 'utf8')
      .replaceAll(`/run/zelftest-redis-${n}/redis.sock`, sock)
      .replaceAll(`/run/zelftest-redis-${n}`, dir)
      .replaceAll('/var/lib/zelftest-redis-durable', dir);
    fs.writeFileSync(path.join(dir, 'redis.conf'), conf);
    const p = spawn('redis-server', [path.join(dir, 'redis.conf')], { stdio: 'ignore' });
    try {
      const cli = (...a) => spawnSync('redis-cli', ['-s', sock, ...a], { encoding: 'utf8' }).stdout.trim();
      assert.ok(await until(() => cli('PING') === 'PONG', 5000), 'redis did not start');
      const get = (k) => cli('CONFIG', 'GET', k).split('\n')[1] ?? '';
      assert.equal(get('port'), '0');
      assert.equal(get('save'), '');
      if (n === 'durable') {
        assert.equal(get('appendonly'), 'yes');
        assert.equal(get('appendfsync'), 'always');
        assert.equal(get('appenddirname'), 'appendonly');
        assert.equal(get('aof-use-rdb-preamble'), 'no');
        assert.equal(get('maxmemory-policy'), 'noeviction');
        cli('SET', 'k', 'v');
        assert.ok(fs.readdirSync(path.join(dir, 'appendonly')).some((f) => f.endsWith('.incr.aof')));
      } else {
        assert.equal(get('appendonly'), 'no');
        assert.equal(get('maxmemory-policy'), 'volatile-ttl');
      }
    } finally {
      p.kill('SIGTERM');
      await new Promise((r) => (p.exitCode !== null ? r() : p.on('exit', r)));
    }
  });
}

test('nginx/render.sh gives a configuration nginx -t accepts, with /metrics for loopback only', () => {
  const out = path.join(tmp, 'nginx');
  const r = spawnSync(path.join(top, 'nginx/render.sh'), [out], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ZT_NGINX_STATE: path.join(tmp, 'nginx-state'),
      ZT_NGINX_USER: os.userInfo().username,
      ZT_NGINX_ACCESS_LOG: path.join(tmp, 'nginx-access.log'),
      ZELFTEST_TRUSTED_PROXIES: '127.0.0.1,10.0.0.0/8',
    },
  });
  assert.equal(r.status, 0, r.stderr);
  const conf = fs.readFileSync(path.join(out, 'zelftest.conf'), 'utf8');
  assert.match(conf, /location = \/metrics \{\s+allow 127\.0\.0\.1;\s+allow ::1;\s+deny all;/);
  assert.match(conf, /set_real_ip_from 10\.0\.0\.0\/8;/);
  assert.doesNotMatch(
    conf,
    /@(VAR|CONF|WEB|SOCKET|PORT|LISTEN|USER_LINE|KEEP_CONN|UPSTREAM_KEEPALIVE|ACCESS_LOG|REAL_IP)@/,
  );
  const t = spawnSync(
    'nginx',
    ['-t', '-q', '-c', path.join(out, 'zelftest.conf'), '-e', path.join(tmp, 'nginx-error.log')],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(t.status, 0, t.stderr);
  const bad = spawnSync(path.join(top, 'nginx/render.sh'), [out], {
    encoding: 'utf8',
    env: { ...process.env, ZELFTEST_TRUSTED_PROXIES: '1.2.3.4;evil' },
  });
  assert.equal(bad.status, 1);
});
