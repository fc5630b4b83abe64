// The fault matrix (scenario/faults.mjs) in headless Chromium (Debian's, driven by
// playwright-core), on a page served from 127.0.0.1 that imports the package's "browser"
// entry through an import map. The page switches faults itself: the server's admin endpoints
// answer loopback peers, and the browser is one. Sizes are the browser ones (six HTTP/1.1
// connections per origin); the restart step needs a host that can kill the server and is
// Node only.
//
//   node run/chromium-faults.mjs           # over http (HTTP/1.1)
//   node run/chromium-faults.mjs --tls     # over the server's TLS mode (HTTP/2)
//
// Prints PASS/FAIL/TODO per step, the figures as one `FIGURES {json}` line, and exits non-zero
// when a step fails that is not a known issue.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../harness/server.mjs';
import { BROWSER_SIZES, knownIssue } from '../scenario/faults.mjs';
import { TESTS_JS, within } from './common.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const PKG = realpathSync(join(TESTS_JS, 'node_modules/edgecache'));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const RUN_TIMEOUT_MS = 240_000;

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>edgecache fault matrix</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module">
  import * as edgecache from 'edgecache';
  import { runFaults } from '/scenario/faults.mjs';
  const params = new URLSearchParams(location.search);
  window.faults = runFaults(edgecache, {
    url: params.get('url'),
    label: params.get('label'),
    tls: params.get('tls') === '1',
    sizes: JSON.parse(params.get('sizes')),
    log: (line) => console.log(line),
  });
</script>`;

/** Serves the page, /pkg/* (the package) and /scenario/* on a free loopback port. */
async function servePage() {
  const roots = { '/pkg/': PKG, '/scenario/': join(TESTS_JS, 'scenario') };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(roots[prefix], path.slice(prefix.length)));
    if (!file || !file.startsWith(roots[prefix])) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

async function inChromium(server, label, tls) {
  const page = await servePage();
  const profile = mkdtempSync(join(tmpdir(), 'edgecache-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--ignore-certificate-errors',
    ],
  });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    tab.on('console', (m) => {
      // Aborted and refused requests are logged by the browser as console errors; they are
      // what the scenario provokes, not page errors.
      if (m.type() === 'error' && !/net::ERR_|Failed to load resource/.test(m.text())) errors.push(m.text());
      else if (/^(PASS|FAIL|INFO|SKIP) /.test(m.text())) console.log(m.text());
    });
    const query = new URLSearchParams({ url: server.url, label, tls: tls ? '1' : '0', sizes: JSON.stringify(BROWSER_SIZES) });
    await tab.goto(`${page.url}/?${query}`, { timeout: 30_000 });
    await tab.waitForFunction(() => window.faults !== undefined, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the page never started the scenario: ${errors.join('; ')}`);
    });
    const report = await within(RUN_TIMEOUT_MS, tab.evaluate(() => window.faults), 'the page');
    if (errors.length) console.log(`INFO ${label}: page errors: ${errors.join('; ')}`);
    return report;
  } finally {
    await context.close().catch(() => {});
    page.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const tls = process.argv.includes('--tls');
const label = tls ? 'chromium-https-h2' : 'chromium-http';
const server = await startServer({ tls });
let report;
try {
  report = await inChromium(server, label, tls);
} catch (e) {
  report = { passed: [], failed: [{ step: 'run', message: e.stack ?? String(e) }], skipped: [], figures: {} };
} finally {
  await server.stop();
}
let unexpected = 0;
for (const step of report.passed) console.log(`PASS ${label} ${step}`);
for (const step of report.skipped) console.log(`SKIP ${label} ${step}`);
for (const { step, message } of report.failed) {
  const known = knownIssue(step, label);
  if (known) {
    console.log(`TODO ${label} ${step}: ${message} (known: ${known})`);
  } else {
    console.log(`FAIL ${label} ${step}: ${message}`);
    unexpected++;
  }
}
console.log(`FIGURES ${JSON.stringify(report.figures)}`);
console.log(`${label} faults: ${report.passed.length} passed, ${report.failed.length - unexpected} known issues, ${unexpected} failed, ${report.skipped.length} skipped`);
if (unexpected > 0 || report.passed.length === 0) process.exitCode = 1;
