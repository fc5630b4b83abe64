// The whole JavaScript API in Node, against a real edgecache-server: every wrapper method,
// option objects, errors as values and throwOnErrors, presets, credentials, large values,
// deadlines and cancellation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import * as ec from 'edgecache';
import { startServer } from '../harness/server.mjs';
import { SETTLE_SLACK_MS, timedAgainstAbort, timedAgainstDeadline } from '../scenario/measure.mjs';
import { adminOf } from '../scenario/smoke.mjs';

const {
  CacheClient,
  Configurations,
  Configuration,
  CredentialProvider,
  CollectionTtl,
  MomentoErrorCode: E,
  ItemType,
  SdkError,
} = ec;

let server;
let admin;
let client;
let credentialProvider;
const cache = `api-${process.pid}`;
const MB = 1024 * 1024;
const encode = (s) => new TextEncoder().encode(s);

function makeClient(configuration = Configurations.Laptop.latest(), defaultTtlSeconds = 60) {
  return new CacheClient({ configuration, credentialProvider, defaultTtlSeconds });
}

function bytes(length, seed = 1) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 7 + seed) & 0xff;
  return out;
}

function assertType(response, Class, type) {
  assert.ok(response instanceof Class, `expected ${type}, got ${response?.type}: ${response}`);
  assert.equal(response.type, type);
  return response;
}

before(async () => {
  server = await startServer();
  admin = adminOf(server.url);
  credentialProvider = CredentialProvider.forMomentoLocal({ port: server.port });
  client = makeClient();
  assert.equal((await client.createCache(cache)).type, 'Success');
});

after(async () => {
  await server?.stop();
});

