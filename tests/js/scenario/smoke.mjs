// The smoke scenario every runtime runs (Node, Chromium, workerd, Deno, Bun, edge-runtime).
// Plain ESM using only web-standard APIs: the runtime's `edgecache` module is passed in.
//
//   const report = await runSmoke(edgecache, { url, adminUrl, label });
//   // report: { passed: string[], failed: {step, message}[], skipped: string[], figures: {} }
//
// It never throws; each step is bounded by a timeout and records PASS or FAIL.

import { SETTLE_SLACK_MS, round, timedAgainstAbort, timedAgainstDeadline } from './measure.mjs';

const STEP_TIMEOUT_MS = 15_000;
const MB = 1024 * 1024;

class Failure extends Error {}

function check(condition, message) {
  if (!condition) throw new Failure(message);
}

function describe(r) {
  if (r === null || typeof r !== 'object') return String(r);
  const code = typeof r.errorCode === 'function' ? ` ${r.errorCode()} ${r.message()}` : '';
  return `${r.type}${code}`;
}

function expectType(r, type, what) {
  check(r?.type === type, `${what}: expected ${type}, got ${describe(r)}`);
  return r;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function bounded(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Failure(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** `/stats` and `/admin/*` of the server, over fetch. */
export function adminOf(adminUrl) {
  const post = async (path, body) => {
    // A text/plain body keeps the request "simple" (no CORS preflight) for browsers.
    const res = await fetch(`${adminUrl}${path}`, { method: 'POST', body: body === undefined ? '' : JSON.stringify(body) });
    check(res.ok, `POST ${path} answered ${res.status}`);
    return res.json();
  };
  return {
    stats: async () => {
      const res = await fetch(`${adminUrl}/stats`);
      check(res.ok, `GET /stats answered ${res.status}`);
      return res.json();
    },
    resetStats: () => post('/admin/stats/reset'),
    faults: (faults) => post('/admin/faults', faults),
    reset: () => post('/admin/reset'),
  };
}

function bytesOf(length, seed) {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

function sameBytes(a, b) {
  if (!(a instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs the scenario. `ec` is the imported `edgecache` module; `url` the server
 * (`http://127.0.0.1:PORT` or `https://...`); `adminUrl` where `/stats` and `/admin` live.
 * `tls`: the server is HTTPS, so a runtime that speaks HTTP/2 multiplexes one connection.
 */
export async function runSmoke(ec, { url, adminUrl = url, label = 'smoke', tls = false, log = () => {} }) {
  const { CacheClient, Configurations, CredentialProvider, CacheGet, MomentoErrorCode } = ec;
  const report = { passed: [], failed: [], skipped: [], figures: {} };
  const admin = adminOf(adminUrl);
  const endpoint = new URL(url);
  // Over TLS the endpoint is the https:// URL itself (the local credential is http://).
  const credentialProvider = CredentialProvider.forMomentoLocal({
    hostname: endpoint.hostname,
    port: Number(endpoint.port),
    ...(tls ? { endpointOverrides: { cacheEndpoint: url, controlEndpoint: url } } : {}),
  });
  const makeClient = (configuration = Configurations.Edge.latest()) =>
    new CacheClient({ configuration, credentialProvider, defaultTtlSeconds: 60 });
  const client = makeClient(Configurations.Edge.latest().withClientTimeoutMillis(10_000));
  const cache = `smoke-${label}-${Math.random().toString(16).slice(2, 10)}`;

  async function step(name, fn) {
    try {
      await bounded(Promise.resolve().then(fn), STEP_TIMEOUT_MS, name);
      report.passed.push(name);
      log(`PASS ${label} ${name}`);
    } catch (e) {
      const message = e instanceof Failure ? e.message : `${e?.name}: ${e?.message}\n${e?.stack ?? ''}`;
      report.failed.push({ step: name, message });
      log(`FAIL ${label} ${name}: ${message}`);
    }
  }

  await step('createCache', async () => {
    const created = await client.createCache(cache);
    check(created.type === 'Success', `createCache: ${describe(created)}`);
    expectType(await client.createCache(cache), 'AlreadyExists', 'second createCache');
  });

  await step('set and get: hit and miss', async () => {
    expectType(await client.set(cache, 'greeting', 'héllo wörld'), 'Success', 'set');
    const hit = expectType(await client.get(cache, 'greeting'), 'Hit', 'get');
    check(hit instanceof CacheGet.Hit, 'get: not a CacheGet.Hit');
    check(hit.value() === 'héllo wörld', `get: value ${hit.value()}`);
    const miss = expectType(await client.get(cache, 'never-set'), 'Miss', 'get of an absent key');
    check(miss instanceof CacheGet.Miss && miss.value() === undefined, 'miss: value() must be undefined');
  });

  await step('binary key and value', async () => {
    const key = new Uint8Array([0, 1, 2, 250, 255]);
    const value = bytesOf(300, 7);
    expectType(await client.set(cache, key, value), 'Success', 'set');
    const hit = expectType(await client.get(cache, key), 'Hit', 'get');
    check(sameBytes(hit.valueUint8Array(), value), 'binary value came back different');
  });

  await step('1 MB value', async () => {
    const value = bytesOf(MB, 3);
    expectType(await client.set(cache, 'big', value), 'Success', 'set 1 MB');
    const hit = expectType(await client.get(cache, 'big'), 'Hit', 'get 1 MB');
    check(sameBytes(hit.valueUint8Array(), value), `1 MB value came back different (${hit.valueUint8Array().length} bytes)`);
  });

  await step('TTL expiry', async () => {
    expectType(await client.set(cache, 'brief', 'x', { ttl: 1 }), 'Success', 'set with ttl 1 s');
    expectType(await client.get(cache, 'brief'), 'Hit', 'get before expiry');
    const ttl = expectType(await client.itemGetTtl(cache, 'brief'), 'Hit', 'itemGetTtl');
    check(ttl.remainingTtlMillis() > 0 && ttl.remainingTtlMillis() <= 1000, `remaining TTL ${ttl.remainingTtlMillis()}`);
    await sleep(1300);
    expectType(await client.get(cache, 'brief'), 'Miss', 'get after expiry');
  });

  await step('increment', async () => {
    const first = expectType(await client.increment(cache, 'counter', 5), 'Success', 'increment by 5');
    check(first.value() === 5, `increment: ${first.value()}`);
    const second = expectType(await client.increment(cache, 'counter'), 'Success', 'increment by default 1');
    check(second.value() === 6, `increment: ${second.value()}`);
    expectType(await client.set(cache, 'text', 'abc'), 'Success', 'set text');
    const bad = expectType(await client.increment(cache, 'text', 1), 'Error', 'increment of text');
    check(bad.errorCode() === MomentoErrorCode.FAILED_PRECONDITION_ERROR, `increment of text: ${bad.errorCode()}`);
  });

  if (typeof client.dictionarySetField === 'function') {
    await step('dictionary', async () => {
      expectType(await client.dictionarySetField(cache, 'dict', 'a', '1'), 'Success', 'dictionarySetField');
      expectType(await client.dictionarySetFields(cache, 'dict', { b: '2', c: '3' }), 'Success', 'dictionarySetFields');
      const field = expectType(await client.dictionaryGetField(cache, 'dict', 'b'), 'Hit', 'dictionaryGetField');
      check(field.value() === '2', `dictionaryGetField: ${field.value()}`);
      const all = expectType(await client.dictionaryFetch(cache, 'dict'), 'Hit', 'dictionaryFetch');
      const record = all.valueRecord();
      check(record.a === '1' && record.b === '2' && record.c === '3', `dictionaryFetch: ${JSON.stringify(record)}`);
      expectType(await client.dictionaryFetch(cache, 'no-dict'), 'Miss', 'dictionaryFetch of an absent dictionary');
    });
  } else {
    report.skipped.push('dictionary');
    log(`SKIP ${label} dictionary: this build has no collections`);
  }

  await step('errors are values', async () => {
    const missing = expectType(await client.get(`${cache}-absent`, 'k'), 'Error', 'get from a missing cache');
    check(missing.errorCode() === MomentoErrorCode.NOT_FOUND_ERROR, `missing cache: ${missing.errorCode()}`);
    check(missing instanceof CacheGet.Error, 'missing cache: not a CacheGet.Error');
    const wrongType = expectType(await client.get(cache, 42), 'Error', 'get with a number as key');
    check(wrongType.errorCode() === MomentoErrorCode.INVALID_ARGUMENT_ERROR, `number key: ${wrongType.errorCode()}`);
    const thrower = makeClient(Configurations.Edge.latest().withThrowOnErrors(true));
    let thrown;
    try {
      await thrower.get(`${cache}-absent`, 'k');
    } catch (e) {
      thrown = e;
    }
    check(thrown instanceof ec.CacheNotFoundError && thrown instanceof ec.SdkError, `throwOnErrors threw ${thrown}`);
  });

  await step('in-flight cap honoured', async () => {
    const capped = makeClient(Configurations.Edge.latest().withClientTimeoutMillis(10_000));
    const cap = capped.configuration.getMaxConcurrentRequests();
    check(cap === 6, `Edge cap ${cap}`);
    await admin.faults({ latency_ms: 40 });
    try {
      await admin.resetStats();
      const answers = await Promise.all(Array.from({ length: 30 }, () => capped.get(cache, 'greeting')));
      const notHit = answers.filter((r) => r.type !== 'Hit');
      check(notHit.length === 0, `${notHit.length} of 30 gets failed: ${notHit.map(describe).join('; ')}`);
    } finally {
      await admin.reset();
    }
    const stats = await admin.stats();
    check(stats.max_in_flight <= cap, `server saw ${stats.max_in_flight} in flight, cap ${cap}`);
    check(stats.max_in_flight >= 2, `server saw at most ${stats.max_in_flight} in flight: the calls never overlapped`);
    if (tls) {
      check(stats.max_in_flight_per_connection >= 2, `HTTP/2 expected over TLS, but at most ${stats.max_in_flight_per_connection} in flight per connection`);
    }
    log(`INFO ${label} cap ${cap}: server max_in_flight ${stats.max_in_flight}, per connection ${stats.max_in_flight_per_connection}`);
  });

  // Both against a timer started when the call is made (measure.mjs): never before the
  // deadline or the abort, and no more than SETTLE_SLACK_MS after it.
  await step('deadline fires on time (100 ms against a stalled server)', async () => {
    const deadlineMs = 100;
    const quick = makeClient(Configurations.Edge.latest().withClientTimeoutMillis(deadlineMs));
    await admin.faults({ stall: true });
    let timing;
    try {
      timing = await timedAgainstDeadline(() => quick.get(cache, 'greeting'), deadlineMs);
    } finally {
      await admin.reset();
    }
    const { response, ms, lateMs } = timing;
    report.figures.deadline = { deadlineMs, settledMs: round(ms), lateMs: round(lateMs) };
    log(`INFO ${label} ${deadlineMs} ms deadline: settled after ${round(ms)} ms, ${round(lateMs)} ms after it was due`);
    expectType(response, 'Error', 'get against a stall');
    check(response.errorCode() === MomentoErrorCode.TIMEOUT_ERROR, `stalled get: ${response.errorCode()}`);
    check(ms >= deadlineMs, `the ${deadlineMs} ms deadline fired after ${round(ms)} ms, before it was due`);
    check(lateMs < SETTLE_SLACK_MS, `the ${deadlineMs} ms deadline settled after ${round(ms)} ms, ${round(lateMs)} ms after it was due`);
  });

  await step('abortSignal cancels a call', async () => {
    await admin.faults({ stall: true });
    let timing;
    try {
      timing = await timedAgainstAbort((abortSignal) => client.get(cache, 'greeting', { abortSignal }), 50);
    } finally {
      await admin.reset();
    }
    const { response, ms, afterAbortMs } = timing;
    report.figures.abort = { settledMs: round(ms), afterAbortMs: round(afterAbortMs) };
    log(`INFO ${label} abort at 50 ms: settled after ${round(ms)} ms, ${round(afterAbortMs)} ms after the abort`);
    expectType(response, 'Error', 'aborted get');
    check(afterAbortMs !== undefined, `the get settled after ${round(ms)} ms, before its abort at 50 ms`);
    check(response.errorCode() === MomentoErrorCode.CANCELLED_ERROR, `aborted get: ${response.errorCode()}`);
    check(afterAbortMs < SETTLE_SLACK_MS, `the aborted get settled ${round(afterAbortMs)} ms after the abort`);
  });

  // The server here checks no credentials: this shows minting and using a token works in the
  // runtime (tests/js/node/auth.test.mjs holds tokens to their scope against a checking server).
  await step('AuthClient: a disposable token minted, then used', async () => {
    const auth = new ec.AuthClient({ credentialProvider });
    const minted = await auth.generateDisposableToken(
      ec.DisposableTokenScopes.cacheKeyPrefixReadWrite(cache, 'token:'),
      ec.ExpiresIn.minutes(1),
      { tokenId: label },
    );
    expectType(minted, 'Success', 'generateDisposableToken');
    check(minted.expiresAt.doesExpire(), 'the token does not expire');
    check(!JSON.stringify(minted).includes(minted.authToken), 'JSON.stringify shows the token');
    const viaToken = new CacheClient({
      configuration: Configurations.Edge.latest(),
      credentialProvider: CredentialProvider.fromDisposableToken({
        authToken: minted.authToken,
        endpointOverrides: { cacheEndpoint: url, controlEndpoint: url },
      }),
      defaultTtlSeconds: 60,
    });
    expectType(await viaToken.set(cache, 'token:1', 'v'), 'Success', 'set with the token');
  });

  await step('TopicClient: an item published as text and one as bytes arrive in order', async () => {
    const topics = new ec.TopicClient({ configuration: ec.TopicConfigurations.Edge.latest(), credentialProvider });
    const items = [];
    let ended = 0;
    let arrived;
    const two = new Promise((resolve) => (arrived = resolve));
    const subscription = await topics.subscribe(cache, 'smoke', {
      onItem: (item) => {
        items.push(item);
        if (items.length === 2) arrived();
      },
      onSubscriptionEnd: () => ended++,
    });
    expectType(subscription, 'Subscription', 'subscribe');
    expectType(await topics.publish(cache, 'smoke', 'héllo'), 'Success', 'publish text');
    expectType(await topics.publish(cache, 'smoke', new Uint8Array([0, 255])), 'Success', 'publish bytes');
    await bounded(two, 5000, 'two items');
    check(items[0].valueString() === 'héllo', `first item ${items[0].value()}`);
    check(sameBytes(items[1].valueUint8Array(), new Uint8Array([0, 255])), 'second item came back different');
    check(items[1].sequenceNumber() === items[0].sequenceNumber() + 1, `sequence numbers ${items.map((i) => i.sequenceNumber())}`);
    subscription.unsubscribe();
    await bounded(
      (async () => {
        while (ended === 0) await sleep(5);
      })(),
      5000,
      'onSubscriptionEnd',
    );
    check(topics.openSubscriptions === 0, `${topics.openSubscriptions} subscriptions still open`);
  });

  await step('deleteCache', async () => {
    expectType(await client.deleteCache(cache), 'Success', 'deleteCache');
  });

  return report;
}

/** The closing line every runner prints. */
export function summary(label, report) {
  const skipped = report.skipped.length ? `, ${report.skipped.length} skipped` : '';
  return `${label}: ${report.passed.length} passed, ${report.failed.length} failed${skipped}`;
}
