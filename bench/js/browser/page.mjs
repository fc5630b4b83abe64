// The benchmark page's logic: builds a client of the SDK it is given against the server named
// in the query string, runs the shared workload, and leaves the figures in
// `window.benchResult`. The window markers go out as console lines, which the runner
// (chromium.mjs) turns into the orchestrator's `@window-*` lines and CPU samples.
import { adapt, describeResponse, runPoint } from '../lib/workload.mjs';

const DEADLINE_MS = 15_000;
const TTL_SECONDS = 3600;

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

export function start(name, sdk) {
  const params = new URLSearchParams(location.search);
  const number = (k) => Number(params.get(k));
  const url = params.get('url');
  const inFlight = number('inFlight');
  const cap = params.has('cap') ? number('cap') : inFlight;
  window.benchResult = (async () => {
    try {
      const client = clientOf(name, sdk, url, cap);
      const result = await runPoint(adapt(client, { describe: describeResponse }), {
        mix: params.get('mix'),
        valueSize: number('valueSize'),
        inFlight,
        warmupMs: number('warmupMs'),
        secsMs: number('secsMs'),
        now: () => performance.now(),
        onWindow: (edge) => console.log(`@window-${edge}`),
      });
      return { ...result, cap: name === 'edgecache' ? cap : null };
    } catch (e) {
      return { error: String(e?.stack ?? e) };
    }
  })();
}
