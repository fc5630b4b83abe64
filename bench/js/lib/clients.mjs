// The JavaScript clients under test, as Node loads them. Each is imported only when asked for,
// so a process holds one SDK and its cold start is measured alone.
//
//   edgecache        the package's default in Node
//   edgecache-fetch  the package with EDGECACHE_NODE_TRANSPORT=fetch (its fetch transport)
//   sdk-web          @gomomento/sdk-web: gRPC-web text mode over XMLHttpRequest (xhr2 in Node)
//   sdk              @gomomento/sdk: gRPC over HTTP/2 (grpc-js)
//   raw-http2        no SDK: pre-encoded gRPC-web requests over one node:http2 session (the
//                    raw limit of Node, as h2load is of the native rows; see lib/raw.mjs)
//
// Every SDK client uses a 15 s deadline (the Laptop presets' figure in the native runners), so
// a slow point shows up as latency, not as timeouts. Only edgecache has an in-flight cap.
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { connect } from 'node:http2';
import { fileURLToPath } from 'node:url';
import { HEADERS, rawOps } from './raw.mjs';

export const CLIENTS = ['edgecache', 'edgecache-fetch', 'sdk-web', 'sdk'];
/** Clients without an SDK (point.mjs only: there is nothing to import or cold-start). */
export const RAW_CLIENTS = ['raw-http2'];
const DEADLINE_MS = 15_000;
const TTL_SECONDS = 3600;

const PKG = realpathSync(fileURLToPath(new URL('../node_modules/edgecache/', import.meta.url)));

/** Whether the installed edgecache package reads EDGECACHE_NODE_TRANSPORT. */
export function packageHasTransportSwitch() {
  try {
    return readdirSync(PKG)
      .filter((f) => f.endsWith('.js'))
      .some((f) => readFileSync(`${PKG}/${f}`, 'utf8').includes('EDGECACHE_NODE_TRANSPORT'));
  } catch {
    return false;
  }
}

/** The globals @gomomento/sdk-web needs outside a browser: XMLHttpRequest and navigator. */
async function webSdkGlobals() {
  const { default: XMLHttpRequest } = await import('xhr2');
  globalThis.XMLHttpRequest ??= XMLHttpRequest;
  globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node} (edgecache-bench)` };
}

/** Imports the SDK behind `name` (timed by the cold-start check). */
export async function importClient(name) {
  switch (name) {
    case 'edgecache':
      return import('edgecache');
    case 'edgecache-fetch':
      if (!packageHasTransportSwitch()) {
        throw new Error('this edgecache build has no EDGECACHE_NODE_TRANSPORT switch: the fetch transport cannot be forced');
      }
      process.env.EDGECACHE_NODE_TRANSPORT = 'fetch';
      return import('edgecache');
    case 'sdk-web':
      await webSdkGlobals();
      return import('@gomomento/sdk-web');
    case 'sdk':
      return import('@gomomento/sdk');
    default:
      throw new Error(`unknown client ${JSON.stringify(name)}; expected one of ${CLIENTS.join(', ')}`);
  }
}

/** A client of `sdk` (the module `importClient(name)` gave) against the local server. */
export function createClient(name, sdk, { port, cap, host = '127.0.0.1' }) {
  if (name === 'edgecache' || name === 'edgecache-fetch') {
    let configuration = sdk.Configurations.Laptop.latest().withClientTimeoutMillis(DEADLINE_MS);
    if (cap !== undefined) configuration = configuration.withMaxConcurrentRequests(cap);
    return new sdk.CacheClient({
      configuration,
      credentialProvider: sdk.CredentialProvider.forMomentoLocal({ hostname: host, port }),
      defaultTtlSeconds: TTL_SECONDS,
    });
  }
  const loggers = new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
  const configuration = sdk.Configurations.Laptop.v1(loggers).withClientTimeoutMillis(DEADLINE_MS);
  // The web SDK would turn a bare host:port into https://web.<host>; it takes explicit
  // http:// endpoint overrides verbatim.
  const credentialProvider =
    name === 'sdk-web'
      ? sdk.CredentialProvider.forMomentoLocal({
          hostname: host,
          port,
          endpointOverrides: {
            cacheEndpoint: `http://${host}:${port}`,
            controlEndpoint: `http://${host}:${port}`,
            tokenEndpoint: `http://${host}:${port}`,
            secureConnection: false,
          },
        })
      : sdk.CredentialProvider.forMomentoLocal({ hostname: host, port });
  return new sdk.CacheClient({ configuration, credentialProvider, defaultTtlSeconds: TTL_SECONDS });
}

/**
 * The wasm module's linear memory, reached through the package's wasm-bindgen glue file:
 * the package exports no handle to it. Its `initSync` returns the already initialised
 * instance's exports without re-initialising. `null` if the layout ever changes.
 */
export async function edgecacheWasmMemory() {
  try {
    const glue = await import(`${PKG}/edgecache_wasm.js`);
    const exports = glue.initSync({ module: new Uint8Array(0) });
    return exports?.memory instanceof WebAssembly.Memory ? exports.memory : null;
  } catch {
    return null;
  }
}

/**
 * The raw limit in Node: the workload's adapter over one h2c session (prior knowledge, as
 * h2load and edgecache's Node transport connect), each call one stream with a pre-encoded
 * body. Streams beyond the server's limit wait in nghttp2's queue. No deadline per call: the
 * workload's grace already bounds a point. `close()` ends the session.
 */
export async function rawHttp2Ops({ port, valueSize, host = '127.0.0.1' }) {
  const session = connect(`http://${host}:${port}`);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no HTTP/2 session with ${host}:${port} after 10 s`)), 10_000);
    session.once('connect', () => resolve(clearTimeout(timer)));
    session.once('error', (e) => reject(new Error(`HTTP/2 session with ${host}:${port}: ${e.message}`, { cause: e })));
  });
  // Later session errors also fail every open stream, which counts them; keep the process up.
  session.on('error', () => {});
  const send = (path, body) =>
    new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': path, ...HEADERS });
      let status = 0;
      const chunks = [];
      stream.on('response', (headers) => {
        status = headers[':status'];
      });
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
      stream.on('error', reject);
      stream.end(body);
    });
  return { ...rawOps(send, valueSize), close: () => session.close() };
}
