// The live benchmark panel: runs the same closed-loop load with edgecache and then (if asked
// and bundled) @gomomento/sdk-web, updating the progress bar, the per-client cards and both
// charts as it goes, and announcing the start and the results.
import { drawLatency, drawThroughput } from './charts.mjs';
import { backendCaches, edgecacheClient, presetConfiguration, sdkWebClient } from './clients.mjs';
import { LIMITS, checkedInteger, describeError, runLoad } from './load.mjs';
import { showResult } from './results.mjs';

const $ = (id) => document.getElementById(id);
const BENCH_CACHE = 'www-bench';
const KEYS = 100;
/** 100 bytes of printable text, different per key so a wrong answer could not look right. */
const valueFor = (i) => `value-${i}-`.padEnd(100, 'abcdefghijklmnopqrstuvwxyz0123456789');
const CALLS = {
  get: (client, i) => client.get(BENCH_CACHE, `key-${i % KEYS}`),
  set: (client, i) => client.set(BENCH_CACHE, `key-${i % KEYS}`, valueFor(i % KEYS)),
  mixed: (client, i) => (i % 2 ? CALLS.get(client, i) : CALLS.set(client, i)),
};

const number = new Intl.NumberFormat('en');
const ms = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;

function card(run) {
  const el = document.createElement('article');
  el.className = 'card';
  el.dataset.client = run.cls;
  el.setAttribute('aria-label', `${run.label} results`);
  el.innerHTML = `<h3></h3><div class="ops" data-field="ops">–</div><div class="hint">ops/s (calls answered without error)</div>
    <dl><dt>calls</dt><dd data-field="calls">0</dd><dt>errors</dt><dd data-field="errors">0</dd>
    <dt>p50</dt><dd data-field="p50">–</dd><dt>p99</dt><dd data-field="p99">–</dd>
    <dt>p99.9</dt><dd data-field="p999">–</dd><dt>max</dt><dd data-field="max">–</dd></dl>
    <p class="hint" data-field="note"></p>`;
  el.querySelector('h3').textContent = run.label;
  el.querySelector('[data-field="note"]').textContent = run.note;
  return el;
}

function updateCard(el, snapshot) {
  const set = (field, text) => (el.querySelector(`[data-field="${field}"]`).textContent = text);
  el.dataset.opsPerSecond = String(Math.round(snapshot.opsPerSecond));
  set('ops', number.format(Math.round(snapshot.opsPerSecond)));
  set('calls', number.format(snapshot.ops + snapshot.errors));
  set('errors', snapshot.errors ? `${number.format(snapshot.errors)} (first: ${snapshot.firstError})` : '0');
  const h = snapshot.histogram;
  if (h.count) {
    set('p50', ms(h.percentile(50)));
    set('p99', ms(h.percentile(99)));
    set('p999', ms(h.percentile(99.9)));
    set('max', ms(h.max));
  }
}

/** Writes the 100 keys the get workload reads, so gets are hits; returns an error text or null. */
async function prepare(client) {
  // The page's token cannot create caches; its backend can.
  const created = await backendCaches.createCache(BENCH_CACHE);
  if (created.type === 'Error') return describeError(created);
  for (let i = 0; i < KEYS; i++) {
    const r = await client.set(BENCH_CACHE, `key-${i}`, valueFor(i));
    if (r.type === 'Error') return describeError(r);
  }
  return null;
}

