#!/usr/bin/env node
// Opens one page of an offline copy of a Kepu site (`kepu build --relative`) from file:// in
// headless Debian Chromium and says which fonts drew the text of some elements.
//
//   node fonts.js PAGE.html SELECTOR...
//
// Prints one JSON document on stdout: {nodes: [{selector, text, fonts: [{familyName,
// isCustomFont, glyphCount}]}], fetched: [font files the page loaded]}, from Chromium's own
// record of the fonts it used (CSS.getPlatformFontsForNode), so a glyph drawn as an empty box by
// a font that lacks it shows as that font. tests/integration/i18n.rs asserts on it.
// Exit code 0 unless the page could not be read (then the reason is on stderr and the code is 2).
'use strict';

const path = require('path');
const { pathToFileURL } = require('url');
const browser = require('./browser');

const fail = message => browser.fail('fonts.js', message);

async function main() {
  const [file, ...selectors] = process.argv.slice(2);
  if (!file || selectors.length === 0) fail('usage: node fonts.js PAGE.html SELECTOR...');
  const { context, close } = await browser.launch('fonts.js');
  try {
    const page = context.pages()[0] || (await context.newPage());
    const fetched = [];
    page.on('requestfinished', r => { if (/\.woff2?$/.test(r.url())) fetched.push(path.basename(r.url())); });
    await page.goto(pathToFileURL(path.resolve(file)).href, { timeout: 15000, waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const nodes = [];
    for (const selector of selectors) {
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
      for (const nodeId of nodeIds) {
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId });
        const text = outerHTML.replace(/<[^>]*>/g, '');
        nodes.push({ selector, text, fonts });
      }
    }
    process.stdout.write(JSON.stringify({ nodes, fetched }) + '\n');
  } finally {
    await close();
  }
}

main().catch(e => fail(String(e.stack || e)));
