// The shared workload and the option parser, against a fake client (no server needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REQUIRED, options } from '../lib/args.mjs';
import { adapt, keyCount, runPoint } from '../lib/workload.mjs';

/** A client whose calls take `ms` and whose store is a Map, counting what it was asked. */
function fakeClient(ms, { failGets = false } = {}) {
  const store = new Map();
  const calls = { get: 0, set: 0, setBatch: 0 };
  return {
    calls,
    store,
    get: async (_cache, k) => {
      calls.get++;
      await sleep(ms);
      return failGets || !store.has(k) ? { type: 'Miss' } : { type: 'Hit' };
    },
    set: async (_cache, k, v) => {
      calls.set++;
      await sleep(ms);
      store.set(k, v);
      return { type: 'Success' };
    },
    setBatch: async (_cache, items) => {
      calls.setBatch++;
      await sleep(ms);
      for (const [k, v] of items) store.set(k, v);
      return { type: 'Success' };
    },
  };
}

const run = (client, inFlight, onWindow) =>
  runPoint(adapt(client), { mix: 'get-set', valueSize: 100, inFlight, warmupMs: 50, secsMs: 300, now: () => performance.now(), onWindow });

test('every key is written first, then gets hit and sets are about a fifth', async () => {
  const client = fakeClient(2);
  const edges = [];
  const r = await run(client, 4, (edge) => edges.push(edge));
  assert.deepEqual(edges, ['start', 'end']);
  assert.equal(client.store.size, keyCount(100));
  assert.equal(client.calls.setBatch, 10);
  assert.equal(r.errors, 0);
  assert.ok(r.ops > 0 && r.ops <= client.calls.get + client.calls.set, `ops ${r.ops}`);
  const sets = client.calls.set / (client.calls.get + client.calls.set);
  assert.ok(sets > 0.05 && sets < 0.4, `share of sets ${sets}`);
  // Each call sleeps 2 ms, so no quantile can be below that; they are ordered.
  assert.ok(r.p50_us >= 1900, `p50 ${r.p50_us}`);
  assert.ok(r.p50_us <= r.p90_us && r.p90_us <= r.p99_us && r.p99_us <= r.p999_us, JSON.stringify(r));
  assert.ok(Math.abs(r.ops_per_s - r.ops / 0.3) < 1e-6);
});

test('a get that misses counts as an error with its message', async () => {
  const client = fakeClient(1, { failGets: true });
  const r = await run(client, 2);
  assert.ok(r.errors > 0);
  assert.match(r.firstError, /get k100-\d+: Miss/);
  // Only the sets succeeded: a failed call is not an operation.
  assert.ok(r.ops > 0 && r.ops <= client.calls.set, `ops ${r.ops}, sets ${client.calls.set}`);
});

test('a client whose every call fails has no operations and no latency', async () => {
  const r = await runPoint(adapt(fakeClient(1, { failGets: true })), {
    mix: 'get-only', valueSize: 100, inFlight: 2, warmupMs: 0, secsMs: 100, now: () => performance.now(),
  });
  assert.ok(r.errors > 0);
  assert.equal(r.ops, 0);
  assert.equal(r.ops_per_s, 0);
});

test('a client that never answers cannot hang the point: its figures come after the grace', async () => {
  const client = fakeClient(1);
  let gets = 0;
  const get = client.get;
  // From the 20th get on, calls never settle.
  client.get = (...args) => (++gets >= 20 ? new Promise(() => {}) : get(...args));
  const started = performance.now();
  const r = await runPoint(adapt(client), { mix: 'get-only', valueSize: 100, inFlight: 3, warmupMs: 0, secsMs: 200, now: () => performance.now(), graceMs: 100 });
  assert.ok(performance.now() - started < 5000);
  assert.equal(r.unfinished, 3);
  assert.ok(r.ops >= 1 && r.ops < 20, `ops ${r.ops}`);
});

test('options: numbers, defaults, required and refusals', () => {
  const spec = { port: ['number', REQUIRED], 'in-flight': ['number', 50], mix: ['string', 'get-set'], cap: ['number', undefined] };
  assert.deepEqual(options(spec, ['--port', '8080']), { port: 8080, inFlight: 50, mix: 'get-set' });
  assert.deepEqual(options(spec, ['--port', '1', '--in-flight', '5', '--cap', '7']), { port: 1, inFlight: 5, mix: 'get-set', cap: 7 });
  assert.throws(() => options(spec, []), /--port is required/);
  assert.throws(() => options(spec, ['--port', 'x']), /--port must be a non-negative number, got "x"/);
  assert.throws(() => options(spec, ['--port=-1']), /non-negative/);
  assert.throws(() => options(spec, ['--port', '1', '--nope', '2']), /nope/);
});
