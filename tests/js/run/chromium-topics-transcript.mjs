// The same Topics program (scenario/topics-transcript.mjs) in headless Chromium, once with
// @gomomento/sdk-web's TopicClient (bundled with esbuild from the copy the conformance suite
// installs) and once with this package's: the two transcripts must be equal line for line.
// sdk-web subscribes over XMLHttpRequest (gRPC-web text), edgecache over fetch (binary).
import assert from 'node:assert/strict';
import { startServer } from '../harness/server.mjs';
import { servePage, withChromium } from './browser.mjs';
import { within } from './common.mjs';
// The conformance suite's bundle of its installed sdk-web, as its own Chromium tests use it.
import { bundleSdkWeb } from '../../../server/conformance/browser.mjs';

/** Where the package does not follow sdk-web, on purpose; each line as each package prints it. */
const KNOWN_DIFFERENCES = [
  {
    why: "valueString() of a binary item decodes UTF-8 (sdk-web's is Uint8Array#toString)",
    sdkWeb: 'item #2 bytes [0,1,255] (valueString "0,1,255", 3 bytes)',
    edgecache: 'item #2 bytes [0,1,255] (valueString "\\u0000\\u0001\uFFFD", 3 bytes)',
  },
  {
    why: "valueUint8Array() of a text item is its UTF-8 bytes (sdk-web's returns the string)",
    sdkWeb: 'item #3 text "héllo ✓" (valueString "héllo ✓", 7 bytes)',
    edgecache: 'item #3 text "héllo ✓" (valueString "héllo ✓", 10 bytes)',
  },
  {
    why: 'onSubscriptionEnd runs once after unsubscribe (sdk-web means to, but its browser transport never ends the stream)',
    sdkWeb: 'onSubscriptionEnd calls: 0',
    edgecache: 'onSubscriptionEnd calls: 1',
  },
];

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Topics transcript</title>
<script type="importmap">{ "imports": { "edgecache": "/pkg/browser.js" } }</script>
<script type="module">
  import * as edgecache from 'edgecache';
  import * as sdkWeb from '/sdk-web.js';
  import { topicsTranscript } from '/scenario/topics-transcript.mjs';
  window.transcript = (which, options) => topicsTranscript(which === 'sdk-web' ? sdkWeb : edgecache, options);
</script>`;

const server = await startServer({ args: ['--cache', 'transcript'] });
const page = await servePage(PAGE, { '/sdk-web.js': await bundleSdkWeb() });
try {
  const transcripts = await withChromium(async (tab) => {
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(page.url, { timeout: 30_000 });
    await tab.waitForFunction(() => window.transcript !== undefined, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the page did not load: ${errors.join('; ')}`);
    });
    const run = (which) =>
      within(
        60_000,
        tab.evaluate(([w, o]) => window.transcript(w, o), [which, { host: '127.0.0.1', port: server.port, cache: 'transcript', topic: which }]),
        which,
      );
    return { sdkWeb: await run('sdk-web'), edgecache: await run('edgecache') };
  });
  for (const [which, lines] of Object.entries(transcripts)) console.log(`${which}:\n  ${lines.join('\n  ')}`);
  // Every line is the same but these, where sdk-web's behaviour is not followed (js/README.md).
  const differences = transcripts.sdkWeb
    .map((line, i) => [line, transcripts.edgecache[i]])
    .filter(([theirs, ours]) => theirs !== ours);
  assert.equal(transcripts.edgecache.length, transcripts.sdkWeb.length);
  assert.deepEqual(differences, KNOWN_DIFFERENCES.map(({ sdkWeb, edgecache }) => [sdkWeb, edgecache]));
  console.log(
    `chromium topics transcript: ${transcripts.edgecache.length} lines, the same with both packages but the ` +
      `${KNOWN_DIFFERENCES.length} known differences (${KNOWN_DIFFERENCES.map((d) => d.why).join('; ')})`,
  );
} finally {
  page.close();
  await server.stop();
}
