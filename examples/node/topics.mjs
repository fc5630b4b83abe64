// edgecache Topics for JavaScript: a subscriber and a publisher in one program. Runs unchanged
// under Node ≥ 20, Deno and Bun:
//
//   node topics.mjs                        # or: deno run -A topics.mjs / bun topics.mjs
//
// With MOMENTO_API_KEY set it talks to Momento (the cache `topics-example` must exist);
// otherwise to a local edgecache-server on 127.0.0.1 (port EDGECACHE_PORT, default 8080:
// `cargo run -p edgecache-server`), where it creates the cache. Code written for
// @gomomento/sdk-web's TopicClient runs with only the import changed.
import {
  CacheClient,
  Configurations,
  CredentialProvider,
  TopicClient,
  TopicConfigurations,
  TopicPublishResponse,
  TopicSubscribeResponse,
} from 'edgecache';

const env = globalThis.process?.env ?? {};
const credentialProvider = env.MOMENTO_API_KEY
  ? CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY')
  : CredentialProvider.forMomentoLocal({ port: Number(env.EDGECACHE_PORT ?? 8080) });
const cache = 'topics-example';

if (!env.MOMENTO_API_KEY) {
  const caches = new CacheClient({ configuration: Configurations.Laptop.latest(), credentialProvider, defaultTtlSeconds: 60 });
  const created = await caches.createCache(cache);
  if (created.type === 'Error') throw created.innerException();
}

const topics = new TopicClient({ configuration: TopicConfigurations.Default.latest(), credentialProvider });
const values = ['hello', new Uint8Array([1, 2, 3]), 'bye'];
let received = 0;
let done;
const allReceived = new Promise((resolve) => (done = resolve));

// Resolves once the server has answered the subscription; items then arrive in order, each
// once, even if the connection drops in between (the client resumes where it left off).
const subscription = await topics.subscribe(cache, 'news', {
  onItem: (item) => {
    console.log(`#${item.sequenceNumber()}: ${typeof item.value() === 'string' ? item.value() : `bytes ${item.valueUint8Array()}`}`);
    if (++received === values.length) done();
  },
  onDiscontinuity: (gap) => console.log(`skipped to #${gap.newSequenceNumber()}`),
  onError: (error) => console.error(`subscription ended: ${error.message()}`),
  onSubscriptionEnd: () => console.log('subscription ended'),
});
if (subscription.type === TopicSubscribeResponse.Error) throw subscription.innerException();

for (const value of values) {
  const published = await topics.publish(cache, 'news', value);
  if (published.type === TopicPublishResponse.Error) throw published.innerException();
}
await allReceived;
subscription.unsubscribe();
