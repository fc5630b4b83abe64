// The parts of `@gomomento/sdk-web`'s Configuration beyond deadlines, against a real
// edgecache-server: read concern (checked on the wire through a recording proxy), loggers and
// their levels, middlewares (what each hook sees, and that changes they make are not applied),
// the `with*` methods a preset is tuned with, and the credential provider classes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as ec from 'edgecache';
import { startRecordingProxy } from '../harness/recording-proxy.mjs';
import { startServer } from '../harness/server.mjs';
import { adminOf } from '../scenario/smoke.mjs';

const { CacheClient, Configurations, CredentialProvider, ReadConcern, DefaultMomentoLoggerLevel: Level } = ec;

let server;
let proxy;
const cache = `configuration-${process.pid}`;
const SECRET = 'SECRET-KEY-SHOULD-NEVER-SHOW';

/** A client through the recording proxy, presenting SECRET (the server checks no key). */
function clientVia(port, configuration) {
  const credentialProvider = CredentialProvider.forMomentoLocal({ port }).withApiKey(SECRET);
  return new CacheClient({ configuration, credentialProvider, defaultTtlSeconds: 60 });
}

/** Runs `fn` with console output captured; resolves to the lines printed. */
async function captureConsole(fn) {
  const lines = [];
  const originals = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    originals[level] = console[level];
    console[level] = (...args) => lines.push(`${level}: ${args.join(' ')}`);
  }
  try {
    await fn();
  } finally {
    Object.assign(console, originals);
  }
  return lines;
}

before(async () => {
  server = await startServer();
  // The proxy speaks what this run's Node transport does (scripts/test-js runs both).
  proxy = await startRecordingProxy(server.url, { http2: process.env.EDGECACHE_NODE_TRANSPORT !== 'fetch' });
  const direct = clientVia(server.port, Configurations.Laptop.latest());
  assert.equal((await direct.createCache(cache)).type, 'Success');
});

after(async () => {
  await proxy?.stop();
  await server?.stop();
});

describe('read concern', () => {
  test('CONSISTENT rides on every data call as read-concern: consistent; BALANCED sends no header', async () => {
    const consistent = Configurations.Laptop.latest().withReadConcern(ReadConcern.CONSISTENT);
    assert.equal(consistent.getReadConcern(), 'consistent');
    assert.equal(consistent.getSettings().readConcern, 'consistent');
    assert.equal(Configurations.Laptop.latest().getReadConcern(), ReadConcern.BALANCED);
    proxy.requests.length = 0;
    const client = clientVia(proxy.port, consistent);
    assert.equal((await client.set(cache, 'rc', 'v')).type, 'Success');
    assert.equal((await client.get(cache, 'rc')).value(), 'v');
    assert.equal((await client.listCaches()).type, 'Success');
    const concern = (path) => proxy.requests.find((r) => r.path.endsWith(path))?.headers['read-concern'];
    assert.equal(concern('/cache_client.Scs/Set'), 'consistent');
    assert.equal(concern('/cache_client.Scs/Get'), 'consistent');
    assert.ok(proxy.requests.some((r) => r.path.endsWith('/ListCaches')), 'the control call went through the proxy');
    assert.equal(concern('/control_client.ScsControl/ListCaches'), undefined, 'control calls carry none');

    proxy.requests.length = 0;
    const balanced = clientVia(proxy.port, Configurations.Laptop.latest().withReadConcern(ReadConcern.BALANCED));
    assert.equal((await balanced.get(cache, 'rc')).value(), 'v');
    assert.equal(proxy.requests.length, 1);
    assert.equal(proxy.requests[0].headers['read-concern'], undefined);
  });

  test('an unknown read concern is refused when the client is built', () => {
    const config = Configurations.Laptop.latest().withReadConcern('eventual');
    assert.throws(() => clientVia(proxy.port, config), (e) => e instanceof ec.InvalidArgumentError && /readConcern must be ReadConcern.BALANCED or ReadConcern.CONSISTENT/.test(e.message));
  });
});

