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
// Prints PASS/FAIL per step, the figures as one `FIGURES {json}` line, and exits non-zero when
// a step fails.
import { startServer } from '../harness/server.mjs';
import { BROWSER_SIZES } from '../scenario/faults.mjs';
import { servePage, withChromium } from './browser.mjs';
import { within } from './common.mjs';

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

async function inChromium(server, label, tls) {
  const page = await servePage(PAGE);
  try {
    return await withChromium(async (tab) => {
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
    });
  } finally {
    page.close();
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
for (const step of report.passed) console.log(`PASS ${label} ${step}`);
for (const step of report.skipped) console.log(`SKIP ${label} ${step}`);
for (const { step, message } of report.failed) console.log(`FAIL ${label} ${step}: ${message}`);
console.log(`FIGURES ${JSON.stringify(report.figures)}`);
console.log(`${label} faults: ${report.passed.length} passed, ${report.failed.length} failed, ${report.skipped.length} skipped`);
if (report.failed.length > 0 || report.passed.length === 0) process.exitCode = 1;
