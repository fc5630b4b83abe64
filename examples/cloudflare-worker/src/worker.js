// A Cloudflare Worker caching through edgecache: GET /KEY reads, PUT /KEY stores the body.
//
// The client is made on the first request (bindings exist only inside requests) and kept
// for the isolate's life: construction does no I/O, and no promise or I/O object of one
// request outlives it, so reusing the client across requests is allowed. Configurations.Edge
// keeps at most 6 calls in flight, the Workers limit on simultaneous outgoing connections.
import { CacheClient, CacheGetResponse, Configurations, CredentialProvider } from 'edgecache';

let client;

function cacheClient(env) {
  client ??= new CacheClient({
    configuration: Configurations.Edge.latest(),
    credentialProvider: env.MOMENTO_API_KEY
      ? CredentialProvider.fromString({ apiKey: env.MOMENTO_API_KEY })
      : CredentialProvider.forMomentoLocal({ hostname: env.EDGECACHE_HOST, port: Number(env.EDGECACHE_PORT) }),
    defaultTtlSeconds: 300,
  });
  return client;
}

export default {
  async fetch(request, env) {
    const key = decodeURIComponent(new URL(request.url).pathname.slice(1));
    if (!key) return new Response('usage: GET or PUT /KEY\n', { status: 400 });
    const cache = cacheClient(env);
    if (request.method === 'PUT') {
      const stored = await cache.set(env.CACHE_NAME, key, new Uint8Array(await request.arrayBuffer()));
      return stored.type === 'Error' ? new Response(`${stored.message()}\n`, { status: 502 }) : new Response(null, { status: 204 });
    }
    const got = await cache.get(env.CACHE_NAME, key);
    switch (got.type) {
      case CacheGetResponse.Hit:
        return new Response(got.valueUint8Array(), { headers: { 'x-cache': 'hit' } });
      case CacheGetResponse.Miss:
        return new Response('not cached\n', { status: 404, headers: { 'x-cache': 'miss' } });
      default:
        return new Response(`${got.errorCode()}: ${got.message()}\n`, { status: 502 });
    }
  },
};
