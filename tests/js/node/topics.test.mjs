// TopicClient in Node against edgecache-server, over node:http2 and (with
// EDGECACHE_NODE_TRANSPORT=fetch, as scripts/test-js runs the suite again) over fetch: publish
// and subscribe text and bytes, consecutive sequence numbers, unsubscribe freeing the slot, the
// subscription limits, errors, resuming after the server ends or drops the stream, and the
// deadline for the first message. Every wait is bounded.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { connect } from 'node:http2';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import * as ec from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { bounded, SETTLE_SLACK_MS, timedAgainstDeadline } from '../scenario/measure.mjs';

const { MomentoErrorCode, TopicPublish, TopicSubscribe, TopicItem, TopicConfigurations } = ec;
const WAIT_MS = 10_000;
const PUBLISHER = fileURLToPath(new URL('../harness/publish.mjs', import.meta.url));

function credentialsFor(url) {
  const endpoint = new URL(url);
  return ec.CredentialProvider.forMomentoLocal({ hostname: endpoint.hostname, port: Number(endpoint.port) });
}

function topicClient(url, configuration = TopicConfigurations.Default.latest()) {
  return new ec.TopicClient({ configuration, credentialProvider: credentialsFor(url) });
}

/** A server with cache `c`, stopped after the test. */
async function server(t, args = []) {
  const started = await startServer({ args: ['--cache', 'c', ...args] });
  t.after(started.stop);
  return started;
}

/** One admin call (`/stats`, `/admin/faults`) over a short-lived HTTP/2 session. */
function admin(url, method, path, body) {
  return bounded(
    new Promise((resolve, reject) => {
      const session = connect(url);
      session.on('error', reject);
      const stream = session.request({ ':method': method, ':path': path });
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (text += chunk));
      stream.on('end', () => {
        session.close();
        resolve(text);
      });
      stream.on('error', reject);
      stream.end(body === undefined ? undefined : JSON.stringify(body));
    }),
    WAIT_MS,
    `${method} ${path}`,
  );
}
const stats = async (url) => JSON.parse(await admin(url, 'GET', '/stats'));

/**
 * Subscribes and records every event; `next(n)` waits (bounded) until `n` items are in.
 */
async function recorder(client, cache, topic) {
  const events = [];
  const waiters = [];
  const record = (kind) => (value) => {
    events.push([kind, value]);
    for (const w of waiters.splice(0)) w();
  };
  const subscription = await client.subscribe(cache, topic, {
    onItem: record('item'),
    onError: record('error'),
    onDiscontinuity: record('discontinuity'),
    onHeartbeat: record('heartbeat'),
    onSubscriptionEnd: record('end'),
  });
  const items = () => events.filter(([kind]) => kind === 'item').map(([, item]) => item);
  const until = (condition, what) =>
    bounded(
      (async () => {
        while (!condition()) await new Promise((resolve) => waiters.push(resolve));
      })(),
      WAIT_MS,
      what,
    );
  return { subscription, events, items, until, count: (kind) => events.filter(([k]) => k === kind).length };
}

