// One benchmark point in headless Chromium (Debian's /usr/bin/chromium, spawned directly):
// the page runs the shared workload with edgecache (the package's browser entry, through an
// import map), @gomomento/sdk-web (bundled for the browser by esbuild) or `raw` (no SDK: the
// pre-encoded gRPC-web requests of lib/raw.mjs sent with fetch, the browser's raw limit).
// Same options and output as point.mjs, plus `--scheme`: `http` (the browser uses HTTP/1.1,
// about six connections) or `https` against the server's --tls mode (HTTP/2 through ALPN; the
// self-signed certificate is accepted). An https point fails unless the browser's requests
// to the server go over h2.
//
//   node bench/js/chromium.mjs --client edgecache --scheme https --port 8443 --in-flight 50
//
// No DevTools client is attached to the measured page: DevTools instrumentation (Playwright
// turns on the Network domain on every page) costs every request, and the figures must be the
// browser's. The page reports to this script's page server over HTTP instead (browser/page.mjs).
// The only DevTools use is a short probe page, closed before the measured page is opened,
// that reads the protocol of a request to the server (see `probeProtocols`). The DevTools pipe
// stays open but idle: Chromium exits when it closes, so the browser cannot outlive this
// process even if it is killed.
//
// CPU, from /proc over the window (Chromium inherits this process's core pinning):
// `client_cpu_s` / `renderer_cpu_s` are the page's renderer process (every thread, user +
// kernel; `client_sys_s` its kernel part): of the renderer processes, the one that used the
// most CPU in the window, as an idle spare renderer may exist beside it. `browser_cpu_s` /
// `browser_sys_s` are every Chromium process's (renderer, network service, browser, …).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POINT_OPTIONS, checkPoint, options, watchdog } from './lib/args.mjs';
import { cpuBetween, ownCpus, processTree } from './lib/proc.mjs';
import { GET_PATH, HEADERS, getRequest } from './lib/raw.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const PKG = realpathSync(join(HERE, 'node_modules/edgecache'));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };
const CLIENTS = ['edgecache', 'sdk-web', 'raw'];
const PROFILE_PREFIX = 'edgecache-bench-chromium-';

/** How long the browser may take to answer its first DevTools call, and the page to start. */
const START_TIMEOUT_MS = 30_000;
/** How long the protocol probe may take. */
const PROBE_TIMEOUT_MS = 15_000;
/** How long a graceful close may take before the browser is killed. */
const CLOSE_TIMEOUT_MS = 5_000;
/** After the window: the workload's 20 s grace for unanswered calls, plus the margin to report. */
const AFTER_WINDOW_MS = 40_000;
/** Before the window: browser start, probe, page start and writing the keys. */
const BEFORE_WINDOW_MS = 60_000;

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--ignore-certificate-errors',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-hang-monitor',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  // The measured page is opened as a second tab: keep its timers at full rate whatever
  // Chromium thinks of its visibility (the page also reports that, and a hidden page fails).
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

// Page errors reach this script over HTTP (no DevTools on the page). The capture listener
// also sees resources that failed to load (the bundle, the package's files).
const ERROR_HOOKS = `<script>
  const report = (text) => fetch('/error', { method: 'POST', body: String(text) }).catch(() => {});
  addEventListener('error', (e) => report(e.target === window ? (e.error?.stack ?? e.message) : 'failed to load ' + (e.target.src ?? e.target.href)), true);
  addEventListener('unhandledrejection', (e) => report('unhandled rejection: ' + (e.reason?.stack ?? e.reason)));
</script>`;

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>edgecache-bench</title>
${ERROR_HOOKS}
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module" src="/bundle/page.js"></script>`;

// The probe: one raw Get from a page of the same origin as the measured one, so its request
// takes the same way (cross-origin, uncredentialed, same network partition). The request is
// written into the page (lib/raw.mjs imports hdr-histogram-js, which a page cannot resolve).
const PROBE = `<!doctype html>
<meta charset="utf-8">
<title>edgecache-bench probe</title>
${ERROR_HOOKS}
<script type="module">
  const url = new URLSearchParams(location.search).get('url');
  const body = new Uint8Array(${JSON.stringify([...getRequest('probe')])});
  fetch(url + ${JSON.stringify(GET_PATH)}, { method: 'POST', headers: ${JSON.stringify(HEADERS)}, body }).catch(report);
</script>`;