describe('scalar methods', () => {
  test('get / set / delete with string and binary keys and values', async () => {
    assertType(await client.set(cache, 'k', 'v'), ec.CacheSet.Success, 'Success');
    const hit = assertType(await client.get(cache, 'k'), ec.CacheGet.Hit, 'Hit');
    assert.equal(hit.value(), 'v');
    assert.equal(hit.valueString(), 'v');
    assert.deepEqual(hit.valueUint8Array(), encode('v'));
    assert.equal(hit.toString(), 'Hit: v');
    const key = new Uint8Array([0, 0xff, 0x80]);
    await client.set(cache, key, new Uint8Array([1, 2, 3]));
    assert.deepEqual((await client.get(cache, key)).valueUint8Array(), new Uint8Array([1, 2, 3]));
    assertType(await client.delete(cache, 'k'), ec.CacheDelete.Success, 'Success');
    const miss = assertType(await client.get(cache, 'k'), ec.CacheGet.Miss, 'Miss');
    assert.equal(miss.is_miss, true);
    assert.equal(miss.value(), undefined);
    assert.equal(String(miss), 'Miss');
  });

  test('set honours {ttl} in seconds and the client default', async () => {
    await client.set(cache, 'ttl-short', 'x', { ttl: 2 });
    const short = (await client.itemGetTtl(cache, 'ttl-short')).remainingTtlMillis();
    assert.ok(short > 1000 && short <= 2000, `remaining ${short}`);
    await client.set(cache, 'ttl-default', 'x');
    const long = (await client.itemGetTtl(cache, 'ttl-default')).remainingTtlMillis();
    assert.ok(long > 58_000 && long <= 60_000, `remaining ${long}`);
    const bad = await client.set(cache, 'ttl-bad', 'x', { ttl: -1 });
    assert.equal(bad.errorCode(), E.INVALID_ARGUMENT_ERROR);
    assert.match(bad.message(), /ttl/);
  });

  test('increment, with its default amount and {ttl}', async () => {
    assert.equal((await client.increment(cache, 'n', 10)).value(), 10);
    const r = assertType(await client.increment(cache, 'n', -3, { ttl: 5 }), ec.CacheIncrement.Success, 'Success');
    assert.equal(r.value(), 7);
    assert.equal(r.valueNumber(), 7);
    assert.equal((await client.increment(cache, 'n')).value(), 8);
    const ttl = (await client.itemGetTtl(cache, 'n')).remainingTtlMillis();
    assert.ok(ttl <= 60_000);
    const bad = await client.increment(cache, 'n', 1.5);
    assert.equal(bad.errorCode(), E.INVALID_ARGUMENT_ERROR);
  });

  test('the six setIf* conditions and setIfNotExists', async () => {
    const k = 'cond';
    assertType(await client.setIfAbsent(cache, k, 'a'), ec.CacheSetIfAbsent.Stored, 'Stored');
    assertType(await client.setIfAbsent(cache, k, 'b'), ec.CacheSetIfAbsent.NotStored, 'NotStored');
    assertType(await client.setIfNotExists(cache, k, 'b'), ec.CacheSetIfNotExists.NotStored, 'NotStored');
    assertType(await client.setIfPresent(cache, k, 'b'), ec.CacheSetIfPresent.Stored, 'Stored');
    assertType(await client.setIfPresent(cache, 'cond-absent', 'b'), ec.CacheSetIfPresent.NotStored, 'NotStored');
    assertType(await client.setIfEqual(cache, k, 'c', 'b'), ec.CacheSetIfEqual.Stored, 'Stored');
    assertType(await client.setIfEqual(cache, k, 'd', 'b'), ec.CacheSetIfEqual.NotStored, 'NotStored');
    assertType(await client.setIfNotEqual(cache, k, 'd', 'zzz'), ec.CacheSetIfNotEqual.Stored, 'Stored');
    assertType(await client.setIfNotEqual(cache, k, 'e', 'd'), ec.CacheSetIfNotEqual.NotStored, 'NotStored');
    assertType(await client.setIfPresentAndNotEqual(cache, k, 'e', 'x'), ec.CacheSetIfPresentAndNotEqual.Stored, 'Stored');
    assertType(await client.setIfAbsentOrEqual(cache, k, 'f', 'e'), ec.CacheSetIfAbsentOrEqual.Stored, 'Stored');
    assertType(await client.setIfAbsentOrEqual(cache, k, 'g', 'nope'), ec.CacheSetIfAbsentOrEqual.NotStored, 'NotStored');
    assert.equal((await client.get(cache, k)).value(), 'f');
    assertType(await client.setIfAbsent(cache, 'cond-ttl', 'x', { ttl: 3 }), ec.CacheSetIfAbsent.Stored, 'Stored');
    assert.ok((await client.itemGetTtl(cache, 'cond-ttl')).remainingTtlMillis() <= 3000);
  });

  test('getWithHash, setWithHash and the four hash-conditional sets', async () => {
    const k = 'hashed';
    assertType(await client.getWithHash(cache, k), ec.CacheGetWithHash.Miss, 'Miss');
    const h1 = assertType(await client.setWithHash(cache, k, 'v1'), ec.CacheSetWithHash.Stored, 'Stored').hashUint8Array();
    assert.ok(h1 instanceof Uint8Array && h1.length > 0);
    const hit = assertType(await client.getWithHash(cache, k), ec.CacheGetWithHash.Hit, 'Hit');
    assert.equal(hit.value(), 'v1');
    assert.deepEqual(hit.valueUint8Array(), encode('v1'));
    assert.deepEqual(hit.hashUint8Array(), h1);
    assert.equal(hit.hash(), new TextDecoder().decode(h1));
    assert.equal(hit.toString(), `Hit: value=v1, hash=${hit.hashString()}`);
    // Present and hash equal: only with the current hash.
    const stored = assertType(await client.setIfPresentAndHashEqual(cache, k, 'v2', h1), ec.CacheSetIfPresentAndHashEqual.Stored, 'Stored');
    const h2 = stored.hashUint8Array();
    assert.notDeepEqual(h2, h1);
    assertType(await client.setIfPresentAndHashEqual(cache, k, 'v3', h1), ec.CacheSetIfPresentAndHashEqual.NotStored, 'NotStored');
    assertType(await client.setIfPresentAndHashEqual(cache, 'hashed-none', 'v', h1), ec.CacheSetIfPresentAndHashEqual.NotStored, 'NotStored');
    // Present and hash not equal: a stale hash stores, the current one does not.
    const h3 = assertType(await client.setIfPresentAndHashNotEqual(cache, k, 'v3', h1), ec.CacheSetIfPresentAndHashNotEqual.Stored, 'Stored').hashUint8Array();
    assertType(await client.setIfPresentAndHashNotEqual(cache, k, 'v4', h3), ec.CacheSetIfPresentAndHashNotEqual.NotStored, 'NotStored');
    // Absent or hash equal.
    assertType(await client.setIfAbsentOrHashEqual(cache, 'hashed-new', 'a', h1), ec.CacheSetIfAbsentOrHashEqual.Stored, 'Stored');
    assertType(await client.setIfAbsentOrHashEqual(cache, k, 'v4', h1), ec.CacheSetIfAbsentOrHashEqual.NotStored, 'NotStored');
    const h4 = assertType(await client.setIfAbsentOrHashEqual(cache, k, 'v4', h3), ec.CacheSetIfAbsentOrHashEqual.Stored, 'Stored').hashUint8Array();
    // Absent or hash not equal, with a TTL.
    assertType(await client.setIfAbsentOrHashNotEqual(cache, k, 'v5', h4), ec.CacheSetIfAbsentOrHashNotEqual.NotStored, 'NotStored');
    assertType(await client.setIfAbsentOrHashNotEqual(cache, k, 'v5', h1, { ttl: 5 }), ec.CacheSetIfAbsentOrHashNotEqual.Stored, 'Stored');
    assert.ok((await client.itemGetTtl(cache, k)).remainingTtlMillis() <= 5000);
    assert.equal((await client.get(cache, k)).value(), 'v5');
    const bad = await client.setIfPresentAndHashEqual(cache, k, 'v6', 42);
    assert.equal(bad.errorCode(), E.INVALID_ARGUMENT_ERROR);
    assert.match(bad.message(), /hashEqual must be a string or a Uint8Array/);
  });

  test('getBatch and setBatch accept a record, a Map and {key, value} items', async () => {
    assertType(await client.setBatch(cache, { b1: '1', b2: '2' }), ec.CacheSetBatch.Success, 'Success');
    await client.setBatch(cache, new Map([['b3', '3']]), { ttl: 30 });
    const set = await client.setBatch(cache, [{ key: 'b4', value: encode('4') }]);
    assert.equal(set.results().length, 1);
    assert.equal(set.results()[0].type, 'Success');
    const got = assertType(await client.getBatch(cache, ['b1', 'b2', 'b3', 'b4', 'b-none']), ec.CacheGetBatch.Success, 'Success');
    assert.deepEqual(got.values(), { b1: '1', b2: '2', b3: '3', b4: '4' });
    assert.deepEqual(got.valuesRecordStringString(), got.valuesRecord());
    assert.deepEqual([...got.valuesMap().keys()], ['b1', 'b2', 'b3', 'b4']);
    assert.deepEqual(got.valuesRecordStringUint8Array().b4, encode('4'));
    assert.deepEqual(got.valuesMapStringUint8Array().get('b1'), encode('1'));
    assert.deepEqual(got.results().map((r) => r.type), ['Hit', 'Hit', 'Hit', 'Hit', 'Miss']);
    assert.ok(got.results()[0] instanceof ec.CacheGet.Hit);
    assert.ok((await client.itemGetTtl(cache, 'b3')).remainingTtlMillis() <= 30_000);
  });

  test("setBatch items with a ttl of their own, as sdk-web's SetBatchItem has, live that long", async () => {
    const set = await client.setBatch(
      cache,
      [
        { key: 'b-ttl-1', value: '1' },
        { key: 'b-ttl-2', value: '2', ttl: 5 },
        { key: 'b-ttl-3', value: '3', ttl: undefined },
      ],
      { ttl: 20 },
    );
    assert.deepEqual(set.results().map((r) => r.type), ['Success', 'Success', 'Success']);
    const remaining = async (key) => (await client.itemGetTtl(cache, key)).remainingTtlMillis();
    const [one, two, three] = [await remaining('b-ttl-1'), await remaining('b-ttl-2'), await remaining('b-ttl-3')];
    assert.ok(one > 5_000 && one <= 20_000, `the batch's ttl: ${one} ms`);
    assert.ok(two > 0 && two <= 5_000, `the item's own ttl: ${two} ms`);
    assert.ok(three > 5_000 && three <= 20_000, `an undefined ttl is none: ${three} ms`);
    const bad = await client.setBatch(cache, [{ key: 'b-ttl-4', value: '4', ttl: -1 }]);
    assert.equal(bad.errorCode(), E.INVALID_ARGUMENT_ERROR);
    assert.equal(bad.message(), 'Invalid argument: item ttl must be a positive number of seconds');
    assertType(await client.get(cache, 'b-ttl-4'), ec.CacheGet.Miss, 'Miss');
    // Elsewhere an item's ttl would be lost, so it is refused.
    const fields = await client.dictionarySetFields(cache, 'b-ttl-d', [{ key: 'f', value: 'v', ttl: 5 }]);
    assert.equal(fields.message(), 'Invalid argument: elements take no ttl per item');
  });

  test('keyExists, keysExist, itemGetType, itemGetTtl', async () => {
    await client.set(cache, 'e1', 'x');
    assert.equal(assertType(await client.keyExists(cache, 'e1'), ec.CacheKeyExists.Success, 'Success').exists(), true);
    assert.equal((await client.keyExists(cache, 'e-none')).exists(), false);
    const many = assertType(await client.keysExist(cache, ['e1', 'e-none']), ec.CacheKeysExist.Success, 'Success');
    assert.deepEqual(many.exists(), [true, false]);
    assert.deepEqual(many.valueRecord(), { e1: true, 'e-none': false });
    const type = assertType(await client.itemGetType(cache, 'e1'), ec.CacheItemGetType.Hit, 'Hit');
    assert.equal(type.itemType(), ItemType.SCALAR);
    assert.equal(ItemType[type.itemType()], 'SCALAR');
    assertType(await client.itemGetType(cache, 'e-none'), ec.CacheItemGetType.Miss, 'Miss');
    assertType(await client.itemGetTtl(cache, 'e-none'), ec.CacheItemGetTtl.Miss, 'Miss');
  });

  test('updateTtl, increaseTtl, decreaseTtl (milliseconds)', async () => {
    await client.set(cache, 't', 'x', { ttl: 10 });
    assertType(await client.updateTtl(cache, 't', 20_000), ec.CacheUpdateTtl.Set, 'Set');
    assertType(await client.increaseTtl(cache, 't', 5_000), ec.CacheIncreaseTtl.NotSet, 'NotSet');
    assertType(await client.increaseTtl(cache, 't', 40_000), ec.CacheIncreaseTtl.Set, 'Set');
    assertType(await client.decreaseTtl(cache, 't', 50_000), ec.CacheDecreaseTtl.NotSet, 'NotSet');
    assertType(await client.decreaseTtl(cache, 't', 1_000), ec.CacheDecreaseTtl.Set, 'Set');
    assert.ok((await client.itemGetTtl(cache, 't')).remainingTtlMillis() <= 1000);
    assertType(await client.updateTtl(cache, 't-none', 1_000), ec.CacheUpdateTtl.Miss, 'Miss');
    assertType(await client.increaseTtl(cache, 't-none', 1_000), ec.CacheIncreaseTtl.Miss, 'Miss');
    assert.equal((await client.updateTtl(cache, 't', 0)).errorCode(), E.INVALID_ARGUMENT_ERROR);
  });

  test('values of 1 MB and 4 MB, as Uint8Array and as string', async () => {
    for (const size of [MB, 4 * MB]) {
      const value = bytes(size, size & 0xff);
      assertType(await client.set(cache, `big-${size}`, value), ec.CacheSet.Success, 'Success');
      const hit = assertType(await client.get(cache, `big-${size}`), ec.CacheGet.Hit, 'Hit');
      assert.equal(hit.valueUint8Array().length, size);
      assert.ok(Buffer.from(hit.valueUint8Array()).equals(Buffer.from(value)), `${size}-byte value differs`);
    }
    const text = 'é'.repeat(MB / 2);
    await client.set(cache, 'big-text', text);
    assert.equal((await client.get(cache, 'big-text')).value(), text);
    const batch = await client.getBatch(cache, ['big-text', `big-${MB}`]);
    assert.equal(batch.valuesRecordStringUint8Array()[`big-${MB}`].length, MB);
  });
});

