// The bad-input table through the public JavaScript API: every invalid argument, option or
// setting fails with a typed error (class, code, and a message naming what was wrong) and
// nothing reaches the server (its request count does not move). Then the secrets check: a
// recognisable API key never shows in any error, log line or serialisation.
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import * as ec from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { adminOf } from '../scenario/smoke.mjs';

const { CacheClient, Configuration, Configurations, CredentialProvider, CollectionTtl, InvalidArgumentError, MomentoErrorCode: E } = ec;

let server;
let admin;
let client;
let local;
const cache = `bad-input-${process.pid}`;
const config = () => Configurations.Laptop.latest().withClientTimeoutMillis(2000);
const build = (configuration, extra = {}) => new CacheClient({ configuration, credentialProvider: local, defaultTtlSeconds: 60, ...extra });

// The wasm-bindgen glue beside the package's entry: its `preset()` is what
// `Configurations.*.latest()` calls, and the only way to name a preset that does not exist.
const glue = () => import(pathToFileURL(realpathSync(new URL('../node_modules/edgecache/edgecache_wasm.js', import.meta.url))).href);

/**
 * The table: `[input, call, message]`. `call(c)` gets the client and the cache name and
 * either resolves to an `Error` response or throws; every row must end in an
 * `InvalidArgumentError` with code INVALID_ARGUMENT_ERROR whose message contains `message`.
 */
