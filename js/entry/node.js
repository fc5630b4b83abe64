// Node ≥ 20, Deno and Bun: compiles the package's own .wasm (read from beside this file; no
// network) synchronously, once, when first imported. In Node, calls then go over node:http2
// (one multiplexed session per origin) instead of `fetch`; EDGECACHE_NODE_TRANSPORT=fetch
// (or http2) forces the choice. Deno and Bun resolve this entry too and keep their `fetch`.
import { readFileSync } from 'node:fs';
import { initSync } from './edgecache.js';
import { setHttpExchange } from './edgecache_wasm.js';
import { http2Exchange } from './node-http2.js';

initSync(new WebAssembly.Module(readFileSync(new URL('./edgecache_wasm_bg.wasm', import.meta.url))));

/** 'http2' or 'fetch': what carries the calls in this runtime. */
function nodeTransport() {
  const isNode =
    typeof process === 'object' &&
    typeof process.versions?.node === 'string' &&
    typeof globalThis.Deno === 'undefined' &&
    typeof globalThis.Bun === 'undefined';
  if (!isNode) return 'fetch';
  const chosen = process.env.EDGECACHE_NODE_TRANSPORT;
  if (chosen === undefined || chosen === '') return 'http2';
  if (chosen === 'http2' || chosen === 'fetch') return chosen;
  throw new Error(`edgecache: EDGECACHE_NODE_TRANSPORT must be "http2" or "fetch" (or unset), not ${JSON.stringify(chosen)}`);
}

if (nodeTransport() === 'http2') setHttpExchange(http2Exchange);

export * from './edgecache.js';
