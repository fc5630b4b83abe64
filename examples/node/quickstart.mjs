// edgecache quickstart for JavaScript. Runs unchanged under Node ≥ 20, Deno and Bun:
//
//   node quickstart.mjs                    # or: deno run -A quickstart.mjs / bun quickstart.mjs
//
// With MOMENTO_API_KEY set it talks to Momento; otherwise to a local edgecache-server on
// 127.0.0.1 (port EDGECACHE_PORT, default 8080: `cargo run -p edgecache-server`).
// Code written for @gomomento/sdk-web runs with only the import changed.
import {
  CacheClient,
  CacheGetResponse,
  Configurations,
  CredentialProvider,
  MomentoErrorCode,
} from 'edgecache';

const env = globalThis.process?.env ?? {};
const credentialProvider = env.MOMENTO_API_KEY
  ? CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY')
  : CredentialProvider.forMomentoLocal({ port: Number(env.EDGECACHE_PORT ?? 8080) });

// No I/O here: the first call opens the connection.
const client = new CacheClient({
  configuration: Configurations.Laptop.latest(),
  credentialProvider,
  defaultTtlSeconds: 60,
});

const cache = 'quickstart';
const created = await client.createCache(cache);
if (created.type === 'Error') throw created.innerException();

await client.set(cache, 'user:42', 'Ada', { ttl: 300 });
const hit = await client.get(cache, 'user:42');
switch (hit.type) {
  case CacheGetResponse.Hit:
    console.log(`user:42 = ${hit.valueString()}`);
    break;
  case CacheGetResponse.Miss:
    throw new Error('user:42 was just set, yet missed');
  case CacheGetResponse.Error:
    throw hit.innerException();
}

const visits = await client.increment(cache, 'visits', 1);
console.log(`visits = ${visits.value()}`);

// Errors are values by default...
const missing = await client.get('no-such-cache', 'user:42');
if (missing.type === 'Error' && missing.errorCode() === MomentoErrorCode.NOT_FOUND_ERROR) {
  console.log(`as expected: ${missing.message()}`);
}

// ...or exceptions, and every call can be bounded or cancelled.
const strict = new CacheClient({
  configuration: Configurations.Edge.latest().withThrowOnErrors(true),
  credentialProvider,
  defaultTtlSeconds: 60,
});
const answer = await strict.get(cache, 'user:42', { abortSignal: AbortSignal.timeout(2000) });
console.log(`strict client: ${answer.type}`);
console.log('quickstart done');
