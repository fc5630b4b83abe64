// Browsers (and the default): fetches and compiles the .wasm beside this file at import.
// Bundlers that understand `new URL(..., import.meta.url)` ship the .wasm as an asset.
import { init } from './edgecache.js';

await init(new URL('./edgecache_wasm_bg.wasm', import.meta.url));

export * from './edgecache.js';
