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
//
// Server-streaming calls pass a sixth argument, `true`: the promise then resolves as soon as
// the response head is in, to `{status, headers, read, cancel}`. `read()` gives a promise of
// the next chunk (a Uint8Array) as it arrives, then of the trailer lines (a string) once the
// body has ended, and rejects when the stream fails; `cancel()` resets the stream. Chunks
// wait in a short queue: when the reader falls behind, the stream is paused, so HTTP/2 flow
// control holds the server back instead of memory growing here.
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

export function http2Exchange(origin, path, lines, body, maxResponseBytes, streaming) {
  if (streaming === true) return http2Stream(origin, path, lines, body);
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

/** Chunks a streaming reply holds before it pauses the stream until they are read. */
const QUEUED_CHUNKS = 16;

function http2Stream(origin, path, lines, body) {
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
    // An open stream keeps the process alive, as any open connection would.
    hold(entry);

    const queue = [];
    let waiting = null; // the pending read()'s { resolve, reject }
    let trailers = '';
    let outcome = null; // { error } or { end: true } once the stream is over
    let headSettled = false;
    let released = false;
    const finish = (result) => {
      if (outcome) return;
      outcome = result;
      if (!released) {
        released = true;
        release(entry);
      }
      if (!headSettled) {
        headSettled = true;
        reject(result.error ?? failure(origin, new Error('the stream ended before its response head')));
      }
      deliver();
    };
    // Hands the next queued chunk, or the end, to a waiting read().
    const deliver = () => {
      if (!waiting) return;
      const { resolve: give, reject: fail } = waiting;
      if (queue.length > 0) {
        waiting = null;
        give(queue.shift());
        if (queue.length < QUEUED_CHUNKS / 2 && stream.isPaused()) stream.resume();
      } else if (outcome) {
        waiting = null;
        if (outcome.error) fail(outcome.error);
        else give(trailers);
      }
    };
    const read = () =>
      new Promise((give, fail) => {
        if (waiting) return fail(new Error('read() called again before the last read settled'));
        waiting = { resolve: give, reject: fail };
        deliver();
      });
    cancel = (error = new Error('the stream was cancelled')) => {
      if (!stream.closed) stream.close(NGHTTP2_CANCEL);
      finish({ error });
    };

    stream.on('response', (h) => {
      if (headSettled) return;
      headSettled = true;
      resolve({ status: h[':status'], headers: headerLines(h), read, cancel: () => cancel() });
    });
    stream.on('trailers', (h) => {
      trailers = headerLines(h);
    });
    stream.on('data', (chunk) => {
      if (outcome) return;
      queue.push(chunk);
      if (queue.length >= QUEUED_CHUNKS) stream.pause();
      deliver();
    });
    stream.on('end', () => {
      // A reset stream (a dropped connection) ends like a finished one: tell them apart.
      if (stream.rstCode > 0) {
        return finish({ error: failure(origin, new Error(`the stream was reset (HTTP/2 code ${stream.rstCode})`)) });
      }
      finish({ end: true });
    });
    stream.on('error', (error) => finish({ error: failure(origin, error) }));
    stream.on('close', () =>
      finish({ error: failure(origin, new Error(`the stream closed before its response ended (HTTP/2 code ${stream.rstCode})`)) }),
    );
    stream.end(body);
  });
  reply.cancel = () => cancel();
  return reply;
}
