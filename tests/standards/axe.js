#!/usr/bin/env node
// Runs axe-core in headless Debian Chromium over some pages of a built Kepu site.
//
//   node axe.js SITE_DIR /path/ /other/path/ ...
//
// Serves SITE_DIR from a small static server on 127.0.0.1 (a free port), opens each path
// in a light and a dark colour scheme, runs axe with the WCAG 2.0/2.1/2.2 A and AA rules and
// prints one JSON document on stdout: {chromium, axe, pages: [{path, scheme, status,
// violations: [...], incomplete}]}. tests/standards.rs asserts on it. Exit code 0 unless the
// checks could not run at all (then the reason is on stderr and the exit code is 2).
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.KEPU_CHROMIUM || '/usr/bin/chromium';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SCHEMES = ['light', 'dark'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

function fail(message) {
  process.stderr.write(`axe.js: ${message}\n`);
  process.exit(2);
}

function load(name) {
  try {
    return require(name);
  } catch (e) {
    fail(`cannot load ${name} (${e.message.split('\n')[0]}); run \`npm ci\` in tests/standards`);
  }
}

// Serves the built folder as a static host would: /dir/ -> /dir/index.html, 404.html otherwise.
function serve(root) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (rel.endsWith('/')) file = path.join(file, 'index.html');
    let status = 200;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      status = 404;
      file = path.join(root, '404.html');
      if (!fs.existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const [siteArg, ...paths] = process.argv.slice(2);
  if (!siteArg || paths.length === 0) fail('usage: node axe.js SITE_DIR PATH...');
  const site = fs.realpathSync(siteArg);
  if (!fs.existsSync(CHROMIUM)) {
    fail(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  const axe = load('axe-core');
  const { chromium } = load('playwright-core');

  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-axe-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      timeout: 60000,
    });
    const version = context.browser() ? context.browser().version() : '';
    const page = context.pages()[0] || (await context.newPage());
    // Only the local server: anything else (a stray external URL) is refused, not fetched.
    await page.route(
      (url) => !url.href.startsWith(base),
      (route) => route.abort(),
    );
    const results = [];
    for (const p of paths) {
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        // A query string means a script does something with it (search results): let it finish.
        const waitUntil = p.includes('?') ? 'networkidle' : 'load';
        const response = await page.goto(base + encodeURI(p), { waitUntil, timeout: 30000 });
        await page.evaluate(axe.source);
        const r = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
          TAGS,
        );
        results.push({
          path: p,
          scheme,
          status: response ? response.status() : 0,
          title: await page.title(),
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
          })),
          incomplete: r.incomplete.length,
          passes: r.passes.length,
        });
      }
    }
    process.stdout.write(JSON.stringify({ chromium: version, axe: axe.version, tags: TAGS, pages: results }));
  } finally {
    if (context) await context.close().catch(() => {});
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
