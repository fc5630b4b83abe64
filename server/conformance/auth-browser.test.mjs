// Conformance for auth in a real browser: @gomomento/sdk-web 1.118 in headless Chromium
// (browser.mjs), against an edgecache-server that checks credentials. The page holds the
// super-user key only to mint with sdk-web's AuthClient; every other call uses a minted
// disposable token, and is allowed or refused exactly as its scope says. Refused writes are
// checked absent from Node with the official @gomomento/sdk and the super-user key.
//
//   node --test --test-reporter=tap auth-browser.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findServerBin, startServer, stopServer } from './server.mjs';

const nodeSdk = await import('@gomomento/sdk');
const { withSdkWebPage } = await import('./browser.mjs');

const CACHE = 'rooms';
const OTHER = 'elsewhere';
const TEST_TIMEOUT_MS = 60_000;
const { MomentoErrorCode: E } = nodeSdk;

let dir;
let server;
let key;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgecache-auth-browser-'));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, 'a secret for the browser auth conformance, over 32 bytes');
  const bin = findServerBin();
  server = await startServer(bin, ['--auth-secret-file', secretFile, '--cache', CACHE, '--cache', OTHER]);
  key = execFileSync(bin, ['mint-key', '--auth-secret-file', secretFile, '--super-user'], { encoding: 'utf8', timeout: 15_000 }).trim();
});

after(async () => {
  await stopServer(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the page runs: mint with the key, then use only the tokens. Returns a transcript. */
async function inThePage({ host, port, key, cache, other }) {
  const { sdk } = window;
  const base = `http://${host}:${port}`;
  const endpointOverrides = { cacheEndpoint: base, controlEndpoint: base, tokenEndpoint: base, secureConnection: false };
  const loggerFactory = new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
  const outcome = (r) => (r.type === 'Error' ? r.errorCode() : r.type);
  const mint = async (scope) => {
    const auth = new sdk.AuthClient({ credentialProvider: sdk.CredentialProvider.fromString({ apiKey: key, endpointOverrides }) });
    const minted = await auth.generateDisposableToken(scope, sdk.ExpiresIn.minutes(5));
    if (minted.type !== sdk.GenerateDisposableTokenResponse.Success) throw new Error(`minting failed: ${minted}`);
    return sdk.CredentialProvider.fromDisposableToken({ authToken: minted.authToken, endpointOverrides });
  };
  const cacheClient = (credentialProvider) =>
    new sdk.CacheClient({ configuration: sdk.Configurations.Browser.latest(loggerFactory), credentialProvider, defaultTtlSeconds: 60 });
  const topicClient = (credentialProvider) =>
    new sdk.TopicClient({ configuration: sdk.TopicConfigurations.Default.latest(loggerFactory), credentialProvider });
  const transcript = {};

  // A key prefix, read-write, in one cache.
  const prefixed = cacheClient(await mint(sdk.DisposableTokenScopes.cacheKeyPrefixReadWrite(cache, 'room-')));
  transcript.setInPrefix = outcome(await prefixed.set(cache, 'room-1', 'hello'));
  const hit = await prefixed.get(cache, 'room-1');
  transcript.getInPrefix = hit.type === 'Hit' ? hit.value() : outcome(hit);
  transcript.setOutsidePrefix = outcome(await prefixed.set(cache, 'lobby', 'x'));
  transcript.setOtherCache = outcome(await prefixed.set(other, 'room-1', 'x'));
  transcript.createCache = outcome(await prefixed.createCache('made-by-a-token'));

  // Read-only on one cache.
  const reader = cacheClient(await mint(sdk.DisposableTokenScopes.cacheReadOnly(cache)));
  const read = await reader.get(cache, 'room-1');
  transcript.readOnlyGet = read.type === 'Hit' ? read.value() : outcome(read);
  transcript.readOnlySet = outcome(await reader.set(cache, 'room-2', 'x'));

  // Topics: a subscribe-only token subscribes but cannot publish; a publish-subscribe one
  // publishes, and the subscriber in this page receives it.
  const listener = topicClient(await mint(sdk.DisposableTokenScopes.topicSubscribeOnly(cache, 'news')));
  const received = [];
  let gotItem;
  const arrived = new Promise((resolve) => (gotItem = resolve));
  const subscription = await listener.subscribe(cache, 'news', {
    onItem: (item) => {
      received.push(item.valueString());
      gotItem();
    },
    onError: (error) => received.push(`error ${error.errorCode()}`),
  });
  transcript.subscribeOnlySubscribe = subscription.type;
  transcript.subscribeOnlyPublish = outcome(await listener.publish(cache, 'news', 'not allowed'));
  transcript.subscribeOnlyOtherTopic = outcome(await listener.subscribe(cache, 'gossip', { onItem: () => {} }));
  const speaker = topicClient(await mint(sdk.DisposableTokenScopes.topicPublishSubscribe(cache, 'news')));
  transcript.publishSubscribePublish = outcome(await speaker.publish(cache, 'news', 'allowed'));
  await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  transcript.received = received;
  if (subscription.type === 'Subscription') subscription.unsubscribe();
  return transcript;
}

test("sdk-web's AuthClient mints in Chromium, and its cache and topic clients hold to each token's scope", { timeout: TEST_TIMEOUT_MS }, async () => {
  const transcript = await withSdkWebPage((page) =>
    page.evaluate(inThePage, { host: server.host, port: server.port, key, cache: CACHE, other: OTHER }),
  );
  assert.deepEqual(transcript, {
    setInPrefix: 'Success',
    getInPrefix: 'hello',
    setOutsidePrefix: E.PERMISSION_ERROR,
    setOtherCache: E.PERMISSION_ERROR,
    createCache: E.PERMISSION_ERROR,
    readOnlyGet: 'hello',
    readOnlySet: E.PERMISSION_ERROR,
    subscribeOnlySubscribe: 'Subscription',
    subscribeOnlyPublish: E.PERMISSION_ERROR,
    subscribeOnlyOtherTopic: E.PERMISSION_ERROR,
    publishSubscribePublish: 'Success',
    received: ['allowed'],
  });

  // Nothing refused was written: read back from Node with the super-user key.
  const client = new nodeSdk.CacheClient({
    configuration: nodeSdk.Configurations.Laptop.v1(new nodeSdk.DefaultMomentoLoggerFactory(nodeSdk.DefaultMomentoLoggerLevel.ERROR)),
    credentialProvider: nodeSdk.CredentialProvider.fromString({
      apiKey: key,
      endpointOverrides: { cacheEndpoint: `${server.host}:${server.port}`, controlEndpoint: `${server.host}:${server.port}`, tokenEndpoint: `${server.host}:${server.port}`, secureConnection: false },
    }),
    defaultTtlSeconds: 60,
  });
  try {
    assert.equal((await client.get(CACHE, 'room-1')).type, nodeSdk.CacheGetResponse.Hit);
    for (const [cache, itemKey] of [[CACHE, 'lobby'], [OTHER, 'room-1'], [CACHE, 'room-2']]) {
      assert.equal((await client.get(cache, itemKey)).type, nodeSdk.CacheGetResponse.Miss, `${cache}/${itemKey} was written`);
    }
    const caches = await client.listCaches();
    assert.deepEqual(caches.getCaches().map((c) => c.getName()).sort(), [OTHER, CACHE].sort());
  } finally {
    client.close();
  }
});
