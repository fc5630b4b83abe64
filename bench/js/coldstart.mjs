// Cold start in Node: in a fresh `node` process, import the SDK, create a client, and wait for
// the first get to complete (a hit or a miss; an error fails the run). Runs `--runs` fresh
// processes one after another (after one uncounted run that warms the OS file cache) and
// prints one JSON line with every sample and the medians.
//
//   node bench/js/coldstart.mjs --client edgecache --port 8080 [--runs 9]
//
// `total_ms` is import + create + first get, timed inside the process from just before the
// import; `since_process_start_ms` adds Node's own start-up, the same for every client.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLIENTS, createClient, importClient } from './lib/clients.mjs';
import { REQUIRED, options, watchdog } from './lib/args.mjs';
import { CACHE, describeResponse } from './lib/workload.mjs';

const SELF = fileURLToPath(import.meta.url);
const CHILD_LIMIT_MS = 30_000;

/** One fresh process's figures (this process is the fresh one). */
async function child({ client: name, port }) {
  watchdog(CHILD_LIMIT_MS, 'coldstart.mjs');
  const t0 = performance.now();
  const sdk = await importClient(name);
  const t1 = performance.now();
  const client = createClient(name, sdk, { port });
  const t2 = performance.now();
  const r = await client.get(CACHE, 'cold-start');
  const t3 = performance.now();
  if (r?.type !== 'Hit' && r?.type !== 'Miss') throw new Error(`the first get failed: ${describeResponse(r)}`);
  console.log(
    JSON.stringify({ import_ms: t1 - t0, create_ms: t2 - t1, first_get_ms: t3 - t2, total_ms: t3 - t0, since_process_start_ms: t3 }),
  );
  process.exit(0);
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SELF, '--child', '1', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_LIMIT_MS + 5000);
    proc.once('error', reject);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`a cold-start process exited with ${code} and no figures`));
    });
  });
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

async function parent({ client, port, runs }) {
  if (!CLIENTS.includes(client)) throw new Error(`--client must be one of ${CLIENTS.join(', ')}`);
  if (runs < 1) throw new Error('--runs must be at least 1');
  watchdog((runs + 1) * (CHILD_LIMIT_MS + 6000), 'coldstart.mjs');
  const args = ['--client', client, '--port', String(port)];
  await runChild(args);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const s = await runChild(args);
    console.error(`  cold start ${client} ${i + 1}/${runs}: ${s.total_ms.toFixed(1)} ms (import ${s.import_ms.toFixed(1)}, first get ${s.first_get_ms.toFixed(1)})`);
    samples.push(s);
  }
  const m = (k) => median(samples.map((s) => s[k]));
  console.log(
    JSON.stringify({
      runner: `node-${client}`,
      runs,
      samples_ms: samples.map((s) => s.total_ms),
      median_ms: m('total_ms'),
      median_import_ms: m('import_ms'),
      median_create_ms: m('create_ms'),
      median_first_get_ms: m('first_get_ms'),
      median_since_process_start_ms: m('since_process_start_ms'),
    }),
  );
}

const o = options({ client: ['string', 'edgecache'], port: ['number', REQUIRED], runs: ['number', 9], child: ['string', undefined] });
(o.child ? child(o) : parent(o)).catch((e) => {
  console.error(`coldstart.mjs: ${e?.stack ?? e}`);
  process.exit(1);
});
