// Middlewares with `@gomomento/sdk-web`'s interface: each `Middleware.onNewRequest(context)`
// returns a handler whose hooks see one call: `onRequest` as it is sent (its metadata, request
// type and size), then `onResponseMetadata`, `onResponseData` once per reply message,
// `onResponseStatus` and `onResponseEnd` when it is answered (handlers in reverse order, as
// the official SDK runs them).
//
// The hooks observe: what they return is handed to the next handler, as in the official SDK,
// but changes nothing in the call itself (a header added to the request metadata is not sent,
// a changed status is not reported to the caller), and `onResponseMetadata` receives no
// response headers (an empty object). A hook that throws is logged at error level and the
// call goes on.

/** The call as it is sent. `getMetadata()` returns a copy: the API key is never in it. */
class MiddlewareRequest {
  constructor(metadata, requestType, bodySize) {
    this._metadata = metadata;
    this._requestType = requestType;
    this._bodySize = bodySize;
  }
  getMetadata() {
    return { ...this._metadata };
  }
  /** The protobuf request message, such as `_GetRequest`. */
  getRequestType() {
    return this._requestType;
  }
  /** The encoded request message's size in bytes. */
  getBodySize() {
    return this._bodySize;
  }
}

class MiddlewareMetadata {
  constructor(metadata) {
    this._metadata = metadata;
  }
  toJsonString() {
    return JSON.stringify(this._metadata);
  }
}

/** One reply message: its protobuf type (such as `_GetResponse`) and encoded size. */
class MiddlewareMessage {
  constructor(responseType, length) {
    this._responseType = responseType;
    this._length = length;
  }
  responseType() {
    return this._responseType;
  }
  messageLength() {
    return this._length;
  }
}

/** The call's gRPC status code: 0 when it succeeded. */
class MiddlewareStatus {
  constructor(code) {
    this._code = code;
  }
  code() {
    return this._code;
  }
}

// The gRPC status of the errors the client raises itself, which carry none from the server.
const STATUS_OF = { CANCELLED_ERROR: 1, TIMEOUT_ERROR: 4, CLIENT_RESOURCE_EXHAUSTED: 8, CONNECTION_ERROR: 14 };

/**
 * The middlewares' view of one call, or undefined when there are none. `hook` goes to Rust
 * (see src/js/observe.rs), which calls it as the call is sent and answered; `answered(raw)`
 * runs the response hooks with the call's outcome.
 */
export function watchCall(middlewares, context, metadata, logger) {
  if (middlewares.length === 0) return undefined;
  // A handler may leave out hooks it has no use for.
  const run = (handler, hook, value) => {
    if (typeof handler[hook] !== 'function') return value;
    try {
      return handler[hook](value) ?? value;
    } catch (error) {
      logger.error(`middleware ${hook} threw: ${error}`);
      return value;
    }
  };
  const handlers = middlewares.map((middleware) => middleware.onNewRequest(context));
  let method;
  let replies = [];
  return {
    hook(event, a, b) {
      if (event === 'request') {
        method = a.slice(a.lastIndexOf('/') + 1);
        handlers.reduce(
          (request, h) => run(h, 'onRequest', request),
          new MiddlewareRequest(metadata, `_${method}Request`, b),
        );
      } else {
        replies = a;
      }
    },
    answered(raw) {
      // A call refused before it was sent (a bad argument) never reached the middlewares.
      if (method === undefined) return;
      const reversed = [...handlers].reverse();
      reversed.reduce((m, h) => run(h, 'onResponseMetadata', m), new MiddlewareMetadata({}));
      for (const size of replies) {
        reversed.reduce((m, h) => run(h, 'onResponseData', m), new MiddlewareMessage(`_${method}Response`, size));
      }
      const code = raw.type === 'Error' ? (raw.grpcCode ?? STATUS_OF[raw.code] ?? 2) : 0;
      reversed.reduce((s, h) => run(h, 'onResponseStatus', s), new MiddlewareStatus(code));
      for (const h of reversed) run(h, 'onResponseEnd');
    },
  };
}
