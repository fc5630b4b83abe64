// The size a user ships: the .wasm, the wasm-bindgen glue, the wrapper and one entry point,
// each gzipped (level 9) as a server or bundler would send it. Used by scripts/build-pkg and
// by the size-budget test (tests/js/node/size.test.mjs).
//
//   node js/tools/size.mjs pkg
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const SHIPPED = ['edgecache_wasm_bg.wasm', 'edgecache_wasm.js', 'edgecache.js', 'browser.js'];

export function packageSize(dir) {
  const files = SHIPPED.map((name) => {
    const bytes = readFileSync(join(dir, name));
    return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total };
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total } = packageSize(process.argv[2] ?? 'pkg');
  for (const f of files) console.log(`${f.name.padEnd(26)} ${kb(f.raw).padStart(9)} raw ${kb(f.gzip).padStart(9)} gzipped`);
  console.log(`${'total'.padEnd(26)} ${kb(total.raw).padStart(9)} raw ${kb(total.gzip).padStart(9)} gzipped (${total.gzip} bytes; @gomomento/sdk-web: 205 KB)`);
}
