// Credentials with `@gomomento/sdk-web`'s API: `CredentialProvider` and its factories, and the
// `StringMomentoTokenProvider` and `EnvMomentoTokenProvider` classes they return. The key is
// parsed and kept inside the WebAssembly module (`WasmCredentials`): these objects hold only a
// handle, so printing or serialising one never shows the key.
import { errorValue, InvalidArgumentError, rethrow } from './errors.js';
import { WasmCredentials } from './init.js';

/** The process environment where the runtime has one (Node, Bun, Deno), else undefined. */
function environment() {
  const { process, Deno } = globalThis;
  if (process?.env) return (name) => process.env[name];
  if (Deno?.env) {
    return (name) => {
      try {
        return Deno.env.get(name);
      } catch {
        return undefined;
      }
    };
  }
  return undefined;
}

function readEnvironment(name) {
  const read = environment();
  if (!read) {
    throw new InvalidArgumentError(
      `${name} cannot be read: this runtime has no environment variables; use CredentialProvider.fromString`,
    );
  }
  return read(name);
}

/**
 * Where the client connects and the key it presents. The key is parsed and kept inside the
 * WebAssembly module; this object holds only a handle, so printing it never shows the key.
 */
export class CredentialProvider {
  constructor(credentials, overridden = false) {
    this._credentials = credentials;
    this._overridden = overridden;
  }

  /** A Momento API key: `fromString({apiKey})`, or the key itself. */
  static fromString(props) {
    return new StringMomentoTokenProvider(props);
  }

  /**
   * A short-lived disposable token, the credential for browsers. It has the shape of a key, and
   * the official SDK reads both the same way.
   */
  static fromDisposableToken(props) {
    return new StringMomentoTokenProvider(props);
  }

  /**
   * A disposable token that renews itself (beyond sdk-web). `token` is the first
   * `GenerateDisposableToken.Success` and `fetchToken()` resolves to the next one (from an
   * `AuthClient`, or a call to your backend). Every client built from this credential sends
   * the new token from its next call on; `stopRefreshing()` ends the renewals.
   */
  static fromRefreshingToken(props) {
    const { token, fetchToken, endpointOverrides } = props ?? {};
    if (typeof fetchToken !== 'function') {
      throw new InvalidArgumentError('fetchToken must be a function resolving to the next token');
    }
    const provider = CredentialProvider.fromDisposableToken({ authToken: token?.authToken, endpointOverrides });
    provider._refresh = new Refresh(provider._credentials, token.expiresAt, fetchToken);
    return provider;
  }

  /** Ends the renewals of a `fromRefreshingToken` credential; the last token stays in use. */
  stopRefreshing() {
    this._refresh?.stop();
  }

  /** A key from an environment variable (`MOMENTO_ENDPOINT` supplies a v2 key's endpoint). */
  static fromEnvironmentVariable(props) {
    return new EnvMomentoTokenProvider(props);
  }

  static fromEnvVar(props) {
    return CredentialProvider.fromEnvironmentVariable(props);
  }

  /** A v2 key and the endpoint it belongs to. */
  static fromApiKeyV2(props) {
    return CredentialProvider._make(() => WasmCredentials.fromApiKeyV2(props?.apiKey, props?.endpoint), props);
  }

  /** A v2 key and its endpoint from two environment variables. */
  static fromEnvVarV2(props = {}) {
    const keyVar = props?.apiKeyEnvVar ?? 'MOMENTO_API_KEY';
    const endpointVar = props?.endpointEnvVar ?? 'MOMENTO_ENDPOINT';
    const apiKey = readEnvironment(keyVar);
    const endpoint = readEnvironment(endpointVar);
    if (apiKey === undefined) throw new InvalidArgumentError(`${keyVar} is not set`);
    if (endpoint === undefined) throw new InvalidArgumentError(`${endpointVar} is not set`);
    return CredentialProvider.fromApiKeyV2({ apiKey, endpoint });
  }

  /** A local server (edgecache-server, Momento Local) at `http://hostname:port`. */
  static forMomentoLocal(props = {}) {
    return CredentialProvider._make(
      () => WasmCredentials.local(props?.hostname ?? '127.0.0.1', props?.port ?? 8080),
      props,
    );
  }

  static _make(parse, props) {
    return new CredentialProvider(parsed(parse, props), props?.endpointOverrides != null);
  }

