// Cloudflare Workers (workerd): the .wasm is imported as a compiled WebAssembly.Module, as
// Workers require; nothing is compiled from bytes and nothing runs but instantiation.
import module from './edgecache_wasm_bg.wasm';
import { initSync } from './edgecache.js';

initSync(module);

export * from './edgecache.js';
