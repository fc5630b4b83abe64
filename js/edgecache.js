// edgecache for JavaScript: a drop-in for `@gomomento/sdk-web` on a Rust core compiled to
// WebAssembly. This file is the whole hand-written layer: it turns the Rust exports
// (`WasmCacheClient.invoke`, `WasmCredentials`, `preset`; see src/js/) into the official
// SDK's names: `CacheClient`, `Configurations`, `CredentialProvider`, the `CacheGet.Hit`-style
// response classes and the `SdkError` family. It holds no protocol logic and no preset
// numbers; every check of an argument happens in Rust and comes back as an error value.
//
// Nothing here touches the network, a timer or the wasm module at import time. The runtime
// entry points (node.js, browser.js, workerd.js, edge-light.js) initialise the module; the
// `edgecache/core` entry leaves that to `init()` / `initSync()`.

import initWasm, {
  initSync as initWasmSync,
  preset,
  WasmCacheClient,
  WasmCredentials,
} from './edgecache_wasm.js';

// ---------------------------------------------------------------- initialisation

let ready = false;
let initializing;

/**
 * Initialises the WebAssembly module from a compiled `WebAssembly.Module`, its bytes, a
 * `Response`, a URL, or a promise of one of these (default: the `.wasm` beside this file).
 */
export async function init(source) {
  if (ready) return;
  initializing ??= initWasm(source === undefined ? undefined : { module_or_path: source }).then(
    () => {
      ready = true;
    },
    (error) => {
      initializing = undefined;
      throw error;
    },
  );
  await initializing;
}

/** Initialises the module synchronously from a compiled `WebAssembly.Module` (or its bytes). */
export function initSync(module) {
  if (ready) return;
  // A module compiled in another realm (Vercel's edge runtime binds modules the host compiled
  // into the function's VM) is a real module but fails the glue's `instanceof`: adopt it.
  if (
    !(module instanceof WebAssembly.Module) &&
    Object.prototype.toString.call(module) === '[object WebAssembly.Module]'
  ) {
    Object.setPrototypeOf(module, WebAssembly.Module.prototype);
  }
  initWasmSync({ module });
  ready = true;
}

/**
 * Bytes of WebAssembly memory the package runs in (its `memory.buffer.byteLength`), for
 * monitoring memory use; it grows in 64 KiB pages and never shrinks.
 */
export function wasmMemoryBytes() {
  requireReady();
  // Once the module is set up, the glue's initSync hands back its live exports.
  return initWasmSync().memory.buffer.byteLength;
}

function requireReady() {
  if (!ready) {
    throw new Error(
      'edgecache: the WebAssembly module is not initialised; import "edgecache" (which does it), ' +
        'or call init() / initSync() from "edgecache/core" first',
    );
  }
}

// ---------------------------------------------------------------- errors

// [class, code, what the code means]. The first class listed for a code is the one raised.
const ERROR_TABLE = [
  ['InvalidArgumentError', 'INVALID_ARGUMENT_ERROR', 'Invalid argument'],
  ['UnknownServiceError', 'UNKNOWN_SERVICE_ERROR', 'The service sent an answer this client does not understand'],
  ['CacheAlreadyExistsError', 'ALREADY_EXISTS_ERROR', 'A cache with this name already exists'],
  ['StoreAlreadyExistsError', 'ALREADY_EXISTS_ERROR', 'A store with this name already exists'],
  ['CacheNotFoundError', 'NOT_FOUND_ERROR', 'The cache does not exist; create it first'],
  ['StoreNotFoundError', 'STORE_NOT_FOUND_ERROR', 'The store does not exist'],
  ['StoreItemNotFoundError', 'STORE_ITEM_NOT_FOUND_ERROR', 'The item does not exist'],
  ['FunctionNotFoundError', 'FUNCTION_NOT_FOUND_ERROR', 'The function does not exist'],
  ['InternalServerError', 'INTERNAL_SERVER_ERROR', 'The service failed unexpectedly'],
  ['PermissionError', 'PERMISSION_ERROR', 'The credential lacks a permission this call needs'],
  ['AuthenticationError', 'AUTHENTICATION_ERROR', 'The credential was rejected'],
  ['CancelledError', 'CANCELLED_ERROR', 'The call was cancelled'],
  ['ConnectionError', 'CONNECTION_ERROR', 'No connection could be made'],
  ['LimitExceededError', 'LIMIT_EXCEEDED_ERROR', 'A limit was exceeded'],
  ['BadRequestError', 'BAD_REQUEST_ERROR', 'The request was malformed or not supported'],
  ['TimeoutError', 'TIMEOUT_ERROR', "The call did not finish within the configuration's deadline"],
  ['ServerUnavailableError', 'SERVER_UNAVAILABLE', 'The service could not be reached; retrying may help'],
  ['ClientResourceExhaustedError', 'CLIENT_RESOURCE_EXHAUSTED', 'A client resource ran out'],
  ['FailedPreconditionError', 'FAILED_PRECONDITION_ERROR', 'The item is not in the state this call needs'],
  ['UnknownError', 'UNKNOWN_ERROR', 'Unknown error'],
];

