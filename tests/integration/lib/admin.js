// Runs `zelftest admin` against a test's stack, with the settings the stack
// gave the program (VAR/zelftest.env, written by scripts/stack.sh).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { top } = require('./stack');

const bin = process.env.ZELFTEST_BIN || path.join(top, 'build/zelftest');

function admin(s, ...args) {
  const r = spawnSync(bin, ['admin', '--env', path.join(s.dir, 'zelftest.env'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ZELFTEST_STACK_WATCH: '' },
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

// The token `token new` printed: the line after "it is shown only now".
function tokenOf(r) {
  const lines = r.out.split('\n');
  const i = lines.findIndex((l) => l.includes('it is shown only now'));
  return i >= 0 ? lines[i + 1] : null;
}

module.exports = { admin, tokenOf, bin };
