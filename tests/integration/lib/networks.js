// A copy of the shipped networks registry with API tokens of the test's own:
// the tokens stay in memory, only their SHA-256 goes into the file.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { top } = require('./stack');

function testNetworks(edit = () => {}) {
  const reg = JSON.parse(fs.readFileSync(path.join(top, 'questions/networks.json'), 'utf8'));
  const tokens = {};
  for (const n of reg.networks) {
    tokens[n.id] = crypto.randomBytes(24).toString('base64url');
    n.token_sha256 = [crypto.createHash('sha256').update(tokens[n.id]).digest('hex')];
  }
  edit(reg);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-net-'));
  const file = path.join(dir, 'networks.json');
  fs.writeFileSync(file, JSON.stringify(reg, null, 1));
  return { file, tokens, dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });

// The shipped registry's scan types and agreement versions, for forms and slots.
const shipped = JSON.parse(fs.readFileSync(path.join(top, 'questions/networks.json'), 'utf8'));
const scanOf = (network) => shipped.networks.find((n) => n.id === network).scans[0].id;
const AGREEMENT = shipped.agreements[0].version;

module.exports = { testNetworks, bearer, scanOf, AGREEMENT };
