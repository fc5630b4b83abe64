// Runs the Worker in workerd (miniflare) against a local edgecache-server and checks its
// routes. `node --test test.mjs` (scripts/test-js runs it).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { startServer } from '../../tests/js/harness/server.mjs';
import { miniflareOptions } from './miniflare.config.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const WASM = 'edgecache_wasm_bg.wasm';

/** Bundles src/worker.js as wrangler does: the "workerd" entry, the .wasm kept as a module. */
async function bundleWorker() {
  const dir = mkdtempSync(join(tmpdir(), 'edgecache-worker-'));
  await build({
    entryPoints: [join(HERE, 'src/worker.js')],
    bundle: true,
    format: 'esm',
    conditions: ['workerd', 'worker', 'browser'],
    outfile: join(dir, 'worker.mjs'),
    logLevel: 'warning',
    plugins: [
      {
        name: 'wasm-modules',
        setup: (b) => b.onResolve({ filter: /\.wasm$/ }, () => ({ path: `./${WASM}`, external: true })),
      },
    ],
  });
  const pkg = dirname(realpathSync(createRequire(join(HERE, 'package.json')).resolve('edgecache/package.json')));
  copyFileSync(join(pkg, WASM), join(dir, WASM));
  return dir;
}

test('the Worker stores and reads through edgecache in workerd', { timeout: 120_000 }, async (t) => {
  const server = await startServer({ args: ['--cache', 'edge'] });
  const dir = await bundleWorker();
  const mf = new Miniflare(miniflareOptions({ dir, scriptPath: join(dir, 'worker.mjs'), port: server.port }));
  t.after(async () => {
    await mf.dispose();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const miss = await mf.dispatchFetch('http://worker.local/greeting');
  assert.equal(miss.status, 404);
  assert.equal(miss.headers.get('x-cache'), 'miss');
  await miss.arrayBuffer();

  const put = await mf.dispatchFetch('http://worker.local/greeting', { method: 'PUT', body: 'hello from workerd' });
  assert.equal(put.status, 204, await put.text());

  const hit = await mf.dispatchFetch('http://worker.local/greeting');
  assert.equal(hit.status, 200);
  assert.equal(hit.headers.get('x-cache'), 'hit');
  assert.equal(await hit.text(), 'hello from workerd');

  // The client is reused by later requests of the same isolate.
  for (let i = 0; i < 3; i++) {
    const again = await mf.dispatchFetch('http://worker.local/greeting');
    assert.equal(await again.text(), 'hello from workerd');
  }

  const usage = await mf.dispatchFetch('http://worker.local/');
  assert.equal(usage.status, 400);
  await usage.arrayBuffer();
});
