// Ten thousand deadlines against a stalled edgecache-server: every call must time out, none
// before its deadline by this realm's `performance.now()`, none more than SETTLE_SLACK_MS
// after it. Plain ESM with web-standard APIs only, so Node and a browser page run the same
// code; the runtime's `edgecache` module is passed in.
//
//   const report = await runDeadlines(edgecache, { url, label, log });
//   // report: { passed: boolean, failures: string[], figures: {} }
//
// Deadlines are whole milliseconds from 1 to 50 (what a configuration takes), drawn at random
// per call from a seeded generator; the seed is in the figures, and `seed` replays a run.
// Calls go out in waves of `wave`, started ten per task: most on clients whose in-flight cap the wave
// never reaches, the rest on clients with a cap of two, so that they queue behind stalled
// calls and must time out from the queue at their own deadline. Bounded: `calls` in waves of
// `wave`, each wave settling within its longest deadline plus the slack, or it fails.
//
// Each call is timed against a plain timer started with it (measure.mjs), so a busy event loop
// is not counted against the client. A wave of 100 keeps the runtime from being saturated:
// a call over Node's fetch costs about half a millisecond of CPU, so a wave of 100 is already
// some 50 ms of work, and the HTTP/2 server takes 100 streams per connection.

import { adminOf } from './smoke.mjs';
import { SETTLE_SLACK_MS, bounded, percentile, round, timedAgainstDeadline } from './measure.mjs';

const LONGEST_DEADLINE_MS = 50;
/**
 * Calls started per task. Measured in Node on an idle machine: a wave of 100 started in one
 * task kept the event loop busy 4-15 ms opening its requests, and calls due in that time
 * settled after it, late by the runtime rather than by the client's timer.
 */
const GROUP = 10;
/** Lets the runtime run timers and I/O before the next group starts. */
const yieldTask = () => new Promise((resolve) => setTimeout(resolve, 0));
/** A wave that has not settled by then is stuck, not late. */
const WAVE_TIMEOUT_MS = 10_000;

/** A small seeded generator (mulberry32): uniform in [0, 1). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the calls. `url`: the server (its admin endpoints answer loopback peers). `tls`: the
 * server is HTTPS. `calls`, `wave`: how many, and how many at once. `queuedShare`: the share
 * of calls made on the clients capped at `smallCap`.
 */
