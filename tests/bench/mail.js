// make bench, the mail part: how many messages a second the senders deliver
// to the local mail catcher (Debian's python3-aiosmtpd on loopback), and the
// delay from the 201 of a referral to its confirmation arriving there.
// BENCH_MAIL_REFERRALS (default 500) referrals, 16 at a time; each makes a
// confirmation and a network notice.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startStack } = require('../integration/lib/stack');
const { startCatcher } = require('../integration/lib/catcher');
const { completeShipped, cloneSessions } = require('../integration/lib/flow');
const { testNetworks, scanOf, AGREEMENT } = require('../integration/lib/networks');

const N = Number(process.env.BENCH_MAIL_REFERRALS || 500);
const NOORD = 'cyberweerbaarheid-noord-nederland';

(async () => {
  const mail = await startCatcher();
  const nets = testNetworks();
  const s = await startStack({
    env: {
      ZELFTEST_NETWORKS: nets.file,
      ZELFTEST_PUBLIC_URL: 'https://zelftest.example.nl',
      ZELFTEST_SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    },
  });
  try {
    const tokens = cloneSessions(s, await completeShipped(s), N);
    const created = new Map(); // e-mail address → time of its 201 (ms)
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < N) {
          const i = next++;
          const email = `bench${i}@example.nl`;
          const r = await s.post(`/api/v1/sessions/${tokens[i]}/referral`, {
            company: `Winkel ${i}`,
            contact_name: 'Kees Bos',
            email,
            phone: '050 1234567',
            postcode: '9712 CP',
            consent: true,
            share_answers: false,
            scan: scanOf(NOORD),
            agreement: AGREEMENT,
          });
          if (r.status !== 201) throw new Error(`referral ${i}: ${r.status} ${r.text}`);
          created.set(email, Date.now());
        }
      }),
    );
    const tCreated = Date.now();
    const want = 2 * N;
    while (mail.count() < want && Date.now() - tCreated < 120000) await new Promise((r) => setTimeout(r, 100));
    // the catcher names each file by the microsecond it wrote it
    const files = fs.readdirSync(mail.dir).filter((f) => f.endsWith('.json'));
    const at = (f) => Number(f.split('-')[0]) / 1000;
    const times = files.map(at).sort((a, b) => a - b);
    const delays = [];
    for (const f of files) {
      const env = JSON.parse(fs.readFileSync(path.join(mail.dir, f), 'utf8'));
      const t = created.get(env.rcpt_tos[0]);
      if (t !== undefined) delays.push(at(f) - t);
    }
    delays.sort((a, b) => a - b);
    const q = (p) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))];
    const rate = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
    console.log(
      `  mail: ${N} referrals in ${tCreated - t0} ms (${Math.round(N / ((tCreated - t0) / 1000))}/s), ` +
        `${files.length} of ${want} mails delivered`,
    );
    console.log(`  mail: the senders sustain ${rate.toFixed(0)} mails/s to the local SMTP server`);
    console.log(
      `  mail: 201 → confirmation delivered: median ${q(50).toFixed(0)} ms, p99 ${q(99).toFixed(0)} ms, max ${delays[delays.length - 1].toFixed(0)} ms`,
    );
    if (files.length !== want) process.exitCode = 1;
    // one at a time on an idle outbox: the delay a single owner sees
    const single = [];
    const more = cloneSessions(s, await completeShipped(s), 20);
    for (let i = 0; i < 20; i++) {
      const before = mail.count();
      const t = Date.now();
      const r = await s.post(`/api/v1/sessions/${more[i]}/referral`, {
        company: `Zaak ${i}`,
        contact_name: 'Kees Bos',
        email: `one${i}@example.nl`,
        phone: '050 1234567',
        postcode: '9712 CP',
        consent: true,
        share_answers: false,
        scan: scanOf(NOORD),
        agreement: AGREEMENT,
      });
      if (r.status !== 201) throw new Error(`referral: ${r.status}`);
      while (mail.count() < before + 2) await new Promise((res) => setTimeout(res, 2));
      single.push(Date.now() - t);
    }
    single.sort((a, b) => a - b);
    console.log(`  mail: one referral on an idle outbox, request sent → both mails delivered: median ${single[10]} ms, max ${single[19]} ms`);
  } finally {
    await s.stop();
    await mail.close();
    nets.cleanup();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
