// The playground's stack: edgecache-server on loopback (CORS is on by default; `--tls` serves
// a self-signed certificate) with credentials checked, the backend that holds its super-user
// key (backend.mjs), and a small static server for the page, which hands the page the server's
// URL in /config.json and forwards /token and /caches/* to the backend. `scripts/www` (through
// cli.mjs) and the tests both start it here.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(WWW, '..');
const SERVER_START_TIMEOUT_MS = 15_000;
const BACKEND_START_TIMEOUT_MS = 15_000;
const SERVER_STOP_TIMEOUT_MS = 5_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** `$EDGECACHE_SERVER_BIN`, else target/debug/edgecache-server (under `$CARGO_TARGET_DIR`). */
export function serverBinary() {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  const bin = process.env.EDGECACHE_SERVER_BIN ?? join(targetDir, 'debug/edgecache-server');
  if (!existsSync(bin)) throw new Error(`${bin} not found: build it with cargo build -p edgecache-server`);
  return bin;
}

/**
 * Spawns a child process and resolves to `{url, stop, exited}` once a line of its stdout
 * matches `listening` (its first group is the URL), within `startTimeoutMs`. `name` words its
 * errors; `stdin`, if given, is written to it and closed. The exit hook ends the child if this
 * process dies first; `stop()` asks it to end (SIGTERM), then forces it.
 */
