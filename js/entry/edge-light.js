// Vercel Edge Functions (edge-runtime): `?module` imports the .wasm as a compiled
// WebAssembly.Module; the runtime refuses to compile from bytes.
import module from './edgecache_wasm_bg.wasm?module';
import { initSync } from './edgecache.js';

initSync(module);

export * from './edgecache.js';
