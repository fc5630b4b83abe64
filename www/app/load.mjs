// A closed-loop load: `inFlight` workers each issue their next call as soon as the last one
// answers, until the duration is over or the run is stopped. Client-agnostic: it gets a
// `call(i)` that returns a response, so edgecache and @gomomento/sdk-web run the same loop.
import { LatencyHistogram } from './histogram.mjs';

export const LIMITS = { inFlight: { min: 1, max: 200 }, durationSeconds: { min: 1, max: 60 } };
/** After the duration, calls still on the wire get this long before the run gives up on them. */
const SETTLE_MS = 20_000;

/** Whether a response (of either SDK) is an error; a rejected promise counts too. */
export function isErrorResponse(response) {
  return response instanceof Error || response?.type === 'Error';
}

/** `"CODE: message"` of an error response or exception. */
export function describeError(response) {
  if (typeof response?.errorCode === 'function') return `${response.errorCode()}: ${response.message()}`;
  return `exception: ${response?.message ?? String(response)}`;
}

/** Clamps a number from a form into [min, max] as an integer, or throws with the limits. */
export function checkedInteger(value, { min, max }, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(String(value))}`);
  }
  return n;
}

/**
 * Runs the load. `onTick(snapshot)` is called every `tickMs` and at the end, with
 * `{elapsedMs, fraction, ops, errors, opsPerSecond, series, histogram, firstError}`, where
 * `series` is `[{t, opsPerSecond}]` per tick. Resolves to the final snapshot (plus
 * `unsettled`, calls still unanswered `settleMs` after the end, when the run stops waiting).
 */
export async function runLoad({ call, inFlight, durationMs, onTick = () => {}, signal, tickMs = 250, settleMs = SETTLE_MS }) {
  const histogram = new LatencyHistogram();
  const series = [];
  let ops = 0;
  let errors = 0;
  let firstError = null;
  let next = 0;
  let pending = 0;
  const start = performance.now();
  const end = start + durationMs;
  const running = () => !signal?.aborted && performance.now() < end;

  const snapshot = () => {
    // Uncapped: calls that land after the duration count, and so does the time they took.
    const elapsedMs = performance.now() - start;
    return {
      elapsedMs,
      fraction: Math.min(1, elapsedMs / durationMs),
      ops,
      errors,
      opsPerSecond: elapsedMs > 0 ? (ops * 1000) / elapsedMs : 0,
      series,
      histogram,
      firstError,
    };
  };

  let lastTickAt = start;
  let lastTickOps = 0;
  const tick = () => {
    const now = performance.now();
    const interval = now - lastTickAt;
    // A short last interval (the run's tail) would plot as a spike or a cliff: leave it out.
    if (interval >= tickMs / 2 && now - start <= durationMs + tickMs / 2) {
      series.push({ t: Math.min(now - start, durationMs) / 1000, opsPerSecond: ((ops - lastTickOps) * 1000) / interval });
    }
    lastTickAt = now;
    lastTickOps = ops;
    onTick(snapshot());
  };
  const ticker = setInterval(tick, tickMs);

  const worker = async () => {
    while (running()) {
      const i = next++;
      const sent = performance.now();
      pending++;
      let response;
      try {
        response = await call(i);
      } catch (error) {
        response = error instanceof Error ? error : new Error(String(error));
      }
      pending--;
      histogram.record(performance.now() - sent);
      if (isErrorResponse(response)) {
        errors++;
        firstError ??= describeError(response);
      } else {
        ops++;
      }
    }
  };

  const workers = Promise.all(Array.from({ length: inFlight }, worker));
  // The calls themselves have deadlines, but the page must finish even if a client has none.
  let settleTimer;
  const settled = new Promise((resolve) => {
    const waitForEnd = () => {
      settleTimer = setTimeout(resolve, settleMs);
    };
    const untilEnd = Math.max(0, end - performance.now());
    const endTimer = setTimeout(waitForEnd, untilEnd);
    signal?.addEventListener('abort', () => {
      clearTimeout(endTimer);
      waitForEnd();
    });
  });
  await Promise.race([workers, settled]);
  clearTimeout(settleTimer);
  clearInterval(ticker);
  tick();
  return { ...snapshot(), unsettled: pending };
}
