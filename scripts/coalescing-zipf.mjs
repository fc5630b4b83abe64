// Request coalescing in Node, through the npm package (pkg/, built by scripts/build-pkg): the
// same Zipf(1,000 keys, exponent 1) load as `cargo run --example coalescing`, through two
// clients in one process, coalescing on and off, in interleaved repeats (order swapped each
// repeat) after one discarded warm-up run each. Per run: calls/s, the requests edgecache-server received (its /stats), and the
// process's CPU per call. At the end: median and range of each figure.
//
//   node scripts/coalescing-zipf.mjs [--repeats 5] [--secs 2] [--in-flight 50] [--write-percent 0]
//
// Starts target/debug/edgecache-server (or $EDGECACHE_SERVER_BIN) on a loopback port.
import { startServer } from '../tests/js/harness/server.mjs';
import { adminOf } from '../tests/js/scenario/smoke.mjs';

const KEYS = 1000;
const CACHE = 'zipf';

function options() {
  const o = { repeats: 5, secs: 2, inFlight: 50, writePercent: 0 };
  const names = { '--repeats': 'repeats', '--secs': 'secs', '--in-flight': 'inFlight', '--write-percent': 'writePercent' };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const name = names[args[i]];
    const value = Number(args[i + 1]);
    if (name === undefined || !Number.isFinite(value)) throw new Error(`bad option ${args[i]} ${args[i + 1]}`);
    o[name] = value;
  }
  return o;
}

/** Zipf(1) by inverse CDF over a table of cumulative weights (as the native example). */
function zipf(n) {
  const cdf = [];
  let total = 0;
  for (let k = 1; k <= n; k++) cdf.push((total += 1 / k));
  for (let i = 0; i < n; i++) cdf[i] /= total;
  return (u) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** xorshift32 per worker: deterministic draws in [0, 1). */
function draws(seed) {
  let x = (Math.imul(seed + 1, 0x9e3779b9) | 1) >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

async function run(client, admin, rank, o) {
  await admin.resetStats();
  let calls = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + o.secs * 1000;
  const worker = async (w) => {
    const next = draws(w);
    while (performance.now() < end) {
      const key = `k${rank(next())}`;
      if (next() * 100 < o.writePercent) {
        const r = await client.set(CACHE, key, 'v');
        if (r.type !== 'Success') throw new Error(`set ${key}: ${r.type} ${r.message?.() ?? ''}`);
      } else {
        const r = await client.get(CACHE, key);
        if (r.type !== 'Hit') throw new Error(`get ${key}: ${r.type} ${r.message?.() ?? ''}`);
      }
      calls++;
    }
  };
  await Promise.all(Array.from({ length: o.inFlight }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const stats = await admin.stats();
  const requests = (stats.requests_by_path['/cache_client.Scs/Get'] ?? 0) + (stats.requests_by_path['/cache_client.Scs/Set'] ?? 0);
  return { callsPerSec: calls / elapsed, calls, requests, cpuUsPerCall: (used.user + used.system) / calls };
}

function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1] };
}

async function main() {
  const o = options();
  const ec = await import('../pkg/node.js');
  const server = await startServer();
  try {
    const admin = adminOf(server.adminUrl);
    const client = (on) =>
      new ec.CacheClient({
        configuration: ec.Configurations.Laptop.latest().withMaxConcurrentRequests(o.inFlight).withRequestCoalescing(on),
        credentialProvider: ec.CredentialProvider.forMomentoLocal({ port: server.port }),
        defaultTtlSeconds: 3600,
      });
    const sides = { on: client(true), off: client(false) };
    if ((await sides.off.createCache(CACHE)).type !== 'Success') throw new Error('createCache failed');
    for (let k = 0; k < KEYS; k++) await sides.off.set(CACHE, `k${k}`, 'v');
    const rank = zipf(KEYS);
    // A discarded run per side first: the JIT and the connection settle.
    for (const side of ['on', 'off']) await run(sides[side], admin, rank, o);
    const results = { on: [], off: [] };
    for (let repeat = 0; repeat < o.repeats; repeat++) {
      for (const side of repeat % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
        const f = await run(sides[side], admin, rank, o);
        results[side].push(f);
        console.log(
          `repeat ${repeat} coalescing ${side.padEnd(3)}: ${f.callsPerSec.toFixed(0)} calls/s, ${f.calls} calls, ` +
            `${f.requests} requests (${(f.requests / f.calls).toFixed(3)} per call), ${f.cpuUsPerCall.toFixed(1)} µs CPU per call`,
        );
      }
    }
    for (const side of ['on', 'off']) {
      const rate = summary(results[side].map((f) => f.callsPerSec));
      const perCall = summary(results[side].map((f) => f.requests / f.calls));
      const cpu = summary(results[side].map((f) => f.cpuUsPerCall));
      console.log(
        `node, ${o.inFlight} in flight, ${o.writePercent}% writes, coalescing ${side.padEnd(3)}: ` +
          `calls/s median ${rate.median.toFixed(0)} (range ${rate.min.toFixed(0)}-${rate.max.toFixed(0)}); ` +
          `requests per call median ${perCall.median.toFixed(3)} (range ${perCall.min.toFixed(3)}-${perCall.max.toFixed(3)}); ` +
          `CPU per call median ${cpu.median.toFixed(1)} µs (range ${cpu.min.toFixed(1)}-${cpu.max.toFixed(1)})`,
      );
    }
  } finally {
    await server.stop();
  }
}

await main();
