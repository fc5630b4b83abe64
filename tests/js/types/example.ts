// Typed usage of the package, checked by `tsc --noEmit` (node/package.test.mjs). Each
// expected-error directive below fails the check if its type ever widens (to `any`, say).
import {
  CacheClient,
  CacheDictionaryFetch,
  CacheGet,
  CacheGetResponse,
  CacheGetWithHashResponse,
  CacheSetIfAbsent,
  CacheSetIfPresentAndHashEqual,
  CollectionTtl,
  Configurations,
  CredentialProvider,
  DefaultMomentoLoggerFactory,
  DefaultMomentoLoggerLevel,
  MomentoErrorCode,
  NoopMomentoLoggerFactory,
  ReadConcern,
  SdkError,
  StringMomentoTokenProvider,
  TimeoutError,
  type ICacheClient,
  type IMomentoCache,
  type Middleware,
  type MiddlewareRequest,
  type MiddlewareStatus,
  type MomentoCache,
} from 'edgecache';

const client = new CacheClient({
  configuration: Configurations.Edge.latest().withClientTimeoutMillis(500).withThrowOnErrors(false),
  credentialProvider: CredentialProvider.forMomentoLocal({ port: 8080 }),
  defaultTtlSeconds: 60,
});

export async function narrowOnType(): Promise<string> {
  const response: CacheGet.Response = await client.get('cache', 'key');
  switch (response.type) {
    case CacheGetResponse.Hit: {
      const text: string = response.valueString();
      const bytes: Uint8Array = response.valueUint8Array();
      return `${text} (${bytes.length} bytes)`;
    }
    case 'Miss': {
      const nothing: undefined = response.value();
      // @ts-expect-error: a miss has no valueString
      response.valueString();
      return String(nothing);
    }
    case CacheGetResponse.Error: {
      const code: MomentoErrorCode = response.errorCode();
      const error: SdkError = response.innerException();
      return `${code}: ${error.message}`;
    }
    default: {
      const exhaustive: never = response;
      return exhaustive;
    }
  }
}

export async function narrowWithInstanceof(): Promise<number> {
  const stored = await client.setIfAbsent('cache', 'key', new Uint8Array([1, 2]), { ttl: 30 });
  if (stored instanceof CacheSetIfAbsent.Stored) return 1;
  const counter = await client.increment('cache', 'n', 2, { abortSignal: AbortSignal.timeout(100) });
  if (counter.type === 'Success') {
    const value: number = counter.value();
    return value;
  }
  // @ts-expect-error: the error variant's value() is undefined, not a number
  const wrong: number = counter.value();
  return wrong;
}

export async function collectionsAndBatches(): Promise<Record<string, string> | undefined> {
  await client.dictionarySetFields('cache', 'dict', new Map([['a', '1']]), { ttl: CollectionTtl.of(60).withNoRefreshTtlOnUpdates() });
  await client.setBatch('cache', [{ key: 'k', value: 'v' }]);
  const batch = await client.getBatch('cache', ['k']);
  if (batch.type === 'Success') batch.results().forEach((r) => r.type === 'Hit' && r.valueString());
  const dict = await client.dictionaryFetch('cache', 'dict');
  return dict instanceof CacheDictionaryFetch.Hit ? dict.valueRecord() : undefined;
}

export async function boundCacheAndErrors(): Promise<void> {
  const bound: MomentoCache = client.cache('cache');
  await bound.set('k', 'v');
  // @ts-expect-error: keys are strings or Uint8Arrays
  await client.get('cache', 42);
  // @ts-expect-error: ttl is a number of seconds
  await client.set('cache', 'k', 'v', { ttl: '60' });
  try {
    await new CacheClient({ configuration: Configurations.Lambda.latest().withThrowOnErrors(true), defaultTtlSeconds: 5 }).ping();
  } catch (e) {
    if (e instanceof TimeoutError) console.log(e.errorCode(), e.wrappedErrorMessage());
  }
  const settings = Configurations.InRegion.LowLatency.v1().getSettings();
  const cap: number = settings.maxConcurrentRequests;
  // @ts-expect-error: settings are read-only
  settings.timeoutMillis = cap;
}

