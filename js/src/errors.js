// The errors the client reports: `SdkError` and one class per error code, with the official
// SDKs' names and codes. A failed call resolves to its namespace's `Error` response holding
// one of these, or throws it when the configuration says `withThrowOnErrors(true)`.
import { requireReady } from './init.js';

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

export function sdkError({ code, message, grpcCode }) {
  const ErrorClass = ERROR_FOR_CODE[code] ?? UnknownError;
  return new ErrorClass(String(message), grpcCode ?? 0);
}

/** Runs a Rust export that throws `{type: "Error", code, message}`, rethrowing an SdkError. */
export function rethrow(fn) {
  requireReady();
  try {
    return fn();
  } catch (e) {
    throw e?.type === 'Error' ? sdkError(e) : e;
  }
}

export const errorValue = (code, message) => ({ type: 'Error', code, message });
