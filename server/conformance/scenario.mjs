// Shared conformance scenario for edgecache-server.
//
// It drives the server with an OFFICIAL Momento JS SDK, either `@gomomento/sdk`
// (Node, grpc-js over h2c) or `@gomomento/sdk-web` (gRPC-web text mode over
// XMLHttpRequest), and uses only the public API the two have in common: both
// CacheClients extend the same sdk-core `AbstractCacheClient` and return the
// same response classes, so one scenario serves both.
//
// Expected values are the protocol's behaviour for each call; docs/protocol.md in the
// repository is the reference for statuses, list indexes and the server's own choices.
//
// Every step prints `PASS <sdk> <group>/<step>` or throws a StepFailure naming
// the step and what came back. A failed step ends its group (later steps of a
// group depend on earlier ones); the other groups still run, except after a
// failure in `control`, which everything else needs.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';

export class StepFailure extends Error {
  constructor(label, step, cause) {
    super(`FAIL ${label} ${step}: ${describeError(cause)}`, { cause });
    this.name = 'StepFailure';
    this.step = step;
  }
}

function describeError(e) {
  if (e instanceof assert.AssertionError) {
    return `${e.message}`.replace(/\n+/g, ' | ');
  }
  // A TypeError/ReferenceError here is most likely a bug in this scenario or an
  // unexpected response shape: keep the stack. Otherwise the message suffices.
  if (e instanceof TypeError || e instanceof ReferenceError) return e.stack;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** One line describing an SDK response (type, error code and message, value). */
export function show(r) {
  if (r === undefined) return 'undefined';
  if (r === null || typeof r !== 'object') return JSON.stringify(r);
  const parts = [`type=${r.type ?? r.constructor?.name}`];
  if (typeof r.errorCode === 'function') {
    parts.push(`errorCode=${r.errorCode()}`, `message=${JSON.stringify(r.message())}`);
  } else {
    try {
      parts.push(String(r.toString()).slice(0, 300));
    } catch {
      /* ignore */
    }
  }
  return `{${parts.join(' ')}}`;
}

function expectType(r, type, what = '') {
  assert.equal(
    r?.type,
    type,
    `${what ? what + ': ' : ''}expected response type ${type}, got ${show(r)}`,
  );
  return r;
}

function expectError(r, code, what = '') {
  assert.equal(r?.type, 'Error', `${what ? what + ': ' : ''}expected Error(${code}), got ${show(r)}`);
  assert.equal(r.errorCode(), code, `${what ? what + ': ' : ''}expected error code ${code}, got ${show(r)}`);
  return r;
}

function withTimeout(promise, ms, step) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`step "${step}" did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Build a CacheClient of the given SDK pointed at a local plaintext server.
 *
 * `kind` is 'sdk' (Node, grpc-js) or 'sdk-web' (gRPC-web). The credential is
 * `CredentialProvider.forMomentoLocal` in both cases (empty token, no TLS).
 * The web SDK would prefix `web.` and `https://` to a plain host:port, so it is
 * given explicit `http://` endpoint overrides, which it uses verbatim.
 */
export function makeClient(sdk, kind, { host, port }, { clientTimeoutMs = 4000 } = {}) {
  const credentialProvider =
    kind === 'sdk-web'
      ? sdk.CredentialProvider.forMomentoLocal({
          hostname: host,
          port,
          endpointOverrides: {
            cacheEndpoint: `http://${host}:${port}`,
            controlEndpoint: `http://${host}:${port}`,
            tokenEndpoint: `http://${host}:${port}`,
            secureConnection: false,
          },
        })
      : sdk.CredentialProvider.forMomentoLocal({ hostname: host, port });
  const loggerFactory = new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
  const configuration = sdk.Configurations.Laptop.v1(loggerFactory).withClientTimeoutMillis(clientTimeoutMs);
  return new sdk.CacheClient({ configuration, credentialProvider, defaultTtlSeconds: 60 });
}

/**
 * Run the whole scenario.
 *
 * @param {object} sdk      the imported module: `@gomomento/sdk` or `@gomomento/sdk-web`
 * @param {{host: string, port: number}} address  the server
 * @param {object} [opts]
 * @param {string} [opts.kind]   'sdk' | 'sdk-web' (default: guessed from opts.label)
 * @param {string} [opts.label]  name printed in PASS/FAIL lines (default: kind)
 * @param {number} [opts.stepTimeoutMs]  hard cap per step (default 6000)
 * @param {() => Promise<void>} [opts.ping]  an extra, SDK-specific real Ping RPC
 * @param {(name: string, fn: (ctx: any) => Promise<void>, o: {skip?: string}) => Promise<unknown>} [opts.group]
 *        wrapper for each group, e.g. node:test's `(n, fn, o) => t.test(n, o, fn)`; default: call fn
 * @param {(ctx: any, name: string, fn: () => Promise<void>) => Promise<unknown>} [opts.step]
 *        wrapper for each step, given the group's ctx, e.g. `(ctx, n, fn) => ctx.test(n, fn)`; default: call fn
 * @param {(line: string) => void} [opts.log]  default console.log
 * @returns {Promise<{label: string, passed: string[], failed: {step: string, error: Error}[], skippedGroups: string[]}>}
 */
export async function runScenario(sdk, address, opts = {}) {
  const kind = opts.kind ?? (opts.label === 'sdk-web' ? 'sdk-web' : 'sdk');
  const label = opts.label ?? kind;
  const stepTimeoutMs = opts.stepTimeoutMs ?? 6000;
  const log = opts.log ?? ((line) => console.log(line));
  const groupHook = opts.group ?? ((_name, fn, o) => (o?.skip ? undefined : fn(undefined)));
  const stepHook = opts.step ?? ((_ctx, _name, fn) => fn());

  const result = { label, passed: [], failed: [], skippedGroups: [] };
  const { MomentoErrorCode: E, ItemType, SortedSetOrder, CollectionTtl } = sdk;
  const client = makeClient(sdk, kind, address, { clientTimeoutMs: Math.max(1000, stepTimeoutMs - 2000) });
  const suffix = randomBytes(4).toString('hex');
  const cache = `conformance-${kind}-${suffix}`;

  let currentGroup = '';
  let groupCtx;
  async function step(name, fn) {
    const full = `${currentGroup}/${name}`;
    let failure;
    await stepHook(groupCtx, name, async () => {
      try {
        await withTimeout(Promise.resolve().then(fn), stepTimeoutMs, full);
      } catch (e) {
        failure = new StepFailure(label, full, e);
        result.failed.push({ step: full, error: failure });
        log(failure.message);
        throw failure;
      }
      result.passed.push(full);
      log(`PASS ${label} ${full}`);
    });
    if (failure) throw failure; // ends the group: later steps depend on this one
  }

  let fatal = false;
  async function group(name, fn, { critical = false } = {}) {
    if (fatal) {
      const why = 'not run: an earlier critical group failed';
      result.skippedGroups.push(name);
      log(`SKIP ${label} ${name}: ${why}`);
      await Promise.resolve(groupHook(name, async () => {}, { skip: why })).catch(() => {});
      return;
    }
    currentGroup = name;
    let failed = false;
    await Promise.resolve(
      groupHook(
        name,
        async (ctx) => {
          groupCtx = ctx;
          try {
            await fn();
          } catch (e) {
            failed = true;
            throw e;
          }
        },
        {},
      ),
    ).catch(() => {});
    if (failed && critical) fatal = true;
  }

  const K = (s) => `${s}-${suffix}`; // per-run key names

  try {
    // ---------------------------------------------------------------- control
    await group(
      'control',
      async () => {
        await step('createCache → Success', async () => {
          expectType(await client.createCache(cache), 'Success');
        });
        await step('listCaches contains it', async () => {
          const r = expectType(await client.listCaches(), 'Success');
          const names = r.getCaches().map((c) => c.getName());
          assert.ok(names.includes(cache), `listCaches returned ${JSON.stringify(names)}, missing ${cache}`);
        });
        await step('createCache again → AlreadyExists', async () => {
          expectType(await client.createCache(cache), 'AlreadyExists');
        });
        const tmp = `${cache}-tmp`;
        await step('create + deleteCache → Success', async () => {
          expectType(await client.createCache(tmp), 'Success', 'createCache(tmp)');
          expectType(await client.deleteCache(tmp), 'Success', 'deleteCache(tmp)');
        });
        await step('listCaches no longer has deleted cache', async () => {
          const r = expectType(await client.listCaches(), 'Success');
          const names = r.getCaches().map((c) => c.getName());
          assert.ok(!names.includes(tmp), `deleted cache ${tmp} still listed: ${JSON.stringify(names)}`);
          assert.ok(names.includes(cache), `cache ${cache} missing from ${JSON.stringify(names)}`);
        });
        await step('deleteCache unknown → NOT_FOUND_ERROR', async () => {
          expectError(await client.deleteCache(`${cache}-nope`), E.CACHE_NOT_FOUND_ERROR);
        });
        await step('data call on unknown cache → NOT_FOUND_ERROR', async () => {
          expectError(await client.get(`${cache}-nope`, 'k'), E.CACHE_NOT_FOUND_ERROR);
        });
      },
      { critical: true },
    );

    // ------------------------------------------------------------------ ping
    await group('ping', async () => {
      await step('client.ping() resolves', async () => {
        // @gomomento/sdk-web: a real /cache_client.Ping/Ping call without
        // `authorization`. @gomomento/sdk 1.118: CacheClient has no ping client
        // wired in, so this is a no-op there; opts.ping covers it.
        await client.ping();
      });
      if (opts.ping) {
        await step('Ping RPC (SDK ping client) resolves', async () => {
          await opts.ping();
        });
      }
    });

    // ---------------------------------------------------------------- scalar
    await group('scalar', async () => {
      const k = K('scalar');
      await step('get missing → Miss', async () => {
        expectType(await client.get(cache, k), 'Miss');
      });
      await step('set → Success', async () => {
        expectType(await client.set(cache, k, 'v1'), 'Success');
      });
      await step('get → Hit v1', async () => {
        const r = expectType(await client.get(cache, k), 'Hit');
        assert.equal(r.valueString(), 'v1');
      });
      await step('set overwrite, get → Hit v2', async () => {
        expectType(await client.set(cache, k, 'v2'), 'Success');
        const r = expectType(await client.get(cache, k), 'Hit');
        assert.equal(r.valueString(), 'v2');
      });
      await step('binary key/value round-trip', async () => {
        const bk = new Uint8Array([0x00, 0xff, 0x10, 0x80, ...Buffer.from(suffix)]);
        const bv = new Uint8Array(1000).map((_, i) => (i * 7 + 3) & 0xff);
        expectType(await client.set(cache, bk, bv), 'Success');
        const r = expectType(await client.get(cache, bk), 'Hit');
        assert.deepEqual(Array.from(r.valueUint8Array()), Array.from(bv));
      });
      await step('utf-8 value round-trip', async () => {
        const v = 'héllo wörld ✓ 🚀';
        expectType(await client.set(cache, K('utf8'), v), 'Success');
        const r = expectType(await client.get(cache, K('utf8')), 'Hit');
        assert.equal(r.valueString(), v);
      });
      await step('empty value round-trip', async () => {
        expectType(await client.set(cache, K('empty'), ''), 'Success');
        const r = expectType(await client.get(cache, K('empty')), 'Hit');
        assert.equal(r.valueString(), '');
      });
      await step('delete → Success, then get → Miss', async () => {
        expectType(await client.delete(cache, k), 'Success');
        expectType(await client.get(cache, k), 'Miss');
      });
      await step('delete missing key → Success', async () => {
        expectType(await client.delete(cache, K('never-set')), 'Success');
      });
    });

    // ---------------------------------------------------------------- batch
    await group('batch', async () => {
      const keys = [K('b1'), K('b2'), K('b3')];
      await step('setBatch → Success, every item Success', async () => {
        const r = expectType(
          await client.setBatch(cache, [
            { key: keys[0], value: 'one' },
            { key: keys[2], value: 'three', ttl: 30 },
          ]),
          'Success',
        );
        assert.deepEqual(
          r.results().map((x) => x.type),
          ['Success', 'Success'],
        );
      });
      await step('getBatch → Success, per-key Hit/Miss in request order', async () => {
        const r = expectType(await client.getBatch(cache, keys), 'Success');
        assert.deepEqual(
          r.results().map((x) => x.type),
          ['Hit', 'Miss', 'Hit'],
        );
        assert.deepEqual(r.results().map((x) => x.value()), ['one', undefined, 'three']);
      });
    });

    // ------------------------------------------------------------------- ttl
    await group('ttl', async () => {
      const k = K('ttl');
      await step('set ttl=1s → Success, get → Hit', async () => {
        expectType(await client.set(cache, k, 'short', { ttl: 1 }), 'Success');
        const r = expectType(await client.get(cache, k), 'Hit');
        assert.equal(r.valueString(), 'short');
      });
      await step('itemGetTtl → Hit, 0 < remaining ≤ 1000 ms', async () => {
        const r = expectType(await client.itemGetTtl(cache, k), 'Hit');
        const ms = r.remainingTtlMillis();
        assert.ok(ms > 0 && ms <= 1000, `remainingTtlMillis=${ms}`);
      });
      await step('after 1.5 s get → Miss', async () => {
        await sleep(1500);
        expectType(await client.get(cache, k), 'Miss');
      });
      await step('itemGetTtl missing → Miss', async () => {
        expectType(await client.itemGetTtl(cache, k), 'Miss');
      });
      const u = K('ttl-update');
      await step('updateTtl(5000) on 60 s item → Set, TTL now ≤ 5000', async () => {
        expectType(await client.set(cache, u, 'x', { ttl: 60 }), 'Success');
        const before = expectType(await client.itemGetTtl(cache, u), 'Hit').remainingTtlMillis();
        assert.ok(before > 55_000 && before <= 60_000, `remaining before update: ${before}`);
        expectType(await client.updateTtl(cache, u, 5000), 'Set');
        const after = expectType(await client.itemGetTtl(cache, u), 'Hit').remainingTtlMillis();
        assert.ok(after > 3000 && after <= 5000, `remaining after updateTtl(5000): ${after}`);
      });
      await step('updateTtl missing → Miss', async () => {
        expectType(await client.updateTtl(cache, K('ttl-none'), 5000), 'Miss');
      });
      await step('increaseTtl: larger → Set, smaller → NotSet, missing → Miss', async () => {
        expectType(await client.increaseTtl(cache, u, 20_000), 'Set', 'increaseTtl(20000)');
        expectType(await client.increaseTtl(cache, u, 1000), 'NotSet', 'increaseTtl(1000)');
        expectType(await client.increaseTtl(cache, K('ttl-none'), 1000), 'Miss', 'increaseTtl(missing)');
        const ms = expectType(await client.itemGetTtl(cache, u), 'Hit').remainingTtlMillis();
        assert.ok(ms > 15_000 && ms <= 20_000, `remaining after increaseTtl(20000): ${ms}`);
      });
      await step('decreaseTtl: smaller → Set, larger → NotSet, missing → Miss', async () => {
        expectType(await client.decreaseTtl(cache, u, 10_000), 'Set', 'decreaseTtl(10000)');
        expectType(await client.decreaseTtl(cache, u, 50_000), 'NotSet', 'decreaseTtl(50000)');
        expectType(await client.decreaseTtl(cache, K('ttl-none'), 1000), 'Miss', 'decreaseTtl(missing)');
        const ms = expectType(await client.itemGetTtl(cache, u), 'Hit').remainingTtlMillis();
        assert.ok(ms > 5_000 && ms <= 10_000, `remaining after decreaseTtl(10000): ${ms}`);
      });
    });

    // ---------------------------------------------------------------- setIf*
    await group('setIf', async () => {
      const k = (n) => K(`if-${n}`);
      const value = async (key) => expectType(await client.get(cache, key), 'Hit', `get ${key}`).valueString();

      await step('setIfAbsent: absent → Stored, present → NotStored', async () => {
        expectType(await client.setIfAbsent(cache, k('absent'), 'a1'), 'Stored');
        expectType(await client.setIfAbsent(cache, k('absent'), 'a2'), 'NotStored');
        assert.equal(await value(k('absent')), 'a1');
      });
      await step('setIfPresent: absent → NotStored, present → Stored', async () => {
        expectType(await client.setIfPresent(cache, k('present'), 'p1'), 'NotStored');
        expectType(await client.get(cache, k('present')), 'Miss', 'NotStored must not write');
        expectType(await client.set(cache, k('present'), 'p0'), 'Success');
        expectType(await client.setIfPresent(cache, k('present'), 'p1'), 'Stored');
        assert.equal(await value(k('present')), 'p1');
      });
      await step('setIfEqual: equal → Stored, not equal → NotStored, absent → NotStored', async () => {
        expectType(await client.set(cache, k('eq'), 'e0'), 'Success');
        expectType(await client.setIfEqual(cache, k('eq'), 'e1', 'e0'), 'Stored');
        expectType(await client.setIfEqual(cache, k('eq'), 'e2', 'e0'), 'NotStored');
        assert.equal(await value(k('eq')), 'e1');
        expectType(await client.setIfEqual(cache, k('eq-absent'), 'e1', 'e0'), 'NotStored', 'absent key');
      });
      await step('setIfNotEqual: equal → NotStored, not equal → Stored, absent → Stored', async () => {
        expectType(await client.set(cache, k('ne'), 'n0'), 'Success');
        expectType(await client.setIfNotEqual(cache, k('ne'), 'n1', 'n0'), 'NotStored');
        expectType(await client.setIfNotEqual(cache, k('ne'), 'n1', 'zzz'), 'Stored');
        assert.equal(await value(k('ne')), 'n1');
        expectType(await client.setIfNotEqual(cache, k('ne-absent'), 'n1', 'n0'), 'Stored', 'absent key');
        assert.equal(await value(k('ne-absent')), 'n1');
      });
      await step('setIfPresentAndNotEqual: absent → NotStored, equal → NotStored, not equal → Stored', async () => {
        expectType(await client.setIfPresentAndNotEqual(cache, k('pne'), 'x1', 'x0'), 'NotStored', 'absent');
        expectType(await client.set(cache, k('pne'), 'x0'), 'Success');
        expectType(await client.setIfPresentAndNotEqual(cache, k('pne'), 'x1', 'x0'), 'NotStored', 'equal');
        expectType(await client.setIfPresentAndNotEqual(cache, k('pne'), 'x1', 'other'), 'Stored', 'not equal');
        assert.equal(await value(k('pne')), 'x1');
      });
      await step('setIfAbsentOrEqual: absent → Stored, equal → Stored, not equal → NotStored', async () => {
        expectType(await client.setIfAbsentOrEqual(cache, k('aoe'), 'y0', 'whatever'), 'Stored', 'absent');
        expectType(await client.setIfAbsentOrEqual(cache, k('aoe'), 'y1', 'y0'), 'Stored', 'equal');
        expectType(await client.setIfAbsentOrEqual(cache, k('aoe'), 'y2', 'y0'), 'NotStored', 'not equal');
        assert.equal(await value(k('aoe')), 'y1');
      });
      await step('setIfNotExists: absent → Stored, present → NotStored', async () => {
        expectType(await client.setIfNotExists(cache, k('nx'), 'z1'), 'Stored');
        expectType(await client.setIfNotExists(cache, k('nx'), 'z2'), 'NotStored');
        assert.equal(await value(k('nx')), 'z1');
      });
    });

    // ------------------------------------------------------------- increment
    await group('increment', async () => {
      const k = K('counter');
      await step('increment new key by 5 → 5', async () => {
        const r = expectType(await client.increment(cache, k, 5), 'Success');
        assert.equal(r.value(), 5);
      });
      await step('increment existing by 10 → 15, get → "15"', async () => {
        const r = expectType(await client.increment(cache, k, 10), 'Success');
        assert.equal(r.value(), 15);
        assert.equal(expectType(await client.get(cache, k), 'Hit').valueString(), '15');
      });
      await step('increment by -20 → -5', async () => {
        assert.equal(expectType(await client.increment(cache, k, -20), 'Success').value(), -5);
      });
      await step('increment on set("42") → 43', async () => {
        expectType(await client.set(cache, K('counter2'), '42'), 'Success');
        assert.equal(expectType(await client.increment(cache, K('counter2'), 1), 'Success').value(), 43);
      });
      await step('increment non-integer → FAILED_PRECONDITION_ERROR', async () => {
        expectType(await client.set(cache, K('notanumber'), 'abcxyz'), 'Success');
        expectError(await client.increment(cache, K('notanumber'), 1), E.FAILED_PRECONDITION_ERROR);
      });
    });

    // ---------------------------------------------- keysExist / itemGetType
    await group('keys', async () => {
      await step('keysExist [present, missing, present] → [true, false, true]', async () => {
        expectType(await client.set(cache, K('ke1'), '1'), 'Success');
        expectType(await client.set(cache, K('ke3'), '3'), 'Success');
        const r = expectType(await client.keysExist(cache, [K('ke1'), K('ke2'), K('ke3')]), 'Success');
        assert.deepEqual(r.exists(), [true, false, true]);
      });
      await step('keyExists present → true, missing → false', async () => {
        assert.equal(expectType(await client.keyExists(cache, K('ke1')), 'Success').exists(), true);
        assert.equal(expectType(await client.keyExists(cache, K('ke2')), 'Success').exists(), false);
      });
      await step('itemGetType scalar → SCALAR, missing → Miss', async () => {
        const r = expectType(await client.itemGetType(cache, K('ke1')), 'Hit');
        assert.equal(r.itemType(), ItemType.SCALAR);
        expectType(await client.itemGetType(cache, K('ke2')), 'Miss');
      });
    });

    // ------------------------------------------------------------ dictionary
    await group('dictionary', async () => {
      const d = K('dict');
      await step('dictionaryFetch / getField / length on missing → Miss', async () => {
        expectType(await client.dictionaryFetch(cache, d), 'Miss', 'fetch');
        expectType(await client.dictionaryGetField(cache, d, 'f1'), 'Miss', 'getField');
        expectType(await client.dictionaryLength(cache, d), 'Miss', 'length');
      });
      await step('dictionarySetField → Success', async () => {
        expectType(await client.dictionarySetField(cache, d, 'f1', 'v1'), 'Success');
      });
      await step('dictionarySetFields → Success', async () => {
        expectType(await client.dictionarySetFields(cache, d, { f2: 'v2', f3: '10' }), 'Success');
      });
      await step('dictionaryGetField hit → v1, missing field → Miss', async () => {
        const r = expectType(await client.dictionaryGetField(cache, d, 'f1'), 'Hit');
        assert.equal(r.valueString(), 'v1');
        expectType(await client.dictionaryGetField(cache, d, 'nope'), 'Miss', 'missing field');
      });
      await step('dictionaryGetFields [f1, nope, f2] → per-field Hit/Miss/Hit', async () => {
        const r = expectType(await client.dictionaryGetFields(cache, d, ['f1', 'nope', 'f2']), 'Hit');
        assert.deepEqual(
          r.responses.map((x) => x.type),
          ['Hit', 'Miss', 'Hit'],
        );
        assert.deepEqual(r.valueRecord(), { f1: 'v1', f2: 'v2' });
      });
      await step('dictionaryFetch → all fields', async () => {
        const r = expectType(await client.dictionaryFetch(cache, d), 'Hit');
        assert.deepEqual(r.valueRecord(), { f1: 'v1', f2: 'v2', f3: '10' });
      });
      await step('dictionaryIncrement existing 10 + 5 → 15, new field → 3', async () => {
        assert.equal(expectType(await client.dictionaryIncrement(cache, d, 'f3', 5), 'Success').value(), 15);
        assert.equal(expectType(await client.dictionaryIncrement(cache, d, 'f4', 3), 'Success').value(), 3);
        assert.equal(expectType(await client.dictionaryGetField(cache, d, 'f3'), 'Hit').valueString(), '15');
      });
      await step('dictionaryIncrement non-integer → FAILED_PRECONDITION_ERROR', async () => {
        expectError(await client.dictionaryIncrement(cache, d, 'f1', 1), E.FAILED_PRECONDITION_ERROR);
      });
      await step('dictionaryLength → 4', async () => {
        assert.equal(expectType(await client.dictionaryLength(cache, d), 'Hit').length(), 4);
      });
      await step('itemGetType → DICTIONARY', async () => {
        assert.equal(expectType(await client.itemGetType(cache, d), 'Hit').itemType(), ItemType.DICTIONARY);
      });
      await step('dictionaryRemoveField f1 → Success, then getField → Miss', async () => {
        expectType(await client.dictionaryRemoveField(cache, d, 'f1'), 'Success');
        expectType(await client.dictionaryGetField(cache, d, 'f1'), 'Miss');
      });
      await step('dictionaryRemoveFields [f2, f3] → Success, fetch → {f4: 3}', async () => {
        expectType(await client.dictionaryRemoveFields(cache, d, ['f2', 'f3']), 'Success');
        assert.deepEqual(expectType(await client.dictionaryFetch(cache, d), 'Hit').valueRecord(), { f4: '3' });
      });
      await step('delete dictionary → later fetch Miss', async () => {
        expectType(await client.delete(cache, d), 'Success');
        expectType(await client.dictionaryFetch(cache, d), 'Miss');
      });
    });

    // ------------------------------------------------------------------ list
    await group('list', async () => {
      const l = K('list');
      const fetch = async (o) => expectType(await client.listFetch(cache, l, o), 'Hit', `listFetch ${JSON.stringify(o ?? {})}`).valueList();
      await step('listFetch / listLength / pop on missing → Miss', async () => {
        expectType(await client.listFetch(cache, l), 'Miss', 'fetch');
        expectType(await client.listLength(cache, l), 'Miss', 'length');
        expectType(await client.listPopFront(cache, l), 'Miss', 'popFront');
        expectType(await client.listPopBack(cache, l), 'Miss', 'popBack');
      });
      await step('listConcatenateBack [a,b,c] → length 3', async () => {
        const r = expectType(await client.listConcatenateBack(cache, l, ['a', 'b', 'c']), 'Success');
        assert.equal(r.listLength(), 3);
      });
      await step('listPushBack d → 4, listPushFront z → 5', async () => {
        assert.equal(expectType(await client.listPushBack(cache, l, 'd'), 'Success').listLength(), 4);
        assert.equal(expectType(await client.listPushFront(cache, l, 'z'), 'Success').listLength(), 5);
        assert.deepEqual(await fetch(), ['z', 'a', 'b', 'c', 'd']);
      });
      await step('listPushBack e truncateFrontToSize 5 → [a,b,c,d,e]', async () => {
        const r = expectType(await client.listPushBack(cache, l, 'e', { truncateFrontToSize: 5 }), 'Success');
        assert.equal(r.listLength(), 5);
        assert.deepEqual(await fetch(), ['a', 'b', 'c', 'd', 'e']);
      });
      await step('listPushFront y truncateBackToSize 5 → [y,a,b,c,d]', async () => {
        const r = expectType(await client.listPushFront(cache, l, 'y', { truncateBackToSize: 5 }), 'Success');
        assert.equal(r.listLength(), 5);
        assert.deepEqual(await fetch(), ['y', 'a', 'b', 'c', 'd']);
      });
      await step('listConcatenateFront [1,2] → [1,2,y,a,b,c,d]', async () => {
        assert.equal(expectType(await client.listConcatenateFront(cache, l, ['1', '2']), 'Success').listLength(), 7);
        assert.deepEqual(await fetch(), ['1', '2', 'y', 'a', 'b', 'c', 'd']);
      });
      await step('listConcatenateBack [x,b] truncateFrontToSize 8 → [2,y,a,b,c,d,x,b]', async () => {
        const r = expectType(
          await client.listConcatenateBack(cache, l, ['x', 'b'], { truncateFrontToSize: 8 }),
          'Success',
        );
        assert.equal(r.listLength(), 8);
        assert.deepEqual(await fetch(), ['2', 'y', 'a', 'b', 'c', 'd', 'x', 'b']);
      });
      await step('listConcatenateFront [p,q] truncateBackToSize 9 → [p,q,2,y,a,b,c,d,x]', async () => {
        const r = expectType(
          await client.listConcatenateFront(cache, l, ['p', 'q'], { truncateBackToSize: 9 }),
          'Success',
        );
        assert.equal(r.listLength(), 9);
        assert.deepEqual(await fetch(), ['p', 'q', '2', 'y', 'a', 'b', 'c', 'd', 'x']);
      });
      // list is now [p,q,2,y,a,b,c,d,x] (9 elements)
      await step('listFetch start 2 end 5 → [2,y,a]', async () => {
        assert.deepEqual(await fetch({ startIndex: 2, endIndex: 5 }), ['2', 'y', 'a']);
      });
      await step('listFetch start -3 → [c,d,x]', async () => {
        assert.deepEqual(await fetch({ startIndex: -3 }), ['c', 'd', 'x']);
      });
      await step('listFetch end -6 → [p,q,2]', async () => {
        assert.deepEqual(await fetch({ endIndex: -6 }), ['p', 'q', '2']);
      });
      await step('listFetch start -5 end -2 → [a,b,c]', async () => {
        assert.deepEqual(await fetch({ startIndex: -5, endIndex: -2 }), ['a', 'b', 'c']);
      });
      await step('listFetch start 7 end 100 → [d,x] (end clamped)', async () => {
        assert.deepEqual(await fetch({ startIndex: 7, endIndex: 100 }), ['d', 'x']);
      });
      await step('listFetch start 20 → [] (empty Hit)', async () => {
        assert.deepEqual(await fetch({ startIndex: 20 }), []);
      });
      await step('listLength → 9', async () => {
        assert.equal(expectType(await client.listLength(cache, l), 'Hit').length(), 9);
      });
      await step('listPopFront → p, listPopBack → x', async () => {
        assert.equal(expectType(await client.listPopFront(cache, l), 'Hit').valueString(), 'p');
        assert.equal(expectType(await client.listPopBack(cache, l), 'Hit').valueString(), 'x');
        assert.deepEqual(await fetch(), ['q', '2', 'y', 'a', 'b', 'c', 'd']);
      });
      await step('listRemoveValue removes every occurrence', async () => {
        expectType(await client.listPushBack(cache, l, 'a'), 'Success');
        // [q,2,y,a,b,c,d,a]
        expectType(await client.listRemoveValue(cache, l, 'a'), 'Success');
        assert.deepEqual(await fetch(), ['q', '2', 'y', 'b', 'c', 'd']);
        expectType(await client.listRemoveValue(cache, l, 'not-there'), 'Success', 'remove absent value');
        assert.equal(expectType(await client.listLength(cache, l), 'Hit').length(), 6);
      });
      await step('listRetain start 1 end -1 → [2,y,b,c]', async () => {
        expectType(await client.listRetain(cache, l, { startIndex: 1, endIndex: -1 }), 'Success');
        assert.deepEqual(await fetch(), ['2', 'y', 'b', 'c']);
      });
      await step('listRetain start 2 → [b,c]', async () => {
        expectType(await client.listRetain(cache, l, { startIndex: 2 }), 'Success');
        assert.deepEqual(await fetch(), ['b', 'c']);
      });
      await step('itemGetType → LIST', async () => {
        assert.equal(expectType(await client.itemGetType(cache, l), 'Hit').itemType(), ItemType.LIST);
      });
      await step('delete list → later listFetch Miss', async () => {
        expectType(await client.delete(cache, l), 'Success');
        expectType(await client.listFetch(cache, l), 'Miss');
      });
    });

    // ------------------------------------------------------------ sorted set
    await group('sortedSet', async () => {
      const z = K('zset');
      const elems = (r) => r.valueArray().map((e) => [e.value, e.score]);
      const byRank = async (o) =>
        elems(expectType(await client.sortedSetFetchByRank(cache, z, o), 'Hit', `fetchByRank ${JSON.stringify(o ?? {})}`));
      const byScore = async (o) =>
        elems(expectType(await client.sortedSetFetchByScore(cache, z, o), 'Hit', `fetchByScore ${JSON.stringify(o ?? {})}`));
      const ALL = [
        ['neg', -1.5],
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['d', 4],
        ['e', 5],
        ['f', 6],
      ];
      await step('fetch / length / getScore on missing → Miss', async () => {
        expectType(await client.sortedSetFetchByRank(cache, z), 'Miss', 'fetchByRank');
        expectType(await client.sortedSetFetchByScore(cache, z), 'Miss', 'fetchByScore');
        expectType(await client.sortedSetLength(cache, z), 'Miss', 'length');
        expectType(await client.sortedSetGetScore(cache, z, 'a'), 'Miss', 'getScore');
        expectType(await client.sortedSetGetRank(cache, z, 'a'), 'Miss', 'getRank');
      });
      await step('sortedSetPutElements → Success', async () => {
        expectType(
          await client.sortedSetPutElements(cache, z, { e: 5, c: 3, a: 1, d: 4, b: 2, neg: -1.5 }),
          'Success',
        );
      });
      await step('sortedSetPutElement f=6 → Success', async () => {
        expectType(await client.sortedSetPutElement(cache, z, 'f', 6), 'Success');
      });
      await step('fetchByRank all → ascending by score', async () => {
        assert.deepEqual(await byRank(), ALL);
      });
      await step('fetchByRank start 1 end 3 → [a, b]', async () => {
        assert.deepEqual(await byRank({ startRank: 1, endRank: 3 }), ALL.slice(1, 3));
      });
      await step('fetchByRank start -2 → [e, f]', async () => {
        assert.deepEqual(await byRank({ startRank: -2 }), ALL.slice(-2));
      });
      await step('fetchByRank end -4 → [neg, a, b]', async () => {
        assert.deepEqual(await byRank({ endRank: -4 }), ALL.slice(0, -4));
      });
      await step('fetchByRank start -4 end -1 → [c, d, e]', async () => {
        assert.deepEqual(await byRank({ startRank: -4, endRank: -1 }), ALL.slice(-4, -1));
      });
      await step('fetchByRank DESC start 0 end 3 → [f, e, d]', async () => {
        assert.deepEqual(
          await byRank({ order: SortedSetOrder.Descending, startRank: 0, endRank: 3 }),
          [['f', 6], ['e', 5], ['d', 4]],
        );
      });
      await step('fetchByRank DESC start 5 → [a, neg]', async () => {
        assert.deepEqual(await byRank({ order: SortedSetOrder.Descending, startRank: 5 }), [['a', 1], ['neg', -1.5]]);
      });
      await step('fetchByRank start 10 → [] (empty Hit)', async () => {
        assert.deepEqual(await byRank({ startRank: 10 }), []);
      });
      await step('fetchByScore min 2 max 4 → [b, c, d] (inclusive)', async () => {
        assert.deepEqual(await byScore({ minScore: 2, maxScore: 4 }), [['b', 2], ['c', 3], ['d', 4]]);
      });
      await step('fetchByScore min 0 → [a..f]', async () => {
        assert.deepEqual(await byScore({ minScore: 0 }), ALL.slice(1));
      });
      await step('fetchByScore max 1 → [neg, a]', async () => {
        assert.deepEqual(await byScore({ maxScore: 1 }), ALL.slice(0, 2));
      });
      await step('fetchByScore min 2 max 5 offset 1 count 2 → [c, d]', async () => {
        assert.deepEqual(await byScore({ minScore: 2, maxScore: 5, offset: 1, count: 2 }), [['c', 3], ['d', 4]]);
      });
      await step('fetchByScore DESC min 2 max 5 offset 1 count 2 → [d, c]', async () => {
        assert.deepEqual(
          await byScore({ order: SortedSetOrder.Descending, minScore: 2, maxScore: 5, offset: 1, count: 2 }),
          [['d', 4], ['c', 3]],
        );
      });
      await step('fetchByScore offset 100 → [] (empty Hit)', async () => {
        assert.deepEqual(await byScore({ offset: 100 }), []);
      });
      await step('sortedSetGetScore c → 3, unknown element → Miss', async () => {
        assert.equal(expectType(await client.sortedSetGetScore(cache, z, 'c'), 'Hit').score(), 3);
        expectType(await client.sortedSetGetScore(cache, z, 'nope'), 'Miss', 'unknown element');
      });
      await step('sortedSetGetScores [a, nope, neg] → Hit/Miss/Hit in order', async () => {
        const r = expectType(await client.sortedSetGetScores(cache, z, ['a', 'nope', 'neg']), 'Hit');
        assert.deepEqual(
          r.responses().map((x) => [x.type, x.valueString(), x.score()]),
          [
            ['Hit', 'a', 1],
            ['Miss', 'nope', undefined],
            ['Hit', 'neg', -1.5],
          ],
        );
      });
      await step('sortedSetGetRank c → 3, DESC → 3, f DESC → 0, unknown → Miss', async () => {
        assert.equal(expectType(await client.sortedSetGetRank(cache, z, 'c'), 'Hit').rank(), 3);
        assert.equal(
          expectType(await client.sortedSetGetRank(cache, z, 'c', { order: SortedSetOrder.Descending }), 'Hit').rank(),
          3,
        );
        assert.equal(
          expectType(await client.sortedSetGetRank(cache, z, 'f', { order: SortedSetOrder.Descending }), 'Hit').rank(),
          0,
        );
        assert.equal(expectType(await client.sortedSetGetRank(cache, z, 'neg'), 'Hit').rank(), 0);
        expectType(await client.sortedSetGetRank(cache, z, 'nope'), 'Miss', 'unknown element');
      });
      await step('sortedSetIncrementScore c +10 → 13, new g +2.5 → 2.5', async () => {
        assert.equal(expectType(await client.sortedSetIncrementScore(cache, z, 'c', 10), 'Success').score(), 13);
        assert.equal(expectType(await client.sortedSetIncrementScore(cache, z, 'g', 2.5), 'Success').score(), 2.5);
        assert.equal(expectType(await client.sortedSetGetRank(cache, z, 'c'), 'Hit').rank(), 7);
      });
      // now: neg -1.5, a 1, b 2, g 2.5, d 4, e 5, f 6, c 13
      await step('sortedSetLength → 8', async () => {
        assert.equal(expectType(await client.sortedSetLength(cache, z), 'Hit').length(), 8);
      });
      await step('sortedSetLengthByScore min 2 max 5 → 4, min 5 → 3, max 0 → 1', async () => {
        assert.equal(
          expectType(await client.sortedSetLengthByScore(cache, z, { minScore: 2, maxScore: 5 }), 'Hit').length(),
          4,
        );
        assert.equal(expectType(await client.sortedSetLengthByScore(cache, z, { minScore: 5 }), 'Hit').length(), 3);
        assert.equal(expectType(await client.sortedSetLengthByScore(cache, z, { maxScore: 0 }), 'Hit').length(), 1);
      });
      await step('equal scores order lexicographically', async () => {
        expectType(await client.sortedSetPutElements(cache, z, { y: 20, x: 20, w: 20 }), 'Success');
        assert.deepEqual(await byScore({ minScore: 20 }), [['w', 20], ['x', 20], ['y', 20]]);
      });
      await step('sortedSetRemoveElement a → Success, getScore a → Miss', async () => {
        expectType(await client.sortedSetRemoveElement(cache, z, 'a'), 'Success');
        expectType(await client.sortedSetGetScore(cache, z, 'a'), 'Miss');
      });
      await step('sortedSetRemoveElements [w, x, y, nope] → Success, length 7', async () => {
        expectType(await client.sortedSetRemoveElements(cache, z, ['w', 'x', 'y', 'nope']), 'Success');
        assert.equal(expectType(await client.sortedSetLength(cache, z), 'Hit').length(), 7);
      });
      await step('itemGetType → SORTED_SET', async () => {
        assert.equal(expectType(await client.itemGetType(cache, z), 'Hit').itemType(), ItemType.SORTED_SET);
      });
      await step('delete sorted set → later fetch Miss', async () => {
        expectType(await client.delete(cache, z), 'Success');
        expectType(await client.sortedSetFetchByRank(cache, z), 'Miss');
      });
    });

    // ------------------------------------------------------------------- set
    await group('set', async () => {
      const s = K('set');
      await step('setFetch / setLength on missing → Miss', async () => {
        expectType(await client.setFetch(cache, s), 'Miss', 'fetch');
        expectType(await client.setLength(cache, s), 'Miss', 'length');
      });
      await step('setAddElements [a,b,c,b] + setAddElement d → Success', async () => {
        expectType(await client.setAddElements(cache, s, ['a', 'b', 'c', 'b']), 'Success');
        expectType(await client.setAddElement(cache, s, 'd'), 'Success');
      });
      await step('setFetch → {a,b,c,d}, setLength → 4', async () => {
        const r = expectType(await client.setFetch(cache, s), 'Hit');
        assert.deepEqual([...r.valueArray()].sort(), ['a', 'b', 'c', 'd']);
        assert.equal(expectType(await client.setLength(cache, s), 'Hit').length(), 4);
      });
      await step('setContainsElements [a, z, d] → {a: true, z: false, d: true}', async () => {
        const r = expectType(await client.setContainsElements(cache, s, ['a', 'z', 'd']), 'Hit');
        assert.deepEqual(r.containsElements(), { a: true, z: false, d: true });
      });
      await step('setSample 2 → 2 distinct members', async () => {
        const v = expectType(await client.setSample(cache, s, 2), 'Hit').valueArray();
        assert.equal(new Set(v).size, 2, `sample ${JSON.stringify(v)}`);
        for (const e of v) assert.ok(['a', 'b', 'c', 'd'].includes(e), `unexpected member ${e}`);
      });
      await step('setRemoveElement a → Success, length 3', async () => {
        expectType(await client.setRemoveElement(cache, s, 'a'), 'Success');
        assert.equal(expectType(await client.setLength(cache, s), 'Hit').length(), 3);
      });
      await step('itemGetType → SET', async () => {
        assert.equal(expectType(await client.itemGetType(cache, s), 'Hit').itemType(), ItemType.SET);
      });
      await step('setPop 10 → all 3, set deleted', async () => {
        const v = expectType(await client.setPop(cache, s, 10), 'Hit').valueArray();
        assert.deepEqual([...v].sort(), ['b', 'c', 'd']);
        expectType(await client.setLength(cache, s), 'Miss', 'length after popping everything');
      });
    });

    // ------------------------------------------------ collection TTL basics
    await group('collectionTtl', async () => {
      const l = K('ttl-list');
      await step('listPushBack ttl 1 s → itemGetTtl ≤ 1000; expires', async () => {
        expectType(
          await client.listPushBack(cache, l, 'v', { ttl: CollectionTtl.of(1) }),
          'Success',
        );
        const ms = expectType(await client.itemGetTtl(cache, l), 'Hit').remainingTtlMillis();
        assert.ok(ms > 0 && ms <= 1000, `remainingTtlMillis=${ms}`);
        await sleep(1300);
        expectType(await client.listFetch(cache, l), 'Miss', 'after expiry');
      });
    });

    // ------------------------------------------------------------- cleanup
    await group('cleanup', async () => {
      await step('deleteCache → Success', async () => {
        expectType(await client.deleteCache(cache), 'Success');
      });
      await step('get on deleted cache → NOT_FOUND_ERROR', async () => {
        expectError(await client.get(cache, K('scalar')), E.CACHE_NOT_FOUND_ERROR);
      });
    });
  } finally {
    try {
      client.close();
    } catch {
      /* ignore */
    }
  }
  return result;
}