describe('dictionaries', () => {
  test('every dictionary method, with CollectionTtl', async () => {
    const d = 'dict';
    assertType(await client.dictionarySetField(cache, d, 'a', '1'), ec.CacheDictionarySetField.Success, 'Success');
    assertType(
      await client.dictionarySetFields(cache, d, new Map([['b', '2'], ['c', encode('3')]]), { ttl: CollectionTtl.of(30) }),
      ec.CacheDictionarySetFields.Success,
      'Success',
    );
    await client.dictionarySetFields(cache, d, [['e', '5']]);
    await client.dictionarySetFields(cache, d, { f: '6' });
    const field = assertType(await client.dictionaryGetField(cache, d, 'a'), ec.CacheDictionaryGetField.Hit, 'Hit');
    assert.equal(field.value(), '1');
    assert.equal(field.fieldString(), 'a');
    const missing = assertType(await client.dictionaryGetField(cache, d, 'zz'), ec.CacheDictionaryGetField.Miss, 'Miss');
    assert.equal(missing.fieldString(), 'zz');
    const some = assertType(await client.dictionaryGetFields(cache, d, ['a', 'zz', 'c']), ec.CacheDictionaryGetFields.Hit, 'Hit');
    assert.deepEqual(some.valueRecord(), { a: '1', c: '3' });
    assert.deepEqual(some.responses.map((r) => r.type), ['Hit', 'Miss', 'Hit']);
    const all = assertType(await client.dictionaryFetch(cache, d), ec.CacheDictionaryFetch.Hit, 'Hit');
    assert.deepEqual(all.valueRecord(), { a: '1', b: '2', c: '3', e: '5', f: '6' });
    assert.deepEqual(all.valueMapStringUint8Array().get('c'), encode('3'));
    const inc = assertType(await client.dictionaryIncrement(cache, d, 'n', 4), ec.CacheDictionaryIncrement.Success, 'Success');
    assert.equal(inc.value(), 4);
    assert.equal((await client.dictionaryIncrement(cache, d, 'n')).value(), 5);
    assert.equal(assertType(await client.dictionaryLength(cache, d), ec.CacheDictionaryLength.Hit, 'Hit').length(), 6);
    assertType(await client.dictionaryRemoveField(cache, d, 'a'), ec.CacheDictionaryRemoveField.Success, 'Success');
    assertType(await client.dictionaryRemoveFields(cache, d, ['b', 'c']), ec.CacheDictionaryRemoveFields.Success, 'Success');
    assert.equal((await client.dictionaryLength(cache, d)).value(), 3);
    assertType(await client.dictionaryFetch(cache, 'dict-none'), ec.CacheDictionaryFetch.Miss, 'Miss');
    assertType(await client.dictionaryLength(cache, 'dict-none'), ec.CacheDictionaryLength.Miss, 'Miss');
    assert.equal((await client.itemGetType(cache, d)).itemType(), ItemType.DICTIONARY);
    // CollectionTtl: no refresh keeps the TTL the first write gave.
    await client.dictionarySetField(cache, 'dict-ttl', 'x', '1', { ttl: CollectionTtl.of(5) });
    await client.dictionarySetField(cache, 'dict-ttl', 'y', '2', { ttl: CollectionTtl.of(50).withNoRefreshTtlOnUpdates() });
    assert.ok((await client.itemGetTtl(cache, 'dict-ttl')).remainingTtlMillis() <= 5000);
    // Collection elements are limited (128 KB on this server, as on Momento): the limit is an
    // error value, and anything under it round-trips.
    const tooBig = await client.dictionarySetField(cache, 'dict-big', 'f', bytes(MB, 9));
    assert.equal(tooBig.errorCode(), E.LIMIT_EXCEEDED_ERROR);
    const big = bytes(100 * 1024, 9);
    await client.dictionarySetField(cache, 'dict-big', 'f', big);
    assert.deepEqual(assertType(await client.dictionaryGetField(cache, 'dict-big', 'f'), ec.CacheDictionaryGetField.Hit, 'Hit').valueUint8Array(), big);
  });
});