const ROWS = [
  // Cache names.
  ['empty cache name', (c) => c.get('', 'k'), 'cache_name must not be empty or blank'],
  ['whitespace-only cache name', (c) => c.get('   ', 'k'), 'cache_name must not be empty or blank'],
  ['tab-only cache name to set', (c) => c.set('\t', 'k', 'v'), 'cache_name must not be empty or blank'],
  ['256-byte cache name', (c) => c.get('x'.repeat(256), 'k'), 'cache_name must be at most 255 bytes, got 256'],
  ['lone UTF-16 surrogate in a cache name', (c) => c.get('a\uDC00', 'k'), 'cacheName must be well-formed text'],
  ['empty cache name to createCache', (c) => c.createCache(''), 'cache_name must not be empty or blank'],
  // Wrong types where a string (or bytes) is expected.
  ['a number as cache name', (c) => c.get(42, 'k'), 'cacheName must be a string'],
  ['undefined as cache name', (c) => c.get(undefined, 'k'), 'cacheName must be a string'],
  ['null as key', (c, n) => c.get(n, null), 'key must be a string or a Uint8Array'],
  ['an object as value', (c, n) => c.set(n, 'k', { a: 1 }), 'value must be a string or a Uint8Array'],
  ['a BigInt as key', (c, n) => c.get(n, 10n), 'key must be a string or a Uint8Array'],
  ['a Symbol as key', (c, n) => c.get(n, Symbol('k')), 'key must be a string or a Uint8Array'],
  ['empty key', (c, n) => c.get(n, ''), 'key must not be empty'],
  ['lone UTF-16 surrogate in a key', (c, n) => c.get(n, 'a\uD800b'), 'key must be well-formed text'],
  ['lone UTF-16 surrogate in a value', (c, n) => c.set(n, 'k', '\uD83D'), 'value must be well-formed text'],
  // TTLs.
  ['negative ttl', (c, n) => c.set(n, 'k', 'v', { ttl: -1 }), 'ttl must be a positive number of seconds'],
  ['NaN ttl', (c, n) => c.set(n, 'k', 'v', { ttl: NaN }), 'ttl must be a finite number'],
  ['Infinity ttl', (c, n) => c.set(n, 'k', 'v', { ttl: Infinity }), 'ttl must be a finite number'],
  ['a string as ttl', (c, n) => c.set(n, 'k', 'v', { ttl: '5' }), 'ttl must be a finite number'],
  ['negative CollectionTtl', (c, n) => c.listPushBack(n, 'l', 'v', { ttl: CollectionTtl.of(-1) }), 'ttl must be a positive number of seconds'],
  ['negative updateTtl', (c, n) => c.updateTtl(n, 'k', -5), 'ttlMilliseconds must be a positive whole number'],
  // Numbers.
  ['NaN score', (c, n) => c.sortedSetPutElement(n, 'z', 'v', NaN), 'score must be a finite number'],
  ['Infinity score', (c, n) => c.sortedSetPutElement(n, 'z', 'v', Infinity), 'score must be a finite number'],
  ['NaN increment amount', (c, n) => c.increment(n, 'counter', NaN), 'amount must be a finite number'],
  ['fractional increment amount', (c, n) => c.increment(n, 'counter', 1.5), 'amount must be a whole number'],
  ['NaN dictionaryIncrement amount', (c, n) => c.dictionaryIncrement(n, 'd', 'f', NaN), 'amount must be a finite number'],
  ['NaN union weight', (c, n) => c.sortedSetUnionStore(n, 'z', [{ sortedSetName: 'a', weight: NaN }]), 'must be a finite number'],
  // Collections: indexes, ranges, sizes.
  ['fractional list index', (c, n) => c.listFetch(n, 'l', { startIndex: 1.5 }), 'startIndex must be a whole number'],
  ['list index beyond 32 bits', (c, n) => c.listFetch(n, 'l', { startIndex: 2 ** 40 }), 'start_index must be between -2147483648 and 2147483647, got 1099511627776'],
  ['a string as list index', (c, n) => c.listFetch(n, 'l', { startIndex: 'first' }), 'startIndex must be a finite number'],
  ['list truncation to zero', (c, n) => c.listPushBack(n, 'l', 'v', { truncateFrontToSize: 0 }), 'truncate_front_to_size must be at least 1, got 0'],
  ['rank range with start after end', (c, n) => c.sortedSetFetchByRank(n, 'z', { startRank: 5, endRank: 2 }), 'start_rank must not be greater than end_rank, got 5 > 2'],
  ['score range with min above max', (c, n) => c.sortedSetFetchByScore(n, 'z', { minScore: 5, maxScore: 1 }), 'min_score must not be greater than max_score, got 5 > 1'],
  ['unknown sort order', (c, n) => c.sortedSetFetchByRank(n, 'z', { order: 'SIDEWAYS' }), 'order must be "ASC" or "DESC"'],
  ['setPop of zero elements', (c, n) => c.setPop(n, 's', 0), 'count must be at least 1, got 0'],
  ['negative setSample limit', (c, n) => c.setSample(n, 's', -1), 'limit must not be negative'],
  ['no keys to getBatch', (c, n) => c.getBatch(n, []), 'keys must hold at least one key'],
  ['no fields to dictionarySetFields', (c, n) => c.dictionarySetFields(n, 'd', {}), 'elements must hold at least one entry, got none'],
  ['11 MB value (above the 10 MB request limit)', (c, n) => c.set(n, 'k', new Uint8Array(11_000_000)), 'above the 10486000-byte limit'],
  // Option objects.
  ['a number as the options object', (c, n) => c.set(n, 'k', 'v', 7), 'options must be an object'],
  ['a string as the options object of get', (c, n) => c.get(n, 'k', 'opts'), 'options must be an object'],
  ['an object as abortSignal', (c, n) => c.get(n, 'k', { abortSignal: {} }), 'abortSignal must be an AbortSignal'],
  // Settings: credentials, endpoints, configurations (thrown at construction).
  ['an API key that is no key', () => CredentialProvider.fromString({ apiKey: 'not a key' }), 'api_key is neither base64 JSON (a v1 key) nor a JWT-shaped v2 key'],
  ['empty API key', () => CredentialProvider.fromString({ apiKey: '' }), 'api_key is empty'],
  ['a number as API key', () => CredentialProvider.fromString({ apiKey: 42 }), 'apiKey must be a string'],
  ['a number to withApiKey', () => local.withApiKey(5), 'apiKey must be a string'],
  ['port out of range', () => CredentialProvider.forMomentoLocal({ port: 70000 }), 'port must be 1 to 65535'],
  [
    'http:// to a non-loopback host',
    () => new CacheClient({ configuration: config(), credentialProvider: CredentialProvider.forMomentoLocal({ hostname: '192.0.2.1', port: 8080 }), defaultTtlSeconds: 60 }),
    'uses plain http:// to 192.0.2.1, which is not loopback',
  ],
  [
    'ftp:// endpoint override',
    () => new CacheClient({ configuration: config(), credentialProvider: CredentialProvider.forMomentoLocal({ endpointOverrides: { cacheEndpoint: 'ftp://127.0.0.1:8080' } }), defaultTtlSeconds: 60 }),
    'must use http or https',
  ],
  ['an unset environment variable', () => CredentialProvider.fromEnvironmentVariable('EDGECACHE_BAD_INPUT_UNSET'), 'EDGECACHE_BAD_INPUT_UNSET is not set'],
  ['negative defaultTtlSeconds', () => build(config(), { defaultTtlSeconds: -1 }), 'defaultTtlSeconds must be a positive number of seconds'],
  ['NaN defaultTtlSeconds', () => build(config(), { defaultTtlSeconds: NaN }), 'defaultTtlSeconds must be a finite number'],
  ['zero deadline', () => build(config().withClientTimeoutMillis(0)), 'timeout must be greater than zero'],
  ['negative deadline', () => build(config().withClientTimeoutMillis(-5)), 'timeoutMillis must not be negative'],
  ['in-flight cap of zero', () => build(config().withMaxConcurrentRequests(0)), 'max_concurrent_requests must be at least 1'],
  ['1,000 retries', () => build(config().withRetryMaxAttempts(1000)), 'max_attempts must be at most 10, got 1000'],
  ['a plain object as configuration', () => build({}), 'configuration must be a Configuration'],
  ['unknown framing in a Configuration', () => build(new Configuration({ ...config().getSettings(), framing: 'base64' })), 'framing must be "binary" or "text"'],
  ['a string as credentialProvider', () => new CacheClient({ configuration: config(), credentialProvider: 'x', defaultTtlSeconds: 60 }), 'credentialProvider must be a CredentialProvider'],
  ['unknown preset name (the bindings\' preset())', async () => (await glue()).preset('Nope', 'latest'), 'preset is not known'],
  ['unknown preset version (the bindings\' preset())', async () => (await glue()).preset('Laptop', 'v9'), 'version must be v1 or latest'],
];