/**
 * The page's bundle for `client` (esbuild), built once and kept under node_modules/.cache
 * keyed by its inputs, so a run of many points bundles each client once.
 */
async function bundle(client) {
  const inputs = [
    join(HERE, 'browser', `${client}.mjs`),
    join(HERE, 'browser', 'page.mjs'),
    join(HERE, 'lib', 'workload.mjs'),
    join(HERE, 'lib', 'raw.mjs'),
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

/**
 * What the page reports (browser/page.mjs), with a promise for each thing awaited. `onWindow`
 * runs synchronously as a window report arrives.
 */
function pageReports(onWindow) {
  const deferred = () => {
    let resolve;
    const promise = new Promise((r) => (resolve = r));
    return { promise, resolve };
  };
  const started = deferred();
  const result = deferred();
  const errors = [];
  let onError = () => {};
  return {
    started: started.promise,
    result: result.promise,
    errors,
    /** Called with each page error as it comes. */
    set onError(fn) {
      onError = fn;
    },
    receive(path, body) {
      if (path === '/started') started.resolve();
      else if (path === '/window' && (body === 'start' || body === 'end')) onWindow(body);
      else if (path === '/result') result.resolve(body);
      else if (path === '/error') {
        errors.push(body);
        onError(body);
      }
    },
  };
}

/** Serves the page, the probe, /pkg/* (the package), /bundle/* and /lib/*, and takes the page's reports. */
async function servePage(bundleDir, reports) {
  const roots = { '/pkg/': PKG, '/bundle/': bundleDir, '/lib/': join(HERE, 'lib') };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'POST') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(204).end();
        reports.receive(path, Buffer.concat(chunks).toString('utf8'));
      });
      return;
    }
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (path === '/probe') return res.writeHead(200, { 'content-type': 'text/html' }).end(PROBE);
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

