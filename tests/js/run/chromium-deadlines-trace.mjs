// What held up the late calls of the Chromium deadline scenario: runs scenario/deadlines.mjs
// once in headless Chromium with a performance trace (the DevTools protocol's Tracing domain),
// then prints, for every call that settled SETTLE_SLACK_MS or more after its deadline, what the
// page's main thread did between the deadline and the settlement: garbage-collection pauses,
// other tasks, and time when it ran nothing. A diagnostic, not a test step (a trace of 10,000
// calls is some 750,000 events and slows the page).
//
//   node run/chromium-deadlines-trace.mjs [http|h2] [calls]
import { startServer } from '../harness/server.mjs';
import { servePage, withChromium } from './browser.mjs';
import { within } from './common.mjs';

const [transport = 'http', callsArg = '10000'] = process.argv.slice(2);
const tls = transport === 'h2';
const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'disabled-by-default-v8.gc', 'blink.user_timing'].join(',');

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>edgecache deadlines, traced</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module">
  import * as edgecache from 'edgecache';
  import { runDeadlines } from '/scenario/deadlines.mjs';
  const params = new URLSearchParams(location.search);
  window.run = () => {
    // The page's clock at a mark the trace also records: how the two clocks line up.
    performance.mark('edgecache-clock');
    const clockAt = performance.getEntriesByName('edgecache-clock')[0].startTime;
    return runDeadlines(edgecache, {
      url: params.get('url'),
      label: 'traced',
      tls: params.get('tls') === '1',
      calls: Number(params.get('calls')),
      lateOutliersAllowed: Infinity,
    }).then((report) => ({ ...report, clockAt }));
  };
</script>`;

const server = await startServer({ tls });
const page = await servePage(PAGE);
try {
  await withChromium(async (tab) => {
    const query = new URLSearchParams({ url: server.url, tls: tls ? '1' : '0', calls: callsArg });
    await tab.goto(`${page.url}/?${query}`, { timeout: 30_000 });
    await tab.waitForFunction(() => typeof window.run === 'function', null, { timeout: 30_000 });
    const cdp = await tab.context().newCDPSession(tab);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => {
      for (const e of value) events.push(e);
    });
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    const report = await within(300_000, tab.evaluate(() => window.run()), 'the page');
    await cdp.send('Tracing.end');
    await complete;
    explain(report, events);
  });
} finally {
  page.close();
  await server.stop();
}

function explain(report, events) {
  console.log(`${transport}: ${JSON.stringify(report.figures)}`);
  const mark = events.find((e) => e.name === 'edgecache-clock');
  const firstTimer = events.find((e) => e.name === 'TimerFire');
  if (!mark || !firstTimer) throw new Error('the trace has no clock mark or no timer: nothing to line up');
  // Trace timestamps are microseconds; the page's clock is milliseconds from its time origin.
  const toPage = (ts) => ts / 1000 - (mark.ts / 1000 - report.clockAt);
  const main = (e) => e.pid === firstTimer.pid && e.tid === firstTimer.tid && e.ph === 'X';
  const spans = (names) =>
    events.filter((e) => main(e) && names.includes(e.name)).map((e) => ({ start: toPage(e.ts), end: toPage(e.ts + e.dur), name: e.name }));
  const gcs = spans(['MajorGC', 'MinorGC']);
  const tasks = spans(['ThreadControllerImpl::RunTask']);
  const overlap = (list, from, to) => list.reduce((sum, s) => sum + Math.max(0, Math.min(s.end, to) - Math.max(s.start, from)), 0);
  const fixed = (ms) => ms.toFixed(1).padStart(6);

  console.log(`${report.lateCalls.length} calls settled late; main thread between each deadline and its settlement (ms):`);
  console.log('  call  late    GC  tasks  idle  longest task');
  let lateTotal = 0;
  let gcTotal = 0;
  for (const c of report.lateCalls) {
    const from = Math.max(c.due, c.controlRanAt ?? c.due);
    const gc = overlap(gcs, from, c.settled);
    const busy = overlap(tasks, from, c.settled);
    const longest = tasks.filter((t) => t.end > from && t.start < c.settled).reduce((max, t) => Math.max(max, t.end - t.start), 0);
    lateTotal += c.lateMs;
    gcTotal += gc;
    console.log(`${String(c.call).padStart(6)}${fixed(c.lateMs)}${fixed(gc)}${fixed(busy - gc)}${fixed(c.settled - from - busy)}${fixed(longest)}`);
  }
  const pauses = gcs.filter((g) => g.end - g.start >= 20).map((g) => `${g.name} ${(g.end - g.start).toFixed(1)}`);
  console.log(`garbage collection: ${gcs.length} pauses, ${pauses.length} of 20 ms or more (${pauses.join(', ') || 'none'})`);
  if (lateTotal > 0) console.log(`of the late calls' lateness, ${((100 * gcTotal) / lateTotal).toFixed(0)} % was garbage collection`);
}
