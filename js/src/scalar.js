// The scalar family's responses (`getWithHash`, `setIf*`, batches, TTLs, ...), as
// `@gomomento/sdk-web` names them, with their `...Response` enums and `ItemType`.
import { M, P, S, counter, hitValue, namespace, shorten, stored, text, toResponse, typesOf } from './responses.js';

function hitsOf(response) {
  const hits = [];
  response._results.forEach((result, i) => {
    if (result.type === 'Hit') hits.push([text(response._keys[i]), result.valueUint8Array()]);
  });
  return hits;
}

export const CacheGet = namespace('CacheGet', { Hit: [P, ['value'], hitValue], Miss: [M] }, ['value']);
export const CacheSet = namespace('CacheSet', { Success: [S] });
export const CacheDelete = namespace('CacheDelete', { Success: [S] });
export const CacheIncrement = namespace('CacheIncrement', { Success: counter }, ['value']);
export const CacheSetIfNotExists = namespace('CacheSetIfNotExists', stored);
export const CacheSetIfAbsent = namespace('CacheSetIfAbsent', stored);
export const CacheSetIfPresent = namespace('CacheSetIfPresent', stored);
export const CacheSetIfEqual = namespace('CacheSetIfEqual', stored);
export const CacheSetIfNotEqual = namespace('CacheSetIfNotEqual', stored);
export const CacheSetIfPresentAndNotEqual = namespace('CacheSetIfPresentAndNotEqual', stored);
export const CacheSetIfAbsentOrEqual = namespace('CacheSetIfAbsentOrEqual', stored);
export const CacheGetBatch = namespace(
  'CacheGetBatch',
  {
    Success: [
      S,
      ['results', 'keys'],
      {
        results() {
          return this._results;
        },
        values() {
          return this.valuesRecordStringString();
        },
        valuesRecord() {
          return this.valuesRecordStringString();
        },
        valuesRecordStringString() {
          return Object.fromEntries(hitsOf(this).map(([k, v]) => [k, text(v)]));
        },
        valuesRecordStringUint8Array() {
          return Object.fromEntries(hitsOf(this));
        },
        valuesMap() {
          return this.valuesMapStringString();
        },
        valuesMapStringString() {
          return new Map(hitsOf(this).map(([k, v]) => [k, text(v)]));
        },
        valuesMapStringUint8Array() {
          return new Map(hitsOf(this));
        },
      },
      (raw) => [raw.results.map((r) => toResponse(CacheGet, r)), raw.keys],
    ],
  },
  ['values'],
);
export const CacheSetBatch = namespace('CacheSetBatch', {
  Success: [
    S,
    ['results'],
    {
      results() {
        return this._results;
      },
    },
    (raw) => [raw.results.map((r) => toResponse(CacheSet, r))],
  ],
});
export const CacheKeyExists = namespace(
  'CacheKeyExists',
  {
    Success: [
      S,
      ['exists'],
      {
        exists() {
          return this._exists[0] === true;
        },
      },
    ],
  },
  ['exists'],
);
export const CacheKeysExist = namespace(
  'CacheKeysExist',
  {
    Success: [
      S,
      ['keys', 'exists'],
      {
        exists() {
          return this._exists;
        },
        valueRecord() {
          return Object.fromEntries(this._keys.map((k, i) => [text(k), this._exists[i]]));
        },
      },
    ],
  },
  ['exists'],
);
export const CacheItemGetType = namespace(
  'CacheItemGetType',
  {
    Hit: [
      P,
      ['itemType'],
      {
        itemType() {
          return this._itemType;
        },
      },
    ],
    Miss: [M],
  },
  ['itemType'],
);
export const CacheItemGetTtl = namespace(
  'CacheItemGetTtl',
  {
    Hit: [
      P,
      ['remainingTtlMillis'],
      {
        remainingTtlMillis() {
          return this._remainingTtlMillis;
        },
      },
    ],
    Miss: [M],
  },
  ['remainingTtlMillis'],
);
export const CacheUpdateTtl = namespace('CacheUpdateTtl', { Set: [P], Miss: [M] });
export const CacheIncreaseTtl = namespace('CacheIncreaseTtl', { Set: [P], NotSet: [P], Miss: [M] });
export const CacheDecreaseTtl = namespace('CacheDecreaseTtl', { Set: [P], NotSet: [P], Miss: [M] });