async function startChild({ name, command, args, spawnOptions, stdin, listening, startTimeoutMs }) {
  const child = spawn(command, args, { ...spawnOptions, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  if (stdin !== undefined) child.stdin.end(stdin);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = await new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${message}${stderr ? `: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`${name} did not start within ${startTimeoutMs} ms`), startTimeoutMs);
    child.once('error', (error) => fail(`${name} could not start (${error.message})`));
    const onEarlyExit = (code) => fail(`${name} exited with code ${code}`);
    child.once('exit', onEarlyExit);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = listening.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.removeListener('exit', onEarlyExit);
      resolve(match[1]);
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { url, stop, exited };
}

/**
 * Starts edgecache-server on 127.0.0.1 and resolves to `{url, stop}` once it prints its
 * listening line. `certPath`: with `tls`, where the server writes its certificate (PEM).
 */
export async function startCacheServer({ tls = false, port = 0, certPath, authSecretFile } = {}) {
  const args = ['--host', '127.0.0.1', '--port', String(port)];
  if (tls) args.push('--tls');
  if (tls && certPath) args.push('--write-cert', certPath);
  if (authSecretFile) args.push('--auth-secret-file', authSecretFile);
  // Its own process group, so a terminal's Ctrl-C reaches only us and we stop it in order.
  return startChild({
    name: 'edgecache-server',
    command: serverBinary(),
    args,
    spawnOptions: { detached: true },
    listening: /listening on (https?:\/\/127\.0\.0\.1:\d+)/,
    startTimeoutMs: SERVER_START_TIMEOUT_MS,
  });
}

/** What the static server may serve: the page's own files and the npm package. */
function staticRoots() {
  return [
    { prefix: '/pkg/', dir: join(ROOT, 'pkg') },
    { prefix: '/app/', dir: join(WWW, 'app') },
    { prefix: '/vendor/', dir: join(WWW, 'vendor') },
  ];
}

const PAGE_FILES = { '/': 'index.html', '/index.html': 'index.html', '/style.css': 'style.css' };

/** Maps a request path to a file inside one of the roots, or null (never outside them). */
export function resolveStaticPath(pathname) {
  if (PAGE_FILES[pathname]) return join(WWW, PAGE_FILES[pathname]);
  for (const { prefix, dir } of staticRoots()) {
    if (!pathname.startsWith(prefix)) continue;
    const file = normalize(join(dir, pathname.slice(prefix.length)));
    return file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

/** The backend's routes, forwarded as they are: `GET /token`, `GET /caches`, `POST /caches/*`. */
const BACKEND_ROUTES = /^(GET \/token|GET \/caches|POST \/caches\/(create|delete))$/;

/** Sends the request on to the backend and its answer back. */
async function forward(req, res, backendUrl) {
  try {
    const answer = await fetch(new URL(req.url, backendUrl), { method: req.method });
    res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(await answer.text());
  } catch (error) {
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'Error', message: `backend: ${error.message}` }));
  }
}

/**
 * Serves the page on 127.0.0.1:`port` (0 picks a free one). `config` is what the page reads
 * from /config.json; `backendUrl`, where /token and /caches/* go. Resolves to `{url, close}`.
 */
export async function startPageServer({ port = 0, config, backendUrl }) {
  const server = createServer((req, res) => {
    if (backendUrl && BACKEND_ROUTES.test(`${req.method} ${req.url.split('?', 1)[0]}`)) {
      forward(req, res, backendUrl);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      // The request target is a path; `new URL` would read `//x` as a host, so split by hand.
      pathname = decodeURIComponent(req.url.split(/[?#]/, 1)[0]);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // Nothing is cached: pkg/ and the bundle may be rebuilt while the page is open.
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (pathname === '/config.json') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.json'] }).end(JSON.stringify(config));
      return;
    }
    if (pathname === '/favicon.ico') {
      res.writeHead(204, headers).end();
      return;
    }
    const file = resolveStaticPath(pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: pick another with --port`) : error),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Starts backend.mjs with the key on its stdin (never in its arguments or environment), and
 * resolves to `{url, stop, exited}` once it listens. `certPath`: the server's certificate to
 * trust.
 */
async function startBackend({ apiKey, cacheUrl, certPath }) {
  return startChild({
    name: 'the backend',
    command: process.execPath,
    args: [join(WWW, 'backend.mjs')],
    spawnOptions: { env: { ...process.env, ...(certPath ? { NODE_EXTRA_CA_CERTS: certPath } : {}) } },
    stdin: JSON.stringify({ apiKey, cacheUrl }),
    listening: /backend listening on (http:\/\/127\.0\.0\.1:\d+)/,
    startTimeoutMs: BACKEND_START_TIMEOUT_MS,
  });
}

/** A new random auth secret in `dir` (readable by this user only), and a super-user key for it. */
function authSecretAndKey(dir) {
  const authSecretFile = join(dir, 'auth-secret');
  writeFileSync(authSecretFile, randomBytes(48).toString('base64'), { mode: 0o600 });
  const apiKey = execFileSync(serverBinary(), ['mint-key', '--auth-secret-file', authSecretFile, '--super-user'], {
    encoding: 'utf8',
    timeout: SERVER_START_TIMEOUT_MS,
  }).trim();
  return { authSecretFile, apiKey };
}

/**
 * Starts them all: the cache server, its backend, then the page pointing at both. Resolves to
 * `{pageUrl, cacheUrl, tls, certPath, sdkWeb, serverExited, admin, authorization, stop}`:
 * `admin(path, body)` posts to the server's admin endpoints with the key, and `authorization`
 * is the key as the server reads it (both for tests: the key must never reach the page);
 * `stop()` ends everything, and `serverExited` resolves if the cache server ends on its own.
 */
export async function startStack({ tls = false, port = 0, serverPort = 0 } = {}) {
  const dir = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'www');
  mkdirSync(dir, { recursive: true });
  const certPath = tls ? join(dir, 'edgecache-server-cert.pem') : undefined;
  const { authSecretFile, apiKey } = authSecretAndKey(dir);
  const cache = await startCacheServer({ tls, port: serverPort, certPath, authSecretFile });
  const sdkWeb = existsSync(join(WWW, 'vendor/sdk-web.js'));
  const started = [cache];
  try {
    const backend = await startBackend({ apiKey, cacheUrl: cache.url, certPath });
    started.push(backend);
    const page = await startPageServer({ port, config: { cacheUrl: cache.url, tls, sdkWeb }, backendUrl: backend.url });
    started.push({ stop: page.close });
    // The key's inner token is what the server takes as `authorization`.
    const authorization = JSON.parse(Buffer.from(apiKey, 'base64').toString('utf8')).api_key;
    let stopped;
    return {
      pageUrl: page.url,
      cacheUrl: cache.url,
      tls,
      certPath,
      sdkWeb,
      serverExited: cache.exited,
      authorization,
      admin: (path, body) => fetch(`${cache.url}${path}`, { method: 'POST', headers: { authorization }, body: JSON.stringify(body ?? {}) }),
      stop: () => (stopped ??= Promise.all(started.map((s) => s.stop())).then(() => {})),
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