/** What a row ended in: the thrown or resolved error, normalised to `{code, message, error}`. */
async function outcome(call) {
  try {
    const r = await call(client, cache);
    if (r?.type === 'Error') return { code: r.errorCode(), message: r.message(), error: r.innerException() };
    return { accepted: r === undefined || r === null ? String(r) : (r.type ?? r.constructor?.name ?? typeof r) };
  } catch (e) {
    // preset() of the bindings throws the plain error value the wrapper turns into SdkErrors.
    if (e?.type === 'Error' && !(e instanceof Error)) return { code: e.code, message: e.message, error: e, raw: true };
    return { code: typeof e?.errorCode === 'function' ? e.errorCode() : undefined, message: e?.message, error: e };
  }
}

before(async () => {
  server = await startServer();
  admin = adminOf(server.url);
  local = CredentialProvider.forMomentoLocal({ port: server.port });
  client = build(config());
  assert.equal((await client.createCache(cache)).type, 'Success');
});

after(async () => {
  await server?.stop();
});

describe(`bad-input table (${ROWS.length} rows)`, () => {
  test('has at least 30 rows', () => {
    assert.ok(ROWS.length >= 30);
  });

  for (const [i, [input, call, expected]] of ROWS.entries()) {
    test(`${i + 1}. ${input}`, async (t) => {
      const before = (await admin.stats()).total_requests;
      const got = await outcome(call);
      const after = (await admin.stats()).total_requests;
      assert.equal(got.accepted, undefined, `${input}: accepted (${got.accepted})`);
      assert.equal(got.code, E.INVALID_ARGUMENT_ERROR, `${input}: ${got.code} ${got.message}`);
      if (!got.raw) {
        assert.ok(got.error instanceof InvalidArgumentError, `${input}: ${got.error?.constructor?.name}`);
        assert.ok(got.error instanceof ec.SdkError, `${input}: not an SdkError`);
      }
      assert.ok(got.message.includes(expected), `${input}: message ${JSON.stringify(got.message)} lacks ${JSON.stringify(expected)}`);
      assert.equal(after, before, `${input}: ${after - before} request(s) reached the server`);
      t.diagnostic(`| ${i + 1} | ${input} | \`${got.code}: ${got.message}\` |`);
    });
  }

  test('a valid call between the rows does reach the server (the request count can move)', async () => {
    const before = (await admin.stats()).total_requests;
    assert.equal((await client.get(cache, 'never-set')).type, 'Miss');
    assert.equal((await admin.stats()).total_requests, before + 1);
  });

  test('allowInsecureHttp() lets http:// to a non-loopback host through', () => {
    const provider = CredentialProvider.forMomentoLocal({ hostname: '192.0.2.1', port: 8080 }).allowInsecureHttp();
    assert.ok(new CacheClient({ configuration: config(), credentialProvider: provider, defaultTtlSeconds: 60 }) instanceof CacheClient);
  });
});

