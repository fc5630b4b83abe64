// Conformance for Topics: edgecache-server driven by the official Momento JS TopicClients.
//
//   node --test --test-reporter=tap topics.test.mjs
//
// - @gomomento/sdk (grpc-js over h2c): subscribes and publishes text and binary, sees
//   consecutive sequence numbers, unsubscribes, and gets Momento's errors.
// - @gomomento/sdk-web (gRPC-web text): publishes from Node (xhr2 polyfill); its subscriber
//   runs in headless Chromium (see browser.mjs), beside a @gomomento/sdk subscriber on the
//   same topic, and both see the same numbers.
// After every unsubscribe the server's own count (`GET /stats`) must come back down.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { findServerBin, serverStats, startServer, stopServer } from './server.mjs';

import XMLHttpRequestPolyfill from 'xhr2';
globalThis.XMLHttpRequest ??= XMLHttpRequestPolyfill;
if (typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = { userAgent: `Node.js/${process.versions.node} (edgecache-conformance)` };
}

const nodeSdk = await import('@gomomento/sdk');
const webSdk = await import('@gomomento/sdk-web');
const { withSdkWebPage } = await import('./browser.mjs');

const CACHE = 'topics';
const LIMITED = 'topics-limited';
const DOOMED = 'topics-doomed';
const MAX_SUBSCRIPTIONS = 4;
const TEST_TIMEOUT_MS = 30_000;
const { MomentoErrorCode: E } = nodeSdk;

let server;

before(async () => {
  server = await startServer(findServerBin(), [
    ...[CACHE, LIMITED, DOOMED].flatMap((name) => ['--cache', name]),
    '--topic-max-subscriptions',
    String(MAX_SUBSCRIPTIONS),
  ]);
});

after(async () => {
  await stopServer(server);
});

function loggerFactory(sdk) {
  return new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
}

function nodeTopicClient() {
  return new nodeSdk.TopicClient({
    configuration: nodeSdk.TopicConfigurations.Default.latest(loggerFactory(nodeSdk)),
    credentialProvider: nodeSdk.CredentialProvider.forMomentoLocal({ hostname: server.host, port: server.port }),
  });
}

function webEndpoint() {
  const base = `http://${server.host}:${server.port}`;
  return webSdk.CredentialProvider.forMomentoLocal({
    hostname: server.host,
    port: server.port,
    endpointOverrides: { cacheEndpoint: base, controlEndpoint: base, tokenEndpoint: base, secureConnection: false },
  });
}

/** sdk-web's TopicClient under Node: publishing works (unary); subscribing needs a browser. */
function webTopicClient() {
  return new webSdk.TopicClient({
    configuration: webSdk.TopicConfigurations.Default.latest(loggerFactory(webSdk)),
    credentialProvider: webEndpoint(),
  });
}

/**
 * @gomomento/sdk's TopicClient has no close(); its grpc-js clients do, and an open channel
 * would keep this process alive.
 */
function closeNodeTopicClient(client) {
  for (const { client: pubsub } of client.pubsubStreamClients) pubsub.client.close();
  for (const pubsub of client.pubsubUnaryClients) pubsub.client.close();
}

/** Subscribes and records what arrives; fails the test unless the subscription starts. */
async function subscribeRecording(client, cache, topic) {
  const seen = { items: [], errors: [], heartbeats: 0, ended: 0 };
  const response = await client.subscribe(cache, topic, {
    onItem: (item) => {
      const value = item.value();
      seen.items.push(
        typeof value === 'string'
          ? { seq: item.sequenceNumber(), text: value }
          : { seq: item.sequenceNumber(), binary: Array.from(value) },
      );
    },
    onHeartbeat: () => {
      seen.heartbeats += 1;
    },
    onError: (error) => {
      seen.errors.push(error.errorCode());
    },
    onSubscriptionEnd: () => {
      seen.ended += 1;
    },
  });
  assert.equal(response.type, 'Subscription', `subscribe ${cache}/${topic}: ${response.toString()}`);
  return { subscription: response, seen };
}

/** Polls `check` every 20 ms for up to 5 s. */
async function eventually(what, check) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(20);
  }
}

async function expectSubscribers(n) {
  await eventually(`${n} subscribers on the server`, async () => (await serverStats(server)).subscribers === n);
}

function assertConsecutive(items, what) {
  assert.ok(items.length > 0, `${what}: no items`);
  items.forEach((item, i) => assert.equal(item.seq, items[0].seq + i, `${what}: ${JSON.stringify(items)}`));
}

async function published(promise, what) {
  const response = await promise;
  assert.equal(response.type, 'Success', `${what}: ${response.toString()}`);
}

test('@gomomento/sdk TopicClient: text and binary, consecutive numbers, unsubscribe', { timeout: TEST_TIMEOUT_MS }, async () => {
  const client = nodeTopicClient();
  try {
    const first = await subscribeRecording(client, CACHE, 'node');
    const second = await subscribeRecording(client, CACHE, 'node');
    await expectSubscribers(2);
    // subscribe() resolved on the server's first message, a heartbeat.
    assert.ok(first.seen.heartbeats >= 1 && second.seen.heartbeats >= 1);

    await published(client.publish(CACHE, 'node', 'hello'), 'text');
    await published(client.publish(CACHE, 'node', new Uint8Array([0, 1, 255])), 'binary');
    await published(client.publish(CACHE, 'node', 'héllo ✓'), 'unicode text');
    for (const { seen } of [first, second]) {
      await eventually('3 items', () => seen.items.length === 3);
      assert.deepEqual(seen.items, [
        { seq: 1, text: 'hello' },
        { seq: 2, binary: [0, 1, 255] },
        { seq: 3, text: 'héllo ✓' },
      ]);
      assert.deepEqual(seen.errors, []);
    }

    first.subscription.unsubscribe();
    await expectSubscribers(1);
    await published(client.publish(CACHE, 'node', 'after'), 'text');
    await eventually('the 4th item', () => second.seen.items.length === 4);
    assert.equal(first.seen.items.length, 3, 'an unsubscribed subscription got an item');
    second.subscription.unsubscribe();
    await expectSubscribers(0);
  } finally {
    closeNodeTopicClient(client);
  }
});

