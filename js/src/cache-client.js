// `CacheClient`, with `@gomomento/sdk-web`'s API. Its call methods are not written out here:
// they come from the one list of operations in Rust (src/js/operations.rs, read through
// `cacheOperations()`), one method per entry, defined when the WebAssembly module is
// initialised. Each resolves to its response namespace (`CacheGet`, ...).
import { CollectionTtl } from './collection-ttl.js';
import { Configuration, Configurations, ReadConcern } from './configuration.js';
import { CredentialProvider } from './credentials.js';
import { errorValue, InvalidArgumentError, rethrow, sdkError } from './errors.js';
import { cacheOperations, initialized, WasmCacheClient, whenReady } from './init.js';
import { watchCall } from './middleware.js';
import { ErrorBase, RESPONSES, toResponse } from './responses.js';

/** The operations `cache(name)` binds: every family but `control`. */
const DATA_METHODS = [];

/**
 * Runs one operation in Rust. An `abortSignal` in the options drops the call when it fires
 * (its fetch aborted, its in-flight slot freed) and the call answers `CANCELLED_ERROR`.
 */
async function invoke(client, op, args, options, observer) {
  const signal = options?.abortSignal;
  if (signal == null) return client.invoke(op, args, options, undefined, observer);
  if (typeof signal.addEventListener !== 'function' || typeof signal.aborted !== 'boolean') {
    return errorValue('INVALID_ARGUMENT_ERROR', 'abortSignal must be an AbortSignal');
  }
  if (signal.aborted) return errorValue('CANCELLED_ERROR', 'the call was aborted by its AbortSignal');
  let onAbort;
  const aborted = new Promise((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await client.invoke(op, args, options, aborted, observer);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A cache client with `@gomomento/sdk-web`'s API. Construction does no I/O: the first call
 * opens the connection. Failed calls resolve to `Error` responses, or throw their
 * `SdkError` when the configuration says `withThrowOnErrors(true)`.
 */
export class CacheClient {
  constructor(props) {
    const { configuration = Configurations.Laptop.latest(), credentialProvider, defaultTtlSeconds } = props ?? {};
    if (!(configuration instanceof Configuration)) {
      throw new InvalidArgumentError('configuration must be a Configuration, e.g. Configurations.Laptop.latest()');
    }
    const loggerFactory = configuration.getLoggerFactory();
    if (typeof loggerFactory?.getLogger !== 'function') {
      throw new InvalidArgumentError('loggerFactory must be a MomentoLoggerFactory (an object with getLogger)');
    }
    const middlewares = configuration.getMiddlewares();
    if (!Array.isArray(middlewares) || !middlewares.every((m) => typeof m?.onNewRequest === 'function')) {
      throw new InvalidArgumentError('middlewares must be an array of Middlewares (objects with onNewRequest)');
    }
    const credentials = credentialProvider ?? CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY');
    if (!(credentials instanceof CredentialProvider)) {
      throw new InvalidArgumentError('credentialProvider must be a CredentialProvider');
    }
    this._configuration = configuration;
    this._throwOnErrors = configuration.getThrowOnErrors();
    this._logger = loggerFactory.getLogger('CacheClient');
    this._middlewares = middlewares;
    // Shared by the middlewares' handlers of every call of this client, as in the official SDK.
    this._middlewareContext = {};
    this._client = rethrow(
      () => new WasmCacheClient(configuration.getSettings(), credentials._credentials, defaultTtlSeconds),
    );
    this._logger.debug(`Creating cache client using endpoint: '${credentials.getCacheEndpoint()}'`);
  }

  /** The same as `new CacheClient(props)`, for code written against the official SDK. */
  static async create(props) {
    await initialized();
    return new CacheClient(props);
  }

  get configuration() {
    return this._configuration;
  }

  /** The data methods with `cacheName` fixed. */
  cache(cacheName) {
    return Object.fromEntries(DATA_METHODS.map((name) => [name, (...args) => this[name](cacheName, ...args)]));
  }

  /** Nothing to release: connections belong to the runtime's `fetch`. */
  close() {}

  /** Runs operation `name` of `family` with its positional `args` and `options`: the raw answer. */
  async _run(family, name, args, options) {
    const ttl = options?.ttl;
    if (ttl instanceof CollectionTtl) {
      options = { ...options, ttl: ttl.ttlSeconds() ?? undefined, refreshTtl: ttl.refreshTtl() };
    }
    const watch =
      this._middlewares.length === 0
        ? undefined
        : watchCall(this._middlewares, this._middlewareContext, this._metadata(family, args[0]), this._logger);
    const raw = await invoke(this._client, name, args, options, watch?.hook);
    watch?.answered(raw);
    this._logger.trace(`'${name}' answered ${raw.type}${raw.type === 'Error' ? ` ${raw.code}: ${raw.message}` : ''}`);
    return raw;
  }

  /** The metadata a call carries, as middlewares see it: never the API key. */
  _metadata(family, cacheName) {
    if (family === 'control') return {};
    const readConcern = this._configuration.getReadConcern();
    return {
      cache: cacheName,
      ...(readConcern === ReadConcern.BALANCED ? {} : { 'read-concern': readConcern }),
    };
  }
}

/** The method of one operation: its first `arity` arguments, then an options object. */
function method(family, name, response, arity) {
  if (response === '') {
    // `ping()`: resolves to nothing, throws its error.
    return async function (options) {
      const raw = await this._run(family, name, [], options);
      if (raw.type === 'Error') throw sdkError(raw);
    };
  }
  const ns = RESPONSES[response];
  return async function (...args) {
    if (ns === undefined) throw new Error(`edgecache: ${name} answers with ${response}, which is not defined`);
    const options = args[arity];
    args.length = arity;
    const answer = toResponse(ns, await this._run(family, name, args, options));
    if (this._throwOnErrors && answer instanceof ErrorBase) throw answer.innerException();
    return answer;
  };
}

whenReady(() => {
  for (const [family, name, response, arity] of cacheOperations()) {
    if (family !== 'control') DATA_METHODS.push(name);
    Object.defineProperty(CacheClient.prototype, name, {
      writable: true,
      configurable: true,
      value: method(family, name, response, arity),
    });
  }
});
