// edgecache for JavaScript: a drop-in for `@gomomento/sdk-web` on a Rust core compiled to
// WebAssembly. This is the package's public surface; scripts/build-pkg bundles it, with the
// modules beside it, into the package's `edgecache.js`. The layer holds no protocol logic and
// no preset numbers, and checks no argument itself: Rust does (src/js/).
//
// The modules: `init` (the WebAssembly module), `errors`, `responses` (what every response
// namespace is made of) and one module per family of operations as the Rust crate groups
// them (`scalar`, `dictionary`, `list`, `set`, `sorted-set`, `control`), `configuration`
// (presets, read concern), `logging`, `middleware`, `credentials`, `collection-ttl`,
// `cache-client`, whose methods come from the operation list in Rust, `auth` (`AuthClient`,
// scopes and tokens) and `topics` (`TopicClient`, items, presets), whose methods come from
// their own lists there.
export { init, initSync, wasmMemoryBytes } from './init.js';
export {
  SdkError,
  InvalidArgumentError,
  UnknownServiceError,
  CacheAlreadyExistsError,
  StoreAlreadyExistsError,
  CacheNotFoundError,
  StoreNotFoundError,
  StoreItemNotFoundError,
  FunctionNotFoundError,
  InternalServerError,
  PermissionError,
  AuthenticationError,
  CancelledError,
  ConnectionError,
  LimitExceededError,
  BadRequestError,
  TimeoutError,
  ServerUnavailableError,
  ClientResourceExhaustedError,
  FailedPreconditionError,
  UnknownError,
  MomentoErrorCode,
} from './errors.js';
export * from './scalar.js';
export * from './dictionary.js';
export * from './list.js';
export * from './set.js';
export * from './sorted-set.js';
export * from './control.js';
export { CollectionTtl } from './collection-ttl.js';
export {
  DefaultMomentoLogger,
  DefaultMomentoLoggerFactory,
  DefaultMomentoLoggerLevel,
  NoopMomentoLogger,
  NoopMomentoLoggerFactory,
} from './logging.js';
export { Configuration, Configurations, ReadConcern } from './configuration.js';
export { CredentialProvider, EnvMomentoTokenProvider, StringMomentoTokenProvider } from './credentials.js';
export { CacheClient } from './cache-client.js';
export * from './auth.js';
export * from './topics.js';