describe('loggers', () => {
  test("sdk-web's levels: a numeric enum with reverse names", () => {
    assert.deepEqual([Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR], [5, 10, 20, 30, 40]);
    assert.equal(Level[20], 'INFO');
  });

  test('DefaultMomentoLogger prints its level and above, in the official format; Noop prints nothing', async () => {
    const lines = await captureConsole(() => {
      const logger = new ec.DefaultMomentoLoggerFactory(Level.DEBUG).getLogger('Mine');
      assert.ok(logger instanceof ec.DefaultMomentoLogger);
      logger.trace('hidden');
      logger.debug('shown', 1, 2);
      logger.warn('careful');
      logger.error('broken');
      new ec.DefaultMomentoLogger(new (class Named {})()).info('by class');
      const quiet = new ec.NoopMomentoLoggerFactory().getLogger('Mine');
      assert.ok(quiet instanceof ec.NoopMomentoLogger);
      for (const level of ['trace', 'debug', 'info', 'warn', 'error']) quiet[level]('never');
    });
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(lines[0], /^log: \[\d{4}-\d\d-\d\dT[\d:.]+Z\] DEBUG \(Momento: Mine\): shown1,2$/);
    assert.match(lines[1], /^warn: .* WARN \(Momento: Mine\): careful$/);
    assert.match(lines[2], /^error: .* ERROR \(Momento: Mine\): broken$/);
    assert.match(lines[3], /^log: .* INFO \(Momento: Named\): by class$/);
  });

  test('the client logs its creation at DEBUG and each call at TRACE, never the key', async () => {
    const factory = new ec.DefaultMomentoLoggerFactory(Level.TRACE);
    const lines = await captureConsole(async () => {
      const client = clientVia(server.port, Configurations.Laptop.latest().withLoggerFactory(factory));
      await client.get(cache, 'absent');
      await client.get('no-such-cache', 'k');
    });
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0], /DEBUG \(Momento: CacheClient\): Creating cache client using endpoint: 'http:\/\/127\.0\.0\.1:\d+'$/);
    assert.match(lines[1], /TRACE \(Momento: CacheClient\): 'get' answered Miss$/);
    assert.match(lines[2], /TRACE \(Momento: CacheClient\): 'get' answered Error NOT_FOUND_ERROR: /);
    assert.ok(!lines.join('\n').includes(SECRET));
    // The presets' default factory logs at INFO, so a client says nothing by default.
    assert.deepEqual(await captureConsole(() => clientVia(server.port, Configurations.Laptop.latest()).get(cache, 'absent')), []);
  });

  test('a logger factory without getLogger is refused', () => {
    assert.throws(() => clientVia(server.port, Configurations.Laptop.latest().withLoggerFactory({})), /loggerFactory must be a MomentoLoggerFactory/);
  });
});

describe('middlewares', () => {
  /** A middleware recording every hook as `[name, event, detail]`. */
  function recorder(name, events, contexts = []) {
    return {
      onNewRequest(context) {
        contexts.push(context);
        return {
          onRequest: (r) => (events.push([name, 'request', r.getRequestType(), r.getBodySize(), r.getMetadata()]), r),
          onResponseMetadata: (m) => (events.push([name, 'metadata', m.toJsonString()]), m),
          onResponseData: (m) => (events.push([name, 'data', m.responseType(), m.messageLength()]), m),
          onResponseStatus: (s) => (events.push([name, 'status', s.code()]), s),
          onResponseEnd: () => events.push([name, 'end']),
        };
      },
    };
  }

  test('each hook sees the call: request type, size and metadata, reply messages, status, in the official order', async () => {
    const events = [];
    const contexts = [];
    const configuration = Configurations.Laptop.latest()
      .withReadConcern(ReadConcern.CONSISTENT)
      .withMiddlewares([recorder('A', events, contexts), recorder('B', events)]);
    assert.equal(configuration.getMiddlewares().length, 2);
    const client = clientVia(server.port, configuration);
    assert.equal((await client.set(cache, 'mw', 'value')).type, 'Success');
    const [a, b, ...responses] = events;
    assert.deepEqual(a.slice(0, 3), ['A', 'request', '_SetRequest']);
    assert.ok(a[3] >= 'mw'.length + 'value'.length, `request size ${a[3]}`);
    assert.deepEqual(a[4], { cache, 'read-concern': 'consistent' }, 'the metadata, without the key');
    assert.deepEqual(b.slice(0, 3), ['B', 'request', '_SetRequest']);
    // Response hooks run in reverse order of the middlewares, as in the official SDK.
    assert.deepEqual(
      responses.map((e) => e.slice(0, 3)),
      [
        ['B', 'metadata', '{}'],
        ['A', 'metadata', '{}'],
        ['B', 'data', '_SetResponse'],
        ['A', 'data', '_SetResponse'],
        ['B', 'status', 0],
        ['A', 'status', 0],
        ['B', 'end'],
        ['A', 'end'],
      ],
    );
    events.length = 0;
    await client.getBatch(cache, ['mw', 'mw-none', 'mw']);
    assert.equal(events.filter(([n, e]) => n === 'A' && e === 'data').length, 3, 'one data hook per reply message');
    events.length = 0;
    await client.get('no-such-cache', 'k');
    assert.deepEqual(events.filter(([n, e]) => n === 'A' && e === 'status'), [['A', 'status', 5]], 'NOT_FOUND');
    assert.ok(contexts.length >= 3 && contexts.every((c) => c === contexts[0]), 'one context per client');
  });

  test('a call refused before sending reaches no hook; a cancelled one ends with status 1', async () => {
    const events = [];
    const client = clientVia(server.port, Configurations.Laptop.latest().withMiddlewares([recorder('A', events)]));
    assert.equal((await client.get(cache, '')).errorCode(), ec.MomentoErrorCode.INVALID_ARGUMENT_ERROR);
    assert.deepEqual(events, []);
    const admin = adminOf(server.url);
    await admin.faults({ latency_ms: 300 });
    try {
      const aborted = await client.get(cache, 'mw', { abortSignal: AbortSignal.timeout(50) });
      assert.equal(aborted.errorCode(), ec.MomentoErrorCode.CANCELLED_ERROR);
    } finally {
      await admin.reset();
    }
    assert.deepEqual(events.map((e) => e.slice(0, 3)).slice(1), [['A', 'metadata', '{}'], ['A', 'status', 1], ['A', 'end']]);
  });

  test('what hooks change is not applied to the call, and a throwing hook is logged while the call goes on', async () => {
    const errors = [];
    const meddling = {
      onNewRequest: () => ({
        onRequest(request) {
          request.getMetadata().injected = 'yes';
          return request;
        },
        onResponseStatus() {
          throw new Error('hook failed');
        },
      }),
    };
    const loggerFactory = { getLogger: () => ({ error: (m) => errors.push(m), warn() {}, info() {}, debug() {}, trace() {} }) };
    const configuration = Configurations.Laptop.latest().withMiddlewares([meddling]).withLoggerFactory(loggerFactory);
    proxy.requests.length = 0;
    const client = clientVia(proxy.port, configuration);
    assert.equal((await client.set(cache, 'meddled', 'v')).type, 'Success');
    assert.equal(proxy.requests.length, 1);
    assert.equal(proxy.requests[0].headers.injected, undefined, 'a header added in onRequest is not sent');
    assert.deepEqual(errors, ['middleware onResponseStatus threw: Error: hook failed']);
  });

  test('middlewares must be objects with onNewRequest', () => {
    for (const bad of ['x', [{}], [null]]) {
      assert.throws(() => clientVia(server.port, Configurations.Laptop.latest().withMiddlewares(bad)), /middlewares must be an array of Middlewares/);
    }
  });
});

