// The package itself: its exports map, initialisation from a compiled WebAssembly.Module,
// the size budget, the TypeScript check, and the examples in Node, Deno and Bun.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packageSize, kb } from '../../../js/tools/size.mjs';
import { startServer } from '../harness/server.mjs';

const TESTS_JS = fileURLToPath(new URL('../', import.meta.url));
const PKG = realpathSync(join(TESTS_JS, 'node_modules/edgecache'));
const BIN = join(TESTS_JS, 'node_modules/.bin');
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function node(code, { cwd = TESTS_JS, env = {} } = {}) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

test('the package holds every file its package.json lists, and an ESM exports map', () => {
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  for (const file of pkg.files) assert.ok(existsSync(join(PKG, file)), `missing ${file}`);
  const root = pkg.exports['.'];
  assert.deepEqual(Object.keys(root), ['types', 'workerd', 'edge-light', 'browser', 'deno', 'bun', 'node', 'default']);
  for (const target of Object.values(root)) assert.ok(existsSync(join(PKG, target)), target);
  assert.match(readFileSync(join(PKG, 'workerd.js'), 'utf8'), /from '\.\/edgecache_wasm_bg\.wasm'/);
  assert.match(readFileSync(join(PKG, 'edge-light.js'), 'utf8'), /from '\.\/edgecache_wasm_bg\.wasm\?module'/);
});

test('Node resolves "edgecache" to its node entry and "edgecache/core" to the bare wrapper', () => {
  const r = node(`console.log(import.meta.resolve('edgecache'), import.meta.resolve('edgecache/core'))`);
  assert.equal(r.code, 0, r.err);
  const [main, core] = r.out.split(' ');
  assert.match(main, /\/node\.js$/);
  assert.match(core, /\/edgecache\.js$/);
});

test('edgecache/core: nothing works before init, then initSync takes a compiled WebAssembly.Module', () => {
  const r = node(`
    import { readFileSync } from 'node:fs';
    import * as core from 'edgecache/core';
    let before;
    try { core.Configurations.Edge.latest(); } catch (e) { before = e.message; }
    const bytes = readFileSync(new URL(import.meta.resolve('edgecache/edgecache_wasm_bg.wasm')));
    core.initSync(new WebAssembly.Module(bytes));
    core.initSync(new WebAssembly.Module(bytes)); // idempotent
    console.log(JSON.stringify({ before, cap: core.Configurations.Edge.latest().getMaxConcurrentRequests() }));
  `);
  assert.equal(r.code, 0, r.err);
  const { before, cap } = JSON.parse(r.out);
  assert.match(before, /not initialised/);
  assert.equal(cap, 6);
});

test('edgecache/core: init() accepts a promise of a compiled module, and create() waits for it', () => {
  const r = node(`
    import { readFile } from 'node:fs/promises';
    import * as core from 'edgecache/core';
    const compiled = readFile(new URL(import.meta.resolve('edgecache/edgecache_wasm_bg.wasm'))).then((b) => WebAssembly.compile(b));
    const pending = core.init(compiled);
    const client = await core.CacheClient.create({ credentialProvider: undefined, defaultTtlSeconds: 5 }).catch((e) => e);
    await pending;
    console.log(client.constructor.name, core.CredentialProvider.forMomentoLocal().getCacheEndpoint());
  `, { env: { MOMENTO_API_KEY: '' } });
  assert.equal(r.code, 0, r.err);
  // Without a key in the environment, create() throws the credential error, not "not initialised".
  assert.equal(r.out, 'InvalidArgumentError http://127.0.0.1:8080');
});

// The budget: 165 KB for the cache API and AuthClient (167,973 bytes were used before Topics),
// plus 20 KB that TopicClient added (17,165 bytes measured: the streaming transport, the
// subscription's resume logic and the JavaScript layer). Above the 150 KB target; see
// js/README.md.
const SIZE_BUDGET_KB = 165;
const TOPICS_KB = 20;

test(`size budget: .wasm + glue + wrapper + entry, gzipped, at most ${SIZE_BUDGET_KB} + ${TOPICS_KB} KB (Topics)`, (t) => {
  const { files, total } = packageSize(PKG);
  for (const f of files) t.diagnostic(`${f.name}: ${kb(f.raw)} raw, ${kb(f.gzip)} gzipped`);
  t.diagnostic(`total: ${kb(total.gzip)} gzipped (${total.gzip} bytes) vs @gomomento/sdk-web 205 KB`);
  assert.ok(total.gzip <= (SIZE_BUDGET_KB + TOPICS_KB) * 1024, `${total.gzip} bytes gzipped`);
});

test('TypeScript: a typed example checks with tsc --noEmit (strict)', () => {
  const r = spawnSync(join(BIN, 'tsc'), ['-p', 'types/tsconfig.json'], { cwd: TESTS_JS, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test('examples/node/quickstart.mjs runs under Node, Deno and Bun', { timeout: 180_000 }, async (t) => {
  const server = await startServer();
  t.after(server.stop);
  const runtimes = [
    ['node', process.execPath, []],
    ['deno', join(TESTS_JS, 'node_modules/@deno/linux-x64-glibc/deno'), ['run', '--quiet', '--allow-net=127.0.0.1', '--allow-read', '--allow-env']],
    ['bun', join(BIN, 'bun'), []],
  ];
  for (const [name, bin, args] of runtimes) {
    const r = spawnSync(bin, [...args, 'quickstart.mjs'], {
      cwd: join(EXAMPLES, 'node'),
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, EDGECACHE_PORT: String(server.port), MOMENTO_API_KEY: '', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /user:42 = Ada/, name);
    assert.match(r.stdout, /visits = \d+/, name);
    assert.match(r.stdout, /as expected: .*not exist/, name);
    assert.match(r.stdout, /quickstart done/, name);
    t.diagnostic(`${name}: quickstart ok`);
  }
});

test('examples/node/topics.mjs: three items arrive in order, then the subscription ends', { timeout: 60_000 }, async (t) => {
  const server = await startServer();
  t.after(server.stop);
  const r = spawnSync(process.execPath, ['topics.mjs'], {
    cwd: join(EXAMPLES, 'node'),
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, EDGECACHE_PORT: String(server.port), MOMENTO_API_KEY: '' },
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /^#(\d+): hello\n#(\d+): bytes 1,2,3\n#(\d+): bye\nsubscription ended\n$/);
  const numbers = [...r.stdout.matchAll(/^#(\d+)/gm)].map((m) => Number(m[1]));
  assert.deepEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2]);
});
