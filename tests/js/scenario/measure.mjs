// Measuring helpers for the fault matrix (faults.mjs): bounded steps and pools, settle
// times against a deadline, percentiles, and the server's per-RPC request counts.

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
 * Like `timed`, with a plain `setTimeout` of the deadline started alongside as a control: a
 * loaded machine makes every timer late, and `lateMs` (settled minus when the deadline was
 * due, or when the control timer actually ran if that was later) is what the client itself
 * added.
 */
export async function timedAgainstDeadline(fn, deadlineMs) {
  const started = performance.now();
  let controlRanAt;
  const control = setTimeout(() => {
    controlRanAt = performance.now();
  }, deadlineMs);
  const response = await fn();
  const settled = performance.now();
  clearTimeout(control);
  const due = Math.max(started + deadlineMs, controlRanAt ?? 0);
  return { response, ms: settled - started, lateMs: settled - due, started, settled };
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
