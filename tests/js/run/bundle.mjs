// Bundles a script with esbuild the way a platform's build step does: `edgecache` resolved
// through the package's exports map under the platform's conditions, and `.wasm` imports left
// as module imports (wrangler's CompiledWasm rule; Vercel's `?module`), with the .wasm copied
// beside the bundle.
import { copyFileSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { TESTS_JS } from './common.mjs';

export const WASM_FILE = 'edgecache_wasm_bg.wasm';

/**
 * `entry` bundled for `conditions`; `wasm` decides what an import of the .wasm becomes:
 * `'external'` keeps it an import (workerd), or a JS expression to substitute (edge-runtime).
 * Resolves to `{dir, file}`.
 */
export async function bundle(entry, { conditions, format = 'esm', wasm = 'external' }) {
  const dir = mkdtempSync(join(tmpdir(), 'edgecache-bundle-'));
  const file = join(dir, format === 'esm' ? 'worker.mjs' : 'worker.js');
  await build({
    entryPoints: [join(TESTS_JS, entry)],
    bundle: true,
    format,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    outfile: file,
    logLevel: 'warning',
    // The glue's default `new URL(..., import.meta.url)` is unused where a module is imported.
    logOverride: { 'empty-import-meta': 'silent' },
    plugins: [
      {
        name: 'wasm-modules',
        setup(b) {
          b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) =>
            wasm === 'external' ? { path: `./${WASM_FILE}`, external: true } : { path: args.path, namespace: 'wasm-global' },
          );
          b.onLoad({ filter: /.*/, namespace: 'wasm-global' }, () => ({ contents: `export default ${wasm};`, loader: 'js' }));
        },
      },
    ],
  });
  copyFileSync(join(realpathSync(join(TESTS_JS, 'node_modules/edgecache')), WASM_FILE), join(dir, WASM_FILE));
  return { dir, file };
}
