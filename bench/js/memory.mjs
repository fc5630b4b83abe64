// Memory of edgecache in Node over a long run: `--warmup-ops` operations (get 80% / set 20%,
// 100 B values, `--in-flight` workers), then `--ops` more, sampling every tenth both the wasm
// module's linear memory (`memory.buffer.byteLength`: the Rust heap, which never shrinks, so
// any leak in the SDK shows here) and the process RSS (V8's heap and Node's buffers too).
// Prints the native memory check's JSON plus the wasm figures. Bounded by `--max-secs`.
//
//   node bench/js/memory.mjs --port 8080 [--in-flight 50] [--warmup-ops 100000] [--ops 1000000]
import { createClient, edgecacheWasmMemory, importClient } from './lib/clients.mjs';
import { REQUIRED, options, watchdog } from './lib/args.mjs';
import { adapt, describeResponse, populate } from './lib/workload.mjs';

const VALUE_SIZE = 100;

const rssKib = () => Math.round(process.memoryUsage.rss() / 1024);
const growth = (from, to) => (from > 0 ? ((to - from) * 100) / from : 0);

async function main() {
  const o = options({
    port: ['number', REQUIRED],
    'in-flight': ['number', 50],
    'warmup-ops': ['number', 100_000],
    ops: ['number', 1_000_000],
    'max-secs': ['number', 900],
  });
  watchdog((o.maxSecs + 60) * 1000, 'memory.mjs');
  const sdk = await importClient('edgecache');
  const memory = await edgecacheWasmMemory();
  if (!memory) console.error('  the wasm memory is not reachable in this package build: RSS only');
  const wasmBytes = () => (memory ? memory.buffer.byteLength : null);
  const client = createClient('edgecache', sdk, { port: o.port, cap: o.inFlight });
  const ops = adapt(client, { describe: describeResponse });
  const { keys, value } = await populate(ops, VALUE_SIZE);
  const total = o.warmupOps + o.ops;
  const every = Math.max(1, Math.floor(o.ops / 10));
  const hardEnd = performance.now() + o.maxSecs * 1000;
  const samples = [];
  const wasmSamples = [];
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let measuredFrom;
  let after;
  const worker = async (id) => {
    let x = (id + 1) * 2654435761;
    while (issued++ < total && performance.now() < hardEnd) {
      x = (x * 1103515245 + 12345) >>> 0;
      const k = keys[(x >>> 8) % keys.length];
      try {
        if ((x >>> 24) % 100 < 20) await ops.set(k, value);
        else await ops.get(k);
      } catch {
        errors++;
      }
      const done = ++completed;
      if (done === o.warmupOps) {
        measuredFrom = performance.now();
        after = { rss: rssKib(), wasm: wasmBytes() };
        samples.push([0, after.rss]);
        wasmSamples.push([0, after.wasm]);
      } else if (done > o.warmupOps && (done - o.warmupOps) % every === 0) {
        samples.push([done - o.warmupOps, rssKib()]);
        wasmSamples.push([done - o.warmupOps, wasmBytes()]);
        console.error(`  memory: ${done - o.warmupOps}/${o.ops} ops, RSS ${rssKib()} KiB, wasm ${wasmBytes() ?? '?'} B`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.inFlight }, (_, id) => worker(id)));
  // Past the time bound the check reports what it did; too few operations to say anything fail.
  if (after === undefined) throw new Error(`the warm-up (${o.warmupOps} operations) did not finish within ${o.maxSecs} s`);
  const measured = completed - o.warmupOps;
  if (measured < o.ops) console.error(`  memory: stopped at ${measured} of ${o.ops} operations after ${o.maxSecs} s`);
  if (errors > 0) console.error(`  memory check: ${errors} operations failed`);
  const end = { rss: rssKib(), wasm: wasmBytes() };
  console.log(
    JSON.stringify({
      runner: 'node-edgecache',
      in_flight: o.inFlight,
      warmup_ops: o.warmupOps,
      ops: measured,
      secs: (performance.now() - measuredFrom) / 1000,
      samples,
      rss_after_warmup_kib: after.rss,
      rss_end_kib: end.rss,
      growth_percent: growth(after.rss, end.rss),
      wasm_samples: memory ? wasmSamples : [],
      wasm_after_warmup_bytes: after.wasm,
      wasm_end_bytes: end.wasm,
      wasm_growth_percent: memory ? growth(after.wasm, end.wasm) : null,
      errors,
    }),
  );
  process.exit(0);
}

main().catch((e) => {
  console.error(`memory.mjs: ${e?.stack ?? e}`);
  process.exit(1);
});
