// Request coalescing through the npm package, against a real edgecache-server: the server's
// own request count shows which gets shared a request, and a get made after a write never
// shares an older get (read-your-writes). Server latency holds requests on the wire.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CacheClient, Configurations, CredentialProvider } from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { adminOf } from '../scenario/smoke.mjs';

const GET = '/cache_client.Scs/Get';
const label = process.env.EDGECACHE_NODE_TRANSPORT === 'fetch' ? 'node-fetch' : 'node';
let server;
let admin;
const cache = `coalescing-${process.pid}`;

function clientWith(requestCoalescing) {
  return new CacheClient({
    configuration: Configurations.Laptop.latest().withRequestCoalescing(requestCoalescing),
    credentialProvider: CredentialProvider.forMomentoLocal({ port: server.port }),
    defaultTtlSeconds: 60,
  });
}

async function getRequests() {
  return (await admin.stats()).requests_by_path[GET] ?? 0;
}

before(async () => {
  server = await startServer();
  admin = adminOf(server.adminUrl);
  assert.equal((await clientWith(false).createCache(cache)).type, 'Success');
});

after(async () => {
  await server?.stop();
});

test(`${label}: the setting is off in v1 presets and round-trips`, () => {
  assert.equal(Configurations.Laptop.v1().getRequestCoalescing(), false);
  assert.equal(Configurations.Laptop.v1().withRequestCoalescing(true).getRequestCoalescing(), true);
});

test(`${label}: concurrent gets of one key share one request, and only with coalescing on`, { timeout: 30_000 }, async () => {
  const on = clientWith(true);
  const off = clientWith(false);
  assert.equal((await on.set(cache, 'a', 'va')).type, 'Success');
  assert.equal((await on.set(cache, 'b', 'vb')).type, 'Success');
  for (const [client, expected] of [
    [on, 2],
    [off, 20],
  ]) {
    await admin.faults({ latency_ms: 100 });
    await admin.resetStats();
    const keys = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const answers = await Promise.all(keys.map((k) => client.get(cache, k)));
    await admin.faults({ latency_ms: 0 });
    answers.forEach((r, i) => assert.equal(r.valueString(), `v${keys[i]}`));
    assert.equal(await getRequests(), expected);
  }
});

test(`${label}: a get made after a write never shares an older get`, { timeout: 30_000 }, async () => {
  const client = clientWith(true);
  assert.equal((await client.set(cache, 'k', 'old')).type, 'Success');
  // Every request waits 300 ms before it is handled, so they are handled in the order sent:
  // the old get reads "old", the write lands, the newer get reads. Sharing the old get's
  // reply would give the newer get "old".
  await admin.faults({ latency_ms: 300 });
  await admin.resetStats();
  const oldGet = client.get(cache, 'k');
  await sleep(50);
  const write = client.set(cache, 'k', 'new');
  await sleep(50);
  const newerGet = client.get(cache, 'k');
  const [old, written, newer] = await Promise.all([oldGet, write, newerGet]);
  await admin.faults({ latency_ms: 0 });
  assert.equal(written.type, 'Success');
  assert.equal(old.valueString(), 'old');
  assert.equal(newer.valueString(), 'new');
  assert.equal(await getRequests(), 2, 'the newer get sent its own request');
});
