#!/usr/bin/env node
// Opens an offline copy of a Kepu site (`kepu build --relative`) from file:// in headless Debian
// Chromium, as a clinic computer would after a double-click on index.html, and walks it:
// home → English home → an article → the search page → a search → its first result.
//
//   node offline.js SITE_DIR QUERY
//
// Prints one JSON document on stdout: {steps: [{what, url, title, h1, styled, failed}]}, where
// `styled` says the theme's stylesheet applied (its colour variable is set) and `failed` lists
// the files the page asked for that did not load. tests/integration/offline.rs asserts on it.
// Exit code 0 unless the walk could not run (then the reason is on stderr and the code is 2).
'use strict';

const path = require('path');
const { pathToFileURL } = require('url');
const browser = require('./browser');

const fail = message => browser.fail('offline.js', message);

async function main() {
  const [dir, query] = process.argv.slice(2);
  if (!dir || !query) fail('usage: node offline.js SITE_DIR QUERY');
  const { context, close } = await browser.launch('offline.js');
  const steps = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    let failed = [];
    page.on('requestfailed', r => failed.push(r.url()));
    page.on('response', r => { if (r.status() >= 400) failed.push(r.url()); });
    async function record(what) {
      await page.waitForLoadState('load');
      const seen = await page.evaluate(() => ({
        title: document.title,
        h1: (document.querySelector('h1') || {}).textContent || '',
        styled: getComputedStyle(document.documentElement).getPropertyValue('--link').trim() !== '',
      }));
      steps.push({ what, url: page.url(), ...seen, failed });
      failed = [];
    }
    async function follow(what, selector) {
      const link = page.locator(selector).first();
      await Promise.all([page.waitForNavigation({ timeout: 15000 }), link.click({ timeout: 15000 })]);
      await record(what);
    }
    await page.goto(pathToFileURL(path.join(path.resolve(dir), 'index.html')).href, { timeout: 15000 });
    await record('home');
    await follow('English home', 'a[hreflang="en"]');
    await follow('article', 'main a[href*="articles/"]');
    await follow('search page', 'a[href*="search/"]');
    await page.fill('#kepu-q', query);
    await page.press('#kepu-q', 'Enter');
    await page.waitForSelector('#kepu-results li a', { timeout: 15000 });
    await record('search results');
    await follow('first result', '#kepu-results li a');
  } catch (e) {
    steps.push({ what: 'error', error: String(e.message || e).split('\n')[0] });
  } finally {
    await close();
  }
  process.stdout.write(JSON.stringify({ steps }) + '\n');
}

main().catch(e => fail(String(e.stack || e)));
