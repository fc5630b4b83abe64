// The raw limit of a JavaScript transport, the analog of h2load in the native rows: no SDK,
// only gRPC-web requests encoded once before the run and sent as they are, with just enough
// of each response read to tell a hit (or a stored value) from anything else. The workload
// (lib/workload.mjs) drives it like a client, so the raw rows have the same mix, keys, workers
// and histogram as the SDK rows. Plain ESM on web-standard APIs: the Chromium page and Node
// both load it; each brings its own `send` (fetch, node:http2).
import { CACHE, keyCount, key, valueOf } from './workload.mjs';

export const GET_PATH = '/cache_client.Scs/Get';
export const SET_PATH = '/cache_client.Scs/Set';
/** The gRPC-web request headers every SDK sends (the binary, not the text, encoding). */
export const HEADERS = { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', cache: CACHE };
/** The SDK rows' default TTL (3,600 s), in ms. */
const TTL_MS = 3_600_000;
/** ECacheResult values the checks look for (docs/protocol.md, "Encoding"). */
const RESULT_OK = 1;
const RESULT_HIT = 2;

function varint(n) {
  const out = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** A length-delimited protobuf field: tag, length, bytes. */
function bytesField(field, bytes) {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

/** The 5-byte gRPC frame (uncompressed, big-endian length) around a protobuf message. */
function frame(message) {
  const out = new Uint8Array(5 + message.length);
  new DataView(out.buffer).setUint32(1, message.length);
  out.set(message, 5);
  return out;
}

/** Body of `Get`: `_GetRequest { cache_key = 1 }`. */
export function getRequest(k) {
  return frame(bytesField(1, new TextEncoder().encode(k)));
}

/** Body of `Set`: `_SetRequest { cache_key = 1, cache_body = 2, ttl_milliseconds = 3 }`. */
export function setRequest(k, value, ttlMs = TTL_MS) {
  const message = [...bytesField(1, new TextEncoder().encode(k)), ...bytesField(2, value), 0x18, ...varint(ttlMs)];
  return frame(message);
}

/**
 * Why a gRPC-web response is not the expected first message, or null if it is. The first
 * frame must be a message (flag 0, not the 0x80 trailer frame an error status comes in)
 * whose first field is `result = 1` (varint) with the value `expected`: Hit for a Get, Ok
 * for a Set. Protobuf writes fields in order, so `result` comes first when present.
 */
export function checkResponse(status, bytes, expected) {
  if (status !== 200) return `HTTP ${status}`;
  if (bytes.length === 0) return 'empty body';
  if (bytes[0] !== 0) return `no message (frame flag ${bytes[0]}: ${trailerText(bytes)})`;
  if (bytes.length < 7 || bytes[5] !== 0x08) return 'a message without a result';
  return bytes[6] === expected ? null : `result ${bytes[6]}, expected ${expected}`;
}

/** The text of a gRPC-web trailer frame (for error messages). */
function trailerText(bytes) {
  return new TextDecoder().decode(bytes.subarray(5, 5 + 200)).trim().replace(/\r?\n/g, ', ');
}

/**
 * The workload's adapter (see workload.mjs `adapt`) over raw requests. `send(path, body)`
 * resolves to `{ status, bytes }` once the whole response is in. Every body is built here,
 * before the run, so a call costs the transport only.
 */
export function rawOps(send, valueSize) {
  const value = valueOf(valueSize);
  const bodies = new Map();
  for (let i = 0; i < keyCount(valueSize); i++) {
    const k = key(valueSize, i);
    bodies.set(k, { get: getRequest(k), set: setRequest(k, value) });
  }
  const call = async (path, k, expected) => {
    const body = bodies.get(k)?.[path === GET_PATH ? 'get' : 'set'];
    if (!body) throw new Error(`no request encoded for key ${k}`);
    const { status, bytes } = await send(path, body);
    const problem = checkResponse(status, bytes, expected);
    if (problem) throw new Error(`${path === GET_PATH ? 'get' : 'set'} ${k}: ${problem}`);
  };
  const set = (k) => call(SET_PATH, k, RESULT_OK);
  return {
    get: (k) => call(GET_PATH, k, RESULT_HIT),
    set,
    // Writing the keys before the run: one Set at a time per batch (the workload runs ten
    // batches at once), so the first calls never exceed the server's stream limit.
    setBatch: async (keys) => {
      for (const k of keys) await set(k);
    },
  };
}

/** `send` over the page's `fetch` (Chromium): the browser's own connection handling. */
export function fetchSend(url) {
  return async (path, body) => {
    const response = await fetch(url + path, { method: 'POST', headers: HEADERS, body });
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
  };
}
