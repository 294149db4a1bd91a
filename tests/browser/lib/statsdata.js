// Data for the statistics page, made through the API the way it happens:
// owners take the test, ask for a scan, the network schedules it, the
// students record their outcome, and owners who asked take the test again
// from their invitation.  Enough in some groups that they are shown, too
// few in others that they are held back (fewer than 10):
//
//   group (network)   owners  self-test    scans  re-tests
//   Noord-Nederland     12    worst: high    12     11 (best answers: up)
//   Utrecht             11    best: low      11     10 (middle answers: down)
//   Limburg              5    worst          5      —
//   Brainport            6    best           6      —
//
// Limburg and Brainport (11 together) are held back in every view by
// network, sector and province; the re-tests of Noord and Utrecht are shown.
// The headline over it: 55 completed tests (34 first ones, 21 re-tests), 27
// at high urgency (Noord's and Limburg's first tests, Utrecht's re-tests),
// 34 scans requested and 34 done.
'use strict';
const assert = require('node:assert/strict');
const { until } = require('../../integration/lib/stack');
const { completeShipped, cloneSessions } = require('../../integration/lib/flow');
const { bearer, scanOf, AGREEMENT } = require('../../integration/lib/networks');

const PRINCIPLES = ['inventory', 'settings', 'updates', 'access', 'malware'];

const GROUPS = [
  {
    network: 'cyberweerbaarheid-noord-nederland',
    postcode: '9712 CP',
    sector: 'retail',
    worst: true,
    n: 12,
    retests: 11,
    retestPick: 'best',
    outcomes: [
      [
        8,
        ['attention', 'attention', 'urgent', 'ok', 'ok'],
        ['macros-enabled', 'no-mfa-on-mail', 'backups-never-restored'],
      ],
      [4, ['ok', 'attention', 'ok', 'ok', 'attention'], ['no-mfa-on-mail']],
    ],
  },
  {
    network: 'cybernetwerk-utrecht',
    postcode: '3511 AB',
    sector: 'hospitality',
    worst: false,
    n: 11,
    retests: 10,
    retestPick: 'middle',
    outcomes: [
      [6, ['urgent', 'ok', 'attention', 'ok', 'ok'], ['backups-never-restored', 'automatic-updates-off']],
      [5, ['attention', 'ok', 'ok', 'attention', 'ok'], ['former-employees-have-accounts', 'guest-wifi-reaches-till']],
    ],
  },
  {
    network: 'eccw-limburg',
    postcode: '6211 AB',
    sector: 'construction',
    worst: true,
    n: 5,
    retests: 0,
    outcomes: [[5, ['urgent', 'urgent', 'urgent', 'attention', 'ok'], ['shared-admin-password']]],
  },
  {
    network: 'cwc-brainport',
    postcode: '5611 AB',
    sector: 'manufacturing',
    worst: false,
    n: 6,
    retests: 0,
    outcomes: [[6, ['ok', 'ok', 'attention', 'ok', 'ok'], ['machine-pc-outdated']]],
  },
];

// answers every question of the shipped questionnaire: the best option, or the one in the middle
async function answerAgain(s, token, pick, { postcode, sector }) {
  const q = (await s.get('/api/v1/questionnaire?lang=nl')).json;
  for (const x of [...q.principles.flatMap((p) => p.questions), ...q.profile]) {
    let body;
    if (x.type === 'postcode') body = { value: postcode };
    else if (x.role === 'sector') body = { option: sector };
    else {
      const known = [...x.options].filter((o) => !o.unknown).sort((a, b) => b.points - a.points);
      const o = pick === 'best' ? known[0] : known[Math.floor(known.length / 2)];
      body = x.type === 'multi' ? { options: [o.id] } : { option: o.id };
    }
    const r = await s.put(`/api/v1/sessions/${token}/answers/${x.id}`, body);
    assert.equal(r.status, 200, `${x.id}: ${r.text}`);
  }
}

// s: a stack with the test networks' tokens (nets), mail to `mail` and
// ZELFTEST_RETEST_AFTER_DAYS=0.  Returns the referral ids per network.
async function seedStats(s, nets, mail) {
  const made = {};
  let invitedWanted = 0;
  for (const g of GROUPS) {
    const auth = bearer(nets.tokens[g.network]);
    // clones of one completed session whose result was not fetched yet, so each is counted once
    const base = await completeShipped(s, { postcode: g.postcode, sector: g.sector, worst: g.worst });
    const tokens = cloneSessions(s, base, g.n);
    const plan = g.outcomes.flatMap(([k, levels, findings]) => Array(k).fill({ levels, findings }));
    made[g.network] = [];
    for (let i = 0; i < g.n; i++) {
      const t = tokens[i];
      assert.equal((await s.get(`/api/v1/sessions/${t}/result`)).status, 200);
      const r = await s.post(`/api/v1/sessions/${t}/referral`, {
        company: `Bedrijf ${i}`,
        contact_name: 'Lotte Bakker',
        email: `owner${i}@${g.network}.example`,
        postcode: g.postcode,
        consent: true,
        scan: scanOf(g.network),
        agreement: AGREEMENT,
        retest: i < g.retests,
      });
      assert.equal(r.status, 201, r.text);
      const id = r.json.referral;
      made[g.network].push(id);
      const st = await s.post(`/api/v1/network/referrals/${id}/status`, { status: 'scheduled' }, auth);
      assert.equal(st.status, 200, st.text);
      const o = await s.post(
        `/api/v1/network/referrals/${id}/outcome`,
        {
          principles: Object.fromEntries(PRINCIPLES.map((p, k) => [p, plan[i].levels[k]])),
          findings: plan[i].findings,
        },
        auth,
      );
      assert.equal(o.status, 200, o.text);
    }
    invitedWanted += g.retests;
  }
  // the invitations, and the re-tests from their links
  const invitations = () => mail.messages().filter((m) => /Doe de zelftest opnieuw/.test(m.headers.Subject || ''));
  assert.ok(await until(() => invitations().length >= invitedWanted, 20000), `${invitations().length} invitations`);
  for (const g of GROUPS) {
    for (const m of invitations().filter((x) => x.envelope.rcpt_tos.some((a) => a.endsWith(`@${g.network}.example`)))) {
      const key = /#retest=([A-Za-z0-9_-]{22})/.exec(m.text)[1];
      const r = await s.post('/api/v1/sessions', { lang: 'nl', retest: key });
      assert.equal(r.status, 201, r.text);
      await answerAgain(s, r.json.session, g.retestPick, g);
      assert.equal((await s.get(`/api/v1/sessions/${r.json.session}/result`)).status, 200);
    }
  }
  return made;
}

module.exports = { seedStats, GROUPS, PRINCIPLES };
