// The short Topics soak (topics-soak.mjs) in its own Node process: one subscription's memory
// stays flat while it receives messages, every message arrives in order, and subscribe/
// unsubscribe cycles leave no subscription counted by the client or the server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SOAK = fileURLToPath(new URL('../topics-soak.mjs', import.meta.url));
// Node's fetch (HTTP/1.1) publishes a few times slower: a smaller run.
const [MESSAGES, CYCLES] = process.env.EDGECACHE_NODE_TRANSPORT === 'fetch' ? [2_000, 200] : [5_000, 500];
const RUN_TIMEOUT_MS = 120_000;

test(`topics soak: ${MESSAGES} messages to one subscription, then ${CYCLES} subscribe/unsubscribe cycles`, { timeout: RUN_TIMEOUT_MS + 10_000 }, async (t) => {
  const child = spawn(process.execPath, ['--expose-gc', SOAK, '--messages', String(MESSAGES), '--cycles', String(CYCLES), '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)));
  clearTimeout(killer);
  for (const line of output.split('\n').filter((l) => l.startsWith('topics soak: '))) t.diagnostic(line);
  const line = output.split('\n').find((l) => l.startsWith('SOAK '));
  assert.ok(line, `no result line (exit ${code}):\n${output}`);
  const result = JSON.parse(line.slice(5));
  assert.deepEqual(result.violations, []);
  assert.equal(result.received, MESSAGES);
  assert.equal(result.serverSubscribers, 0);
  assert.equal(code, 0);
});
