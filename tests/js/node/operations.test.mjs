// One list of operations: the Rust lists in src/js/operations.rs (read through the glue's
// `cacheOperations()`, `authOperations()` and `topicOperations()`) drive the dispatcher and the JavaScript methods; this test names every
// other place an operation must appear and does not: its response namespace and `...Response`
// enum in the JavaScript layer, its family's interface and its namespace in the `.d.ts`, and a
// test that calls it. Methods declared in the `.d.ts` that the list lacks fail it too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as edgecache from 'edgecache';

const ROOT = new URL('../../../', import.meta.url);
const DTS = readFileSync(new URL('js/edgecache.d.ts', ROOT), 'utf8');
const INTERFACE = {
  scalar: 'ScalarMethods',
  dictionary: 'DictionaryMethods',
  list: 'ListMethods',
  set: 'SetMethods',
  sortedSet: 'SortedSetMethods',
  control: 'ControlMethods',
  auth: 'AuthMethods',
  topics: 'TopicMethods',
};
// The official SDK's one irregular enum name: namespace `CacheFlush`, enum `FlushCacheResponse`.
const ENUM = { CacheFlush: 'FlushCacheResponse' };
// The tests that call operations against a server: the Node suite, the shared scenarios and
// the official SDK's conformance scenario.
const CALLERS = [
  ...readdirSync(new URL('tests/js/node/', ROOT)).map((f) => `tests/js/node/${f}`),
  'tests/js/scenario/smoke.mjs',
  'server/conformance/scenario.mjs',
].filter((f) => f.endsWith('.mjs') && !f.endsWith('operations.test.mjs'));

/** The Rust lists: `[family, name, response, arity]` rows, from the package's own glue. */
async function rustList() {
  const glue = realpathSync(new URL('../node_modules/edgecache/edgecache_wasm.js', import.meta.url));
  const { authOperations, cacheOperations, topicOperations } = await import(pathToFileURL(glue).href);
  return [...cacheOperations(), ...authOperations(), ...topicOperations()];
}

/** The class whose methods a family's operations are. */
const CLIENTS = { auth: edgecache.AuthClient, topics: edgecache.TopicClient };
const clientOf = (family) => CLIENTS[family] ?? edgecache.CacheClient;

/** Method names declared in a `.d.ts` interface. */
function declared(name) {
  const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(DTS)?.[1];
  if (body === undefined) return undefined;
  return [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
}

test('every operation of the Rust list is in each place it must be, and nothing else is declared', async (t) => {
  const rows = await rustList();
  t.diagnostic(`${rows.length} operations in ${new Set(rows.map((r) => r[0])).size} families`);
  const callers = CALLERS.map((f) => readFileSync(new URL(f, ROOT), 'utf8')).join('\n');
  const missing = {};
  const miss = (name, place) => (missing[name] ??= []).push(place);
  for (const [family, name, response, arity] of rows) {
    const client = clientOf(family).prototype;
    if (!(family in INTERFACE)) miss(name, `a family the .d.ts has no interface for (${family})`);
    else if (!declared(INTERFACE[family])?.includes(name)) miss(name, `js/edgecache.d.ts: interface ${INTERFACE[family]}`);
    if (typeof client[name] !== 'function') miss(name, `${clientOf(family).name}.prototype (js/src/)`);
    if (typeof arity !== 'number') miss(name, 'its arity in src/js/operations.rs');
    if (response !== '') {
      if (typeof edgecache[response]?.Error !== 'function') miss(name, `response namespace ${response} in js/src/`);
      const enumName = ENUM[response] ?? `${response}Response`;
      if (typeof edgecache[enumName] !== 'object') miss(name, `enum ${enumName} in js/src/`);
      if (!DTS.includes(`export declare namespace ${response} {`)) miss(name, `js/edgecache.d.ts: namespace ${response}`);
      if (!DTS.includes(`export declare const ${enumName}:`)) miss(name, `js/edgecache.d.ts: const ${enumName}`);
    }
    if (!callers.includes(`.${name}(`)) {
      miss(name, 'a test that calls it (tests/js/node/, tests/js/scenario/smoke.mjs, server/conformance/scenario.mjs)');
    }
  }
  const listed = new Set(rows.map((r) => r[1]));
  for (const [family, iface] of Object.entries(INTERFACE)) {
    for (const name of declared(iface) ?? []) {
      if (!listed.has(name)) miss(name, `the Rust list (src/js/operations.rs, family ${family}), though js/edgecache.d.ts declares it`);
    }
  }
  const report = Object.entries(missing).map(([name, places]) => `${name}: missing from ${places.join('; ')}`);
  assert.deepEqual(report, [], report.join('\n'));
});

test('cache(name) binds every operation but the control family', async () => {
  const rows = await rustList();
  const client = new edgecache.CacheClient({
    credentialProvider: edgecache.CredentialProvider.forMomentoLocal({ port: 9 }),
    defaultTtlSeconds: 60,
  });
  const bound = Object.keys(client.cache('c')).sort();
  const data = rows.filter(([family]) => !['control', 'auth', 'topics'].includes(family));
  assert.deepEqual(bound, data.map((r) => r[1]).sort());
});
