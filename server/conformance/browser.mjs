// @gomomento/sdk-web in a real browser: its TopicClient subscribes over XMLHttpRequest, whose
// body a browser hands over as it arrives (Node's xhr2 polyfill only hands it over at the end,
// so a subscription never starts there). The SDK is bundled with esbuild, served with a small
// page from a loopback port, and driven in headless Debian Chromium through playwright-core.

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/**
 * The SDK as one browser ES module. The package is CommonJS, whose exports esbuild cannot
 * re-export by name, so the names are read from the package and re-exported one by one.
 */
export async function bundleSdkWeb() {
  const sdkWeb = createRequire(join(HERE, 'package.json'))('@gomomento/sdk-web');
  const names = Object.keys(sdkWeb).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  const result = await build({
    stdin: {
      contents: `import * as sdkWeb from '@gomomento/sdk-web';\nexport const { ${names.join(', ')} } = sdkWeb;\n`,
      resolveDir: HERE,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    // The SDK reads process.env in a few optional paths; a browser has no process.
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].contents;
}

// The page: `subscribeTo` opens one subscription and records what it delivers in `window.seen`.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>sdk-web topics</title>
<script type="module">
import * as sdk from '/sdk-web.js';
window.seen = { items: [], errors: [], heartbeats: 0 };
window.subscribeTo = async ({ host, port, cache, topic }) => {
  const base = 'http://' + host + ':' + port;
  const credentialProvider = sdk.CredentialProvider.forMomentoLocal({
    hostname: host,
    port,
    endpointOverrides: { cacheEndpoint: base, controlEndpoint: base, tokenEndpoint: base, secureConnection: false },
  });
  const loggerFactory = new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
  const client = new sdk.TopicClient({ configuration: sdk.TopicConfigurations.Default.latest(loggerFactory), credentialProvider });
  const response = await client.subscribe(cache, topic, {
    onItem: (item) => {
      const value = item.value();
      window.seen.items.push(typeof value === 'string'
        ? { seq: item.sequenceNumber(), text: value }
        : { seq: item.sequenceNumber(), binary: Array.from(value) });
    },
    onHeartbeat: () => { window.seen.heartbeats += 1; },
    onError: (error) => { window.seen.errors.push(error.errorCode()); },
  });
  if (response.type === 'Subscription') window.subscription = response;
  return { type: response.type, code: response.type === 'Error' ? response.errorCode() : undefined };
};
window.unsubscribe = () => window.subscription.unsubscribe();
// The whole SDK, for tests that drive it with their own code (page.evaluate).
window.sdk = sdk;
window.pageReady = true;
</script>`;

/** Runs `use(page)` with the page loaded in a fresh headless Chromium, then closes both. */
export async function withSdkWebPage(use) {
  const bundle = await bundleSdkWeb();
  const pages = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (path === '/sdk-web.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${pages.address().port}/`);
    await page.waitForFunction(() => window.pageReady === true, null, { timeout: 10_000 }).catch((e) => {
      throw new Error(`the page did not load: ${pageErrors.join('; ') || e.message}`);
    });
    return await use(page);
  } finally {
    await browser.close().catch(() => {});
    pages.close();
  }
}
