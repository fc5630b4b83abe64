// The benchmark's workload, the same as the native one (bench/src/load.rs): N workers loop on
// one event loop, each drawing 80% gets (always hits: every key is written first) and 20% sets
// of one value over 1,000 keys, timing each call from issue to completion into one HDR
// histogram. Plain ESM on web-standard APIs only, so Node and the Chromium page run this file.
import * as hdr from 'hdr-histogram-js';

/** The cache every runner uses; the server creates it at start (`--cache bench`). */
export const CACHE = 'bench';
/** Longest latency the histogram holds: 60 s, in nanoseconds (as the native runner). */
const MAX_NS = 60e9;
/** How long after the window the last calls may take before the figures are taken anyway. */
const STRAGGLER_GRACE_MS = 20_000;

/** The key every runner reads, `k<size>-<i>` (the native runner's names). */
export function key(valueSize, i) {
  return `k${valueSize}-${i}`;
}

/** Distinct keys per value size. */
export function keyCount(valueSize) {
  return valueSize >= 64 * 1024 ? 100 : 1000;
}

/** The value every set writes: `valueSize` bytes of a..z. */
export function valueOf(valueSize) {
  const bytes = new Uint8Array(valueSize);
  for (let i = 0; i < valueSize; i++) bytes[i] = 97 + (i % 26);
  return bytes;
}

/** xorshift32: cheap and deterministic per worker, so every runner draws the same sequence. */
function rng(seed) {
  let x = (Math.imul(seed, 0x9e3779b9) | 1) >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * A client under test as two calls that resolve when the call has finished, and throw on an
 * error (a get that misses is an error: every key was written first).
 */
export function adapt(client, { hit = (r) => r?.type === 'Hit', describe = describeResponse } = {}) {
  return {
    get: async (k) => {
      const r = await client.get(CACHE, k);
      if (!hit(r)) throw new Error(`get ${k}: ${describe(r)}`);
    },
    set: async (k, v) => {
      const r = await client.set(CACHE, k, v);
      if (r?.type !== 'Success') throw new Error(`set ${k}: ${describe(r)}`);
    },
    // Only to write the keys before a run: one call for many keys, so a slow client does not
    // spend most of a short point writing them.
    setBatch: async (keys, v) => {
      const r = await client.setBatch(CACHE, new Map(keys.map((k) => [k, v])));
      if (r?.type !== 'Success') throw new Error(`setBatch of ${keys.length} keys: ${describe(r)}`);
    },
  };
}

/** One line naming a response: its type, and its error code and message if it has one. */
export function describeResponse(r) {
  if (r === null || typeof r !== 'object') return String(r);
  const error = typeof r.errorCode === 'function' ? ` ${r.errorCode()}: ${r.message()}` : '';
  return `${r.type ?? r.constructor?.name}${error}`;
}

/**
 * Writes every key once (in batches of 100 through the client's setBatch), so every get of
 * the run is a hit; a get that misses anyway counts as an error.
 */
export async function populate(ops, valueSize) {
  const keys = Array.from({ length: keyCount(valueSize) }, (_, i) => key(valueSize, i));
  const value = valueOf(valueSize);
  const batch = 100;
  const batches = [];
  for (let i = 0; i < keys.length; i += batch) batches.push(keys.slice(i, i + batch));
  await Promise.all(batches.map((b) => ops.setBatch(b, value)));
  return { keys, value };
}

function newHistogram() {
  return hdr.build({
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_NS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/**
 * Runs one point: `inFlight` workers for `warmupMs` + `secsMs`; only calls that complete inside
 * the measured window count. `now` is a millisecond clock (`performance.now`); `onWindow`
 * is called with 'start' and 'end' as the window opens and closes (for CPU samples);
 * `graceMs` bounds the wait for calls still running when it closes.
 * Resolves to the counts and latency quantiles in microseconds.
 */
export async function runPoint(ops, { mix, valueSize, inFlight, warmupMs, secsMs, now, onWindow = () => {}, graceMs = STRAGGLER_GRACE_MS }) {
  const { keys, value } = await populate(ops, valueSize);
  const histogram = newHistogram();
  const start = now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + secsMs;
  let count = 0;
  let errors = 0;
  let firstError;
  let outstanding = 0;
  const worker = async (id) => {
    const draw = rng(id + 1);
    for (;;) {
      const t0 = now();
      if (t0 >= end) return;
      const r = draw();
      const k = keys[r % keys.length];
      let failed;
      outstanding++;
      try {
        if (mix === 'get-set' && (r >>> 24) % 100 < 20) await ops.set(k, value);
        else await ops.get(k);
      } catch (e) {
        failed = e;
      }
      outstanding--;
      const t1 = now();
      // A failed call is an error, not an operation: a client whose calls all fail shows
      // zero throughput, not the speed of its failures.
      if (t1 >= measureFrom && t1 <= end) {
        if (failed === undefined) {
          count++;
          histogram.recordValue(Math.min(MAX_NS, Math.max(1, Math.round((t1 - t0) * 1e6))));
        } else {
          errors++;
          firstError ??= String(failed?.message ?? failed);
        }
      }
    }
  };
  const workers = Array.from({ length: inFlight }, (_, id) => worker(id));
  // The window markers fire on timers, as in the native runner: a saturated loop delays
  // them a little, which is the same for every client.
  await new Promise((resolve) => setTimeout(() => resolve(onWindow('start')), Math.max(0, measureFrom - now())));
  await new Promise((resolve) => setTimeout(() => resolve(onWindow('end')), Math.max(0, end - now())));
  // Calls that complete after the window never count, so the figures are final now; give
  // the stragglers a moment (they have deadlines), but do not wait on a client that hangs.
  let grace;
  const settled = await Promise.race([
    Promise.all(workers).then(() => true),
    new Promise((resolve) => {
      grace = setTimeout(() => resolve(false), graceMs);
    }),
  ]);
  clearTimeout(grace); // so a finished point leaves no timer holding the event loop
  const us = (q) => histogram.getValueAtPercentile(q) / 1e3;
  const result = {
    secs: secsMs / 1000,
    // Calls still unanswered when the figures were taken (0 when every worker finished).
    unfinished: settled ? 0 : outstanding,
    ops: count,
    errors,
    firstError: firstError ?? null,
    ops_per_s: count / (secsMs / 1000),
    p50_us: us(50),
    p90_us: us(90),
    p99_us: us(99),
    p999_us: us(99.9),
    max_us: histogram.maxValue / 1e3,
  };
  histogram.destroy?.();
  return result;
}
