// Node ≥ 20, Deno and Bun: compiles the package's own .wasm (read from beside this file; no
// network) synchronously, once, when first imported.
import { readFileSync } from 'node:fs';
import { initSync } from './edgecache.js';

initSync(new WebAssembly.Module(readFileSync(new URL('./edgecache_wasm_bg.wasm', import.meta.url))));

export * from './edgecache.js';