test('@gomomento/sdk TopicClient: errors as Momento returns them', { timeout: TEST_TIMEOUT_MS }, async () => {
  const client = nodeTopicClient();
  const cacheClient = new nodeSdk.CacheClient({
    configuration: nodeSdk.Configurations.Laptop.v1(loggerFactory(nodeSdk)),
    credentialProvider: nodeSdk.CredentialProvider.forMomentoLocal({ hostname: server.host, port: server.port }),
    defaultTtlSeconds: 60,
  });
  const expectError = (response, code, what) => {
    assert.equal(response.type, 'Error', `${what}: ${response.toString()}`);
    assert.equal(response.errorCode(), code, `${what}: ${response.toString()}`);
  };
  try {
    expectError(await client.subscribe('no-such-cache', 't', {}), E.CACHE_NOT_FOUND_ERROR, 'subscribe, unknown cache');
    expectError(await client.publish('no-such-cache', 't', 'x'), E.CACHE_NOT_FOUND_ERROR, 'publish, unknown cache');
    // The SDK refuses empty names itself; the server answers INVALID_ARGUMENT too
    // (server/tests/pubsub.rs).
    expectError(await client.subscribe(CACHE, '', {}), E.INVALID_ARGUMENT_ERROR, 'subscribe, empty topic');
    expectError(await client.publish(CACHE, '', 'x'), E.INVALID_ARGUMENT_ERROR, 'publish, empty topic');
    expectError(await client.publish(CACHE, 't', 'x'.repeat(4097)), E.LIMIT_EXCEEDED_ERROR, 'publish over 4 KiB');
    await published(client.publish(CACHE, 't', 'x'.repeat(4096)), 'publish of 4 KiB');

    const open = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) open.push(await subscribeRecording(client, LIMITED, `t${i}`));
    expectError(await client.subscribe(LIMITED, 'one-more', {}), E.LIMIT_EXCEEDED_ERROR, 'subscription over the limit');
    for (const { subscription } of open) subscription.unsubscribe();
    await expectSubscribers(0);

    // A cache deleted mid-subscription ends the subscription with CACHE_NOT_FOUND.
    const doomed = await subscribeRecording(client, DOOMED, 't');
    await expectSubscribers(1);
    const deleted = await cacheClient.deleteCache(DOOMED);
    assert.equal(deleted.type, 'Success', deleted.toString());
    await eventually('the subscription reports the deletion', () => doomed.seen.errors.length > 0);
    assert.deepEqual(doomed.seen.errors, [E.CACHE_NOT_FOUND_ERROR]);
    await expectSubscribers(0);
  } finally {
    closeNodeTopicClient(client);
    cacheClient.close();
  }
});

test('@gomomento/sdk-web: publishes from Node, subscribes in Chromium, same numbers as @gomomento/sdk', { timeout: TEST_TIMEOUT_MS }, async () => {
  const nodeClient = nodeTopicClient();
  const webClient = webTopicClient();
  try {
    await withSdkWebPage(async (page) => {
      const address = { host: server.host, port: server.port };
      const unknown = await page.evaluate((a) => window.subscribeTo({ ...a, cache: 'no-such-cache', topic: 'web' }), address);
      assert.deepEqual(unknown, { type: 'Error', code: E.CACHE_NOT_FOUND_ERROR });

      const started = await page.evaluate((a) => window.subscribeTo({ ...a, topic: 'web' }), { ...address, cache: CACHE });
      assert.deepEqual(started, { type: 'Subscription', code: undefined });
      const node = await subscribeRecording(nodeClient, CACHE, 'web');
      await expectSubscribers(2);

      await published(webClient.publish(CACHE, 'web', 'from sdk-web'), 'sdk-web text');
      await published(webClient.publish(CACHE, 'web', new Uint8Array([7, 0, 200])), 'sdk-web binary');
      await published(nodeClient.publish(CACHE, 'web', 'from sdk'), 'sdk text');
      await published(nodeClient.publish(CACHE, 'web', new Uint8Array([9])), 'sdk binary');
      const expected = [
        { seq: 1, text: 'from sdk-web' },
        { seq: 2, binary: [7, 0, 200] },
        { seq: 3, text: 'from sdk' },
        { seq: 4, binary: [9] },
      ];
      const inBrowser = await eventually('4 items in Chromium', async () => {
        const seen = await page.evaluate(() => window.seen);
        return seen.items.length >= 4 && seen;
      });
      assert.deepEqual(inBrowser.items, expected);
      assert.deepEqual(inBrowser.errors, []);
      assert.ok(inBrowser.heartbeats >= 1);
      await eventually('4 items in Node', () => node.seen.items.length >= 4);
      assert.deepEqual(node.seen.items, expected);
      assertConsecutive(inBrowser.items, 'sdk-web in Chromium');

      // Unsubscribing in the browser aborts the request; the server lets go of it.
      await page.evaluate(() => window.unsubscribe());
      await expectSubscribers(1);
      node.subscription.unsubscribe();
      await expectSubscribers(0);
    });
  } finally {
    closeNodeTopicClient(nodeClient);
  }
});
