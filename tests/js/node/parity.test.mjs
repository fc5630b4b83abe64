// Export parity with `@gomomento/sdk-web` 1.118 (the copy the conformance suite installs in
// server/conformance): the names both packages export, the names only this one exports, and
// the names only sdk-web exports, grouped by product area. The three lists are printed, and
// js/README.md carries a copy that must match them: a name the README says the package
// exports and it does not fails the test, and so does a stale list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import * as edgecache from 'edgecache';

const README = new URL('../../../js/README.md', import.meta.url);
const CONFORMANCE = new URL('../../../server/conformance/package.json', import.meta.url);

/** sdk-web's runtime exports (its types have none), from the conformance suite's install. */
function sdkWebExports() {
  const require = createRequire(CONFORMANCE);
  let sdkWeb;
  try {
    sdkWeb = require('@gomomento/sdk-web');
  } catch (error) {
    throw new Error(`@gomomento/sdk-web is not installed: run npm ci in server/conformance (${error.message})`);
  }
  const version = require('@gomomento/sdk-web/package.json').version;
  return { version, names: Object.keys(sdkWeb) };
}

/** The product area of a name only sdk-web exports. */
const AREAS = [
  ['topics', /^Topic(?!Role)/],
  ['auth and tokens', /^(AuthClient|All(Caches|Topics|Functions|DataReadWrite)|\w+Role|\w*Scopes|Expires\w+|(Generate|Refresh)\w+)$/],
  ['leaderboards', /Leaderboard/],
  ['webhooks', /Webhook/],
  ['storage', /Store|Storage/],
  ['functions', /Function/],
];
const areaOf = (name) => AREAS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';

/** The backquoted names between `<!-- export-parity:KEY -->` and its closing marker. */
function readmeList(text, key) {
  const match = new RegExp(`<!-- export-parity:${key} -->([\\s\\S]*?)<!-- /export-parity:${key} -->`).exec(text);
  assert.ok(match, `js/README.md has no <!-- export-parity:${key} --> list`);
  return [...match[1].matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]).sort();
}

const markdown = (names) => names.map((n) => `\`${n}\``).join(', ');

test('export parity with @gomomento/sdk-web: three lists, and the README copy of them holds', (t) => {
  const sdkWeb = sdkWebExports();
  const ours = Object.keys(edgecache);
  const theirs = new Set(sdkWeb.names);
  const both = ours.filter((n) => theirs.has(n)).sort();
  const oursOnly = ours.filter((n) => !theirs.has(n)).sort();
  const theirsOnly = sdkWeb.names.filter((n) => !ours.includes(n)).sort();

  t.diagnostic(`@gomomento/sdk-web ${sdkWeb.version}: ${sdkWeb.names.length} names; edgecache: ${ours.length}`);
  t.diagnostic(`both (${both.length}): ${both.join(' ')}`);
  t.diagnostic(`only edgecache (${oursOnly.length}): ${oursOnly.join(' ')}`);
  t.diagnostic(`only sdk-web (${theirsOnly.length}):`);
  const byArea = {};
  for (const name of theirsOnly) (byArea[areaOf(name)] ??= []).push(name);
  for (const [area, names] of Object.entries(byArea)) t.diagnostic(`  ${area} (${names.length}): ${names.join(' ')}`);

  // Every name sdk-web exports that we lack belongs to an area the README marks unsupported.
  assert.deepEqual(byArea.other ?? [], [], 'names only sdk-web exports outside the listed areas');

  const readme = readFileSync(README, 'utf8');
  const claimed = [...readmeList(readme, 'both'), ...readmeList(readme, 'ours')];
  const missing = claimed.filter((n) => !(n in edgecache));
  assert.deepEqual(missing, [], `js/README.md names exports the package does not have`);
  const stale = (key, actual) =>
    assert.deepEqual(readmeList(readme, key), actual, `js/README.md's "${key}" list is stale; it should read:\n${markdown(actual)}`);
  stale('both', both);
  stale('ours', oursOnly);
  stale('theirs', theirsOnly);
});
