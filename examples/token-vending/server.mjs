// Token vending: the backend holds the API key; the browser gets a disposable token that
// allows one cache's `room-7:` keys (read-write) and the `room-7` topic (subscribe-only) for
// 15 minutes, and nothing else. `GET /token` vends one; `/` is the page that uses it.
//
//   MOMENTO_API_KEY=... node server.mjs            # then open http://127.0.0.1:8081
//   EDGECACHE_ENDPOINT=http://127.0.0.1:8080 ...   # a local edgecache-server instead of Momento
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthClient, CacheRole, CredentialProvider, ExpiresIn, GenerateDisposableToken, TopicRole } from 'edgecache';

const HERE = dirname(fileURLToPath(import.meta.url));
const PKG = dirname(createRequire(import.meta.url).resolve('edgecache/package.json'));
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** What one browser may do: its room's keys, and listening to its room. */
const roomScope = (room) => ({
  permissions: [
    { role: CacheRole.ReadWrite, cache: 'chat', item: { keyPrefix: `${room}:` } },
    { role: TopicRole.SubscribeOnly, cache: 'chat', topic: room },
  ],
});

/**
 * Starts the backend on `port` (0: any free one). `endpoint` overrides where the key's
 * services are (a local edgecache-server); the page is told the same.
 */
export async function startTokenVending({ apiKey, endpoint, port = 0 }) {
  const overrides = endpoint ? { endpointOverrides: { cacheEndpoint: endpoint, controlEndpoint: endpoint } } : {};
  const auth = new AuthClient({ credentialProvider: CredentialProvider.fromString({ apiKey, ...overrides }) });
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/token') {
      // A real backend checks who is asking first (a session cookie, say) and picks the room.
      const minted = await auth.generateDisposableToken(roomScope('room-7'), ExpiresIn.minutes(15), { tokenId: 'room-7-guest' });
      if (!(minted instanceof GenerateDisposableToken.Success)) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end(minted.message());
        return;
      }
      const body = { authToken: minted.authToken, expiresAt: minted.expiresAt.epoch(), endpoint: endpoint ?? null };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
      return;
    }
    const file = path === '/' ? join(HERE, 'index.html') : path.startsWith('/pkg/') && normalize(join(PKG, path.slice(5)));
    if (!file || (path !== '/' && !file.startsWith(PKG))) {
      res.writeHead(404).end();
      return;
    }
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'text/html' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const apiKey = process.env.MOMENTO_API_KEY;
  if (!apiKey) throw new Error('set MOMENTO_API_KEY to the key the backend mints with');
  const { url } = await startTokenVending({ apiKey, endpoint: process.env.EDGECACHE_ENDPOINT, port: 8081 });
  console.log(`token vending at ${url}`);
}
