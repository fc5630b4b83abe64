// Initialisation of the WebAssembly module, and the Rust exports the rest of the layer uses.
// Nothing here touches the network, a timer or the module at import time: the runtime entry
// points (node.js, browser.js, workerd.js, edge-light.js) call init() or initSync(); the
// `edgecache/core` entry leaves that to the application.
import initWasm, {
  authOperations,
  cacheOperations,
  initSync as initWasmSync,
  preset,
  topicOperations,
  WasmAuthClient,
  WasmCacheClient,
  WasmCredentials,
  WasmTopicClient,
} from './edgecache_wasm.js';

export {
  authOperations,
  cacheOperations,
  preset,
  topicOperations,
  WasmAuthClient,
  WasmCacheClient,
  WasmCredentials,
  WasmTopicClient,
};

let ready = false;
let initializing;
const onReady = [];

/** Runs `fn` once the module is initialised (at once if it already is). */
export function whenReady(fn) {
  if (ready) fn();
  else onReady.push(fn);
}

function becomeReady() {
  ready = true;
  for (const fn of onReady.splice(0)) fn();
}

/**
 * Initialises the WebAssembly module from a compiled `WebAssembly.Module`, its bytes, a
 * `Response`, a URL, or a promise of one of these (default: the `.wasm` beside this file).
 */
export async function init(source) {
  if (ready) return;
  initializing ??= initWasm(source === undefined ? undefined : { module_or_path: source }).then(
    () => {
      if (!ready) becomeReady();
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
  becomeReady();
}

/** Resolves once an `init()` already under way has finished (at once otherwise). */
export async function initialized() {
  if (!ready && initializing) await initializing;
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

export function requireReady() {
  if (!ready) {
    throw new Error(
      'edgecache: the WebAssembly module is not initialised; import "edgecache" (which does it), ' +
        'or call init() / initSync() from "edgecache/core" first',
    );
  }
}
