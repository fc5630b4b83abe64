// The benchmark page's logic: builds the adapter the entry gives it against the server named
// in the query string, runs the shared workload, and reports to the page server
// (chromium.mjs) over plain HTTP, since no DevTools client is attached to this page:
//   POST /started          the bundle is running
//   POST /window  start|end the measured window opens or closes (for CPU samples)
//   POST /result  JSON     the figures, or { error }
// Page errors go to POST /error from the inline script in the page's HTML.
import { adapt, describeResponse, runPoint } from '../lib/workload.mjs';

const DEADLINE_MS = 15_000;
const TTL_SECONDS = 3600;

/** Fire and forget: a lost report shows up as a missing sample or a timeout in chromium.mjs. */
function post(path, body) {
  return fetch(path, { method: 'POST', body }).catch(() => {});
}

function clientOf(name, sdk, url, cap) {
  const { hostname, port } = new URL(url);
  const tls = url.startsWith('https:');
  if (name === 'edgecache') {
    return new sdk.CacheClient({
      configuration: sdk.Configurations.Laptop.latest().withClientTimeoutMillis(DEADLINE_MS).withMaxConcurrentRequests(cap),
      credentialProvider: sdk.CredentialProvider.forMomentoLocal({
        hostname,
        port: Number(port),
        ...(tls ? { endpointOverrides: { cacheEndpoint: url, controlEndpoint: url } } : {}),
      }),
      defaultTtlSeconds: TTL_SECONDS,
    });
  }
  const loggers = new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
  return new sdk.CacheClient({
    configuration: sdk.Configurations.Laptop.v1(loggers).withClientTimeoutMillis(DEADLINE_MS),
    credentialProvider: sdk.CredentialProvider.forMomentoLocal({
      hostname,
      port: Number(port),
      endpointOverrides: { cacheEndpoint: url, controlEndpoint: url, tokenEndpoint: url, secureConnection: tls },
    }),
    defaultTtlSeconds: TTL_SECONDS,
  });
}

/** The adapter factory for an SDK's client (`name`: edgecache or sdk-web). */
export function sdkOps(name, sdk) {
  return ({ url, cap }) => adapt(clientOf(name, sdk, url, cap), { describe: describeResponse });
}

/**
 * Runs the point. `makeOps({ url, cap, valueSize })` gives the workload's adapter; `capped`
 * says whether the client honours the in-flight cap (only edgecache does).
 */
export function start(makeOps, { capped = false } = {}) {
  const params = new URLSearchParams(location.search);
  const number = (k) => Number(params.get(k));
  const url = params.get('url');
  const inFlight = number('inFlight');
  const cap = params.has('cap') ? number('cap') : inFlight;
  const valueSize = number('valueSize');
  post('/started', '');
  (async () => {
    let result;
    try {
      const ops = makeOps({ url, cap, valueSize });
      const figures = await runPoint(ops, {
        mix: params.get('mix'),
        valueSize,
        inFlight,
        warmupMs: number('warmupMs'),
        secsMs: number('secsMs'),
        now: () => performance.now(),
        // Not awaited: the workload's window timers must not wait on the report.
        onWindow: (edge) => {
          post('/window', edge);
        },
      });
      // A hidden page would have its timers throttled: chromium.mjs refuses the point then.
      result = { ...figures, cap: capped ? cap : null, visibility: document.visibilityState };
    } catch (e) {
      result = { error: String(e?.stack ?? e) };
    }
    await post('/result', JSON.stringify(result));
  })();
}
