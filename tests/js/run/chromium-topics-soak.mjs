// Topics soak in headless Chromium: one subscription on the page receives N messages, published
// from the same page, over fetch (a ReadableStream reader); the WebAssembly memory after a
// warm-up and at the end may not grow more than 5 %, and every message must arrive in order.
// The JS heap is reported (Chromium offers no forced collection to a page here).
//
//   node tests/js/run/chromium-topics-soak.mjs --messages 100000   # the full run
//   node tests/js/run/chromium-topics-soak.mjs                     # what scripts/test-js runs (1,000)
import { startServer } from '../harness/server.mjs';
import { servePage, withChromium } from './browser.mjs';
import { within } from './common.mjs';

const at = process.argv.indexOf('--messages');
const MESSAGES = at < 0 ? 1000 : Number(process.argv[at + 1]);
if (!Number.isSafeInteger(MESSAGES) || MESSAGES < 10) throw new Error('--messages must be a whole number of at least 10');

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Topics soak</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module">
  import * as ec from 'edgecache';
  window.soak = async ({ port, messages }) => {
    const topics = new ec.TopicClient({
      configuration: ec.TopicConfigurations.Browser.latest(),
      credentialProvider: ec.CredentialProvider.forMomentoLocal({ hostname: '127.0.0.1', port }),
    });
    let received = 0, outOfOrder = 0, discontinuities = 0, errors = 0, last;
    const subscription = await topics.subscribe('soak', 'page', {
      onItem: (item) => {
        if (last !== undefined && item.sequenceNumber() !== last + 1) outOfOrder++;
        last = item.sequenceNumber();
        received++;
      },
      onDiscontinuity: (gap) => { discontinuities++; last = gap.newSequenceNumber(); },
      onError: () => errors++,
    });
    if (subscription.type !== 'Subscription') return { error: subscription.toString() };
    let next = 0, publishErrors = 0;
    const publish = async (count) => {
      const worker = async () => {
        while (next < count) {
          const i = next++;
          const r = await topics.publish('soak', 'page', 'message-' + i + '-'.padEnd(100 + (i % 400), 'x'));
          if (r.type !== 'Success') publishErrors++;
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      const started = performance.now();
      while (received + discontinuities < count && errors === 0 && performance.now() - started < 30000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const memory = () => ({ wasmBytes: ec.wasmMemoryBytes(), jsHeapBytes: performance.memory?.usedJSHeapSize });
    const started = performance.now();
    await publish(messages / 2);
    const afterWarmup = memory();
    await publish(messages);
    const atEnd = memory();
    subscription.unsubscribe();
    return { received, outOfOrder, discontinuities, errors, publishErrors, afterWarmup, atEnd, seconds: (performance.now() - started) / 1000 };
  };
</script>`;

const server = await startServer({ args: ['--cache', 'soak'] });
const page = await servePage(PAGE);
try {
  const result = await withChromium(async (tab) => {
    await tab.goto(page.url, { timeout: 30_000 });
    await tab.waitForFunction(() => window.soak !== undefined, null, { timeout: 30_000 });
    return within(600_000, tab.evaluate((o) => window.soak(o), { port: server.port, messages: MESSAGES }), 'the soak');
  });
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const growth = result.atEnd.wasmBytes / result.afterWarmup.wasmBytes - 1;
  console.log(
    `chromium topics soak: ${result.received} of ${MESSAGES} messages in ${result.seconds.toFixed(1)} s, ` +
      `${result.discontinuities} discontinuities; wasm ${mb(result.afterWarmup.wasmBytes)} -> ${mb(result.atEnd.wasmBytes)} ` +
      `(${(growth * 100).toFixed(1)} %), JS heap (not collected) ${mb(result.afterWarmup.jsHeapBytes)} -> ${mb(result.atEnd.jsHeapBytes)}`,
  );
  const violations = [
    result.error,
    result.publishErrors > 0 && `${result.publishErrors} publishes failed`,
    result.received + result.discontinuities < MESSAGES && `${result.received} of ${MESSAGES} received`,
    result.outOfOrder > 0 && `${result.outOfOrder} items out of order without a discontinuity`,
    result.errors > 0 && `${result.errors} subscription errors`,
    growth > 0.05 && `WebAssembly memory grew ${(growth * 100).toFixed(1)} %`,
  ].filter(Boolean);
  for (const v of violations) console.log(`chromium topics soak: FAIL ${v}`);
  if (violations.length > 0) process.exitCode = 1;
} finally {
  page.close();
  await server.stop();
}
