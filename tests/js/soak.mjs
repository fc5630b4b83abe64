// Soak: one client in Node runs a bounded number of mixed operations (get, set, delete,
// increment, dictionary set/get/fetch) against a real edgecache-server, and reports whether
// memory settles: the process RSS and the WebAssembly memory after a warm-up and at the end
// (each after a full GC) must not grow more than 5 %; every call must settle, the server must
// see nothing left in flight, and once the client is dropped no timer or socket may keep
// the process alive: it ends by itself.
//
//   node tests/js/soak.mjs --ops 1000000          # the full run (about 10^6 operations)
//   node tests/js/soak.mjs --ops 20000 --json     # what the test suite runs (node/soak.test.mjs)
//
// Options: --ops N (default 20000), --concurrency N (calls in flight, default 16), --json
// (print the result as one `SOAK {json}` line). Prints a progress line every 10 %. Exits 1
// when a check fails. Never calls process.exit: the test measures that it ends by itself.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as ec from 'edgecache';
import { startServer } from './harness/server.mjs';

const MAX_GROWTH = 0.05;
// Short runs (CI's) end while V8 is still settling its compiled code and heap, which moves RSS
// by a few MB either way; they may grow RSS by this much in absolute terms. The wasm memory
// (the client's own heap) and every run of 10⁵ operations or more keep the strict 5 %.
const SHORT_RUN_OPS = 100_000;
const SHORT_RUN_RSS_ALLOWANCE_BYTES = 8 * 1024 * 1024;
const KEYS = 1000;
const MB = 1024 * 1024;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/** A full garbage collection: `--expose-gc` if given, else switched on here. */
function collector() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc');
}

const payload = (i) => `value-${i}-`.padEnd(100 + (i % 900), 'x');

/** One operation, chosen by its index: 35 % get, 25 % set, 10 % delete, 10 % increment, 20 % dictionary. */
async function operation(client, cache, i) {
  const key = `k${(i * 7919) % KEYS}`;
  const pick = i % 20;
  let r;
  if (pick < 7) r = await client.get(cache, key);
  else if (pick < 12) r = await client.set(cache, key, payload(i));
  else if (pick < 14) r = await client.delete(cache, key);
  else if (pick < 16) r = await client.increment(cache, `n${i % 50}`, 1);
  else if (pick < 18) r = await client.dictionarySetField(cache, `d${i % 50}`, `f${i % 10}`, payload(i));
  else if (pick < 19) r = await client.dictionaryGetField(cache, `d${i % 50}`, `f${i % 10}`);
  else r = await client.dictionaryFetch(cache, `d${i % 50}`);
  return r.type === 'Error' ? `${r.errorCode()}: ${r.message()}` : null;
}

/** Memory after full collections, with pauses so V8 can hand freed pages back. */
async function sample(gc) {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { rssBytes: process.memoryUsage.rss(), wasmBytes: ec.wasmMemoryBytes(), heapUsedBytes: process.memoryUsage().heapUsed };
}

/** Ops not timers: handles other than stdio that would keep Node running. */
function lingering() {
  return process.getActiveResourcesInfo().filter((kind) => !['TTYWrap', 'PipeWrap', 'FSReqCallback'].includes(kind));
}

