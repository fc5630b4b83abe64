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
import { runScenarioPage, scenarioPage } from './browser.mjs';

const RUN_TIMEOUT_MS = 240_000;

const PAGE = scenarioPage({
  title: 'edgecache fault matrix',
  scenario: 'faults.mjs',
  runName: 'runFaults',
  moreOptions: "sizes: JSON.parse(params.get('sizes')),",
});

async function inChromium(server, label, tls) {
  const report = await runScenarioPage(PAGE, {
    query: { url: server.url, label, tls: tls ? '1' : '0', sizes: JSON.stringify(BROWSER_SIZES) },
    timeoutMs: RUN_TIMEOUT_MS,
    echo: /^(PASS|FAIL|INFO|SKIP) /,
    // Aborted and refused requests are logged by the browser as console errors; they are
    // what the scenario provokes, not page errors.
    expectedErrors: /net::ERR_|Failed to load resource/,
  });
  if (report.pageErrors.length) console.log(`INFO ${label}: page errors: ${report.pageErrors.join('; ')}`);
  return report;
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
