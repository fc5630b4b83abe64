// Minifies the package's JavaScript in place (scripts/build-pkg): the readable sources stay in
// js/, the types in edgecache.d.ts. Names are kept, so classes still print as themselves.
//
//   node js/tools/minify.mjs DIR FILE...
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const [dir, ...files] = process.argv.slice(2);
for (const file of files) {
  const path = join(dir, file);
  const { code } = transformSync(readFileSync(path, 'utf8'), {
    minify: true,
    keepNames: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
  });
  writeFileSync(path, code);
}
