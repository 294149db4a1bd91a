// A real SMTP server for the test (scripts/mailcatcher.py on Debian's
// python3-aiosmtpd) on a free loopback port, and what it received, read with
// Python's email package and python3-icalendar (tests/lib/mail.py).  It can
// be stopped and started again on the same port (the relay down, then up),
// and stops when the test ends, also when it fails.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort, until, top } = require('./stack');

const PY = '/usr/bin/python3';
const live = new Set();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

async function startCatcher({ args = [], port } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-mail-'));
  const mailDir = path.join(dir, 'mail');
  const portFile = path.join(dir, 'port');
  const c = {
    dir: mailDir,
    port: port || (await freePort()),
    child: null,
    async start() {
      fs.rmSync(portFile, { force: true });
      const child = spawn(
        PY,
        [
          path.join(top, 'scripts/mailcatcher.py'),
          '--dir',
          mailDir,
          '--port',
          String(c.port),
          '--port-file',
          portFile,
          ...args,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      live.add(child);
      child.on('exit', () => live.delete(child));
      c.child = child;
      const up = await until(() => fs.existsSync(portFile) || child.exitCode !== null, 10000);
      if (!up || child.exitCode !== null) throw new Error(`mail catcher did not start: ${err}`);
    },
    async stop() {
      const child = c.child;
      if (!child || child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
    // every message received so far, parsed
    messages() {
      if (!fs.existsSync(mailDir)) return [];
      return JSON.parse(
        execFileSync(PY, [path.join(top, 'tests/lib/mail.py'), mailDir], {
          encoding: 'utf8',
          maxBuffer: 512 * 1024 * 1024,
        }),
      );
    },
    count() {
      if (!fs.existsSync(mailDir)) return 0;
      return fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml') && !f.startsWith('.')).length;
    },
    // waits until at least n messages are in (or the time is up), returns them parsed
    async waitFor(n, ms = 15000) {
      await until(() => c.count() >= n, ms, 50);
      return c.messages();
    },
    clear() {
      fs.rmSync(mailDir, { recursive: true, force: true });
      fs.mkdirSync(mailDir, { recursive: true });
    },
    async close() {
      await c.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await c.start();
  return c;
}

module.exports = { startCatcher };
