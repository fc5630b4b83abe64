// The page's plain modules, in Node: the latency histogram, the load loop, the static paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyHistogram } from '../app/histogram.mjs';
import { checkedInteger, runLoad } from '../app/load.mjs';
import { resolveStaticPath } from '../stack.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('histogram percentiles are within one 2% bucket of the exact value, never below', () => {
  const h = new LatencyHistogram();
  const values = Array.from({ length: 10_000 }, (_, i) => 0.05 + (i % 997) * 0.37);
  for (const v of values) h.record(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const p of [50, 90, 99, 99.9]) {
    const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1];
    const got = h.percentile(p);
    assert.ok(got >= exact && got <= exact * 1.021, `p${p}: ${got} vs ${exact}`);
  }
  assert.equal(h.percentile(100), Math.max(...values));
  assert.equal(new LatencyHistogram().percentile(99), 0);
});

test('runLoad keeps the in-flight count, counts errors apart, and ends on time', async () => {
  let inFlight = 0;
  let peak = 0;
  const started = performance.now();
  const result = await runLoad({
    call: async (i) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(5);
      inFlight--;
      if (i % 4 === 0) return { type: 'Error', errorCode: () => 'TIMEOUT_ERROR', message: () => 'too slow' };
      if (i % 4 === 1) throw new Error('boom');
      return { type: 'Hit' };
    },
    inFlight: 8,
    durationMs: 400,
    tickMs: 100,
  });
  const took = performance.now() - started;
  assert.equal(peak, 8);
  assert.ok(result.ops > 0 && result.errors > 0);
  assert.ok(Math.abs(result.errors - result.ops) <= 8, `half the calls fail: ${result.errors} errors, ${result.ops} ops`);
  assert.equal(result.histogram.count, result.ops + result.errors);
  assert.equal(result.firstError, 'TIMEOUT_ERROR: too slow');
  assert.equal(result.unsettled, 0);
  // Never before the duration; the upper bound catches a run that waits for its 20 s
  // settle period instead of its last calls (5 ms each), not the timers' precision.
  assert.ok(took >= 400 && took < 2000, `took ${took} ms`);
  assert.ok(result.series.length >= 2 && result.series.every((p) => p.t <= 0.4));
});

test('runLoad stops on abort, and gives up on calls that never answer', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = performance.now();
  const stopped = await runLoad({ call: () => sleep(10), inFlight: 2, durationMs: 30_000, signal: controller.signal });
  // The abort comes at 100 ms of a 30 s run: under a second means it ended the run.
  assert.ok(performance.now() - started < 1000);
  assert.ok(stopped.ops > 0);

  const hung = await runLoad({ call: () => new Promise(() => {}), inFlight: 3, durationMs: 100, settleMs: 100 });
  assert.deepEqual([hung.ops, hung.errors, hung.unsettled], [0, 0, 3]);
});

test('checkedInteger names the field, the limits and the value', () => {
  assert.equal(checkedInteger('7', { min: 1, max: 200 }, 'in-flight'), 7);
  for (const bad of ['0', '201', '2.5', '', 'x']) {
    assert.throws(() => checkedInteger(bad, { min: 1, max: 200 }, 'in-flight'), new RegExp(`in-flight must be a whole number from 1 to 200, got "${bad}"`));
  }
});

test('the static server maps only the page and pkg/, never a path outside them', () => {
  assert.match(resolveStaticPath('/'), /www\/index\.html$/);
  assert.match(resolveStaticPath('/pkg/browser.js'), /pkg\/browser\.js$/);
  for (const path of ['/pkg/../Cargo.toml', '/app/../stack.mjs', '/app/../../README.md', '/node_modules/x', '/stack.mjs', '/app/']) {
    assert.equal(resolveStaticPath(path), null, path);
  }
});