test('publish text and bytes, receive them once and in order with consecutive sequence numbers', async (t) => {
  const { url } = await server(t);
  const client = topicClient(url);
  const sub = await recorder(client, 'c', 'news');
  assert.equal(sub.subscription.type, TopicSubscribe.Subscription.name);
  assert.ok(sub.subscription instanceof TopicSubscribe.Subscription);
  assert.equal(sub.subscription.isSubscribed, true);
  assert.equal(client.openSubscriptions, 1);

  const published = ['one', new Uint8Array([0, 1, 255]), 'three', 'ünïcödé ✓'];
  for (const value of published) {
    const response = await client.publish('c', 'news', value);
    assert.ok(response instanceof TopicPublish.Success, `${response}`);
    assert.equal(response.type, ec.TopicPublishResponse.Success);
  }
  await sub.until(() => sub.items().length === published.length, 'four items');
  const items = sub.items();
  items.forEach((item) => assert.ok(item instanceof TopicItem));
  assert.deepEqual(
    items.map((i) => i.value()),
    published,
  );
  assert.equal(items[0].valueString(), 'one');
  assert.deepEqual(items[0].valueUint8Array(), new TextEncoder().encode('one'));
  assert.deepEqual(items[1].valueUint8Array(), new Uint8Array([0, 1, 255]));
  const first = items[0].sequenceNumber();
  assert.ok(first >= 1);
  assert.deepEqual(
    items.map((i) => i.sequenceNumber()),
    [first, first + 1, first + 2, first + 3],
  );
  assert.ok(items.every((i) => i.sequencePage() === items[0].sequencePage()));
  assert.equal(items[0].tokenId(), undefined, 'no token id without a disposable token');
  assert.equal(items[0].toString(), 'TopicItem: one');
  assert.equal(sub.count('discontinuity'), 0);

  sub.subscription.unsubscribe();
  assert.equal(sub.subscription.isSubscribed, false);
  await sub.until(() => sub.count('end') === 1, 'onSubscriptionEnd');
  assert.equal(client.openSubscriptions, 0);
  sub.subscription.unsubscribe();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(sub.count('end'), 1, 'onSubscriptionEnd runs once');
  // The server sees the stream cancelled too.
  await bounded(
    (async () => {
      while ((await stats(url)).subscribers !== 0) await new Promise((resolve) => setTimeout(resolve, 20));
    })(),
    WAIT_MS,
    'the server to count no subscriber',
  );
});

test('the client subscription limit is a typed error, and unsubscribe frees the slot at once', async (t) => {
  const { url } = await server(t);
  // A JavaScript configuration allows as many subscriptions as requests in flight.
  const client = topicClient(url, TopicConfigurations.Default.latest().withMaxConcurrentRequests(1));
  const first = await client.subscribe('c', 'a', {});
  assert.ok(first instanceof TopicSubscribe.Subscription, `${first}`);
  const refused = await client.subscribe('c', 'b', {});
  assert.ok(refused instanceof TopicSubscribe.Error, `${refused}`);
  assert.equal(refused.errorCode(), MomentoErrorCode.CLIENT_RESOURCE_EXHAUSTED);
  first.unsubscribe();
  const again = await client.subscribe('c', 'b', {});
  assert.ok(again instanceof TopicSubscribe.Subscription, `after unsubscribe: ${again}`);
  again.unsubscribe();
});

test("the server's subscription limit per cache is LIMIT_EXCEEDED", async (t) => {
  const { url } = await server(t, ['--topic-max-subscriptions', '1']);
  const a = topicClient(url);
  const b = topicClient(url);
  const held = await a.subscribe('c', 't', {});
  assert.ok(held instanceof TopicSubscribe.Subscription, `${held}`);
  const refused = await b.subscribe('c', 't', {});
  assert.ok(refused instanceof TopicSubscribe.Error, `${refused}`);
  assert.equal(refused.errorCode(), MomentoErrorCode.LIMIT_EXCEEDED_ERROR);
  held.unsubscribe();
});

test('bad calls are typed errors: unknown cache, empty topic, a value of the wrong type', async (t) => {
  const { url } = await server(t);
  const client = topicClient(url);
  const unknown = await client.subscribe('no-such-cache', 't', {});
  assert.ok(unknown instanceof TopicSubscribe.Error);
  assert.equal(unknown.errorCode(), MomentoErrorCode.CACHE_NOT_FOUND_ERROR);
  const published = await client.publish('no-such-cache', 't', 'x');
  assert.equal(published.errorCode(), MomentoErrorCode.CACHE_NOT_FOUND_ERROR);
  for (const response of [await client.subscribe('c', '', {}), await client.publish('c', ' ', 'x')]) {
    assert.equal(response.errorCode(), MomentoErrorCode.INVALID_ARGUMENT_ERROR, `${response}`);
  }
  const wrong = await client.publish('c', 't', 42);
  assert.equal(wrong.errorCode(), MomentoErrorCode.INVALID_ARGUMENT_ERROR);
  assert.match(wrong.message(), /string or a Uint8Array/);
  assert.equal(client.openSubscriptions, 0);
  const throwing = new ec.TopicClient({
    configuration: TopicConfigurations.Default.latest().withThrowOnErrors(true),
    credentialProvider: credentialsFor(url),
  });
  await assert.rejects(throwing.publish('no-such-cache', 't', 'x'), ec.CacheNotFoundError);
});

