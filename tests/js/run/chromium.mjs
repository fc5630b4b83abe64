// Headless Chromium (Debian's, driven by playwright-core): the scenario on a page served over
// http from 127.0.0.1, with `edgecache` mapped to the package's "browser" entry by an import
// map. Run twice: against the server over plain http (HTTP/1.1), and over its --tls mode,
// where the browser negotiates HTTP/2: the scenario then checks, in the server's /stats, that
// several calls were in flight on one connection, which HTTP/1.1 cannot do.
import { runScenarioPage, scenarioPage } from './browser.mjs';
import { runRuntime } from './common.mjs';

const PAGE = scenarioPage({ title: 'edgecache smoke', scenario: 'smoke.mjs', runName: 'runSmoke' });

async function inChromium(server, label, tls) {
  const report = await runScenarioPage(PAGE, { query: { url: server.url, label, tls: tls ? '1' : '0' }, timeoutMs: 150_000 });
  if (report.pageErrors.length) console.log(`INFO ${label}: page errors: ${report.pageErrors.join('; ')}`);
  return report;
}

const http = await runRuntime('chromium-http', (server) => inChromium(server, 'chromium-http', false));
const https = await runRuntime('chromium-https-h2', (server) => inChromium(server, 'chromium-https-h2', true), { tls: true });
if (http.failed.length + https.failed.length > 0) process.exitCode = 1;
