// The shared smoke scenario, in Node (the other runtimes run it from run/*.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as edgecache from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { runSmoke, summary } from '../scenario/smoke.mjs';

test('smoke scenario in Node', { timeout: 120_000 }, async (t) => {
  const server = await startServer();
  t.after(server.stop);
  const report = await runSmoke(edgecache, { url: server.url, label: 'node', log: (line) => t.diagnostic(line) });
  t.diagnostic(summary('node', report));
  assert.deepEqual(report.failed, []);
  assert.deepEqual(report.skipped, []);
  assert.ok(report.passed.length >= 12, `only ${report.passed.length} steps passed`);
});