describe('secrets', () => {
  const SECRET = 'EdgecacheSecret7Q2xZ9';
  const v1 = (apiKey, endpoint = 'cell-9.example.com') => Buffer.from(JSON.stringify({ api_key: apiKey, endpoint })).toString('base64');
  const jwtLike = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ t: 'g', s: SECRET })).toString('base64url')}.${SECRET}`;

  /** Every way a value can be shown, joined. */
  const shown = (value) =>
    [
      String(value),
      value?.message,
      value?.stack,
      typeof value?.message === 'function' ? value.message() : '',
      inspect(value, { depth: 10, showHidden: true }),
      (() => {
        try {
          return JSON.stringify(value);
        } catch (e) {
          return String(e);
        }
      })(),
    ].join('\n');

  test('no error, log line or serialisation shows the key', async () => {
    const guarded = await startServer({ args: ['--api-key', SECRET] });
    const logged = [];
    const originals = {};
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
      originals[level] = console[level];
      console[level] = (...args) => logged.push(args.map((a) => inspect(a)).join(' '));
    }
    const writes = { out: process.stdout.write, err: process.stderr.write };
    // Captured, not passed on: the test's own output stays readable.
    process.stdout.write = (chunk) => logged.push(String(chunk)) > 0;
    process.stderr.write = (chunk) => logged.push(String(chunk)) > 0;
    const seen = [];
    try {
      // Keys that fail to parse, each carrying the secret.
      for (const bad of [`${SECRET}!!`, v1(`${SECRET} x`, ''), Buffer.from(`[${SECRET}]`).toString('base64'), jwtLike]) {
        for (const make of [() => CredentialProvider.fromString({ apiKey: bad }), () => CredentialProvider.fromApiKeyV2({ apiKey: bad, endpoint: '' })]) {
          try {
            seen.push(make());
          } catch (e) {
            assert.ok(e instanceof ec.SdkError, `${e?.constructor?.name}: a parse failure must be an SdkError`);
            seen.push(e);
          }
        }
      }
      // A key that parses, its provider and a client built on it.
      const provider = CredentialProvider.fromString({ apiKey: v1(SECRET) });
      const remote = new CacheClient({ configuration: Configurations.Browser.latest(), credentialProvider: provider, defaultTtlSeconds: 60 });
      seen.push(provider, remote, remote.configuration);
      // A server that rejects the key: the error response, its exception, and a thrown one.
      const localGuarded = CredentialProvider.forMomentoLocal({ port: guarded.port });
      const wrong = localGuarded.withApiKey(`${SECRET}-wrong`);
      const denied = await new CacheClient({ configuration: config(), credentialProvider: wrong, defaultTtlSeconds: 5 }).createCache('guarded');
      assert.equal(denied.errorCode(), E.AUTHENTICATION_ERROR);
      seen.push(denied, denied.innerException(), wrong);
      const thrower = new CacheClient({ configuration: config().withThrowOnErrors(true), credentialProvider: wrong, defaultTtlSeconds: 5 });
      await assert.rejects(thrower.get('guarded', 'k'), (e) => (seen.push(e), e instanceof ec.AuthenticationError));
      // The right key works, and its client and answers show nothing either.
      const right = new CacheClient({ configuration: config(), credentialProvider: localGuarded.withApiKey(SECRET), defaultTtlSeconds: 5 });
      assert.equal((await right.createCache('guarded')).type, 'Success');
      seen.push(right, await right.set('guarded', 'k', 'v'), await right.get('guarded', 'k'), await right.get('no-such-cache', 'k'));
      // Printing everything, as a careless caller would.
      for (const value of seen) console.log(value);
    } finally {
      Object.assign(console, originals);
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      await guarded.stop();
    }
    assert.ok(seen.length >= 15, `only ${seen.length} values checked`);
    for (const value of seen) {
      const text = shown(value);
      assert.ok(!text.includes(SECRET), `the key shows in ${text.slice(0, 300)}`);
    }
    assert.equal(logged.length >= seen.length, true, 'console.log was captured');
    for (const line of logged) assert.ok(!line.includes(SECRET), `the key shows in a log line: ${line.slice(0, 300)}`);
  });
});
