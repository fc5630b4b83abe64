// Disposable tokens and API keys with `@gomomento/sdk-web`'s API: `AuthClient`, the scope
// helpers (`DisposableTokenScopes`, `PermissionScopes`), roles, selectors, `ExpiresIn` and
// the response namespaces. A scope is a plain `{permissions: [...]}` object, as in the
// official SDK; Rust reads and checks it (src/js/auth.rs). Tokens and keys in responses are
// kept out of `JSON.stringify` and `console.log`.
import { Configuration, Configurations } from './configuration.js';
import { CredentialProvider } from './credentials.js';
import { InvalidArgumentError, rethrow } from './errors.js';
import { authOperations, WasmAuthClient, whenReady } from './init.js';
import { ErrorBase, namespace, RESPONSES, S, toResponse, typesOf } from './responses.js';

export const AllCaches = Symbol('AllCaches');
export const AllTopics = Symbol('AllTopics');
export const AllCacheItems = Symbol('AllCacheItems');

export const CacheRole = Object.freeze({
  ReadWrite: 'readwrite',
  ReadOnly: 'readonly',
  WriteOnly: 'writeonly',
});
export const TopicRole = Object.freeze({
  PublishSubscribe: 'publishsubscribe',
  SubscribeOnly: 'subscribeonly',
  PublishOnly: 'publishonly',
});

/** Every data-plane call: read-write on all caches, publish-subscribe on all topics. */
export const AllDataReadWrite = Object.freeze({
  permissions: Object.freeze([
    Object.freeze({ role: CacheRole.ReadWrite, cache: AllCaches }),
    Object.freeze({ role: TopicRole.PublishSubscribe, cache: AllCaches, topic: AllTopics }),
  ]),
});

const scope = (...permissions) => ({ permissions });

/** Scopes on whole caches and topics, for API keys and disposable tokens. */
export const PermissionScopes = Object.freeze({
  cacheReadWrite: (cache) => scope({ role: CacheRole.ReadWrite, cache }),
  cacheReadOnly: (cache) => scope({ role: CacheRole.ReadOnly, cache }),
  cacheWriteOnly: (cache) => scope({ role: CacheRole.WriteOnly, cache }),
  topicPublishSubscribe: (cache, topic) => scope({ role: TopicRole.PublishSubscribe, cache, topic }),
  topicSubscribeOnly: (cache, topic) => scope({ role: TopicRole.SubscribeOnly, cache, topic }),
  topicPublishOnly: (cache, topic) => scope({ role: TopicRole.PublishOnly, cache, topic }),
});
export const TokenScopes = PermissionScopes;

/** `PermissionScopes`, plus single keys and key prefixes (disposable tokens only). */
export const DisposableTokenScopes = Object.freeze({
  ...PermissionScopes,
  cacheKeyReadWrite: (cache, key) => scope({ role: CacheRole.ReadWrite, cache, item: { key } }),
  cacheKeyReadOnly: (cache, key) => scope({ role: CacheRole.ReadOnly, cache, item: { key } }),
  cacheKeyWriteOnly: (cache, key) => scope({ role: CacheRole.WriteOnly, cache, item: { key } }),
  cacheKeyPrefixReadWrite: (cache, keyPrefix) => scope({ role: CacheRole.ReadWrite, cache, item: { keyPrefix } }),
  cacheKeyPrefixReadOnly: (cache, keyPrefix) => scope({ role: CacheRole.ReadOnly, cache, item: { keyPrefix } }),
  cacheKeyPrefixWriteOnly: (cache, keyPrefix) => scope({ role: CacheRole.WriteOnly, cache, item: { keyPrefix } }),
});

/** How long a minted token or key lives. */
export class ExpiresIn {
  constructor(validForSeconds) {
    this._validForSeconds = validForSeconds;
  }
  static seconds(n) {
    return new ExpiresIn(n);
  }
  static minutes(n) {
    return new ExpiresIn(n * 60);
  }
  static hours(n) {
    return new ExpiresIn(n * 3600);
  }
  static days(n) {
    return new ExpiresIn(n * 86400);
  }
  /** Until the epoch second `epoch`, counted from now. */
  static epoch(epoch) {
    return new ExpiresIn(epoch - Math.floor(Date.now() / 1000));
  }
  static never() {
    return new ExpiresIn(Infinity);
  }
  seconds() {
    return this._validForSeconds;
  }
  doesExpire() {
    return this._validForSeconds !== Infinity;
  }
}

