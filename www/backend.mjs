// The playground's backend: the only process that holds the server's super-user key. It vends
// the page short-lived disposable tokens for cache data (read-write on every cache, nothing
// else) and does what a disposable token cannot: create, list and delete caches. The page's
// static server (stack.mjs) forwards /token and /caches/* here, so the browser never sees the
// key.
//
// A process of its own, started by stack.mjs with the key on stdin: with --tls, Node must
// trust the server's self-signed certificate, and Node reads NODE_EXTRA_CA_CERTS only at start.
//
//   node backend.mjs < {"apiKey": "...", "cacheUrl": "http://127.0.0.1:PORT"}
//   → prints "backend listening on http://127.0.0.1:PORT"
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How long a vended token lives; the page renews it (fromRefreshingToken) before then. */
const TOKEN_MINUTES = 15;

const { AllCaches, AuthClient, CacheClient, CredentialProvider, DisposableTokenScopes, ExpiresIn, GenerateDisposableToken } = await import(
  pathToFileURL(join(ROOT, 'pkg/node.js')).href
);

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { apiKey, cacheUrl } = JSON.parse(input);
const credentialProvider = CredentialProvider.fromString({ apiKey, endpointOverrides: { cacheEndpoint: cacheUrl, controlEndpoint: cacheUrl } });
const auth = new AuthClient({ credentialProvider });
const caches = new CacheClient({ credentialProvider, defaultTtlSeconds: 60 });

/** An SDK response as the page shows it: its type, and its error's code and message. */
const outcome = (response) =>
  response.type === 'Error' ? { type: 'Error', errorCode: response.errorCode(), message: response.message() } : { type: response.type };

const routes = {
  'GET /token': async () => {
    // A real backend checks who is asking (a session cookie, say) before it vends anything.
    const minted = await auth.generateDisposableToken(DisposableTokenScopes.cacheReadWrite(AllCaches), ExpiresIn.minutes(TOKEN_MINUTES));
    if (!(minted instanceof GenerateDisposableToken.Success)) return [503, outcome(minted)];
    return [200, { authToken: minted.authToken, expiresAt: minted.expiresAt.epoch() }];
  },
  'GET /caches': async () => {
    const listed = await caches.listCaches();
    return [200, listed.type === 'Success' ? { type: 'Success', caches: listed.getCaches().map((c) => c.getName()) } : outcome(listed)];
  },
  'POST /caches/create': async (name) => [200, outcome(await caches.createCache(name))],
  'POST /caches/delete': async (name) => [200, outcome(await caches.deleteCache(name))],
};

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://backend');
  const route = routes[`${req.method} ${url.pathname}`];
  const [status, body] = route ? await route(url.searchParams.get('name') ?? '').catch((e) => [500, { type: 'Error', message: e.message }]) : [404, {}];
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
});
server.listen(0, '127.0.0.1', () => console.log(`backend listening on http://127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => {
  caches.close?.();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
