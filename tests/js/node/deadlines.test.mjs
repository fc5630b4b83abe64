// Ten thousand deadlines (scenario/deadlines.mjs) in Node, over the transport this run uses:
// node:http2 by default, fetch with EDGECACHE_NODE_TRANSPORT=fetch (scripts/test-js runs the
// suite both ways). Every call times out, none before its deadline, none more than 25 ms late.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as edgecache from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { runDeadlines } from '../scenario/deadlines.mjs';

const label = process.env.EDGECACHE_NODE_TRANSPORT === 'fetch' ? 'node-fetch' : 'node';

test(`${label}: 10,000 deadlines of 1-50 ms against a stalled server, none early, none over 25 ms late`, { timeout: 120_000 }, async (t) => {
  const server = await startServer();
  t.after(server.stop);
  const seed = process.env.EDGECACHE_DEADLINES_SEED === undefined ? undefined : Number(process.env.EDGECACHE_DEADLINES_SEED);
  const report = await runDeadlines(edgecache, { url: server.url, label, seed, log: (line) => t.diagnostic(line) });
  assert.deepEqual(report.failures, [], `seed ${report.figures.seed}`);
  assert.ok(report.passed);
});