/** The base of every error the client reports (inside an `Error` response, or thrown). */
export class SdkError extends Error {
  constructor(message, code = 0, metadata = undefined, stack = undefined) {
    super(message);
    this._transportDetails = { grpc: { code, details: message, metadata } };
    if (stack !== undefined) this.stack = stack;
  }
  wrappedErrorMessage() {
    return `${this._messageWrapper}: ${this.message}`;
  }
  errorCode() {
    return this._errorCode;
  }
  transportDetails() {
    return this._transportDetails;
  }
}

const ERRORS = {};
const ERROR_FOR_CODE = {};
const codes = {};
for (const [name, code, wrapper] of ERROR_TABLE) {
  const ErrorClass = { [name]: class extends SdkError {} }[name];
  Object.assign(ErrorClass.prototype, { name, _errorCode: code, _messageWrapper: wrapper });
  ERRORS[name] = ErrorClass;
  ERROR_FOR_CODE[code] ??= ErrorClass;
  codes[code] = code;
}

export const {
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
} = ERRORS;

/** Every error code, as the official SDKs spell it (with their aliases). */
export const MomentoErrorCode = Object.freeze({
  ...codes,
  CACHE_ALREADY_EXISTS_ERROR: codes.ALREADY_EXISTS_ERROR,
  STORE_ALREADY_EXISTS_ERROR: codes.ALREADY_EXISTS_ERROR,
  CACHE_NOT_FOUND_ERROR: codes.NOT_FOUND_ERROR,
});

function sdkError({ code, message, grpcCode }) {
  const ErrorClass = ERROR_FOR_CODE[code] ?? UnknownError;
  return new ErrorClass(String(message), grpcCode ?? 0);
}

/** Runs a Rust export that throws `{type: "Error", code, message}`, rethrowing an SdkError. */
function rethrow(fn) {
  requireReady();
  try {
    return fn();
  } catch (e) {
    throw e?.type === 'Error' ? sdkError(e) : e;
  }
}

const errorValue = (code, message) => ({ type: 'Error', code, message });

// ---------------------------------------------------------------- responses

class ResponseBase {
  toString() {
    return this.constructor.name;
  }
}
class SuccessBase extends ResponseBase {
  constructor() {
    super();
    this.is_success = true;
  }
}
class MissBase extends ResponseBase {
  constructor() {
    super();
    this.is_miss = true;
  }
}
class ErrorBase extends ResponseBase {
  constructor(innerException) {
    super();
    this._innerException = innerException;
  }
  message() {
    return this._innerException.wrappedErrorMessage();
  }
  innerException() {
    return this._innerException;
  }
  errorCode() {
    return this._innerException.errorCode();
  }
  toString() {
    return this.message();
  }
}

const decoder = new TextDecoder();
const text = (bytes) => decoder.decode(bytes);
const shorten = (s) => (s.length > 32 ? `${s.slice(0, 32)}...` : s);

/**
 * One response namespace, such as `CacheGet`: a class per variant, plus `Error`. `variants`
 * maps each type to `[base, fields, methods, convert]`: the constructor takes `fields` in
 * order and keeps each as `_field`; a raw object from Rust supplies them by name, or through
 * `convert(raw)` when they need converting. `absent` names accessors every other variant
 * answers with `undefined`.
 */
function namespace(variants, absent = []) {
  const ns = {};
  const none = Object.fromEntries(absent.map((name) => [name, () => undefined]));
  for (const [type, [Base, names = [], methods = none, convert]] of Object.entries({
    ...variants,
    Error: [ErrorBase, [], none],
  })) {
    const Variant = {
      [type]: class extends Base {
        constructor(...args) {
          super(...(Base === ErrorBase ? args : []));
          names.forEach((name, i) => {
            this[`_${name}`] = args[i];
          });
          this.type = type;
        }
      },
    }[type];
    Object.assign(Variant.prototype, methods);
    Variant.fromRaw = (raw) => new Variant(...(convert ? convert(raw) : names.map((name) => raw[name])));
    ns[type] = Variant;
  }
  return Object.freeze(ns);
}

/** The response of namespace `ns` for a raw `{type, ...}` from Rust. */
function toResponse(ns, raw) {
  const Variant = raw?.type !== 'Error' && Object.hasOwn(ns, raw?.type) ? ns[raw.type] : undefined;
  if (Variant) return Variant.fromRaw(raw);
  const error = raw?.type === 'Error' ? raw : errorValue('UNKNOWN_ERROR', `unexpected answer ${raw?.type}`);
  return new ns.Error(sdkError(error));
}

/** The `{type: "Hit" | ...}` values of a namespace, like the official SDKs' enums. */
const typesOf = (ns) => Object.freeze(Object.fromEntries(Object.keys(ns).map((t) => [t, t])));

const S = SuccessBase;
const M = MissBase;
const P = ResponseBase;

const hitValue = {
  value() {
    return text(this._value);
  },
  valueString() {
    return text(this._value);
  },
  valueUint8Array() {
    return this._value;
  },
  toString() {
    return `Hit: ${shorten(this.valueString())}`;
  },
};
const stored = { Stored: [P], NotStored: [P] };

