// Drop-in proof: the official-SDK conformance scenario (server/conformance/scenario.mjs), which
// drives @gomomento/sdk-web, run unchanged with `edgecache` passed in its place. Every group
// must pass: control, scalars, dictionaries, lists, sets, sorted sets, collection TTLs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as edgecache from 'edgecache';
import { runScenario } from '../../../server/conformance/scenario.mjs';
import { startServer } from '../harness/server.mjs';

test('the @gomomento/sdk-web conformance scenario, with only the import changed', { timeout: 120_000 }, async (t) => {
  const server = await startServer();
  t.after(server.stop);
  const result = await runScenario(edgecache, { host: '127.0.0.1', port: server.port }, {
    kind: 'sdk-web',
    label: 'edgecache',
    log: (line) => t.diagnostic(line),
  });
  t.diagnostic(`edgecache: ${result.passed.length} passed, ${result.failed.length} failed`);
  assert.deepEqual(result.failed.map((f) => f.error.message), []);
  assert.deepEqual(result.skippedGroups, []);
  assert.ok(result.passed.length >= 100, `only ${result.passed.length} steps ran`);
});
