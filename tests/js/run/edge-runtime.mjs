// Vercel's edge-runtime (npm `edge-runtime`): the scenario in its VM, which refuses to compile
// WebAssembly from bytes. The function is bundled as Vercel does (condition edge-light), so
// `edgecache` resolves to its "edge-light" entry, whose `import ... from '*.wasm?module'`
// becomes a WebAssembly.Module compiled by the host and bound into the VM.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeRuntime } from 'edge-runtime';
import { WASM_FILE, bundle } from './bundle.mjs';
import { runRuntime, within } from './common.mjs';

await runRuntime('edge-runtime', async (server) => {
  const { dir, file } = await bundle('run/edge-function.mjs', {
    conditions: ['edge-light', 'worker', 'browser'],
    format: 'iife',
    wasm: 'globalThis.__edgecache_wasm',
  });
  try {
    const module = new WebAssembly.Module(readFileSync(join(dir, WASM_FILE)));
    const runtime = new EdgeRuntime({
      // As in production: no code from strings, no WebAssembly compiled from bytes.
      codeGeneration: { strings: false, wasm: false },
      extend: (context) => Object.assign(context, { __edgecache_wasm: module }),
      initialCode: readFileSync(file, 'utf8'),
    });
    // The VM refuses bytes, so the package cannot be relying on compiling them.
    const refused = await runtime.evaluate(
      `WebAssembly.compile(new Uint8Array([0,97,115,109,1,0,0,0])).then(() => false, () => true)`,
    );
    if (!refused) throw new Error('edge-runtime compiled wasm from bytes: this run would not prove anything');
    const res = await within(150_000, runtime.dispatchFetch(`http://edge.local/?url=${encodeURIComponent(server.url)}`), 'the function');
    if (res.status !== 200) throw new Error(`the function answered ${res.status}: ${await res.text()}`);
    return await res.json();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
