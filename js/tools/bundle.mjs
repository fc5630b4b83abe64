// Bundles the JavaScript layer (js/src/, one module per concern) into the package's single
// `edgecache.js`, minified (scripts/build-pkg). The wasm-bindgen glue stays a file of its own
// beside it. Names are kept, so classes still print as themselves.
//
//   node js/tools/bundle.mjs SRC_ENTRY OUT_FILE
import { build } from 'esbuild';

const [entry, outfile] = process.argv.slice(2);
const glueStaysBeside = {
  name: 'glue-stays-beside',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\/edgecache_wasm\.js$/ }, () => ({ path: './edgecache_wasm.js', external: true }));
  },
};
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  plugins: [glueStaysBeside],
  minify: true,
  keepNames: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
});
