// Topics soak in Node: one subscription receives a bounded number of messages from a publisher
// in the same process, against a real edgecache-server, and memory must stay flat: the
// WebAssembly memory and the JS heap after a warm-up and at the end (each after full
// collections) may not grow more than 5 % (short runs: the heap by at most 4 MB). Every message
// must arrive once, in order, with consecutive sequence numbers or a reported discontinuity.
// Then `--cycles` subscribe/unsubscribe cycles must leave no subscription counted, by the
// client or by the server.
//
//   node tests/js/topics-soak.mjs --messages 100000 --cycles 10000   # the full run
//   node tests/js/topics-soak.mjs --messages 5000 --cycles 500        # the test suite's run
//
// Options: --messages N (default 5000), --cycles N (default 500), --json (one `SOAK {json}`
// line). Exits 1 when a check fails.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as ec from 'edgecache';
import { startServer } from './harness/server.mjs';

const MAX_GROWTH = 0.05;
const SHORT_RUN_MESSAGES = 50_000;
const SHORT_RUN_HEAP_ALLOWANCE_BYTES = 4 * 1024 * 1024;
// Publishes in flight: enough to keep the subscriber busy, few enough that it keeps up.
const PUBLISHERS = 4;
const WAIT_MS = 30_000;
const MB = 1024 * 1024;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

function collector() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc');
}

async function sample(gc) {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { wasmBytes: ec.wasmMemoryBytes(), heapUsedBytes: process.memoryUsage().heapUsed, rssBytes: process.memoryUsage.rss() };
}

async function until(condition, what) {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > WAIT_MS) throw new Error(`${what}: not after ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function soak({ messages, cycles, log }) {
  const gc = collector();
  // Frequent heartbeats: over HTTP/1.1 (Node's fetch) the server notices a client's aborted
  // stream only when it next writes to it.
  const server = await startServer({ args: ['--cache', 'soak', '--topic-heartbeat-ms', '200'] });
  const result = { messages, cycles, transport: process.env.EDGECACHE_NODE_TRANSPORT ?? 'default', publishErrors: 0 };
  try {
    const credentialProvider = ec.CredentialProvider.forMomentoLocal({ port: server.port });
    const topics = new ec.TopicClient({ credentialProvider });
    let received = 0;
    let outOfOrder = 0;
    let discontinuities = 0;
    let errors = 0;
    let last;
    const subscription = await topics.subscribe('soak', 'stream', {
      onItem: (item) => {
        const at = item.sequenceNumber();
        if (last !== undefined && at !== last + 1) outOfOrder++;
        last = at;
        received++;
      },
      onDiscontinuity: (gap) => {
        discontinuities++;
        last = gap.newSequenceNumber();
      },
      onError: () => errors++,
    });
    if (subscription.type !== 'Subscription') throw new Error(`subscribe: ${subscription}`);
    const started = performance.now();
    let next = 0;
    const publish = async (count) => {
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const r = await topics.publish('soak', 'stream', `message-${i}-`.padEnd(100 + (i % 400), 'x'));
          if (r.type !== 'Success') result.publishErrors++;
          if (i > 0 && i % (messages / 10) === 0) {
            log(`topics soak: ${i}/${messages} published, ${received} received, wasm ${(ec.wasmMemoryBytes() / MB).toFixed(2)} MB`);
          }
        }
      };
      await Promise.all(Array.from({ length: PUBLISHERS }, worker));
      await until(() => received + discontinuities >= count || errors > 0, `${count} messages received`);
    };
    const warmup = Math.floor(messages <= 100_000 ? messages / 2 : messages / 10);
    await publish(warmup);
    result.afterWarmup = { received, ...(await sample(gc)) };
    await publish(messages);
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
    result.atEnd = { received, ...(await sample(gc)) };
    Object.assign(result, { received, outOfOrder, discontinuities, errors });
    subscription.unsubscribe();

    // Subscribe/unsubscribe cycles, each waiting for the server's first message.
    let refused = 0;
    for (let i = 0; i < cycles; i++) {
      const cycle = await topics.subscribe('soak', `cycle-${i % 10}`, {});
      if (cycle.type === 'Subscription') cycle.unsubscribe();
      else refused++;
    }
    result.cycleFailures = refused;
    await until(() => topics.openSubscriptions === 0, 'the client to count no subscription');
    result.clientSubscriptions = topics.openSubscriptions;
    // The server lets go of a cancelled stream a moment after the client: up to 2 s.
    let stats;
    for (let i = 0; i < 200 && (stats = await (await fetch(`${server.url}/stats`)).json()).subscribers !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    result.serverSubscribers = stats.subscribers;
    result.serverSubscriptionsOpened = stats.subscriptions_opened;
  } finally {
    await server.stop();
  }
  result.wasmGrowth = result.atEnd.wasmBytes / result.afterWarmup.wasmBytes - 1;
  result.heapGrowth = result.atEnd.heapUsedBytes / result.afterWarmup.heapUsedBytes - 1;
  result.violations = [
    result.publishErrors > 0 && `${result.publishErrors} publishes failed`,
    result.received + result.discontinuities < messages && `${result.received} of ${messages} messages received`,
    result.outOfOrder > 0 && `${result.outOfOrder} items out of order without a discontinuity`,
    result.errors > 0 && `the subscription reported ${result.errors} errors`,
    result.wasmGrowth > MAX_GROWTH && `WebAssembly memory grew ${(result.wasmGrowth * 100).toFixed(1)} % after the warm-up`,
    result.heapGrowth > MAX_GROWTH &&
      !(messages < SHORT_RUN_MESSAGES && result.atEnd.heapUsedBytes - result.afterWarmup.heapUsedBytes <= SHORT_RUN_HEAP_ALLOWANCE_BYTES) &&
      `the JS heap grew ${(result.heapGrowth * 100).toFixed(1)} % after the warm-up`,
    result.cycleFailures > 0 && `${result.cycleFailures} of ${cycles} subscribe cycles failed`,
    result.clientSubscriptions !== 0 && `the client still counts ${result.clientSubscriptions} subscriptions`,
    result.serverSubscribers !== 0 && `the server still counts ${result.serverSubscribers} subscribers`,
  ].filter(Boolean);
  return result;
}

const json = process.argv.includes('--json');
const result = await soak({ messages: option('messages', 5000), cycles: option('cycles', 500), log: (line) => console.log(line) });
const mb = (bytes) => `${(bytes / MB).toFixed(2)} MB`;
console.log(
  `topics soak: ${result.received} of ${result.messages} messages in ${result.seconds} s (${result.transport} transport), ` +
    `${result.discontinuities} discontinuities; wasm ${mb(result.afterWarmup.wasmBytes)} -> ${mb(result.atEnd.wasmBytes)} ` +
    `(${(result.wasmGrowth * 100).toFixed(1)} %), JS heap ${mb(result.afterWarmup.heapUsedBytes)} -> ${mb(result.atEnd.heapUsedBytes)} ` +
    `(${(result.heapGrowth * 100).toFixed(1)} %); ${result.cycles} subscribe/unsubscribe cycles leave ` +
    `${result.clientSubscriptions} counted by the client, ${result.serverSubscribers} by the server`,
);
for (const violation of result.violations) console.log(`topics soak: FAIL ${violation}`);
if (json) console.log(`SOAK ${JSON.stringify(result)}`);
if (result.violations.length > 0) process.exitCode = 1;