// `lateOutliersAllowed`: how many calls may settle SETTLE_SLACK_MS or more late before the run
// fails (0 unless a runner documents a measured limit of its runtime). Early is never allowed.
export async function runDeadlines(
  ec,
  { url, adminUrl = url, label = 'deadlines', tls = false, calls = 10_000, wave = 100, queuedShare = 0.4, smallCap = 2, lateOutliersAllowed = 0, seed, log = () => {} },
) {
  const { CacheClient, Configurations, CredentialProvider, MomentoErrorCode: E } = ec;
  const admin = adminOf(adminUrl);
  const endpoint = new URL(url);
  const credentialProvider = CredentialProvider.forMomentoLocal({
    hostname: endpoint.hostname,
    port: Number(endpoint.port),
    ...(tls ? { endpointOverrides: { cacheEndpoint: url, controlEndpoint: url } } : {}),
  });
  const clientFor = (deadlineMs, cap) =>
    new CacheClient({
      configuration: Configurations.Laptop.latest().withClientTimeoutMillis(deadlineMs).withMaxConcurrentRequests(cap),
      credentialProvider,
      defaultTtlSeconds: 60,
    });
  // Per deadline: one client whose cap a wave never reaches, one that makes calls queue.
  const clients = Array.from({ length: LONGEST_DEADLINE_MS }, (_, i) => ({
    open: clientFor(i + 1, wave),
    capped: clientFor(i + 1, smallCap),
  }));
  const cache = `deadlines-${label}-${Math.random().toString(16).slice(2, 10)}`;
  const setup = clientFor(5000, 50);
  const created = await setup.createCache(cache);
  if (created.type !== 'Success') return { passed: false, failures: [`createCache: ${created.type} ${created.message?.()}`], figures: {} };

  // Answered calls first, as many at once as the setup client's cap: the runtime's
  // connections open, and its code paths load, before the clock matters.
  const warm = await Promise.all(Array.from({ length: 50 }, () => setup.get(cache, 'warm-up')));
  const cold = warm.filter((r) => r.type !== 'Miss');
  if (cold.length) return { passed: false, failures: [`warm-up: ${cold.length} gets did not answer Miss, e.g. ${cold[0].type} ${cold[0].message?.()}`], figures: {} };

  const runSeed = seed ?? Math.floor(Math.random() * 2 ** 32);
  const random = generator(runSeed);
  const failures = [];
  const fail = (message) => {
    if (failures.length < 20) failures.push(message);
    else if (failures.length === 20) failures.push('... (further failures left out)');
  };
  const late = [];
  let lateOutliers = 0;
  let margin = Infinity;
  let queued = 0;
  const started = performance.now();
  await admin.faults({ stall: true });
  await admin.resetStats();
  /** The calls that settled SETTLE_SLACK_MS or more late: `{ call, deadlineMs, calledAt, due, controlRanAt, settled, lateMs }`. */
  const lateCalls = [];
  try {
    for (let first = 0; first < calls; first += wave) {
      const count = Math.min(wave, calls - first);
      const gates = [Promise.resolve()];
      for (let g = 1; g * GROUP < count; g++) gates.push(gates[g - 1].then(yieldTask));
      const results = await bounded(
        Promise.all(
          Array.from({ length: count }, async (_, j) => {
            const deadlineMs = 1 + Math.floor(random() * LONGEST_DEADLINE_MS);
            const inQueue = random() < queuedShare;
            if (inQueue) queued++;
            const client = inQueue ? clients[deadlineMs - 1].capped : clients[deadlineMs - 1].open;
            const key = `k${first + j}`;
            // A group of calls per task: starting a whole wave in one task makes the runtime
            // open its requests in one long run, during which no timer can fire at all.
            await gates[Math.floor(j / GROUP)];
            return timedAgainstDeadline(() => client.get(cache, key), deadlineMs).then((r) => ({ ...r, deadlineMs, inQueue, call: first + j }));
          }),
        ),
        WAVE_TIMEOUT_MS,
        `the wave of calls ${first}..${first + count - 1}`,
      );
      for (const { response, deadlineMs, inQueue, call, ms, lateMs, started: at, settled, controlRanAt } of results) {
        const what = `call ${call} (${deadlineMs} ms deadline${inQueue ? `, cap ${smallCap}` : ''})`;
        if (response.type !== 'Error' || response.errorCode() !== E.TIMEOUT_ERROR) {
          fail(`${what}: ${response.type} ${response.errorCode?.() ?? ''} instead of TIMEOUT_ERROR`);
          continue;
        }
        margin = Math.min(margin, ms - deadlineMs);
        late.push(lateMs);
        if (ms < deadlineMs) fail(`${what} timed out ${round(ms)} ms after it was made, before its deadline: ${response.message()}`);
        if (lateMs >= SETTLE_SLACK_MS) lateCalls.push({ call, deadlineMs, calledAt: at, due: at + deadlineMs, controlRanAt, settled, lateMs: round(lateMs) });
        if (lateMs >= SETTLE_SLACK_MS && ++lateOutliers > lateOutliersAllowed) fail(`${what} settled ${round(lateMs)} ms after its deadline was due (allowed: under ${SETTLE_SLACK_MS} ms)`);
      }
    }
  } catch (e) {
    fail(e?.message ?? String(e));
  }
  const stats = await admin.stats().catch(() => ({}));
  await admin.reset().catch(() => {});
  await setup.deleteCache(cache);
  late.sort((a, b) => a - b);
  const figures = {
    calls,
    wave,
    queuedCalls: queued,
    smallCap,
    seed: runSeed,
    seconds: round((performance.now() - started) / 1000),
    // The least time any call was given beyond its deadline (never negative when it passes).
    minMarginMs: round(margin),
    lateP50Ms: round(percentile(late, 0.5)),
    lateP99Ms: round(percentile(late, 0.99)),
    lateMaxMs: round(late.at(-1)),
    lateOutliers,
    lateOutliersAllowed,
    serverRequests: stats.requests_by_path?.['/cache_client.Scs/Get'],
    serverMaxInFlight: stats.max_in_flight,
  };
  log(`INFO ${label} deadlines: ${JSON.stringify(figures)}`);
  // Each late call's times on this realm's clock, for a trace of what the runtime ran
  // meanwhile (run/chromium-deadlines-trace.mjs).
  return { passed: failures.length === 0, failures, figures, lateCalls };
}
