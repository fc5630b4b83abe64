// One benchmark point in Node, the JavaScript twin of `edgecache-bench point`: the same
// options, the same `@window-start` / `@window-end` lines around the measured window (the
// orchestrator samples the server's CPU on them), and the same `Point` JSON on the last line.
//
//   node bench/js/point.mjs --client edgecache --port 8080 --in-flight 50 [--cap 50]
//        [--mix get-set] [--value-size 100] [--warmup-ms 1000] [--secs-ms 3000]
//
// Every client runs on Node's one event loop; edgecache-bench pins the process to core 1.
// `--client raw-http2` is no SDK but the raw limit: pre-encoded requests over node:http2.
import { CLIENTS, RAW_CLIENTS, createClient, importClient, rawHttp2Ops } from './lib/clients.mjs';
import { POINT_OPTIONS, checkPoint, options, watchdog } from './lib/args.mjs';
import { adapt, describeResponse, runPoint } from './lib/workload.mjs';

async function main() {
  const o = checkPoint(options({ client: ['string', 'edgecache'], ...POINT_OPTIONS }));
  const known = [...CLIENTS, ...RAW_CLIENTS];
  if (!known.includes(o.client)) throw new Error(`--client must be one of ${known.join(', ')}`);
  watchdog(o.warmupMs + o.secsMs + 45_000, 'point.mjs');
  const isEdgecache = o.client.startsWith('edgecache');
  const cap = isEdgecache ? (o.cap ?? o.inFlight) : undefined;
  let ops;
  if (RAW_CLIENTS.includes(o.client)) {
    ops = await rawHttp2Ops({ port: o.port, valueSize: o.valueSize });
  } else {
    const sdk = await importClient(o.client);
    ops = adapt(createClient(o.client, sdk, { port: o.port, cap }), { describe: describeResponse });
  }
  let cpuStart;
  let cpu;
  const result = await runPoint(ops, {
    mix: o.mix,
    valueSize: o.valueSize,
    inFlight: o.inFlight,
    warmupMs: o.warmupMs,
    secsMs: o.secsMs,
    now: () => performance.now(),
    onWindow: (edge) => {
      if (edge === 'start') {
        console.log('@window-start');
        cpuStart = process.cpuUsage();
      } else {
        cpu = process.cpuUsage(cpuStart);
        console.log('@window-end');
      }
    },
  });
  if (result.firstError) console.error(`  ${result.errors} errors in the window; first: ${result.firstError}`);
  if (result.unfinished) console.error(`  ${result.unfinished} calls were still unanswered 20 s after the window`);
  const point = {
    series: o.series,
    runner: `node-${o.client}`,
    mix: o.mix,
    value_size: o.valueSize,
    in_flight: o.inFlight,
    cap: cap ?? null,
    repeat: o.repeat,
    secs: result.secs,
    ops: result.ops,
    errors: result.errors,
    ops_per_s: result.ops_per_s,
    p50_us: result.p50_us,
    p90_us: result.p90_us,
    p99_us: result.p99_us,
    p999_us: result.p999_us,
    max_us: result.max_us,
    client_cpu_s: (cpu.user + cpu.system) / 1e6,
    client_sys_s: cpu.system / 1e6,
    server_cpu_s: 0,
    server_max_in_flight: null,
    client_rss_kib: Math.round(process.memoryUsage.rss() / 1024),
  };
  console.log(JSON.stringify(point));
  // grpc-js and keep-alive sockets would hold the loop open; the figures are out.
  process.exit(0);
}

main().catch((e) => {
  console.error(`point.mjs: ${e?.stack ?? e}`);
  process.exit(1);
});
