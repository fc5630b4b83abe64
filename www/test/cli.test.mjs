// The command path of scripts/www: cli.mjs starts the stack, prints the URL, serves the page
// and the package, and stops everything on Ctrl-C (SIGINT).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../cli.mjs', import.meta.url));
const WAIT_MS = 20_000;

/** Resolves with the first stdout line matching `pattern`, bounded by WAIT_MS. */
function lineMatching(child, pattern, seen) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${WAIT_MS} ms:\n${seen.join('\n')}`)), WAIT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      seen.push(line);
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

function exitOf(child) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not exit within ${WAIT_MS} ms`)), WAIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

test('prints the URL, serves the page, and stops both servers on Ctrl-C', async () => {
  const child = spawn(process.execPath, [CLI, '--port', '0'], { cwd: WWW, stdio: ['ignore', 'pipe', 'inherit'] });
  const seen = [];
  try {
    const ready = lineMatching(child, /playground ready at (http:\/\/127\.0\.0\.1:\d+\/)/, seen);
    const [, pageUrl] = await ready;
    const cacheUrl = /edgecache-server on (\S+)/.exec(seen.join('\n'))[1];

    const page = await fetch(pageUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="importmap">/);
    const config = await (await fetch(new URL('config.json', pageUrl))).json();
    assert.deepEqual({ cacheUrl: config.cacheUrl, tls: config.tls }, { cacheUrl, tls: false });
    const wasm = await fetch(new URL('pkg/edgecache_wasm_bg.wasm', pageUrl));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.ok(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer())), 'the package .wasm is served intact');
    // An encoded slash survives URL normalisation, so this reaches the server as a traversal.
    assert.equal((await fetch(`${pageUrl}pkg/..%2f..%2fCargo.toml`)).status, 404);
    assert.equal((await fetch(`${cacheUrl}/health`)).status, 200);

    const exited = exitOf(child);
    child.kill('SIGINT');
    assert.deepEqual(await exited, { code: 0, signal: null });
    assert.ok(seen.some((line) => /www: stopped/.test(line)), seen.join('\n'));
    await assert.rejects(fetch(`${cacheUrl}/health`), 'edgecache-server is gone');
    await assert.rejects(fetch(pageUrl), 'the page server is gone');
  } finally {
    child.kill('SIGKILL');
  }
});

test('--help explains the options; a bad port is refused with a clear message', () => {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', timeout: WAIT_MS });
  assert.equal(help.status, 0);
  for (const option of ['--port', '--server-port', '--tls', '--open']) assert.match(help.stdout, new RegExp(option));
  const bad = spawnSync(process.execPath, [CLI, '--port', '70000'], { encoding: 'utf8', timeout: WAIT_MS });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--port must be a port number between 0 and 65535, got "70000"/);
});