function hitsOf(response) {
  const hits = [];
  response._results.forEach((result, i) => {
    if (result.type === 'Hit') hits.push([text(response._keys[i]), result.valueUint8Array()]);
  });
  return hits;
}

export const CacheGet = namespace({ Hit: [P, ['value'], hitValue], Miss: [M] }, ['value']);
export const CacheSet = namespace({ Success: [S] });
export const CacheDelete = namespace({ Success: [S] });
const counter = [
  S,
  ['value'],
  {
    value() {
      return this._value;
    },
    valueNumber() {
      return this._value;
    },
    toString() {
      return `Success: value: ${this._value}`;
    },
  },
];
export const CacheIncrement = namespace({ Success: counter }, ['value']);
export const CacheSetIfNotExists = namespace(stored);
export const CacheSetIfAbsent = namespace(stored);
export const CacheSetIfPresent = namespace(stored);
export const CacheSetIfEqual = namespace(stored);
export const CacheSetIfNotEqual = namespace(stored);
export const CacheSetIfPresentAndNotEqual = namespace(stored);
export const CacheSetIfAbsentOrEqual = namespace(stored);
export const CacheGetBatch = namespace(
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
export const CacheSetBatch = namespace({
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
export const CacheUpdateTtl = namespace({ Set: [P], Miss: [M] });
export const CacheIncreaseTtl = namespace({ Set: [P], NotSet: [P], Miss: [M] });
export const CacheDecreaseTtl = namespace({ Set: [P], NotSet: [P], Miss: [M] });
export const CreateCache = namespace({ Success: [S], AlreadyExists: [P] });
export const DeleteCache = namespace({ Success: [S] });
export const CacheFlush = namespace({ Success: [S] });
export const ListCaches = namespace({
  Success: [
    S,
    ['caches'],
    {
      getCaches() {
        return this._caches;
      },
      toString() {
        return `Success: ${this._caches.map((c) => c.getName()).join(', ')}`;
      },
    },
    (raw) => [raw.caches.map((name) => new CacheInfo(name))],
  ],
});

const pairsToEntries = (items, decode) => items.map(([k, v]) => [text(k), decode(v)]);
const same = (v) => v;
const dictionaryValues = {
  value() {
    return this.valueRecordStringString();
  },
  valueRecord() {
    return this.valueRecordStringString();
  },
  valueRecordStringString() {
    return Object.fromEntries(pairsToEntries(this._pairs(), text));
  },
  valueRecordStringUint8Array() {
    return Object.fromEntries(pairsToEntries(this._pairs(), same));
  },
  valueMap() {
    return this.valueMapStringString();
  },
  valueMapStringString() {
    return new Map(pairsToEntries(this._pairs(), text));
  },
  valueMapStringUint8Array() {
    return new Map(pairsToEntries(this._pairs(), same));
  },
};
const fieldAccessors = {
  fieldString() {
    return text(this._field);
  },
  fieldUint8Array() {
    return this._field;
  },
};

export const CacheDictionaryFetch = namespace(
  {
    Hit: [
      P,
      ['items'],
      {
        ...dictionaryValues,
        _pairs() {
          return this._items;
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheDictionaryGetField = namespace(
  {
    Hit: [P, ['value', 'field'], { ...hitValue, ...fieldAccessors }],
    Miss: [M, ['field'], { ...fieldAccessors, value: () => undefined }],
  },
  ['value'],
);
export const CacheDictionaryGetFields = namespace(
  {
    Hit: [
      P,
      ['fields', 'responses'],
      {
        ...dictionaryValues,
        _pairs() {
          return this._responses.flatMap((r) => (r.type === 'Hit' ? [[r.fieldUint8Array(), r.valueUint8Array()]] : []));
        },
      },
      (raw) => [raw.fields, raw.responses.map((r, i) => toResponse(CacheDictionaryGetField, { ...r, field: raw.fields[i] }))],
    ],
    Miss: [M],
  },
  ['value'],
);
/** One answer per requested field, in request order. */
Object.defineProperty(CacheDictionaryGetFields.Hit.prototype, 'responses', {
  get() {
    return this._responses;
  },
});
export const CacheDictionarySetField = namespace({ Success: [S] });
export const CacheDictionarySetFields = namespace({ Success: [S] });
export const CacheDictionaryIncrement = namespace({ Success: counter }, ['value']);
export const CacheDictionaryRemoveField = namespace({ Success: [S] });
export const CacheDictionaryRemoveFields = namespace({ Success: [S] });
export const CacheDictionaryLength = namespace(
  {
    Hit: [
      P,
      ['length'],
      {
        length() {
          return this._length;
        },
        value() {
          return this._length;
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);

const valuesList = {
  valueListUint8Array() {
    return this._values;
  },
  valueListString() {
    return this._values.map(text);
  },
  valueList() {
    return this.valueListString();
  },
  value() {
    return this.valueListString();
  },
};
const lengthOf = {
  length() {
    return this._length;
  },
};
const listLength = [
  S,
  ['listLength'],
  {
    listLength() {
      return this._listLength;
    },
  },
];
const elementsSet = {
  valueArrayUint8Array() {
    return this._elements;
  },
  valueArrayString() {
    return this._elements.map(text);
  },
  valueArray() {
    return this.valueArrayString();
  },
  value() {
    return this.valueArrayString();
  },
  valueSetUint8Array() {
    return new Set(this._elements);
  },
  valueSetString() {
    return new Set(this.valueArrayString());
  },
  valueSet() {
    return this.valueSetString();
  },
};
const elementsHit = { Hit: [P, ['elements'], elementsSet], Miss: [M] };
const lengthHit = { Hit: [P, ['length'], lengthOf], Miss: [M] };
const success = { Success: [S] };

export const CacheListFetch = namespace({ Hit: [P, ['values'], valuesList], Miss: [M] }, ['value']);
export const CacheListLength = namespace(
  {
    Hit: [
      P,
      ['length'],
      {
        ...lengthOf,
        value() {
          return this._length;
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheListPushBack = namespace({ Success: listLength });
export const CacheListPushFront = namespace({ Success: listLength });
export const CacheListConcatenateBack = namespace({ Success: listLength });
export const CacheListConcatenateFront = namespace({ Success: listLength });
export const CacheListPopBack = namespace({ Hit: [P, ['value'], hitValue], Miss: [M] }, ['value']);
export const CacheListPopFront = namespace({ Hit: [P, ['value'], hitValue], Miss: [M] }, ['value']);
export const CacheListRemoveValue = namespace(success);
export const CacheListRetain = namespace(success);

export const CacheSetAddElement = namespace(success);
export const CacheSetAddElements = namespace(success);
export const CacheSetRemoveElement = namespace(success);
export const CacheSetRemoveElements = namespace(success);
export const CacheSetFetch = namespace(elementsHit, ['value']);
export const CacheSetSample = namespace(elementsHit, ['value']);
export const CacheSetPop = namespace(elementsHit, ['value']);
export const CacheSetLength = namespace(lengthHit, ['length']);
export const CacheSetContainsElement = namespace(
  {
    Hit: [
      P,
      ['containsElement'],
      {
        containsElement() {
          return this._containsElement;
        },
      },
    ],
    Miss: [M],
  },
  ['containsElement'],
);
export const CacheSetContainsElements = namespace(
  {
    Hit: [
      P,
      ['elements', 'contains'],
      {
        containsElements() {
          return Object.fromEntries(this._elements.map((e, i) => [text(e), this._contains[i]]));
        },
      },
    ],
    Miss: [M],
  },
  ['containsElements'],
);

const scoredText = (elements) => elements.map(({ value, score }) => ({ value: text(value), score }));
export const CacheSortedSetFetch = namespace(
  {
    Hit: [
      P,
      ['elements'],
      {
        valueArrayUint8Elements() {
          return this._elements;
        },
        valueArrayStringElements() {
          return scoredText(this._elements);
        },
        valueArray() {
          return scoredText(this._elements);
        },
        value() {
          return scoredText(this._elements);
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheSortedSetGetRank = namespace(
  {
    Hit: [
      P,
      ['rank'],
      {
        rank() {
          return this._rank;
        },
      },
    ],
    Miss: [M],
  },
  ['rank'],
);
const scoredValue = {
  valueString() {
    return text(this._value);
  },
  valueUint8Array() {
    return this._value;
  },
};
export const CacheSortedSetGetScore = namespace(
  {
    Hit: [
      P,
      ['score', 'value'],
      {
        ...scoredValue,
        score() {
          return this._score;
        },
      },
    ],
    Miss: [M, ['value'], { ...scoredValue, score: () => undefined }],
  },
  ['score'],
);
const scoresOf = (response) =>
  response._responses.flatMap((r) => (r.type === 'Hit' ? [[r.valueString(), r.score()]] : []));
export const CacheSortedSetGetScores = namespace(
  {
    Hit: [
      P,
      ['values', 'responses'],
      {
        responses() {
          return this._responses;
        },
        valueMapString() {
          return new Map(scoresOf(this));
        },
        valueMap() {
          return new Map(scoresOf(this));
        },
        valueRecordString() {
          return Object.fromEntries(scoresOf(this));
        },
        valueRecord() {
          return Object.fromEntries(scoresOf(this));
        },
        value() {
          return Object.fromEntries(scoresOf(this));
        },
      },
      (raw) => [raw.values, raw.responses.map((r, i) => toResponse(CacheSortedSetGetScore, { ...r, value: raw.values[i] }))],
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheSortedSetIncrementScore = namespace(
  {
    Success: [
      S,
      ['score'],
      {
        score() {
          return this._score;
        },
      },
    ],
  },
  ['score'],
);
export const CacheSortedSetPutElement = namespace(success);
export const CacheSortedSetPutElements = namespace(success);
export const CacheSortedSetRemoveElement = namespace(success);
export const CacheSortedSetRemoveElements = namespace(success);
export const CacheSortedSetLength = namespace(lengthHit, ['length']);
export const CacheSortedSetLengthByScore = namespace(lengthHit, ['length']);
export const CacheSortedSetUnionStore = namespace({ Success: [S, ['length'], lengthOf] });

/** The order of sorted-set reads. */
export const SortedSetOrder = Object.freeze({ Ascending: 'ASC', Descending: 'DESC' });
/** How `sortedSetUnionStore` combines the scores of an element found in several sources. */
export const SortedSetAggregate = Object.freeze({ SUM: 0, MIN: 1, MAX: 2, 0: 'SUM', 1: 'MIN', 2: 'MAX' });

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
export const CreateCacheResponse = typesOf(CreateCache);
export const DeleteCacheResponse = typesOf(DeleteCache);
export const FlushCacheResponse = typesOf(CacheFlush);
export const ListCachesResponse = typesOf(ListCaches);
export const CacheDictionaryFetchResponse = typesOf(CacheDictionaryFetch);
export const CacheDictionaryGetFieldResponse = typesOf(CacheDictionaryGetField);
export const CacheDictionaryGetFieldsResponse = typesOf(CacheDictionaryGetFields);
export const CacheDictionarySetFieldResponse = typesOf(CacheDictionarySetField);
export const CacheDictionarySetFieldsResponse = typesOf(CacheDictionarySetFields);
export const CacheDictionaryIncrementResponse = typesOf(CacheDictionaryIncrement);
export const CacheDictionaryRemoveFieldResponse = typesOf(CacheDictionaryRemoveField);
export const CacheDictionaryRemoveFieldsResponse = typesOf(CacheDictionaryRemoveFields);
export const CacheDictionaryLengthResponse = typesOf(CacheDictionaryLength);
export const CacheListFetchResponse = typesOf(CacheListFetch);
export const CacheListLengthResponse = typesOf(CacheListLength);
export const CacheListPushBackResponse = typesOf(CacheListPushBack);
export const CacheListPushFrontResponse = typesOf(CacheListPushFront);
export const CacheListConcatenateBackResponse = typesOf(CacheListConcatenateBack);
export const CacheListConcatenateFrontResponse = typesOf(CacheListConcatenateFront);
export const CacheListPopBackResponse = typesOf(CacheListPopBack);
export const CacheListPopFrontResponse = typesOf(CacheListPopFront);
export const CacheListRemoveValueResponse = typesOf(CacheListRemoveValue);
export const CacheListRetainResponse = typesOf(CacheListRetain);
export const CacheSetAddElementResponse = typesOf(CacheSetAddElement);
export const CacheSetAddElementsResponse = typesOf(CacheSetAddElements);
export const CacheSetRemoveElementResponse = typesOf(CacheSetRemoveElement);
export const CacheSetRemoveElementsResponse = typesOf(CacheSetRemoveElements);
export const CacheSetFetchResponse = typesOf(CacheSetFetch);
export const CacheSetSampleResponse = typesOf(CacheSetSample);
export const CacheSetPopResponse = typesOf(CacheSetPop);
export const CacheSetLengthResponse = typesOf(CacheSetLength);
export const CacheSetContainsElementResponse = typesOf(CacheSetContainsElement);
export const CacheSetContainsElementsResponse = typesOf(CacheSetContainsElements);
export const CacheSortedSetFetchResponse = typesOf(CacheSortedSetFetch);
export const CacheSortedSetGetRankResponse = typesOf(CacheSortedSetGetRank);
export const CacheSortedSetGetScoreResponse = typesOf(CacheSortedSetGetScore);
export const CacheSortedSetGetScoresResponse = typesOf(CacheSortedSetGetScores);
export const CacheSortedSetIncrementScoreResponse = typesOf(CacheSortedSetIncrementScore);
export const CacheSortedSetPutElementResponse = typesOf(CacheSortedSetPutElement);
export const CacheSortedSetPutElementsResponse = typesOf(CacheSortedSetPutElements);
export const CacheSortedSetRemoveElementResponse = typesOf(CacheSortedSetRemoveElement);
export const CacheSortedSetRemoveElementsResponse = typesOf(CacheSortedSetRemoveElements);
export const CacheSortedSetLengthResponse = typesOf(CacheSortedSetLength);
export const CacheSortedSetLengthByScoreResponse = typesOf(CacheSortedSetLengthByScore);
export const CacheSortedSetUnionStoreResponse = typesOf(CacheSortedSetUnionStore);

/** One cache in a `listCaches` answer. */
export class CacheInfo {
  constructor(name) {
    this._name = name;
  }
  getName() {
    return this._name;
  }
}

/** The kinds of item `itemGetType` reports (a numeric enum with reverse names). */
export const ItemType = Object.freeze(
  Object.fromEntries(
    ['SCALAR', 'DICTIONARY', 'LIST', 'SET', 'SORTED_SET'].flatMap((name, i) => [
      [name, i],
      [i, name],
    ]),
  ),
);

/**
 * A collection write's TTL: `ttlSeconds` (null: the client's default) and whether writes to an
 * existing collection reset it (`refreshTtl`).
 */
export class CollectionTtl {
  constructor(ttlSeconds = null, refreshTtl = true) {
    this._ttlSeconds = ttlSeconds ?? null;
    this._refreshTtl = refreshTtl;
  }
  ttlSeconds() {
    return this._ttlSeconds;
  }
  ttlMilliseconds() {
    return this._ttlSeconds === null ? null : this._ttlSeconds * 1000;
  }
  refreshTtl() {
    return this._refreshTtl;
  }
  static fromCacheTtl() {
    return new CollectionTtl(null, true);
  }
  static of(ttlSeconds) {
    return new CollectionTtl(ttlSeconds, true);
  }
  static refreshTtlIfProvided(ttlSeconds) {
    return new CollectionTtl(ttlSeconds ?? null, ttlSeconds != null);
  }
  withRefreshTtlOnUpdates() {
    return new CollectionTtl(this._ttlSeconds, true);
  }
  withNoRefreshTtlOnUpdates() {
    return new CollectionTtl(this._ttlSeconds, false);
  }
  toString() {
    return `ttl: ${this._ttlSeconds}, refreshTtl: ${this._refreshTtl}`;
  }
}

// ---------------------------------------------------------------- logging (accepted, unused)

export const DefaultMomentoLoggerLevel = Object.freeze({
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
});
const LEVELS = Object.values(DefaultMomentoLoggerLevel);

/** Logs to the console at `level` and above. The client itself logs nothing. */
export class DefaultMomentoLoggerFactory {
  constructor(level = DefaultMomentoLoggerLevel.INFO) {
    this._level = level;
  }
  getLogger(loggerName) {
    const name = typeof loggerName === 'string' ? loggerName : loggerName?.constructor?.name;
    const floor = LEVELS.indexOf(this._level);
    return Object.fromEntries(
      LEVELS.map((level, i) => [
        level,
        (msg, ...args) => {
          if (i >= floor) console[level === 'trace' ? 'debug' : level](`[${level}] ${name}: ${msg}`, ...args);
        },
      ]),
    );
  }
}

/** Logs nothing. */
export class NoopMomentoLoggerFactory {
  getLogger() {
    return Object.fromEntries(LEVELS.map((level) => [level, () => {}]));
  }
}

// ---------------------------------------------------------------- configuration

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
 * framing, ...; see `getSettings()`), plus what the JavaScript layer adds (`throwOnErrors`
 * and the logger factory). Immutable: every `with*` returns a copy.
 */
export class Configuration {
  constructor(settings, options = {}) {
    this._settings = Object.freeze({ ...settings });
    this._options = Object.freeze({ throwOnErrors: false, ...options });
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
    return this._with({ timeoutMillis: transportStrategy.getGrpcConfig().getDeadlineMillis() });
  }
  getThrowOnErrors() {
    return this._options.throwOnErrors;
  }
  withThrowOnErrors(throwOnErrors) {
    return this._with({}, { throwOnErrors: throwOnErrors === true });
  }
  getLoggerFactory() {
    return this._options.loggerFactory ?? new NoopMomentoLoggerFactory();
  }
}

/** A preset: `latest()` (may be retuned between releases) and the frozen `v1()`. */
function presetClass(name, rustName) {
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

// ---------------------------------------------------------------- credentials

/** The process environment where the runtime has one (Node, Bun, Deno), else undefined. */
function environment() {
  const { process, Deno } = globalThis;
  if (process?.env) return (name) => process.env[name];
  if (Deno?.env) {
    return (name) => {
      try {
        return Deno.env.get(name);
      } catch {
        return undefined;
      }
    };
  }
  return undefined;
}

function readEnvironment(name) {
  const read = environment();
  if (!read) {
    throw new InvalidArgumentError(
      `${name} cannot be read: this runtime has no environment variables; use CredentialProvider.fromString`,
    );
  }
  return read(name);
}

/**
 * Where the client connects and the key it presents. The key is parsed and kept inside the
 * WebAssembly module; this object holds only a handle, so printing it never shows the key.
 */
export class CredentialProvider {
  constructor(credentials) {
    this._credentials = credentials;
  }

  /** A Momento API key: `fromString({apiKey})`, or the key itself. */
  static fromString(props) {
    const key = typeof props === 'string' ? props : (props?.apiKey ?? props?.authToken);
    return CredentialProvider._make(() => WasmCredentials.fromString(key), props);
  }

  /** A key from an environment variable (`MOMENTO_ENDPOINT` supplies a v2 key's endpoint). */
  static fromEnvironmentVariable(props) {
    const name = typeof props === 'string' ? props : props?.environmentVariableName;
    if (typeof name !== 'string') {
      throw new InvalidArgumentError('environmentVariableName must be a string');
    }
    const value = readEnvironment(name);
    const endpoint = readEnvironment('MOMENTO_ENDPOINT');
    return CredentialProvider._make(() => WasmCredentials.fromEnvironment(name, value, endpoint), props);
  }

  static fromEnvVar(props) {
    return CredentialProvider.fromEnvironmentVariable(props);
  }

  /** A v2 key and the endpoint it belongs to. */
  static fromApiKeyV2(props) {
    return CredentialProvider._make(() => WasmCredentials.fromApiKeyV2(props?.apiKey, props?.endpoint), props);
  }

  /** A v2 key and its endpoint from two environment variables. */
  static fromEnvVarV2(props = {}) {
    const keyVar = props?.apiKeyEnvVar ?? 'MOMENTO_API_KEY';
    const endpointVar = props?.endpointEnvVar ?? 'MOMENTO_ENDPOINT';
    const apiKey = readEnvironment(keyVar);
    const endpoint = readEnvironment(endpointVar);
    if (apiKey === undefined) throw new InvalidArgumentError(`${keyVar} is not set`);
    if (endpoint === undefined) throw new InvalidArgumentError(`${endpointVar} is not set`);
    return CredentialProvider.fromApiKeyV2({ apiKey, endpoint });
  }

  /** A local server (edgecache-server, Momento Local) at `http://hostname:port`. */
  static forMomentoLocal(props = {}) {
    return CredentialProvider._make(
      () => WasmCredentials.local(props?.hostname ?? '127.0.0.1', props?.port ?? 8080),
      props,
    );
  }

  static _make(parse, props) {
    let credentials = rethrow(parse);
    const overrides = props?.endpointOverrides;
    if (overrides != null) {
      credentials = rethrow(() => applyOverrides(credentials, overrides));
    }
    return new CredentialProvider(credentials);
  }

  getCacheEndpoint() {
    return this._credentials.cacheEndpoint;
  }
  getControlEndpoint() {
    return this._credentials.controlEndpoint;
  }
  isCacheEndpointSecure() {
    return this.getCacheEndpoint().startsWith('https:');
  }
  isControlEndpointSecure() {
    return this.getControlEndpoint().startsWith('https:');
  }
  isEndpointSecure() {
    return this.isCacheEndpointSecure() && this.isControlEndpointSecure();
  }
  areEndpointsOverridden() {
    return this._overridden === true;
  }
  /** The same endpoints, presenting `apiKey` as-is (a local server run with `--api-key`). */
  withApiKey(apiKey) {
    return new CredentialProvider(rethrow(() => this._credentials.withApiKey(apiKey)));
  }
  /** Permits plain `http://` to hosts other than loopback. */
  allowInsecureHttp() {
    return new CredentialProvider(rethrow(() => this._credentials.allowInsecureHttp()));
  }
  toString() {
    return `CredentialProvider(${this.getCacheEndpoint()})`;
  }
  toJSON() {
    return { cacheEndpoint: this.getCacheEndpoint(), controlEndpoint: this.getControlEndpoint() };
  }
}

/** `{baseEndpoint}` or `{cacheEndpoint, controlEndpoint, secureConnection}` (one origin). */
function applyOverrides(credentials, overrides) {
  if (typeof overrides.baseEndpoint === 'string') {
    return credentials.withBaseEndpoint(overrides.baseEndpoint);
  }
  const { cacheEndpoint, controlEndpoint = cacheEndpoint, secureConnection } = overrides;
  if (typeof cacheEndpoint !== 'string' || controlEndpoint !== cacheEndpoint) {
    throw errorValue(
      'INVALID_ARGUMENT_ERROR',
      'endpointOverrides must give baseEndpoint, or one cacheEndpoint (and the same controlEndpoint)',
    );
  }
  // Any scheme given is kept, so that Rust's endpoint check names an unsupported one.
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(cacheEndpoint)
    ? cacheEndpoint
    : `${secureConnection === false ? 'http' : 'https'}://${cacheEndpoint}`;
  return credentials.withEndpoint(url);
}

// ---------------------------------------------------------------- the client

/**
 * Runs one operation in Rust. An `abortSignal` in the options drops the call when it fires
 * (its fetch aborted, its in-flight slot freed) and the call answers `CANCELLED_ERROR`.
 */
async function invoke(client, op, args, options) {
  const signal = options?.abortSignal;
  if (signal == null) return client.invoke(op, args, options, undefined);
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
    return await client.invoke(op, args, options, aborted);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** `[key, value]` pairs from a `Map`, an array of pairs or of `{key, value}`, or a record. */
function pairs(items) {
  if (items instanceof Map) return [...items];
  if (Array.isArray(items)) return items.map((item) => (Array.isArray(item) ? item : [item?.key, item?.value]));
  if (items !== null && typeof items === 'object' && !(items instanceof Uint8Array)) return Object.entries(items);
  return items;
}

/**
 * Every data method: `[name, response namespace, arity, argument index turned into pairs]`.
 * Arguments past the arity are the options object (`{ttl, abortSignal}`).
 */
const DATA_METHODS = [
  ['get', CacheGet, 2],
  ['set', CacheSet, 3],
  ['delete', CacheDelete, 2],
  ['increment', CacheIncrement, 3],
  ['setIfNotExists', CacheSetIfNotExists, 3],
  ['setIfAbsent', CacheSetIfAbsent, 3],
  ['setIfPresent', CacheSetIfPresent, 3],
  ['setIfEqual', CacheSetIfEqual, 4],
  ['setIfNotEqual', CacheSetIfNotEqual, 4],
  ['setIfPresentAndNotEqual', CacheSetIfPresentAndNotEqual, 4],
  ['setIfAbsentOrEqual', CacheSetIfAbsentOrEqual, 4],
  ['getBatch', CacheGetBatch, 2],
  ['setBatch', CacheSetBatch, 2, 1],
  ['keyExists', CacheKeyExists, 2],
  ['keysExist', CacheKeysExist, 2],
  ['itemGetType', CacheItemGetType, 2],
  ['itemGetTtl', CacheItemGetTtl, 2],
  ['updateTtl', CacheUpdateTtl, 3],
  ['increaseTtl', CacheIncreaseTtl, 3],
  ['decreaseTtl', CacheDecreaseTtl, 3],
  ['dictionaryFetch', CacheDictionaryFetch, 2],
  ['dictionaryGetField', CacheDictionaryGetField, 3],
  ['dictionaryGetFields', CacheDictionaryGetFields, 3],
  ['dictionarySetField', CacheDictionarySetField, 4],
  ['dictionarySetFields', CacheDictionarySetFields, 3, 2],
  ['dictionaryIncrement', CacheDictionaryIncrement, 4],
  ['dictionaryRemoveField', CacheDictionaryRemoveField, 3],
  ['dictionaryRemoveFields', CacheDictionaryRemoveFields, 3],
  ['dictionaryLength', CacheDictionaryLength, 2],
  ['listFetch', CacheListFetch, 2],
  ['listLength', CacheListLength, 2],
  ['listPushFront', CacheListPushFront, 3],
  ['listPushBack', CacheListPushBack, 3],
  ['listConcatenateBack', CacheListConcatenateBack, 3],
  ['listConcatenateFront', CacheListConcatenateFront, 3],
  ['listPopBack', CacheListPopBack, 2],
  ['listPopFront', CacheListPopFront, 2],
  ['listRemoveValue', CacheListRemoveValue, 3],
  ['listRetain', CacheListRetain, 2],
  ['setAddElement', CacheSetAddElement, 3],
  ['setAddElements', CacheSetAddElements, 3],
  ['setFetch', CacheSetFetch, 2],
  ['setContainsElement', CacheSetContainsElement, 3],
  ['setContainsElements', CacheSetContainsElements, 3],
  ['setRemoveElement', CacheSetRemoveElement, 3],
  ['setRemoveElements', CacheSetRemoveElements, 3],
  ['setSample', CacheSetSample, 3],
  ['setPop', CacheSetPop, 3],
  ['setLength', CacheSetLength, 2],
  ['sortedSetFetchByRank', CacheSortedSetFetch, 2],
  ['sortedSetFetchByScore', CacheSortedSetFetch, 2],
  ['sortedSetPutElement', CacheSortedSetPutElement, 4],
  ['sortedSetPutElements', CacheSortedSetPutElements, 3, 2],
  ['sortedSetGetRank', CacheSortedSetGetRank, 3],
  ['sortedSetGetScore', CacheSortedSetGetScore, 3],
  ['sortedSetGetScores', CacheSortedSetGetScores, 3],
  ['sortedSetIncrementScore', CacheSortedSetIncrementScore, 4],
  ['sortedSetRemoveElement', CacheSortedSetRemoveElement, 3],
  ['sortedSetRemoveElements', CacheSortedSetRemoveElements, 3],
  ['sortedSetLength', CacheSortedSetLength, 2],
  ['sortedSetLengthByScore', CacheSortedSetLengthByScore, 2],
  ['sortedSetUnionStore', CacheSortedSetUnionStore, 3],
];
const CONTROL_METHODS = [
  ['createCache', CreateCache, 1],
  ['deleteCache', DeleteCache, 1],
  ['flushCache', CacheFlush, 1],
  ['listCaches', ListCaches, 0],
];

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
    const credentials = credentialProvider ?? CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY');
    if (!(credentials instanceof CredentialProvider)) {
      throw new InvalidArgumentError('credentialProvider must be a CredentialProvider');
    }
    this._configuration = configuration;
    this._throwOnErrors = configuration.getThrowOnErrors();
    this._client = rethrow(
      () => new WasmCacheClient(configuration.getSettings(), credentials._credentials, defaultTtlSeconds),
    );
  }

  /** The same as `new CacheClient(props)`, for code written against the official SDK. */
  static async create(props) {
    if (!ready && initializing) await initializing;
    return new CacheClient(props);
  }

  get configuration() {
    return this._configuration;
  }

  /** Resolves when the service answers a ping; throws its `SdkError` otherwise. */
  async ping() {
    const raw = await this._client.invoke('ping', [], undefined, undefined);
    if (raw.type === 'Error') throw sdkError(raw);
  }

  /** The data methods with `cacheName` fixed. */
  cache(cacheName) {
    return Object.fromEntries(
      DATA_METHODS.map(([name]) => [name, (...args) => this[name](cacheName, ...args)]),
    );
  }

  /** Nothing to release: connections belong to the runtime's `fetch`. */
  close() {}
}

for (const [name, ns, arity, pairsAt] of [...DATA_METHODS, ...CONTROL_METHODS]) {
  Object.defineProperty(CacheClient.prototype, name, {
    writable: true,
    configurable: true,
    value: async function (...args) {
      let options = args[arity];
      args.length = arity;
      const ttl = options?.ttl;
      if (ttl instanceof CollectionTtl) {
        options = { ...options, ttl: ttl.ttlSeconds() ?? undefined, refreshTtl: ttl.refreshTtl() };
      }
      if (pairsAt !== undefined) args[pairsAt] = pairs(args[pairsAt]);
      const response = toResponse(ns, await invoke(this._client, name, args, options));
      if (this._throwOnErrors && response instanceof ErrorBase) throw response.innerException();
      return response;
    },
  });
}
