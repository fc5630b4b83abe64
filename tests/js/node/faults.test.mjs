// The fault matrix (scenario/faults.mjs) in Node, against a server the test can kill and
// restart on the same port. One subtest per step; each step's figures are printed as
// diagnostics, and a `FIGURES {json}` line closes the run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as edgecache from 'edgecache';
import { startRestartableServer } from '../harness/restartable.mjs';
import { NODE_SIZES, runFaults } from '../scenario/faults.mjs';
import { summary } from '../scenario/smoke.mjs';

// Node's `fetch` carries a few hundred calls a second on this kind of machine: with it
// forced, the volume step issues a tenth of the requests so the rerun stays short.
const overFetch = process.env.EDGECACHE_NODE_TRANSPORT === 'fetch';
const sizes = overFetch ? { ...NODE_SIZES, capCallsEach: 2 } : NODE_SIZES;
const label = overFetch ? 'node-fetch' : 'node';

test('fault matrix in Node', { timeout: 300_000 }, async (t) => {
  const server = await startRestartableServer();
  t.after(() => server.stop());
  const report = await runFaults(edgecache, {
    url: server.url,
    label,
    sizes,
    restartServer: ({ caches }) => server.restart({ downMs: 1000, caches }),
    log: (line) => t.diagnostic(line),
  });
  t.diagnostic(summary('node faults', report));
  t.diagnostic(`FIGURES ${JSON.stringify(report.figures)}`);
  for (const step of report.passed) await t.test(step, () => {});
  for (const { step, message } of report.failed) {
    await t.test(step, () => assert.fail(message));
  }
  assert.deepEqual(report.skipped, []);
  assert.equal(report.passed.length + report.failed.length, 11);
});
