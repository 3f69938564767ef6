// Headless Debian Chromium for the scripts beside this file, driven by playwright-core, with a
// fresh profile that is removed on close and the flags this closed network needs.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.KEPU_CHROMIUM || '/usr/bin/chromium';

// Prints `script: message` on stderr and exits with code 2 (the checks could not run).
function fail(script, message) {
  process.stderr.write(`${script}: ${message}\n`);
  process.exit(2);
}

// A persistent browser context; `close()` ends the browser and removes its profile.
async function launch(script) {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    fail(script, `cannot load playwright-core (${e.message.split('\n')[0]}); run \`npm ci\` in tests/standards`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `kepu-${script.replace(/\.js$/, '')}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

module.exports = { fail, launch };