describe('sets', () => {
  test('every set method', async () => {
    const st = 'set';
    assertType(await client.setAddElement(cache, st, 'a'), ec.CacheSetAddElement.Success, 'Success');
    assertType(await client.setAddElements(cache, st, ['b', encode('c'), 'd'], { ttl: CollectionTtl.of(30) }), ec.CacheSetAddElements.Success, 'Success');
    const all = assertType(await client.setFetch(cache, st), ec.CacheSetFetch.Hit, 'Hit');
    assert.deepEqual(all.valueSet(), new Set(['a', 'b', 'c', 'd']));
    assert.equal(assertType(await client.setContainsElement(cache, st, 'a'), ec.CacheSetContainsElement.Hit, 'Hit').containsElement(), true);
    assert.equal((await client.setContainsElement(cache, st, 'zz')).containsElement(), false);
    const some = assertType(await client.setContainsElements(cache, st, ['a', 'zz']), ec.CacheSetContainsElements.Hit, 'Hit');
    assert.deepEqual(some.containsElements(), { a: true, zz: false });
    assert.equal(assertType(await client.setSample(cache, st, 2), ec.CacheSetSample.Hit, 'Hit').valueArray().length, 2);
    assertType(await client.setRemoveElement(cache, st, 'a'), ec.CacheSetRemoveElement.Success, 'Success');
    assertType(await client.setRemoveElements(cache, st, ['b', 'zz']), ec.CacheSetRemoveElements.Success, 'Success');
    assert.equal(assertType(await client.setLength(cache, st), ec.CacheSetLength.Hit, 'Hit').length(), 2);
    const popped = assertType(await client.setPop(cache, st, 1), ec.CacheSetPop.Hit, 'Hit').valueArray();
    assert.equal(popped.length, 1);
    assert.deepEqual((await client.setFetch(cache, st)).valueArray().concat(popped).sort(), ['c', 'd']);
    assertType(await client.setFetch(cache, 'set-none'), ec.CacheSetFetch.Miss, 'Miss');
    assertType(await client.setContainsElement(cache, 'set-none', 'a'), ec.CacheSetContainsElement.Miss, 'Miss');
    assert.equal((await client.itemGetType(cache, st)).itemType(), ItemType.SET);
  });
});

