// What most browser test files start with: the test networks, a real SMTP
// server that keeps every message, a stack whose links and mail point at
// itself, and a browser.  `env` adds settings (an object, or a function of
// the port); stop() ends all of it, whatever was started.
'use strict';
const { startStack } = require('../../integration/lib/stack');
const { startCatcher } = require('../../integration/lib/catcher');
const { testNetworks } = require('../../integration/lib/networks');
const { launch } = require('./browser');

async function startWorld(env = {}) {
  const w = { nets: testNetworks() };
  w.stop = async () => {
    if (w.browser) await w.browser.close();
    if (w.s) await w.s.stop();
    if (w.mail) await w.mail.close();
    w.nets.cleanup();
  };
  try {
    w.mail = await startCatcher();
    w.s = await startStack({
      env: (port) => ({
        ZELFTEST_NETWORKS: w.nets.file,
        ZELFTEST_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ZELFTEST_SMTP_URL: `smtp://127.0.0.1:${w.mail.port}`,
        ...(typeof env === 'function' ? env(port) : env),
      }),
    });
    w.browser = await launch();
  } catch (e) {
    await w.stop();
    throw e;
  }
  return w;
}

module.exports = { startWorld };