/** When a minted token or key stops working. */
export class ExpiresAt {
  constructor(epoch) {
    this._epoch = epoch;
  }
  static fromEpoch(epoch) {
    return new ExpiresAt(epoch ?? Infinity);
  }
  epoch() {
    return this._epoch;
  }
  doesExpire() {
    return this._epoch !== Infinity;
  }
}

/** A token or key: readable through its getter, shown nowhere else. */
class Secret {
  #value;
  constructor(value) {
    this.#value = value;
  }
  reveal() {
    return this.#value;
  }
  toJSON() {
    return '<redacted>';
  }
  toString() {
    return '<redacted>';
  }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    return '<redacted>';
  }
}

/** Defines read-only getters on a response class that reveal its secret fields. */
function reveal(ns, names) {
  for (const name of names) {
    Object.defineProperty(ns.Success.prototype, name, {
      get() {
        return this[`_${name}`].reveal();
      },
    });
  }
  return ns;
}

const plainGetters = (ns, names) => {
  for (const name of names) {
    Object.defineProperty(ns.Success.prototype, name, {
      get() {
        return this[`_${name}`];
      },
    });
  }
  return ns;
};

export const GenerateDisposableToken = plainGetters(
  reveal(
    namespace('GenerateDisposableToken', {
      Success: [
        S,
        ['authToken', 'endpoint', 'expiresAt'],
        undefined,
        (raw) => [new Secret(raw.authToken), raw.endpoint, ExpiresAt.fromEpoch(raw.expiresAt)],
      ],
    }),
    ['authToken'],
  ),
  ['endpoint', 'expiresAt'],
);

const apiKeySuccess = [
  S,
  ['apiKey', 'refreshToken', 'endpoint', 'expiresAt'],
  undefined,
  (raw) => [new Secret(raw.apiKey), new Secret(raw.refreshToken), raw.endpoint, ExpiresAt.fromEpoch(raw.expiresAt)],
];
function apiKeyNamespace(name) {
  const ns = plainGetters(reveal(namespace(name, { Success: apiKeySuccess }), ['apiKey', 'refreshToken']), [
    'endpoint',
    'expiresAt',
  ]);
  // The key under the name older code reads.
  Object.defineProperty(ns.Success.prototype, 'authToken', {
    get() {
      return this.apiKey;
    },
  });
  return ns;
}
export const GenerateApiKey = apiKeyNamespace('GenerateApiKey');
export const RefreshApiKey = apiKeyNamespace('RefreshApiKey');
export const GenerateAuthToken = GenerateApiKey;
export const RefreshAuthToken = RefreshApiKey;

export const GenerateDisposableTokenResponse = typesOf(GenerateDisposableToken);
export const GenerateApiKeyResponse = typesOf(GenerateApiKey);
export const RefreshApiKeyResponse = typesOf(RefreshApiKey);

/**
 * Mints disposable tokens and API keys with the credential it holds, with
 * `@gomomento/sdk-web`'s API. Construction does no I/O.
 */
export class AuthClient {
  constructor(props) {
    const { credentialProvider, throwOnErrors = false, configuration = Configurations.Laptop.latest() } = props ?? {};
    if (!(configuration instanceof Configuration)) {
      throw new InvalidArgumentError('configuration must be a Configuration, e.g. Configurations.Laptop.latest()');
    }
    const credentials = credentialProvider ?? CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY');
    if (!(credentials instanceof CredentialProvider)) {
      throw new InvalidArgumentError('credentialProvider must be a CredentialProvider');
    }
    this._throwOnErrors = throwOnErrors === true;
    this._client = rethrow(() => new WasmAuthClient(configuration.getSettings(), credentials._credentials));
  }

  /** Nothing to release: connections belong to the runtime's `fetch`. */
  close() {}
}

/** The method of one operation: its first `arity` arguments, then an options object. */
function method(name, response, arity) {
  const ns = RESPONSES[response];
  return async function (...args) {
    if (ns === undefined) throw new Error(`edgecache: ${name} answers with ${response}, which is not defined`);
    const options = args[arity];
    args.length = arity;
    const answer = toResponse(ns, await this._client.invoke(name, args, options));
    if (this._throwOnErrors && answer instanceof ErrorBase) throw answer.innerException();
    return answer;
  };
}

whenReady(() => {
  for (const [, name, response, arity] of authOperations()) {
    Object.defineProperty(AuthClient.prototype, name, { writable: true, configurable: true, value: method(name, response, arity) });
  }
  // The official SDK's older names for the same calls.
  AuthClient.prototype.generateAuthToken = AuthClient.prototype.generateApiKey;
  AuthClient.prototype.refreshAuthToken = AuthClient.prototype.refreshApiKey;
});