describe('control plane', () => {
  test('createCache, listCaches, flushCache, deleteCache, ping', async () => {
    const name = `${cache}-control`;
    assertType(await client.createCache(name), ec.CreateCache.Success, 'Success');
    assertType(await client.createCache(name), ec.CreateCache.AlreadyExists, 'AlreadyExists');
    const list = assertType(await client.listCaches(), ec.ListCaches.Success, 'Success');
    assert.ok(list.getCaches().some((c) => c instanceof ec.CacheInfo && c.getName() === name));
    await client.set(name, 'k', 'v');
    assertType(await client.flushCache(name), ec.CacheFlush.Success, 'Success');
    assertType(await client.get(name, 'k'), ec.CacheGet.Miss, 'Miss');
    assertType(await client.deleteCache(name), ec.DeleteCache.Success, 'Success');
    const gone = assertType(await client.deleteCache(name), ec.DeleteCache.Error, 'Error');
    assert.equal(gone.errorCode(), E.NOT_FOUND_ERROR);
    assert.equal(await client.ping(), undefined);
  });

  test('cache(name) binds the data methods to one cache', async () => {
    const bound = client.cache(cache);
    await bound.set('bound', 'yes', { ttl: 10 });
    assert.equal((await bound.get('bound')).value(), 'yes');
    assert.equal((await bound.dictionarySetField('bound-d', 'f', 'v')).type, 'Success');
    assert.equal(typeof bound.createCache, 'undefined');
  });
});

