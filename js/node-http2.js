// The transport the Node entry registers in place of `fetch`: every call is one stream on a
// single HTTP/2 session per origin (h2c for http://, TLS with certificate verification for
// https://). Node's `fetch` speaks HTTP/1.1 with a connection per in-flight call and costs
// several times more per call; one multiplexed session is what the native client does too.
//
// The contract (see src/platform/web/mod.rs): `http2Exchange(origin, path, headerLines, body,
// maxResponseBytes)` returns a promise of `{status, headers, body, trailers}`. Header sets
// travel as one string of `name\nvalue\n` lines in both directions: one string crossing the
// wasm boundary instead of one per name and value. The promise carries `cancel()`, which
// resets the stream and rejects it; the wasm side calls it when the call is dropped (a
// deadline), so no AbortController is made per call. It rejects with `code`
// EDGECACHE_RESPONSE_TOO_LARGE once the body passes `maxResponseBytes` (nothing more is
// buffered).
import { connect, constants } from 'node:http2';

const { NGHTTP2_CANCEL } = constants;

/** origin → { session, active }: the live session for each origin this module talks to. */
const sessions = new Map();

// Streams get a larger window than HTTP/2's 64 KB default so a large value arrives without a
// round trip per 64 KB; the session's buffering is still bounded by maxResponseBytes per call.
const STREAM_WINDOW_BYTES = 1 << 20;
const SESSION_WINDOW_BYTES = 16 << 20;

/** The live session for `origin`, opened on first use and again after the last one ended. */
function sessionFor(origin) {
  const current = sessions.get(origin);
  if (current && !current.session.closed && !current.session.destroyed) return current;
  const session = connect(origin, { settings: { initialWindowSize: STREAM_WINDOW_BYTES } });
  const entry = { session, active: 0 };
  // After an error, a GOAWAY or a close, new calls open a fresh session; streams already on
  // this one finish or fail on their own. The 'error' listener also keeps a failed connect
  // from becoming an uncaught exception: the streams report it.
  const forget = () => {
    if (sessions.get(origin) === entry) sessions.delete(origin);
  };
  session.on('error', forget);
  session.on('goaway', forget);
  session.on('close', forget);
  session.once('connect', () => session.setLocalWindowSize(SESSION_WINDOW_BYTES));
  // An idle session must never keep the process alive; `hold` refs it while calls are open.
  session.unref();
  sessions.set(origin, entry);
  return entry;
}

function hold(entry) {
  if (entry.active++ === 0) entry.session.ref();
}

function release(entry) {
  if (--entry.active === 0) entry.session.unref();
}

/**
 * Node's header object as `name\nvalue\n` lines, pseudo-headers left out. A name or value
 * holding a newline (nghttp2 refuses them, but this is the boundary) is dropped rather than
 * allowed to shift the lines after it.
 */
function headerLines(headers) {
  let lines = '';
  for (const name of Object.keys(headers)) {
    if (name.charCodeAt(0) === 58 /* ':' */) continue;
    const value = headers[name];
    for (const v of Array.isArray(value) ? value : [value]) {
      const text = String(v);
      if (!name.includes('\n') && !text.includes('\n')) lines += `${name}\n${text}\n`;
    }
  }
  return lines;
}

/** The request's header object from `name\nvalue\n` lines. */
function requestHeaders(path, lines) {
  const headers = { ':method': 'POST', ':path': path };
  const parts = lines.split('\n');
  for (let i = 0; i + 1 < parts.length; i += 2) headers[parts[i]] = parts[i + 1];
  return headers;
}

function failure(origin, error) {
  // A stream cancelled because its session failed carries the session's reason as `cause`.
  const reason = error?.code === 'ERR_HTTP2_STREAM_CANCEL' && error.cause ? error.cause : error;
  const detail = reason?.code ? `${reason.message} (${reason.code})` : String(reason?.message ?? reason);
  return new Error(`HTTP/2 to ${origin}: ${detail}`);
}

function tooLarge(limit) {
  const error = new Error(`the response is larger than ${limit} bytes`);
  error.code = 'EDGECACHE_RESPONSE_TOO_LARGE';
  return error;
}

export function http2Exchange(origin, path, lines, body, maxResponseBytes) {
  let cancel = () => {};
  const reply = new Promise((resolve, reject) => {
    let entry;
    let stream;
    try {
      entry = sessionFor(origin);
      stream = entry.session.request(requestHeaders(path, lines));
    } catch (error) {
      return reject(failure(origin, error));
    }
    hold(entry);

    let status = 0;
    let headers = '';
    let trailers;
    const chunks = [];
    let received = 0;
    let settled = false;
    const settle = (error, value) => {
      if (settled) return;
      settled = true;
      release(entry);
      if (error) reject(error);
      else resolve(value);
    };
    cancel = (error = new Error('the call was aborted')) => {
      // RST_STREAM(CANCEL): the server stops, the session and its other streams carry on.
      if (!stream.closed) stream.close(NGHTTP2_CANCEL);
      settle(error);
    };

    stream.on('response', (h) => {
      status = h[':status'];
      headers = headerLines(h);
      if (Number(h['content-length']) > maxResponseBytes) cancel(tooLarge(maxResponseBytes));
    });
    stream.on('trailers', (h) => {
      trailers = headerLines(h);
    });
    stream.on('data', (chunk) => {
      if (settled) return;
      received += chunk.length;
      if (received > maxResponseBytes) return cancel(tooLarge(maxResponseBytes));
      chunks.push(chunk);
    });
    stream.on('end', () => {
      // A connection that drops mid-call ends its streams as if they were done, but with a
      // reset code: a partial body must fail as unavailable (and be retried), not be decoded.
      if (!status || stream.rstCode > 0) {
        return settle(failure(origin, new Error('the connection closed before the response ended')));
      }
      const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
      settle(null, { status, headers, body: whole, trailers });
    });
    stream.on('error', (error) => settle(failure(origin, error)));
    // Reached only when the stream ended without 'end' or 'error' (e.g. a reset without error).
    stream.on('close', () =>
      settle(failure(origin, new Error(`the stream closed before its response ended (HTTP/2 code ${stream.rstCode})`))),
    );
    stream.end(body);
  });
  reply.cancel = () => cancel();
  return reply;
}