/** Rejects after `ms` with `message` (a string, or a function called then), unless `promise` settles first. */
function within(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === 'function' ? message() : message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Removes profile directories left by runs that were killed (their pid is gone). */
function sweepProfiles() {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(PROFILE_PREFIX.length).split('-')[0]);
    if (!name.startsWith(PROFILE_PREFIX) || !pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if (e.code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * Chromium, spawned in its own process group (so the whole tree can be killed at once) with a
 * fresh profile, and a DevTools client over `--remote-debugging-pipe` (fds 3 and 4; messages
 * are JSON ended by a NUL byte). Not Playwright: it attaches to every page and turns on the
 * Network domain, a tax on each request that halved every client's ops/s here; the measured
 * page must run with nothing attached, and a dozen lines of pipe protocol are all the probe
 * needs.
 */
class Browser {
  constructor() {
    sweepProfiles();
    this.profile = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
    this.child = spawn(CHROMIUM, [...FLAGS, '--remote-debugging-pipe', `--user-data-dir=${this.profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    // Chromium is chatty on stderr (D-Bus, …): only the last lines are kept, for errors.
    this.stderr = [];
    this.child.stderr.setEncoding('utf8').on('data', (text) => {
      this.stderr.push(...text.split('\n').filter(Boolean));
      this.stderr.splice(0, this.stderr.length - 8);
    });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.exited = new Promise((_, reject) => {
      const gone = (why) => {
        const error = new Error(`Chromium ${why}${this.stderr.length ? `; its last lines:\n    ${this.stderr.join('\n    ')}` : ''}`);
        this.failAll(error);
        reject(error);
      };
      this.child.once('error', (e) => gone(`could not start (${CHROMIUM}): ${e.message}`));
      this.child.once('exit', (code, signal) => gone(`exited (${signal ?? `code ${code}`})`));
    });
    this.exited.catch(() => {});
    let buffered = Buffer.alloc(0);
    this.child.stdio[4].on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let end = buffered.indexOf(0); end >= 0; end = buffered.indexOf(0)) {
        this.dispatch(JSON.parse(buffered.subarray(0, end).toString('utf8')));
        buffered = buffered.subarray(end + 1);
      }
    });
    this.child.stdio[3].on('error', () => {});
    this.child.stdio[4].on('error', () => {});
  }

  dispatch(message) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) call?.reject(new Error(`${call.method}: ${message.error.message}`));
      else call?.resolve(message.result);
    } else {
      for (const listener of this.listeners) listener(message);
    }
  }

  failAll(error) {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }

  /** One DevTools call, bounded in time; `sessionId` for a page's session. */
  send(method, params = {}, sessionId = undefined, timeoutMs = START_TIMEOUT_MS) {
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => this.pending.set(id, { method, resolve, reject }));
    this.child.stdio[3].write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return within(answer, timeoutMs, `Chromium did not answer ${method} within ${timeoutMs} ms`);
  }

  /** Calls `fn(message)` for every DevTools event; returns the function that stops it. */
  listen(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Closes the browser (gracefully if it answers), kills what is left, removes the profile. */
  async close() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = this.exited.catch(() => {});
      await this.send('Browser.close', {}, undefined, CLOSE_TIMEOUT_MS).catch(() => {});
      await within(exited, CLOSE_TIMEOUT_MS, 'slow close').catch(() => {});
    }
    this.kill();
  }

  /** Synchronous, for the exit paths: kills the process group and removes the profile, once. */
  kill() {
    if (this.killed) return;
    this.killed = true;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * The protocols (`http/1.1`, `h2`) of the browser's requests to `server`, from a probe page on
 * the page server's origin that sends one raw Get, with DevTools' Network domain on for that
 * page only; the probe page is closed afterwards. A page cannot read this itself: Resource
 * Timing's `nextHopProtocol` is empty for a cross-origin response without
 * `Timing-Allow-Origin`, which the server does not send. The measured page is opened next, in
 * the same profile and network partition, and reuses the connection the probe opened.
 */
async function probeProtocols(browser, pageUrl, server, errors) {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
  const protocols = new Set();
  const requests = new Map();
  let stop = () => {};
  try {
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
    const answered = new Promise((resolve, reject) => {
      stop = browser.listen(({ method, params, sessionId: from }) => {
        if (from !== sessionId) return;
        if (method === 'Network.requestWillBeSent' && params.request.url.startsWith(server)) {
          requests.set(params.requestId, params.request.method);
        } else if (method === 'Network.responseReceived' && params.response.url.startsWith(server)) {
          if (params.response.protocol) protocols.add(params.response.protocol);
          // Preflights (OPTIONS) may come first; the Get itself ends the probe.
          if (requests.get(params.requestId) === 'POST') resolve();
        } else if (method === 'Network.loadingFailed' && requests.has(params.requestId)) {
          reject(new Error(`the probe's request to ${server} failed: ${params.errorText}`));
        }
      });
    });
    answered.catch(() => {}); // awaited below; it may fail before that
    await browser.send('Network.enable', {}, sessionId);
    await browser.send('Page.navigate', { url: `${pageUrl}/probe?${new URLSearchParams({ url: server })}` }, sessionId);
    const said = () => (errors.length ? `; the page said: ${errors.join('; ')}` : '');
    await within(answered, PROBE_TIMEOUT_MS, () => `the probe page got no response from ${server} within ${PROBE_TIMEOUT_MS} ms${said()}`);
  } finally {
    stop();
    await browser.send('Target.closeTarget', { targetId }).catch(() => {});
  }
  return [...protocols];
}

/** CPU over the window from two /proc samples of this process's children (all Chromium). */
function windowCpu(start, end) {
  const cpu = [...cpuBetween(start, end).values()];
  const renderers = cpu.filter((p) => p.type === 'renderer');
  // The page's renderer is the busy one; a spare renderer, or the probe's if still exiting, is idle.
  const page = renderers.reduce((best, p) => (best && best.user + best.system >= p.user + p.system ? best : p), null);
  const sum = (key) => cpu.reduce((total, p) => total + p[key], 0);
  return {
    renderer: page ? page.user + page.system : null,
    rendererSys: page ? page.system : 0,
    browser: sum('user') + sum('system'),
    browserSys: sum('system'),
  };
}

/** Fails unless every Chromium process may run only where this process may (its pinning). */
function checkPinning(sample) {
  const own = ownCpus();
  const other = [...sample.entries()].find(([, p]) => p.cpus !== own);
  if (other) {
    throw new Error(`Chromium process ${other[0]} may run on CPUs ${other[1].cpus}, this process on ${own}: the pinning was not inherited`);
  }
}

