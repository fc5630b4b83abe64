// One benchmark point in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the page runs the shared workload with edgecache (the package's browser
// entry, through an import map) or @gomomento/sdk-web (bundled for the browser by esbuild).
// Same options and output as point.mjs, plus `--scheme`: `http` (the browser uses HTTP/1.1,
// about six connections) or `https` against the server's --tls mode (HTTP/2 through ALPN; the
// self-signed certificate is accepted). An https point fails unless the page's requests
// really went over h2.
//
//   node bench/js/chromium.mjs --client edgecache --scheme https --port 8443 --in-flight 50
//
// CPU: `client_cpu_s` is the renderer main thread's busy time over the window (CDP
// Performance.getMetrics `TaskDuration`: the JavaScript and wasm of the page);
// `browser_cpu_s` is every Chromium process's CPU (renderer, network service, browser).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POINT_OPTIONS, checkPoint, options, watchdog } from './lib/args.mjs';
import { treeCpuSeconds } from './lib/proc.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const PKG = realpathSync(join(HERE, 'node_modules/edgecache'));
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };
const CLIENTS = ['edgecache', 'sdk-web'];

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>edgecache-bench</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module" src="/bundle/page.js"></script>`;

/**
 * The page's bundle for `client` (esbuild), built once and kept under node_modules/.cache
 * keyed by its inputs, so a run of many points bundles each client once.
 */
async function bundle(client) {
  const inputs = [
    join(HERE, 'browser', `${client}.mjs`),
    join(HERE, 'browser', 'page.mjs'),
    join(HERE, 'lib', 'workload.mjs'),
    join(HERE, 'node_modules', '@gomomento', 'sdk-web', 'package.json'),
    join(HERE, 'node_modules', 'hdr-histogram-js', 'package.json'),
    join(HERE, 'node_modules', 'esbuild', 'package.json'),
  ];
  const hash = createHash('sha256');
  for (const file of inputs) hash.update(`${file}\0${readFileSync(file)}\0`);
  const dir = join(HERE, 'node_modules', '.cache', 'edgecache-bench', `${client}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'page.js')) && statSync(join(dir, 'page.js')).size > 0) return dir;
  // Built beside the final place and renamed into it, so a killed build leaves no half file.
  const building = `${dir}.${process.pid}`;
  mkdirSync(building, { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [inputs[0]],
    outfile: join(building, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    external: ['edgecache'],
    logLevel: 'error',
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}

/** Serves the page, /pkg/* (the package) and /bundle/* on a free loopback port. */
async function servePage(bundleDir) {
  const roots = { '/pkg/': PKG, '/bundle/': bundleDir };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(roots[prefix], path.slice(prefix.length)));
    if (!file || !file.startsWith(roots[prefix])) return res.writeHead(404).end();
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

/** The renderer main thread's busy seconds so far (CDP Performance.getMetrics). */
async function rendererSeconds(cdp) {
  try {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? null;
  } catch {
    return null;
  }
}

/**
 * The protocols (`http/1.1`, `h2`) of the first responses from `server`, from CDP's Network
 * domain, which is turned off again after a few responses so it does not weigh on the run.
 */
async function watchProtocols(cdp, server) {
  const seen = new Set();
  let count = 0;
  cdp.on('Network.responseReceived', ({ response }) => {
    if (!response.url.startsWith(server) || count >= 20) return;
    seen.add(response.protocol);
    if (++count === 20) cdp.send('Network.disable').catch(() => {});
  });
  await cdp.send('Network.enable');
  return seen;
}

async function main() {
  const o = checkPoint(options({ client: ['string', 'edgecache'], scheme: ['string', 'http'], ...POINT_OPTIONS }));
  if (!CLIENTS.includes(o.client)) throw new Error(`--client must be one of ${CLIENTS.join(', ')}`);
  if (!['http', 'https'].includes(o.scheme)) throw new Error('--scheme must be http or https');
  const pageBudgetMs = o.warmupMs + o.secsMs + 60_000;
  watchdog(pageBudgetMs + 30_000, 'chromium.mjs');
  const { chromium } = await import('playwright-core');
  let browser;
  let page;
  try {
    page = await servePage(await bundle(o.client));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--ignore-certificate-errors',
      ],
    });
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    const server = `${o.scheme}://127.0.0.1:${o.port}`;
    const protocols = await watchProtocols(cdp, server);
    const errors = [];
    const samples = {};
    const pending = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    tab.on('console', (m) => {
      const text = m.text();
      if (text === '@window-start' || text === '@window-end') {
        const edge = text.slice('@window-'.length);
        // The orchestrator samples the server on these lines: print first, then sample.
        if (edge === 'start') console.log(text);
        const tree = treeCpuSeconds(process.pid, { includeRoot: false });
        pending.push(
          rendererSeconds(cdp).then((renderer) => {
            samples[edge] = { renderer, tree };
            if (edge === 'end') console.log(text);
          }),
        );
      } else if (m.type() === 'error') {
        errors.push(text);
      }
    });
    const query = new URLSearchParams({
      url: server,
      mix: o.mix,
      valueSize: o.valueSize,
      inFlight: o.inFlight,
      warmupMs: o.warmupMs,
      secsMs: o.secsMs,
      ...(o.cap !== undefined && o.client === 'edgecache' ? { cap: o.cap } : {}),
    });
    await tab.goto(`${page.url}/?${query}`, { timeout: 30_000 });
    await tab.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the page never started: ${errors.join('; ') || 'no error reported'}`);
    });
    const result = await tab.evaluate(() => window.benchResult);
    await Promise.all(pending);
    if (result.error) throw new Error(`in the page: ${result.error}`);
    if (errors.length) console.error(`  page errors: ${errors.slice(0, 3).join('; ')}`);
    if (result.firstError) console.error(`  ${result.errors} errors in the window; first: ${result.firstError}`);
    if (result.unfinished) console.error(`  ${result.unfinished} calls were still unanswered 20 s after the window`);
    const seen = [...protocols];
    if (seen.length === 0) throw new Error('no response from the server was seen');
    if (o.scheme === 'https' && !seen.includes('h2')) {
      throw new Error(`over https the page's requests went over ${seen.join(', ')}, not h2`);
    }
    const { start, end } = samples;
    const renderer = start?.renderer != null && end?.renderer != null ? end.renderer - start.renderer : null;
    const tree =
      start?.tree && end?.tree
        ? { user: end.tree.user - start.tree.user, system: end.tree.system - start.tree.system }
        : null;
    const point = {
      series: o.series,
      runner: `chromium-${o.client}-${o.scheme === 'https' ? 'h2' : 'http'}`,
      mix: o.mix,
      value_size: o.valueSize,
      in_flight: o.inFlight,
      cap: result.cap,
      repeat: o.repeat,
      secs: result.secs,
      ops: result.ops,
      errors: result.errors,
      ops_per_s: result.ops_per_s,
      p50_us: result.p50_us,
      p90_us: result.p90_us,
      p99_us: result.p99_us,
      p999_us: result.p999_us,
      max_us: result.max_us,
      client_cpu_s: renderer ?? 0,
      client_sys_s: 0,
      renderer_cpu_s: renderer,
      browser_cpu_s: tree ? tree.user + tree.system : null,
      browser_sys_s: tree ? tree.system : null,
      server_cpu_s: 0,
      server_max_in_flight: null,
      client_rss_kib: null,
    };
    console.log(JSON.stringify(point));
  } finally {
    await browser?.close().catch(() => {});
    page?.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`chromium.mjs: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
