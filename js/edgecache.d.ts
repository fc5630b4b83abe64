// Types of the `edgecache` npm package. Every entry point (`edgecache` in each runtime, and
// `edgecache/core`) exports this same API, which follows `@gomomento/sdk-web`'s names.
//
// Response `type` members are string literals, so a response narrows both on
// `r.type === CacheGetResponse.Hit` (as code written for the official SDK does) and on
// `r.type === 'Hit'`.

// ---------------------------------------------------------------- initialisation

/** What the WebAssembly module can be initialised from. */
export type WasmSource = WebAssembly.Module | BufferSource | Response | URL | string;

/**
 * Initialises the WebAssembly module (only `edgecache/core` needs this; the other entry
 * points do it on import). Defaults to the `.wasm` file beside the module.
 */
export declare function init(source?: WasmSource | Promise<WasmSource>): Promise<void>;

/** Initialises the module synchronously from a compiled `WebAssembly.Module` or its bytes. */
export declare function initSync(module: WebAssembly.Module | BufferSource): void;
/**
 * Bytes of WebAssembly memory the package runs in, for monitoring memory use (it grows in
 * 64 KiB pages and never shrinks). Throws before the module is initialised.
 */
export declare function wasmMemoryBytes(): number;

// ---------------------------------------------------------------- errors

/** Every error code, spelled as the official SDKs spell them. */
export declare const MomentoErrorCode: {
  readonly INVALID_ARGUMENT_ERROR: 'INVALID_ARGUMENT_ERROR';
  readonly UNKNOWN_SERVICE_ERROR: 'UNKNOWN_SERVICE_ERROR';
  readonly CACHE_ALREADY_EXISTS_ERROR: 'ALREADY_EXISTS_ERROR';
  readonly ALREADY_EXISTS_ERROR: 'ALREADY_EXISTS_ERROR';
  readonly STORE_ALREADY_EXISTS_ERROR: 'ALREADY_EXISTS_ERROR';
  readonly CACHE_NOT_FOUND_ERROR: 'NOT_FOUND_ERROR';
  readonly NOT_FOUND_ERROR: 'NOT_FOUND_ERROR';
  readonly STORE_NOT_FOUND_ERROR: 'STORE_NOT_FOUND_ERROR';
  readonly STORE_ITEM_NOT_FOUND_ERROR: 'STORE_ITEM_NOT_FOUND_ERROR';
  readonly FUNCTION_NOT_FOUND_ERROR: 'FUNCTION_NOT_FOUND_ERROR';
  readonly INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR';
  readonly PERMISSION_ERROR: 'PERMISSION_ERROR';
  readonly AUTHENTICATION_ERROR: 'AUTHENTICATION_ERROR';
  readonly CANCELLED_ERROR: 'CANCELLED_ERROR';
  readonly CONNECTION_ERROR: 'CONNECTION_ERROR';
  readonly LIMIT_EXCEEDED_ERROR: 'LIMIT_EXCEEDED_ERROR';
  readonly BAD_REQUEST_ERROR: 'BAD_REQUEST_ERROR';
  readonly TIMEOUT_ERROR: 'TIMEOUT_ERROR';
  readonly SERVER_UNAVAILABLE: 'SERVER_UNAVAILABLE';
  readonly CLIENT_RESOURCE_EXHAUSTED: 'CLIENT_RESOURCE_EXHAUSTED';
  readonly FAILED_PRECONDITION_ERROR: 'FAILED_PRECONDITION_ERROR';
  readonly UNKNOWN_ERROR: 'UNKNOWN_ERROR';
};
export type MomentoErrorCode = (typeof MomentoErrorCode)[keyof typeof MomentoErrorCode];

/** The gRPC status behind an error, when the service sent one (`code` 0 otherwise). */
export interface MomentoErrorTransportDetails {
  readonly grpc: { readonly code: number; readonly details: string; readonly metadata?: object };
}

/** The base of every error the client reports, inside an `Error` response or thrown. */
export declare class SdkError extends Error {
  constructor(message: string, code?: number, metadata?: object, stack?: string);
  /** What the code means, then the message: `"Invalid argument: key must not be empty"`. */
  wrappedErrorMessage(): string;
  errorCode(): MomentoErrorCode;
  transportDetails(): MomentoErrorTransportDetails;
}
export declare class InvalidArgumentError extends SdkError {}
export declare class UnknownServiceError extends SdkError {}
export declare class CacheAlreadyExistsError extends SdkError {}
export declare class StoreAlreadyExistsError extends SdkError {}
export declare class CacheNotFoundError extends SdkError {}
export declare class StoreNotFoundError extends SdkError {}
export declare class StoreItemNotFoundError extends SdkError {}
export declare class FunctionNotFoundError extends SdkError {}
export declare class InternalServerError extends SdkError {}
export declare class PermissionError extends SdkError {}
export declare class AuthenticationError extends SdkError {}
export declare class CancelledError extends SdkError {}
export declare class ConnectionError extends SdkError {}
export declare class LimitExceededError extends SdkError {}
export declare class BadRequestError extends SdkError {}
export declare class TimeoutError extends SdkError {}
export declare class ServerUnavailableError extends SdkError {}
export declare class ClientResourceExhaustedError extends SdkError {}
export declare class FailedPreconditionError extends SdkError {}
export declare class UnknownError extends SdkError {}

// ---------------------------------------------------------------- responses

declare abstract class ResponseBase {
  toString(): string;
}
declare abstract class BaseResponseSuccess extends ResponseBase {
  readonly is_success: boolean;
}
declare abstract class BaseResponseMiss extends ResponseBase {
  readonly is_miss: boolean;
}
declare abstract class BaseResponseError extends ResponseBase {
  constructor(innerException: SdkError);
  /** `innerException().wrappedErrorMessage()`. */
  message(): string;
  /** The error itself, as `withThrowOnErrors(true)` would throw it. */
  innerException(): SdkError;
  errorCode(): MomentoErrorCode;
}