/** Wires the panel. `context` gives `{edgecache, config, credentials, preset()}`. */
export function setUpBenchmark({ edgecache, config, credentials, preset }) {
  const form = $('bench-form');
  const stopButton = $('bench-stop');
  const startButton = $('bench-start');
  const sdkWebBox = $('bench-sdkweb');
  const progress = $('bench-progress');
  const progressLabel = $('bench-progress-label');
  const status = $('bench-status');
  let controller = null;
  let runs = [];
  let durationSeconds = 5;

  if (config.sdkWeb) {
    sdkWebBox.checked = true;
  } else {
    sdkWebBox.disabled = true;
    sdkWebBox.parentElement.append(' (not bundled: start the page with scripts/www)');
  }

  const redraw = () => {
    drawThroughput($('chart-throughput'), runs, durationSeconds);
    drawLatency($('chart-latency'), runs);
  };
  new ResizeObserver(() => redraw()).observe($('chart-throughput'));

  stopButton.addEventListener('click', () => controller?.abort());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (controller) return;
    let inFlight;
    try {
      inFlight = checkedInteger($('bench-inflight').value, LIMITS.inFlight, 'in-flight');
      durationSeconds = checkedInteger($('bench-duration').value, LIMITS.durationSeconds, 'duration');
    } catch (error) {
      status.textContent = error.message;
      showResult({ call: 'benchmark', outcome: 'error', code: 'INVALID_ARGUMENT_ERROR', detail: error.message });
      return;
    }
    const workload = $('bench-workload').value;
    const presetName = preset();
    const settings = presetConfiguration(edgecache, presetName).getSettings();
    const capNote =
      settings.maxConcurrentRequests === inFlight
        ? `${presetName} preset`
        : `${presetName} preset, in-flight cap ${settings.maxConcurrentRequests} → ${inFlight}`;
    const plan = [
      {
        cls: 'edgecache',
        label: 'edgecache',
        note: `${capNote}; ${workload}`,
        client: async () => edgecacheClient(edgecache, { credentialProvider: credentials.provider, preset: presetName, maxConcurrentRequests: inFlight }),
      },
    ];
    if (sdkWebBox.checked && !sdkWebBox.disabled) {
      plan.push({
        cls: 'sdk-web',
        label: '@gomomento/sdk-web',
        note: `Browser preset, ${settings.timeoutMillis} ms deadline (no in-flight cap); ${workload}`,
        client: async () =>
          sdkWebClient(await import('@gomomento/sdk-web'), { cacheUrl: config.cacheUrl, authToken: credentials.currentToken(), timeoutMillis: settings.timeoutMillis }),
      });
    }

    controller = new AbortController();
    startButton.disabled = true;
    stopButton.disabled = false;
    runs = plan.map((p) => ({ ...p, series: [], histogram: { count: 0 } }));
    const cards = runs.map(card);
    $('bench-cards').replaceChildren(...cards);
    progress.value = 0;
    status.textContent = `Benchmark started: ${inFlight} in flight for ${durationSeconds} s, ${runs.map((r) => r.label).join(' then ')}.`;
    redraw();

    const summaries = [];
    for (const [index, run] of runs.entries()) {
      if (controller.signal.aborted) break;
      progressLabel.textContent = `${run.label}: preparing`;
      try {
        const client = await run.client();
        const failed = await prepare(client);
        if (failed) throw new Error(`could not prepare the ${BENCH_CACHE} cache: ${failed}`);
        const result = await runLoad({
          call: (i) => CALLS[workload](client, i),
          inFlight,
          durationMs: durationSeconds * 1000,
          signal: controller.signal,
          onTick: (snapshot) => {
            run.series = snapshot.series;
            run.histogram = snapshot.histogram;
            updateCard(cards[index], snapshot);
            progress.value = (index + snapshot.fraction) / runs.length;
            progressLabel.textContent = `${run.label}: ${(Math.min(snapshot.elapsedMs, durationSeconds * 1000) / 1000).toFixed(1)} of ${durationSeconds} s, ${number.format(Math.round(snapshot.opsPerSecond))} ops/s`;
            redraw();
          },
        });
        cards[index].dataset.done = 'true';
        const unsettled = result.unsettled ? `, ${result.unsettled} calls unanswered` : '';
        summaries.push(
          `${run.label}: ${number.format(Math.round(result.opsPerSecond))} ops/s, p99 ${ms(result.histogram.percentile(99))}, ${result.errors} errors${unsettled}`,
        );
      } catch (error) {
        cards[index].dataset.done = 'error';
        cards[index].querySelector('[data-field="note"]').textContent = `Failed: ${error.message}`;
        summaries.push(`${run.label}: failed (${error.message})`);
      }
    }
    const stopped = controller.signal.aborted;
    progress.value = stopped ? progress.value : 1;
    progressLabel.textContent = stopped ? 'Stopped' : 'Done';
    status.textContent = `Benchmark ${stopped ? 'stopped' : 'finished'}. ${summaries.join('. ')}.`;
    controller = null;
    startButton.disabled = false;
    stopButton.disabled = true;
    startButton.focus();
  });
}