  getCacheEndpoint() {
    return this._credentials.cacheEndpoint;
  }
  getControlEndpoint() {
    return this._credentials.controlEndpoint;
  }
  isCacheEndpointSecure() {
    return this.getCacheEndpoint().startsWith('https:');
  }
  isControlEndpointSecure() {
    return this.getControlEndpoint().startsWith('https:');
  }
  isEndpointSecure() {
    return this.isCacheEndpointSecure() && this.isControlEndpointSecure();
  }
  areEndpointsOverridden() {
    return this._overridden;
  }
  /** The same endpoints, presenting `apiKey` as-is (a local server run with `--api-key`). */
  withApiKey(apiKey) {
    return new CredentialProvider(
      rethrow(() => this._credentials.withApiKey(apiKey)),
      this._overridden,
    );
  }
  /** Permits plain `http://` to hosts other than loopback. */
  allowInsecureHttp() {
    return new CredentialProvider(
      rethrow(() => this._credentials.allowInsecureHttp()),
      this._overridden,
    );
  }
  toString() {
    return `CredentialProvider(${this.getCacheEndpoint()})`;
  }
  toJSON() {
    return { cacheEndpoint: this.getCacheEndpoint(), controlEndpoint: this.getControlEndpoint() };
  }
}

/** A Momento API key: `new StringMomentoTokenProvider({apiKey})`, or the key itself. */
export class StringMomentoTokenProvider extends CredentialProvider {
  constructor(props) {
    const key = typeof props === 'string' ? props : (props?.apiKey ?? props?.authToken);
    super(
      parsed(() => WasmCredentials.fromString(key), props),
      props?.endpointOverrides != null,
    );
  }
}

/** A key from an environment variable (`MOMENTO_ENDPOINT` supplies a v2 key's endpoint). */
export class EnvMomentoTokenProvider extends CredentialProvider {
  constructor(props) {
    const name = typeof props === 'string' ? props : props?.environmentVariableName;
    if (typeof name !== 'string') {
      throw new InvalidArgumentError('environmentVariableName must be a string');
    }
    const value = readEnvironment(name);
    const endpoint = readEnvironment('MOMENTO_ENDPOINT');
    super(
      parsed(() => WasmCredentials.fromEnvironment(name, value, endpoint), props),
      props?.endpointOverrides != null,
    );
  }
}

/** A failed renewal is tried again after this long, while the current token is valid. */
const RETRY_MS = 1000;

/**
 * Renews a credential's token: a quarter of the remaining life, and at least 1 s, before each
 * expiry, the rule of the Rust `TokenRefresher`. Its timer never keeps a Node process alive.
 */
class Refresh {
  constructor(credentials, expiresAt, fetchToken) {
    this._credentials = credentials;
    this._expiresAt = expiresAt;
    this._fetchToken = fetchToken;
    this._stopped = false;
    this._schedule(this._delay());
  }

  /** Milliseconds until the next renewal; undefined for a token that never expires. */
  _delay() {
    const epoch = this._expiresAt?.epoch?.();
    if (!Number.isFinite(epoch)) return undefined;
    const left = Math.max(0, epoch * 1000 - Date.now());
    return Math.max(0, left - Math.max(left / 4, 1000));
  }

  _schedule(delay) {
    if (this._stopped || delay === undefined) return;
    this._timer = setTimeout(() => this._renew(), delay);
    this._timer?.unref?.();
  }

  async _renew() {
    try {
      const next = await this._fetchToken();
      if (this._stopped) return;
      rethrow(() => this._credentials.replaceToken(next?.authToken));
      this._expiresAt = next.expiresAt;
      this._schedule(this._delay());
    } catch {
      const epoch = this._expiresAt?.epoch?.();
      if (epoch * 1000 - Date.now() > RETRY_MS) this._schedule(RETRY_MS);
    }
  }

  stop() {
    this._stopped = true;
    clearTimeout(this._timer);
  }
}

/** Parses a credential, then applies `props.endpointOverrides` if given. */
function parsed(parse, props) {
  const credentials = rethrow(parse);
  const overrides = props?.endpointOverrides;
  return overrides == null ? credentials : rethrow(() => applyOverrides(credentials, overrides));
}

/** `{baseEndpoint}` or `{cacheEndpoint, controlEndpoint, secureConnection}` (one origin). */
function applyOverrides(credentials, overrides) {
  if (typeof overrides.baseEndpoint === 'string') {
    return credentials.withBaseEndpoint(overrides.baseEndpoint);
  }
  const { cacheEndpoint, controlEndpoint = cacheEndpoint, secureConnection } = overrides;
  if (typeof cacheEndpoint !== 'string' || controlEndpoint !== cacheEndpoint) {
    throw errorValue(
      'INVALID_ARGUMENT_ERROR',
      'endpointOverrides must give baseEndpoint, or one cacheEndpoint (and the same controlEndpoint)',
    );
  }
  // Any scheme given is kept, so that Rust's endpoint check names an unsupported one.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(cacheEndpoint)
    ? cacheEndpoint
    : `${secureConnection === false ? 'http' : 'https'}://${cacheEndpoint}`;
  return credentials.withEndpoint(url);
}
