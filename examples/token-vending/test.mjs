// The token-vending example in headless Chromium against an edgecache-server that checks
// credentials: the page writes its own room's keys, is refused elsewhere, and every request it
// sends carries the disposable token, never the backend's key. `node --test test.mjs`
// (scripts/test-js runs it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { serverBinary, startServer } from '../../tests/js/harness/server.mjs';
import { withChromium } from '../../tests/js/run/browser.mjs';
import { startTokenVending } from './server.mjs';

/** The raw credential inside a v1 key: what goes in `authorization`. */
const inner = (v1) => JSON.parse(Buffer.from(v1, 'base64').toString()).api_key;

test('the page works with its disposable token alone, within its scope', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'edgecache-token-vending-'));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, 'the token-vending example secret, 32+ bytes');
  const cacheServer = await startServer({ args: ['--auth-secret-file', secretFile, '--cache', 'chat'] });
  const apiKey = execFileSync(serverBinary(), ['mint-key', '--auth-secret-file', secretFile, '--super-user'], {
    encoding: 'utf8',
    timeout: 15_000,
  }).trim();
  const backend = await startTokenVending({ apiKey, endpoint: cacheServer.url });
  try {
    const seen = await withChromium(async (tab) => {
      const calls = [];
      let vended;
      tab.on('request', (request) => {
        if (request.url().startsWith(cacheServer.url) && request.method() === 'POST') {
          calls.push(request.allHeaders().then((headers) => ({ path: new URL(request.url()).pathname, authorization: headers.authorization })));
        }
      });
      tab.on('response', (response) => {
        if (response.url() === `${backend.url}/token`) vended = response.json();
      });
      await tab.goto(backend.url, { timeout: 30_000 });
      await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 });
      const result = await tab.evaluate(() => window.result);
      return { result, calls: await Promise.all(calls), token: await vended };
    });
    t.diagnostic(`page: ${JSON.stringify(seen.result)}; ${seen.calls.length} calls to the cache server`);
    assert.deepEqual(seen.result, {
      ownKey: 'Success',
      readBack: 'hello',
      otherRoom: 'Error PERMISSION_ERROR',
      flushCache: 'Error PERMISSION_ERROR',
    });
    assert.equal(seen.calls.length, 4, JSON.stringify(seen.calls.map((c) => c.path)));
    const token = inner(seen.token.authToken);
    for (const call of seen.calls) {
      assert.equal(call.authorization, token, `${call.path} carried another credential`);
      assert.notEqual(call.authorization, inner(apiKey));
    }
    assert.ok(!JSON.stringify(seen.token).includes(inner(apiKey)), 'the vended body holds the backend key');
  } finally {
    backend.close();
    await cacheServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
