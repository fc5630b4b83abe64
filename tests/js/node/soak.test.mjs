// The short soak (soak.mjs, 20,000 mixed operations) in its own Node process: memory settles
// after the warm-up, nothing stays in flight, and the process ends by itself once the client
// is dropped (a leaked timer or socket would keep it alive).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SOAK = fileURLToPath(new URL('../soak.mjs', import.meta.url));
// With Node's `fetch` forced (a few hundred calls a second here), a quarter of the run.
const OPS = process.env.EDGECACHE_NODE_TRANSPORT === 'fetch' ? 5_000 : 20_000;
const RUN_TIMEOUT_MS = 240_000;
// How long the process may take to end after printing its result: Node tears down in tens of
// ms, while what this catches (a timer or socket left referenced) keeps it alive for good.
const EXIT_WITHIN_MS = 2_000;

test(`soak: ${OPS} mixed operations, then the process ends by itself`, { timeout: RUN_TIMEOUT_MS + 10_000 }, async (t) => {
  const child = spawn(process.execPath, ['--expose-gc', SOAK, '--ops', String(OPS), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  let resultAt;
  child.stdout.on('data', (chunk) => {
    output += chunk;
    if (resultAt === undefined && output.includes('\nSOAK ')) resultAt = performance.now();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)));
  clearTimeout(killer);
  const exitedAfterMs = performance.now() - resultAt;
  for (const line of output.split('\n').filter((l) => l.startsWith('soak: '))) t.diagnostic(line);
  const line = output.split('\n').find((l) => l.startsWith('SOAK '));
  assert.ok(line, `no SOAK line (exit ${code}):\n${output.slice(-2000)}`);
  const result = JSON.parse(line.slice('SOAK '.length));
  t.diagnostic(`exited ${Math.round(exitedAfterMs)} ms after its result`);
  assert.equal(result.settled, OPS);
  assert.equal(result.errors, 0, result.firstErrors.join('; '));
  assert.equal(result.serverInFlight, 0);
  assert.ok(result.serverMaxInFlight <= result.concurrency, `server saw ${result.serverMaxInFlight} in flight`);
  assert.ok(result.wasmGrowth <= 0.05, `wasm memory grew ${(result.wasmGrowth * 100).toFixed(1)} %`);
  assert.deepEqual(result.lingering, []);
  assert.deepEqual(result.violations, []);
  assert.equal(code, 0);
  assert.ok(exitedAfterMs < EXIT_WITHIN_MS, `the process lived on ${Math.round(exitedAfterMs)} ms after its result`);
});
