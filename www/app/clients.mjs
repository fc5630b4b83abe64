// Builds the page's clients against the local server: edgecache with any of its presets, and
// (for the benchmark) @gomomento/sdk-web with its Browser preset and the same deadline.

/** The presets the page offers, by the name shown, and where each lives in `Configurations`. */
export const PRESETS = {
  Laptop: (c) => c.Laptop,
  InRegion: (c) => c.InRegion.Default,
  LowLatency: (c) => c.InRegion.LowLatency,
  Lambda: (c) => c.Lambda,
  Browser: (c) => c.Browser,
  Edge: (c) => c.Edge,
};

/** `Configurations.<preset>.latest()` of edgecache; throws on an unknown name. */
export function presetConfiguration(edgecache, name) {
  const pick = PRESETS[name];
  if (!pick) throw new RangeError(`unknown preset ${JSON.stringify(name)}: expected one of ${Object.keys(PRESETS).join(', ')}`);
  return pick(edgecache.Configurations).latest();
}

/** The server's host and port, from its URL (`http://127.0.0.1:PORT` or `https://...`). */
function hostAndPort(cacheUrl) {
  const url = new URL(cacheUrl);
  return { hostname: url.hostname, port: Number(url.port), secure: url.protocol === 'https:' };
}

/**
 * An edgecache client on `preset` for the server at `cacheUrl`. `maxConcurrentRequests`
 * replaces the preset's in-flight cap when given (the benchmark sets it to its load).
 */
export function edgecacheClient(edgecache, { cacheUrl, preset, maxConcurrentRequests }) {
  const { hostname, port, secure } = hostAndPort(cacheUrl);
  const credentialProvider = edgecache.CredentialProvider.forMomentoLocal({
    hostname,
    port,
    // forMomentoLocal speaks plain http; over TLS the same server is named by its https URL.
    ...(secure ? { endpointOverrides: { cacheEndpoint: cacheUrl, controlEndpoint: cacheUrl } } : {}),
  });
  let configuration = presetConfiguration(edgecache, preset);
  if (maxConcurrentRequests !== undefined) configuration = configuration.withMaxConcurrentRequests(maxConcurrentRequests);
  return new edgecache.CacheClient({ configuration, credentialProvider, defaultTtlSeconds: 60 });
}

/** A `@gomomento/sdk-web` client for the same server, with `timeoutMillis` as its deadline. */
export function sdkWebClient(sdkWeb, { cacheUrl, timeoutMillis }) {
  const { hostname, port, secure } = hostAndPort(cacheUrl);
  // sdk-web would turn a bare host into https://web.cache.HOST; full URLs are used verbatim.
  const credentialProvider = sdkWeb.CredentialProvider.forMomentoLocal({
    hostname,
    port,
    endpointOverrides: { cacheEndpoint: cacheUrl, controlEndpoint: cacheUrl, tokenEndpoint: cacheUrl, secureConnection: secure },
  });
  const loggerFactory = new sdkWeb.DefaultMomentoLoggerFactory(sdkWeb.DefaultMomentoLoggerLevel.ERROR);
  const configuration = sdkWeb.Configurations.Browser.latest(loggerFactory).withClientTimeoutMillis(timeoutMillis);
  return new sdkWeb.CacheClient({ configuration, credentialProvider, defaultTtlSeconds: 60 });
}

/** `"1.1 s deadline, 100 in flight, 3 retries"` for a configuration's settings. */
export function describeSettings(settings) {
  const deadline = settings.timeoutMillis >= 1000 ? `${settings.timeoutMillis / 1000} s` : `${settings.timeoutMillis} ms`;
  const retries = settings.retryMaxAttempts === 0 ? 'no retries' : `up to ${settings.retryMaxAttempts} retries`;
  return `${deadline} deadline, at most ${settings.maxConcurrentRequests} calls in flight, ${retries}, ${settings.framing} framing`;
}
