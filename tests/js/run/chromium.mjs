// Headless Chromium (Debian's, driven by playwright-core): the scenario on a page served over
// http from 127.0.0.1, with `edgecache` mapped to the package's "browser" entry by an import
// map. Run twice: against the server over plain http (HTTP/1.1), and over its --tls mode,
// where the browser negotiates HTTP/2: the scenario then checks, in the server's /stats, that
// several calls were in flight on one connection, which HTTP/1.1 cannot do.
import { servePage, withChromium } from './browser.mjs';
import { runRuntime, within } from './common.mjs';

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

async function inChromium(server, label, tls) {
  const page = await servePage(PAGE);
  try {
    return await withChromium(async (tab) => {
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
    });
  } finally {
    page.close();
  }
}

const http = await runRuntime('chromium-http', (server) => inChromium(server, 'chromium-http', false));
const https = await runRuntime('chromium-https-h2', (server) => inChromium(server, 'chromium-https-h2', true), { tls: true });
if (http.failed.length + https.failed.length > 0) process.exitCode = 1;
