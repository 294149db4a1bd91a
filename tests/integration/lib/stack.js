// A whole stack (two Redis, the FastCGI program, nginx) of the test's own,
// started through scripts/stack.sh on a free loopback port and a fresh
// folder, and stopped when the test ends — also when it fails or the test
// process dies (ZELFTEST_STACK_WATCH makes the stack stop by itself).
'use strict';
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');

const top = path.resolve(__dirname, '../../..');
const stackSh = path.join(top, 'scripts/stack.sh');
const live = new Set();

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function stopSync(dir) {
  spawnSync(stackSh, ['stop', dir], { stdio: 'ignore' });
}

process.on('exit', () => {
  for (const d of live) stopSync(d);
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const d of live) stopSync(d);
    process.exit(1);
  });
}

// Raw HTTP: the path goes out exactly as given (no normalisation), the body as bytes.
// `from`: the loopback address to send from (127.0.0.2 is another client to nginx).
function request(port, method, p, { body, headers = {}, timeout = 15000, from } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    let data = body;
    if (data !== undefined && !Buffer.isBuffer(data)) {
      data = Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
        h['Content-Type'] = 'application/json';
      }
    }
    if (data !== undefined) h['Content-Length'] = data.length;
    const opts = { host: '127.0.0.1', port, method, path: p, headers: h, timeout, agent: false, localAddress: from };
    const req = http.request(opts, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${p}`)));
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

// `env` may be a function of the port (for settings that name the stack's own address);
// prepare(dir): called with the stack's fresh folder before anything starts
// (a test that restores data into it, say).
async function startStack({ env = {}, questionnaire, prepare } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-it-'));
  fs.chmodSync(dir, 0o755);
  if (prepare) prepare(dir);
  const own = typeof env === 'function' ? env(port) : env;
  // the tests play many clients from one address: nginx's per-address limits
  // are off unless a test asks for them (abuse.test.js)
  const fullEnv = {
    ZELFTEST_NGINX_LIMITS: 'off',
    ...process.env,
    ...own,
    ZELFTEST_STACK_WATCH: String(process.pid),
  };
  if (questionnaire) fullEnv.ZELFTEST_QUESTIONNAIRE = path.resolve(top, questionnaire);
  // the findings name the questionnaire's principles: the test questionnaire (p1..p5) has its own
  if (!fullEnv.ZELFTEST_FINDINGS && fullEnv.ZELFTEST_QUESTIONNAIRE) {
    const q = JSON.parse(fs.readFileSync(fullEnv.ZELFTEST_QUESTIONNAIRE, 'utf8'));
    if (q.principles && q.principles[0] && q.principles[0].id === 'p1')
      fullEnv.ZELFTEST_FINDINGS = path.join(top, 'tests/data/findings-p.json');
  }
  const r = spawnSync(stackSh, ['start', dir, String(port)], { env: fullEnv, encoding: 'utf8' });
  if (r.status !== 0) {
    stopSync(dir);
    throw new Error(`stack did not start:\n${r.stderr}\n${readLog(dir, 'zelftest.log')}`);
  }
  live.add(dir);
  const pidOf = (name) => Number(fs.readFileSync(path.join(dir, 'run', `${name}.pid`), 'utf8'));
  const stack = {
    port,
    dir,
    base: `http://127.0.0.1:${port}`,
    req: (method, p, opts) => request(port, method, p, opts),
    get: (p, opts) => request(port, 'GET', p, opts),
    post: (p, body, opts = {}) => request(port, 'POST', p, { ...opts, body }),
    put: (p, body, opts = {}) => request(port, 'PUT', p, { ...opts, body }),
    del: (p, opts) => request(port, 'DELETE', p, opts),
    pid: pidOf,
    log: (name = 'zelftest.log') => readLog(dir, name),
    redisSocket: (name) => path.join(dir, 'run', `redis-${name}.sock`),
    redis(name, ...args) {
      return execFileSync('redis-cli', ['-s', stack.redisSocket(name), ...args.map(String)], {
        encoding: 'utf8',
      }).trim();
    },
    // The durable Redis's AOF files as text (what is on disk).
    aofText() {
      const d = path.join(dir, 'redis-durable', 'appendonly');
      return fs
        .readdirSync(d)
        .map((f) => fs.readFileSync(path.join(d, f), 'latin1'))
        .join('\n');
    },
    // AOF rewrites done so far, and waiting for one more than `before` to finish.
    rewrites: () => Number(/aof_rewrites:(\d+)/.exec(stack.redis('durable', 'INFO', 'persistence'))[1]),
    rewriteDone(before) {
      return until(() => {
        const info = stack.redis('durable', 'INFO', 'persistence');
        const n = Number(/aof_rewrites:(\d+)/.exec(info)[1]);
        return n > before && /aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info);
      }, 10000);
    },
    // Starts the program alone again, as the stack started it (after a test killed it).
    async restartProgram() {
      const r = spawnSync(stackSh, ['program', dir], { env: fullEnv, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`program did not start again: ${r.stderr}`);
      const up = await until(async () => {
        try {
          return (await request(port, 'GET', '/healthz', { timeout: 1000 })).status === 200;
        } catch {
          return false;
        }
      }, 10000);
      if (!up) throw new Error(`program did not come back:\n${readLog(dir, 'zelftest.log').slice(-2000)}`);
    },
    // Starts a Redis of the stack again (after a test stopped or killed it).
    restartRedis(name) {
      const child = require('node:child_process').spawn('redis-server', [path.join(dir, `redis-${name}.conf`)], {
        detached: true,
        stdio: 'ignore',
      });
      child.unref();
      fs.writeFileSync(path.join(dir, 'run', `redis-${name}.pid`), String(child.pid));
      for (let i = 0; i < 200; i++) {
        const p = spawnSync('redis-cli', ['-s', stack.redisSocket(name), 'ping'], { encoding: 'utf8' });
        if (p.stdout.trim() === 'PONG') return;
        spawnSync('sleep', ['0.05']);
      }
      throw new Error(`redis ${name} did not come back`);
    },
    // Stops everything; fails when the program's log holds a sanitizer report
    // (the ASan/UBSan build prints leaks and errors there as it exits).
    async stop() {
      live.delete(dir);
      stopSync(dir);
      const log = readLog(dir, 'zelftest.log');
      if (!process.env.ZELFTEST_KEEP_TEST_DIRS) fs.rmSync(dir, { recursive: true, force: true });
      const m = log.match(/(==\d+==ERROR: (AddressSanitizer|LeakSanitizer)[\s\S]*|^.*runtime error:[\s\S]*)/m);
      if (m) throw new Error(`sanitizer report in zelftest.log:\n${m[0].slice(0, 4000)}`);
    },
  };
  return stack;
}

function readLog(dir, name) {
  try {
    return fs.readFileSync(path.join(dir, 'log', name), 'utf8');
  } catch {
    return '';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn until it returns a truthy value or the time is up.
async function until(fn, ms = 5000, step = 50) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await sleep(step);
  }
}

module.exports = { startStack, request, freePort, sleep, until, top };