describe('errors', () => {
  const sloppy = [42, null, {}, [], undefined, Symbol.iterator, () => 1, 10n];

  test('wrong argument types resolve to INVALID_ARGUMENT_ERROR values, never throw', async () => {
    const calls = [
      (x) => client.get(x, 'k'),
      (x) => client.get(cache, x),
      (x) => client.set(cache, 'k', x),
      (x) => client.set(cache, 'k', 'v', { ttl: x === undefined ? 'x' : x }),
      (x) => client.set(cache, 'k', 'v', x === undefined ? 7 : x === null ? 'opts' : { abortSignal: x }),
      (x) => client.increment(cache, 'inc-fuzz', x === undefined ? 'one' : x),
      (x) => client.setIfEqual(cache, 'k', 'v', x),
      (x) => client.getBatch(cache, x),
      (x) => client.getBatch(cache, [x]),
      (x) => client.setBatch(cache, x),
      (x) => client.setBatch(cache, [[x, 'v']]),
      (x) => client.keysExist(cache, x),
      (x) => client.updateTtl(cache, 'k', x),
      (x) => client.dictionarySetField(cache, x, 'f', 'v'),
      (x) => client.dictionarySetFields(cache, 'd', x),
      (x) => client.dictionaryGetFields(cache, 'd', x),
      (x) => client.dictionaryIncrement(cache, 'd', 'f', x === undefined ? '1' : x),
      (x) => client.createCache(x),
      (x) => client.listPushBack(cache, x, 'v'),
      (x) => client.listConcatenateFront(cache, 'l', x),
      (x) => client.listFetch(cache, 'l', { startIndex: x === undefined ? 'first' : x }),
      (x) => client.setAddElements(cache, 's', x),
      (x) => client.setSample(cache, 's', x),
      (x) => client.sortedSetPutElement(cache, 'z', 'v', x),
      (x) => client.sortedSetPutElements(cache, 'z', [['v', x]]),
      (x) => client.sortedSetFetchByRank(cache, 'z', { order: x === undefined ? 'SIDEWAYS' : x }),
      (x) => client.sortedSetFetchByScore(cache, 'z', { minScore: x === undefined ? 'low' : x }),
      (x) => client.sortedSetUnionStore(cache, 'z', [{ sortedSetName: x, weight: 1 }]),
    ];
    let checked = 0;
    for (const [i, call] of calls.entries()) {
      for (const value of sloppy) {
        const r = await call(value);
        if (r.type !== 'Error') continue; // e.g. increment's amount may be omitted (undefined)
        checked++;
        assert.equal(r.errorCode(), E.INVALID_ARGUMENT_ERROR, `call ${i} with ${String(value)}: ${r.message()}`);
        assert.ok(r.innerException() instanceof ec.InvalidArgumentError);
        assert.ok(r.innerException() instanceof SdkError);
        assert.match(r.message(), /^Invalid argument: /);
      }
    }
    assert.ok(checked >= 180, `only ${checked} bad calls answered errors`);
  });

  test('a missing cache answers NOT_FOUND_ERROR with its gRPC status', async () => {
    const r = assertType(await client.get('no-such-cache', 'k'), ec.CacheGet.Error, 'Error');
    assert.equal(r.errorCode(), E.NOT_FOUND_ERROR);
    assert.equal(r.errorCode(), E.CACHE_NOT_FOUND_ERROR);
    assert.ok(r.innerException() instanceof ec.CacheNotFoundError);
    assert.equal(r.innerException().transportDetails().grpc.code, 5);
    assert.equal(String(r), r.message());
    assert.equal(r.value(), undefined);
  });

  test('withThrowOnErrors(true) throws the SdkError instead', async () => {
    const thrower = makeClient(Configurations.Laptop.latest().withThrowOnErrors(true));
    await assert.rejects(thrower.get('no-such-cache', 'k'), (e) => e instanceof ec.CacheNotFoundError && e.errorCode() === E.NOT_FOUND_ERROR);
    await assert.rejects(thrower.set(cache, '', 'v'), ec.InvalidArgumentError);
    await assert.rejects(thrower.increment(cache, 'cond', 1), ec.FailedPreconditionError);
    assert.equal((await thrower.get(cache, 'never')).type, 'Miss');
    assert.equal(makeClient().configuration.getThrowOnErrors(), false);
  });

  test('invalid client settings throw InvalidArgumentError at construction', () => {
    assert.throws(() => makeClient(Configurations.Laptop.latest(), -1), ec.InvalidArgumentError);
    assert.throws(() => makeClient(Configurations.Laptop.latest(), 'sixty'), ec.InvalidArgumentError);
    assert.throws(() => makeClient(Configurations.Laptop.latest().withClientTimeoutMillis(0)), /timeout/);
    assert.throws(() => makeClient(Configurations.Laptop.latest().withMaxConcurrentRequests(0)), ec.InvalidArgumentError);
    assert.throws(() => new CacheClient({ configuration: {}, credentialProvider, defaultTtlSeconds: 1 }), ec.InvalidArgumentError);
    assert.throws(() => new CacheClient({ credentialProvider: 'x', defaultTtlSeconds: 1 }), ec.InvalidArgumentError);
  });
});

describe('deadlines, cancellation, construction', () => {
  // Deadlines and aborts are timed against a timer started with the call
  // (scenario/measure.mjs): never before it, and no more than SETTLE_SLACK_MS after it.
  test('a 100 ms deadline fires on time against a stalled server', async () => {
    const deadlineMs = 100;
    const quick = makeClient(Configurations.InRegion.Default.latest().withClientTimeoutMillis(deadlineMs));
    await admin.faults({ stall: true });
    try {
      const results = await Promise.all(
        [() => quick.get(cache, 'k'), () => quick.set(cache, 'k', 'v'), () => quick.dictionaryFetch(cache, 'd')].map((call) =>
          timedAgainstDeadline(call, deadlineMs),
        ),
      );
      for (const { response, ms, lateMs } of results) {
        assert.equal(response.errorCode(), E.TIMEOUT_ERROR, response.message());
        assert.ok(ms >= deadlineMs, `settled after ${ms} ms, before the deadline`);
        assert.ok(lateMs < SETTLE_SLACK_MS, `settled ${lateMs} ms after the deadline was due`);
      }
      assert.match(results[0].response.message(), /100 ms/);
    } finally {
      await admin.reset();
    }
  });

  test('abortSignal: already aborted, aborted in flight, and not an AbortSignal', async () => {
    assert.equal((await client.get(cache, 'k', { abortSignal: AbortSignal.abort() })).errorCode(), E.CANCELLED_ERROR);
    await admin.faults({ stall: true });
    try {
      const { response, ms, afterAbortMs } = await timedAgainstAbort((abortSignal) => client.get(cache, 'k', { abortSignal }), 30);
      assert.equal(response.errorCode(), E.CANCELLED_ERROR);
      assert.ok(afterAbortMs !== undefined, `settled after ${ms} ms, before the abort`);
      assert.ok(afterAbortMs < SETTLE_SLACK_MS, `settled ${afterAbortMs} ms after the abort`);
    } finally {
      await admin.reset();
    }
    assert.equal((await client.get(cache, 'k', { abortSignal: {} })).errorCode(), E.INVALID_ARGUMENT_ERROR);
    // A signal that never fires leaves the call alone.
    assert.equal((await client.get(cache, 'never', { abortSignal: new AbortController().signal })).type, 'Miss');
  });

  test('construction does no I/O: a client for a closed port builds, then its calls fail', async () => {
    const started = performance.now();
    const offline = new CacheClient({
      configuration: Configurations.Lambda.latest().withClientTimeoutMillis(2000),
      credentialProvider: CredentialProvider.forMomentoLocal({ port: 9 }),
      defaultTtlSeconds: 10,
    });
    // Building takes well under a millisecond; 50 ms is far above that and far below a
    // connection attempt, which is what this catches (port 9 refuses at once, so the call
    // below is what fails).
    assert.ok(performance.now() - started < 50);
    const r = await offline.get(cache, 'k');
    assert.equal(r.type, 'Error');
    assert.ok([E.SERVER_UNAVAILABLE, E.CONNECTION_ERROR].includes(r.errorCode()), r.errorCode());
  });

  test('CacheClient.create resolves to a working client', async () => {
    const created = await CacheClient.create({ credentialProvider, defaultTtlSeconds: 5 });
    assert.ok(created instanceof CacheClient);
    assert.equal((await created.get(cache, 'never')).type, 'Miss');
    created.close();
  });
});