async function main() {
  const o = checkPoint(options({ client: ['string', 'edgecache'], scheme: ['string', 'http'], ...POINT_OPTIONS }));
  if (!CLIENTS.includes(o.client)) throw new Error(`--client must be one of ${CLIENTS.join(', ')}`);
  if (!['http', 'https'].includes(o.scheme)) throw new Error('--scheme must be http or https');
  const budgetMs = BEFORE_WINDOW_MS + o.warmupMs + o.secsMs + AFTER_WINDOW_MS;
  watchdog(budgetMs + 10_000, 'chromium.mjs');
  const server = `${o.scheme}://127.0.0.1:${o.port}`;
  const samples = {};
  const reports = pageReports((edge) => {
    // The orchestrator samples the server on these lines: print first, then sample; at the
    // end, sample first.
    if (edge === 'start') {
      console.log('@window-start');
      samples.start = processTree(process.pid);
    } else if (samples.start && !samples.end) {
      samples.end = processTree(process.pid);
      console.log('@window-end');
    }
  });
  let browser;
  let page;
  // Every way out (the watchdog, a signal, an error) kills the browser and removes its profile.
  process.on('exit', () => browser?.kill());
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.on(signal, () => process.exit(code));
  try {
    page = await servePage(await bundle(o.client), reports);
    browser = new Browser();
    const failed = browser.exited;
    await Promise.race([browser.send('Browser.getVersion'), failed]);

    const protocols = await Promise.race([probeProtocols(browser, page.url, server, reports.errors), failed]);
    reports.errors.length = 0;
    if (protocols.length === 0) throw new Error(`the probe saw no response from ${server}`);
    console.error(`  browser to server protocol: ${protocols.join(', ')} (DevTools probe, closed before the measured page)`);
    if (o.scheme === 'https' && !protocols.includes('h2')) {
      throw new Error(`over https the browser's requests went over ${protocols.join(', ')}, not h2`);
    }

    const query = new URLSearchParams({
      url: server,
      mix: o.mix,
      valueSize: o.valueSize,
      inFlight: o.inFlight,
      warmupMs: o.warmupMs,
      secsMs: o.secsMs,
      ...(o.cap !== undefined && o.client === 'edgecache' ? { cap: o.cap } : {}),
    });
    // Opened from the browser's own DevTools session, but never attached to.
    const pageFailed = new Promise((_, reject) => {
      reports.onError = (text) => reject(new Error(`the page failed: ${text}`));
    });
    pageFailed.catch(() => {});
    await browser.send('Target.createTarget', { url: `${page.url}/?${query}` });
    await within(Promise.race([reports.started, pageFailed, failed]), START_TIMEOUT_MS, 'the page never started (no error reported)');
    // Once the page runs, its errors are only printed: the result says whether it worked.
    reports.onError = () => {};
    const resultMs = BEFORE_WINDOW_MS / 2 + o.warmupMs + o.secsMs + AFTER_WINDOW_MS;
    const body = await within(
      Promise.race([reports.result, failed]),
      resultMs,
      () =>
        `the page gave no result within ${resultMs} ms (${samples.end ? 'after its window' : samples.start ? 'in its window' : 'before its window: writing the keys?'})` +
        (reports.errors.length ? `; its errors: ${reports.errors.slice(0, 3).join('; ')}` : ''),
    );
    const result = JSON.parse(body);
    if (result.error) throw new Error(`in the page: ${result.error}`);
    if (result.visibility !== 'visible') throw new Error(`the page was ${result.visibility}: its timers may have been throttled`);
    if (!samples.start || !samples.end) throw new Error('the page did not report its window (no CPU samples)');
    checkPinning(samples.end);
    if (reports.errors.length) console.error(`  page errors: ${reports.errors.slice(0, 3).join('; ')}`);
    if (result.firstError) console.error(`  ${result.errors} errors in the window; first: ${result.firstError}`);
    if (result.unfinished) console.error(`  ${result.unfinished} calls were still unanswered 20 s after the window`);
    const cpu = windowCpu(samples.start, samples.end);
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
      client_cpu_s: cpu.renderer ?? 0,
      client_sys_s: cpu.rendererSys,
      renderer_cpu_s: cpu.renderer,
      browser_cpu_s: cpu.browser,
      browser_sys_s: cpu.browserSys,
      server_cpu_s: 0,
      server_max_in_flight: null,
      client_rss_kib: null,
    };
    console.log(JSON.stringify(point));
  } finally {
    await browser?.close();
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