/** A namespace with only `Success` and `Error`. */
declare namespace SuccessOnly {
  class Success extends BaseResponseSuccess {
    readonly type: 'Success';
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
}

/** A conditional write's answer. */
declare namespace StoredOrNot {
  class Stored extends ResponseBase {
    readonly type: 'Stored';
  }
  class NotStored extends ResponseBase {
    readonly type: 'NotStored';
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
  type Response = Stored | NotStored | Error;
}

export declare namespace CacheGet {
  class Hit extends ResponseBase {
    constructor(body: Uint8Array);
    readonly type: 'Hit';
    /** The value as UTF-8 text. */
    value(): string;
    valueString(): string;
    valueUint8Array(): Uint8Array;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSet {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheDelete {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheIncrement {
  class Success extends BaseResponseSuccess {
    constructor(value: number);
    readonly type: 'Success';
    value(): number;
    valueNumber(): number;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Success | Error;
}

export declare namespace CacheSetIfNotExists {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfAbsent {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfPresent {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfEqual {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfNotEqual {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfPresentAndNotEqual {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfAbsentOrEqual {
  class Stored extends StoredOrNot.Stored {}
  class NotStored extends StoredOrNot.NotStored {}
  class Error extends StoredOrNot.Error {}
  type Response = Stored | NotStored | Error;
}

/** A value's hash, as the server computes it: opaque bytes. */
declare abstract class WithHash extends ResponseBase {
  /** The hash as UTF-8 text (lossy: hashes are bytes). */
  hashString(): string;
  hashUint8Array(): Uint8Array;
}
export declare namespace CacheGetWithHash {
  class Hit extends WithHash {
    constructor(value: Uint8Array, hash: Uint8Array);
    readonly type: 'Hit';
    /** The value as UTF-8 text. */
    value(): string;
    valueString(): string;
    valueUint8Array(): Uint8Array;
    /** The hash as UTF-8 text, like `hashString()`. */
    hash(): string;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
    hash(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
    hash(): undefined;
  }
  type Response = Hit | Miss | Error;
}
/** A hash-conditional write's answer: `Stored` carries the new value's hash. */
declare namespace StoredWithHash {
  class Stored extends WithHash {
    constructor(hash: Uint8Array);
    readonly type: 'Stored';
  }
  class NotStored extends ResponseBase {
    readonly type: 'NotStored';
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
}
export declare namespace CacheSetWithHash {
  class Stored extends StoredWithHash.Stored {}
  class NotStored extends StoredWithHash.NotStored {}
  class Error extends StoredWithHash.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfPresentAndHashEqual {
  class Stored extends StoredWithHash.Stored {}
  class NotStored extends StoredWithHash.NotStored {}
  class Error extends StoredWithHash.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfPresentAndHashNotEqual {
  class Stored extends StoredWithHash.Stored {}
  class NotStored extends StoredWithHash.NotStored {}
  class Error extends StoredWithHash.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfAbsentOrHashEqual {
  class Stored extends StoredWithHash.Stored {}
  class NotStored extends StoredWithHash.NotStored {}
  class Error extends StoredWithHash.Error {}
  type Response = Stored | NotStored | Error;
}
export declare namespace CacheSetIfAbsentOrHashNotEqual {
  class Stored extends StoredWithHash.Stored {}
  class NotStored extends StoredWithHash.NotStored {}
  class Error extends StoredWithHash.Error {}
  type Response = Stored | NotStored | Error;
}

export declare namespace CacheGetBatch {
  class Success extends BaseResponseSuccess {
    constructor(results: CacheGet.Response[], keys: Uint8Array[]);
    readonly type: 'Success';
    /** One answer per requested key, in request order. */
    results(): CacheGet.Response[];
    /** The hits, as text: key → value. */
    values(): Record<string, string>;
    valuesRecord(): Record<string, string>;
    valuesRecordStringString(): Record<string, string>;
    valuesRecordStringUint8Array(): Record<string, Uint8Array>;
    valuesMap(): Map<string, string>;
    valuesMapStringString(): Map<string, string>;
    valuesMapStringUint8Array(): Map<string, Uint8Array>;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    values(): undefined;
  }
  type Response = Success | Error;
}

export declare namespace CacheSetBatch {
  class Success extends BaseResponseSuccess {
    constructor(results: CacheSet.Response[]);
    readonly type: 'Success';
    /** One answer per item, in request order. */
    results(): CacheSet.Response[];
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheKeyExists {
  class Success extends BaseResponseSuccess {
    constructor(exists: boolean[]);
    readonly type: 'Success';
    exists(): boolean;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    exists(): undefined;
  }
  type Response = Success | Error;
}

export declare namespace CacheKeysExist {
  class Success extends BaseResponseSuccess {
    constructor(keys: Uint8Array[], exists: boolean[]);
    readonly type: 'Success';
    /** One flag per requested key, in request order. */
    exists(): boolean[];
    /** Key (as text) → whether it exists. */
    valueRecord(): Record<string, boolean>;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    exists(): undefined;
  }
  type Response = Success | Error;
}

export declare namespace CacheItemGetType {
  class Hit extends ResponseBase {
    constructor(itemType: ItemType);
    readonly type: 'Hit';
    itemType(): ItemType;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    itemType(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    itemType(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheItemGetTtl {
  class Hit extends ResponseBase {
    constructor(remainingTtlMillis: number);
    readonly type: 'Hit';
    remainingTtlMillis(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    remainingTtlMillis(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    remainingTtlMillis(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheUpdateTtl {
  class Set extends ResponseBase {
    readonly type: 'Set';
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
  type Response = Set | Miss | Error;
}

declare namespace TtlChange {
  class Set extends ResponseBase {
    readonly type: 'Set';
  }
  class NotSet extends ResponseBase {
    readonly type: 'NotSet';
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
}
export declare namespace CacheIncreaseTtl {
  class Set extends TtlChange.Set {}
  class NotSet extends TtlChange.NotSet {}
  class Miss extends TtlChange.Miss {}
  class Error extends TtlChange.Error {}
  type Response = Set | NotSet | Miss | Error;
}
export declare namespace CacheDecreaseTtl {
  class Set extends TtlChange.Set {}
  class NotSet extends TtlChange.NotSet {}
  class Miss extends TtlChange.Miss {}
  class Error extends TtlChange.Error {}
  type Response = Set | NotSet | Miss | Error;
}

export declare namespace CreateCache {
  class Success extends SuccessOnly.Success {}
  class AlreadyExists extends ResponseBase {
    readonly type: 'AlreadyExists';
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | AlreadyExists | Error;
}
export declare namespace DeleteCache {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}
export declare namespace CacheFlush {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}
export declare namespace ListCaches {
  class Success extends BaseResponseSuccess {
    constructor(caches: CacheInfo[]);
    readonly type: 'Success';
    getCaches(): CacheInfo[];
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

declare abstract class DictionaryValues extends ResponseBase {
  /** Field → value, as text. */
  value(): Record<string, string>;
  valueRecord(): Record<string, string>;
  valueRecordStringString(): Record<string, string>;
  valueRecordStringUint8Array(): Record<string, Uint8Array>;
  valueMap(): Map<string, string>;
  valueMapStringString(): Map<string, string>;
  valueMapStringUint8Array(): Map<string, Uint8Array>;
}

export declare namespace CacheDictionaryFetch {
  class Hit extends DictionaryValues {
    constructor(items: Array<[Uint8Array, Uint8Array]>);
    readonly type: 'Hit';
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheDictionaryGetField {
  class Hit extends ResponseBase {
    constructor(body: Uint8Array, field: Uint8Array);
    readonly type: 'Hit';
    value(): string;
    valueString(): string;
    valueUint8Array(): Uint8Array;
    fieldString(): string;
    fieldUint8Array(): Uint8Array;
  }
  class Miss extends BaseResponseMiss {
    constructor(field: Uint8Array);
    readonly type: 'Miss';
    value(): undefined;
    fieldString(): string;
    fieldUint8Array(): Uint8Array;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheDictionaryGetFields {
  class Hit extends DictionaryValues {
    constructor(fields: Uint8Array[], responses: CacheDictionaryGetField.Response[]);
    readonly type: 'Hit';
    /** One answer per requested field, in request order. */
    readonly responses: CacheDictionaryGetField.Response[];
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheDictionarySetField {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}
export declare namespace CacheDictionarySetFields {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}
export declare namespace CacheDictionaryRemoveField {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}
export declare namespace CacheDictionaryRemoveFields {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}
export declare namespace CacheDictionaryIncrement {
  class Success extends CacheIncrement.Success {}
  class Error extends CacheIncrement.Error {}
  type Response = Success | Error;
}
export declare namespace CacheDictionaryLength {
  class Hit extends ResponseBase {
    constructor(length: number);
    readonly type: 'Hit';
    length(): number;
    value(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheListFetch {
  class Hit extends ResponseBase {
    constructor(values: Uint8Array[]);
    readonly type: 'Hit';
    valueListUint8Array(): Uint8Array[];
    valueListString(): string[];
    valueList(): string[];
    value(): string[];
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheListLength {
  class Hit extends ResponseBase {
    constructor(length: number);
    readonly type: 'Hit';
    length(): number;
    value(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheListPushBack {
  class Success extends BaseResponseSuccess {
    constructor(listLength: number);
    readonly type: 'Success';
    /** The list's length after the write (and any truncation). */
    listLength(): number;
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheListPushFront {
  class Success extends BaseResponseSuccess {
    constructor(listLength: number);
    readonly type: 'Success';
    /** The list's length after the write (and any truncation). */
    listLength(): number;
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheListConcatenateBack {
  class Success extends BaseResponseSuccess {
    constructor(listLength: number);
    readonly type: 'Success';
    /** The list's length after the write (and any truncation). */
    listLength(): number;
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheListConcatenateFront {
  class Success extends BaseResponseSuccess {
    constructor(listLength: number);
    readonly type: 'Success';
    /** The list's length after the write (and any truncation). */
    listLength(): number;
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheListPopBack {
  class Hit extends ResponseBase {
    constructor(body: Uint8Array);
    readonly type: 'Hit';
    value(): string;
    valueString(): string;
    valueUint8Array(): Uint8Array;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheListPopFront {
  class Hit extends ResponseBase {
    constructor(body: Uint8Array);
    readonly type: 'Hit';
    value(): string;
    valueString(): string;
    valueUint8Array(): Uint8Array;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheListRemoveValue {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheListRetain {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSetAddElement {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSetAddElements {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSetRemoveElement {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSetRemoveElements {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSortedSetPutElement {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSortedSetPutElements {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSortedSetRemoveElement {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSortedSetRemoveElements {
  class Success extends SuccessOnly.Success {}
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

export declare namespace CacheSetFetch {
  class Hit extends ResponseBase {
    constructor(elements: Uint8Array[]);
    readonly type: 'Hit';
    valueSet(): Set<string>;
    valueSetString(): Set<string>;
    valueSetUint8Array(): Set<Uint8Array>;
    value(): string[];
    valueArray(): string[];
    valueArrayString(): string[];
    valueArrayUint8Array(): Uint8Array[];
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSetSample {
  class Hit extends ResponseBase {
    constructor(elements: Uint8Array[]);
    readonly type: 'Hit';
    valueSet(): Set<string>;
    valueSetString(): Set<string>;
    valueSetUint8Array(): Set<Uint8Array>;
    value(): string[];
    valueArray(): string[];
    valueArrayString(): string[];
    valueArrayUint8Array(): Uint8Array[];
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSetPop {
  class Hit extends ResponseBase {
    constructor(elements: Uint8Array[]);
    readonly type: 'Hit';
    valueSet(): Set<string>;
    valueSetString(): Set<string>;
    valueSetUint8Array(): Set<Uint8Array>;
    value(): string[];
    valueArray(): string[];
    valueArrayString(): string[];
    valueArrayUint8Array(): Uint8Array[];
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSetLength {
  class Hit extends ResponseBase {
    constructor(length: number);
    readonly type: 'Hit';
    length(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    length(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    length(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSortedSetLength {
  class Hit extends ResponseBase {
    constructor(length: number);
    readonly type: 'Hit';
    length(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    length(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    length(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSortedSetLengthByScore {
  class Hit extends ResponseBase {
    constructor(length: number);
    readonly type: 'Hit';
    length(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    length(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    length(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSetContainsElement {
  class Hit extends ResponseBase {
    constructor(containsElement: boolean);
    readonly type: 'Hit';
    containsElement(): boolean;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    containsElement(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    containsElement(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSetContainsElements {
  class Hit extends ResponseBase {
    constructor(elements: Uint8Array[], contains: boolean[]);
    readonly type: 'Hit';
    /** Element (as text) → whether it is a member. */
    containsElements(): Record<string, boolean>;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    containsElements(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    containsElements(): undefined;
  }
  type Response = Hit | Miss | Error;
}

/** A sorted-set element with its score. */
export interface SortedSetElement<V> {
  value: V;
  score: number;
}

export declare namespace CacheSortedSetFetch {
  class Hit extends ResponseBase {
    constructor(elements: SortedSetElement<Uint8Array>[]);
    readonly type: 'Hit';
    valueArrayUint8Elements(): SortedSetElement<Uint8Array>[];
    valueArrayStringElements(): SortedSetElement<string>[];
    valueArray(): SortedSetElement<string>[];
    value(): SortedSetElement<string>[];
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSortedSetGetRank {
  class Hit extends ResponseBase {
    constructor(rank: number);
    readonly type: 'Hit';
    rank(): number;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    rank(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    rank(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSortedSetGetScore {
  class Hit extends ResponseBase {
    constructor(score: number, value: Uint8Array);
    readonly type: 'Hit';
    score(): number;
    valueString(): string;
    valueUint8Array(): Uint8Array;
  }
  class Miss extends BaseResponseMiss {
    constructor(value: Uint8Array);
    readonly type: 'Miss';
    score(): undefined;
    valueString(): string;
    valueUint8Array(): Uint8Array;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    score(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSortedSetGetScores {
  class Hit extends ResponseBase {
    constructor(values: Uint8Array[], responses: CacheSortedSetGetScore.Response[]);
    readonly type: 'Hit';
    /** One answer per requested value, in request order. */
    responses(): CacheSortedSetGetScore.Response[];
    valueMapString(): Map<string, number>;
    valueMap(): Map<string, number>;
    valueRecordString(): Record<string, number>;
    valueRecord(): Record<string, number>;
    value(): Record<string, number>;
  }
  class Miss extends BaseResponseMiss {
    readonly type: 'Miss';
    value(): undefined;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    value(): undefined;
  }
  type Response = Hit | Miss | Error;
}

export declare namespace CacheSortedSetIncrementScore {
  class Success extends BaseResponseSuccess {
    constructor(score: number);
    readonly type: 'Success';
    score(): number;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
    score(): undefined;
  }
  type Response = Success | Error;
}
export declare namespace CacheSortedSetUnionStore {
  class Success extends BaseResponseSuccess {
    constructor(length: number);
    readonly type: 'Success';
    /** The destination's size after the union. */
    length(): number;
  }
  class Error extends SuccessOnly.Error {}
  type Response = Success | Error;
}

/** The `type` values of each response namespace, like the official SDKs' enums. */
type TypesOf<R extends { type: string }> = { readonly [T in R['type']]: T };
export declare const CacheGetResponse: TypesOf<CacheGet.Response>;
export declare const CacheSetResponse: TypesOf<CacheSet.Response>;
export declare const CacheDeleteResponse: TypesOf<CacheDelete.Response>;
export declare const CacheIncrementResponse: TypesOf<CacheIncrement.Response>;
export declare const CacheSetIfNotExistsResponse: TypesOf<CacheSetIfNotExists.Response>;
export declare const CacheSetIfAbsentResponse: TypesOf<CacheSetIfAbsent.Response>;
export declare const CacheSetIfPresentResponse: TypesOf<CacheSetIfPresent.Response>;
export declare const CacheSetIfEqualResponse: TypesOf<CacheSetIfEqual.Response>;
export declare const CacheSetIfNotEqualResponse: TypesOf<CacheSetIfNotEqual.Response>;
export declare const CacheSetIfPresentAndNotEqualResponse: TypesOf<CacheSetIfPresentAndNotEqual.Response>;
export declare const CacheSetIfAbsentOrEqualResponse: TypesOf<CacheSetIfAbsentOrEqual.Response>;
export declare const CacheGetBatchResponse: TypesOf<CacheGetBatch.Response>;
export declare const CacheSetBatchResponse: TypesOf<CacheSetBatch.Response>;
export declare const CacheKeyExistsResponse: TypesOf<CacheKeyExists.Response>;
export declare const CacheKeysExistResponse: TypesOf<CacheKeysExist.Response>;
export declare const CacheItemGetTypeResponse: TypesOf<CacheItemGetType.Response>;
export declare const CacheItemGetTtlResponse: TypesOf<CacheItemGetTtl.Response>;
export declare const CacheUpdateTtlResponse: TypesOf<CacheUpdateTtl.Response>;
export declare const CacheIncreaseTtlResponse: TypesOf<CacheIncreaseTtl.Response>;
export declare const CacheDecreaseTtlResponse: TypesOf<CacheDecreaseTtl.Response>;
export declare const CacheGetWithHashResponse: TypesOf<CacheGetWithHash.Response>;
export declare const CacheSetWithHashResponse: TypesOf<CacheSetWithHash.Response>;
export declare const CacheSetIfPresentAndHashEqualResponse: TypesOf<CacheSetIfPresentAndHashEqual.Response>;
export declare const CacheSetIfPresentAndHashNotEqualResponse: TypesOf<CacheSetIfPresentAndHashNotEqual.Response>;
export declare const CacheSetIfAbsentOrHashEqualResponse: TypesOf<CacheSetIfAbsentOrHashEqual.Response>;
export declare const CacheSetIfAbsentOrHashNotEqualResponse: TypesOf<CacheSetIfAbsentOrHashNotEqual.Response>;
export declare const CreateCacheResponse: TypesOf<CreateCache.Response>;
export declare const DeleteCacheResponse: TypesOf<DeleteCache.Response>;
export declare const FlushCacheResponse: TypesOf<CacheFlush.Response>;
export declare const ListCachesResponse: TypesOf<ListCaches.Response>;
export declare const CacheDictionaryFetchResponse: TypesOf<CacheDictionaryFetch.Response>;
export declare const CacheDictionaryGetFieldResponse: TypesOf<CacheDictionaryGetField.Response>;
export declare const CacheDictionaryGetFieldsResponse: TypesOf<CacheDictionaryGetFields.Response>;
export declare const CacheDictionarySetFieldResponse: TypesOf<CacheDictionarySetField.Response>;
export declare const CacheDictionarySetFieldsResponse: TypesOf<CacheDictionarySetFields.Response>;
export declare const CacheDictionaryIncrementResponse: TypesOf<CacheDictionaryIncrement.Response>;
export declare const CacheDictionaryRemoveFieldResponse: TypesOf<CacheDictionaryRemoveField.Response>;
export declare const CacheDictionaryRemoveFieldsResponse: TypesOf<CacheDictionaryRemoveFields.Response>;
export declare const CacheDictionaryLengthResponse: TypesOf<CacheDictionaryLength.Response>;
export declare const CacheListFetchResponse: TypesOf<CacheListFetch.Response>;
export declare const CacheListLengthResponse: TypesOf<CacheListLength.Response>;
export declare const CacheListPushBackResponse: TypesOf<CacheListPushBack.Response>;
export declare const CacheListPushFrontResponse: TypesOf<CacheListPushFront.Response>;
export declare const CacheListConcatenateBackResponse: TypesOf<CacheListConcatenateBack.Response>;
export declare const CacheListConcatenateFrontResponse: TypesOf<CacheListConcatenateFront.Response>;
export declare const CacheListPopBackResponse: TypesOf<CacheListPopBack.Response>;
export declare const CacheListPopFrontResponse: TypesOf<CacheListPopFront.Response>;
export declare const CacheListRemoveValueResponse: TypesOf<CacheListRemoveValue.Response>;
export declare const CacheListRetainResponse: TypesOf<CacheListRetain.Response>;
export declare const CacheSetAddElementResponse: TypesOf<CacheSetAddElement.Response>;
export declare const CacheSetAddElementsResponse: TypesOf<CacheSetAddElements.Response>;
export declare const CacheSetRemoveElementResponse: TypesOf<CacheSetRemoveElement.Response>;
export declare const CacheSetRemoveElementsResponse: TypesOf<CacheSetRemoveElements.Response>;
export declare const CacheSetFetchResponse: TypesOf<CacheSetFetch.Response>;
export declare const CacheSetSampleResponse: TypesOf<CacheSetSample.Response>;
export declare const CacheSetPopResponse: TypesOf<CacheSetPop.Response>;
export declare const CacheSetLengthResponse: TypesOf<CacheSetLength.Response>;
export declare const CacheSetContainsElementResponse: TypesOf<CacheSetContainsElement.Response>;
export declare const CacheSetContainsElementsResponse: TypesOf<CacheSetContainsElements.Response>;
export declare const CacheSortedSetFetchResponse: TypesOf<CacheSortedSetFetch.Response>;
export declare const CacheSortedSetGetRankResponse: TypesOf<CacheSortedSetGetRank.Response>;
export declare const CacheSortedSetGetScoreResponse: TypesOf<CacheSortedSetGetScore.Response>;
export declare const CacheSortedSetGetScoresResponse: TypesOf<CacheSortedSetGetScores.Response>;
export declare const CacheSortedSetIncrementScoreResponse: TypesOf<CacheSortedSetIncrementScore.Response>;
export declare const CacheSortedSetPutElementResponse: TypesOf<CacheSortedSetPutElement.Response>;
export declare const CacheSortedSetPutElementsResponse: TypesOf<CacheSortedSetPutElements.Response>;
export declare const CacheSortedSetRemoveElementResponse: TypesOf<CacheSortedSetRemoveElement.Response>;
export declare const CacheSortedSetRemoveElementsResponse: TypesOf<CacheSortedSetRemoveElements.Response>;
export declare const CacheSortedSetLengthResponse: TypesOf<CacheSortedSetLength.Response>;
export declare const CacheSortedSetLengthByScoreResponse: TypesOf<CacheSortedSetLengthByScore.Response>;
export declare const CacheSortedSetUnionStoreResponse: TypesOf<CacheSortedSetUnionStore.Response>;
export type CacheGetResponse = CacheGet.Response['type'];
export type CacheSetResponse = CacheSet.Response['type'];
export type CacheDeleteResponse = CacheDelete.Response['type'];
export type CacheIncrementResponse = CacheIncrement.Response['type'];
export type CacheSetIfNotExistsResponse = CacheSetIfNotExists.Response['type'];
export type CacheSetIfAbsentResponse = CacheSetIfAbsent.Response['type'];
export type CacheSetIfPresentResponse = CacheSetIfPresent.Response['type'];
export type CacheSetIfEqualResponse = CacheSetIfEqual.Response['type'];
export type CacheSetIfNotEqualResponse = CacheSetIfNotEqual.Response['type'];
export type CacheSetIfPresentAndNotEqualResponse = CacheSetIfPresentAndNotEqual.Response['type'];
export type CacheSetIfAbsentOrEqualResponse = CacheSetIfAbsentOrEqual.Response['type'];
export type CacheGetBatchResponse = CacheGetBatch.Response['type'];
export type CacheSetBatchResponse = CacheSetBatch.Response['type'];
export type CacheKeyExistsResponse = CacheKeyExists.Response['type'];
export type CacheKeysExistResponse = CacheKeysExist.Response['type'];
export type CacheItemGetTypeResponse = CacheItemGetType.Response['type'];
export type CacheItemGetTtlResponse = CacheItemGetTtl.Response['type'];
export type CacheUpdateTtlResponse = CacheUpdateTtl.Response['type'];
export type CacheIncreaseTtlResponse = CacheIncreaseTtl.Response['type'];
export type CacheDecreaseTtlResponse = CacheDecreaseTtl.Response['type'];
export type CacheGetWithHashResponse = CacheGetWithHash.Response['type'];
export type CacheSetWithHashResponse = CacheSetWithHash.Response['type'];
export type CacheSetIfPresentAndHashEqualResponse = CacheSetIfPresentAndHashEqual.Response['type'];
export type CacheSetIfPresentAndHashNotEqualResponse = CacheSetIfPresentAndHashNotEqual.Response['type'];
export type CacheSetIfAbsentOrHashEqualResponse = CacheSetIfAbsentOrHashEqual.Response['type'];
export type CacheSetIfAbsentOrHashNotEqualResponse = CacheSetIfAbsentOrHashNotEqual.Response['type'];
export type CreateCacheResponse = CreateCache.Response['type'];
export type DeleteCacheResponse = DeleteCache.Response['type'];
export type FlushCacheResponse = CacheFlush.Response['type'];
export type ListCachesResponse = ListCaches.Response['type'];
export type CacheDictionaryFetchResponse = CacheDictionaryFetch.Response['type'];
export type CacheDictionaryGetFieldResponse = CacheDictionaryGetField.Response['type'];
export type CacheDictionaryGetFieldsResponse = CacheDictionaryGetFields.Response['type'];
export type CacheDictionarySetFieldResponse = CacheDictionarySetField.Response['type'];
export type CacheDictionarySetFieldsResponse = CacheDictionarySetFields.Response['type'];
export type CacheDictionaryIncrementResponse = CacheDictionaryIncrement.Response['type'];
export type CacheDictionaryRemoveFieldResponse = CacheDictionaryRemoveField.Response['type'];
export type CacheDictionaryRemoveFieldsResponse = CacheDictionaryRemoveFields.Response['type'];
export type CacheDictionaryLengthResponse = CacheDictionaryLength.Response['type'];
export type CacheListFetchResponse = CacheListFetch.Response['type'];
export type CacheListLengthResponse = CacheListLength.Response['type'];
export type CacheListPushBackResponse = CacheListPushBack.Response['type'];
export type CacheListPushFrontResponse = CacheListPushFront.Response['type'];
export type CacheListConcatenateBackResponse = CacheListConcatenateBack.Response['type'];
export type CacheListConcatenateFrontResponse = CacheListConcatenateFront.Response['type'];
export type CacheListPopBackResponse = CacheListPopBack.Response['type'];
export type CacheListPopFrontResponse = CacheListPopFront.Response['type'];
export type CacheListRemoveValueResponse = CacheListRemoveValue.Response['type'];
export type CacheListRetainResponse = CacheListRetain.Response['type'];
export type CacheSetAddElementResponse = CacheSetAddElement.Response['type'];
export type CacheSetAddElementsResponse = CacheSetAddElements.Response['type'];
export type CacheSetRemoveElementResponse = CacheSetRemoveElement.Response['type'];
export type CacheSetRemoveElementsResponse = CacheSetRemoveElements.Response['type'];
export type CacheSetFetchResponse = CacheSetFetch.Response['type'];
export type CacheSetSampleResponse = CacheSetSample.Response['type'];
export type CacheSetPopResponse = CacheSetPop.Response['type'];
export type CacheSetLengthResponse = CacheSetLength.Response['type'];
export type CacheSetContainsElementResponse = CacheSetContainsElement.Response['type'];
export type CacheSetContainsElementsResponse = CacheSetContainsElements.Response['type'];
export type CacheSortedSetFetchResponse = CacheSortedSetFetch.Response['type'];
export type CacheSortedSetGetRankResponse = CacheSortedSetGetRank.Response['type'];
export type CacheSortedSetGetScoreResponse = CacheSortedSetGetScore.Response['type'];
export type CacheSortedSetGetScoresResponse = CacheSortedSetGetScores.Response['type'];
export type CacheSortedSetIncrementScoreResponse = CacheSortedSetIncrementScore.Response['type'];
export type CacheSortedSetPutElementResponse = CacheSortedSetPutElement.Response['type'];
export type CacheSortedSetPutElementsResponse = CacheSortedSetPutElements.Response['type'];
export type CacheSortedSetRemoveElementResponse = CacheSortedSetRemoveElement.Response['type'];
export type CacheSortedSetRemoveElementsResponse = CacheSortedSetRemoveElements.Response['type'];
export type CacheSortedSetLengthResponse = CacheSortedSetLength.Response['type'];
export type CacheSortedSetLengthByScoreResponse = CacheSortedSetLengthByScore.Response['type'];
export type CacheSortedSetUnionStoreResponse = CacheSortedSetUnionStore.Response['type'];

/** One cache in a `listCaches` answer. */
export declare class CacheInfo {
  constructor(name: string);
  getName(): string;
}

/** The kinds of item `itemGetType` reports. */
export declare const ItemType: {
  readonly SCALAR: 0;
  readonly DICTIONARY: 1;
  readonly LIST: 2;
  readonly SET: 3;
  readonly SORTED_SET: 4;
  readonly [value: number]: 'SCALAR' | 'DICTIONARY' | 'LIST' | 'SET' | 'SORTED_SET';
};
export type ItemType = 0 | 1 | 2 | 3 | 4;

/** A collection write's TTL: seconds (null: the client's default) and whether writes refresh it. */
export declare class CollectionTtl {
  constructor(ttlSeconds?: number | null, refreshTtl?: boolean);
  ttlSeconds(): number | null;
  ttlMilliseconds(): number | null;
  refreshTtl(): boolean;
  static fromCacheTtl(): CollectionTtl;
  static of(ttlSeconds: number): CollectionTtl;
  static refreshTtlIfProvided(ttlSeconds?: number | null): CollectionTtl;
  withRefreshTtlOnUpdates(): CollectionTtl;
  withNoRefreshTtlOnUpdates(): CollectionTtl;
}

/** The order of sorted-set reads. */
export declare const SortedSetOrder: { readonly Ascending: 'ASC'; readonly Descending: 'DESC' };
export type SortedSetOrder = (typeof SortedSetOrder)[keyof typeof SortedSetOrder];
/** How `sortedSetUnionStore` combines the scores of an element found in several sources. */
export declare const SortedSetAggregate: {
  readonly SUM: 0;
  readonly MIN: 1;
  readonly MAX: 2;
  readonly [value: number]: 'SUM' | 'MIN' | 'MAX';
};
export type SortedSetAggregate = 0 | 1 | 2;
/** A source of `sortedSetUnionStore`: a sorted set and the weight its scores are multiplied by. */
export interface SortedSetSource {
  sortedSetName: string;
  weight: number;
}

// ---------------------------------------------------------------- logging

export interface MomentoLogger {
  error(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  debug(msg: string, ...args: unknown[]): void;
  trace(msg: string, ...args: unknown[]): void;
}
export interface MomentoLoggerFactory {
  getLogger(loggerName: string | { constructor: { name: string } }): MomentoLogger;
}
/** Log levels (a numeric enum with reverse names): a logger prints its level and above. */
export declare const DefaultMomentoLoggerLevel: {
  readonly TRACE: 5;
  readonly DEBUG: 10;
  readonly INFO: 20;
  readonly WARN: 30;
  readonly ERROR: 40;
  readonly [level: number]: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
};
export type DefaultMomentoLoggerLevel = 5 | 10 | 20 | 30 | 40;
/**
 * Prints `[time] LEVEL (Momento: name): message` to the console at its level and above. The
 * client logs its creation at DEBUG and each call at TRACE (operation and outcome; never a
 * key, a value or a credential).
 */
export declare class DefaultMomentoLogger implements MomentoLogger {
  constructor(loggerName: string | { constructor: { name: string } }, level?: DefaultMomentoLoggerLevel);
  readonly loggerName: string;
  readonly level: DefaultMomentoLoggerLevel;
  error(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  debug(msg: string, ...args: unknown[]): void;
  trace(msg: string, ...args: unknown[]): void;
}
/** Makes `DefaultMomentoLogger`s at one level (default INFO); the presets' default. */
export declare class DefaultMomentoLoggerFactory implements MomentoLoggerFactory {
  constructor(level?: DefaultMomentoLoggerLevel);
  getLogger(loggerName: string | { constructor: { name: string } }): DefaultMomentoLogger;
}
/** Logs nothing. */
export declare class NoopMomentoLogger implements MomentoLogger {
  error(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  debug(msg: string, ...args: unknown[]): void;
  trace(msg: string, ...args: unknown[]): void;
}
export declare class NoopMomentoLoggerFactory implements MomentoLoggerFactory {
  getLogger(loggerName: string | { constructor: { name: string } }): NoopMomentoLogger;
}

// ---------------------------------------------------------------- middlewares

/** A call as it is sent. `getMetadata()` returns a copy, without the API key. */
export interface MiddlewareRequest {
  getMetadata(): { [name: string]: string };
  /** The protobuf request message, such as `_GetRequest`. */
  getRequestType(): string;
  /** The encoded request message's size in bytes. */
  getBodySize(): number;
}
/** The response headers: always empty here (the package does not pass them on). */
export interface MiddlewareMetadata {
  toJsonString(): string;
}
/** One reply message. */
export interface MiddlewareMessage {
  /** The protobuf response message, such as `_GetResponse`. */
  responseType(): string;
  messageLength(): number;
}
/** The call's gRPC status code: 0 when it succeeded. */
export interface MiddlewareStatus {
  code(): number;
}
/**
 * One call's hooks. They observe the call: what a hook returns goes to the next handler but
 * does not change the call. A hook left out is skipped; one that throws is logged at ERROR.
 */
export interface MiddlewareRequestHandler {
  onRequest?(request: MiddlewareRequest): MiddlewareRequest;
  onResponseMetadata?(metadata: MiddlewareMetadata): MiddlewareMetadata;
  onResponseData?(response: MiddlewareMessage): MiddlewareMessage;
  onResponseStatus?(status: MiddlewareStatus): MiddlewareStatus;
  onResponseEnd?(): void;
}
export interface MiddlewareRequestHandlerContext {
  [key: symbol]: string;
}
/** Sees every call of a client, as `@gomomento/sdk-web`'s middlewares do. */
export interface Middleware {
  onNewRequest(context?: MiddlewareRequestHandlerContext): MiddlewareRequestHandler;
}

// ---------------------------------------------------------------- configuration

/** How fresh reads must be. `BALANCED`, the default, is sent as no header at all. */
export declare const ReadConcern: { readonly BALANCED: 'balanced'; readonly CONSISTENT: 'consistent' };
export type ReadConcern = (typeof ReadConcern)[keyof typeof ReadConcern];

/** The values the Rust client runs with (see `edgecache::Configuration`). */
export interface EdgecacheSettings {
  /** Each call's deadline, queueing behind the in-flight cap included. */
  readonly timeoutMillis: number;
  /** The most calls on the wire at once; further calls wait in FIFO order. */
  readonly maxConcurrentRequests: number;
  /** Retries of a failed call that is safe to repeat; 0 turns retries off. */
  readonly retryMaxAttempts: number;
  /** HTTP/2 keepalive of the native client (`null`: none); `fetch` ignores it. */
  readonly keepaliveIntervalMillis: number | null;
  readonly keepaliveTimeoutMillis: number | null;
  /** gRPC-web framing: `binary` (the default) or `text` (base64, as the official web SDK). */
  readonly framing: 'binary' | 'text';
  /** The largest response body accepted. */
  readonly maxResponseBytes: number;
  /** Sent as the `read-concern` header of data calls when not `balanced`. */
  readonly readConcern: ReadConcern;
  /**
   * Concurrent `get`s of one key share one request; a `get` made after this client started
   * any write never shares an older one. Absent means `false`.
   */
  readonly requestCoalescing?: boolean;
}

export interface ConfigurationOptions {
  throwOnErrors?: boolean;
  loggerFactory?: MomentoLoggerFactory;
  middlewares?: Middleware[];
}

export interface GrpcConfiguration {
  getDeadlineMillis(): number;
  withDeadlineMillis(deadlineMillis: number): GrpcConfiguration;
}
export interface TransportStrategy {
  getGrpcConfig(): GrpcConfiguration;
  withGrpcConfig(grpcConfig: GrpcConfiguration): TransportStrategy;
  withClientTimeoutMillis(clientTimeoutMillis: number): TransportStrategy;
}

/** A client configuration. Immutable: every `with*` returns a copy. */
export declare class Configuration {
  constructor(settings: EdgecacheSettings, options?: ConfigurationOptions);
  getSettings(): EdgecacheSettings;
  getClientTimeoutMillis(): number;
  withClientTimeoutMillis(clientTimeoutMillis: number): Configuration;
  getMaxConcurrentRequests(): number;
  withMaxConcurrentRequests(maxConcurrentRequests: number): Configuration;
  withRetryMaxAttempts(retryMaxAttempts: number): Configuration;
  getTransportStrategy(): TransportStrategy;
  /** Only the strategy's deadline (`getGrpcConfig().getDeadlineMillis()`) is used. */
  withTransportStrategy(transportStrategy: TransportStrategy): Configuration;
  getReadConcern(): ReadConcern;
  withReadConcern(readConcern: ReadConcern): Configuration;
  /** Whether concurrent `get`s of one key share one request (read-your-writes kept). */
  getRequestCoalescing(): boolean;
  withRequestCoalescing(requestCoalescing: boolean): Configuration;
  /** Whether failed calls throw their `SdkError` instead of resolving to `Error` responses. */
  getThrowOnErrors(): boolean;
  withThrowOnErrors(throwOnErrors: boolean): Configuration;
  getLoggerFactory(): MomentoLoggerFactory;
  withLoggerFactory(loggerFactory: MomentoLoggerFactory): Configuration;
  getMiddlewares(): Middleware[];
  withMiddlewares(middlewares: Middleware[]): Configuration;
}

/** A preset: `latest()` may be retuned between releases; `v1()` never changes. */
declare class Preset extends Configuration {
  static latest(loggerFactory?: MomentoLoggerFactory): Configuration;
  static v1(loggerFactory?: MomentoLoggerFactory): Configuration;
}

/** The presets, with the values of the Rust crate's `edgecache::configurations`. */
export declare namespace Configurations {
  /** A development machine far from the service: 15 s deadline, 100 in flight. */
  class Laptop extends Preset {}
  /** Browsers: 5 s deadline, 100 in flight. */
  class Browser extends Preset {}
  /** AWS Lambda: 1.1 s deadline, 100 in flight. */
  class Lambda extends Preset {}
  /** Edge workers (Cloudflare, Vercel): 1.1 s deadline, 6 in flight. */
  class Edge extends Preset {}
  /** Services in the cache's region. */
  const InRegion: {
    /** 1.1 s deadline, 100 in flight. */
    readonly Default: typeof Preset;
    /** 0.5 s deadline, 5 in flight. */
    readonly LowLatency: typeof Preset;
  };
}

// ---------------------------------------------------------------- credentials

/** Replaces the endpoints: a base endpoint, or one URL for data and control calls. */
export type EndpointOverrides =
  | { baseEndpoint: string; endpointPrefix?: string; secureConnection?: boolean }
  | { cacheEndpoint: string; controlEndpoint?: string; tokenEndpoint?: string; secureConnection?: boolean };

export interface CredentialProviderProps {
  endpointOverrides?: EndpointOverrides;
}
export interface StringMomentoApiKeyProviderProps extends CredentialProviderProps {
  apiKey: string;
}
export interface StringMomentoAuthTokenProviderProps extends CredentialProviderProps {
  authToken: string;
}
export type StringMomentoTokenProviderProps = StringMomentoApiKeyProviderProps | StringMomentoAuthTokenProviderProps;
export interface EnvMomentoTokenProviderProps extends CredentialProviderProps {
  environmentVariableName: string;
}
export interface ApiKeyV2TokenProviderProps {
  apiKey: string;
  endpoint: string;
}
export interface EnvMomentoV2TokenProviderProps {
  apiKeyEnvVar?: string;
  endpointEnvVar?: string;
}
export interface RefreshingTokenProps extends CredentialProviderProps {
  /** The first token. */
  token: { authToken: string; expiresAt: { epoch(): number } };
  /** Resolves to the next token, e.g. `() => auth.generateDisposableToken(scope, ExpiresIn.minutes(15))`. */
  fetchToken: () => Promise<{ authToken: string; expiresAt: { epoch(): number } }>;
}
export interface MomentoLocalProviderProps extends CredentialProviderProps {
  /** Default `127.0.0.1`. */
  hostname?: string;
  /** Default `8080`. */
  port?: number;
}

/**
 * Where the client connects and the key it presents. The key stays inside the WebAssembly
 * module: this object never shows it. Invalid keys throw `InvalidArgumentError`.
 */
export declare class CredentialProvider {
  protected constructor();
  static fromString(props: StringMomentoTokenProviderProps | string): StringMomentoTokenProvider;
  /** A short-lived disposable token (minted by `AuthClient.generateDisposableToken` in the official SDKs), read as `fromString` reads a key. */
  static fromDisposableToken(props: StringMomentoTokenProviderProps | string): StringMomentoTokenProvider;
  /** Reads the key from an environment variable (Node, Deno, Bun; not in Workers). */
  static fromEnvironmentVariable(props: EnvMomentoTokenProviderProps | string): EnvMomentoTokenProvider;
  static fromEnvVar(props: EnvMomentoTokenProviderProps | string): EnvMomentoTokenProvider;
  static fromApiKeyV2(props: ApiKeyV2TokenProviderProps): CredentialProvider;
  static fromEnvVarV2(props?: EnvMomentoV2TokenProviderProps): CredentialProvider;
  /** A local server at `http://hostname:port` (default `127.0.0.1:8080`), without a key. */
  static forMomentoLocal(props?: MomentoLocalProviderProps): CredentialProvider;
  /**
   * A disposable token that renews itself (edgecache's): `fetchToken()` is called a quarter of
   * the remaining life, and at least 1 s, before each expiry, and every client built from the
   * credential sends the new token from its next call on. A failed renewal is retried every
   * second while the current token is valid.
   */
  static fromRefreshingToken(props: RefreshingTokenProps): CredentialProvider;
  /** Ends the renewals of a `fromRefreshingToken` credential. */
  stopRefreshing(): void;
  getCacheEndpoint(): string;
  getControlEndpoint(): string;
  isCacheEndpointSecure(): boolean;
  isControlEndpointSecure(): boolean;
  isEndpointSecure(): boolean;
  areEndpointsOverridden(): boolean;
  /** The same endpoints, presenting `apiKey` as-is (a local server run with `--api-key`). */
  withApiKey(apiKey: string): CredentialProvider;
  /** Permits plain `http://` to hosts other than loopback. */
  allowInsecureHttp(): CredentialProvider;
  toJSON(): { cacheEndpoint: string; controlEndpoint: string };
}
/** A Momento API key (or legacy auth token): what `CredentialProvider.fromString` returns. */
export declare class StringMomentoTokenProvider extends CredentialProvider {
  constructor(props: StringMomentoTokenProviderProps | string);
}
/** A key read from an environment variable: what `CredentialProvider.fromEnvironmentVariable` returns. */
export declare class EnvMomentoTokenProvider extends CredentialProvider {
  constructor(props: EnvMomentoTokenProviderProps | string);
}

// ---------------------------------------------------------------- the client

export interface CacheClientProps {
  /** Default: `Configurations.Laptop.latest()`. */
  configuration?: Configuration;
  /** Default: `CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY')`. */
  credentialProvider?: CredentialProvider;
  /** The TTL of items written without one, in seconds. */
  defaultTtlSeconds: number;
}

export interface CancellationCallOptions {
  /** Drops the call when it fires: the fetch is aborted and the call answers `CANCELLED_ERROR`. */
  abortSignal?: AbortSignal;
}
export interface ScalarCallOptions extends CancellationCallOptions {
  /** The item's time to live, in seconds (default: the client's `defaultTtlSeconds`). */
  ttl?: number;
}
export type GetOptions = CancellationCallOptions;
export type SetOptions = ScalarCallOptions;
export type DeleteOptions = CancellationCallOptions;
export type IncrementOptions = ScalarCallOptions;
export type SetIfNotExistsOptions = ScalarCallOptions;
export type SetIfAbsentOptions = ScalarCallOptions;
export type SetIfPresentOptions = ScalarCallOptions;
export type SetIfEqualOptions = ScalarCallOptions;
export type SetIfNotEqualOptions = ScalarCallOptions;
export type SetIfPresentAndNotEqualOptions = ScalarCallOptions;
export type SetIfAbsentOrEqualOptions = ScalarCallOptions;
export type GetBatchOptions = CancellationCallOptions;
export type SetBatchOptions = ScalarCallOptions;
export type KeyExistsOptions = CancellationCallOptions;
export type ItemGetTypeOptions = CancellationCallOptions;
export type ItemGetTtlOptions = CancellationCallOptions;
export type UpdateTtlOptions = CancellationCallOptions;
export type IncreaseTtlOptions = CancellationCallOptions;
export type DecreaseTtlOptions = CancellationCallOptions;
export type GetWithHashOptions = CancellationCallOptions;
export type SetWithHashOptions = ScalarCallOptions;
export type SetIfPresentAndHashEqualOptions = ScalarCallOptions;
export type SetIfPresentAndHashNotEqualOptions = ScalarCallOptions;
export type SetIfAbsentOrHashEqualOptions = ScalarCallOptions;
export type SetIfAbsentOrHashNotEqualOptions = ScalarCallOptions;
export type ControlCallOptions = CancellationCallOptions;
export interface CollectionCallOptions extends CancellationCallOptions {
  /** The collection's TTL and whether this write refreshes it (default: `CollectionTtl.fromCacheTtl()`). */
  ttl?: CollectionTtl;
}
export type DictionarySetFieldOptions = CollectionCallOptions;
export type DictionarySetFieldsOptions = CollectionCallOptions;
export type DictionaryIncrementOptions = CollectionCallOptions;
export type DictionaryGetFieldOptions = CancellationCallOptions;
export type DictionaryFetchOptions = CancellationCallOptions;
export type DictionaryRemoveFieldOptions = CancellationCallOptions;
export type DictionaryLengthOptions = CancellationCallOptions;
export interface ListFetchCallOptions extends CancellationCallOptions {
  /** The first index read (inclusive; negative counts from the end). */
  startIndex?: number;
  /** The index reading stops before (exclusive; negative counts from the end). */
  endIndex?: number;
}
export interface ListRetainCallOptions extends CollectionCallOptions {
  startIndex?: number;
  endIndex?: number;
}
export interface FrontTruncatableCallOptions extends CollectionCallOptions {
  /** After the write, drops elements from the front until at most this many remain. */
  truncateFrontToSize?: number;
}
export interface BackTruncatableCallOptions extends CollectionCallOptions {
  /** After the write, drops elements from the back until at most this many remain. */
  truncateBackToSize?: number;
}
export type ListLengthOptions = CancellationCallOptions;
export type ListPushBackOptions = FrontTruncatableCallOptions;
export type ListPushFrontOptions = BackTruncatableCallOptions;
export type ListConcatenateBackOptions = FrontTruncatableCallOptions;
export type ListConcatenateFrontOptions = BackTruncatableCallOptions;
export type ListPopBackOptions = CancellationCallOptions;
export type ListPopFrontOptions = CancellationCallOptions;
export type ListRemoveValueOptions = CancellationCallOptions;
export type SetAddElementOptions = CollectionCallOptions;
export type SetAddElementsOptions = CollectionCallOptions;
export type SetFetchOptions = CancellationCallOptions;
export type SetContainsElementsOptions = CancellationCallOptions;
export type SetRemoveElementsOptions = CancellationCallOptions;
export type SetSampleOptions = CancellationCallOptions;
export type SetPopOptions = CancellationCallOptions;
export type SetLengthOptions = CancellationCallOptions;
export interface SortedSetFetchByRankOptions extends CancellationCallOptions {
  /** The first rank returned (inclusive; negative counts from the end). */
  startRank?: number;
  /** The rank returning stops before (exclusive; negative counts from the end). */
  endRank?: number;
  order?: SortedSetOrder;
}
export interface SortedSetFetchByScoreOptions extends CancellationCallOptions {
  /** Inclusive; unbounded when absent. */
  minScore?: number;
  /** Inclusive; unbounded when absent. */
  maxScore?: number;
  order?: SortedSetOrder;
  /** Elements of the range skipped first. */
  offset?: number;
  /** The most elements returned. */
  count?: number;
}
export interface SortedSetGetRankOptions extends CancellationCallOptions {
  order?: SortedSetOrder;
}
export interface SortedSetLengthByScoreOptions extends CancellationCallOptions {
  minScore?: number;
  maxScore?: number;
}
export interface SortedSetUnionStoreOptions extends CollectionCallOptions {
  aggregate?: SortedSetAggregate;
}
export type SortedSetPutElementOptions = CollectionCallOptions;
export type SortedSetPutElementsOptions = CollectionCallOptions;
export type SortedSetIncrementOptions = CollectionCallOptions;
export type SortedSetGetScoreOptions = CancellationCallOptions;
export type SortedSetRemoveElementOptions = CancellationCallOptions;
export type SortedSetLengthOptions = CancellationCallOptions;

/** One item of `setBatch`; `ttl` (seconds), when given, overrides the call's. */
export interface SetBatchItem {
  key: string | Uint8Array;
  value: string | Uint8Array;
  ttl?: number;
}

// The client's methods, one interface per family as the operation list in Rust groups them
// (src/js/operations.rs); tests/js/node/operations.test.mjs checks each against that list.

/** Scalar reads and writes (`cache::scalar`). */
export interface ScalarMethods {
  get(cacheName: string, key: string | Uint8Array, options?: GetOptions): Promise<CacheGet.Response>;
  set(cacheName: string, key: string | Uint8Array, value: string | Uint8Array, options?: SetOptions): Promise<CacheSet.Response>;
  delete(cacheName: string, key: string | Uint8Array, options?: DeleteOptions): Promise<CacheDelete.Response>;
  increment(cacheName: string, field: string | Uint8Array, amount?: number, options?: IncrementOptions): Promise<CacheIncrement.Response>;
  /** @deprecated use setIfAbsent. */
  setIfNotExists(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, options?: SetIfNotExistsOptions): Promise<CacheSetIfNotExists.Response>;
  setIfAbsent(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, options?: SetIfAbsentOptions): Promise<CacheSetIfAbsent.Response>;
  setIfPresent(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, options?: SetIfPresentOptions): Promise<CacheSetIfPresent.Response>;
  setIfEqual(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, equal: string | Uint8Array, options?: SetIfEqualOptions): Promise<CacheSetIfEqual.Response>;
  setIfNotEqual(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, notEqual: string | Uint8Array, options?: SetIfNotEqualOptions): Promise<CacheSetIfNotEqual.Response>;
  setIfPresentAndNotEqual(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, notEqual: string | Uint8Array, options?: SetIfPresentAndNotEqualOptions): Promise<CacheSetIfPresentAndNotEqual.Response>;
  setIfAbsentOrEqual(cacheName: string, key: string | Uint8Array, field: string | Uint8Array, equal: string | Uint8Array, options?: SetIfAbsentOrEqualOptions): Promise<CacheSetIfAbsentOrEqual.Response>;
  getBatch(cacheName: string, keys: Array<string | Uint8Array>, options?: GetBatchOptions): Promise<CacheGetBatch.Response>;
  setBatch(
    cacheName: string,
    items: Record<string, string | Uint8Array> | Map<string | Uint8Array, string | Uint8Array> | Array<SetBatchItem>,
    options?: SetBatchOptions,
  ): Promise<CacheSetBatch.Response>;
  keyExists(cacheName: string, key: string | Uint8Array, options?: KeyExistsOptions): Promise<CacheKeyExists.Response>;
  keysExist(cacheName: string, keys: string[] | Uint8Array[], options?: KeyExistsOptions): Promise<CacheKeysExist.Response>;
  itemGetType(cacheName: string, key: string | Uint8Array, options?: ItemGetTypeOptions): Promise<CacheItemGetType.Response>;
  itemGetTtl(cacheName: string, key: string | Uint8Array, options?: ItemGetTtlOptions): Promise<CacheItemGetTtl.Response>;
  updateTtl(cacheName: string, key: string | Uint8Array, ttlMilliseconds: number, options?: UpdateTtlOptions): Promise<CacheUpdateTtl.Response>;
  increaseTtl(cacheName: string, key: string | Uint8Array, ttlMilliseconds: number, options?: IncreaseTtlOptions): Promise<CacheIncreaseTtl.Response>;
  decreaseTtl(cacheName: string, key: string | Uint8Array, ttlMilliseconds: number, options?: DecreaseTtlOptions): Promise<CacheDecreaseTtl.Response>;
  getWithHash(cacheName: string, key: string | Uint8Array, options?: GetWithHashOptions): Promise<CacheGetWithHash.Response>;
  /** Stores unconditionally and answers the new value's hash. */
  setWithHash(cacheName: string, key: string | Uint8Array, value: string | Uint8Array, options?: SetWithHashOptions): Promise<CacheSetWithHash.Response>;
  setIfPresentAndHashEqual(cacheName: string, key: string | Uint8Array, value: string | Uint8Array, hashEqual: Uint8Array, options?: SetIfPresentAndHashEqualOptions): Promise<CacheSetIfPresentAndHashEqual.Response>;
  setIfPresentAndHashNotEqual(cacheName: string, key: string | Uint8Array, value: string | Uint8Array, hashNotEqual: Uint8Array, options?: SetIfPresentAndHashNotEqualOptions): Promise<CacheSetIfPresentAndHashNotEqual.Response>;
  setIfAbsentOrHashEqual(cacheName: string, key: string | Uint8Array, value: string | Uint8Array, hashEqual: Uint8Array, options?: SetIfAbsentOrHashEqualOptions): Promise<CacheSetIfAbsentOrHashEqual.Response>;
  setIfAbsentOrHashNotEqual(cacheName: string, key: string | Uint8Array, value: string | Uint8Array, hashNotEqual: Uint8Array, options?: SetIfAbsentOrHashNotEqualOptions): Promise<CacheSetIfAbsentOrHashNotEqual.Response>;
}

/** Dictionaries (`cache::dictionary`). */
export interface DictionaryMethods {
  dictionaryFetch(cacheName: string, dictionaryName: string, options?: DictionaryFetchOptions): Promise<CacheDictionaryFetch.Response>;
  dictionaryGetField(cacheName: string, dictionaryName: string, field: string | Uint8Array, options?: DictionaryGetFieldOptions): Promise<CacheDictionaryGetField.Response>;
  dictionaryGetFields(cacheName: string, dictionaryName: string, fields: string[] | Uint8Array[], options?: DictionaryGetFieldOptions): Promise<CacheDictionaryGetFields.Response>;
  dictionarySetField(cacheName: string, dictionaryName: string, field: string | Uint8Array, value: string | Uint8Array, options?: DictionarySetFieldOptions): Promise<CacheDictionarySetField.Response>;
  dictionarySetFields(
    cacheName: string,
    dictionaryName: string,
    elements: Map<string | Uint8Array, string | Uint8Array> | Record<string, string | Uint8Array> | Array<[string, string | Uint8Array]>,
    options?: DictionarySetFieldsOptions,
  ): Promise<CacheDictionarySetFields.Response>;
  dictionaryIncrement(cacheName: string, dictionaryName: string, field: string | Uint8Array, amount?: number, options?: DictionaryIncrementOptions): Promise<CacheDictionaryIncrement.Response>;
  dictionaryRemoveField(cacheName: string, dictionaryName: string, field: string | Uint8Array, options?: DictionaryRemoveFieldOptions): Promise<CacheDictionaryRemoveField.Response>;
  dictionaryRemoveFields(cacheName: string, dictionaryName: string, fields: string[] | Uint8Array[], options?: DictionaryRemoveFieldOptions): Promise<CacheDictionaryRemoveFields.Response>;
  dictionaryLength(cacheName: string, dictionaryName: string, options?: DictionaryLengthOptions): Promise<CacheDictionaryLength.Response>;
}

/** Lists (`cache::list`). */
export interface ListMethods {
  listFetch(cacheName: string, listName: string, options?: ListFetchCallOptions): Promise<CacheListFetch.Response>;
  listLength(cacheName: string, listName: string, options?: ListLengthOptions): Promise<CacheListLength.Response>;
  listPushFront(cacheName: string, listName: string, value: string | Uint8Array, options?: ListPushFrontOptions): Promise<CacheListPushFront.Response>;
  listPushBack(cacheName: string, listName: string, value: string | Uint8Array, options?: ListPushBackOptions): Promise<CacheListPushBack.Response>;
  listConcatenateBack(cacheName: string, listName: string, values: string[] | Uint8Array[], options?: ListConcatenateBackOptions): Promise<CacheListConcatenateBack.Response>;
  listConcatenateFront(cacheName: string, listName: string, values: string[] | Uint8Array[], options?: ListConcatenateFrontOptions): Promise<CacheListConcatenateFront.Response>;
  listPopBack(cacheName: string, listName: string, options?: ListPopBackOptions): Promise<CacheListPopBack.Response>;
  listPopFront(cacheName: string, listName: string, options?: ListPopFrontOptions): Promise<CacheListPopFront.Response>;
  listRemoveValue(cacheName: string, listName: string, value: string | Uint8Array, options?: ListRemoveValueOptions): Promise<CacheListRemoveValue.Response>;
  listRetain(cacheName: string, listName: string, options?: ListRetainCallOptions): Promise<CacheListRetain.Response>;
}

/** Sets (`cache::set`). */
export interface SetMethods {
  setAddElement(cacheName: string, setName: string, element: string | Uint8Array, options?: SetAddElementOptions): Promise<CacheSetAddElement.Response>;
  setAddElements(cacheName: string, setName: string, elements: string[] | Uint8Array[], options?: SetAddElementsOptions): Promise<CacheSetAddElements.Response>;
  setFetch(cacheName: string, setName: string, options?: SetFetchOptions): Promise<CacheSetFetch.Response>;
  setContainsElement(cacheName: string, setName: string, element: string | Uint8Array, options?: SetContainsElementsOptions): Promise<CacheSetContainsElement.Response>;
  setContainsElements(cacheName: string, setName: string, elements: string[] | Uint8Array[], options?: SetContainsElementsOptions): Promise<CacheSetContainsElements.Response>;
  setRemoveElement(cacheName: string, setName: string, element: string | Uint8Array, options?: SetRemoveElementsOptions): Promise<CacheSetRemoveElement.Response>;
  setRemoveElements(cacheName: string, setName: string, elements: string[] | Uint8Array[], options?: SetRemoveElementsOptions): Promise<CacheSetRemoveElements.Response>;
  setSample(cacheName: string, setName: string, limit: number, options?: SetSampleOptions): Promise<CacheSetSample.Response>;
  setPop(cacheName: string, setName: string, count: number, options?: SetPopOptions): Promise<CacheSetPop.Response>;
  setLength(cacheName: string, setName: string, options?: SetLengthOptions): Promise<CacheSetLength.Response>;
}

/** Sorted sets (`cache::sorted_set`). */
export interface SortedSetMethods {
  sortedSetFetchByRank(cacheName: string, sortedSetName: string, options?: SortedSetFetchByRankOptions): Promise<CacheSortedSetFetch.Response>;
  sortedSetFetchByScore(cacheName: string, sortedSetName: string, options?: SortedSetFetchByScoreOptions): Promise<CacheSortedSetFetch.Response>;
  sortedSetPutElement(cacheName: string, sortedSetName: string, value: string | Uint8Array, score: number, options?: SortedSetPutElementOptions): Promise<CacheSortedSetPutElement.Response>;
  sortedSetPutElements(
    cacheName: string,
    sortedSetName: string,
    elements: Map<string | Uint8Array, number> | Record<string, number> | Array<[string, number]>,
    options?: SortedSetPutElementsOptions,
  ): Promise<CacheSortedSetPutElements.Response>;
  sortedSetGetRank(cacheName: string, sortedSetName: string, value: string | Uint8Array, options?: SortedSetGetRankOptions): Promise<CacheSortedSetGetRank.Response>;
  sortedSetGetScore(cacheName: string, sortedSetName: string, value: string | Uint8Array, options?: SortedSetGetScoreOptions): Promise<CacheSortedSetGetScore.Response>;
  sortedSetGetScores(cacheName: string, sortedSetName: string, values: string[] | Uint8Array[], options?: SortedSetGetScoreOptions): Promise<CacheSortedSetGetScores.Response>;
  sortedSetIncrementScore(cacheName: string, sortedSetName: string, value: string | Uint8Array, amount?: number, options?: SortedSetIncrementOptions): Promise<CacheSortedSetIncrementScore.Response>;
  sortedSetRemoveElement(cacheName: string, sortedSetName: string, value: string | Uint8Array, options?: SortedSetRemoveElementOptions): Promise<CacheSortedSetRemoveElement.Response>;
  sortedSetRemoveElements(cacheName: string, sortedSetName: string, values: string[] | Uint8Array[], options?: SortedSetRemoveElementOptions): Promise<CacheSortedSetRemoveElements.Response>;
  sortedSetLength(cacheName: string, sortedSetName: string, options?: SortedSetLengthOptions): Promise<CacheSortedSetLength.Response>;
  sortedSetLengthByScore(cacheName: string, sortedSetName: string, options?: SortedSetLengthByScoreOptions): Promise<CacheSortedSetLengthByScore.Response>;
  sortedSetUnionStore(cacheName: string, sortedSetName: string, sources: SortedSetSource[], options?: SortedSetUnionStoreOptions): Promise<CacheSortedSetUnionStore.Response>;
}

/** Cache management and ping (`cache::control`). */
export interface ControlMethods {
  createCache(cacheName: string, options?: ControlCallOptions): Promise<CreateCache.Response>;
  deleteCache(cacheName: string, options?: ControlCallOptions): Promise<DeleteCache.Response>;
  listCaches(options?: ControlCallOptions): Promise<ListCaches.Response>;
  flushCache(cacheName: string, options?: ControlCallOptions): Promise<CacheFlush.Response>;
  /** Resolves when the service answers; throws its `SdkError` otherwise. */
  ping(options?: ControlCallOptions): Promise<void>;
}

/** The methods `cache(name)` binds: every family but control. */
type DataMethods = ScalarMethods & DictionaryMethods & ListMethods & SetMethods & SortedSetMethods;
type WithoutCacheName<F> = F extends (cacheName: string, ...rest: infer A) => infer R ? (...rest: A) => R : never;

/** A `CacheClient` bound to one cache (`client.cache(name)`). */
export type IMomentoCache = { readonly [M in keyof DataMethods]: WithoutCacheName<DataMethods[M]> };
export type MomentoCache = IMomentoCache;

/** What a cache client offers, as `@gomomento/sdk-web`'s `ICacheClient`. */
export interface ICacheClient
  extends ScalarMethods,
    DictionaryMethods,
    ListMethods,
    SetMethods,
    SortedSetMethods,
    ControlMethods {
  /** The data methods with `cacheName` fixed. */
  cache(cacheName: string): IMomentoCache;
  /** Nothing to release: connections belong to the runtime. */
  close(): void;
}

/**
 * A cache client with `@gomomento/sdk-web`'s API. Construction does no I/O. Failed calls
 * resolve to `Error` responses, or throw their `SdkError` with `withThrowOnErrors(true)`.
 */
export declare class CacheClient {
  constructor(props: CacheClientProps);
  static create(props: CacheClientProps): Promise<CacheClient>;
  readonly configuration: Configuration;
}
export interface CacheClient extends ICacheClient {}

// ---------------------------------------------------------------- auth: disposable tokens and API keys

/** Every cache (a selector). */
export declare const AllCaches: unique symbol;
/** Every topic (a selector). */
export declare const AllTopics: unique symbol;
/** Every item of a cache (a selector, disposable tokens only). */
export declare const AllCacheItems: unique symbol;

export declare const CacheRole: {
  readonly ReadWrite: 'readwrite';
  readonly ReadOnly: 'readonly';
  readonly WriteOnly: 'writeonly';
};
export type CacheRole = (typeof CacheRole)[keyof typeof CacheRole];
export declare const TopicRole: {
  readonly PublishSubscribe: 'publishsubscribe';
  readonly SubscribeOnly: 'subscribeonly';
  readonly PublishOnly: 'publishonly';
};
export type TopicRole = (typeof TopicRole)[keyof typeof TopicRole];

export type CacheSelector = typeof AllCaches | string | { name: string };
/** `{namePrefix}` is edgecache's: the protocol has it, the official SDKs do not offer it. */
export type TopicSelector = typeof AllTopics | string | { name: string } | { namePrefix: string };
export type CacheItemSelector = typeof AllCacheItems | string | { key: string | Uint8Array } | { keyPrefix: string | Uint8Array };

export interface CachePermission {
  role: CacheRole;
  cache: CacheSelector;
}
export interface TopicPermission {
  role: TopicRole;
  cache: CacheSelector;
  topic: TopicSelector;
}
export interface DisposableTokenCachePermission extends CachePermission {
  item: CacheItemSelector;
}
export interface Permissions {
  permissions: Array<CachePermission | TopicPermission>;
}
/** Cache (whole or item-level) and topic statements may mix; each keeps exactly what it says. */
export interface DisposableTokenScope {
  permissions: Array<CachePermission | DisposableTokenCachePermission | TopicPermission>;
}
export type PermissionScope = Permissions;

/** Read-write on every cache, publish-subscribe on every topic. */
export declare const AllDataReadWrite: Permissions;

export declare const PermissionScopes: {
  cacheReadWrite(cache: CacheSelector): Permissions;
  cacheReadOnly(cache: CacheSelector): Permissions;
  cacheWriteOnly(cache: CacheSelector): Permissions;
  topicPublishSubscribe(cache: CacheSelector, topic: TopicSelector): Permissions;
  topicSubscribeOnly(cache: CacheSelector, topic: TopicSelector): Permissions;
  topicPublishOnly(cache: CacheSelector, topic: TopicSelector): Permissions;
};
export declare const TokenScopes: typeof PermissionScopes;
export declare const DisposableTokenScopes: typeof PermissionScopes & {
  cacheKeyReadWrite(cache: CacheSelector, key: string | Uint8Array): DisposableTokenScope;
  cacheKeyReadOnly(cache: CacheSelector, key: string | Uint8Array): DisposableTokenScope;
  cacheKeyWriteOnly(cache: CacheSelector, key: string | Uint8Array): DisposableTokenScope;
  cacheKeyPrefixReadWrite(cache: CacheSelector, keyPrefix: string | Uint8Array): DisposableTokenScope;
  cacheKeyPrefixReadOnly(cache: CacheSelector, keyPrefix: string | Uint8Array): DisposableTokenScope;
  cacheKeyPrefixWriteOnly(cache: CacheSelector, keyPrefix: string | Uint8Array): DisposableTokenScope;
};

/** How long a minted token or key lives. */
export declare class ExpiresIn {
  static seconds(n: number): ExpiresIn;
  static minutes(n: number): ExpiresIn;
  static hours(n: number): ExpiresIn;
  static days(n: number): ExpiresIn;
  /** Until the epoch second `epoch`, counted from now. */
  static epoch(epoch: number): ExpiresIn;
  /** Never (API keys only: disposable tokens always expire). */
  static never(): ExpiresIn;
  /** The lifetime in seconds; `Infinity` for never. */
  seconds(): number;
  doesExpire(): boolean;
}
/** When a minted token or key stops working. */
export declare class ExpiresAt {
  static fromEpoch(epoch: number | null | undefined): ExpiresAt;
  /** The epoch second; `Infinity` for never. */
  epoch(): number;
  doesExpire(): boolean;
}

export declare namespace GenerateDisposableToken {
  class Success extends BaseResponseSuccess {
    readonly type: 'Success';
    /** The token, for `CredentialProvider.fromDisposableToken`. Kept out of `JSON.stringify` and `console.log`. */
    readonly authToken: string;
    readonly endpoint: string;
    readonly expiresAt: ExpiresAt;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
  type Response = Success | Error;
}
declare namespace ApiKeyAnswer {
  class Success extends BaseResponseSuccess {
    readonly type: 'Success';
    /** The key, for `CredentialProvider.fromString`. Kept out of `JSON.stringify` and `console.log`. */
    readonly apiKey: string;
    /** The same as `apiKey`. */
    readonly authToken: string;
    /** Renews the key with `refreshApiKey`. Kept out of `JSON.stringify` and `console.log`. */
    readonly refreshToken: string;
    readonly endpoint: string;
    readonly expiresAt: ExpiresAt;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
}
export declare namespace GenerateApiKey {
  class Success extends ApiKeyAnswer.Success {}
  class Error extends ApiKeyAnswer.Error {}
  type Response = Success | Error;
}
export declare namespace RefreshApiKey {
  class Success extends ApiKeyAnswer.Success {}
  class Error extends ApiKeyAnswer.Error {}
  type Response = Success | Error;
}
export declare const GenerateAuthToken: typeof GenerateApiKey;
export declare const RefreshAuthToken: typeof RefreshApiKey;
export declare const GenerateDisposableTokenResponse: TypesOf<GenerateDisposableToken.Response>;
export declare const GenerateApiKeyResponse: TypesOf<GenerateApiKey.Response>;
export declare const RefreshApiKeyResponse: TypesOf<RefreshApiKey.Response>;

export interface AuthClientProps {
  /** Default: `CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY')`. */
  credentialProvider?: CredentialProvider;
  /** Throw errors instead of resolving to `Error` responses. Default `false`. */
  throwOnErrors?: boolean;
  /** Deadline and the rest. Default: `Configurations.Laptop.latest()`. */
  configuration?: Configuration;
}
export interface DisposableTokenProps {
  /** At most 64 characters; published messages carry it as their publisher. */
  tokenId?: string;
}
export interface AuthMethods {
  generateDisposableToken(scope: DisposableTokenScope, expiresIn: ExpiresIn, props?: DisposableTokenProps): Promise<GenerateDisposableToken.Response>;
  generateApiKey(scope: PermissionScope, expiresIn: ExpiresIn): Promise<GenerateApiKey.Response>;
  refreshApiKey(refreshToken: string): Promise<RefreshApiKey.Response>;
}
/**
 * Mints disposable tokens and API keys with the credential it holds, with
 * `@gomomento/sdk-web`'s API. Construction does no I/O.
 */
export declare class AuthClient {
  constructor(props?: AuthClientProps);
  /** The same as `generateApiKey`. */
  generateAuthToken(scope: PermissionScope, expiresIn: ExpiresIn): Promise<GenerateApiKey.Response>;
  /** The same as `refreshApiKey`. */
  refreshAuthToken(refreshToken: string): Promise<RefreshApiKey.Response>;
  close(): void;
}
export interface AuthClient extends AuthMethods {}

// ---------------------------------------------------------------- topics

/** A value published to a topic, with its place in the topic. */
export declare class TopicItem {
  constructor(value: string | Uint8Array, sequenceNumber: number, options?: { tokenId?: string; sequencePage?: number });
  /** The value as published: a string or a Uint8Array. */
  value(): string | Uint8Array;
  valueString(): string;
  valueUint8Array(): Uint8Array;
  /** The publisher's disposable-token id, when it published with one. */
  tokenId(): string | undefined;
  /** One more than the item before it, within a sequence page. */
  sequenceNumber(): number;
  /** The topic's sequence page; a new page means the topic was reset. Not in sdk-web. */
  sequencePage(): number;
  toString(): string;
}
/** The server is alive and has nothing to deliver. */
export declare class TopicHeartbeat {
  toString(): string;
}
/** Items were skipped: the next one follows `newSequenceNumber()` in `newSequencePage()`. */
export declare class TopicDiscontinuity {
  constructor(lastSequenceNumber: number, newSequenceNumber: number, newSequencePage: number);
  lastSequenceNumber(): number;
  newSequenceNumber(): number;
  newSequencePage(): number;
  toString(): string;
}

export declare namespace TopicPublish {
  class Success extends BaseResponseSuccess {
    readonly type: 'Success';
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
  type Response = Success | Error;
}
export declare namespace TopicSubscribe {
  /** An open subscription: its items go to the callbacks given to `subscribe`. */
  class Subscription extends ResponseBase {
    readonly type: 'Subscription';
    /** Ends the subscription: the stream is cancelled, `onSubscriptionEnd` runs once. */
    unsubscribe(): void;
    readonly isSubscribed: boolean;
  }
  class Error extends BaseResponseError {
    readonly type: 'Error';
  }
  type Response = Subscription | Error;
}
export declare const TopicPublishResponse: TypesOf<TopicPublish.Response>;
export declare const TopicSubscribeResponse: TypesOf<TopicSubscribe.Response>;

/** The callbacks of a subscription. */
export interface SubscribeCallOptions {
  /** Each published item, once and in order. */
  onItem?: (item: TopicItem) => void;
  /** The error that ends the subscription (then `onSubscriptionEnd`). */
  onError?: (error: TopicSubscribe.Error, subscription: TopicSubscribe.Subscription) => void;
  /** Items were skipped (the server no longer held them, or the topic was reset). */
  onDiscontinuity?: (discontinuity: TopicDiscontinuity) => void;
  onHeartbeat?: (heartbeat: TopicHeartbeat) => void;
  /** Accepted for sdk-web compatibility; not called (broken streams resume without it). */
  onConnectionLost?: () => void;
  /** Once, when the subscription has ended (unsubscribed or failed for good). */
  onSubscriptionEnd?: () => void;
}

/** A topic client's configuration: a client `Configuration` (deadline, caps, retries). */
export type TopicConfiguration = Configuration;
export declare class TopicClientConfiguration extends Configuration {
  /** The Laptop preset's values, with `loggerFactory` and `throwOnErrors`. */
  constructor(props?: { loggerFactory?: MomentoLoggerFactory; throwOnErrors?: boolean });
}
/** sdk-web's topic presets plus this package's others; the values of the presets named alike. */
export declare namespace TopicConfigurations {
  /** The same as `Laptop`. */
  class Default extends Preset {}
  class Laptop extends Preset {}
  class Browser extends Preset {}
  /** Workers and edge functions: 1.1 s to open a subscription, 6 in flight. */
  class Edge extends Preset {}
  class Lambda extends Preset {}
  class InRegion extends Preset {}
}

export interface TopicClientProps {
  /** Default: `TopicConfigurations.Default.latest()`. */
  configuration?: TopicConfiguration;
  /** Default: `CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY')`. */
  credentialProvider?: CredentialProvider;
}
export interface TopicMethods {
  publish(cacheName: string, topicName: string, value: string | Uint8Array): Promise<TopicPublish.Response>;
  subscribe(cacheName: string, topicName: string, options: SubscribeCallOptions): Promise<TopicSubscribe.Response>;
}
/**
 * Publishes to and subscribes to topics, with `@gomomento/sdk-web`'s API. A subscription
 * resumes by itself after a broken stream: items come once and in order, or a
 * `TopicDiscontinuity` says what was skipped.
 */
export declare class TopicClient {
  constructor(props?: TopicClientProps);
  /** How many of this client's subscriptions are open. Not in sdk-web. */
  readonly openSubscriptions: number;
  close(): void;
}
export interface TopicClient extends TopicMethods {}