describe("tuning a preset with sdk-web's with* methods", () => {
  test('each with* returns a copy holding the new value; the original is unchanged', () => {
    const base = Configurations.Browser.latest();
    const factory = new ec.NoopMomentoLoggerFactory();
    const middleware = { onNewRequest: () => ({}) };
    const tuned = base
      .withClientTimeoutMillis(700)
      .withThrowOnErrors(true)
      .withReadConcern(ReadConcern.CONSISTENT)
      .withLoggerFactory(factory)
      .withMiddlewares([middleware])
      .withTransportStrategy(base.getTransportStrategy().withClientTimeoutMillis(900));
    assert.equal(tuned.getClientTimeoutMillis(), 900);
    assert.equal(tuned.getThrowOnErrors(), true);
    assert.equal(tuned.getReadConcern(), 'consistent');
    assert.equal(tuned.getLoggerFactory(), factory);
    assert.deepEqual(tuned.getMiddlewares(), [middleware]);
    assert.equal(base.getClientTimeoutMillis(), 5000);
    assert.equal(base.getReadConcern(), 'balanced');
    assert.deepEqual(base.getMiddlewares(), []);
    assert.ok(base.getLoggerFactory() instanceof ec.DefaultMomentoLoggerFactory, "sdk-web's default factory");
    assert.equal(clientVia(server.port, tuned).configuration, tuned);
  });
});

describe('credential provider classes', () => {
  test('fromString and fromEnvironmentVariable answer the official classes, which also construct directly', () => {
    const key = Buffer.from(JSON.stringify({ api_key: SECRET, endpoint: 'cell.example' })).toString('base64');
    const fromString = CredentialProvider.fromString({ apiKey: key });
    assert.ok(fromString instanceof ec.StringMomentoTokenProvider && fromString instanceof CredentialProvider);
    assert.equal(new ec.StringMomentoTokenProvider({ apiKey: key }).getCacheEndpoint(), 'https://web.cache.cell.example');
    assert.equal(fromString.areEndpointsOverridden(), false);
    // A disposable token has a key's shape; sdk-web reads both alike.
    const disposable = CredentialProvider.fromDisposableToken({ authToken: key });
    assert.ok(disposable instanceof ec.StringMomentoTokenProvider);
    assert.equal(disposable.getCacheEndpoint(), 'https://web.cache.cell.example');
    assert.ok(!JSON.stringify(disposable).includes(SECRET) && !String(disposable).includes(SECRET));
    assert.throws(() => CredentialProvider.fromDisposableToken('not a token'), ec.InvalidArgumentError);
    const overridden = new ec.StringMomentoTokenProvider({ apiKey: key, endpointOverrides: { baseEndpoint: 'other.example' } });
    assert.equal(overridden.areEndpointsOverridden(), true);
    assert.equal(overridden.getControlEndpoint(), 'https://web.control.other.example');
    process.env.EDGECACHE_CONFIGURATION_TEST_KEY = key;
    try {
      const fromEnv = CredentialProvider.fromEnvironmentVariable({ environmentVariableName: 'EDGECACHE_CONFIGURATION_TEST_KEY' });
      assert.ok(fromEnv instanceof ec.EnvMomentoTokenProvider);
      assert.equal(new ec.EnvMomentoTokenProvider('EDGECACHE_CONFIGURATION_TEST_KEY').getCacheEndpoint(), 'https://web.cache.cell.example');
    } finally {
      delete process.env.EDGECACHE_CONFIGURATION_TEST_KEY;
    }
  });
});
