// The page's entry for @gomomento/sdk-web, bundled whole for the browser by esbuild (its
// published package is CommonJS).
import * as sdk from '@gomomento/sdk-web';
import { sdkOps, start } from './page.mjs';

start(sdkOps('sdk-web', sdk));