async function soak({ ops, concurrency, log }) {
  const gc = collector();
  const server = await startServer();
  const result = { ops, concurrency, transport: process.env.EDGECACHE_NODE_TRANSPORT ?? 'default', errors: 0, firstErrors: [] };
  try {
    let client = new ec.CacheClient({
      configuration: ec.Configurations.Laptop.latest().withMaxConcurrentRequests(concurrency),
      credentialProvider: ec.CredentialProvider.forMomentoLocal({ port: server.port }),
      defaultTtlSeconds: 600,
    });
    const cache = 'soak';
    if ((await client.createCache(cache)).type !== 'Success') throw new Error('createCache failed');
    // The warm-up covers JIT and wasm tier-up and the connection pool: half of a short run,
    // a tenth of a long one.
    const warmup = Math.floor(ops <= 100_000 ? ops / 2 : ops / 10);
    const started = performance.now();
    let next = 0;
    let settled = 0;
    let lastProgress = 0;
    const run = async (until) => {
      const worker = async () => {
        while (next < until) {
          const error = await operation(client, cache, next++);
          settled++;
          if (error) {
            result.errors++;
            if (result.firstErrors.length < 5) result.firstErrors.push(error);
          }
          if (settled - lastProgress >= ops / 10) {
            lastProgress = settled;
            const seconds = (performance.now() - started) / 1000;
            log(`soak: ${settled}/${ops} ops, ${Math.round(settled / seconds)} ops/s, rss ${(process.memoryUsage.rss() / MB).toFixed(1)} MB, wasm ${(ec.wasmMemoryBytes() / MB).toFixed(2)} MB`);
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await run(warmup);
    result.afterWarmup = { ops: settled, ...(await sample(gc)) };
    await run(ops);
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
    result.settled = settled;
    result.atEnd = await sample(gc);
    const stats = await (await fetch(`${server.url}/stats`)).json();
    result.serverInFlight = stats.in_flight;
    result.serverMaxInFlight = stats.max_in_flight;
    result.serverRequests = stats.total_requests;
    client = null;
  } finally {
    await server.stop();
  }
  // Dropping the client and the server leaves nothing behind once the event loop has turned
  // a few times (the server's process handle closes just after its exit event).
  for (let turn = 0; turn < 50 && lingering().length > 0; turn++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  result.lingering = lingering();
  result.rssGrowth = result.atEnd.rssBytes / result.afterWarmup.rssBytes - 1;
  result.wasmGrowth = result.atEnd.wasmBytes / result.afterWarmup.wasmBytes - 1;
  result.violations = [
    result.settled !== ops && `${result.settled} of ${ops} operations settled`,
    result.errors > 0 && `${result.errors} operations failed: ${result.firstErrors.join('; ')}`,
    result.serverInFlight !== 0 && `${result.serverInFlight} requests still in flight at the server`,
    result.serverMaxInFlight > concurrency && `the server saw ${result.serverMaxInFlight} in flight, cap ${concurrency}`,
    result.rssGrowth > MAX_GROWTH &&
      !(ops < SHORT_RUN_OPS && result.atEnd.rssBytes - result.afterWarmup.rssBytes <= SHORT_RUN_RSS_ALLOWANCE_BYTES) &&
      `RSS grew ${(result.rssGrowth * 100).toFixed(1)} % after the warm-up`,
    result.wasmGrowth > MAX_GROWTH && `WebAssembly memory grew ${(result.wasmGrowth * 100).toFixed(1)} % after the warm-up`,
    result.lingering.length > 0 && `still active after the client was dropped: ${result.lingering.join(', ')}`,
  ].filter(Boolean);
  return result;
}

const json = process.argv.includes('--json');
const result = await soak({ ops: option('ops', 20_000), concurrency: option('concurrency', 16), log: (line) => console.log(line) });
const mb = (bytes) => `${(bytes / MB).toFixed(1)} MB`;
console.log(
  `soak: ${result.settled} ops in ${result.seconds} s (${result.transport} transport, ${result.concurrency} in flight); ` +
    `RSS ${mb(result.afterWarmup.rssBytes)} -> ${mb(result.atEnd.rssBytes)} (${(result.rssGrowth * 100).toFixed(1)} %), ` +
    `wasm ${mb(result.afterWarmup.wasmBytes)} -> ${mb(result.atEnd.wasmBytes)} (${(result.wasmGrowth * 100).toFixed(1)} %)`,
);
for (const violation of result.violations) console.log(`soak: FAIL ${violation}`);
if (json) console.log(`SOAK ${JSON.stringify(result)}`);
if (result.violations.length > 0) process.exitCode = 1;
