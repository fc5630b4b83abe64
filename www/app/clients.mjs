// Builds the page's clients against the local server: edgecache with any of its presets, and
// (for the benchmark) @gomomento/sdk-web with its Browser preset and the same deadline. Both
// present a disposable token the page's backend vends (/token): the page never holds the
// server's key. Cache management, which a disposable token cannot do, goes to the backend.

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

/** A disposable token from the backend, in the shape `fromRefreshingToken` takes. */
async function fetchToken() {
  const response = await fetch('/token', { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.authToken !== 'string') {
    throw new Error(`the backend vended no token (${response.status}${body.message ? `: ${body.message}` : ''})`);
  }
  return { authToken: body.authToken, expiresAt: { epoch: () => body.expiresAt } };
}

/**
 * The page's credentials: a disposable token for the server at `cacheUrl`, renewed before it
 * expires. `provider` is edgecache's (every client shares it, so each sends the newest token);
 * `currentToken()` is the token in use, for sdk-web.
 */
export async function pageCredentials(edgecache, cacheUrl) {
  let latest = await fetchToken();
  const provider = edgecache.CredentialProvider.fromRefreshingToken({
    token: latest,
    fetchToken: async () => (latest = await fetchToken()),
    endpointOverrides: { cacheEndpoint: cacheUrl, controlEndpoint: cacheUrl },
  });
  return { provider, currentToken: () => latest.authToken };
}

/** A backend answer as an SDK response: its `type`, an error's code and message, the caches. */
function asResponse(body) {
  return {
    type: body.type ?? 'Error',
    errorCode: () => body.errorCode ?? 'UNKNOWN_ERROR',
    message: () => body.message ?? '',
    getCaches: () => (body.caches ?? []).map((name) => ({ getName: () => name })),
  };
}

const backendCall = async (method, path) => asResponse(await (await fetch(path, { method, cache: 'no-store' })).json());

/** Cache management through the backend, with the SDK's method names and response shapes. */
export const backendCaches = {
  createCache: (name) => backendCall('POST', `/caches/create?name=${encodeURIComponent(name)}`),
  deleteCache: (name) => backendCall('POST', `/caches/delete?name=${encodeURIComponent(name)}`),
  listCaches: () => backendCall('GET', '/caches'),
};

/**
 * An edgecache client on `preset` with `credentialProvider` (from `pageCredentials`).
 * `maxConcurrentRequests` replaces the preset's in-flight cap when given (the benchmark sets
 * it to its load).
 */
export function edgecacheClient(edgecache, { credentialProvider, preset, maxConcurrentRequests }) {
  let configuration = presetConfiguration(edgecache, preset);
  if (maxConcurrentRequests !== undefined) configuration = configuration.withMaxConcurrentRequests(maxConcurrentRequests);
  return new edgecache.CacheClient({ configuration, credentialProvider, defaultTtlSeconds: 60 });
}

/**
 * A `@gomomento/sdk-web` client for the same server, presenting `authToken`, with
 * `timeoutMillis` as its deadline.
 */
export function sdkWebClient(sdkWeb, { cacheUrl, authToken, timeoutMillis }) {
  const secureConnection = new URL(cacheUrl).protocol === 'https:';
  // sdk-web would turn a bare host into https://web.cache.HOST; full URLs are used verbatim.
  const credentialProvider = sdkWeb.CredentialProvider.fromDisposableToken({
    authToken,
    endpointOverrides: { cacheEndpoint: cacheUrl, controlEndpoint: cacheUrl, tokenEndpoint: cacheUrl, secureConnection },
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