/** A stored value's hash, as sent by the server: opaque bytes. */
const hashOf = {
  hashString() {
    return text(this._hash);
  },
  hashUint8Array() {
    return this._hash;
  },
};
const storedWithHash = { Stored: [P, ['hash'], hashOf], NotStored: [P] };
export const CacheGetWithHash = namespace(
  'CacheGetWithHash',
  {
    Hit: [
      P,
      ['value', 'hash'],
      {
        ...hitValue,
        ...hashOf,
        hash() {
          return text(this._hash);
        },
        toString() {
          return `Hit: value=${shorten(this.valueString())}, hash=${shorten(this.hashString())}`;
        },
      },
    ],
    Miss: [M],
  },
  ['value', 'hash'],
);
export const CacheSetWithHash = namespace('CacheSetWithHash', storedWithHash);
export const CacheSetIfPresentAndHashEqual = namespace('CacheSetIfPresentAndHashEqual', storedWithHash);
export const CacheSetIfPresentAndHashNotEqual = namespace('CacheSetIfPresentAndHashNotEqual', storedWithHash);
export const CacheSetIfAbsentOrHashEqual = namespace('CacheSetIfAbsentOrHashEqual', storedWithHash);
export const CacheSetIfAbsentOrHashNotEqual = namespace('CacheSetIfAbsentOrHashNotEqual', storedWithHash);

/** The kinds of item `itemGetType` reports (a numeric enum with reverse names). */
export const ItemType = Object.freeze(
  Object.fromEntries(
    ['SCALAR', 'DICTIONARY', 'LIST', 'SET', 'SORTED_SET'].flatMap((name, i) => [
      [name, i],
      [i, name],
    ]),
  ),
);

export const CacheGetResponse = typesOf(CacheGet);
export const CacheSetResponse = typesOf(CacheSet);
export const CacheDeleteResponse = typesOf(CacheDelete);
export const CacheIncrementResponse = typesOf(CacheIncrement);
export const CacheSetIfNotExistsResponse = typesOf(CacheSetIfNotExists);
export const CacheSetIfAbsentResponse = typesOf(CacheSetIfAbsent);
export const CacheSetIfPresentResponse = typesOf(CacheSetIfPresent);
export const CacheSetIfEqualResponse = typesOf(CacheSetIfEqual);
export const CacheSetIfNotEqualResponse = typesOf(CacheSetIfNotEqual);
export const CacheSetIfPresentAndNotEqualResponse = typesOf(CacheSetIfPresentAndNotEqual);
export const CacheSetIfAbsentOrEqualResponse = typesOf(CacheSetIfAbsentOrEqual);
export const CacheGetBatchResponse = typesOf(CacheGetBatch);
export const CacheSetBatchResponse = typesOf(CacheSetBatch);
export const CacheKeyExistsResponse = typesOf(CacheKeyExists);
export const CacheKeysExistResponse = typesOf(CacheKeysExist);
export const CacheItemGetTypeResponse = typesOf(CacheItemGetType);
export const CacheItemGetTtlResponse = typesOf(CacheItemGetTtl);
export const CacheUpdateTtlResponse = typesOf(CacheUpdateTtl);
export const CacheIncreaseTtlResponse = typesOf(CacheIncreaseTtl);
export const CacheDecreaseTtlResponse = typesOf(CacheDecreaseTtl);
export const CacheGetWithHashResponse = typesOf(CacheGetWithHash);
export const CacheSetWithHashResponse = typesOf(CacheSetWithHash);
export const CacheSetIfPresentAndHashEqualResponse = typesOf(CacheSetIfPresentAndHashEqual);
export const CacheSetIfPresentAndHashNotEqualResponse = typesOf(CacheSetIfPresentAndHashNotEqual);
export const CacheSetIfAbsentOrHashEqualResponse = typesOf(CacheSetIfAbsentOrHashEqual);
export const CacheSetIfAbsentOrHashNotEqualResponse = typesOf(CacheSetIfAbsentOrHashNotEqual);
