// What the Chromium runners share: a page server for a scenario page and the package, and a
// headless Debian Chromium (playwright-core) with its own throw-away profile.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { TESTS_JS, within } from './common.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const PKG = realpathSync(join(TESTS_JS, 'node_modules/edgecache'));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/**
 * Serves `html` at /, the package at /pkg/* and the scenarios at /scenario/* on a free
 * loopback port, plus `extra`: more files by path, their contents in memory.
 */
export async function servePage(html, extra = {}) {
  const roots = { '/pkg/': PKG, '/scenario/': join(TESTS_JS, 'scenario') };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (Object.hasOwn(extra, path)) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(extra[path]);
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

/**
 * Runs `use(tab)` in a fresh headless Chromium that accepts the server's self-signed
 * certificate, then closes the browser and removes its profile.
 */
export async function withChromium(use) {
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
    return await use(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * The page of a scenario run: imports the package as `edgecache` (an import map points it at
 * the package's "browser" entry), and `runName` from /scenario/`scenario`, and sets
 * `window.report` to `runName(edgecache, options)`. `options` has the page's query as `url`,
 * `label` and `tls`, then `moreOptions`: more properties, as JavaScript source (`params` is the
 * query).
 */
export function scenarioPage({ title, scenario, runName, moreOptions = '' }) {
  return `<!doctype html>
<meta charset="utf-8">
<title>${title}</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module">
  import * as edgecache from 'edgecache';
  import { ${runName} } from '/scenario/${scenario}';
  const params = new URLSearchParams(location.search);
  window.report = ${runName}(edgecache, {
    url: params.get('url'),
    label: params.get('label'),
    tls: params.get('tls') === '1',
    log: (line) => console.log(line),
    ${moreOptions}
  });
</script>`;
}

/**
 * Serves `html` (a `scenarioPage`), opens it in a fresh Chromium with `query`, and resolves to
 * the scenario's report once `window.report` settles, within `timeoutMs`. Console lines that
 * match `echo` are printed. Page errors, and console errors that do not match `expectedErrors`,
 * come back as `report.pageErrors`.
 */
export async function runScenarioPage(html, { query, timeoutMs, echo = /^INFO /, expectedErrors = /$^/ }) {
  const page = await servePage(html);
  try {
    return await withChromium(async (tab) => {
      const errors = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      tab.on('console', (m) => {
        if (m.type() === 'error' && !expectedErrors.test(m.text())) errors.push(m.text());
        else if (echo.test(m.text())) console.log(m.text());
      });
      await tab.goto(`${page.url}/?${new URLSearchParams(query)}`, { timeout: 30_000 });
      await tab.waitForFunction(() => window.report !== undefined, null, { timeout: 30_000 }).catch(() => {
        throw new Error(`the page never started the scenario: ${errors.join('; ')}`);
      });
      const report = await within(timeoutMs, tab.evaluate(() => window.report), 'the page');
      return { ...report, pageErrors: errors };
    });
  } finally {
    page.close();
  }
}