// Code written against sdk-web's interfaces: ICacheClient, IMomentoCache, the hash calls,
// read concern, loggers and middlewares.
export async function optimisticUpdate(cacheClient: ICacheClient, bound: IMomentoCache): Promise<boolean> {
  const current = await cacheClient.getWithHash('cache', 'doc');
  if (current.type !== CacheGetWithHashResponse.Hit) return false;
  const hash: Uint8Array = current.hashUint8Array();
  const stored = await bound.setIfPresentAndHashEqual('doc', `${current.valueString()}!`, hash, { ttl: 60 });
  if (stored instanceof CacheSetIfPresentAndHashEqual.Stored) return stored.hashUint8Array().length > 0;
  // @ts-expect-error: a hash is bytes, not a number
  await cacheClient.setIfAbsentOrHashEqual('cache', 'doc', 'v', 42);
  return false;
}

const timing: Middleware = {
  onNewRequest: () => ({
    onRequest: (request: MiddlewareRequest) => request,
    onResponseStatus: (status: MiddlewareStatus) => {
      const code: number = status.code();
      console.log(code);
      return status;
    },
  }),
};

export const tunedClient: ICacheClient = new CacheClient({
  configuration: Configurations.Laptop.latest(new DefaultMomentoLoggerFactory(DefaultMomentoLoggerLevel.DEBUG))
    .withReadConcern(ReadConcern.CONSISTENT)
    .withMiddlewares([timing])
    .withLoggerFactory(new NoopMomentoLoggerFactory()),
  credentialProvider: new StringMomentoTokenProvider({ apiKey: 'key' }),
  defaultTtlSeconds: 60,
});
// @ts-expect-error: read concern is BALANCED or CONSISTENT
Configurations.Laptop.latest().withReadConcern('eventual');

// Disposable tokens, with sdk-web's names.
import {
  AllCaches,
  AuthClient,
  CacheRole,
  DisposableTokenScopes,
  ExpiresIn,
  GenerateDisposableToken,
  GenerateDisposableTokenResponse,
  PermissionScopes,
  TopicRole,
} from 'edgecache';

export async function vend(auth: AuthClient): Promise<string | undefined> {
  const minted = await auth.generateDisposableToken(
    {
      permissions: [
        { role: CacheRole.ReadWrite, cache: 'chat', item: { keyPrefix: 'room-7:' } },
        { role: TopicRole.SubscribeOnly, cache: 'chat', topic: 'room-7' },
      ],
    },
    ExpiresIn.minutes(15),
    { tokenId: 'browser' },
  );
  if (minted.type === GenerateDisposableTokenResponse.Success) {
    const seconds: number = minted.expiresAt.epoch();
    return `${minted.authToken} ${seconds}`;
  }
  if (minted instanceof GenerateDisposableToken.Error) return minted.errorCode();
  return undefined;
}
export const everyCache = DisposableTokenScopes.cacheKeyReadOnly(AllCaches, 'k');
export const apiKey = new AuthClient().generateApiKey(PermissionScopes.cacheReadOnly('c'), ExpiresIn.never());
// @ts-expect-error: a cache role is 'readwrite', 'readonly' or 'writeonly'
export const badRole: typeof CacheRole.ReadWrite = 'admin';

// Topics: sdk-web's TopicClient shape, responses narrowing on `type`.
import {
  TopicClient,
  TopicConfigurations,
  TopicDiscontinuity,
  TopicItem,
  TopicPublishResponse,
  TopicSubscribe,
  TopicSubscribeResponse,
} from 'edgecache';

export async function chat(topics: TopicClient): Promise<string> {
  const seen: Array<[string | Uint8Array, number, number]> = [];
  const subscribed = await topics.subscribe('chat', 'room-7', {
    onItem: (item: TopicItem) => seen.push([item.value(), item.sequenceNumber(), item.sequencePage()]),
    onDiscontinuity: (gap: TopicDiscontinuity) => seen.push(['gap', gap.newSequenceNumber(), gap.newSequencePage()]),
    onError: (error, subscription) => {
      const code: string = error.errorCode();
      subscription.unsubscribe();
      seen.push([code, 0, 0]);
    },
  });
  if (subscribed.type === TopicSubscribeResponse.Error) return subscribed.message();
  const open: TopicSubscribe.Subscription = subscribed;
  const published = await topics.publish('chat', 'room-7', new Uint8Array([1]));
  if (published.type === TopicPublishResponse.Error) return published.errorCode();
  open.unsubscribe();
  return `${seen.length} ${open.isSubscribed}`;
}
export const workerTopics = new TopicClient({ configuration: TopicConfigurations.Edge.latest() });
// @ts-expect-error: a value is a string or a Uint8Array
export const badValue = workerTopics.publish('chat', 'room-7', 42);