for (const [name, fault] of [
  ['ends the stream normally after two items', { stream_end_after_items: 2 }],
  ['drops the connection after two items', { stream_drop_connection_after_items: 2 }],
]) {
  test(`the subscription resumes with no duplicate and no gap when the server ${name}`, async (t) => {
    const { url } = await server(t);
    const client = topicClient(url);
    const sub = await recorder(client, 'c', 'resume');
    await admin(url, 'POST', '/admin/faults', fault);
    const count = 8;
    // Published from another process, over a connection the fault does not drop.
    await promisify(execFile)(process.execPath, [PUBLISHER, url, 'c', 'resume', String(count), 'm'], {
      timeout: WAIT_MS,
    });
    await sub.until(() => sub.items().length === count, `${count} items`);
    const items = sub.items();
    assert.deepEqual(
      items.map((i) => i.valueString()),
      Array.from({ length: count }, (_, i) => `m${i}`),
    );
    const first = items[0].sequenceNumber();
    assert.deepEqual(
      items.map((i) => i.sequenceNumber()),
      Array.from({ length: count }, (_, i) => first + i),
    );
    assert.equal(sub.count('discontinuity'), 0);
    assert.equal(sub.count('error'), 0);
    const opened = (await stats(url)).subscriptions_opened;
    assert.ok(opened >= 3, `the fault made the client resubscribe (${opened} subscriptions opened)`);
    sub.subscription.unsubscribe();
    await sub.until(() => sub.count('end') === 1, 'onSubscriptionEnd');
    assert.equal(client.openSubscriptions, 0);
  });
}

test('a subscribe the server never answers settles with TIMEOUT_ERROR at its deadline, never before', async (t) => {
  const { url } = await server(t);
  await admin(url, 'POST', '/admin/faults', { stall: true });
  const deadlineMs = 300;
  const client = topicClient(url, TopicConfigurations.Default.latest().withClientTimeoutMillis(deadlineMs));
  const { response, ms, lateMs } = await timedAgainstDeadline(() => client.subscribe('c', 't', {}), deadlineMs);
  assert.ok(response instanceof TopicSubscribe.Error, `${response}`);
  assert.equal(response.errorCode(), MomentoErrorCode.TIMEOUT_ERROR);
  assert.ok(ms >= deadlineMs, `settled after ${ms.toFixed(1)} ms, before the ${deadlineMs} ms deadline`);
  assert.ok(lateMs <= SETTLE_SLACK_MS, `settled ${lateMs.toFixed(1)} ms late (bound ${SETTLE_SLACK_MS} ms)`);
  assert.equal(client.openSubscriptions, 0);
  await admin(url, 'POST', '/admin/faults', {});
});

test('gRPC-web text framing streams too: items arrive in order', async (t) => {
  const { url } = await server(t);
  const binary = TopicConfigurations.Default.latest();
  const text = new ec.Configuration({ ...binary.getSettings(), framing: 'text' });
  assert.equal(text.getSettings().framing, 'text');
  const client = topicClient(url, text);
  const sub = await recorder(client, 'c', 'text-mode');
  for (const value of ['a', new Uint8Array([1, 2]), 'c']) {
    assert.ok((await client.publish('c', 'text-mode', value)) instanceof TopicPublish.Success);
  }
  await sub.until(() => sub.items().length === 3, 'three items');
  assert.deepEqual(
    sub.items().map((i) => i.value()),
    ['a', new Uint8Array([1, 2]), 'c'],
  );
  sub.subscription.unsubscribe();
});
