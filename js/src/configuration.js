// Client configurations with `@gomomento/sdk-web`'s API: the presets (`Configurations`), their
// `with*` methods, the transport strategy, read concern, logger factory and middlewares.
// Every number comes from the Rust presets (`edgecache::configurations`, through `preset()`);
// Rust checks every value when a client is built.
import { rethrow } from './errors.js';
import { preset } from './init.js';
import { DefaultMomentoLoggerFactory } from './logging.js';

/** How fresh reads must be. `BALANCED` (the default) is sent as no header at all. */
export const ReadConcern = Object.freeze({ BALANCED: 'balanced', CONSISTENT: 'consistent' });

/** The gRPC part of a transport strategy: the per-call deadline. */
class GrpcConfiguration {
  constructor(deadlineMillis) {
    this._deadlineMillis = deadlineMillis;
  }
  getDeadlineMillis() {
    return this._deadlineMillis;
  }
  withDeadlineMillis(deadlineMillis) {
    return new GrpcConfiguration(deadlineMillis);
  }
}

class TransportStrategy {
  constructor(deadlineMillis) {
    this._grpc = new GrpcConfiguration(deadlineMillis);
  }
  getGrpcConfig() {
    return this._grpc;
  }
  withGrpcConfig(grpcConfig) {
    return new TransportStrategy(grpcConfig.getDeadlineMillis());
  }
  withClientTimeoutMillis(clientTimeoutMillis) {
    return new TransportStrategy(clientTimeoutMillis);
  }
}

/**
 * A client configuration: the Rust configuration's values (deadline, in-flight cap, retries,
 * framing, read concern, ...; see `getSettings()`), plus what the JavaScript layer adds
 * (`throwOnErrors`, the logger factory and the middlewares). Immutable: every `with*` returns
 * a copy.
 */
export class Configuration {
  constructor(settings, options = {}) {
    this._settings = Object.freeze({ ...settings });
    this._options = Object.freeze({
      throwOnErrors: false,
      loggerFactory: new DefaultMomentoLoggerFactory(),
      middlewares: [],
      ...options,
    });
  }
  _with(settings, options) {
    return new Configuration({ ...this._settings, ...settings }, { ...this._options, ...options });
  }
  /** The values the Rust client runs with. */
  getSettings() {
    return this._settings;
  }
  getClientTimeoutMillis() {
    return this._settings.timeoutMillis;
  }
  withClientTimeoutMillis(clientTimeoutMillis) {
    return this._with({ timeoutMillis: clientTimeoutMillis });
  }
  /** The most calls on the wire at once; further calls wait in FIFO order. */
  getMaxConcurrentRequests() {
    return this._settings.maxConcurrentRequests;
  }
  withMaxConcurrentRequests(maxConcurrentRequests) {
    return this._with({ maxConcurrentRequests });
  }
  /** Retries of calls that are safe to repeat (0 turns retries off). */
  withRetryMaxAttempts(retryMaxAttempts) {
    return this._with({ retryMaxAttempts });
  }
  getTransportStrategy() {
    return new TransportStrategy(this._settings.timeoutMillis);
  }
  withTransportStrategy(transportStrategy) {
    return this._with({ timeoutMillis: transportStrategy?.getGrpcConfig?.()?.getDeadlineMillis?.() });
  }
  getReadConcern() {
    return this._settings.readConcern;
  }
  withReadConcern(readConcern) {
    return this._with({ readConcern });
  }
  /**
   * Whether concurrent `get`s of one key from this client share one request. A `get` made
   * after this client started any write never shares an older request (read-your-writes).
   * Off in every `v1()` preset.
   */
  getRequestCoalescing() {
    return this._settings.requestCoalescing;
  }
  withRequestCoalescing(requestCoalescing) {
    return this._with({ requestCoalescing });
  }
  getThrowOnErrors() {
    return this._options.throwOnErrors;
  }
  withThrowOnErrors(throwOnErrors) {
    return this._with({}, { throwOnErrors: throwOnErrors === true });
  }
  getLoggerFactory() {
    return this._options.loggerFactory;
  }
  withLoggerFactory(loggerFactory) {
    return this._with({}, { loggerFactory });
  }
  getMiddlewares() {
    return this._options.middlewares;
  }
  withMiddlewares(middlewares) {
    return this._with({}, { middlewares });
  }
}

/** A preset: `latest()` (may be retuned between releases) and the frozen `v1()`. */
export function presetClass(name, rustName) {
  const load = (version, loggerFactory) =>
    new Configuration(
      rethrow(() => preset(rustName, version)),
      loggerFactory === undefined ? {} : { loggerFactory },
    );
  return {
    [name]: class extends Configuration {
      static latest(loggerFactory) {
        return load('latest', loggerFactory);
      }
      static v1(loggerFactory) {
        return load('v1', loggerFactory);
      }
    },
  }[name];
}

/** The presets, with the values of `edgecache::configurations` (src/config/presets.rs). */
export const Configurations = Object.freeze({
  Laptop: presetClass('Laptop', 'Laptop'),
  Browser: presetClass('Browser', 'Browser'),
  Lambda: presetClass('Lambda', 'Lambda'),
  Edge: presetClass('Edge', 'Edge'),
  InRegion: Object.freeze({
    Default: presetClass('InRegionDefault', 'InRegion'),
    LowLatency: presetClass('InRegionLowLatency', 'LowLatency'),
  }),
});
