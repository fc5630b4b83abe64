// Measuring helpers for the scenarios (faults.mjs, deadlines.mjs, smoke.mjs): bounded steps
// and pools, settle times against a deadline or an abort, percentiles, and the server's
// per-RPC request counts.

export class Failure extends Error {}

export function check(condition, message) {
  if (!condition) throw new Failure(message);
}

export function describe(r) {
  if (r === null || typeof r !== 'object') return String(r);
  const code = typeof r.errorCode === 'function' ? ` ${r.errorCode()} ${r.message()}` : '';
  return `${r.type}${code}`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function bounded(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Failure(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs `task(i)` for i in 0..count with at most `concurrency` running; resolves to the results. */
export async function pool(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Calls `fn` and measures how long its promise took to settle, in ms. */
export async function timed(fn) {
  const started = performance.now();
  const response = await fn();
  return { response, ms: performance.now() - started, started, settled: performance.now() };
}

/**
 * How long a call may take past its deadline, or past its abort, to settle: the client's
 * promise to its callers. It covers the runtime's timer, the event loop and the glue.
 */
export const SETTLE_SLACK_MS = 25;

/**
 * Makes the call `fn()` on a client whose deadline is `deadlineMs` and times it against that
 * deadline, by this realm's `performance.now()`.
 *
 * Which instant the deadline starts from: the package reads the clock when the call enters
 * `WasmCacheClient.invoke`, synchronously inside the method call, after a few microseconds of
 * argument handling (js/src/cache-client.js, src/js/mod.rs). `calledAt` is read just before the
 * call, so it is that instant, a few microseconds early at most: `ms`, settled minus
 * `calledAt`, is never less than the time the client gave the call, and a call that settles
 * with `ms < deadlineMs` timed out early.
 *
 * A plain `setTimeout` of the deadline, started just before the call, is the control: a
 * loaded machine makes every timer late, and the client cannot be faster than the event loop.
 * `lateMs` is settled minus the later of when the deadline was due and when the control ran
 * (or minus settled itself when the control had not run yet: then the client settled sooner
 * than a plain timer could).
 */
export async function timedAgainstDeadline(fn, deadlineMs) {
  let controlRanAt;
  const control = setTimeout(() => {
    controlRanAt = performance.now();
  }, deadlineMs);
  const calledAt = performance.now();
  const response = await fn();
  const settled = performance.now();
  clearTimeout(control);
  const due = Math.max(calledAt + deadlineMs, controlRanAt ?? settled);
  return { response, ms: settled - calledAt, lateMs: settled - due, started: calledAt, settled, controlRanAt };
}

/**
 * Makes the call `fn(signal)` and aborts `signal` after `afterMs` from a plain `setTimeout`,
 * timing the call against the moment it was aborted (`abortedAt`, read in that timer's
 * callback just before `abort()`, which is when the call's cancellation starts):
 * `afterAbortMs` is settled minus `abortedAt`, `undefined` if the call settled before the
 * abort.
 */
export async function timedAgainstAbort(fn, afterMs) {
  const controller = new AbortController();
  let abortedAt;
  const timer = setTimeout(() => {
    abortedAt = performance.now();
    controller.abort();
  }, afterMs);
  const calledAt = performance.now();
  const response = await fn(controller.signal);
  const settled = performance.now();
  clearTimeout(timer);
  return { response, ms: settled - calledAt, afterAbortMs: abortedAt === undefined ? undefined : settled - abortedAt };
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
}

export const round = (ms) => Math.round(ms * 10) / 10;

/** Requests the server counted for one RPC (`Get`, `Increment`, ...), whatever its service. */
export function requestsFor(stats, rpc) {
  return Object.entries(stats.requests_by_path ?? {})
    .filter(([path]) => path.endsWith(`/${rpc}`))
    .reduce((sum, [, n]) => sum + n, 0);
}

export function codesOf(responses) {
  const counts = {};
  for (const r of responses) {
    const key = r.type === 'Error' ? r.errorCode() : r.type;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
