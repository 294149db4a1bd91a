// A campaign registry of the test's own: origins on loopback ports the test
// picks, and owner tokens kept in memory (only their SHA-256 in the file).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function testCampaigns(campaigns) {
  const tokens = {};
  const list = campaigns.map((c) => {
    tokens[c.id] = crypto.randomBytes(24).toString('base64url');
    return {
      name: `Campagne ${c.id}`,
      owner: { organisation: 'Testorganisatie' },
      ...c,
      token_sha256: [crypto.createHash('sha256').update(tokens[c.id]).digest('hex')],
    };
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-camp-'));
  const file = path.join(dir, 'campaigns.json');
  fs.writeFileSync(file, JSON.stringify({ version: 'test', campaigns: list }, null, 1));
  return { file, tokens, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { testCampaigns };
