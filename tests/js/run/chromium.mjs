// Headless Chromium (Debian's, driven by playwright-core): the scenario on a page served over
// http from 127.0.0.1, with `edgecache` mapped to the package's "browser" entry by an import
// map. Run twice: against the server over plain http (HTTP/1.1), and over its --tls mode,
// where the browser negotiates HTTP/2: the scenario then checks, in the server's /stats, that
// several calls were in flight on one connection, which HTTP/1.1 cannot do.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { TESTS_JS, runRuntime, within } from './common.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const PKG = realpathSync(join(TESTS_JS, 'node_modules/edgecache'));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>edgecache smoke</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module">
  import * as edgecache from 'edgecache';
  import { runSmoke } from '/scenario/smoke.mjs';
  const params = new URLSearchParams(location.search);
  window.smoke = runSmoke(edgecache, {
    url: params.get('url'),
    label: params.get('label'),
    tls: params.get('tls') === '1',
    log: (line) => console.log(line),
  });
</script>`;

/** Serves the page, /pkg/* (the package) and /scenario/* on a free loopback port. */
async function servePage() {
  const roots = { '/pkg/': PKG, '/scenario/': join(TESTS_JS, 'scenario') };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
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
      if (m.type() === 'error') errors.push(m.text());
      else if (m.text().startsWith('INFO ')) console.log(m.text());
    });
    const query = new URLSearchParams({ url: server.url, label, tls: tls ? '1' : '0' });
    await tab.goto(`${page.url}/?${query}`, { timeout: 30_000 });
    await tab.waitForFunction(() => window.smoke !== undefined, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the page never started the scenario: ${errors.join('; ')}`);
    });
    const report = await within(150_000, tab.evaluate(() => window.smoke), 'the page');
    if (errors.length) console.log(`INFO ${label}: page errors: ${errors.join('; ')}`);
    return report;
  } finally {
    await context.close().catch(() => {});
    page.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const http = await runRuntime('chromium-http', (server) => inChromium(server, 'chromium-http', false));
const https = await runRuntime('chromium-https-h2', (server) => inChromium(server, 'chromium-https-h2', true), { tls: true });
if (http.failed.length + https.failed.length > 0) process.exitCode = 1;
