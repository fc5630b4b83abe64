// Bundles @gomomento/sdk-web for the page (vendor/sdk-web.js, gitignored), so the benchmark
// can run the official web SDK beside edgecache in the same browser tab. Skipped when the
// bundle is newer than the installed package.
//
//   node www/build.mjs [--force]
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const WWW = fileURLToPath(new URL('.', import.meta.url));
export const SDK_WEB_BUNDLE = join(WWW, 'vendor/sdk-web.js');
const SDK_WEB_PACKAGE = join(WWW, 'node_modules/@gomomento/sdk-web/package.json');

/** Whether the bundle exists and was built after the package was installed. */
export function sdkWebBundleFresh() {
  return existsSync(SDK_WEB_BUNDLE) && existsSync(SDK_WEB_PACKAGE) && statSync(SDK_WEB_BUNDLE).mtimeMs >= statSync(SDK_WEB_PACKAGE).mtimeMs;
}

/**
 * The bundle's entry. The package is CommonJS, whose exports esbuild cannot re-export by name
 * (`export *` would give the page an empty module), so the names are read from the package
 * itself and re-exported one by one, as the page imports them.
 */
function entrySource() {
  const sdkWeb = createRequire(join(WWW, 'package.json'))('@gomomento/sdk-web');
  const names = Object.keys(sdkWeb).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  return `import * as sdkWeb from '@gomomento/sdk-web';\nexport const { ${names.join(', ')} } = sdkWeb;\n`;
}

/** Builds vendor/sdk-web.js with esbuild; returns its size in bytes. */
export async function bundleSdkWeb() {
  if (!existsSync(SDK_WEB_PACKAGE)) throw new Error('@gomomento/sdk-web is not installed: run npm ci in www/');
  const { build } = await import('esbuild');
  mkdirSync(join(WWW, 'vendor'), { recursive: true });
  const result = await build({
    stdin: { contents: entrySource(), resolveDir: WWW, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    // The SDK reads process.env in a few optional paths; a browser has no process.
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: SDK_WEB_BUNDLE,
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--force') && sdkWebBundleFresh()) {
    console.log('www: vendor/sdk-web.js is up to date');
  } else {
    const bytes = await bundleSdkWeb();
    console.log(`www: bundled @gomomento/sdk-web into vendor/sdk-web.js (${(bytes / 1024).toFixed(0)} KB)`);
  }
}