describe('configurations', () => {
  // The table in the README, which the Rust presets (src/config/presets.rs) implement.
  const expected = [
    ['Laptop', Configurations.Laptop, 15_000, 100, 5000],
    ['InRegion.Default', Configurations.InRegion.Default, 1_100, 100, 5000],
    ['InRegion.LowLatency', Configurations.InRegion.LowLatency, 500, 5, 5000],
    ['Lambda', Configurations.Lambda, 1_100, 100, null],
    ['Browser', Configurations.Browser, 5_000, 100, null],
    ['Edge', Configurations.Edge, 1_100, 6, null],
  ];

  test('every preset carries the Rust values, v1 and latest', () => {
    for (const [name, Preset, timeout, cap, keepalive] of expected) {
      for (const config of [Preset.v1(), Preset.latest()]) {
        assert.ok(config instanceof Configuration, name);
        const s = config.getSettings();
        assert.equal(s.timeoutMillis, timeout, `${name} deadline`);
        assert.equal(config.getTransportStrategy().getGrpcConfig().getDeadlineMillis(), timeout, name);
        assert.equal(s.maxConcurrentRequests, cap, `${name} cap`);
        assert.equal(s.keepaliveIntervalMillis, keepalive, `${name} keepalive`);
        assert.equal(s.retryMaxAttempts, 3, `${name} retries`);
        assert.equal(s.framing, 'binary', name);
        assert.equal(config.getThrowOnErrors(), false, name);
      }
    }
  });

  test('the values come through the bindings: no preset number is typed in the JavaScript', () => {
    const source = readFileSync(new URL('../node_modules/edgecache/edgecache.js', import.meta.url), 'utf8');
    for (const literal of ['15000', '15_000', '1100', '1_100', '5000', '5_000', ' 500', '100,']) {
      assert.ok(!source.includes(literal), `edgecache.js contains ${literal}`);
    }
  });

  test('with* return adjusted copies and the client runs with them', () => {
    const base = Configurations.Edge.latest();
    const tuned = base.withClientTimeoutMillis(250).withMaxConcurrentRequests(2).withRetryMaxAttempts(0).withThrowOnErrors(true);
    assert.equal(base.getClientTimeoutMillis(), 1100);
    assert.equal(tuned.getClientTimeoutMillis(), 250);
    assert.equal(tuned.getMaxConcurrentRequests(), 2);
    assert.equal(tuned.getThrowOnErrors(), true);
    const viaTransport = base.withTransportStrategy(base.getTransportStrategy().withClientTimeoutMillis(333));
    assert.equal(viaTransport.getClientTimeoutMillis(), 333);
    const c = makeClient(tuned);
    assert.equal(c.configuration, tuned);
    const logger = Configurations.Laptop.v1(new ec.DefaultMomentoLoggerFactory(ec.DefaultMomentoLoggerLevel.ERROR));
    assert.ok(logger.getLoggerFactory() instanceof ec.DefaultMomentoLoggerFactory);
  });
});

describe('credentials and secrets', () => {
  const SECRET = 'SUPERSECRETVALUE123';
  const v1Key = Buffer.from(JSON.stringify({ api_key: SECRET, endpoint: 'cell-1.example.com' })).toString('base64');

  test('fromString parses v1 keys to the web endpoints', () => {
    for (const provider of [CredentialProvider.fromString({ apiKey: v1Key }), CredentialProvider.fromString(v1Key), CredentialProvider.fromString({ authToken: v1Key })]) {
      assert.equal(provider.getCacheEndpoint(), 'https://web.cache.cell-1.example.com');
      assert.equal(provider.getControlEndpoint(), 'https://web.control.cell-1.example.com');
      assert.equal(provider.isEndpointSecure(), true);
    }
  });

  test('the key never shows: not in inspect, JSON, String, or any error', () => {
    const provider = CredentialProvider.fromString({ apiKey: v1Key });
    for (const shown of [inspect(provider, { depth: 10, showHidden: true }), JSON.stringify(provider), String(provider)]) {
      assert.ok(!shown.includes(SECRET) && !shown.includes(v1Key), shown);
    }
    const c = new CacheClient({ configuration: Configurations.Browser.latest(), credentialProvider: provider, defaultTtlSeconds: 60 });
    assert.ok(!inspect(c, { depth: 10, showHidden: true }).includes(SECRET));
    for (const bad of [`${SECRET}!!`, Buffer.from(`[${SECRET}]`).toString('base64'), Buffer.from(JSON.stringify({ api_key: `${SECRET} x`, endpoint: 'e' })).toString('base64')]) {
      assert.throws(
        () => CredentialProvider.fromString({ apiKey: bad }),
        (e) => e instanceof ec.InvalidArgumentError && !e.message.includes(SECRET) && !inspect(e).includes(SECRET),
      );
    }
  });

  test('an authenticating server: wrong key is AUTHENTICATION_ERROR without the key, right key works, nothing is logged', async () => {
    const guarded = await startServer({ args: ['--api-key', SECRET] });
    const logged = [];
    const originals = {};
    for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
      originals[level] = console[level];
      console[level] = (...args) => logged.push(args.map(String).join(' '));
    }
    try {
      const local = CredentialProvider.forMomentoLocal({ port: guarded.port });
      const wrong = new CacheClient({ credentialProvider: local.withApiKey(`${SECRET}-wrong`), defaultTtlSeconds: 5 });
      const denied = await wrong.createCache('guarded');
      assert.equal(denied.errorCode(), E.AUTHENTICATION_ERROR);
      assert.ok(!denied.message().includes(SECRET), denied.message());
      const right = new CacheClient({ credentialProvider: local.withApiKey(SECRET), defaultTtlSeconds: 5 });
      assert.equal((await right.createCache('guarded')).type, 'Success');
      assert.equal((await right.set('guarded', 'k', 'v')).type, 'Success');
    } finally {
      Object.assign(console, originals);
      await guarded.stop();
    }
    assert.deepEqual(logged, []);
  });

  test('forMomentoLocal defaults to http://127.0.0.1:8080; endpointOverrides; environment variables', () => {
    const local = CredentialProvider.forMomentoLocal();
    assert.equal(local.getCacheEndpoint(), 'http://127.0.0.1:8080');
    assert.equal(local.isCacheEndpointSecure(), false);
    assert.equal(CredentialProvider.forMomentoLocal({ hostname: 'localhost', port: 9000 }).getControlEndpoint(), 'http://localhost:9000');
    const overridden = CredentialProvider.forMomentoLocal({ endpointOverrides: { cacheEndpoint: '127.0.0.1:1234', secureConnection: false } });
    assert.equal(overridden.getCacheEndpoint(), 'http://127.0.0.1:1234');
    const based = CredentialProvider.fromString({ apiKey: v1Key, endpointOverrides: { baseEndpoint: 'other.example' } });
    assert.equal(based.getCacheEndpoint(), 'https://web.cache.other.example');
    assert.throws(() => CredentialProvider.forMomentoLocal({ port: 70000 }), ec.InvalidArgumentError);
    process.env.EDGECACHE_JS_TEST_KEY = v1Key;
    try {
      assert.equal(CredentialProvider.fromEnvironmentVariable('EDGECACHE_JS_TEST_KEY').getCacheEndpoint(), 'https://web.cache.cell-1.example.com');
      assert.equal(CredentialProvider.fromEnvVar({ environmentVariableName: 'EDGECACHE_JS_TEST_KEY' }).getControlEndpoint(), 'https://web.control.cell-1.example.com');
    } finally {
      delete process.env.EDGECACHE_JS_TEST_KEY;
    }
    assert.throws(() => CredentialProvider.fromEnvironmentVariable('EDGECACHE_JS_TEST_KEY'), /EDGECACHE_JS_TEST_KEY is not set/);
    assert.throws(() => CredentialProvider.fromApiKeyV2({ apiKey: v1Key, endpoint: 'e.example' }), /not a v2 key/);
  });
});

describe('names', () => {
  test('the official response-type enums and error codes', () => {
    assert.equal(ec.CacheGetResponse.Hit, 'Hit');
    assert.equal(ec.CacheSetIfAbsentResponse.NotStored, 'NotStored');
    assert.equal(ec.CreateCacheResponse.AlreadyExists, 'AlreadyExists');
    assert.equal(ec.CacheDictionaryFetchResponse.Miss, 'Miss');
    assert.equal(E.TIMEOUT_ERROR, 'TIMEOUT_ERROR');
    assert.equal(E.CACHE_ALREADY_EXISTS_ERROR, 'ALREADY_EXISTS_ERROR');
    assert.equal(Object.isFrozen(E), true);
  });

  test('every runtime export is declared in edgecache.d.ts, and every declared value exists', () => {
    const dts = readFileSync(new URL('../node_modules/edgecache/edgecache.d.ts', import.meta.url), 'utf8');
    const declared = new Set([...dts.matchAll(/^export declare (?:class|const|function|namespace) (\w+)/gm)].map((m) => m[1]));
    const exported = new Set(Object.keys(ec));
    assert.deepEqual([...exported].filter((n) => !declared.has(n)), [], 'exported but not declared');
    assert.deepEqual([...declared].filter((n) => !exported.has(n)), [], 'declared but not exported');
    assert.ok(!/\bany\b/.test(dts.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')), 'edgecache.d.ts mentions any');
  });
});
